//! Log follow-up (*logguppföljning*) over the audit store, for the configured organisation:
//! extracts per period, case worker and person, "who looked up this person", and the misuse
//! indicators of `underlag_audit::indicators` (the same functions as `underlag audit
//! indicators`). Every view is itself audited, as an `admin` record naming the viewer, before
//! anything is shown (fail closed).

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use underlag_audit::indicators::{self, Finding, Indicator, Scope};
use underlag_audit::{AuditKind, AuditRecord, ChainedRecord, Channel};
use underlag_domain::{Organisationsnummer, Period, Personnummer};
use underlag_registry::Case;
use underlag_store::AuditFilter;

use crate::format;
use crate::state::WebState;

/// At most this many records are read for one view.
pub const MAX_RECORDS: usize = 5000;

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for AuditRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditRow").finish_non_exhaustive()
    }
}

/// One audit record as a row.
pub struct AuditRow {
    /// Sequence number.
    pub seq: u64,
    /// Local time.
    pub at: String,
    /// Kind code.
    pub kind: &'static str,
    /// Kind, Swedish.
    pub kind_label: &'static str,
    /// Channel code.
    pub channel: &'static str,
    /// Case worker.
    pub case_worker: String,
    /// Case id.
    pub case_id: String,
    /// The person, readable (empty when none).
    pub person: String,
    /// Protected identity.
    pub protected: bool,
    /// Purpose.
    pub purpose: String,
    /// Sources and their outcomes, or the refusal reason.
    pub detail: String,
}

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for FindingRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FindingRow").finish_non_exhaustive()
    }
}

/// One finding.
pub struct FindingRow {
    /// Indicator code.
    pub code: &'static str,
    /// Swedish label.
    pub label: &'static str,
    /// What it concerns, in Swedish.
    pub scope: String,
    /// The measured number.
    pub count: usize,
    /// The threshold.
    pub threshold: String,
    /// The records behind it.
    pub seqs: String,
}

fn kind_label(kind: AuditKind) -> &'static str {
    match kind {
        AuditKind::Query => "Uppslag",
        AuditKind::Refused => "Nekat försök",
        AuditKind::Admin => "Administration",
        AuditKind::CaseRead => "Läsning av hushåll",
        AuditKind::NormCalculation => "Beräkningsunderlag",
        AuditKind::NormDecision => "Beslut om beräkning",
        AuditKind::Prune => "Gallring",
        AuditKind::ApplicationSubmitted => "Ansökan från sökande",
        AuditKind::ConsentGiven => "Samtycke givet",
        AuditKind::ConsentRevoked => "Samtycke återkallat",
        AuditKind::BankFetch => "Hämtning från bank med samtycke",
        AuditKind::RegisterExtract => "Registerutdrag",
    }
}

/// The Swedish label of an indicator.
pub fn indicator_label(indicator: Indicator) -> &'static str {
    match indicator {
        Indicator::OffHours => "Uppslag utanför kontorstid",
        Indicator::PersonUnderManyCases => "Person uppslagen i många ärenden",
        Indicator::CaseWithManyPersons => "Ärende med många personer",
        Indicator::OutsideOpenCase => "Uppslag utanför ett öppet ärende",
        Indicator::ManyPersonsPerDay => "Många personer per handläggare och dag",
        Indicator::RefusedAttempts => "Nekade försök",
    }
}

/// An outcome code in Swedish, short.
fn outcome_sv(code: &str) -> &str {
    match code {
        "ok" => "svar",
        "no_match" => "ingen träff",
        "not_requested" => "ej tillfrågad",
        "not_entitled" => "ej behörig",
        "timed_out" => "svarade inte",
        "unavailable" => "ej nåbar",
        "invalid_response" => "felaktigt svar",
        "source_error" => "fel hos källan",
        other => other,
    }
}

/// A record as a row.
pub fn row(r: &ChainedRecord) -> AuditRow {
    let rec = &r.record;
    let detail = match (&rec.refusal, rec.sources.is_empty()) {
        (Some(reason), _) => format!("Nekat: {reason}"),
        (None, false) => rec
            .sources
            .iter()
            .map(|s| format!("{} {}", s.source, outcome_sv(&s.outcome)))
            .collect::<Vec<_>>()
            .join(", "),
        (None, true) => String::new(),
    };
    AuditRow {
        seq: r.seq,
        at: format::timestamp_seconds(rec.at),
        kind: rec.kind.code(),
        kind_label: kind_label(rec.kind),
        channel: rec.channel.code(),
        case_worker: rec.case_worker.clone(),
        case_id: rec.case_id.clone(),
        person: rec
            .subject
            .as_ref()
            .map(|p| format::personnummer(p.expose()))
            .unwrap_or_default(),
        protected: rec.protected,
        purpose: rec.purpose.clone(),
        detail,
    }
}

