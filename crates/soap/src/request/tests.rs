//! Reading `hamtaBastjanstInformation`: every field checked, every problem named, and the
//! composite query built from it.

use base64::Engine as _;

use super::*;
use crate::contract::SSBT_NS;

const PNR: &str = "198603052393";

fn lefi(from: &str, tom: &str) -> String {
    let json = serde_json::json!({
        "personnummer": PNR,
        "period": { "from": from, "tom": tom },
        "utbetalningar": ["FK:AS"]
    });
    base64::engine::general_purpose::STANDARD.encode(json.to_string())
}

/// A request with `general` as the content of `generellaFrageparametrar` and `specific` as
/// that of `specifikaFrageparametrar`.
fn doc(general: &str, specific: &str) -> String {
    format!(
        "<ssbt:hamtaBastjanstInformation xmlns:ssbt=\"{SSBT_NS}\"><ssbt:generellaFrageparametrar>{general}</ssbt:generellaFrageparametrar><ssbt:specifikaFrageparametrar>{specific}</ssbt:specifikaFrageparametrar></ssbt:hamtaBastjanstInformation>"
    )
}

fn general(person: &str, from: &str, to: &str) -> String {
    format!(
        "<ssbt:frageTidpunkt>2026-10-31T09:30:00+01:00</ssbt:frageTidpunkt>\
         <ssbt:korrelationsid>k-1</ssbt:korrelationsid>\
         <ssbt:fraganSkallInkluderasISvaret>1</ssbt:fraganSkallInkluderasISvaret>\
         <ssbt:ingivare><ssbt:organisationsnummer>162120000142</ssbt:organisationsnummer>\
         <ssbt:namn>Exempelkommun</ssbt:namn><ssbt:handlaggare>hl</ssbt:handlaggare></ssbt:ingivare>\
         <ssbt:personidentitet>{person}</ssbt:personidentitet>\
         <ssbt:arendeidentitet>EB-1</ssbt:arendeidentitet>\
         <ssbt:tidsperiod><ssbt:fromDatum>{from}</ssbt:fromDatum><ssbt:tomDatum>{to}</ssbt:tomDatum></ssbt:tidsperiod>\
         <ssbt:personuppgiftsbitrade><ssbt:ordningsnummer>1</ssbt:ordningsnummer>\
         <ssbt:organisationsnummer>165560360793</ssbt:organisationsnummer><ssbt:namn>Biträdet AB</ssbt:namn></ssbt:personuppgiftsbitrade>\
         <ssbt:syfte>Utredning</ssbt:syfte><ssbt:lagtext>11 kap. 11 § SoL</ssbt:lagtext>"
    )
}

fn specific(fk: &str) -> String {
    format!(
        "<ssbt:AF inkludera=\"true\"><ssbt:tidsperiod><ssbt:fromDatum>2026-05-01</ssbt:fromDatum><ssbt:tomDatum>2026-06-30</ssbt:tomDatum></ssbt:tidsperiod></ssbt:AF>\
         <ssbt:CSN inkludera=\"false\"><ssbt:tidsperiod><ssbt:fromDatum>x</ssbt:fromDatum></ssbt:tidsperiod></ssbt:CSN>\
         <ssbt:FK inkludera=\"true\">{fk}</ssbt:FK><ssbt:SKV inkludera=\"1\"/><ssbt:SO inkludera=\"0\"/>\
         <ssbt:TNS inkludera=\"false\"/><ssbt:MIV inkludera=\"true\"/>"
    )
}

fn read(xml: &str) -> Result<HamtaFraga, Vec<String>> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    HamtaFraga::read(
        doc.root_element(),
        RequestLimits {
            period: PeriodRule::default(),
        },
    )
    .map_err(|f| {
        assert_eq!(f.felkod, Felkod::InvalidField);
        f.messages
    })
}

