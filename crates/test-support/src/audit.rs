//! An audit sink that keeps records in memory, and can be told to fail (to show that no data
//! leaves when the audit cannot be written).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

use async_trait::async_trait;
use underlag_audit::AuditRecord;
use underlag_service::{AuditFailure, AuditSink};

/// The records appended so far; every append fails while `fail` is set.
#[derive(Debug, Default)]
pub struct MemoryAudit {
    /// The records, in order.
    pub events: Mutex<Vec<AuditRecord>>,
    /// Whether appends fail.
    pub fail: AtomicBool,
}

impl MemoryAudit {
    /// A sink whose every append fails.
    pub fn failing() -> Self {
        Self {
            fail: AtomicBool::new(true),
            ..Self::default()
        }
    }

    /// Makes appends fail (or succeed again).
    pub fn set_failing(&self, fail: bool) {
        self.fail.store(fail, Ordering::SeqCst);
    }

    /// The records, locked.
    pub fn events(&self) -> MutexGuard<'_, Vec<AuditRecord>> {
        self.events
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// How many records were appended.
    pub fn len(&self) -> usize {
        self.events().len()
    }

    /// Whether nothing was appended.
    pub fn is_empty(&self) -> bool {
        self.events().is_empty()
    }
}

#[async_trait]
impl AuditSink for MemoryAudit {
    async fn append(&self, event: AuditRecord) -> Result<u64, AuditFailure> {
        if self.fail.load(Ordering::SeqCst) {
            return Err(AuditFailure("disk full".into()));
        }
        let mut events = self.events();
        events.push(event);
        Ok(events.len() as u64)
    }
}
