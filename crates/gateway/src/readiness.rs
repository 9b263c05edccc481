//! What keeps the gateway from answering usefully although it runs: the readiness notes
//! (today: an empty connection registry, where every query is refused
//! `organisation_unknown`), logged loudly at start and reported by `/health/ready`.

use underlag_store::RegistryStore;

/// One reason the gateway cannot yet answer any caller, with how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReadinessNote {
    /// A stable code, e.g. `no_connection_registered`.
    pub code: &'static str,
    /// What is wrong and what to do, in English, for the operator.
    pub detail: &'static str,
}

/// The note for an empty connection registry.
pub const NO_CONNECTION_REGISTERED: ReadinessNote = ReadinessNote {
    code: "no_connection_registered",
    detail: "no connection is registered: every query is refused (organisation_unknown). \
             Register the calling organisation with `underlag admin connection add \
             ORGANISATIONSNUMMER --name NAME --unit UNIT` on this database; it is in force at once.",
};

/// The readiness notes of the registry: empty when the gateway can answer a registered
/// caller. A registry that cannot be read is the caller's error to report (the database
/// does not answer), not a note.
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

/// Logs every readiness note as a warning (at start, so an operator sees it at once).
pub async fn log_readiness(registry: &dyn RegistryStore) {
    match readiness_notes(registry).await {
        Ok(notes) => {
            for note in notes {
                tracing::warn!(event = note.code, "{}", note.detail);
            }
        }
        Err(e) => tracing::warn!(error = %e, "cannot read the connection registry"),
    }
}
