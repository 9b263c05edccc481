//! Concepts page (stub while the page is written).
use axum::response::Response;

use crate::auth::SignedIn;
use crate::config::Role;
use crate::errors::PageError;

/// `GET /ui/begrepp`.
pub async fn show(signed: SignedIn) -> Result<Response, PageError> {
    signed.require(Role::Handlaggare)?;
    Err(PageError::NotFound(Box::new(Some(signed.session))))
}
