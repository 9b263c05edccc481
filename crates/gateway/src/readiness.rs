//! What keeps the gateway from answering usefully although it runs: the readiness notes
//! (today: an empty connection registry, where every query is refused
//! `organisation_unknown`).
//!
//! There is one readiness computation, `Orchestrator::readiness`: it asks the registry port,
//! whose store implementation (`store_registry.rs`) gives these notes. The API's
//! `/health/ready`, the health listener's `/health/ready` (both rendered by
//! `underlag_api::readiness_response`) and the warning at start ([`log_readiness`]) all
//! report that one result.

use std::time::Duration;

use underlag_service::Orchestrator;
pub use underlag_service::ReadinessNote;
use underlag_store::RegistryStore;

/// The note for an empty connection registry.
pub const NO_CONNECTION_REGISTERED: ReadinessNote = ReadinessNote {
    code: "no_connection_registered",
    detail: "no connection is registered: every query is refused (organisation_unknown). \
             Register the calling organisation with `underlag admin connection add \
             ORGANISATIONSNUMMER --name NAME --unit UNIT` on this database; it is in force at once.",
};

/// How long the start-up check waits for the store and the registry.
const START_CHECK: Duration = Duration::from_secs(5);

/// The readiness notes of the registry store: empty when the gateway can answer a
/// registered caller. A registry that cannot be read is the caller's error to report (the
/// database does not answer), not a note.
pub async fn readiness_notes(
    registry: &dyn RegistryStore,
) -> Result<Vec<ReadinessNote>, underlag_store::StoreError> {
    let connections = registry.connections().await?;
    Ok(if connections.is_empty() {
        vec![NO_CONNECTION_REGISTERED]
    } else {
        Vec::new()
    })
}

/// Logs every readiness note as a warning (at start, so an operator sees it at once), from
/// the same computation `/health/ready` reports.
pub async fn log_readiness(orchestrator: &Orchestrator) {
    let readiness = orchestrator.readiness(START_CHECK).await;
    if !readiness.registry {
        tracing::warn!(
            event = "readiness.registry_unavailable",
            "cannot read the connection registry"
        );
    }
    for note in readiness.notes {
        tracing::warn!(event = note.code, "{}", note.detail);
    }
}
