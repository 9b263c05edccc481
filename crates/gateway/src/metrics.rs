//! The gateway's Prometheus metrics, served at `/metrics` (OpenMetrics text, which Prometheus
//! scrapes as it is).
//!
//! | metric | labels | what |
//! |---|---|---|
//! | `underlag_queries_total` | `channel`, `result` | composite queries that ended (`answered`, `refused`, `audit_failed`, `registry_unavailable`, `abandoned`) |
//! | `underlag_query_duration_seconds` | `channel` | how long a composite query took, binding and audit included |
//! | `underlag_queries_in_flight` | | composite queries started and not yet ended |
//! | `underlag_refusals_total` | `reason` | queries the binding refused, by reason code |
//! | `underlag_source_calls_total` | `source`, `outcome` | called sources by outcome kind |
//! | `underlag_source_latency_seconds` | `source` | a called source's time to its outcome, retries included |
//! | `underlag_source_breaker_state` | `source`, `state` | 1 for each source's current circuit state (`closed`, `open`, `half_open`), 0 for the others |
//! | `underlag_audit_append_seconds` | | how long an audit append took (committed or not) |
//! | `underlag_audit_append_failures_total` | | audit appends that failed |
//! | `underlag_tls_refusals_total` | `reason` | refused mTLS handshakes, by reason code |
//!
//! Labels hold only channel, source and outcome codes and reason codes, never a personnummer,
//! a case id, an organisation or a payload; the observer port reports nothing else.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use underlag_audit::{AuditRecord, Channel};
use underlag_domain::SourceId;
use underlag_service::{
    AuditFailure, AuditSink, BreakerState, Orchestrator, QueryEnd, QueryObserver,
};