#[test]
fn a_complete_request_becomes_a_soap_query() {
    let fk = format!(
        "<ssbt:fraga><ssbt:version>v9</ssbt:version><ssbt:aktorsid>aktor-1</ssbt:aktorsid><ssbt:lefiJsonFraga>{}</ssbt:lefiJsonFraga></ssbt:fraga>",
        lefi("2026-01-01", "2026-06-30")
    );
    let fraga = read(&doc(
        &general(PNR, "2025-11-01", "2026-10-31"),
        &specific(&fk),
    ))
    .unwrap();
    assert!(fraga.echo);
    assert_eq!(fraga.korrelationsid.as_deref(), Some("k-1"));
    assert_eq!(
        fraga.frage_tidpunkt.as_deref(),
        Some("2026-10-31T09:30:00+01:00")
    );
    let query = fraga.to_query("q-1".into(), None);
    assert_eq!(query.channel, Channel::Soap);
    assert_eq!(
        query.sources.iter().copied().collect::<Vec<_>>(),
        [SourceId::Fk, SourceId::Af, SourceId::Skv, SourceId::Miv]
    );
    assert_eq!(
        query.lefi_request.as_ref().map(|l| l.actor_id.as_str()),
        Some("aktor-1")
    );
    assert_eq!(query.attribution.correlation_id.as_deref(), Some("k-1"));
    assert_eq!(query.attribution.organisation.ten_digits(), "2120000142");
    assert_eq!(query.attribution.data_processors.len(), 1);
    assert_eq!(query.attribution.data_processors[0].order, Some(1));
    assert!(query.lefi_request.is_some());
    let af = query.source_periods[&SourceId::Af];
    assert_eq!(af.to().to_string(), "2026-06-30");
    assert_eq!(query.source_periods[&SourceId::Fk].days(), 181);
    assert!(
        !query.source_periods.contains_key(&SourceId::Csn),
        "CSN not included"
    );
}

/// Mutation survivor (issue 16): only AF, CSN, SO and TNS have their own `tidsperiod` in the
/// contract; one under SKV or MIV is not read (they get the general period).
#[test]
fn a_tidsperiod_where_the_contract_has_none_is_not_read() {
    let own = "<ssbt:tidsperiod><ssbt:fromDatum>2026-05-01</ssbt:fromDatum>\
               <ssbt:tomDatum>2026-06-30</ssbt:tomDatum></ssbt:tidsperiod>";
    let specific = specific("")
        .replace(
            "<ssbt:SKV inkludera=\"1\"/>",
            &format!("<ssbt:SKV inkludera=\"1\">{own}</ssbt:SKV>"),
        )
        .replace(
            "<ssbt:MIV inkludera=\"true\"/>",
            &format!("<ssbt:MIV inkludera=\"true\">{own}</ssbt:MIV>"),
        );
    assert!(specific.contains("<ssbt:SKV inkludera=\"1\"><ssbt:tidsperiod>"));
    let fraga = read(&doc(&general(PNR, "2025-11-01", "2026-10-31"), &specific)).unwrap();
    let query = fraga.to_query("q-1".into(), None);
    assert!(query.source_periods.contains_key(&SourceId::Af));
    assert!(!query.source_periods.contains_key(&SourceId::Skv));
    assert!(!query.source_periods.contains_key(&SourceId::Miv));
}

/// Without a `fraga` the door names no actor id: the core's binding chooses one (the
/// connection's, else the configured fallback; see the registry policy's test
/// `the_lefi_actor_id_is_the_connections_then_the_requests_then_the_configured_one`).
#[test]
fn without_fk_fraga_the_configured_actor_is_used_and_no_lefi_request_is_sent() {
    let fraga = read(&doc(
        &general(PNR, "2025-11-01", "2026-10-31"),
        &specific(""),
    ))
    .unwrap();
    let query = fraga.to_query("q".into(), None);
    assert!(
        query.lefi_request.is_none(),
        "no actor id is named, so the configured one is used"
    );
    assert!(query.sources.contains(&SourceId::Fk));
}

#[test]
fn an_fk_request_breaking_lefi_rules_leaves_fk_out_and_is_reported() {
    let fk = format!(
        "<ssbt:fraga><ssbt:aktorsid>a</ssbt:aktorsid><ssbt:lefiJsonFraga>{}</ssbt:lefiJsonFraga></ssbt:fraga>",
        lefi("2023-01-01", "2026-06-30")
    );
    let fraga = read(&doc(
        &general(PNR, "2025-11-01", "2026-10-31"),
        &specific(&fk),
    ))
    .unwrap();
    assert!(
        fraga
            .lefi_refusal()
            .is_some_and(|p| p.iter().any(|m| m.contains("två år")))
    );
    let query = fraga.to_query("q".into(), None);
    assert!(!query.sources.contains(&SourceId::Fk));
    assert!(query.lefi_request.is_none());

    let v10 = "<ssbt:fraga><ssbt:version>v10</ssbt:version><ssbt:aktorsid>a</ssbt:aktorsid><ssbt:lefiJsonFraga>e30=</ssbt:lefiJsonFraga></ssbt:fraga>";
    let fraga = read(&doc(
        &general(PNR, "2025-11-01", "2026-10-31"),
        &specific(v10),
    ))
    .unwrap();
    assert!(
        fraga
            .lefi_refusal()
            .is_some_and(|p| p[0].contains("version"))
    );
}

