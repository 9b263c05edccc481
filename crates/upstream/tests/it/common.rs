//! Shared test helpers: the embedded specification, fixtures, a valid stand-in identity
//! number, and outcome assertions.

use std::sync::{Arc, OnceLock};

use base64::Engine as _;
use jiff::civil::date;
use underlag_domain::model::SourceData;
use underlag_domain::{Outcome, Period, Personnummer, SourceId, Violation};
use underlag_service::{QueryContext, SourceRequest};
use underlag_spec::Spec;
use underlag_test_support::fixtures::query_context;
use underlag_upstream::ssbtek;

pub(crate) use underlag_test_support::fixtures::soap_envelope as soap;

/// The identity number the published fixtures use: its check digit is wrong.
pub(crate) const FIXTURE_PNR: &str = "199001011234";
/// A valid Skatteverket test number with the same birth date.
pub(crate) const VALID_PNR: &str = "199001012385";

pub(crate) fn spec() -> Arc<Spec> {
    static SPEC: OnceLock<Arc<Spec>> = OnceLock::new();
    SPEC.get_or_init(|| Arc::new(Spec::embedded().expect("the embedded specification loads")))
        .clone()
}

/// A contract fixture's text (`af`, `csn`, …).
pub(crate) fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../../contracts/ssbtek-v10/fixtures/{name}-response.xml",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// One of the fixtures of the sources outside the v10 contract (`spec/fixtures/`), about
/// [`VALID_PNR`].
pub(crate) fn own_fixture(name: &str) -> String {
    let path = format!("{}/../../spec/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The fixture with its invalid identity number replaced by a valid test number (also inside
/// CSN's base64 `svar`).
pub(crate) fn with_valid_person(xml: &str) -> String {
    let replaced = xml.replace(FIXTURE_PNR, VALID_PNR);
    let Some(start) = replaced.find("<ssbt:svar>") else {
        return replaced;
    };
    let start = start + "<ssbt:svar>".len();
    let end = start + replaced[start..].find('<').unwrap();
    let engine = base64::engine::general_purpose::STANDARD;
    let inner = String::from_utf8(engine.decode(&replaced[start..end]).unwrap()).unwrap();
    let inner = inner.replace(&FIXTURE_PNR[2..], &VALID_PNR[2..]);
    format!(
        "{}{}{}",
        &replaced[..start],
        engine.encode(inner),
        &replaced[end..]
    )
}

/// Interprets the source element of an SSBTEK composite answer (`ssbt:AF`, …).
pub(crate) fn interpret_fixture(source: SourceId, xml: &str) -> Outcome {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let element = doc
        .descendants()
        .find(|n| n.is_element() && n.tag_name().name() == source.code())
        .expect("the fixture has the source's element");
    ssbtek::interpret_source_element(&spec(), source, element)
}

#[track_caller]
pub(crate) fn expect_ok(outcome: Outcome) -> (SourceData, Vec<Violation>) {
    match outcome {
        Outcome::Ok { data, warnings } => (*data, warnings),
        other => panic!("expected ok, got {other:#?}"),
    }
}

#[track_caller]
pub(crate) fn expect_no_match(outcome: Outcome) -> Vec<Violation> {
    match outcome {
        Outcome::NoMatch { warnings } => warnings,
        other => panic!("expected no_match, got {other:#?}"),
    }
}

#[track_caller]
pub(crate) fn expect_invalid(outcome: Outcome) -> Vec<Violation> {
    match outcome {
        Outcome::InvalidResponse { violations } => violations,
        other => panic!("expected invalid_response, got {other:#?}"),
    }
}

#[track_caller]
pub(crate) fn expect_source_error(outcome: Outcome) -> (String, String) {
    match outcome {
        Outcome::SourceError { code, message } => (code, message),
        other => panic!("expected source_error, got {other:#?}"),
    }
}

/// Whether a violation of this rule (at this path, if given) is among `violations`.
pub(crate) fn has_rule(violations: &[Violation], rule: &str, path: Option<&str>) -> bool {
    violations
        .iter()
        .any(|v| v.rule == rule && path.is_none_or(|p| v.path == p))
}

pub(crate) fn person() -> Personnummer {
    Personnummer::parse_canonical(VALID_PNR).unwrap()
}

/// A request about [`VALID_PNR`] for 2025, from an organisation whose name and purpose need
/// escaping in XML.
pub(crate) fn request() -> SourceRequest {
    SourceRequest {
        person: person(),
        period: Period::new(date(2025, 1, 1), date(2025, 12, 31)).unwrap(),
        context: QueryContext {
            organisation_name: "Testkommun & <Co>".to_owned(),
            purpose: "Beslut om försörjningsstöd".to_owned(),
            legal_basis: "SoL 11 kap. 11 a §".to_owned(),
            ..query_context()
        },
        lefi_request: None,
    }
}

/// The inner markup of the fixture's `ssbt:data` element.
fn data_inner(xml: &str) -> &str {
    let start = xml.find("<ssbt:data>").unwrap() + "<ssbt:data>".len();
    let end = xml.find("</ssbt:data>").unwrap();
    &xml[start..end]
}

/// What `fixture(source)` holds, as the agency itself would send it over HTTP (with the
/// valid stand-in identity number): SOAP envelopes, AF's plain document, LEFI's JSON.
pub(crate) fn agency_body(source: SourceId) -> Vec<u8> {
    match source {
        SourceId::Agi => return own_fixture("agi-answer.xml").into_bytes(),
        SourceId::Kfm => return own_fixture("kfm-answer.json").into_bytes(),
        _ => {}
    }
    let xml = with_valid_person(&fixture(source.slug()));
    let inner = data_inner(&xml);
    let wrap = |element: &str, namespaces: &str| {
        soap(&format!("<x:{element} {namespaces}>{inner}</x:{element}>"))
    };
    let text = match source {
        SourceId::Fk => {
            let start = inner.find('>').unwrap() + 1;
            let end = inner.rfind('<').unwrap();
            let engine = base64::engine::general_purpose::STANDARD;
            return engine.decode(inner[start..end].trim()).unwrap();
        }
        SourceId::Af => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><er:SvarMeddelande \
             xmlns:er=\"http://api.arbetsformedlingen.se/arbetssokande/ersattningsstod/v2\">{inner}</er:SvarMeddelande>"
        ),
        SourceId::Csn => {
            let svar = inner.replace("ssbt:svar", "x:svar");
            soap(&format!(
                "<x:KommunfragaResponse xmlns:x=\"http://schema.csn.se/v4.0/kommunfraga\">{svar}</x:KommunfragaResponse>"
            ))
        }
        SourceId::Skv => wrap(
            "BeskattningsuppgifterResponse",
            "xmlns:x=\"http://beskattningws.ws.service.bs.zg.rsv.se/\"",
        ),
        SourceId::So => wrap(
            "GetUnemploymentBenefitPaymentResponse",
            "xmlns:x=\"http://INT014.UBPService.Schemas\" xmlns:in=\"http://INT014.UBPService.Schemas\"",
        ),
        SourceId::Tns => wrap(
            "HamtaUppgifterResponse",
            "xmlns:x=\"http://schema.transportstyrelsen.se/ssbtek/hamtauppgifterresponder/1\" \
             xmlns:tns=\"http://schema.transportstyrelsen.se/ssbtek/hamtauppgifterresponder/1\" \
             xmlns:fordon=\"http://schema.transportstyrelsen.se/ssbtek/fordon/1\"",
        ),
        SourceId::Miv => wrap(
            "findByPersonnummerResponse",
            "xmlns:x=\"http://schema.migrationsverket.se/ssbtek/1/\"",
        ),
        SourceId::Agi | SourceId::Kfm => unreachable!("answered above"),
    };
    if source == SourceId::So {
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        return utf16;
    }
    text.into_bytes()
}

/// The content type each agency answers with.
pub(crate) fn agency_content_type(source: SourceId) -> &'static str {
    match source {
        SourceId::Fk => "application/json",
        SourceId::Af | SourceId::Agi => "application/xml",
        SourceId::Kfm => "application/json",
        SourceId::So => "text/xml; charset=utf-16",
        _ => "text/xml; charset=utf-8",
    }
}

/// Every agency's `interpret_body`.
pub(crate) fn interpret_body(source: SourceId, body: &[u8], content_type: Option<&str>) -> Outcome {
    use underlag_upstream::agencies::{af, agi, csn, fk, kfm, miv, skv, so, tns};
    let spec = spec();
    match source {
        SourceId::Fk => fk::interpret_body(&spec, body, content_type),
        SourceId::Af => af::interpret_body(&spec, body, content_type),
        SourceId::Csn => csn::interpret_body(&spec, body, content_type),
        SourceId::Skv => skv::interpret_body(&spec, body, content_type),
        SourceId::So => so::interpret_body(&spec, body, content_type),
        SourceId::Tns => tns::interpret_body(&spec, body, content_type),
        SourceId::Miv => miv::interpret_body(&spec, body, content_type),
        SourceId::Agi => agi::interpret_body(&spec, body, content_type),
        SourceId::Kfm => kfm::interpret_body(&spec, body, content_type),
    }
}
