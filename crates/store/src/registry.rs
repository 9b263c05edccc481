//! The connection registry and case households in the database, behind [`RegistryStore`].
//!
//! Every change is written together with its `admin` audit record(s) in one transaction,
//! under the same serialisation as audit appends (SQLite `BEGIN IMMEDIATE`, PostgreSQL the
//! append advisory lock): a change without its audit record cannot be committed, and the
//! chain stays linear. Reads go to the database every time (no cache), so a change is in
//! force for the next query of every gateway process sharing the database.
//!
//! The audit records of a change share the change's id; each describes one step in its
//! `refusal` field (e.g. `connection.status suspended`, `case.person.add`), names the actor
//! in `case_worker`, and carries the organisation, the case id and the person concerned in
//! their own fields. Descriptions never hold a personnummer.

use std::collections::BTreeSet;

use async_trait::async_trait;
use jiff::Timestamp;
use underlag_audit::{AuditRecord, Channel};
use underlag_domain::{Fingerprint, LefiActorId, Organisationsnummer, Personnummer, SourceId};
use underlag_registry::{Case, Connection, ConnectionStatus, Processor, SyfteMapping};

use crate::error::StoreError;

/// Who makes a registry change, when and through which door. Becomes the `admin` audit
/// record(s) of the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The change's id (shared by its audit records).
    pub id: String,
    /// When it was made.
    pub at: Timestamp,
    /// `cli` for the admin command, `rest` for the case API and query-time registration.
    pub channel: Channel,
    /// Who made it (an administrator's user name, or the case worker of a query).
    pub actor: String,
}

impl Change {
    /// A change made now.
    pub fn now(id: impl Into<String>, channel: Channel, actor: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            at: Timestamp::now(),
            channel,
            actor: actor.into(),
        }
    }

    /// The `admin` audit record of one step of this change.
    fn record(
        &self,
        what: impl Into<String>,
        organisation: &Organisationsnummer,
        case_id: Option<&str>,
        subject: Option<&Personnummer>,
    ) -> AuditRecord {
        let mut b = AuditRecord::admin(&self.id, self.at, self.channel, what)
            .organisation(organisation)
            .case_worker(&self.actor);
        if let Some(case_id) = case_id {
            b = b.case_id(case_id);
        }
        if let Some(subject) = subject {
            b = b.subject(subject);
        }
        b.build()
    }
}

/// A change to one of a connection's own fields (the ones not held in a child table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionEdit {
    /// The organisation's name.
    Name(String),
    /// The committee and unit that decides ekonomiskt bistånd (nämnd/enhet).
    CommitteeUnit(String),
    /// The LEFI actor id towards Försäkringskassan; `None` falls back to the configured one.
    LefiActorId(Option<LefiActorId>),
}

impl ConnectionEdit {
    /// The value stored (the empty string for no actor id).
    pub(crate) fn stored_value(&self) -> &str {
        match self {
            ConnectionEdit::Name(text) | ConnectionEdit::CommitteeUnit(text) => text,
            ConnectionEdit::LefiActorId(id) => LefiActorId::text_of(id.as_ref()),
        }
    }

    /// The step's description: `connection.name "<text>"`, `connection.unit "<text>"`,
    /// `connection.lefi_actor_id <id>` (or `(none)`); text quoted and made inert.
    pub(crate) fn describe(&self) -> String {
        let quoted = |t: &str| format!("\"{}\"", underlag_domain::free_text::neutralise(t));
        match self {
            ConnectionEdit::Name(text) => format!("connection.name {}", quoted(text)),
            ConnectionEdit::CommitteeUnit(text) => format!("connection.unit {}", quoted(text)),
            ConnectionEdit::LefiActorId(Some(id)) => {
                format!("connection.lefi_actor_id {}", quoted(id.as_str()))
            }
            ConnectionEdit::LefiActorId(None) => "connection.lefi_actor_id (none)".to_owned(),
        }
    }
}

/// The `admin` audit records of one change, one per step, in the order the steps were made.
pub(crate) struct ChangeRecords<'a> {
    change: &'a Change,
    records: Vec<AuditRecord>,
}

impl<'a> ChangeRecords<'a> {
    /// No steps yet.
    pub(crate) fn new(change: &'a Change) -> Self {
        Self {
            change,
            records: Vec::new(),
        }
    }

    /// The change the steps belong to.
    pub(crate) fn change(&self) -> &'a Change {
        self.change
    }

    /// Records a step on a connection.
    pub(crate) fn connection(
        &mut self,
        organisation: &Organisationsnummer,
        what: impl Into<String>,
    ) {
        self.records
            .push(self.change.record(what, organisation, None, None));
    }

    /// Records a step on a case, naming the person concerned where there is one.
    pub(crate) fn case(
        &mut self,
        organisation: &Organisationsnummer,
        case_id: &str,
        person: Option<&Personnummer>,
        what: impl Into<String>,
    ) {
        self.records.push(
            self.change
                .record(what, organisation, Some(case_id), person),
        );
    }

    /// The records, in step order.
    pub(crate) fn into_records(self) -> Vec<AuditRecord> {
        self.records
    }
}