/// The instants from the start of `from` to the end of `to`, Swedish local days.
pub fn local_days(from: Date, to: Date) -> Option<(Timestamp, Timestamp)> {
    let tz = underlag_service::clock::stockholm();
    let start = from.to_zoned(tz.clone()).ok()?.timestamp();
    let end = to.tomorrow().ok()?.to_zoned(tz).ok()?.timestamp();
    (start < end).then_some((start, end))
}

/// Why a view could not be produced.
#[derive(Debug)]
pub struct Unavailable;

/// Audits the view `what` by `viewer` (about `person`, over `period`), then reads the lookups
/// matching `filter` for the configured organisation (at most [`MAX_RECORDS`]; the flag says
/// whether more matched).
pub async fn audited_read(
    state: &WebState,
    viewer: &str,
    what: &str,
    person: Option<&Personnummer>,
    period: Option<Period>,
    filter: AuditFilter,
) -> Result<(Vec<ChainedRecord>, bool), Unavailable> {
    let core = &state.0;
    let organisation = &core.config.organisation;
    let mut record = AuditRecord::admin(
        uuid::Uuid::new_v4().to_string(),
        Timestamp::now(),
        Channel::Ui,
        what,
    )
    .organisation(organisation)
    .case_worker(viewer);
    if let Some(p) = person {
        record = record.subject(p);
    }
    if let Some(p) = period {
        record = record.period(p);
    }
    core.audit.append(record.build()).await.map_err(|e| {
        tracing::error!(error = %e, "a log follow-up view could not be audited");
        Unavailable
    })?;
    let filter = filter.organisation(organisation.ten_digits().to_owned());
    let mut out = Vec::new();
    let mut from = 1u64;
    loop {
        let page = core
            .audit
            .query(filter.clone().from_seq(from).limit(1000))
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "the audit store could not be read");
                Unavailable
            })?;
        let full = page.len() == 1000;
        let last = page.last().map(|r| r.seq);
        out.extend(page.into_iter().filter(|r| r.record.kind.is_lookup()));
        if out.len() > MAX_RECORDS {
            out.truncate(MAX_RECORDS);
            return Ok((out, true));
        }
        match last {
            Some(seq) if full => from = seq + 1,
            _ => return Ok((out, false)),
        }
    }
}

/// The misuse indicators over `records`, the open-case check answered from the registry.
pub async fn findings(
    state: &WebState,
    records: &[ChainedRecord],
) -> Result<Vec<FindingRow>, Unavailable> {
    let registry = &state.0.registry;
    let mut cases: BTreeMap<(String, String), Option<Case>> = BTreeMap::new();
    for r in records {
        let rec = &r.record;
        if !matches!(rec.kind, AuditKind::Query | AuditKind::CaseRead) || rec.subject.is_none() {
            continue;
        }
        let key = (rec.organisation.clone(), rec.case_id.clone());
        if cases.contains_key(&key) {
            continue;
        }
        let case = match Organisationsnummer::parse(&key.0) {
            Ok(org) => registry.case(&org, &key.1).await.map_err(|e| {
                tracing::error!(error = %e, "the case registry could not be read");
                Unavailable
            })?,
            Err(_) => None,
        };
        cases.insert(key, case);
    }
    let in_open_case = |org: &str, case_id: &str, person: &Personnummer, at: Timestamp| {
        cases
            .get(&(org.to_owned(), case_id.to_owned()))
            .and_then(Option::as_ref)
            .is_some_and(|c| {
                c.opened_at <= at && !c.is_closed_at(at) && c.household.contains(person)
            })
    };
    let found = indicators::all(records, &state.0.config.indicators, in_open_case);
    Ok(found.iter().map(finding_row).collect())
}

fn finding_row(f: &Finding) -> FindingRow {
    let scope = match &f.scope {
        Scope::CaseWorker { case_worker, .. } => format!("Handläggare {case_worker}"),
        Scope::CaseWorkerDay {
            case_worker, day, ..
        } => format!("Handläggare {case_worker}, {day}"),
        Scope::Case { case_id, .. } => format!("Ärende {case_id}"),
        Scope::Person { person, .. } => format!("Person {}", format::personnummer(person.expose())),
    };
    FindingRow {
        code: f.indicator.code(),
        label: indicator_label(f.indicator),
        scope,
        count: f.count,
        threshold: f.threshold.map(|t| t.to_string()).unwrap_or_default(),
        seqs: f
            .seqs
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}
