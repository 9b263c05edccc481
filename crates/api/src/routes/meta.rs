//! Operational and descriptive endpoints: health, source list, OpenAPI document, spec.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use underlag_domain::SourceId;
use underlag_service::BreakerState;

use crate::AppState;

/// The OpenAPI document, checked into the repository and served as is.
pub(crate) const OPENAPI: &str = include_str!("../../../../openapi/underlag-v1.json");

pub(super) async fn health() -> impl IntoResponse {
    axum::Json(serde_json::json!({ "status": "ok" }))
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
