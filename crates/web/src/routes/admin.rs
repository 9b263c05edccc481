//! Administration (stub while the pages are written).
use axum::extract::Path;
use axum::response::Response;

use crate::auth::SignedIn;
use crate::config::Role;
use crate::errors::PageError;
use crate::form::FormData;

/// `GET /ui/admin`.
pub async fn connections(signed: SignedIn) -> Result<Response, PageError> {
    signed.require(Role::Administrator)?;
    Err(PageError::NotFound(Box::new(Some(signed.session))))
}

/// `GET /ui/admin/anslutning/{organisation}`.
pub async fn connection(signed: SignedIn, Path(_org): Path<String>) -> Result<Response, PageError> {
    signed.require(Role::Administrator)?;
    Err(PageError::NotFound(Box::new(Some(signed.session))))
}

/// `GET /ui/admin/arenden`.
pub async fn cases(signed: SignedIn) -> Result<Response, PageError> {
    signed.require(Role::Administrator)?;
    Err(PageError::NotFound(Box::new(Some(signed.session))))
}

/// `POST /ui/admin/arenden`.
pub async fn read_case(signed: SignedIn, form: FormData) -> Result<Response, PageError> {
    signed.require_post(Role::Administrator, &form)?;
    Err(PageError::NotFound(Box::new(Some(signed.session))))
}

/// `POST /ui/admin/arenden/hushall`.
pub async fn set_household(signed: SignedIn, form: FormData) -> Result<Response, PageError> {
    signed.require_post(Role::Administrator, &form)?;
    Err(PageError::NotFound(Box::new(Some(signed.session))))
}
