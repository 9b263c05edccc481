//! The REST/JSON API: versioned routes, problem+json errors, the checked-in OpenAPI document.
//!
//! Architecture invariants:
//! - handlers only translate between HTTP and the service core; no agency or storage code;
//! - every client error is `application/problem+json` naming the offending field;
//! - request bodies are size-limited, read under a time limit, and never echoed back (they
//!   hold personal data).

mod json_body;
mod limits;
mod problem;
mod query_request;
mod routes;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use jiff::civil::Date;
use underlag_catalogue::Code;
use underlag_service::Orchestrator;
use underlag_spec::Spec;

pub use problem::{FieldError, PROBLEM_JSON, Problem};
pub use query_request::QueryRequest;
pub use routes::applicant_events::{
    DecisionInfo, EVENT_KINDS, StatusEvent, StatusEvents, StatusEventsPort,
};
pub use routes::{READY_CHECK_TIMEOUT, readiness_response};

/// The OpenAPI document served at `/api/v1/openapi.json`.
pub const OPENAPI_DOCUMENT: &str = routes::OPENAPI;

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").finish_non_exhaustive()
    }
}

/// Shared state of the API handlers.
#[derive(Clone)]
pub struct AppState {
    /// The application core.
    pub orchestrator: Arc<Orchestrator>,
    /// The information specification.
    pub spec: Arc<Spec>,
    /// Today's date (injected so tests can fix it).
    pub today: fn() -> Date,
    /// Where applications' status events are kept (`None`: those routes answer 404).
    pub status_events: StatusEventsPort,
    /// Largest accepted request body in bytes (enforced before any handler runs, so an
    /// oversized body gets a problem document rather than a bare 413).
    pub body_limit: usize,
}

/// API settings that are not part of the state.
#[derive(Debug, Clone)]
pub struct ApiSettings {
    /// Time limit for one request, including the composite query (a backstop: the
    /// orchestrator's own deadline answers first). Past it: 504 problem document.
    pub request_timeout: Duration,
    /// Time limit for receiving the whole request body, counted from when the handler
    /// starts reading. A client that sends slower gets a 408 problem document; the time the
    /// composite query takes afterwards is not counted.
    pub body_timeout: Duration,
}

impl Default for ApiSettings {
    fn default() -> Self {
        Self {
            request_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(10),
        }
    }
}

/// Today's date in Sweden: the service's one clock ([`underlag_service::clock`]).
pub use underlag_service::clock::today_in_sweden as system_today;

/// Builds the API router.
///
/// Every request body is read in full, under `state.body_limit` bytes and within
/// `settings.body_timeout`, before a handler runs; the whole request, composite query
/// included, is bounded by `settings.request_timeout`.
pub fn router(state: AppState, settings: &ApiSettings) -> Router {
    let body = limits::BodyLimits {
        max_bytes: state.body_limit,
        timeout: settings.body_timeout,
    };
    let request_timeout = settings.request_timeout;
    routes::routes()
        .method_not_allowed_fallback(|| async { Problem::from(Code::MethodNotAllowed) })
        .fallback(|| async { Problem::from(Code::NotFound) })
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(
            body,
            limits::read_body,
        ))
        .layer(axum::middleware::from_fn(move |request, next| {
            limits::bound_request(request_timeout, request, next)
        }))
}
