//! Connects the service's audit port to the audit store.

use std::sync::Arc;

use async_trait::async_trait;
use underlag_audit::AuditRecord;
use underlag_service::{AuditFailure, AuditSink};
use underlag_store::AuditStore;

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for StoreAuditSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreAuditSink").finish_non_exhaustive()
    }
}

/// Appends audit records to an [`AuditStore`]; the store commits before this returns.
pub struct StoreAuditSink(pub Arc<dyn AuditStore>);

#[async_trait]
impl AuditSink for StoreAuditSink {
    async fn append(&self, record: AuditRecord) -> Result<u64, AuditFailure> {
        self.0
            .append(record)
            .await
            .map(|chained| chained.seq)
            .map_err(|e| AuditFailure(e.code().to_owned()))
    }

    async fn check(&self) -> Result<(), AuditFailure> {
        self.0
            .count()
            .await
            .map(drop)
            .map_err(|e| AuditFailure(e.code().to_owned()))
    }
}