/// The connection registry and the cases' households.
///
/// Changing methods fail with [`StoreError::NotFound`] when the connection or case does not
/// exist and [`StoreError::Conflict`] when the change contradicts the registry (a connection
/// or case that already exists, a fingerprint registered already, a closed case).
#[async_trait]
pub trait RegistryStore: Send + Sync + 'static {
    /// Registers a new connection.
    async fn add_connection(
        &self,
        connection: &Connection,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// The connection of `organisation`, if registered.
    async fn connection(
        &self,
        organisation: &Organisationsnummer,
    ) -> Result<Option<Connection>, StoreError>;

    /// The connection a certificate fingerprint (normalised) is registered for.
    async fn connection_by_fingerprint(
        &self,
        fingerprint: &Fingerprint,
    ) -> Result<Option<Connection>, StoreError>;

    /// Every connection, by organisationsnummer.
    async fn connections(&self) -> Result<Vec<Connection>, StoreError>;

    /// Changes one of a connection's own fields (name, unit, LEFI actor id).
    async fn edit_connection(
        &self,
        organisation: &Organisationsnummer,
        edit: &ConnectionEdit,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Adds an information type (a LEFI group and the like) a connection may receive; adding
    /// one it has already changes nothing but is recorded.
    async fn add_information_type(
        &self,
        organisation: &Organisationsnummer,
        information_type: &str,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Removes an information type from a connection.
    async fn remove_information_type(
        &self,
        organisation: &Organisationsnummer,
        information_type: &str,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Sets a connection's status (suspend, activate, end).
    async fn set_status(
        &self,
        organisation: &Organisationsnummer,
        status: ConnectionStatus,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Replaces the sources a connection is entitled to.
    async fn set_sources(
        &self,
        organisation: &Organisationsnummer,
        sources: &BTreeSet<SourceId>,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Registers a client certificate fingerprint (normalised) for a connection.
    async fn add_fingerprint(
        &self,
        organisation: &Organisationsnummer,
        fingerprint: &Fingerprint,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Removes a client certificate fingerprint from a connection.
    async fn remove_fingerprint(
        &self,
        organisation: &Organisationsnummer,
        fingerprint: &Fingerprint,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Allows a data processor for a connection (replacing its name if already allowed).
    async fn add_processor(
        &self,
        organisation: &Organisationsnummer,
        processor: &Processor,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Withdraws a data processor from a connection.
    async fn remove_processor(
        &self,
        organisation: &Organisationsnummer,
        processor: &Organisationsnummer,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Registers a free-text syfte (text or pattern) for a connection, mapped to a purpose
    /// code; replaces the purpose of a pattern registered already.
    async fn add_syfte_mapping(
        &self,
        organisation: &Organisationsnummer,
        mapping: &SyfteMapping,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Removes a registered syfte text or pattern (as registered) from a connection.
    async fn remove_syfte_mapping(
        &self,
        organisation: &Organisationsnummer,
        pattern: &str,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Registers the legal basis (lagrum) a connection holds for a source that needs one
    /// (AGI, Kronofogden); replaces one registered already.
    async fn set_legal_basis(
        &self,
        organisation: &Organisationsnummer,
        source: SourceId,
        legal_basis: &str,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Removes the legal basis a connection holds for a source.
    async fn remove_legal_basis(
        &self,
        organisation: &Organisationsnummer,
        source: SourceId,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Registers a new case with its household.
    async fn open_case(&self, case: &Case, change: &Change) -> Result<(), StoreError>;

    /// A case, if registered.
    async fn case(
        &self,
        organisation: &Organisationsnummer,
        case_id: &str,
    ) -> Result<Option<Case>, StoreError>;

    /// Every case (of one organisation, or of all), by organisation and case id.
    async fn cases(
        &self,
        organisation: Option<&Organisationsnummer>,
    ) -> Result<Vec<Case>, StoreError>;

    /// Reopens a closed case: queries may be made for it again.
    async fn reopen_case(
        &self,
        organisation: &Organisationsnummer,
        case_id: &str,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Closes an open case at `change.at`.
    async fn close_case(
        &self,
        organisation: &Organisationsnummer,
        case_id: &str,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Adds a person to an open case's household.
    async fn add_person(
        &self,
        organisation: &Organisationsnummer,
        case_id: &str,
        person: &Personnummer,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Removes a person from a case's household.
    async fn remove_person(
        &self,
        organisation: &Organisationsnummer,
        case_id: &str,
        person: &Personnummer,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Sets an open case's household to exactly `persons`, registering the case (opened at
    /// `change.at`) when it does not exist. Returns the case as stored.
    async fn set_household(
        &self,
        organisation: &Organisationsnummer,
        case_id: &str,
        persons: &BTreeSet<Personnummer>,
        change: &Change,
    ) -> Result<Case, StoreError>;
}

/// The text of a list of sources in a change description (`AF,CSN,FK`).
pub(crate) fn source_list(sources: &BTreeSet<SourceId>) -> String {
    sources
        .iter()
        .map(|s| s.code())
        .collect::<Vec<_>>()
        .join(",")
}

/// Reads a stored organisationsnummer.
pub(crate) fn organisation_from_db(text: &str) -> Result<Organisationsnummer, StoreError> {
    Organisationsnummer::parse(text).map_err(|_| StoreError::CorruptRegistry("organisation"))
}

/// Reads a stored personnummer (12 digits).
pub(crate) fn person_from_db(text: &str) -> Result<Personnummer, StoreError> {
    Personnummer::parse_canonical(text).map_err(|_| StoreError::CorruptRegistry("person"))
}

/// Reads a stored timestamp (integer nanoseconds).
pub(crate) fn ts_from_db(ns: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_nanosecond(i128::from(ns)).map_err(|_| StoreError::CorruptRegistry("timestamp"))
}
