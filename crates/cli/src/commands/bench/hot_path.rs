//! `underlag bench hot-path`: one composite query's processing, in-process and
//! deterministic, for an instruction count (`scripts/bench/instruction-guard` runs it under
//! valgrind's callgrind and compares with a committed baseline).
//!
//! A query is a REST request through the real router (`underlag_api::router`: body limits,
//! JSON parsing and field checks), the core (purpose and case binding against an in-memory
//! registry, query-time registration of the case, the fan-out to seven sources under the
//! deadline, the audit record) and the answer's serialisation. Each source answers with its
//! SSBTEK v10 contract fixture, read by the gateway's own code (XML parse, field rules of the
//! information specification, mapping); the audit sink hashes every record into a chain in
//! memory. Left out, on purpose: sockets, HTTP framing, the agencies and the database, whose
//! instruction counts depend on the kernel and timing rather than on our code.
//!
//! Everything runs on one thread (a current-thread runtime), and only
//! [`measured_queries`] is counted (`--toggle-collect`), after warm-up queries have done the
//! lazy initialisation.

use std::sync::{Arc, Mutex};

use anyhow::{Context, bail};
use async_trait::async_trait;
use axum::body::Body;
use axum::http::Request;
use tower::ServiceExt;
use underlag_audit::{AuditRecord, ChainedRecord};
use underlag_domain::{LefiActorId, RawPayload, SourceId};
use underlag_service::registry::{Connection, ConnectionStatus};
use underlag_service::{
    Answer, AuditFailure, AuditSink, BindingConfig, FetchError, MemoryRegistry, Orchestrator,
    OrchestratorConfig, SourceAdapter, SourceRequest,
};
use underlag_spec::Spec;

use super::FIXTURES;

/// The day the in-process doors take for today.
const TODAY: jiff::civil::Date = jiff::civil::date(2026, 11, 22);

/// `underlag bench hot-path` options.
#[derive(Debug, Clone, clap::Args)]
pub struct HotPathArgs {
    /// Queries in the measured part.
    #[arg(long, default_value_t = 10)]
    pub queries: u32,
    /// Queries before it (lazy initialisation, first allocations).
    #[arg(long, default_value_t = 2)]
    pub warm_up: u32,
}

/// Runs the warm-up and the measured queries; prints how many were answered.
pub fn run(args: HotPathArgs) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start a runtime")?;
    let router = runtime.block_on(async { router() })?;
    let warmed = runtime.block_on(queries(&router, 0, args.warm_up))?;
    let answered = measured_queries(&runtime, &router, args.warm_up, args.queries)?;
    println!(
        "hot path: {} warm-up and {answered} measured composite queries answered (seven sources each)",
        warmed
    );
    Ok(())
}

/// The measured part: the name callgrind's `--toggle-collect` counts.
#[inline(never)]
pub fn measured_queries(
    runtime: &tokio::runtime::Runtime,
    router: &axum::Router,
    first: u32,
    count: u32,
) -> anyhow::Result<u32> {
    runtime.block_on(queries(router, first, count))
}

/// Sends `count` queries numbered from `first` (each a new case); in every answer, each of
/// the seven sources must have answered (`ok`, or `no_match` for FK's fixture).
pub async fn queries(router: &axum::Router, first: u32, count: u32) -> anyhow::Result<u32> {
    for n in first..first + count {
        let body = serde_json::json!({
            "organisation": "2120000142", "organisation_name": "Exempelkommun",
            "case_worker": "bench", "case_id": format!("EB-HOT-{n}"),
            "purpose": "EKB-UTREDNING: belastningsprov",
            "legal_basis": "12 kap. socialtjänstlagen (2025:400), förordning (2008:975)",
            "person": "199001012385",
            "period": { "from": "2026-01-01", "to": "2026-10-31" }
        });
        let request = Request::post("/api/v1/queries")
            .header("content-type", "application/json")
            .body(Body::from(serde_json::to_vec(&body)?))?;
        let response = router.clone().oneshot(request).await?;
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await?;
        if !status.is_success() {
            bail!("query {n} answered {status}");
        }
        let answer: serde_json::Value = serde_json::from_slice(&bytes)?;
        let answered = answer["sources"].as_array().map(|s| {
            s.iter()
                .filter(|s| s["status"] == "ok" || s["status"] == "no_match")
                .count()
        });
        if answered != Some(FIXTURES.len()) {
            bail!("query {n}: not every source answered");
        }
    }
    Ok(count)
}

