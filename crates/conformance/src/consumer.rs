//! The consumer stand-in: a stand-in gateway for case-system vendors, speaking Underlag's REST
//! API and the SSBTEK v10 SOAP contract.
//!
//! It is built from the real doors (`underlag_api::router`, `underlag_soap::router`) over a
//! real orchestrator and binding, so every request is checked exactly as the gateway checks it
//! (required fields, identity numbers, purpose, case id, period, data processors), and every
//! answer has the real shape. Behind the doors the agencies are the simulator's, reached with
//! the gateway's own adapters, wrapped by a script: per scenario, a source answers as the
//! population says (data, no match, protected identity, preliminary and retro payments) or
//! fails as scripted (`timed_out`, `unavailable` → SOAP `error` with `kalla` SSBT,
//! `source_error` → `kalla` BT, `invalid_response`), or the whole call fails.
//!
//! A scenario is chosen by the header `X-Underlag-Scenario`, by its test personnummer, or
//! through the control API (`PUT /conformance/scenario` with `{"id": …}`, `DELETE` to clear).
//! Every request is recorded (channel, status, the fields refused; never the payload), and
//! `GET /conformance/report` lists what was received and which scenarios were exercised and
//! which never were. Only the simulator's synthetic persons are ever answered about.

mod control;
mod recording;
mod script;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use axum::Router;
use axum::middleware;
use axum::routing::{get, put};
use underlag_domain::{LefiActorId, Organisationsnummer, SourceId};
use underlag_service::registry::{Connection, ConnectionStatus, Processor};
use underlag_service::{
    AuditFailure, AuditSink, BindingConfig, BreakerConfig, MemoryRegistry, Orchestrator,
    OrchestratorConfig, SourceAdapter,
};
use underlag_sim::{SimConfig, SimHandle, Simulator};
use underlag_spec::Spec;
use underlag_upstream::Endpoints;

use crate::case::Scenario;
use crate::report::Report;
use control::{build_report, choose_scenario, clear_scenario, report_json};
use recording::record;
use script::{Recorder, Script, ScriptedSource, lock};

/// The header that chooses a scenario for one request.
pub const SCENARIO_HEADER: &str = "x-underlag-scenario";
/// The organisation the stand-in has connected (Exempelkommun).
pub const ORGANISATION: &str = "2120000142";

/// The legal basis the stand-in's connection holds for the sources that need one.
const STAND_IN_LEGAL_BASIS: &str =
    "Lag om uppgiftsskyldighet till socialnämnden (prop. 2024/25:179; prop. 2023/24:85)";
/// The data processor the stand-in's connection allows (Exempel Drift AB).
pub const PROCESSOR: &str = "5566778899";
/// Each source's time budget behind the stand-in; a `timed_out` source answers later.
pub const SOURCE_TIMEOUT: Duration = Duration::from_millis(1500);

/// Why the stand-in could not start.
#[derive(Debug, thiserror::Error)]
pub enum ConsumerError {
    /// The simulator or an adapter could not be set up.
    #[error("cannot start the stand-in: {0}")]
    Setup(String),
}

/// One request the stand-in received (no payload, no identity number).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Received {
    /// `rest` or `soap`.
    pub channel: &'static str,
    /// The path.
    pub path: String,
    /// The scenario it was served, if any.
    pub scenario: Option<String>,
    /// The HTTP status answered.
    pub status: u16,
    /// Whether the request was refused as invalid (or not allowed).
    pub refused: bool,
    /// The fields refused and why (from the problem document or the SOAP fault).
    pub problems: Vec<String>,
}

/// A running stand-in's router and state.
pub struct StandIn {
    router: Router,
    script: Arc<Script>,
    sim: SimHandle,
}

// Debug names the type only: its fields hold handles and recorded traffic.
impl std::fmt::Debug for StandIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StandIn").finish_non_exhaustive()
    }
}

/// An audit sink that keeps nothing: the stand-in answers about synthetic persons only.
struct DiscardingAudit(std::sync::atomic::AtomicU64);

#[async_trait]
impl AuditSink for DiscardingAudit {
    async fn append(&self, _record: underlag_audit::AuditRecord) -> Result<u64, AuditFailure> {
        Ok(self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1)
    }
}

