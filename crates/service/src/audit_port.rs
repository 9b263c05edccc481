//! The audit port: every answered query and every refused attempt is written here before
//! anything is returned. If writing fails, the caller gets no data (fail closed).

use async_trait::async_trait;
use jiff::Timestamp;
use underlag_domain::{Period, Personnummer, SourceResult};

use crate::port::QueryContext;
use crate::query::Channel;

/// What the audit needs to know about one query or attempt.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    /// The query's id.
    pub query_id: String,
    /// When it was received.
    pub at: Timestamp,
    /// Which door it came in through.
    pub channel: Channel,
    /// Who asked and why. For refusals of malformed requests only what could be read.
    pub context: AuditContext,
    /// The person asked about.
    pub subject: Personnummer,
    /// The period asked about.
    pub period: Period,
    /// Per-source outcomes (empty for a refused attempt).
    pub sources: Vec<SourceSummary>,
    /// Whether the person is protected (the record is sensitive).
    pub protected: bool,
    /// Why the attempt was refused, when it was.
    pub refusal: Option<String>,
}

/// The who-and-why of an audit event.
#[derive(Debug, Clone)]
pub struct AuditContext {
    /// Organisationsnummer of the asking organisation (12-digit contract form).
    pub organisation: String,
    /// Case worker.
    pub case_worker: String,
    /// Case id.
    pub case_id: String,
    /// Purpose.
    pub purpose: String,
    /// Legal basis.
    pub legal_basis: String,
    /// Data processors, as `orgnr name`.
    pub data_processors: Vec<String>,
}

impl From<&QueryContext> for AuditContext {
    fn from(c: &QueryContext) -> Self {
        Self {
            organisation: c.organisation.sixteen_form(),
            case_worker: c.case_worker.clone(),
            case_id: c.case_id.clone(),
            purpose: c.purpose.clone(),
            legal_basis: c.legal_basis.clone(),
            data_processors: c
                .data_processors
                .iter()
                .map(|p| format!("{} {}", p.organisation.sixteen_form(), p.name))
                .collect(),
        }
    }
}

/// One source's line in the audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSummary {
    /// Source code (`FK`, …).
    pub source: &'static str,
    /// Outcome kind (`ok`, `timed_out`, …).
    pub outcome: &'static str,
    /// Latency in milliseconds, when called.
    pub latency_ms: Option<u64>,
    /// Number of calls made.
    pub attempts: u32,
}

impl From<&SourceResult> for SourceSummary {
    fn from(r: &SourceResult) -> Self {
        Self {
            source: r.source.code(),
            outcome: r.outcome.kind(),
            latency_ms: r.latency_ms,
            attempts: r.attempts,
        }
    }
}

/// The audit could not be written.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the audit store could not record the query: {0}")]
pub struct AuditFailure(pub String);

/// Where audit events go. Implemented over the audit store by the composition root.
#[async_trait]
pub trait AuditSink: Send + Sync + 'static {
    /// Appends durably; returns the record's sequence number in the chain.
    async fn append(&self, event: AuditEvent) -> Result<u64, AuditFailure>;
}
