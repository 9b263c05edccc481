//! Connects the service's registry port to the registry store: reads go to the database on
//! every call (no cache), so an administrator's change is in force for the next query; every
//! change is written by the store together with its `admin` audit record.

use std::collections::BTreeSet;
use std::sync::Arc;

use async_trait::async_trait;
use underlag_domain::{Organisationsnummer, Personnummer};
use underlag_registry::{Case, Connection};
use underlag_service::{ReadinessNote, Registry, RegistryChange, RegistryError};
use underlag_store::{Change, RegistryStore, StoreError};

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for StoreRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreRegistry").finish_non_exhaustive()
    }
}

/// The registry port over a [`RegistryStore`].
pub struct StoreRegistry(pub Arc<dyn RegistryStore>);

/// Store errors carry no personal data; only the stable code is passed on.
fn unavailable(e: &StoreError) -> RegistryError {
    RegistryError::Unavailable(e.code().to_owned())
}

fn change(c: &RegistryChange) -> Change {
    Change::now(&c.id, c.channel, &c.actor)
}

#[async_trait]
impl Registry for StoreRegistry {
    async fn check(&self) -> Result<Vec<ReadinessNote>, RegistryError> {
        crate::readiness::readiness_notes(&*self.0)
            .await
            .map_err(|e| unavailable(&e))
    }

    async fn connection(
        &self,
        organisation: &Organisationsnummer,
    ) -> Result<Option<Connection>, RegistryError> {
        self.0
            .connection(organisation)
            .await
            .map_err(|e| unavailable(&e))
    }

    async fn case(
        &self,
        organisation: &Organisationsnummer,
        case_id: &str,
    ) -> Result<Option<Case>, RegistryError> {
        self.0
            .case(organisation, case_id)
            .await
            .map_err(|e| unavailable(&e))
    }

    async fn register_case(&self, case: &Case, c: &RegistryChange) -> Result<bool, RegistryError> {
        match self.0.open_case(case, &change(c)).await {
            Ok(()) => Ok(true),
            Err(StoreError::Conflict(_)) => Ok(false),
            Err(e) => Err(unavailable(&e)),
        }
    }

    async fn set_household(
        &self,
        organisation: &Organisationsnummer,
        case_id: &str,
        persons: &BTreeSet<Personnummer>,
        c: &RegistryChange,
    ) -> Result<Case, RegistryError> {
        self.0
            .set_household(organisation, case_id, persons, &change(c))
            .await
            .map_err(|e| match e {
                StoreError::Conflict(what) => RegistryError::Conflict(what.to_owned()),
                other => unavailable(&other),
            })
    }
}
