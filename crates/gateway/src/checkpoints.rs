//! The gateway's checkpoint writer: a background task that signs a checkpoint of the audit
//! chain's head after every `every_records` appended records or `every` elapsed time,
//! whichever comes first (skipped when nothing was appended since the last one), and a last
//! one at orderly shutdown.
//!
//! Appends are counted by wrapping the orchestrator's audit sink ([`CheckpointWriter::sink`]),
//! so the record threshold needs no polling. At the time threshold and at shutdown the writer
//! asks the store whether anything lies beyond the last checkpoint, so records appended
//! elsewhere (administrative changes, another gateway process, an earlier run that crashed
//! before its shutdown checkpoint) are covered too.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use tokio::sync::{Notify, oneshot};
use tokio::task::JoinHandle;
use tokio::time::Instant;
use underlag_audit::{AuditRecord, SigningKey};
use underlag_service::{AuditFailure, AuditSink};
use underlag_store::{AuditStore, StoreError};

/// Appends since the last checkpoint, and the wake-up for the record threshold.
#[derive(Debug)]
struct Pending {
    appended: AtomicU64,
    every_records: u64,
    wake: Notify,
}

impl Pending {
    fn note_append(&self) {
        let n = self.appended.fetch_add(1, Ordering::SeqCst) + 1;
        if n >= self.every_records {
            self.wake.notify_one();
        }
    }
}

/// The running checkpoint task.
#[derive(Debug)]
pub struct CheckpointWriter {
    pending: Arc<Pending>,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl CheckpointWriter {
    /// Starts the task over `store`, signing with `key`.
    pub async fn start(
        store: Arc<dyn AuditStore>,
        key: SigningKey,
        every_records: u64,
        every: Duration,
    ) -> Result<Self, StoreError> {
        let last_seq = store.checkpoints().await?.last().map_or(0, |cp| cp.seq);
        let pending = Arc::new(Pending {
            appended: AtomicU64::new(0),
            every_records: every_records.max(1),
            wake: Notify::new(),
        });
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(run(
            Run {
                store,
                key,
                pending: pending.clone(),
                last_seq,
            },
            every,
            stopped,
        ));
        Ok(Self {
            pending,
            stop,
            task,
        })
    }

    /// Wraps the audit sink so that every successful append is counted.
    pub fn sink(&self, inner: Arc<dyn AuditSink>) -> Arc<dyn AuditSink> {
        Arc::new(CountingSink {
            inner,
            pending: self.pending.clone(),
        })
    }

    /// Stops the task after a last checkpoint (when anything was appended since the last one).
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

/// The task's state.
struct Run {
    store: Arc<dyn AuditStore>,
    key: SigningKey,
    pending: Arc<Pending>,
    /// The seq the newest checkpoint covers.
    last_seq: u64,
}

async fn run(mut state: Run, every: Duration, mut stopped: oneshot::Receiver<()>) {
    let mut deadline = Instant::now() + every;
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            () = state.pending.wake.notified() => {}
            () = tokio::time::sleep_until(deadline) => {}
        }
        let pending = &state.pending;
        let by_count = pending.appended.load(Ordering::SeqCst) >= pending.every_records;
        if by_count || Instant::now() >= deadline {
            state.write_if_behind().await;
            deadline = Instant::now() + every;
        }
    }
    state.write_if_behind().await;
}

impl Run {
    /// Signs a checkpoint when the log has records beyond the newest checkpoint.
    async fn write_if_behind(&mut self) {
        let counted = self.pending.appended.swap(0, Ordering::SeqCst);
        let result = match self.store.records(self.last_seq.saturating_add(1), 1).await {
            Ok(next) if next.is_empty() => return,
            Ok(_) => self.store.checkpoint(&self.key).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(cp) => self.last_seq = cp.seq,
            Err(e) => {
                self.pending.appended.fetch_add(counted, Ordering::SeqCst);
                tracing::warn!(error = %e, code = e.code(), "audit checkpoint failed; will retry");
            }
        }
    }
}

/// An audit sink that counts successful appends for the checkpoint writer.
struct CountingSink {
    inner: Arc<dyn AuditSink>,
    pending: Arc<Pending>,
}

#[async_trait]
impl AuditSink for CountingSink {
    async fn append(&self, record: AuditRecord) -> Result<u64, AuditFailure> {
        let seq = self.inner.append(record).await?;
        self.pending.note_append();
        Ok(seq)
    }

