//! The seven contract fixtures, read through this module: each fixture's provider message is
//! wrapped the way the agency sends it (`docs/agency-wire.md`), extracted and re-serialised
//! into `ssbt:data` here, and read back with the upstream crate's SSBTEK reader (the same
//! `interpret` functions the adapters use). It must give what the fixture itself gives, and
//! the canonical data the upstream crate's fixture tests expect.

use std::sync::{Arc, OnceLock};

use jiff::civil::date;
use underlag_domain::model::{PaymentState, PermitValidity, SourceData};
use underlag_domain::{Amount, Outcome};
use underlag_spec::Spec;

use super::*;
use crate::contract::SSBT_NS;

fn spec() -> Arc<Spec> {
    static SPEC: OnceLock<Arc<Spec>> = OnceLock::new();
    SPEC.get_or_init(|| Arc::new(Spec::embedded().unwrap()))
        .clone()
}

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../../contracts/ssbtek-v10/fixtures/{name}-response.xml",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn envelope(inner: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soap:Envelope xmlns:soap=\"{SOAP_ENV_NS}\"><soap:Body>{inner}</soap:Body></soap:Envelope>"
    )
}

/// The agency's HTTP body carrying the message that the fixture's `ssbt:data` holds.
fn agency_body(source: SourceId, xml: &str) -> RawPayload {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let data = doc
        .descendants()
        .find(|n| n.has_tag_name((SSBT_NS, "data")))
        .unwrap();
    let first = data.first_element_child().unwrap();
    let inner = &xml[data.range()];
    let inner = &inner[inner.find('>').unwrap() + 1..inner.rfind("</").unwrap()];
    let declarations: String = data
        .namespaces()
        .map(|ns| match ns.name() {
            Some(p) => format!(" xmlns:{p}=\"{}\"", ns.uri()),
            None => format!(" xmlns=\"{}\"", ns.uri()),
        })
        .collect();
    let wrap = |name: &str, ns: &str| {
        format!("<w:{name} xmlns:w=\"{ns}\"{declarations}>{inner}</w:{name}>")
    };
    let text = || first.text().unwrap().to_owned();
    let (content_type, body) = match source {
        SourceId::Fk => {
            let json = base64::engine::general_purpose::STANDARD
                .decode(text().trim())
                .unwrap();
            ("application/json", String::from_utf8(json).unwrap())
        }
        SourceId::Af => (
            "application/xml",
            wrap(
                "SvarMeddelande",
                "http://api.arbetsformedlingen.se/arbetssokande/ersattningsstod/v2",
            ),
        ),
        SourceId::Csn => (
            "text/xml; charset=utf-8",
            envelope(&format!(
                "<kf:KommunfragaResponse xmlns:kf=\"http://schema.csn.se/v4.0/kommunfraga\"><kf:svar>{}</kf:svar></kf:KommunfragaResponse>",
                text()
            )),
        ),
        SourceId::Skv => (
            "text/xml; charset=utf-8",
            envelope(&format!(
                "<ns:BeskattningsuppgifterResponse xmlns:ns=\"http://beskattningws.ws.service.bs.zg.rsv.se/\"><svar>{}</svar></ns:BeskattningsuppgifterResponse>",
                quick_xml::escape::escape(text())
            )),
        ),
        SourceId::So => (
            // Decoded from UTF-16 by the adapter; the declaration and the BOM stay.
            "text/xml; charset=utf-16",
            format!(
                "\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-16\"?>{}",
                envelope(&wrap(
                    "GetUnemploymentBenefitPaymentResponse",
                    "http://INT014.UBPService.Schemas"
                ))
                .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "")
            ),
        ),
        SourceId::Tns => (
            "text/xml; charset=utf-8",
            envelope(&wrap(
                "HamtaUppgifterResponse",
                "http://schema.transportstyrelsen.se/ssbtek/hamtauppgifterresponder/1",
            )),
        ),
        SourceId::Miv => (
            "text/xml; charset=utf-8",
            envelope(&wrap(
                "findByPersonnummerResponse",
                "http://schema.migrationsverket.se/ssbtek/1/",
            )),
        ),
        SourceId::Agi | SourceId::Kfm => panic!("{source} is not a v10 provider"),
    };
    RawPayload {
        content_type: content_type.to_owned(),
        body,
    }
}

/// The provider element this module writes for a raw payload.
fn through_soap(source: SourceId, raw: &RawPayload) -> String {
    let prepared = prepare(source, raw).unwrap();
    let mut w = XmlWriter::new().unwrap();
    let element = format!("ssbt:{}", source.code());
    w.start(&element, &[("xmlns:ssbt", SSBT_NS)]).unwrap();
    w.start("ssbt:data", &[]).unwrap();
    let mut scope = Scope::new(&[(Some("ssbt"), SSBT_NS)]);
    prepared.write(source, &mut w, &mut scope).unwrap();
    w.end("ssbt:data").unwrap();
    w.end(&element).unwrap();
    String::from_utf8(w.finish()).unwrap()
}

fn interpret(source: SourceId, xml: &str) -> Outcome {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let element = doc
        .descendants()
        .find(|n| n.has_tag_name((SSBT_NS, source.code())))
        .unwrap();
    underlag_upstream::ssbtek::interpret_source_element(&spec(), source, element)
}

