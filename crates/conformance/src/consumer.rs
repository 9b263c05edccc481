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

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use serde_json::json;
use underlag_catalogue::Code;
use underlag_domain::{
    LefiActorId, Organisationsnummer, Outcome, Personnummer, RawPayload, Severity, SourceId,
    Violation,
};
use underlag_service::registry::{Connection, ConnectionStatus, Processor};
use underlag_service::{
    Answer, AuditFailure, AuditSink, BindingConfig, BreakerConfig, FetchError, MemoryRegistry,
    Orchestrator, OrchestratorConfig, SourceAdapter, SourceRequest,
};
use underlag_sim::{SimConfig, SimHandle, Simulator};
use underlag_spec::Spec;
use underlag_upstream::Endpoints;

use crate::case::Scenario;
use crate::report::{CaseResult, Report, Verdict};

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

#[derive(Default)]
struct Recorder {
    received: Vec<Received>,
    exercised: BTreeMap<String, u32>,
}

/// The stand-in's shared state.
struct Script {
    scenarios: Vec<Scenario>,
    /// Scenario per person (canonical number), set by the header for the request's person.
    by_person: Mutex<HashMap<String, String>>,
    /// The scenario chosen through the control API.
    active: Mutex<Option<String>>,
    recorder: Mutex<Recorder>,
}

impl Script {
    fn find(&self, id: &str) -> Option<&Scenario> {
        self.scenarios.iter().find(|s| s.id == id)
    }

