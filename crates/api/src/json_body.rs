//! [`JsonBody`], the extractor of every REST handler that takes a JSON body: the body must
//! be `application/json` (415), within the body limit (413), and deserialise; otherwise a
//! problem document names the offending field (`organisation_name`, `period.from`, `body`)
//! without echoing an input value.

use axum::body::Body;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::{HeaderMap, header};
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::problem::Problem;

/// A request body read as JSON into `T`; the rejection is a [`Problem`].
#[derive(Debug)]
pub(crate) struct JsonBody<T>(pub(crate) T);

/// The largest request body a handler reads, in bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyLimit(pub(crate) usize);

impl FromRef<AppState> for BodyLimit {
    fn from_ref(state: &AppState) -> Self {
        BodyLimit(state.body_limit)
    }
}

impl<S, T> FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    BodyLimit: FromRef<S>,
    T: DeserializeOwned,
{
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let BodyLimit(limit) = BodyLimit::from_ref(state);
        let (parts, body) = request.into_parts();
        read_json(limit, &parts.headers, body).await.map(JsonBody)
    }
}

/// Reads a JSON body: `application/json`, within `limit` bytes, deserialised with the
/// offending field named and no input value echoed.
async fn read_json<T: DeserializeOwned>(
    limit: usize,
    headers: &HeaderMap,
    body: Body,
) -> Result<T, Problem> {
    if !is_json(headers) {
        return Err(Problem::unsupported_media_type());
    }
    let Ok(body) = axum::body::to_bytes(body, limit).await else {
        return Err(Problem::payload_too_large(limit));
    };
    let mut deserializer = serde_json::Deserializer::from_slice(&body);
    serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| Problem::invalid_field(json_error_field(&e), describe_json_error(e.inner())))
}

/// Whether the `Content-Type` is `application/json` (parameters such as a charset allowed).
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
        })
}

/// The field a JSON error is about, as a dotted path (`organisation_name`, `period.from`,
/// `data_processors[0].name`): for a missing field its own name under the object that lacks
/// it, for a wrong type the member holding it; `body` when the body is not JSON at all or the
/// error is about the whole document.
fn json_error_field(e: &serde_path_to_error::Error<serde_json::Error>) -> String {
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
fn describe_json_error(e: &serde_json::Error) -> String {
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

#[cfg(test)]
mod tests;
