//! A router over scripted adapters and an in-memory audit sink, plus request helpers.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;
use underlag_api::{ApiSettings, AppState, router};
use underlag_audit::AuditRecord;
use underlag_domain::Organisationsnummer;
use underlag_domain::model::SourceData;
use underlag_domain::{Outcome, RawPayload, SourceId};
use underlag_service::registry::{Connection, ConnectionStatus, Processor};
use underlag_service::{
    Answer, AuditFailure, AuditSink, BindingConfig, FetchError, MemoryRegistry, Orchestrator,
    OrchestratorConfig, SourceAdapter, SourceRequest,
};
use underlag_spec::Spec;

pub(crate) struct CountingAdapter {
    pub(crate) id: SourceId,
    pub(crate) calls: AtomicU32,
    /// How long each answer takes (tokio's clock, so paused-clock tests stay instant).
    pub(crate) delay: Duration,
}

#[async_trait]
impl SourceAdapter for CountingAdapter {
    fn source(&self) -> SourceId {
        self.id
    }

    async fn fetch(&self, _request: &SourceRequest) -> Result<Answer, FetchError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
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

    async fn ping(&self) -> Result<bool, FetchError> {
        Ok(true)
    }
}

#[derive(Default)]
pub(crate) struct MemoryAudit {
    pub(crate) events: Mutex<Vec<AuditRecord>>,
    pub(crate) fail: bool,
}

#[async_trait]
impl AuditSink for MemoryAudit {
    async fn append(&self, event: AuditRecord) -> Result<u64, AuditFailure> {
        if self.fail {
            return Err(AuditFailure("disk full".into()));
        }
        let mut events = self.events.lock().unwrap();
        events.push(event);
        Ok(events.len() as u64)
    }
}

/// The connection of [`valid_request`]'s organisation: every source, one data processor.
pub(crate) fn connection() -> Connection {
    Connection {
        organisation: Organisationsnummer::parse("2120000142").unwrap(),
        name: "Exempelkommun".into(),
        committee_unit: "Socialnämnden".into(),
        certificate_fingerprints: vec![],
        lefi_actor_id: None,
        entitled_sources: SourceId::ALL.into_iter().collect(),
        entitled_information_types: vec![],
        status: ConnectionStatus::Active,
        data_processors: vec![Processor {
            organisation: Organisationsnummer::parse("5566778899").unwrap(),
            name: "Exempel Drift AB".into(),
        }],
        syfte_mappings: Vec::new(),
    }
}

/// A registry holding [`connection`].
pub(crate) fn registry() -> Arc<MemoryRegistry> {
    let registry = Arc::new(MemoryRegistry::new());
    registry.put_connection(connection());
    registry
}

/// The binding on the tests' fixed day. The query tests are about validation, not the case
/// binding, so a query's case is registered at its first query (opted into, as the demo
/// does; the built-in default is off).
pub(crate) fn binding() -> BindingConfig {
    BindingConfig {
        today: || jiff::civil::date(2026, 11, 22),
        auto_register_first_query: true,
        ..BindingConfig::default()
    }
}

pub(crate) struct TestApi {
    pub(crate) router: axum::Router,
    pub(crate) adapters: Vec<Arc<CountingAdapter>>,
    pub(crate) audit: Arc<MemoryAudit>,
    pub(crate) registry: Arc<MemoryRegistry>,
}

impl TestApi {
    pub(crate) fn new(audit_fails: bool) -> Self {
        Self::with_settings(audit_fails, &ApiSettings::default(), Duration::ZERO)
    }

    /// A router with these API settings whose agencies each take `adapter_delay` to answer.
    pub(crate) fn with_settings(
        audit_fails: bool,
        settings: &ApiSettings,
        adapter_delay: Duration,
    ) -> Self {
        let adapters: Vec<Arc<CountingAdapter>> = SourceId::ALL
            .into_iter()
            .map(|id| {
                Arc::new(CountingAdapter {
                    id,
                    calls: AtomicU32::new(0),
                    delay: adapter_delay,
                })
            })
            .collect();
        let audit = Arc::new(MemoryAudit {
            fail: audit_fails,
            ..MemoryAudit::default()
        });
        let registry = registry();
        let orchestrator = Orchestrator::new(
            adapters
                .iter()
                .map(|a| a.clone() as Arc<dyn SourceAdapter>)
                .collect(),
            audit.clone(),
            OrchestratorConfig::default(),
        )
        .with_registry(registry.clone(), binding());
        let state = AppState {
            orchestrator: Arc::new(orchestrator),
            spec: Arc::new(Spec::embedded().expect("the embedded spec loads")),
            today: || jiff::civil::date(2026, 11, 22),
            body_limit: 64 * 1024,
        };
        Self {
            router: router(state, settings),
            adapters,
            audit,
            registry,
        }
    }

    pub(crate) fn calls(&self) -> u32 {
        self.adapters
            .iter()
            .map(|a| a.calls.load(Ordering::SeqCst))
            .sum()
    }

    pub(crate) async fn post(
        &self,
        content_type: &str,
        body: impl Into<Body>,
    ) -> (StatusCode, String, serde_json::Value) {
        let request = Request::post("/api/v1/queries")
            .header("content-type", content_type)
            .body(body.into())
            .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let ctype = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let json = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
        (status, ctype, json)
    }

    /// Any request with an optional JSON body; the answer as JSON (or `Null`).
    pub(crate) async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (StatusCode, String, serde_json::Value) {
        let builder = Request::builder().method(method).uri(path);
        let request = match body {
            Some(b) => builder
                .header("content-type", "application/json")
                .body(Body::from(b.to_string())),
            None => builder.body(Body::empty()),
        }
        .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let ctype = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let json = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
        (status, ctype, json)
    }

    pub(crate) async fn get(&self, path: &str) -> (StatusCode, String) {
        let response = self
            .router
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// A valid request body; tests change one field at a time.
pub(crate) fn valid_request() -> serde_json::Value {
    serde_json::json!({
        "organisation": "2120000142",
        "organisation_name": "Exempelkommun",
        "case_worker": "hl001",
        "case_id": "EB-2026-1",
        "purpose": "Utredning av rätt till ekonomiskt bistånd",
        "legal_basis": "12 kap. socialtjänstlagen (2025:400)",
        "person": "19900101-2385",
        "period": { "from": "2026-01-01", "to": "2026-10-31" }
    })
}
