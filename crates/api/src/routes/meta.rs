//! Operational and descriptive endpoints: health (liveness and readiness), source list,
//! OpenAPI document, spec.

use std::time::Duration;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use underlag_domain::SourceId;
use underlag_service::{BreakerState, Readiness};

use crate::AppState;

/// The OpenAPI document, checked into the repository and served as is.
pub(crate) const OPENAPI: &str = include_str!("../../../../openapi/underlag-v1.json");

/// How long a readiness check waits for the audit store and for the registry.
pub const READY_CHECK_TIMEOUT: Duration = Duration::from_secs(2);

pub(super) async fn health() -> impl IntoResponse {
    axum::Json(serde_json::json!({ "status": "ok" }))
}

/// Liveness: the process serves requests (nothing else is asked).
pub(super) async fn live() -> impl IntoResponse {
    axum::Json(serde_json::json!({ "status": "live" }))
}

/// Readiness: the audit store and the connection registry answer, so a query can be admitted
/// and audited. 503 when either does not.
pub(super) async fn ready(State(state): State<AppState>) -> Response {
    readiness_response(&state.orchestrator.readiness(READY_CHECK_TIMEOUT).await)
}

/// The `/health/ready` answer for one readiness result, as the API and the gateway's health
/// listener both give it: `status`, the `checks` of the database and the registry, and the
/// `notes` (what keeps a running gateway from answering any caller, e.g. no connection
/// registered). 200 when ready, 503 when not.
pub fn readiness_response(readiness: &Readiness) -> Response {
    let word = |ok: bool| if ok { "ok" } else { "unavailable" };
    let body = serde_json::json!({
        "status": if readiness.ready() { "ready" } else { "not_ready" },
        "checks": { "database": word(readiness.audit), "registry": word(readiness.registry) },
        "notes": readiness.notes,
    });
    let status = if readiness.ready() {
        StatusCode::OK
    } else {
        tracing::warn!(
            event = "readiness.failed",
            database = readiness.audit,
            registry = readiness.registry,
            "readiness check failed"
        );
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, axum::Json(body)).into_response()
}

pub(super) async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

pub(super) async fn spec(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/markdown; charset=utf-8")],
        state.spec.render_markdown(),
    )
        .into_response()
}

pub(super) async fn sources(State(state): State<AppState>) -> impl IntoResponse {
    let breakers = state.orchestrator.breaker_states();
    let list: Vec<_> = SourceId::ALL
        .into_iter()
        .map(|id| {
            let spec = state.spec.source(id);
            let circuit = match breakers.iter().find(|(s, _)| *s == id).map(|(_, b)| *b) {
                Some(BreakerState::Open) => "open",
                Some(BreakerState::HalfOpen) => "half_open",
                _ => "closed",
            };
            serde_json::json!({
                "source": id.code(),
                "name": id.name_sv(),
                "contract": spec.contract,
                "contract_version": spec.contract_version,
                "circuit": circuit,
            })
        })
        .collect();
    axum::Json(list)
}
