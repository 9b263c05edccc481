//! The orchestrator: fans one composite query out to every requested source concurrently,
//! under one overall deadline, and turns whatever happens into exactly one outcome per source.
//!
//! Each call gets `min(source timeout, time left)`. A retry is made only for retryable
//! failures and only when the time left still covers a useful attempt. A per-source circuit
//! breaker short-cuts agencies that keep failing. The answer is audited before it is
//! returned; if the audit fails the caller gets an error instead of data (fail closed).
//!
//! Before any of that, the query passes the purpose and case binding ([`binding`]): its
//! admission step turns the door's parsed query into an [`AdmittedQuery`], the only thing
//! that is run, and a refused query calls no source. Reads and changes of a case's household
//! ([`cases`]) are bound and audited the same way, and every audit record gets its
//! attribution in one place (`audit_record.rs`).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use tokio::time::Instant;
use underlag_domain::model::ProtectionMarker;
use underlag_domain::{Outcome, SourceId, SourceResult};

use underlag_audit::AuditRecord;

use crate::audit_port::{AuditFailure, AuditSink};
use crate::circuit_breaker::{BreakerConfig, BreakerState, CircuitBreaker};
use crate::norm_port::{MemoryNormArchive, NormArchive};
use crate::observer::{NoObserver, QueryEnd, QueryInFlight, QueryObserver};
use crate::port::{FetchError, QueryContext, SourceAdapter, SourceRequest};
use crate::query::{CompositeAnswer, CompositeQuery};
use crate::registry_port::{MemoryRegistry, Registry, RegistryError};

mod audit_record;
pub mod binding;
pub mod cases;
mod norm_archive;

pub use binding::{AdmittedQuery, BindingConfig};
pub use cases::{CaseError, CaseRequest};
pub use norm_archive::{ArchiveError, SavedWithDecisions};
pub use underlag_registry::Reason;

/// Timing and resilience settings.
#[derive(Debug, Clone)]
pub struct OrchestratorConfig {
    /// The overall deadline for one composite query.
    pub deadline: Duration,
    /// The default time budget of one call to one source.
    pub source_timeout: Duration,
    /// Per-source overrides of `source_timeout`.
    pub source_timeouts: BTreeMap<SourceId, Duration>,
    /// Calls per source at most (1 = no retries).
    pub max_attempts: u32,
    /// Pause before a retry.
    pub retry_backoff: Duration,
    /// No attempt is started with less time than this left.
    pub min_attempt_budget: Duration,
    /// Circuit-breaker tuning, shared by all sources.
    pub breaker: BreakerConfig,
}

impl Default for OrchestratorConfig {
    fn default() -> Self {
        Self {
            deadline: Duration::from_secs(10),
            source_timeout: Duration::from_secs(8),
            source_timeouts: BTreeMap::new(),
            max_attempts: 2,
            retry_backoff: Duration::from_millis(100),
            min_attempt_budget: Duration::from_millis(200),
            breaker: BreakerConfig::default(),
        }
    }
}

/// What [`Orchestrator::readiness`] found: the one readiness computation, which the API's
/// `/health/ready`, the health listener's and the start-up log all report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    /// The audit store answered.
    pub audit: bool,
    /// The connection registry answered.
    pub registry: bool,
    /// What keeps a running gateway from answering any caller (e.g. no connection is
    /// registered); not a reason to be unready.
    pub notes: Vec<crate::ReadinessNote>,
}

impl Readiness {
    /// Both answered: queries can be admitted and audited.
    pub fn ready(&self) -> bool {
        self.audit && self.registry
    }
}

/// Why a composite query produced no answer.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The audit record could not be written, so no data may leave (fail closed).
    #[error(transparent)]
    AuditFailed(#[from] AuditFailure),
    /// The purpose and case binding refused the query; no source was called and the refusal
    /// was audited.
    #[error("refused ({reason}): {field}: {message}")]
    Refused {
        /// The stable reason code.
        reason: Reason,
        /// The request field at fault (a JSON path such as `period`).
        field: String,
        /// What is wrong, without input values.
        message: String,
    },
    /// The connection registry could not be read, so the query could not be checked and no
    /// source was called (fail closed).
    #[error(transparent)]
    RegistryUnavailable(RegistryError),
}

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for Orchestrator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Orchestrator").finish_non_exhaustive()
    }
}

