//! Shared test helpers: the embedded specification, fixtures, a valid stand-in identity
//! number, and outcome assertions.

use std::sync::{Arc, OnceLock};

use base64::Engine as _;
use jiff::civil::date;
use underlag_domain::model::SourceData;
use underlag_domain::{Organisationsnummer, Outcome, Period, Personnummer, SourceId, Violation};
use underlag_service::{QueryContext, SourceRequest};
use underlag_spec::Spec;
use underlag_upstream::ssbtek;

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

/// The fixture with its invalid identity number replaced by a valid test number (also inside
/// CSN's base64 `svar`).
pub(crate) fn with_valid_person(xml: &str) -> String {
    let replaced = xml.replace(FIXTURE_PNR, VALID_PNR);
    let Some(start) = replaced.find("<ssbt:svar>") else { return replaced };
    let start = start + "<ssbt:svar>".len();
    let end = start + replaced[start..].find('<').unwrap();
    let engine = base64::engine::general_purpose::STANDARD;
    let inner = String::from_utf8(engine.decode(&replaced[start..end]).unwrap()).unwrap();
    let inner = inner.replace(&FIXTURE_PNR[2..], &VALID_PNR[2..]);
    format!("{}{}{}", &replaced[..start], engine.encode(inner), &replaced[end..])
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
    violations.iter().any(|v| v.rule == rule && path.is_none_or(|p| v.path == p))
}

pub(crate) fn person() -> Personnummer {
    Personnummer::parse_canonical(VALID_PNR).unwrap()
}

/// A request about [`VALID_PNR`] for 2025.
pub(crate) fn request() -> SourceRequest {
    SourceRequest {
        person: person(),
        period: Period::new(date(2025, 1, 1), date(2025, 12, 31)).unwrap(),
        context: QueryContext {
            query_id: "q-1".to_owned(),
            organisation: Organisationsnummer::parse("2120000142").unwrap(),
            organisation_name: "Testkommun & <Co>".to_owned(),
            case_worker: "HL000001".to_owned(),
            case_id: "A-1".to_owned(),
            purpose: "Beslut om försörjningsstöd".to_owned(),
            legal_basis: "SoL 11 kap. 11 a §".to_owned(),
            data_processors: Vec::new(),
            lefi_actor_id: "aktor-1".to_owned(),
            correlation_id: None,
        },
        lefi_request: None,
    }
}

/// Wraps a body element in a SOAP 1.1 envelope.
pub(crate) fn soap(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soap:Envelope \
         xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>{body}</soap:Body></soap:Envelope>"
    )
}
