//! The operator's endpoint beside the doors: `/metrics` (Prometheus, when `[telemetry]
//! metrics` is on). The health probes (`/health`, `/health/live`, `/health/ready`) are the
//! REST API's own.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use underlag_service::Orchestrator;

use crate::metrics::{GatewayMetrics, OPENMETRICS_CONTENT_TYPE};

/// What `/metrics` reads.
#[derive(Clone)]
pub(crate) struct Operations {
    pub(crate) orchestrator: Arc<Orchestrator>,
    pub(crate) metrics: Arc<GatewayMetrics>,
}

/// The paths that pass the trusted proxy's identity check without a header (probes and
/// scrapers do not come through the proxy), besides `/health`.
pub(crate) const PATHS: [&str; 3] = ["/health/live", "/health/ready", "/metrics"];

/// The router of `/metrics`.
pub(crate) fn router(operations: Operations) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .with_state(operations)
}

async fn metrics(State(operations): State<Operations>) -> Response {
    (
        [(header::CONTENT_TYPE, OPENMETRICS_CONTENT_TYPE)],
        operations.metrics.render(&operations.orchestrator),
    )
        .into_response()
}