    /// The scenario for a person: the header's, else the control API's, else the one whose
    /// test personnummer it is.
    fn for_person(&self, person: &str) -> Option<&Scenario> {
        let by_header = lock(&self.by_person).get(person).cloned();
        let active = lock(&self.active).clone();
        by_header
            .or(active)
            .and_then(|id| self.find(&id))
            .or_else(|| {
                self.scenarios
                    .iter()
                    .find(|s| s.person.as_deref() == Some(person))
            })
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
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

/// A source behind the stand-in: the real adapter towards the simulator, or the scripted
/// failure of the person's scenario.
struct ScriptedSource {
    inner: Arc<dyn SourceAdapter>,
    script: Arc<Script>,
}

#[async_trait]
impl SourceAdapter for ScriptedSource {
    fn source(&self) -> SourceId {
        self.inner.source()
    }

    async fn fetch(&self, request: &SourceRequest) -> Result<Answer, FetchError> {
        let scripted = self
            .script
            .for_person(request.person.expose())
            .and_then(|s| s.sources.get(self.source().code()).cloned());
        let raw = RawPayload {
            content_type: "text/plain".to_owned(),
            body: "skriptat svar".to_owned(),
        };
        match scripted.as_deref() {
            Some("timed_out") => {
                tokio::time::sleep(SOURCE_TIMEOUT * 4).await;
                self.inner.fetch(request).await
            }
            Some("unavailable") => Err(FetchError::Unavailable(
                "scripted: the agency cannot be reached".to_owned(),
            )),
            Some("source_error") => Ok(Answer {
                outcome: Outcome::SourceError {
                    code: "BT-KONF-1".to_owned(),
                    message: "Skriptat fel från bastjänsten.".to_owned(),
                },
                raw,
            }),
            Some("invalid_response") => Ok(Answer {
                outcome: Outcome::InvalidResponse {
                    violations: vec![Violation {
                        rule: "KONF-001".to_owned(),
                        path: "svar".to_owned(),
                        severity: Severity::Error,
                        message: "scripted: the answer breaks the contract".to_owned(),
                    }],
                },
                raw,
            }),
            _ => self.inner.fetch(request).await,
        }
    }

    fn scrub_location(&self, raw: &RawPayload) -> Option<RawPayload> {
        self.inner.scrub_location(raw)
    }

    async fn ping(&self) -> Result<bool, FetchError> {
        self.inner.ping().await
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

fn build_report(script: &Script, target: &str) -> Report {
    let recorder = lock(&script.recorder);
    let mut report = Report::new(
        "consumer",
        "case-system",
        "SSBTEK v10; REST /api/v1",
        target,
    );
    for scenario in &script.scenarios {
        let times = recorder.exercised.get(&scenario.id).copied().unwrap_or(0);
        let (verdict, message) = if times > 0 {
            (Verdict::Passed, format!("exercised {times} time(s)"))
        } else {
            (
                Verdict::Failed,
                "scenario_not_exercised: the case system never asked for this scenario".to_owned(),
            )
        };
        report.cases.push(CaseResult {
            id: format!("scenario.{}", scenario.id),
            title: scenario.title.clone(),
            category: "scenario".to_owned(),
            fault: "scenario_not_exercised".to_owned(),
            verdict,
            message,
            request: json!({"scenario": scenario.id, "person": scenario.person}),
            response_excerpt: String::new(),
            duration_ms: 0,
        });
    }
    for (i, received) in recorder.received.iter().enumerate() {
        let (verdict, message) = if received.refused {
            (
                Verdict::Failed,
                format!("invalid_request: {}", received.problems.join("; ")),
            )
        } else {
            (
                Verdict::Passed,
                format!("accepted, HTTP {}", received.status),
            )
        };
        report.cases.push(CaseResult {
            id: format!("request.{:04}", i + 1),
            title: format!("{} request to {}", received.channel, received.path),
            category: "request".to_owned(),
            fault: "invalid_request".to_owned(),
            verdict,
            message,
            request: serde_json::to_value(received).unwrap_or_default(),
            response_excerpt: String::new(),
            duration_ms: 0,
        });
    }
    report
}

async fn report_json(State(script): State<Arc<Script>>) -> Response {
    axum::Json(build_report(&script, "stand-in")).into_response()
}

#[derive(serde::Deserialize)]
struct Choice {
    id: String,
}

async fn choose_scenario(State(script): State<Arc<Script>>, body: axum::body::Bytes) -> Response {
    let Ok(choice) = serde_json::from_slice::<Choice>(&body) else {
        return problem(Code::InvalidRequest, "id", "is required");
    };
    if script.find(&choice.id).is_none() {
        return problem(Code::ConformanceUnknownScenario, "id", "");
    }
    *lock(&script.active) = Some(choice.id);
    StatusCode::NO_CONTENT.into_response()
}

async fn clear_scenario(State(script): State<Arc<Script>>) -> Response {
    *lock(&script.active) = None;
    StatusCode::NO_CONTENT.into_response()
}

/// A problem document for a catalogue code about `field`.
fn problem(code: Code, field: &str, message: &str) -> Response {
    let status = code
        .status()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::BAD_REQUEST);
    let detail = code.detail(&[("field", &field), ("message", &message)]);
    let mut body = json!({
        "type": code.problem_type(),
        "title": code.title_sv(),
        "status": status.as_u16(),
        "detail": detail,
    });
    if let Some((field, message)) = code.field_error(&[("field", &field), ("message", &message)])
        && let Some(object) = body.as_object_mut()
    {
        object.insert("field".to_owned(), json!(field));
        object.insert(
            "errors".to_owned(),
            json!([{"field": field, "message": message}]),
        );
    }
    (
        status,
        [(header::CONTENT_TYPE, underlag_api::PROBLEM_JSON)],
        body.to_string(),
    )
        .into_response()
}

/// The person a request asks about, canonical, from the REST body's `person` or the SOAP
/// body's `personidentitet`.
fn person_of(body: &[u8], soap: bool) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    let raw = if soap {
        let doc = roxmltree::Document::parse(text).ok()?;
        doc.descendants()
            .find(|n| n.is_element() && n.tag_name().name() == "personidentitet")?
            .text()?
            .to_owned()
    } else {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        value.get("person")?.as_str()?.to_owned()
    };
    let today = underlag_api::system_today();
    let parsed = if raw.trim().len() == 12 {
        Personnummer::parse_canonical(&raw)
    } else {
        Personnummer::parse(&raw, today)
    };
    parsed.ok().map(|p| p.expose().to_owned())
}

/// Records every door request, applies the header's scenario and the whole-call fault.
async fn record(State(script): State<Arc<Script>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let soap = path.starts_with("/ssbtek/");
    let is_query =
        request.method() == axum::http::Method::POST && (soap || path == "/api/v1/queries");
    if !is_query {
        return next.run(request).await;
    }
    let header_choice = header_scenario(request.headers());
    let (parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, 1024 * 1024).await else {
        return problem(Code::InvalidRequest, "body", "is larger than 1 MiB");
    };
    let person = person_of(&body, soap);
    if let Some(id) = &header_choice {
        if script.find(id).is_none() {
            let response = problem(Code::ConformanceUnknownScenario, "X-Underlag-Scenario", "");
            push(
                &script,
                soap,
                &path,
                None,
                400,
                true,
                vec!["header X-Underlag-Scenario: no such scenario".to_owned()],
            );
            return response;
        }
        if let Some(p) = &person {
            lock(&script.by_person).insert(p.clone(), id.clone());
        }
    }
    let scenario = match &header_choice {
        Some(id) => script.find(id).cloned(),
        None => person
            .as_deref()
            .and_then(|p| script.for_person(p))
            .cloned(),
    };
    let call_fault = scenario.as_ref().is_some_and(|s| s.call_fault);
    let response = if call_fault {
        whole_call_fault(soap)
    } else {
        next.run(Request::from_parts(parts, Body::from(body))).await
    };
    let status = response.status().as_u16();
    let (parts, body) = response.into_parts();
    let body = to_bytes(body, 16 * 1024 * 1024).await.unwrap_or_default();
    let problems = problems_of(&body, soap, status);
    let refused =
        matches!(status, 400 | 403 | 413 | 415 | 422) || (soap && status == 500 && !call_fault);
    let served = scenario.as_ref().filter(|_| !refused).map(|s| s.id.clone());
    if let Some(id) = &served {
        *lock(&script.recorder)
            .exercised
            .entry(id.clone())
            .or_insert(0) += 1;
    }
    push(&script, soap, &path, served, status, refused, problems);
    if let Some(p) = &person
        && header_choice.is_some()
    {
        lock(&script.by_person).remove(p);
    }
    Response::from_parts(parts, Body::from(body))
}

fn push(
    script: &Script,
    soap: bool,
    path: &str,
    scenario: Option<String>,
    status: u16,
    refused: bool,
    problems: Vec<String>,
) {
    lock(&script.recorder).received.push(Received {
        channel: if soap { "soap" } else { "rest" },
        path: path.to_owned(),
        scenario,
        status,
        refused,
        problems,
    });
}

fn header_scenario(headers: &HeaderMap) -> Option<String> {
    headers
        .get(SCENARIO_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_owned())
}

/// The whole call fails, in the door's own error form: the catalogue's problem on REST, a
/// SOAP fault from the server on SOAP.
fn whole_call_fault(soap: bool) -> Response {
    if soap {
        let envelope = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>\
             <soap:Fault><faultcode>soap:Server</faultcode><faultstring>Tjänsten är inte tillgänglig (skriptat fel).</faultstring>\
             </soap:Fault></soap:Body></soap:Envelope>";
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
            envelope,
        )
            .into_response();
    }
    problem(Code::ConformanceScriptedFault, "", "")
}

/// The fields a refusal names: the problem document's `errors[]` (or `detail`), or the SOAP
/// fault's texts.
fn problems_of(body: &[u8], soap: bool, status: u16) -> Vec<String> {
    if status < 400 {
        return Vec::new();
    }
    let text = String::from_utf8_lossy(body);
    if soap {
        let Ok(doc) = roxmltree::Document::parse(&text) else {
            return Vec::new();
        };
        if !doc.descendants().any(|n| n.tag_name().name() == "Fault") {
            return Vec::new();
        }
        return doc
            .descendants()
            .filter(|n| n.is_element() && n.tag_name().name() != "faultcode")
            .filter_map(|n| n.text())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .take(10)
            .map(str::to_owned)
            .collect();
    }
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    let listed: Vec<String> = value
        .get("errors")
        .and_then(|e| e.as_array())
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    format!(
                        "{}: {}",
                        e.get("field").and_then(|f| f.as_str()).unwrap_or("?"),
                        e.get("message").and_then(|m| m.as_str()).unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if !listed.is_empty() {
        return listed;
    }
    value
        .get("detail")
        .or_else(|| value.get("title"))
        .and_then(|d| d.as_str())
        .map(|d| vec![d.to_owned()])
        .unwrap_or_default()
}