impl StandIn {
    /// Starts the simulator behind the stand-in and builds the doors.
    pub async fn start(scenarios: Vec<Scenario>, spec: Arc<Spec>) -> Result<Self, ConsumerError> {
        let setup = |e: &dyn std::fmt::Display| ConsumerError::Setup(e.to_string());
        let sim = Simulator::start(SimConfig::default())
            .await
            .map_err(|e| setup(&e))?;
        let script = Arc::new(Script {
            scenarios,
            by_person: Mutex::new(HashMap::new()),
            active: Mutex::new(None),
            recorder: Mutex::new(Recorder::default()),
        });
        let endpoints = Endpoints::from_base_urls(SourceId::ALL.map(|s| (s, sim.base_url(s))));
        let mut adapters: Vec<Arc<dyn SourceAdapter>> = Vec::new();
        for source in SourceId::ALL {
            let inner = underlag_upstream::adapter(&endpoints, source, spec.clone())
                .map_err(|e| setup(&e))?;
            adapters.push(Arc::new(ScriptedSource {
                inner,
                script: script.clone(),
            }));
        }
        let organisation = Organisationsnummer::parse(ORGANISATION).map_err(|e| setup(&e))?;
        let processor = Organisationsnummer::parse(PROCESSOR).map_err(|e| setup(&e))?;
        let registry = Arc::new(MemoryRegistry::new());
        registry.put_connection(Connection {
            organisation,
            name: "Exempelkommun".to_owned(),
            committee_unit: "Socialnämnden, enheten för ekonomiskt bistånd".to_owned(),
            certificate_fingerprints: Vec::new(),
            lefi_actor_id: None,
            entitled_sources: SourceId::ALL.into_iter().collect(),
            entitled_information_types: Vec::new(),
            status: ConnectionStatus::Active,
            data_processors: vec![Processor {
                organisation: processor,
                name: "Exempel Drift AB".to_owned(),
            }],
            syfte_mappings: Vec::new(),
            // The sources that need a registered legal basis (AGI, Kronofogden) have one, so
            // a vendor's REST client sees them answer like the others.
            source_legal_bases: SourceId::ALL
                .into_iter()
                .filter(|s| s.requires_legal_basis())
                .map(|s| (s, STAND_IN_LEGAL_BASIS.to_owned()))
                .collect(),
        });
        let mut binding = BindingConfig {
            auto_register_first_query: true,
            ..BindingConfig::default()
        };
        binding.policy.default_lefi_actor_id =
            Some(LefiActorId::parse("underlag-conformance").map_err(|e| setup(&e))?);
        let config = OrchestratorConfig {
            source_timeout: SOURCE_TIMEOUT,
            breaker: BreakerConfig {
                failure_threshold: u32::MAX,
                ..OrchestratorConfig::default().breaker
            },
            max_attempts: 1,
            ..OrchestratorConfig::default()
        };
        let audit = Arc::new(DiscardingAudit(std::sync::atomic::AtomicU64::new(0)));
        let orchestrator =
            Arc::new(Orchestrator::new(adapters, audit, config).with_registry(registry, binding));
        let api = underlag_api::router(
            underlag_api::AppState {
                orchestrator: orchestrator.clone(),
                spec: spec.clone(),
                today: underlag_api::system_today,
                status_events: None,
                body_limit: 256 * 1024,
            },
            &underlag_api::ApiSettings::default(),
        );
        let soap = underlag_soap::router(underlag_soap::SoapState {
            orchestrator,
            spec,
            settings: underlag_soap::SoapSettings::default(),
        });
        let doors = api
            .merge(soap)
            .layer(middleware::from_fn_with_state(script.clone(), record));
        let control = Router::new()
            .route("/conformance/report", get(report_json))
            .route(
                "/conformance/scenario",
                put(choose_scenario).delete(clear_scenario),
            )
            .with_state(script.clone());
        Ok(Self {
            router: doors.merge(control),
            script,
            sim,
        })
    }

    /// The router: the REST and SOAP doors and the control API.
    pub fn router(&self) -> Router {
        self.router.clone()
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        lock(&self.script.recorder).received.clone()
    }

    /// The run so far as a report: one case per scenario (failed when never exercised) and one
    /// per request received (failed when refused, naming the fields).
    pub fn report(&self, target: &str) -> Report {
        build_report(&self.script, target)
    }

    /// Stops the simulator behind the stand-in.
    pub async fn shutdown(self) {
        self.sim.shutdown().await;
    }
}
