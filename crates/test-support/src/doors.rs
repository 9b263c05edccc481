//! The REST and SOAP doors in-process, over an orchestrator whose agencies the test gives:
//! scripted ones by default (each answers `ok` with empty data after a set delay), or any
//! adapters (the real ones towards the simulator, wrapped). Every agency counts its calls;
//! the audit and the registry are in memory. Requests go through the router with tower's
//! `oneshot`, so tests can run on tokio's paused clock.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use axum::Router;
use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use jiff::civil::Date;
use tower::ServiceExt;
use underlag_api::{ApiSettings, AppState};
use underlag_domain::model::SourceData;
use underlag_domain::{LefiActorId, Outcome, Period, RawPayload, SourceId};
use underlag_service::registry::Connection;
use underlag_service::{
    Answer, BindingConfig, FetchError, MemoryRegistry, Orchestrator, OrchestratorConfig,
    SourceAdapter, SourceRequest,
};
use underlag_sim::SimHandle;
use underlag_soap::{SoapSettings, SoapState};
use underlag_spec::Spec;
use underlag_upstream::Endpoints;

use crate::audit::MemoryAudit;
use crate::fixtures;
use crate::reply::{Doorway, Reply};

/// The day the doors take for today unless told otherwise.
pub const FIXED_TODAY: Date = jiff::civil::date(2026, 11, 22);

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for CountingAdapter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CountingAdapter").finish_non_exhaustive()
    }
}

/// An agency that counts the calls made to it, and keeps the period each call asked about: a
/// scripted one answering `ok` with empty data after `delay` (tokio's clock), or a wrapper
/// around a real adapter (scrubbing included).
pub struct CountingAdapter {
    id: SourceId,
    inner: Option<Arc<dyn SourceAdapter>>,
    delay: Duration,
    calls: AtomicU32,
    periods: Mutex<Vec<Period>>,
}

impl CountingAdapter {
    /// A scripted agency for `id`.
    pub fn scripted(id: SourceId, delay: Duration) -> Self {
        Self {
            id,
            inner: None,
            delay,
            calls: AtomicU32::new(0),
            periods: Mutex::new(Vec::new()),
        }
    }

    /// `adapter`, counted.
    pub fn wrapping(adapter: Arc<dyn SourceAdapter>) -> Self {
        Self {
            id: adapter.source(),
            inner: Some(adapter),
            delay: Duration::ZERO,
            calls: AtomicU32::new(0),
            periods: Mutex::new(Vec::new()),
        }
    }

    /// How many data questions it was asked.
    pub fn calls(&self) -> u32 {
        self.calls.load(Ordering::SeqCst)
    }

    /// The period of every data question it was asked, in order: what reached the agency.
    pub fn periods(&self) -> Vec<Period> {
        self.periods
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

#[async_trait]
impl SourceAdapter for CountingAdapter {
    fn source(&self) -> SourceId {
        self.id
    }

    async fn fetch(&self, request: &SourceRequest) -> Result<Answer, FetchError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.periods
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(request.period);
        if let Some(inner) = &self.inner {
            return inner.fetch(request).await;
        }
        tokio::time::sleep(self.delay).await;
        Ok(Answer {
            outcome: Outcome::Ok {
                data: Box::new(SourceData::default()),
                warnings: vec![],
            },
            raw: RawPayload {
                content_type: "application/xml".into(),
                body: "<x/>".into(),
            },
        })
    }

    fn scrub_location(&self, raw: &RawPayload) -> Option<RawPayload> {
        self.inner
            .as_ref()
            .and_then(|inner| inner.scrub_location(raw))
    }

    async fn ping(&self) -> Result<bool, FetchError> {
        match &self.inner {
            Some(inner) => inner.ping().await,
            None => Ok(true),
        }
    }
}

/// The real adapters towards the simulated agencies (FK's test service asked as
/// `lefi_actor_id`).
pub fn simulated_agencies(
    sim: &SimHandle,
    spec: &Arc<Spec>,
    lefi_actor_id: &str,
) -> Vec<Arc<dyn SourceAdapter>> {
    let mut endpoints =
        Endpoints::from_base_urls(SourceId::ALL.into_iter().map(|id| (id, sim.base_url(id))));
    endpoints.lefi_ping_actor_id = lefi_actor_id.to_owned();
    SourceId::ALL
        .into_iter()
        .map(|id| underlag_upstream::adapter(&endpoints, id, spec.clone()).expect("an adapter"))
        .collect()
}

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for DoorsBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DoorsBuilder").finish_non_exhaustive()
    }
}

