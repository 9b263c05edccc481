//! The audit port: every answered query and every refused attempt is written here before
//! anything is returned. If writing fails, the caller gets no data (fail closed).

use async_trait::async_trait;
use underlag_audit::AuditRecord;

/// The audit could not be written.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the audit store could not record the query: {0}")]
pub struct AuditFailure(pub String);

/// Where audit records go. Implemented over the audit store by the composition root.
#[async_trait]
pub trait AuditSink: Send + Sync + 'static {
    /// Appends durably; returns the record's sequence number in the chain.
    async fn append(&self, record: AuditRecord) -> Result<u64, AuditFailure>;

    /// Whether the store behind the sink answers now (for readiness); appends nothing.
    async fn check(&self) -> Result<(), AuditFailure> {
        Ok(())
    }
}
