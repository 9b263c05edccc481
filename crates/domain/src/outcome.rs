//! The typed outcome of asking one source: an unanswered source is never read as "no data".

use jiff::Timestamp;

use crate::model::SourceData;
use crate::source::SourceId;

/// How serious a field-rule violation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The data stays usable; the deviation is reported beside it.
    Warning,
    /// The data cannot be trusted; the source's outcome becomes `invalid_response`.
    Error,
}

/// One broken field rule in a provider's answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Violation {
    /// The rule's stable id from the information specification (e.g. `AF-012`).
    pub rule: String,
    /// Where in the provider's message (e.g. `Svar/ArbetssokandeInfo/ArbetssokandeOmfattning`).
    pub path: String,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, in English, without personal data.
    pub message: String,
}

/// What came back from one source.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// The source answered with data about the person.
    Ok {
        /// The answer normalised into the canonical model.
        data: Box<SourceData>,
        /// Deviations that left the data usable.
        warnings: Vec<Violation>,
    },
    /// The source answered and knows nothing about the person.
    NoMatch {
        /// Deviations in the answer, if any.
        warnings: Vec<Violation>,
    },
    /// The caller did not ask for this source.
    NotRequested,
    /// The caller's organisation may not receive data from this source; it was not called.
    NotEntitled,
    /// The source did not answer within its time budget.
    TimedOut,
    /// The source could not be reached or answered with a transport-level failure.
    Unavailable {
        /// What went wrong, without personal data.
        reason: String,
    },
    /// The source answered, but the answer broke rules that make it untrustworthy.
    InvalidResponse {
        /// Every rule that was broken, errors and warnings alike.
        violations: Vec<Violation>,
    },
    /// The source itself reported an error.
    SourceError {
        /// The provider's own error code.
        code: String,
        /// The provider's own error text.
        message: String,
    },
}

impl Outcome {
    /// The outcome's name as used on the wire and in the audit (`ok`, `no_match`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Ok { .. } => "ok",
            Outcome::NoMatch { .. } => "no_match",
            Outcome::NotRequested => "not_requested",
            Outcome::NotEntitled => "not_entitled",
            Outcome::TimedOut => "timed_out",
            Outcome::Unavailable { .. } => "unavailable",
            Outcome::InvalidResponse { .. } => "invalid_response",
            Outcome::SourceError { .. } => "source_error",
        }
    }

    /// Whether the source gave a trustworthy answer (data or a definite "no match").
    pub fn answered(&self) -> bool {
        matches!(self, Outcome::Ok { .. } | Outcome::NoMatch { .. })
    }
}

/// The provider's payload exactly as received, kept for traceability.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RawPayload {
    /// The media type the provider sent (`application/json`, `text/xml`, …).
    pub content_type: String,
    /// The body as text (lossy UTF-8 if the provider sent invalid bytes).
    pub body: String,
}

/// One source's part of a composite answer.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SourceResult {
    /// Which source.
    pub source: SourceId,
    /// What it answered.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// Time from the first attempt to the final outcome, in milliseconds.
    pub latency_ms: Option<u64>,
    /// When the final answer was received.
    pub retrieved_at: Option<Timestamp>,
    /// How many calls were made (0 when the source was not called).
    pub attempts: u32,
    /// The provider's raw payload, when one was received.
    pub raw: Option<RawPayload>,
}

impl SourceResult {
    /// A result for a source that was not called at all.
    pub fn not_called(source: SourceId, outcome: Outcome) -> Self {
        Self {
            source,
            outcome,
            latency_ms: None,
            retrieved_at: None,
            attempts: 0,
            raw: None,
        }
    }
}
