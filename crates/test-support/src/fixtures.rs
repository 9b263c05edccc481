//! The shared test data: the Exempelkommun connection (organisation 2120000142), its data
//! processor, query bodies, the usual periods, and identity numbers from Skatteverket's
//! published test numbers.

use std::fmt::Display;
use std::sync::atomic::{AtomicU32, Ordering};

use jiff::civil::Date;
use serde_json::{Value, json};
use underlag_domain::{LefiActorId, Organisationsnummer, Period, Personnummer, SourceId};
use underlag_service::QueryContext;
use underlag_service::registry::{Connection, ConnectionStatus, Processor};

/// Exempelkommun's organisationsnummer.
pub const EXEMPELKOMMUN: &str = "2120000142";
/// Another municipality (not connected unless a test connects it).
pub const ANNAN_KOMMUN: &str = "2120000266";
/// The data processor tests register (Exempel Drift AB).
pub const EXEMPEL_DRIFT: &str = "5566778899";
/// The all-sources person of the fixed tests (`19900101-2385`, canonical form).
pub const PERSON: &str = "199001012385";
/// The purpose label a query states.
pub const PURPOSE: &str = "Utredning av rätt till ekonomiskt bistånd";

/// Exempelkommun's organisationsnummer, parsed.
pub fn exempelkommun_organisation() -> Organisationsnummer {
    Organisationsnummer::parse(EXEMPELKOMMUN).expect("a valid organisationsnummer")
}

/// Exempelkommun's connection: active, entitled to every source (with the legal basis for
/// AGI and Kronofogden, [`legal_bases`]), no certificate, no LEFI
/// actor id of its own, no data processor, no registered syfte text. Tests change what they
/// need with struct update syntax.
pub fn exempelkommun() -> Connection {
    Connection {
        organisation: exempelkommun_organisation(),
        name: "Exempelkommun".into(),
        committee_unit: "Socialnämnden, enheten för ekonomiskt bistånd".into(),
        certificate_fingerprints: Vec::new(),
        lefi_actor_id: None,
        entitled_sources: SourceId::ALL.into_iter().collect(),
        source_legal_bases: legal_bases(),
        entitled_information_types: Vec::new(),
        status: ConnectionStatus::Active,
        data_processors: Vec::new(),
        syfte_mappings: Vec::new(),
    }
}

/// The legal bases Exempelkommun holds for the sources that need one (AGI, Kronofogden).
pub fn legal_bases() -> std::collections::BTreeMap<SourceId, String> {
    SourceId::ALL
        .into_iter()
        .filter(|s| s.requires_legal_basis())
        .map(|s| (s, LEGAL_BASIS.to_owned()))
        .collect()
}

/// The legal basis text the fixtures register for AGI and Kronofogden.
pub const LEGAL_BASIS: &str =
    "Lag om uppgiftsskyldighet till socialnämnden (prop. 2024/25:179; prop. 2023/24:85)";

/// Exempel Drift AB as a data processor.
pub fn exempel_drift() -> Processor {
    Processor {
        organisation: Organisationsnummer::parse(EXEMPEL_DRIFT).expect("a valid number"),
        name: "Exempel Drift AB".into(),
    }
}

/// Case ids for [`query`]: each body is its own case.
static CASES: AtomicU32 = AtomicU32::new(1);

/// A REST query body from Exempelkommun about `person` over `from`..`to`, with a case id of
/// its own (`EB-TEST-n`), case worker `hl-test`, the first configured purpose's label and the
/// law in force as legal basis. Tests change one member at a time.
pub fn query(person: &str, (from, to): (impl Display, impl Display)) -> Value {
    let case_id = format!("EB-TEST-{}", CASES.fetch_add(1, Ordering::Relaxed));
    json!({
        "organisation": EXEMPELKOMMUN,
        "organisation_name": "Exempelkommun",
        "case_worker": "hl-test",
        "case_id": case_id,
        "purpose": PURPOSE,
        "legal_basis": underlag_gateway::settings::DEFAULT_LEGAL_BASIS,
        "person": person,
        "period": { "from": from.to_string(), "to": to.to_string() }
    })
}

/// A query about `19900101-2385` over January to October 2026, valid on the in-process
/// doors' fixed today ([`crate::FIXED_TODAY`]), a case of its own.
pub fn fixed_query() -> Value {
    query("19900101-2385", ("2026-01-01", "2026-10-31"))
}

/// A household registration body (`PUT /api/v1/cases/{case_id}/household`).
pub fn household(organisation: &str, persons: &[&str], case_worker: &str) -> Value {
    json!({
        "organisation": organisation,
        "persons": persons,
        "case_worker": case_worker
    })
}

/// The year before `reference`: from a year before it to the day before it, as ISO dates.
pub fn last_year(reference: Date) -> (String, String) {
    let from = reference.saturating_sub(jiff::Span::new().years(1));
    let to = reference.yesterday().expect("a date after the minimum");
    (from.to_string(), to.to_string())
}

/// The two years up to and including `reference` (the longest period LEFI accepts).
pub fn two_years(reference: Date) -> Period {
    let from = reference
        .saturating_sub(jiff::Span::new().years(2))
        .saturating_add(jiff::Span::new().days(1));
    Period::new(from, reference).expect("from is before reference")
}

/// A SOAP 1.1 envelope around `body`, as the agencies' SOAP services take and give them.
pub fn soap_envelope(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soap:Envelope \
         xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>{body}</soap:Body></soap:Envelope>"
    )
}

/// What an agency call carries about the asker: Exempelkommun, case worker `HL000001`, case
/// `A-1`, LEFI actor `aktor-1`, no data processor.
pub fn query_context() -> QueryContext {
    QueryContext {
        query_id: "q-1".to_owned(),
        organisation: exempelkommun_organisation(),
        organisation_name: "Exempelkommun".to_owned(),
        case_worker: "HL000001".to_owned(),
        case_id: "A-1".to_owned(),
        purpose: "Beslut om ekonomiskt bistånd".to_owned(),
        legal_basis: underlag_gateway::settings::DEFAULT_LEGAL_BASIS.to_owned(),
        data_processors: Vec::new(),
        lefi_actor_id: Some(LefiActorId::parse("aktor-1").expect("a valid actor id")),
        correlation_id: None,
    }
}

/// A valid identity number from its first 11 digits (the check digit that fits).
pub fn pnr(first11: &str) -> Personnummer {
    (0..10)
        .find_map(|d| Personnummer::parse_canonical(&format!("{first11}{d}")).ok())
        .expect("some check digit fits")
}

/// The answer's result for `id` in a REST answer.
pub fn source(answer: &Value, id: SourceId) -> &Value {
    answer["sources"]
        .as_array()
        .expect("an answer with sources")
        .iter()
        .find(|s| s["source"] == id.code())
        .expect("every source is in the answer")
}

/// The status (`ok`, `timed_out`, …) of `id` in a REST answer.
pub fn status(answer: &Value, id: SourceId) -> String {
    source(answer, id)["status"]
        .as_str()
        .expect("a status")
        .to_owned()
}
