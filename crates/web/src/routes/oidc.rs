//! `GET /ui/logga-in/oidc` (to the identity provider) and `GET /ui/auth/callback` (back from
//! it): authorization code with PKCE; the state is checked against the session, the id token
//! validated, the session id renewed.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};

use crate::auth::Viewer;
use crate::errors::PageError;
use crate::oidc::{CallbackFailure, CallbackQuery};
use crate::routes::signin::{complete_sign_in, sign_in_page};
use crate::session::{SignInMethod, User, set_cookie, with_cookie};
use crate::state::WebState;

/// `GET /ui/logga-in/oidc`.
pub async fn start(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let Some(oidc) = state.0.oidc.as_ref() else {
        return Err(PageError::NotFound(Box::new(None)));
    };
    // No session yet (a bookmarked sign-in link): make one, its cookie goes with the redirect.
    let (session, new_cookie) = match viewer.0 {
        Some(s) => (s, None),
        None => {
            let s = state.0.sessions.create();
            let cookie = set_cookie(&s.id, state.config().secure_cookies);
            (s, Some(cookie))
        }
    };
    match oidc.start().await {
        Ok((url, pending)) => {
            state.0.sessions.set_pending_oidc(&session.id, pending);
            Ok(with_cookie(Redirect::to(&url).into_response(), new_cookie))
        }
        Err(e) => {
            tracing::error!(error = %e, "OIDC sign-in could not start");
            Ok(sign_in_page(
                &state,
                Viewer(Some(session)),
                Some("Inloggningstjänsten svarar inte. Försök igen om en stund."),
            ))
        }
    }
}

/// `GET /ui/auth/callback`.
pub async fn callback(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(query): Query<CallbackQuery>,
) -> Result<Response, PageError> {
    let Some(oidc) = state.0.oidc.as_ref() else {
        return Err(PageError::NotFound(Box::new(None)));
    };
    // Every failure is the error page (400), with a way back to the sign-in page; the
    // pending sign-in is used up either way, so a callback cannot be replayed.
    let failed = |text: &'static str| Err(PageError::BadRequest(text));
    let Some(session) = viewer.0 else {
        return failed(
            "Inloggningen kunde inte slutföras: sessionen saknas eller har gått ut. Logga in igen.",
        );
    };
    let pending = state.0.sessions.take_pending_oidc(&session.id);
    match oidc
        .complete(query, pending, &state.config().role_claim)
        .await
    {
        Ok(identity) => {
            tracing::info!(roles = identity.roles.len(), "OIDC sign-in");
            let user = User {
                id: identity.subject,
                name: identity.name,
                roles: identity.roles,
                method: SignInMethod::Oidc,
            };
            Ok(complete_sign_in(&state, Some(&session.id), user))
        }
        Err(CallbackFailure::Refused) => {
            failed("Inloggningen avbröts eller nekades av inloggningstjänsten.")
        }
        Err(CallbackFailure::Incomplete) => {
            failed("Inloggningen kunde inte slutföras. Logga in igen.")
        }
        Err(CallbackFailure::Unverified(e)) => {
            tracing::warn!(error = %e, "OIDC sign-in failed");
            failed("Inloggningen kunde inte verifieras. Logga in igen.")
        }
    }
}
