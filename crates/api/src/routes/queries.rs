//! `POST /api/v1/queries`: one composite query, answered with every source's outcome.
//!
//! The handler parses the body into the core's [`CompositeQuery`](underlag_service::CompositeQuery)
//! (with the caller the transport proved, and the period bounded by the core's own period
//! rule) and hands it to the core, which admits it and runs it; nothing here fills in what
//! the core decides.

use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use underlag_service::CallerIdentity;

use crate::AppState;
use crate::json_body::JsonBody;
use crate::problem::Problem;
use crate::query_request::QueryRequest;

pub(super) async fn create(
    State(state): State<AppState>,
    caller: Option<Extension<CallerIdentity>>,
    JsonBody(request): JsonBody<QueryRequest>,
) -> Response {
    let query_id = uuid::Uuid::new_v4().to_string();
    let caller = caller.map(|Extension(c)| c);
    let period_rule = state.orchestrator.period_rule();
    let query = match request.into_query(query_id, (state.today)(), period_rule, caller) {
        Ok(q) => q,
        Err(errors) => return Problem::invalid(errors).into_response(),
    };
    match state.orchestrator.run(query).await {
        Ok(answer) => axum::Json(answer).into_response(),
        Err(e) => Problem::from(e).into_response(),
    }
}