    async fn check(&self) -> Result<(), AuditFailure> {
        self.inner.check().await
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;
    use underlag_audit::{AuditKind, Channel};
    use underlag_store::SqliteStore;

    use super::*;
    use crate::audit_sink::StoreAuditSink;

    fn record(n: u32) -> AuditRecord {
        AuditRecord::builder(
            AuditKind::Refused,
            format!("q-{n}"),
            Timestamp::UNIX_EPOCH,
            Channel::Cli,
        )
        .refusal("test")
        .build()
    }

    async fn settle(store: &dyn AuditStore, expected: usize) -> Vec<u64> {
        for _ in 0..200 {
            let cps = store.checkpoints().await.unwrap();
            if cps.len() >= expected {
                return cps.iter().map(|c| c.seq).collect();
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        store
            .checkpoints()
            .await
            .unwrap()
            .iter()
            .map(|c| c.seq)
            .collect()
    }

    #[tokio::test]
    async fn checkpoints_by_count_and_at_shutdown_only_when_something_was_appended() {
        let store: Arc<dyn AuditStore> = Arc::new(SqliteStore::in_memory().await.unwrap());
        let key = SigningKey::from_seed([3; 32]);
        let writer =
            CheckpointWriter::start(store.clone(), key.clone(), 2, Duration::from_secs(3600))
                .await
                .unwrap();
        let sink = writer.sink(Arc::new(StoreAuditSink(store.clone())));
        sink.append(record(1)).await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(
            store.checkpoints().await.unwrap().is_empty(),
            "below the threshold"
        );
        sink.append(record(2)).await.unwrap();
        assert_eq!(settle(&*store, 1).await, vec![2]);
        sink.append(record(3)).await.unwrap();
        writer.stop().await;
        assert_eq!(store.checkpoints().await.unwrap().last().unwrap().seq, 3);
        let n = store.checkpoints().await.unwrap().len();

        // A restart with nothing new writes nothing, not even at shutdown.
        let writer =
            CheckpointWriter::start(store.clone(), key.clone(), 2, Duration::from_secs(3600))
                .await
                .unwrap();
        writer.stop().await;
        assert_eq!(store.checkpoints().await.unwrap().len(), n);
        let report = underlag_store::verify_store(&*store, &key.verifying_key(), &[])
            .await
            .unwrap();
        assert!(report.is_ok(), "{report}");
    }

    #[tokio::test]
    async fn records_left_unchecked_by_an_earlier_run_are_covered() {
        let store: Arc<dyn AuditStore> = Arc::new(SqliteStore::in_memory().await.unwrap());
        store.append(record(1)).await.unwrap();
        let key = SigningKey::from_seed([3; 32]);
        let writer = CheckpointWriter::start(store.clone(), key, 100, Duration::from_secs(3600))
            .await
            .unwrap();
        writer.stop().await;
        assert_eq!(settle(&*store, 1).await, vec![1]);
    }

    #[tokio::test]
    async fn records_appended_past_the_sink_are_covered_at_shutdown() {
        let store: Arc<dyn AuditStore> = Arc::new(SqliteStore::in_memory().await.unwrap());
        let key = SigningKey::from_seed([3; 32]);
        let writer = CheckpointWriter::start(store.clone(), key, 100, Duration::from_secs(3600))
            .await
            .unwrap();
        store.append(record(1)).await.unwrap();
        writer.stop().await;
        assert_eq!(settle(&*store, 1).await, vec![1]);
    }

    #[tokio::test]
    async fn checkpoints_by_time() {
        let store: Arc<dyn AuditStore> = Arc::new(SqliteStore::in_memory().await.unwrap());
        let key = SigningKey::from_seed([3; 32]);
        let every = Duration::from_millis(200);
        let writer = CheckpointWriter::start(store.clone(), key, 100, every)
            .await
            .unwrap();
        let sink = writer.sink(Arc::new(StoreAuditSink(store.clone())));
        sink.append(record(1)).await.unwrap();
        assert_eq!(settle(&*store, 1).await, vec![1]);
        // More periods with nothing appended: no new checkpoint.
        tokio::time::sleep(every * 3).await;
        writer.stop().await;
        assert_eq!(store.checkpoints().await.unwrap().len(), 1);
    }
}
