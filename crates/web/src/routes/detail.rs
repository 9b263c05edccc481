//! Per-source detail (stub while the page is written).
use axum::extract::{Path, State};
use axum::response::Response;

use crate::auth::SignedIn;
use crate::errors::PageError;
use crate::state::WebState;

/// `GET /ui/uppslag/{uppslag}/medlem/{medlem}/kalla/{kalla}`.
pub async fn show(
    State(state): State<WebState>,
    signed: SignedIn,
    Path((id, _member, _source)): Path<(String, usize, String)>,
) -> Result<Response, PageError> {
    super::overview::session_lookup(&state, &signed, &id)?;
    Err(PageError::NotFound(Box::new(Some(signed.session))))
}

/// `GET …/radata`.
pub async fn raw(
    State(state): State<WebState>,
    signed: SignedIn,
    Path((id, _member, _source)): Path<(String, usize, String)>,
) -> Result<Response, PageError> {
    super::overview::session_lookup(&state, &signed, &id)?;
    Err(PageError::NotFound(Box::new(Some(signed.session))))
}