/// The application core's entry point for composite queries.
pub struct Orchestrator {
    adapters: BTreeMap<SourceId, Arc<dyn SourceAdapter>>,
    breakers: BTreeMap<SourceId, CircuitBreaker>,
    audit: Arc<dyn AuditSink>,
    config: OrchestratorConfig,
    registry: Arc<dyn Registry>,
    binding: BindingConfig,
    observer: Arc<dyn QueryObserver>,
    norm_archive: Arc<dyn NormArchive>,
}

impl Orchestrator {
    /// Builds an orchestrator over the given adapters (at most one per source; a source
    /// without an adapter always answers `unavailable`).
    ///
    /// Its registry starts empty, so every query is refused (`organisation_unknown`) until
    /// [`Orchestrator::with_registry`] gives it the real one: fail closed by default.
    pub fn new(
        adapters: Vec<Arc<dyn SourceAdapter>>,
        audit: Arc<dyn AuditSink>,
        config: OrchestratorConfig,
    ) -> Self {
        let adapters: BTreeMap<_, _> = adapters.into_iter().map(|a| (a.source(), a)).collect();
        let breakers = SourceId::ALL
            .into_iter()
            .map(|id| (id, CircuitBreaker::new(config.breaker)))
            .collect();
        Self {
            adapters,
            breakers,
            norm_archive: Arc::new(MemoryNormArchive::new(audit.clone())),
            audit,
            config,
            registry: Arc::new(MemoryRegistry::new()),
            binding: BindingConfig::default(),
            observer: Arc::new(NoObserver),
        }
    }

    /// Reports every query and source call to `observer` (metrics).
    #[must_use]
    pub fn with_observer(mut self, observer: Arc<dyn QueryObserver>) -> Self {
        self.observer = observer;
        self
    }

    /// Uses `registry` and `binding` for the purpose and case binding of every query.
    #[must_use]
    pub fn with_registry(mut self, registry: Arc<dyn Registry>, binding: BindingConfig) -> Self {
        self.registry = registry;
        self.binding = binding;
        self
    }

    /// Keeps beräkningsunderlag, decisions and imported riksnorm tables in `archive` (by
    /// default an in-memory archive audited through the orchestrator's audit sink).
    #[must_use]
    pub fn with_norm_archive(mut self, archive: Arc<dyn NormArchive>) -> Self {
        self.norm_archive = archive;
        self
    }

    /// The settings in force.
    pub fn config(&self) -> &OrchestratorConfig {
        &self.config
    }

    /// The circuit-breaker state per source (for health and metrics).
    pub fn breaker_states(&self) -> Vec<(SourceId, BreakerState)> {
        self.breakers
            .iter()
            .map(|(id, b)| (*id, b.state()))
            .collect()
    }

    /// Whether the audit store and the connection registry answer now, each within
    /// `within`: without both, no query can be admitted and audited.
    pub async fn readiness(&self, within: Duration) -> Readiness {
        let audit = tokio::time::timeout(within, self.audit.check()).await;
        let registry = tokio::time::timeout(within, self.registry.check()).await;
        let (registry, notes) = match registry {
            Ok(Ok(notes)) => (true, notes),
            _ => (false, Vec::new()),
        };
        Readiness {
            audit: matches!(audit, Ok(Ok(()))),
            registry,
            notes,
        }
    }

    /// The adapters, for the SOAP ping (`testaBastjanstInformation`).
    pub fn adapter(&self, id: SourceId) -> Option<&Arc<dyn SourceAdapter>> {
        self.adapters.get(&id)
    }

