//! The REST routes (`/api/v1/...`) and the small operational endpoints.

mod meta;
mod queries;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

pub(crate) use meta::OPENAPI;

/// All routes of the REST API.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/queries", post(queries::create))
        .route("/api/v1/sources", get(meta::sources))
        .route("/api/v1/openapi.json", get(meta::openapi))
        .route("/api/v1/spec", get(meta::spec))
        .route("/health", get(meta::health))
}
