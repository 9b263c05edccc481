//! Log follow-up (stub while the pages are written).
use axum::response::Response;

use crate::auth::SignedIn;
use crate::config::Role;
use crate::errors::PageError;
use crate::form::FormData;

/// `GET /ui/logg`.
pub async fn page(signed: SignedIn) -> Result<Response, PageError> {
    signed.require(Role::Logguppfoljare)?;
    Err(PageError::NotFound(Box::new(Some(signed.session))))
}

/// `POST /ui/logg/utdrag`.
pub async fn extract(signed: SignedIn, form: FormData) -> Result<Response, PageError> {
    signed.require_post(Role::Logguppfoljare, &form)?;
    Err(PageError::NotFound(Box::new(Some(signed.session))))
}

/// `POST /ui/logg/person`.
pub async fn person(signed: SignedIn, form: FormData) -> Result<Response, PageError> {
    signed.require_post(Role::Logguppfoljare, &form)?;
    Err(PageError::NotFound(Box::new(Some(signed.session))))
}

/// `POST /ui/logg/indikatorer`.
pub async fn indicators(signed: SignedIn, form: FormData) -> Result<Response, PageError> {
    signed.require_post(Role::Logguppfoljare, &form)?;
    Err(PageError::NotFound(Box::new(Some(signed.session))))
}
