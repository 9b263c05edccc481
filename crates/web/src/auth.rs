//! Who is asking: extractors for the request's session ([`Viewer`]) and for a signed-in user
//! ([`SignedIn`]), the role check every page makes, and the CSRF check every POST makes.

use axum::extract::FromRequestParts;
use axum::http::Method;
use axum::http::request::Parts;

use crate::config::Role;
use crate::errors::PageError;
use crate::form::FormData;
use crate::session::{SessionView, User, tokens_match};
use crate::state::WebState;

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for Viewer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Viewer").finish_non_exhaustive()
    }
}

/// The request's live session, if any.
pub struct Viewer(pub Option<SessionView>);

impl FromRequestParts<WebState> for Viewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Viewer(state.0.sessions.get(&parts.headers)))
    }
}

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedIn").finish_non_exhaustive()
    }
}

/// A signed-in user and their session; anyone else is sent to the sign-in page (GET) or
/// refused (other methods).
pub struct SignedIn {
    /// The session.
    pub session: SessionView,
    /// Who is signed in.
    pub user: User,
}

impl FromRequestParts<WebState> for SignedIn {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<Self, Self::Rejection> {
        let get = parts.method == Method::GET || parts.method == Method::HEAD;
        let session = state
            .0
            .sessions
            .get(&parts.headers)
            .ok_or(PageError::NotSignedIn { get })?;
        let user = session.user.clone().ok_or(PageError::NotSignedIn { get })?;
        Ok(SignedIn { session, user })
    }
}

impl SignedIn {
    /// Refuses (403, Swedish page) a user without `role`.
    pub fn require(&self, role: Role) -> Result<(), PageError> {
        if self.user.has(role) {
            Ok(())
        } else {
            Err(PageError::Forbidden(Box::new(Some(self.session.clone()))))
        }
    }

    /// Refuses a user without `role`, and a form without this session's CSRF token.
    pub fn require_post(&self, role: Role, form: &FormData) -> Result<(), PageError> {
        check_csrf(&self.session, form)?;
        self.require(role)
    }
}

/// Refuses a form whose `csrf_token` is not the session's.
pub fn check_csrf(session: &SessionView, form: &FormData) -> Result<(), PageError> {
    if tokens_match(form.get("csrf_token").unwrap_or(""), &session.csrf) {
        Ok(())
    } else {
        Err(PageError::Csrf)
    }
}
