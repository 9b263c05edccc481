//! For every protected-identity person of the synthetic population, no address-like field
//! reaches any output: the REST answer (canonical data and raw payloads), the SSBTEK v10
//! SOAP answer, the terminal summary of `underlag query`, and the audit extracts
//! (`underlag audit export` as CSV and JSON, `underlag audit person`).

use serde_json::Value;
use underlag_sim::SyntheticPerson;
use underlag_test_support::fixtures::query;
use underlag_test_support::{Doorway, Reply, TestApp};

use crate::audit_cli::underlag;

/// The location-revealing facts the simulated agencies hold about a person.
fn location_facts(person: &SyntheticPerson) -> Vec<String> {
    let Some(fk) = person.fk.as_ref() else {
        return Vec::new();
    };
    let mut facts = Vec::new();
    if let Some(address) = &fk.address {
        facts.push(address.street.clone());
        facts.push(address.postal_code.clone());
        facts.push(address.town.clone());
    }
    // The registration county and municipality (folkbokföring) as LEFI carries them.
    facts.push(format!("\"lan\":\"{}\"", fk.registered_in.0));
    facts.push(format!("\"kommun\":\"{}\"", fk.registered_in.1));
    facts
}

fn soap_request(person: &str, (from, to): &(String, String), case_id: &str) -> String {
    // The v10 contract's providers (`underlag_soap::V10_PROVIDERS`), not Underlag's sources.
    let include = ["AF", "CSN", "FK", "SKV", "SO", "TNS", "MIV"]
        .iter()
        .map(|code| format!("<ssbt:{code} inkludera=\"true\"/>"))
        .collect::<Vec<_>>()
        .join("");
    // The FK element carries its (optional) fraga; a bare element with inkludera is valid.
    format!(
        r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ssbt="http://schema.forsakringskassan.se/integration/ssbt/10">
<soapenv:Body><ssbt:hamtaBastjanstInformation>
<ssbt:generellaFrageparametrar>
<ssbt:fraganSkallInkluderasISvaret>false</ssbt:fraganSkallInkluderasISvaret>
<ssbt:ingivare><ssbt:organisationsnummer>162120000142</ssbt:organisationsnummer><ssbt:namn>Exempelkommun</ssbt:namn><ssbt:handlaggare>hl-skydd</ssbt:handlaggare></ssbt:ingivare>
<ssbt:personidentitet>{person}</ssbt:personidentitet>
<ssbt:arendeidentitet>{case_id}</ssbt:arendeidentitet>
<ssbt:tidsperiod><ssbt:fromDatum>{from}</ssbt:fromDatum><ssbt:tomDatum>{to}</ssbt:tomDatum></ssbt:tidsperiod>
<ssbt:syfte>Utredning av rätt till ekonomiskt bistånd</ssbt:syfte>
<ssbt:lagtext>11 kap. 11 § socialtjänstlagen</ssbt:lagtext>
</ssbt:generellaFrageparametrar>
<ssbt:specifikaFrageparametrar>{include}</ssbt:specifikaFrageparametrar>
</ssbt:hamtaBastjanstInformation></soapenv:Body></soapenv:Envelope>"#
    )
}

/// The decoded text of every `lefiJsonSvar` and CSN `svar` element in a SOAP answer.
fn decoded_base64_payloads(soap: &str) -> String {
    use base64::Engine as _;
    let document = roxmltree::Document::parse(soap).expect("the SOAP answer is XML");
    document
        .descendants()
        .filter(|n| {
            n.tag_name().name() == "lefiJsonSvar"
                || (n.tag_name().name() == "svar"
                    && n.ancestors().any(|a| a.tag_name().name() == "CSN"))
        })
        .filter_map(|n| n.text())
        .filter_map(|t| {
            base64::engine::general_purpose::STANDARD
                .decode(t.trim())
                .ok()
        })
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .collect()
}

#[tokio::test]
async fn no_address_like_field_reaches_any_output_for_protected_persons() {
    let stack = TestApp::start().await;
    let persons: Vec<SyntheticPerson> = stack
        .sim
        .population()
        .protected_persons()
        .cloned()
        .collect();
    assert!(persons.len() >= 20);
    assert!(
        persons
            .iter()
            .any(|p| p.fk.as_ref().is_some_and(|f| f.address.is_some())),
        "at least one protected person has an address at FK that must be withheld"
    );
    let period = stack.last_year();
    let mut outputs_checked = 0;
    for (n, person) in persons.iter().enumerate() {
        let facts = location_facts(person);
        let pnr = person.personnummer.expose();

        // REST: canonical data and raw payloads.
        let mut body = query(pnr, period.clone());
        body["case_id"] = Value::from(format!("EB-SKYDD-REST-{n}"));
        let Reply {
            status,
            body: answer,
            ..
        } = stack.post_query(&body).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["protected"], true);
        // The answer as sent, plus every raw payload unescaped (JSON inside a JSON string).
        let mut rest = answer.to_string();
        for source in answer["sources"].as_array().unwrap() {
            if let Some(raw) = source["raw"]["body"].as_str() {
                rest.push_str(raw);
            }
        }

        // The terminal summary of `underlag query`.
        let summary = underlag::summary::render(&answer);
        assert!(summary.contains("PROTECTED IDENTITY"));

        // SOAP: the provider payloads in contract shape.
        let soap = stack
            .soap_call(&soap_request(pnr, &period, &format!("EB-SKYDD-SOAP-{n}")))
            .await;
        assert_eq!(soap.status, 200);
        let mut soap = soap.text;
        assert!(soap.contains("hamtaBastjanstInformationResponse"), "{soap}");
        // FK (lefiJsonSvar) and CSN (svar) travel base64-encoded: check them decoded too.
        soap.push_str(&decoded_base64_payloads(&soap));

        for (name, output) in [("REST", &rest), ("summary", &summary), ("SOAP", &soap)] {
            for fact in &facts {
                assert!(
                    !output.contains(fact.as_str()),
                    "{name} output leaks a location fact of protected person #{n}"
                );
            }
            outputs_checked += 1;
        }
    }

    // The audit extracts, read by the operator's commands from the same store.
    let url = stack.database_url().to_owned();
    let dir = tempfile::tempdir().unwrap();
    let csv = underlag(
        &["audit", "export", "--database", &url, "--format", "csv"],
        dir.path(),
    );
    let json = underlag(
        &["audit", "export", "--database", &url, "--format", "json"],
        dir.path(),
    );
    let mut extracts = vec![
        ("export csv", csv.ok().to_owned()),
        ("export json", json.ok().to_owned()),
    ];
    for person in persons.iter().take(5) {
        let run = underlag(
            &[
                "audit",
                "person",
                person.personnummer.expose(),
                "--database",
                &url,
            ],
            dir.path(),
        );
        extracts.push(("audit person", run.ok().to_owned()));
    }
    for (name, output) in &extracts {
        for person in &persons {
            for fact in location_facts(person) {
                assert!(
                    !output.contains(fact.as_str()),
                    "{name} leaks a location fact"
                );
            }
        }
        outputs_checked += 1;
    }
    assert!(
        extracts[0].1.contains("true"),
        "protected records are flagged in the export"
    );
    eprintln!(
        "protected outputs: {} persons, {outputs_checked} outputs checked",
        persons.len()
    );
}
