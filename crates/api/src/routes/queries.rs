//! `POST /api/v1/queries`: one composite query, answered with every source's outcome.

use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use underlag_service::{CallerIdentity, QueryError};

use crate::AppState;
use crate::problem::Problem;
use crate::query_request::QueryRequest;

pub(super) async fn create(
    State(state): State<AppState>,
    caller: Option<Extension<CallerIdentity>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
        });
    if !is_json {
        return Problem::unsupported_media_type().into_response();
    }
    let Ok(body) = axum::body::to_bytes(body, state.body_limit).await else {
        return Problem::payload_too_large(state.body_limit).into_response();
    };
    let mut deserializer = serde_json::Deserializer::from_slice(&body);
    let request: QueryRequest = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(r) => r,
        Err(e) => {
            return Problem::invalid_field(json_error_field(&e), describe_json_error(e.inner()))
                .into_response();
        }
    };
    let query_id = uuid::Uuid::new_v4().to_string();
    let mut query = match request.into_query(query_id, (state.today)(), &state.limits) {
        Ok(q) => q,
        Err(errors) => return Problem::invalid(errors).into_response(),
    };
    query.caller = caller.map(|Extension(c)| c);
    match state.orchestrator.run(query).await {
        Ok(answer) => axum::Json(answer).into_response(),
        Err(QueryError::AuditFailed(e)) => {
            tracing::error!(error = %e, "audit write failed; answer refused");
            Problem::audit_unavailable().into_response()
        }
        Err(QueryError::Refused {
            reason,
            field,
            message,
        }) => Problem::refused(reason.code(), reason.title_sv(), field, message).into_response(),
        Err(QueryError::RegistryUnavailable(_)) => Problem::registry_unavailable().into_response(),
    }
}

/// The field a JSON error is about, as a dotted path (`organisation_name`, `period.from`,
/// `data_processors[0].name`): for a missing field its own name under the object that lacks
/// it, for a wrong type the member holding it; `body` when the body is not JSON at all or the
/// error is about the whole document.
pub(super) fn json_error_field(e: &serde_path_to_error::Error<serde_json::Error>) -> String {
    use serde_json::error::Category;
    if matches!(e.inner().classify(), Category::Syntax | Category::Eof) {
        return "body".to_owned();
    }
    let path = e.path().to_string();
    let parent = (path != ".").then_some(path.as_str());
    let text = e.inner().to_string();
    let missing = text
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next());
    match (missing, parent) {
        (Some(name), Some(parent)) => format!("{parent}.{name}"),
        (Some(name), None) => name.to_owned(),
        (None, Some(path)) => path.to_owned(),
        (None, None) => "body".to_owned(),
    }
}

/// Describes a JSON error without echoing input values (they may be personal data).
pub(super) fn describe_json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let text = e.to_string();
    match e.classify() {
        Category::Syntax | Category::Eof => format!(
            "the body is not valid JSON (line {}, column {})",
            e.line(),
            e.column()
        ),
        Category::Io => "the body could not be read".to_owned(),
        Category::Data => {
            // serde's messages name the expected type or the unknown/missing field; strip the
            // position suffix and any quoted input value.
            let message = text.split(" at line").next().unwrap_or(&text);
            if message.starts_with("unknown field") {
                // The path names the member; its name is not repeated in the message.
                "is not a known field".to_owned()
            } else if message.starts_with("invalid type")
                || message.starts_with("invalid value")
                || message.starts_with("invalid length")
            {
                message.split(':').next().unwrap_or(message).to_owned() + &expected_part(message)
            } else if message.starts_with("missing field") {
                // The field is named by the problem's `field`.
                "must be given".to_owned()
            } else if message.starts_with("duplicate field") {
                message.to_owned()
            } else {
                "has an invalid value".to_owned()
            }
        }
    }
}

fn expected_part(message: &str) -> String {
    message
        .find(", expected")
        .map(|i| message[i..].to_owned())
        .unwrap_or_default()
}
