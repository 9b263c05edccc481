//! A composite query and its answer, independent of the channel (REST, SOAP, CLI, UI).

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use underlag_domain::model::ProtectionMarker;
use underlag_domain::{Period, Personnummer, SourceId, SourceResult};

use crate::port::{CallerIdentity, QueryContext};

pub use underlag_audit::Channel;

/// One validated composite query: a person, a period, the sources wanted.
#[derive(Debug, Clone)]
pub struct CompositeQuery {
    /// Who asks and why.
    pub context: QueryContext,
    /// The person asked about.
    pub person: Personnummer,
    /// The general period.
    pub period: Period,
    /// The sources asked for (the rest are `not_requested`).
    pub sources: BTreeSet<SourceId>,
    /// Per-source periods overriding the general one.
    pub source_periods: BTreeMap<SourceId, Period>,
    /// Sources the organisation may not receive (answered `not_entitled`, never called).
    pub not_entitled: BTreeSet<SourceId>,
    /// A caller-supplied LEFI request for the FK source (SOAP `lefiJsonFraga`).
    pub lefi_request: Option<serde_json::Value>,
    /// Which door it came in through.
    pub channel: Channel,
    /// What the transport proved about the caller (mTLS), if anything.
    pub caller: Option<CallerIdentity>,
}

/// The combined answer: exactly one result per source, in contract order.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CompositeAnswer {
    /// The query's id (also the audit record's id).
    pub query_id: String,
    /// When the query was received.
    pub received_at: Timestamp,
    /// When the answer was complete.
    pub completed_at: Timestamp,
    /// The person asked about.
    pub person: Personnummer,
    /// The general period.
    pub period: Period,
    /// Whether any source marks the person as protected (skyddade personuppgifter).
    pub protected: bool,
    /// The markers behind `protected`, per source.
    pub protection: Vec<ProtectionMarker>,
    /// Which output fields were withheld because the person is protected.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub withheld: Vec<String>,
    /// One result per source, all seven, in contract order.
    pub sources: Vec<SourceResult>,
    /// The audit record's sequence number in the chain.
    pub audit_seq: u64,
}

impl CompositeAnswer {
    /// The result for one source (always present).
    pub fn source(&self, id: SourceId) -> Option<&SourceResult> {
        self.sources.iter().find(|r| r.source == id)
    }
}
