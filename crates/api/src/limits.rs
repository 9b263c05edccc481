//! Time and size limits on every request: the body is read in full before any handler runs,
//! within a size limit (413) and a time limit (408), and the whole request within a backstop
//! deadline (504), each answered with a problem document.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};

use crate::problem::Problem;

/// How much of a request body is read, and for how long.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyLimits {
    /// Largest accepted body in bytes.
    pub(crate) max_bytes: usize,
    /// Time allowed for receiving the whole body.
    pub(crate) timeout: Duration,
}

/// Reads the request body in full under `limits`, then hands the buffered request on.
pub(crate) async fn read_body(
    State(limits): State<BodyLimits>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let read = Limited::new(body, limits.max_bytes).collect();
    let bytes = match tokio::time::timeout(limits.timeout, read).await {
        Err(_) => {
            tracing::info!(
                timeout_ms = limits.timeout.as_millis() as u64,
                "request body not received in time"
            );
            return Problem::request_timeout(limits.timeout).into_response();
        }
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => {
            return Problem::payload_too_large(limits.max_bytes).into_response();
        }
        Ok(Err(_)) => return Problem::unreadable_body().into_response(),
        Ok(Ok(collected)) => collected.to_bytes(),
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Runs the request within `timeout`; past it, a 504 problem document.
pub(crate) async fn bound_request(timeout: Duration, request: Request, next: Next) -> Response {
    match tokio::time::timeout(timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(
                timeout_ms = timeout.as_millis() as u64,
                "request not answered within the request timeout"
            );
            Problem::gateway_timeout().into_response()
        }
    }
}
