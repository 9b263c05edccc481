//! Ports: the traits the orchestrator needs from the outside world (agencies, audit).
//!
//! Adapters live in other crates (`underlag-upstream`, `underlag-store`); this crate only
//! states what it needs, so the core can be tested without network or database.

use async_trait::async_trait;
/// The caller as the transport proved it; lives in the domain so `underlag-tls` needs no core.
pub use underlag_domain::CallerIdentity;
use underlag_domain::{
    LefiActorId, Organisationsnummer, Outcome, Period, Personnummer, RawPayload, SourceId,
};

/// Who asks, for which case and why, as every agency is told (the contract requires it): the
/// request's attribution with what the binding decided (the purpose as recorded, the LEFI
/// actor id). Built by the core for an admitted query.
#[derive(Debug, Clone)]
pub struct QueryContext {
    /// Unique id of this composite query (also the audit record's id).
    pub query_id: String,
    /// The asking organisation (the municipality).
    pub organisation: Organisationsnummer,
    /// The organisation's name.
    pub organisation_name: String,
    /// The case worker's user id or name (handläggare).
    pub case_worker: String,
    /// The case id, unique within the organisation (ärendeidentitet).
    pub case_id: String,
    /// The purpose of the query (syfte).
    pub purpose: String,
    /// The secrecy-breaking provision relied on (lagtext).
    pub legal_basis: String,
    /// Data processors acting for the organisation (personuppgiftsbiträden).
    pub data_processors: Vec<DataProcessor>,
    /// The LEFI actor id (aktörsid) the binding chose for the FK source; `None` when there is
    /// none (no registered, requested or configured one).
    pub lefi_actor_id: Option<LefiActorId>,
    /// The caller's correlation id, echoed to agencies that carry one.
    pub correlation_id: Option<String>,
}

/// A data processor (personuppgiftsbiträde) acting for the organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataProcessor {
    /// Order number, when several are given.
    pub order: Option<i16>,
    /// Its organisationsnummer.
    pub organisation: Organisationsnummer,
    /// Its name.
    pub name: String,
}

/// One call to one source.
#[derive(Debug, Clone)]
pub struct SourceRequest {
    /// The person asked about.
    pub person: Personnummer,
    /// The period asked about (the per-source override, if one was given).
    pub period: Period,
    /// Who asks and why.
    pub context: QueryContext,
    /// A caller-supplied LEFI v9 request body (SOAP `lefiJsonFraga`), forwarded as is to the
    /// FK source instead of the request the adapter would build. Ignored by other sources.
    pub lefi_request: Option<serde_json::Value>,
}

/// What an adapter got back from its agency, interpreted.
#[derive(Debug, Clone)]
pub struct Answer {
    /// `Ok`, `NoMatch`, `InvalidResponse` or `SourceError`; never a transport failure.
    pub outcome: Outcome,
    /// The payload as received.
    pub raw: RawPayload,
}

/// A failure to get an answer at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The agency could not be reached, or answered with a transport-level error (HTTP 5xx,
    /// connection refused or reset). Worth retrying if the time budget allows.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// The agency refused the request in a way a retry will not change (HTTP 4xx).
    #[error("rejected: {0}")]
    Rejected(String),
}

impl FetchError {
    /// Whether another attempt could succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, FetchError::Unavailable(_))
    }
}

/// One agency's base service, as the orchestrator sees it.
#[async_trait]
pub trait SourceAdapter: Send + Sync + 'static {
    /// Which source this adapter speaks to.
    fn source(&self) -> SourceId;

    /// Asks the agency about one person. Timeouts are imposed by the caller, so an
    /// implementation may simply await the network.
    async fn fetch(&self, request: &SourceRequest) -> Result<Answer, FetchError>;

    /// The raw payload with every address-like or location-revealing field removed, for a
    /// person with protected identity; `None` when this adapter cannot scrub its format, in
    /// which case the raw payload is withheld entirely. The default withholds.
    fn scrub_location(&self, _raw: &RawPayload) -> Option<RawPayload> {
        None
    }

    /// Calls the agency's own test or health service, with no personal data.
    /// `Ok(true)` when a test service exists and answered, `Ok(false)` when the agency has
    /// no test service to call.
    async fn ping(&self) -> Result<bool, FetchError>;
}