/// How to build [`Doors`].
pub struct DoorsBuilder {
    agencies: Option<Vec<Arc<dyn SourceAdapter>>>,
    agency_delay: Duration,
    audit_fails: bool,
    api: ApiSettings,
    soap: SoapSettings,
    orchestrator: OrchestratorConfig,
    binding: BindingConfig,
    connection: Connection,
    today: fn() -> Date,
    lefi_actor_id: LefiActorId,
    spec: Arc<Spec>,
}

impl Default for DoorsBuilder {
    fn default() -> Self {
        Self {
            agencies: None,
            agency_delay: Duration::ZERO,
            audit_fails: false,
            api: ApiSettings::default(),
            soap: SoapSettings::default(),
            orchestrator: OrchestratorConfig::default(),
            // Queries register their case at the first query (opted into, as the demo does):
            // tests of the doors are about the doors, not the case binding.
            binding: BindingConfig {
                today: || FIXED_TODAY,
                auto_register_first_query: true,
                ..BindingConfig::default()
            },
            connection: underlag_service::registry::Connection {
                data_processors: vec![fixtures::exempel_drift()],
                ..fixtures::exempelkommun()
            },
            today: || FIXED_TODAY,
            lefi_actor_id: LefiActorId::parse("A1").expect("a valid actor id"),
            spec: Arc::new(Spec::embedded().expect("the embedded spec loads")),
        }
    }
}

impl DoorsBuilder {
    /// The information specification the doors will use (for adapters built beside them).
    pub fn spec(&self) -> Arc<Spec> {
        self.spec.clone()
    }

    /// These agencies (each is counted) instead of the scripted ones.
    pub fn agencies(mut self, agencies: Vec<Arc<dyn SourceAdapter>>) -> Self {
        self.agencies = Some(agencies);
        self
    }

    /// How long each scripted agency takes to answer (default: at once).
    pub fn agency_delay(mut self, delay: Duration) -> Self {
        self.agency_delay = delay;
        self
    }

    /// An audit whose every append fails.
    pub fn failing_audit(mut self) -> Self {
        self.audit_fails = true;
        self
    }

    /// The REST door's time limits.
    pub fn api_settings(mut self, settings: ApiSettings) -> Self {
        self.api = settings;
        self
    }

    /// The SOAP door's settings.
    pub fn soap_settings(mut self, settings: SoapSettings) -> Self {
        self.soap = settings;
        self
    }

    /// The orchestrator's deadlines, retries and breakers.
    pub fn orchestrator(mut self, config: OrchestratorConfig) -> Self {
        self.orchestrator = config;
        self
    }

    /// The purpose and case binding (default: registration at the first query, today
    /// [`FIXED_TODAY`]); its fallback LEFI actor id is [`DoorsBuilder::lefi_actor_id`]'s.
    pub fn binding(mut self, binding: BindingConfig) -> Self {
        self.binding = binding;
        self
    }

    /// The registered connection (default: Exempelkommun with Exempel Drift AB as its data
    /// processor).
    pub fn connection(mut self, connection: Connection) -> Self {
        self.connection = connection;
        self
    }

    /// The doors' "today" (default [`FIXED_TODAY`]).
    pub fn today(mut self, today: fn() -> Date) -> Self {
        self.today = today;
        self
    }

    /// The LEFI actor id used towards FK when neither the query nor the connection names
    /// one (default `A1`).
    pub fn lefi_actor_id(mut self, id: &str) -> Self {
        self.lefi_actor_id = LefiActorId::parse(id).expect("a valid actor id");
        self
    }