/// Reads a fixture through this module and checks it reads as the fixture itself does.
fn read(source: SourceId, name: &str) -> Outcome {
    let xml = fixture(name);
    let direct = interpret(source, &xml);
    let ours = through_soap(source, &agency_body(source, &xml));
    let via_soap = interpret(source, &ours);
    assert_eq!(
        serde_json::to_value(&via_soap).unwrap(),
        serde_json::to_value(&direct).unwrap(),
        "{name}: {ours}"
    );
    via_soap
}

#[track_caller]
fn ok(outcome: Outcome) -> SourceData {
    match outcome {
        Outcome::Ok { data, .. } => *data,
        other => panic!("expected ok, got {other:?}"),
    }
}

#[test]
fn af_fixture_gives_a_registered_job_seeker() {
    let data = ok(read(SourceId::Af, "af"));
    let person = data.person.unwrap();
    assert_eq!(person.given_name.as_deref(), Some("Tolvan"));
    let seeker = data.job_seeker.unwrap();
    assert!(seeker.registered);
    assert_eq!(seeker.registered_on, Some(date(2016, 11, 18)));
    assert_eq!(seeker.extent_percent, Some(100));
    assert_eq!(seeker.unemployment_fund.as_deref(), Some("Test ak"));
}

#[test]
fn csn_fixture_is_a_known_person_without_study_support() {
    let data = ok(read(SourceId::Csn, "csn"));
    assert!(data.person.unwrap().protection.is_empty());
    assert!(data.study_support.is_empty());
    assert!(data.payments.is_empty());
}

#[test]
fn fk_fixture_is_no_match_and_its_json_is_passed_on_unchanged() {
    assert!(matches!(read(SourceId::Fk, "fk"), Outcome::NoMatch { .. }));
    let raw = agency_body(SourceId::Fk, &fixture("fk"));
    let Prepared::Text { element, text } = prepare(SourceId::Fk, &raw).unwrap() else {
        panic!("FK is text");
    };
    assert_eq!(element, "ssbt:lefiJsonSvar");
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap();
    assert_eq!(decoded, raw.body.as_bytes());
}

#[test]
fn miv_fixture_gives_one_permanent_permit() {
    let data = ok(read(SourceId::Miv, "miv"));
    assert_eq!(data.permits.len(), 1);
    let permit = &data.permits[0];
    assert_eq!(permit.case_type.code, "UAT");
    assert_eq!(permit.decision_type.as_ref().unwrap().code, "PUT");
    assert_eq!(permit.decided_on, Some(date(1998, 5, 12)));
    assert_eq!(permit.validity, Some(PermitValidity::Permanent));
}

#[test]
fn skv_fixture_gives_capital_income_for_2001() {
    let data = ok(read(SourceId::Skv, "skv"));
    assert_eq!(data.capital_income.len(), 1);
    let income = &data.capital_income[0];
    assert_eq!(income.taxation_year, 2001);
    assert_eq!(income.total_income, Amount::from_kronor(12345));
    assert_eq!(income.surplus, Amount::from_kronor(666));
}

#[test]
fn so_fixture_gives_one_fund_and_one_payment() {
    let data = ok(read(SourceId::So, "so"));
    assert_eq!(data.unemployment_funds.len(), 1);
    assert_eq!(data.payments.len(), 1);
    let payment = &data.payments[0];
    assert_eq!(payment.state, PaymentState::Effected);
    assert_eq!(payment.payout_on, Some(date(2013, 11, 23)));
    assert_eq!(payment.net_after_tax, Some(Amount::from_ore(125_050)));
}

#[test]
fn tns_fixture_gives_two_vehicles() {
    let data = ok(read(SourceId::Tns, "tns"));
    let plates: Vec<&str> = data
        .vehicles
        .iter()
        .map(|v| v.registration.as_str())
        .collect();
    assert_eq!(plates, ["ABC001", "ABC002"]);
    assert_eq!(data.vehicles[0].make.as_deref(), Some("Volvo"));
}

#[test]
fn the_payload_element_names_are_the_upstream_adapters() {
    use underlag_upstream::agencies::{af, csn, miv, skv, so, tns};
    assert_eq!(payload_element_name(SourceId::Af), af::RESPONSE_ELEMENT);
    assert_eq!(payload_element_name(SourceId::Csn), csn::RESPONSE_ELEMENT);
    assert_eq!(payload_element_name(SourceId::Skv), skv::RESPONSE_ELEMENT);
    assert_eq!(payload_element_name(SourceId::So), so::RESPONSE_ELEMENT);
    assert_eq!(payload_element_name(SourceId::Tns), tns::RESPONSE_ELEMENT);
    assert_eq!(payload_element_name(SourceId::Miv), miv::RESPONSE_ELEMENT);
}

#[test]
fn unreadable_payloads_are_reported_not_guessed() {
    let raw = |body: &str| RawPayload {
        content_type: "text/xml".to_owned(),
        body: body.to_owned(),
    };
    assert!(prepare(SourceId::Tns, &raw("<a>")).is_err());
    assert!(prepare(SourceId::Tns, &raw(&envelope("<Other/>"))).is_err());
    assert!(prepare(SourceId::Csn, &raw(&envelope("<KommunfragaResponse/>"))).is_err());
    assert!(prepare(SourceId::Fk, &raw("{")).is_err());
    let dtd =
        "<!DOCTYPE a [<!ENTITY x \"y\">]><HamtaUppgifterResponse>&x;</HamtaUppgifterResponse>";
    assert!(prepare(SourceId::Tns, &raw(dtd)).is_err());
}
