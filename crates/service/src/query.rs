//! A composite query and its answer, independent of the channel (REST, SOAP, CLI, UI).
//!
//! A door builds a [`CompositeQuery`]: what the request says and what the transport proved,
//! parsed, and nothing else. What the core decides (the sources the organisation is not
//! entitled to, the LEFI actor id, the purpose a registered syfte text maps to) is not in it:
//! the binding's admission step decides those and returns an admitted plan
//! ([`crate::orchestrator::AdmittedQuery`]), and only an admitted plan is run.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use underlag_domain::model::ProtectionMarker;
use underlag_domain::{
    LefiActorId, Organisationsnummer, Period, Personnummer, SourceId, SourceResult,
};

use crate::port::{CallerIdentity, DataProcessor};

pub use underlag_audit::Channel;

/// One parsed composite query, as a door read it: who asks and why, a person, a period, the
/// sources wanted.
#[derive(Debug, Clone)]
pub struct CompositeQuery {
    /// Unique id of this composite query (also its audit record's id).
    pub query_id: String,
    /// Who asks, for which case and why, as the request states it.
    pub attribution: Attribution,
    /// The person asked about.
    pub person: Personnummer,
    /// The general period.
    pub period: Period,
    /// The sources asked for (the rest are `not_requested`).
    pub sources: BTreeSet<SourceId>,
    /// Per-source periods overriding the general one.
    pub source_periods: BTreeMap<SourceId, Period>,
    /// A caller-supplied LEFI request for the FK source (SOAP `lefiJsonFraga`), with the
    /// actor id it names.
    pub lefi_request: Option<LefiFraga>,
    /// Which door it came in through.
    pub channel: Channel,
    /// What the transport proved about the caller (mTLS), if anything.
    pub caller: Option<CallerIdentity>,
}

/// Who asks, for which case and why, as the request states it. Carried to every agency (as
/// the contract requires) and into the audit record.
#[derive(Debug, Clone)]
pub struct Attribution {
    /// The asking organisation (the municipality).
    pub organisation: Organisationsnummer,
    /// The organisation's name.
    pub organisation_name: String,
    /// The case worker's user id or name (handläggare).
    pub case_worker: String,
    /// The case id, unique within the organisation (ärendeidentitet).
    pub case_id: String,
    /// The purpose of the query (syfte), as sent.
    pub purpose: String,
    /// The secrecy-breaking provision relied on (lagtext).
    pub legal_basis: String,
    /// Data processors acting for the organisation (personuppgiftsbiträden).
    pub data_processors: Vec<DataProcessor>,
    /// The caller's correlation id, echoed to agencies that carry one.
    pub correlation_id: Option<String>,
}

/// A LEFI v9 request the caller wrote itself (SOAP FK `fraga`): forwarded as is to the FK
/// source instead of the request the adapter would build.
#[derive(Debug, Clone)]
pub struct LefiFraga {
    /// The actor id the request names (`aktorsid`); a connection's registered one wins.
    pub actor_id: LefiActorId,
    /// The checked request body (`lefiJsonFraga`, decoded).
    pub body: serde_json::Value,
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
    /// One result per source, every source, in answer order.
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
