//! The registry's records: an organisation's connection (anslutning) and a case (ärende)
//! with its household.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use underlag_domain::{Fingerprint, LefiActorId, Organisationsnummer, Personnummer, SourceId};

/// Whether a connection may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionStatus {
    /// The organisation may ask.
    Active,
    /// Temporarily stopped (e.g. pending a review); may be activated again.
    Suspended,
    /// The agreement has ended. An ended connection is kept for the audit trail and may be
    /// activated again only by an explicit administrative change.
    Ended,
}

/// A status code that is not `active`, `suspended` or `ended`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown connection status; use active, suspended or ended")]
pub struct UnknownStatus;

impl ConnectionStatus {
    /// The stable code used in storage and output (`active`, `suspended`, `ended`).
    pub fn code(self) -> &'static str {
        match self {
            ConnectionStatus::Active => "active",
            ConnectionStatus::Suspended => "suspended",
            ConnectionStatus::Ended => "ended",
        }
    }
}

impl FromStr for ConnectionStatus {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "active" => Ok(ConnectionStatus::Active),
            "suspended" => Ok(ConnectionStatus::Suspended),
            "ended" => Ok(ConnectionStatus::Ended),
            _ => Err(UnknownStatus),
        }
    }
}

impl fmt::Display for ConnectionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A data processor (personuppgiftsbiträde) the organisation may use.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Processor {
    /// Its organisationsnummer.
    pub organisation: Organisationsnummer,
    /// Its name.
    pub name: String,
}

/// One organisation's connection to the service: its agreement, identity and entitlements.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Connection {
    /// The connected organisation (a municipality).
    pub organisation: Organisationsnummer,
    /// Its name.
    pub name: String,
    /// The committee and unit that investigates and decides ekonomiskt bistånd (nämnd/enhet).
    pub committee_unit: String,
    /// SHA-256 fingerprints of the DER of its client certificates.
    pub certificate_fingerprints: Vec<Fingerprint>,
    /// Its LEFI actor id (aktörsid) towards Försäkringskassan; `None` when it registers none
    /// (the request's or the configured one is used then). Serialised as stored: `""` for
    /// none.
    #[serde(serialize_with = "underlag_domain::lefi_actor_id::serialize_optional")]
    pub lefi_actor_id: Option<LefiActorId>,
    /// The sources it may receive; the others answer `not_entitled` without being called.
    pub entitled_sources: BTreeSet<SourceId>,
    /// The legal basis (lagrum) it holds for each source that needs one besides the agreement
    /// ([`SourceId::requires_legal_basis`]: AGI, Kronofogden), as registered.
    pub source_legal_bases: BTreeMap<SourceId, String>,
    /// The information types it may receive within a source (LEFI groups and the like).
    pub entitled_information_types: Vec<String>,
    /// Whether it may ask at all.
    pub status: ConnectionStatus,
    /// The data processors it may name in a query.
    pub data_processors: Vec<Processor>,
    /// The free-text `syfte` values its case system sends, each mapped to a purpose code
    /// (the v10 drop-in, see [`crate::syfte`]).
    pub syfte_mappings: Vec<crate::syfte::SyfteMapping>,
}

impl Connection {
    /// Whether `fingerprint` is one of its certificates.
    pub fn has_fingerprint(&self, fingerprint: &Fingerprint) -> bool {
        self.certificate_fingerprints
            .iter()
            .any(|f| f == fingerprint)
    }

    /// Whether it may receive `source`: the source is in its agreement and, for a source that
    /// needs one, it holds the legal basis for it.
    pub fn is_entitled_to(&self, source: SourceId) -> bool {
        self.entitled_sources.contains(&source)
            && (!source.requires_legal_basis() || self.source_legal_bases.contains_key(&source))
    }

    /// Whether it may name `organisation` as a data processor.
    pub fn allows_processor(&self, organisation: &Organisationsnummer) -> bool {
        self.data_processors
            .iter()
            .any(|p| &p.organisation == organisation)
    }
}

/// A case (ärende) of one organisation, with the household it concerns.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Case {
    /// The organisation that handles it.
    pub organisation: Organisationsnummer,
    /// Its id, unique within the organisation (ärendeidentitet).
    pub case_id: String,
    /// The persons in the household the case concerns. `Debug` of each is redacted.
    pub household: BTreeSet<Personnummer>,
    /// When it was opened (registered).
    pub opened_at: Timestamp,
    /// When it was closed, if it has been.
    pub closed_at: Option<Timestamp>,
}

impl Case {
    /// A newly opened case whose household is one person.
    pub fn household_of_one(
        organisation: Organisationsnummer,
        case_id: impl Into<String>,
        person: Personnummer,
        opened_at: Timestamp,
    ) -> Self {
        Self {
            organisation,
            case_id: case_id.into(),
            household: BTreeSet::from([person]),
            opened_at,
            closed_at: None,
        }
    }

    /// Whether it is closed at `now`.
    pub fn is_closed_at(&self, now: Timestamp) -> bool {
        self.closed_at.is_some_and(|closed| closed <= now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_round_trip() {
        for s in [
            ConnectionStatus::Active,
            ConnectionStatus::Suspended,
            ConnectionStatus::Ended,
        ] {
            assert_eq!(s.code().parse::<ConnectionStatus>(), Ok(s));
            assert_eq!(s.to_string(), s.code());
        }
        assert_eq!("paused".parse::<ConnectionStatus>(), Err(UnknownStatus));
    }

    #[test]
    fn closed_is_relative_to_now() {
        let org = Organisationsnummer::parse("2120000142").unwrap();
        let pnr = Personnummer::parse_canonical("199001012385").unwrap();
        let t0 = Timestamp::from_second(1_800_000_000).unwrap();
        let t1 = Timestamp::from_second(1_800_000_100).unwrap();
        let mut case = Case::household_of_one(org, "EB-1", pnr, t0);
        assert!(!case.is_closed_at(t1));
        case.closed_at = Some(t1);
        assert!(!case.is_closed_at(t0));
        assert!(case.is_closed_at(t1));
    }
}