#[test]
fn every_problem_is_named_by_its_path_at_once() {
    let broken = general("198603052394", "2026-02-01", "2026-01-01")
        .replace("162120000142", "162120000143")
        .replace("<ssbt:syfte>Utredning</ssbt:syfte>", "")
        .replace(
            "<ssbt:namn>Exempelkommun</ssbt:namn>",
            "<ssbt:namn> </ssbt:namn>",
        )
        .replace("2026-10-31T09:30:00+01:00", "igår");
    let errors = read(&doc(&broken, &specific(""))).unwrap_err();
    let expect = [
        "generellaFrageparametrar/personidentitet' har fel kontrollsiffra",
        "generellaFrageparametrar/tidsperiod' slutar före sin början",
        "generellaFrageparametrar/ingivare/organisationsnummer' har fel kontrollsiffra",
        "generellaFrageparametrar/syfte' saknas",
        "generellaFrageparametrar/ingivare/namn' får inte vara tomt",
        "generellaFrageparametrar/frageTidpunkt' är ingen giltig tidpunkt",
    ];
    for e in expect {
        assert!(errors.iter().any(|m| m.contains(e)), "{e}: {errors:#?}");
    }
    assert!(
        errors.iter().all(|m| !m.contains("198603052394")),
        "values are never echoed"
    );
}

#[test]
fn missing_sections_providers_and_attributes_are_named() {
    let errors = read(&doc(&general(PNR, "2026-01-01", "2026-02-01"), "")).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|m| m.contains("specifikaFrageparametrar/AF' saknas"))
    );
    let no_attr = specific("").replace("<ssbt:MIV inkludera=\"true\"/>", "<ssbt:MIV/>");
    let errors = read(&doc(&general(PNR, "2026-01-01", "2026-02-01"), &no_attr)).unwrap_err();
    assert!(
        errors.iter().any(|m| m.contains("MIV/@inkludera")),
        "{errors:?}"
    );
    let none = specific("")
        .replace("\"true\"", "\"false\"")
        .replace("\"1\"", "\"0\"");
    let errors = read(&doc(&general(PNR, "2026-01-01", "2026-02-01"), &none)).unwrap_err();
    assert!(errors.iter().any(|m| m.contains("Minst en bastjänst")));
    let unqualified = doc(&general(PNR, "2026-01-01", "2026-02-01"), &specific(""))
        .replace("<ssbt:personidentitet>", "<personidentitet>")
        .replace("</ssbt:personidentitet>", "</personidentitet>");
    let errors = read(&unqualified).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|m| m.contains("personidentitet' saknas (eller ligger i fel namnrymd)"))
    );
}

#[test]
fn periods_are_limited() {
    let errors = read(&doc(
        &general(PNR, "2020-01-01", "2026-02-01"),
        &specific(""),
    ))
    .unwrap_err();
    assert!(
        errors.iter().any(|m| m.contains("högst 731 dagar")),
        "{errors:?}"
    );
    let wrong_af = specific("").replace("2026-06-30", "2026-04-30");
    let errors = read(&doc(&general(PNR, "2026-01-01", "2026-02-01"), &wrong_af)).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|m| m.contains("specifikaFrageparametrar/AF/tidsperiod"))
    );
    let with_offset = general(PNR, "2026-01-01+01:00", "2026-02-01Z");
    assert!(read(&doc(&with_offset, &specific(""))).is_ok());
    // Mutation survivor (issue 16): exactly 731 days is allowed, 732 is not.
    let longest = general(PNR, "2024-06-30", "2026-06-30");
    assert!(read(&doc(&longest, &specific(""))).is_ok());
    let one_more = general(PNR, "2024-06-29", "2026-06-30");
    let errors = read(&doc(&one_more, &specific(""))).unwrap_err();
    assert!(
        errors.iter().any(|m| m.contains("högst 731 dagar")),
        "{errors:?}"
    );
}

#[test]
fn xsd_datetimes_are_recognised() {
    for ok in [
        "2026-10-31T09:30:00",
        "2026-10-31T09:30:00Z",
        "2026-10-31T09:30:00.123+01:00",
        "2026-10-31T09:30:00-05:00",
    ] {
        assert!(is_xsd_datetime(ok), "{ok}");
    }
    for bad in [
        "2026-10-31",
        "2026-10-31 09:30:00",
        "2026-13-31T09:30:00",
        "2026-10-31T09:30:00+1:00",
        "2026-10-31T09:30:00.",
        "2026-10-31T09:30:00+01:00x",
        "2026-10-31T09:30:00å",
    ] {
        assert!(!is_xsd_datetime(bad), "{bad}");
    }
}