/// The content type of [`GatewayMetrics::render`]'s text.
pub const OPENMETRICS_CONTENT_TYPE: &str =
    "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct QueryLabels {
    channel: &'static str,
    result: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ChannelLabels {
    channel: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabels {
    reason: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SourceLabels {
    source: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SourceOutcomeLabels {
    source: &'static str,
    outcome: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BreakerLabels {
    source: &'static str,
    state: &'static str,
}

type HistogramFamily<L> = Family<L, Histogram, fn() -> Histogram>;

/// Latency buckets from 1 ms to about 16 s.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// Every metric the gateway keeps, in one registry per gateway (so two gateways in one process,
/// as in the tests, count apart).
pub struct GatewayMetrics {
    registry: Registry,
    queries: Family<QueryLabels, Counter>,
    query_duration: HistogramFamily<ChannelLabels>,
    in_flight: Gauge,
    refusals: Family<ReasonLabels, Counter>,
    source_calls: Family<SourceOutcomeLabels, Counter>,
    source_latency: HistogramFamily<SourceLabels>,
    breaker: Family<BreakerLabels, Gauge>,
    audit_append: Histogram,
    audit_failures: Counter,
    tls_refusals: Family<ReasonLabels, Counter>,
}

// Debug names the type only: the registry's contents are served at `/metrics`.
impl std::fmt::Debug for GatewayMetrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GatewayMetrics").finish_non_exhaustive()
    }
}

impl Default for GatewayMetrics {
    fn default() -> Self {
        Self::new()
    }
}

impl GatewayMetrics {
    /// A registry with every metric at zero.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("underlag");
        let queries = Family::<QueryLabels, Counter>::default();
        registry.register(
            "queries",
            "Composite queries that ended, by channel and result",
            queries.clone(),
        );
        let query_duration: HistogramFamily<ChannelLabels> =
            Family::new_with_constructor(latency_histogram);
        registry.register(
            "query_duration_seconds",
            "Time from a composite query's arrival at the core to its end",
            query_duration.clone(),
        );
        let in_flight = Gauge::default();
        registry.register(
            "queries_in_flight",
            "Composite queries started and not yet ended",
            in_flight.clone(),
        );
        let refusals = Family::<ReasonLabels, Counter>::default();
        registry.register(
            "refusals",
            "Composite queries the purpose and case binding refused, by reason code",
            refusals.clone(),
        );
        let source_calls = Family::<SourceOutcomeLabels, Counter>::default();
        registry.register(
            "source_calls",
            "Called sources by outcome",
            source_calls.clone(),
        );
        let source_latency: HistogramFamily<SourceLabels> =
            Family::new_with_constructor(latency_histogram);
        registry.register(
            "source_latency_seconds",
            "A called source's time to its outcome, retries included",
            source_latency.clone(),
        );
        let breaker = Family::<BreakerLabels, Gauge>::default();
        registry.register(
            "source_breaker_state",
            "1 for each source's current circuit-breaker state, 0 for the others",
            breaker.clone(),
        );
        let audit_append = latency_histogram();
        registry.register(
            "audit_append_seconds",
            "Time to append one audit record, committed or not",
            audit_append.clone(),
        );
        let audit_failures = Counter::default();
        registry.register(
            "audit_append_failures",
            "Audit appends that failed (the query got no data)",
            audit_failures.clone(),
        );
        let tls_refusals = Family::<ReasonLabels, Counter>::default();
        registry.register(
            "tls_refusals",
            "Refused mTLS handshakes, by reason code",
            tls_refusals.clone(),
        );
        Self {
            registry,
            queries,
            query_duration,
            in_flight,
            refusals,
            source_calls,
            source_latency,
            breaker,
            audit_append,
            audit_failures,
            tls_refusals,
        }
    }

    /// The metrics as OpenMetrics text, with the breaker states read from `orchestrator` now.
    pub fn render(&self, orchestrator: &Orchestrator) -> String {
        for (source, state) in orchestrator.breaker_states() {
            for candidate in [
                BreakerState::Closed,
                BreakerState::Open,
                BreakerState::HalfOpen,
            ] {
                self.breaker
                    .get_or_create(&BreakerLabels {
                        source: source_label(source),
                        state: breaker_label(candidate),
                    })
                    .set(i64::from(candidate == state));
            }
        }
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }

    /// Counts a refused mTLS handshake.
    pub fn tls_refused(&self, reason: &'static str) {
        self.tls_refusals
            .get_or_create(&ReasonLabels { reason })
            .inc();
    }

    /// Wraps `inner` so every append is timed (and failures counted).
    pub fn timed_sink(self: &Arc<Self>, inner: Arc<dyn AuditSink>) -> Arc<dyn AuditSink> {
        Arc::new(TimedAuditSink {
            inner,
            metrics: self.clone(),
        })
    }
}

impl QueryObserver for GatewayMetrics {
    fn query_started(&self, _channel: Channel) {
        self.in_flight.inc();
    }

    fn query_ended(&self, channel: Channel, end: QueryEnd, elapsed: Duration) {
        self.in_flight.dec();
        let channel = channel.code();
        self.queries
            .get_or_create(&QueryLabels {
                channel,
                result: end.code(),
            })
            .inc();
        self.query_duration
            .get_or_create(&ChannelLabels { channel })
            .observe(elapsed.as_secs_f64());
        if let QueryEnd::Refused(reason) = end {
            self.refusals
                .get_or_create(&ReasonLabels {
                    reason: reason.code(),
                })
                .inc();
        }
    }

    fn source_ended(
        &self,
        source: SourceId,
        outcome_kind: &'static str,
        _attempts: u32,
        latency: Duration,
    ) {
        let source = source_label(source);
        self.source_calls
            .get_or_create(&SourceOutcomeLabels {
                source,
                outcome: outcome_kind,
            })
            .inc();
        self.source_latency
            .get_or_create(&SourceLabels { source })
            .observe(latency.as_secs_f64());
    }
}

/// The source's lower-case slug (`fk`, `af`, …).
fn source_label(source: SourceId) -> &'static str {
    source.slug()
}

fn breaker_label(state: BreakerState) -> &'static str {
    match state {
        BreakerState::Closed => "closed",
        BreakerState::Open => "open",
        BreakerState::HalfOpen => "half_open",
    }
}

struct TimedAuditSink {
    inner: Arc<dyn AuditSink>,
    metrics: Arc<GatewayMetrics>,
}

#[async_trait]
impl AuditSink for TimedAuditSink {
    async fn append(&self, record: AuditRecord) -> Result<u64, AuditFailure> {
        let started = tokio::time::Instant::now();
        let result = self.inner.append(record).await;
        self.metrics
            .audit_append
            .observe(started.elapsed().as_secs_f64());
        if result.is_err() {
            self.metrics.audit_failures.inc();
        }
        result
    }

    async fn check(&self) -> Result<(), AuditFailure> {
        self.inner.check().await
    }
}