    /// The doors.
    pub fn build(mut self) -> Doors {
        self.binding.policy.default_lefi_actor_id = Some(self.lefi_actor_id);
        let agencies: Vec<Arc<CountingAdapter>> = match self.agencies {
            Some(adapters) => adapters
                .into_iter()
                .map(|a| Arc::new(CountingAdapter::wrapping(a)))
                .collect(),
            None => SourceId::ALL
                .into_iter()
                .map(|id| Arc::new(CountingAdapter::scripted(id, self.agency_delay)))
                .collect(),
        };
        let audit = Arc::new(MemoryAudit::default());
        audit.set_failing(self.audit_fails);
        let registry = Arc::new(MemoryRegistry::new());
        registry.put_connection(self.connection);
        let orchestrator = Arc::new(
            Orchestrator::new(
                agencies
                    .iter()
                    .map(|a| a.clone() as Arc<dyn SourceAdapter>)
                    .collect(),
                audit.clone(),
                self.orchestrator,
            )
            .with_registry(registry.clone(), self.binding),
        );
        let spec = self.spec;
        let state = AppState {
            orchestrator: orchestrator.clone(),
            spec: spec.clone(),
            today: self.today,
            status_events: None,
            body_limit: 64 * 1024,
        };
        let soap = SoapState {
            orchestrator: orchestrator.clone(),
            spec: spec.clone(),
            settings: self.soap,
        };
        let router = underlag_api::router(state, &self.api).merge(underlag_soap::router(soap));
        Doors {
            router,
            audit,
            registry,
            orchestrator,
            spec,
            agencies,
        }
    }
}

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for Doors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Doors").finish_non_exhaustive()
    }
}

/// The doors over an orchestrator with counted agencies, an in-memory audit and registry.
pub struct Doors {
    router: Router,
    /// What was audited.
    pub audit: Arc<MemoryAudit>,
    /// The connection registry (connections and cases).
    pub registry: Arc<MemoryRegistry>,
    /// The core behind both doors.
    pub orchestrator: Arc<Orchestrator>,
    /// The information specification the doors use.
    pub spec: Arc<Spec>,
    agencies: Vec<Arc<CountingAdapter>>,
}

impl Doors {
    /// The default doors: one scripted agency per source, answering at once.
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// Doors to be configured.
    pub fn builder() -> DoorsBuilder {
        DoorsBuilder::default()
    }

    /// How many data questions the agencies were asked, in all.
    pub fn calls(&self) -> u32 {
        self.agencies.iter().map(|a| a.calls()).sum()
    }

    /// The periods the agency of `id` was asked about, one per data question, in order
    /// (empty when it was not asked or the doors have no agency for it).
    pub fn periods_asked(&self, id: SourceId) -> Vec<Period> {
        self.agencies
            .iter()
            .filter(|a| a.source() == id)
            .flat_map(|a| a.periods())
            .collect()
    }

    /// Posts `body` as a query and checks that it is refused as invalid: a 400 problem
    /// document, no agency asked, nothing audited. The problem.
    pub async fn assert_invalid(&self, body: &serde_json::Value) -> serde_json::Value {
        let reply = self.post_query(body).await;
        assert_eq!(reply.status, 400, "{}", reply.text);
        assert_eq!(reply.content_type, underlag_api::PROBLEM_JSON);
        assert_eq!(
            self.calls(),
            0,
            "no lookup may be made for a refused request"
        );
        assert!(self.audit.is_empty(), "a refused request is not audited");
        reply.body
    }

    /// The router (REST and SOAP merged).
    pub fn router(&self) -> Router {
        self.router.clone()
    }

    /// Serves the router on a loopback port until the returned value is dropped.
    pub async fn serve(&self) -> Served {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        let task = tokio::spawn(axum::serve(listener, self.router()).into_future());
        Served { url, task }
    }
}

impl Default for Doors {
    fn default() -> Self {
        Self::new()
    }
}

impl Doorway for Doors {
    async fn call(&self, request: Request<Body>) -> Reply {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router is infallible");
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.expect("the body is read").to_bytes();
        Reply::new(parts.status, &parts.headers, &bytes)
    }
}

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for Served {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Served").finish_non_exhaustive()
    }
}

/// The doors served on loopback; the server stops when this is dropped.
pub struct Served {
    /// The base URL, `http://127.0.0.1:PORT`.
    pub url: String,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Drop for Served {
    fn drop(&mut self) {
        self.task.abort();
    }
}