    /// Runs one composite query: admit it (the binding), then run the admitted plan.
    ///
    /// The query is one tracing span (`composite_query`, with the channel and how it ended),
    /// and is reported to the observer.
    pub async fn run(&self, query: CompositeQuery) -> Result<CompositeAnswer, QueryError> {
        let span = tracing::info_span!(
            "composite_query",
            channel = query.channel.code(),
            result = tracing::field::Empty,
            reason = tracing::field::Empty,
        );
        let mut in_flight = QueryInFlight::start(self.observer.as_ref(), query.channel);
        let result = tracing::Instrument::instrument(
            async {
                let plan = self.admit(query).await?;
                self.execute(plan).await
            },
            span.clone(),
        )
        .await;
        let end = match &result {
            Ok(_) => QueryEnd::Answered,
            Err(QueryError::Refused { reason, .. }) => {
                span.record("reason", reason.code());
                QueryEnd::Refused(*reason)
            }
            Err(QueryError::AuditFailed(_)) => QueryEnd::AuditFailed,
            Err(QueryError::RegistryUnavailable(_)) => QueryEnd::RegistryUnavailable,
        };
        span.record("result", end.code());
        in_flight.end(end);
        result
    }

    /// Runs an admitted query: fan out, collect, withhold what protection requires, audit.
    pub async fn execute(&self, plan: AdmittedQuery) -> Result<CompositeAnswer, QueryError> {
        let deadline = Instant::now() + self.config.deadline;
        let context = plan.context();
        let calls = SourceId::ALL
            .into_iter()
            .map(|id| self.resolve(id, &plan, &context, deadline));
        let mut sources = futures::future::join_all(calls).await;

        let protection: Vec<ProtectionMarker> = sources
            .iter()
            .filter_map(|r| match &r.outcome {
                Outcome::Ok { data, .. } => data.person.as_ref().map(|p| p.protection.clone()),
                _ => None,
            })
            .flatten()
            .collect();
        let protected = !protection.is_empty();
        let withheld = if protected {
            self.withhold_location(&mut sources)
        } else {
            Vec::new()
        };

        let received_at = plan.received_at();
        let query = plan.query();
        let record = AuditRecord::query(
            &query.query_id,
            received_at,
            query.channel,
            &query.person,
            query.period,
        )
        .sources(&sources)
        .protected(protected);
        let record = plan.recorded_attribution().on(record);
        let audit_seq = self.audit.append(record.build()).await?;
        tracing::info!(
            query_id = %query.query_id,
            channel = query.channel.code(),
            outcomes = %outcome_summary(&sources),
            protected,
            audit_seq,
            "composite query answered"
        );
        let query = plan.into_query();
        Ok(CompositeAnswer {
            query_id: query.query_id,
            received_at,
            completed_at: Timestamp::now(),
            person: query.person,
            period: query.period,
            protected,
            protection,
            withheld,
            sources,
            audit_seq,
        })
    }

    async fn resolve(
        &self,
        id: SourceId,
        plan: &AdmittedQuery,
        context: &QueryContext,
        deadline: Instant,
    ) -> SourceResult {
        let query = plan.query();
        if !query.sources.contains(&id) {
            return SourceResult::not_called(id, Outcome::NotRequested);
        }
        if plan.not_entitled().contains(&id) {
            return SourceResult::not_called(id, Outcome::NotEntitled);
        }
        let Some(adapter) = self.adapters.get(&id) else {
            return SourceResult::not_called(
                id,
                Outcome::Unavailable {
                    reason: "no adapter configured for this source".into(),
                },
            );
        };
        let request = SourceRequest {
            person: query.person.clone(),
            period: query
                .source_periods
                .get(&id)
                .copied()
                .unwrap_or(query.period),
            context: context.clone(),
            lefi_request: match (id, &query.lefi_request) {
                (SourceId::Fk, Some(lefi)) => Some(lefi.body.clone()),
                _ => None,
            },
        };
        let timeout = self
            .config
            .source_timeouts
            .get(&id)
            .copied()
            .unwrap_or(self.config.source_timeout);
        let breaker = &self.breakers[&id];
        let started = Instant::now();
        let result = self
            .call_with_retries(adapter.as_ref(), breaker, &request, timeout, deadline)
            .await;
        self.observer.source_ended(
            id,
            result.outcome.kind(),
            result.attempts,
            started.elapsed(),
        );
        result
    }

