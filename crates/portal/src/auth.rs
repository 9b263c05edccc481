//! Who is asking: the request's session ([`Visitor`]), a signed-in applicant
//! ([`SignedInApplicant`]), and the CSRF check every POST makes.

use axum::extract::FromRequestParts;
use axum::http::Method;
use axum::http::request::Parts;
use underlag_web::session::tokens_match;

use crate::errors::PortalError;
use crate::session::{Applicant, SessionView};
use crate::state::PortalState;

/// The request's live session, if any.
#[derive(Debug)]
pub struct Visitor(pub Option<SessionView>);

impl FromRequestParts<PortalState> for Visitor {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &PortalState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Visitor(state.0.sessions.get(&parts.headers)))
    }
}

/// A signed-in applicant and their session; anyone else is sent to the sign-in page (GET)
/// or refused (other methods).
#[derive(Debug)]
pub struct SignedInApplicant {
    /// The session.
    pub session: SessionView,
    /// Who is signed in.
    pub applicant: Applicant,
}

impl FromRequestParts<PortalState> for SignedInApplicant {
    type Rejection = PortalError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &PortalState,
    ) -> Result<Self, Self::Rejection> {
        let get = parts.method == Method::GET || parts.method == Method::HEAD;
        let session = state
            .0
            .sessions
            .get(&parts.headers)
            .ok_or(PortalError::NotSignedIn { get })?;
        let applicant = session
            .applicant
            .clone()
            .ok_or(PortalError::NotSignedIn { get })?;
        Ok(SignedInApplicant { session, applicant })
    }
}

impl SignedInApplicant {
    /// Refuses a form whose CSRF token is not this session's.
    pub fn check_csrf(&self, token: Option<&str>) -> Result<(), PortalError> {
        check_csrf(&self.session, token)
    }
}

/// Refuses a form whose `csrf_token` is not the session's.
pub fn check_csrf(session: &SessionView, token: Option<&str>) -> Result<(), PortalError> {
    if tokens_match(token.unwrap_or(""), &session.csrf) {
        Ok(())
    } else {
        Err(PortalError::Csrf)
    }
}