/// The REST door over the core, the fixture sources, an in-memory registry with the demo
/// connection (the seven v10 providers) and a hashing in-memory audit.
pub fn router() -> anyhow::Result<axum::Router> {
    let spec = Arc::new(Spec::embedded().map_err(|e| anyhow::anyhow!("{e}"))?);
    let adapters: Vec<Arc<dyn SourceAdapter>> = FIXTURES
        .iter()
        .map(|(source, fixture)| {
            Arc::new(FixtureAgency {
                source: *source,
                fixture,
                spec: spec.clone(),
            }) as Arc<dyn SourceAdapter>
        })
        .collect();
    let registry = Arc::new(MemoryRegistry::new());
    registry.put_connection(Connection {
        organisation: underlag_domain::Organisationsnummer::parse("2120000142")?,
        name: "Exempelkommun".into(),
        committee_unit: "Socialnämnden".into(),
        certificate_fingerprints: Vec::new(),
        lefi_actor_id: None,
        entitled_sources: FIXTURES.iter().map(|(s, _)| *s).collect(),
        source_legal_bases: Default::default(),
        entitled_information_types: Vec::new(),
        status: ConnectionStatus::Active,
        data_processors: Vec::new(),
        syfte_mappings: Vec::new(),
    });
    let mut binding = BindingConfig {
        today: || TODAY,
        auto_register_first_query: true,
        ..BindingConfig::default()
    };
    binding.policy.default_lefi_actor_id = LefiActorId::parse("UNDERLAG-DEMO").ok();
    let orchestrator = Arc::new(
        Orchestrator::new(
            adapters,
            Arc::new(ChainInMemory::default()),
            OrchestratorConfig::default(),
        )
        .with_registry(registry, binding),
    );
    let state = underlag_api::AppState {
        orchestrator,
        spec,
        today: || TODAY,
        body_limit: 64 * 1024,
        status_events: None,
    };
    Ok(underlag_api::router(
        state,
        &underlag_api::ApiSettings::default(),
    ))
}

/// A source answering every question with its contract fixture, read by the gateway's code.
struct FixtureAgency {
    source: SourceId,
    fixture: &'static str,
    spec: Arc<Spec>,
}

#[async_trait]
impl SourceAdapter for FixtureAgency {
    fn source(&self) -> SourceId {
        self.source
    }

    async fn fetch(&self, _request: &SourceRequest) -> Result<Answer, FetchError> {
        let document = roxmltree::Document::parse(self.fixture)
            .map_err(|e| FetchError::Unavailable(e.to_string()))?;
        let element = document
            .descendants()
            .find(|n| n.tag_name().name() == self.source.code())
            .ok_or_else(|| FetchError::Unavailable("no source element".into()))?;
        let outcome =
            underlag_upstream::ssbtek::interpret_source_element(&self.spec, self.source, element);
        Ok(Answer {
            outcome,
            raw: RawPayload {
                content_type: "text/xml".into(),
                body: self.fixture.to_owned(),
            },
        })
    }

    async fn ping(&self) -> Result<bool, FetchError> {
        Ok(true)
    }
}

/// An audit sink that chains and hashes every record in memory (the store's work without
/// the database).
#[derive(Default)]
struct ChainInMemory {
    head: Mutex<Option<ChainedRecord>>,
}

#[async_trait]
impl AuditSink for ChainInMemory {
    async fn append(&self, record: AuditRecord) -> Result<u64, AuditFailure> {
        let mut head = self
            .head
            .lock()
            .map_err(|_| AuditFailure("poisoned".into()))?;
        let next = ChainedRecord::after(head.as_ref(), record);
        let seq = next.seq;
        *head = Some(next);
        Ok(seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hot_path_answers_every_query_from_seven_sources() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let router = router().unwrap();
        assert_eq!(measured_queries(&runtime, &router, 0, 3).unwrap(), 3);
        // The same case again: already registered with the same person, still answered.
        assert_eq!(runtime.block_on(queries(&router, 0, 1)).unwrap(), 1);
    }
}