    async fn call_with_retries(
        &self,
        adapter: &dyn SourceAdapter,
        breaker: &CircuitBreaker,
        request: &SourceRequest,
        timeout: Duration,
        deadline: Instant,
    ) -> SourceResult {
        let id = adapter.source();
        let started = Instant::now();
        let mut attempts = 0;
        let mut last_failure: Option<Outcome> = None;
        while attempts < self.config.max_attempts.max(1) {
            let left = deadline.saturating_duration_since(Instant::now());
            if attempts > 0 && left < self.config.min_attempt_budget + self.config.retry_backoff {
                break;
            }
            if attempts > 0 {
                tokio::time::sleep(self.config.retry_backoff).await;
            }
            let Some(permit) = breaker.try_acquire() else {
                last_failure = Some(Outcome::Unavailable {
                    reason: "circuit open: the source failed repeatedly and is resting".into(),
                });
                break;
            };
            attempts += 1;
            let budget = timeout.min(deadline.saturating_duration_since(Instant::now()));
            let span = tracing::info_span!(
                "source_call",
                source = id.code(),
                attempt = attempts,
                outcome = tracing::field::Empty,
            );
            let result = tracing::Instrument::instrument(
                tokio::time::timeout(budget, adapter.fetch(request)),
                span.clone(),
            )
            .await;
            span.record(
                "outcome",
                match &result {
                    Ok(Ok(answer)) => answer.outcome.kind(),
                    Ok(Err(FetchError::Rejected(_))) => "source_error",
                    Ok(Err(FetchError::Unavailable(_))) => "unavailable",
                    Err(_elapsed) => "timed_out",
                },
            );
            match result {
                Ok(Ok(answer)) => {
                    let healthy = !matches!(answer.outcome, Outcome::InvalidResponse { .. });
                    breaker.record(permit, healthy);
                    return SourceResult {
                        source: id,
                        outcome: answer.outcome,
                        latency_ms: Some(elapsed_ms(started)),
                        retrieved_at: Some(Timestamp::now()),
                        attempts,
                        raw: Some(answer.raw),
                    };
                }
                Ok(Err(FetchError::Rejected(message))) => {
                    breaker.record(permit, true);
                    last_failure = Some(Outcome::SourceError {
                        code: "REJECTED".into(),
                        message,
                    });
                    break;
                }
                Ok(Err(FetchError::Unavailable(reason))) => {
                    breaker.record(permit, false);
                    last_failure = Some(Outcome::Unavailable { reason });
                }
                Err(_elapsed) => {
                    breaker.record(permit, false);
                    last_failure = Some(Outcome::TimedOut);
                    // A source that hung once is not asked again within the same deadline.
                    break;
                }
            }
        }
        let outcome = last_failure.unwrap_or(Outcome::TimedOut);
        tracing::warn!(
            source = id.code(),
            outcome = outcome.kind(),
            attempts,
            "source gave no answer"
        );
        SourceResult {
            source: id,
            outcome,
            latency_ms: Some(elapsed_ms(started)),
            retrieved_at: None,
            attempts,
            raw: None,
        }
    }
}

impl Orchestrator {
    /// Removes location-revealing data from every source result of a protected person: the
    /// canonical addresses, and the raw payloads' address-like fields (each adapter scrubs
    /// its own format; a payload that cannot be scrubbed is withheld whole).
    fn withhold_location(&self, sources: &mut [SourceResult]) -> Vec<String> {
        let mut withheld = Vec::new();
        for result in sources.iter_mut() {
            if let Outcome::Ok { data, .. } = &mut result.outcome
                && let Some(person) = data.person.as_mut()
                && !person.addresses.is_empty()
            {
                person.addresses.clear();
                push_once(&mut withheld, "addresses");
            }
            let Some(raw) = result.raw.take() else {
                continue;
            };
            let scrubbed = self
                .adapters
                .get(&result.source)
                .and_then(|a| a.scrub_location(&raw));
            match scrubbed {
                Some(clean) => {
                    if clean.body != raw.body {
                        push_once(&mut withheld, "raw_location_fields");
                    }
                    result.raw = Some(clean);
                }
                None => push_once(&mut withheld, "raw_payloads"),
            }
        }
        withheld.sort();
        withheld
    }
}

fn push_once(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|i| i == item) {
        list.push(item.to_owned());
    }
}

fn elapsed_ms(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

fn outcome_summary(sources: &[SourceResult]) -> String {
    sources
        .iter()
        .map(|r| format!("{}={}", r.source.code(), r.outcome.kind()))
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests;
