//! The measurement port: what the orchestrator reports about every composite query and every
//! source call, for the operator's metrics. Implemented by the composition root (Prometheus);
//! the default observes nothing.
//!
//! Everything reported is a channel, a source, an outcome kind, a reason code, a count or a
//! duration: never a personnummer, a case id, an organisation or a payload.

use std::time::Duration;

use underlag_audit::Channel;
use underlag_domain::SourceId;
use underlag_registry::Reason;

/// How a composite query ended, as its metrics label it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryEnd {
    /// The answer was audited and returned (whatever the sources' outcomes).
    Answered,
    /// The binding refused it, for this reason; no source was called.
    Refused(Reason),
    /// The audit could not be written, so nothing was returned (fail closed).
    AuditFailed,
    /// The connection registry could not be read, so nothing was called (fail closed).
    RegistryUnavailable,
    /// The caller went away before the query ended (its task was dropped).
    Abandoned,
}

impl QueryEnd {
    /// The metrics label: `answered`, `refused`, `audit_failed`, `registry_unavailable` or
    /// `abandoned`.
    pub fn code(self) -> &'static str {
        match self {
            QueryEnd::Answered => "answered",
            QueryEnd::Refused(_) => "refused",
            QueryEnd::AuditFailed => "audit_failed",
            QueryEnd::RegistryUnavailable => "registry_unavailable",
            QueryEnd::Abandoned => "abandoned",
        }
    }
}

/// Receives the orchestrator's measurements. Every method has an empty default, and each is
/// called on the query's own task, so an implementation must be quick and must not block.
pub trait QueryObserver: Send + Sync + 'static {
    /// A composite query came in through `channel` (before the binding).
    fn query_started(&self, channel: Channel) {
        let _ = channel;
    }

    /// The composite query that came in through `channel` ended as `end`, `elapsed` after it
    /// started.
    fn query_ended(&self, channel: Channel, end: QueryEnd, elapsed: Duration) {
        let _ = (channel, end, elapsed);
    }

    /// A called source ended with the outcome `outcome_kind` (`ok`, `timed_out`, …) after
    /// `attempts` calls and `latency` in all. Sources not called (not requested, not
    /// entitled, no adapter) are not reported.
    fn source_ended(
        &self,
        source: SourceId,
        outcome_kind: &'static str,
        attempts: u32,
        latency: Duration,
    ) {
        let _ = (source, outcome_kind, attempts, latency);
    }
}

/// The observer that observes nothing (the orchestrator's default).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoObserver;

impl QueryObserver for NoObserver {}

/// Calls [`QueryObserver::query_ended`] when dropped, so a query abandoned mid-way (its
/// caller went away) still leaves the in-flight count.
pub(crate) struct QueryInFlight<'a> {
    observer: &'a dyn QueryObserver,
    channel: Channel,
    started: tokio::time::Instant,
    end: Option<QueryEnd>,
}

impl<'a> QueryInFlight<'a> {
    /// Reports the start and returns the guard.
    pub(crate) fn start(observer: &'a dyn QueryObserver, channel: Channel) -> Self {
        observer.query_started(channel);
        Self {
            observer,
            channel,
            started: tokio::time::Instant::now(),
            end: None,
        }
    }

    /// Records how the query ended (reported when the guard drops).
    pub(crate) fn end(&mut self, end: QueryEnd) {
        self.end = Some(end);
    }
}

impl Drop for QueryInFlight<'_> {
    fn drop(&mut self) {
        let end = self.end.unwrap_or(QueryEnd::Abandoned);
        self.observer
            .query_ended(self.channel, end, self.started.elapsed());
    }
}
