//! The REST routes (`/api/v1/...`) and the small operational endpoints.

pub(crate) mod applicant_events;
mod cases;
mod meta;

pub use meta::{READY_CHECK_TIMEOUT, readiness_response};
mod norm;
mod queries;

use axum::Router;
use axum::routing::{get, post, put};

use crate::AppState;

pub(crate) use meta::OPENAPI;

/// All routes of the REST API.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/queries", post(queries::create))
        .route(
            "/api/v1/cases/{case_id}/household",
            put(cases::put_household),
        )
        .route("/api/v1/cases/{case_id}", get(cases::show))
        .route("/api/v1/norm/calculations", post(norm::create_calculation))
        .route(
            "/api/v1/norm/calculations/{id}",
            get(norm::show_calculation),
        )
        .route("/api/v1/norm/decisions", post(norm::create_decision))
        .route(
            "/api/v1/applications/{application_id}/events",
            post(applicant_events::post_event).get(applicant_events::list_events),
        )
        .route("/api/v1/sources", get(meta::sources))
        .route("/api/v1/openapi.json", get(meta::openapi))
        .route("/api/v1/spec", get(meta::spec))
        .route("/health", get(meta::health))
        .route("/health/live", get(meta::live))
        .route("/health/ready", get(meta::ready))
}
