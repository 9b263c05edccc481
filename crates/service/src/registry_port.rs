//! The registry port: the connection registry and the cases' households, as the core needs
//! them. Implemented over the store by the composition root (`underlag` CLI), where every
//! change is written together with its `admin` audit record; [`MemoryRegistry`] is an
//! in-memory double for tests.
//!
//! Implementations read the registry on every call (at most a cache of about a second), so
//! an administrator's change is in force for the next query without a restart.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use async_trait::async_trait;
use underlag_audit::Channel;
use underlag_domain::{Organisationsnummer, Personnummer};
use underlag_registry::{Case, Connection};

/// The registry could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    /// It could not be read or written (the database is down, …). No personal data.
    #[error("the connection registry is unavailable: {0}")]
    Unavailable(String),
    /// The change contradicts what is registered (e.g. the case was closed meanwhile).
    #[error("registry conflict: {0}")]
    Conflict(String),
}

/// One reason the gateway cannot yet answer any caller although it runs (for example an
/// empty connection registry), with how to fix it: reported by `/health/ready` on the API and
/// on the health listener alike, and logged at start.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReadinessNote {
    /// A stable code, e.g. `no_connection_registered`.
    pub code: &'static str,
    /// What is wrong and what to do, in English, for the operator.
    pub detail: &'static str,
}

/// Who changes the registry from within the core: becomes the change's audit record(s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryChange {
    /// The change's id (for query-time registration, the query's id).
    pub id: String,
    /// The door the change came through.
    pub channel: Channel,
    /// Who made it (the case worker, or the case system).
    pub actor: String,
}

impl RegistryChange {
    /// A change (or case request) through `channel` by `actor`, identified by `id`.
    pub fn new(id: impl Into<String>, channel: Channel, actor: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            channel,
            actor: actor.into(),
        }
    }
}

/// The registry, as the core reads and changes it.
#[async_trait]
pub trait Registry: Send + Sync + 'static {
    /// Whether the registry answers now, with what keeps it from admitting any query (the
    /// readiness notes; empty when a registered caller can be answered). Changes nothing.
    async fn check(&self) -> Result<Vec<ReadinessNote>, RegistryError> {
        Ok(Vec::new())
    }

    /// The connection of `organisation`, if registered.
    async fn connection(
        &self,
        organisation: &Organisationsnummer,
    ) -> Result<Option<Connection>, RegistryError>;

    /// A case of `organisation`, if registered.
    async fn case(
        &self,
        organisation: &Organisationsnummer,
        case_id: &str,
    ) -> Result<Option<Case>, RegistryError>;

    /// Registers a new case as given; `Ok(false)` when a case with its id exists already
    /// (registered by someone else in the meantime), in which case nothing is changed.
    async fn register_case(
        &self,
        case: &Case,
        change: &RegistryChange,
    ) -> Result<bool, RegistryError>;

    /// Sets an open case's household to exactly `persons`, registering the case when it does
    /// not exist. A closed case is a [`RegistryError::Conflict`].
    async fn set_household(
        &self,
        organisation: &Organisationsnummer,
        case_id: &str,
        persons: &BTreeSet<Personnummer>,
        change: &RegistryChange,
    ) -> Result<Case, RegistryError>;
}

/// An in-memory registry for tests. Its changes are not audited; the store-backed registry
/// of the composition root is what a gateway uses.
#[derive(Debug, Default)]
pub struct MemoryRegistry {
    connections: Mutex<BTreeMap<Organisationsnummer, Connection>>,
    cases: Mutex<BTreeMap<(Organisationsnummer, String), Case>>,
}

impl MemoryRegistry {
    /// An empty registry: every organisation is unknown.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers or replaces a connection.
    pub fn put_connection(&self, connection: Connection) {
        if let Ok(mut map) = self.connections.lock() {
            map.insert(connection.organisation.clone(), connection);
        }
    }

    /// Registers or replaces a case.
    pub fn put_case(&self, case: Case) {
        if let Ok(mut map) = self.cases.lock() {
            map.insert((case.organisation.clone(), case.case_id.clone()), case);
        }
    }

    /// Every registered case.
    pub fn cases(&self) -> Vec<Case> {
        self.cases
            .lock()
            .map(|m| m.values().cloned().collect())
            .unwrap_or_default()
    }
}

fn poisoned<T>(_: T) -> RegistryError {
    RegistryError::Unavailable("lock poisoned".into())
}

#[async_trait]
impl Registry for MemoryRegistry {
    async fn connection(
        &self,
        organisation: &Organisationsnummer,
    ) -> Result<Option<Connection>, RegistryError> {
        Ok(self
            .connections
            .lock()
            .map_err(poisoned)?
            .get(organisation)
            .cloned())
    }

    async fn case(
        &self,
        organisation: &Organisationsnummer,
        case_id: &str,
    ) -> Result<Option<Case>, RegistryError> {
        Ok(self
            .cases
            .lock()
            .map_err(poisoned)?
            .get(&(organisation.clone(), case_id.to_owned()))
            .cloned())
    }

    async fn register_case(
        &self,
        case: &Case,
        _change: &RegistryChange,
    ) -> Result<bool, RegistryError> {
        let mut cases = self.cases.lock().map_err(poisoned)?;
        let key = (case.organisation.clone(), case.case_id.clone());
        if cases.contains_key(&key) {
            return Ok(false);
        }
        cases.insert(key, case.clone());
        Ok(true)
    }

    async fn set_household(
        &self,
        organisation: &Organisationsnummer,
        case_id: &str,
        persons: &BTreeSet<Personnummer>,
        _change: &RegistryChange,
    ) -> Result<Case, RegistryError> {
        let mut cases = self.cases.lock().map_err(poisoned)?;
        let case = cases
            .entry((organisation.clone(), case_id.to_owned()))
            .or_insert_with(|| Case {
                organisation: organisation.clone(),
                case_id: case_id.to_owned(),
                household: BTreeSet::new(),
                opened_at: jiff::Timestamp::now(),
                closed_at: None,
            });
        if case.closed_at.is_some() {
            return Err(RegistryError::Conflict("the case is closed".into()));
        }
        case.household = persons.clone();
        Ok(case.clone())
    }
}
