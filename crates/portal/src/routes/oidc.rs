//! `GET /mina-sidor/logga-in/oidc` (to the municipality's identity provider) and
//! `GET /mina-sidor/auth/callback` (back): authorization code with PKCE through the UI's
//! OIDC client; the personnummer comes from the configured claim of the validated id token,
//! protected identity from the configured claim (`true`).

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use underlag_domain::Personnummer;
use underlag_web::oidc::{CallbackFailure, CallbackQuery};
use underlag_web::session::with_cookie;

use crate::auth::Visitor;
use crate::errors::PortalError;
use crate::routes::signin::{complete_sign_in, sign_in_page};
use crate::session::{Applicant, SignInMethod, set_cookie};
use crate::state::PortalState;

/// `GET /mina-sidor/logga-in/oidc`.
pub async fn start(
    State(state): State<PortalState>,
    visitor: Visitor,
) -> Result<Response, PortalError> {
    let Some(oidc) = state.0.oidc.as_ref() else {
        return Err(PortalError::NotFound(Box::new(None)));
    };
    let (session, new_cookie) = match visitor.0 {
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
            tracing::error!(error = %e, "portal OIDC sign-in could not start");
            Ok(sign_in_page(
                &state,
                Visitor(Some(session)),
                Some("Inloggningstjänsten svarar inte just nu. Försök igen om en stund."),
            ))
        }
    }
}

/// `GET /mina-sidor/auth/callback`.
pub async fn callback(
    State(state): State<PortalState>,
    visitor: Visitor,
    Query(query): Query<CallbackQuery>,
) -> Result<Response, PortalError> {
    let Some(oidc) = state.0.oidc.as_ref() else {
        return Err(PortalError::NotFound(Box::new(None)));
    };
    let failed = |text: &'static str| Err(PortalError::BadRequest(text));
    let Some(session) = visitor.0 else {
        return failed(
            "Inloggningen kunde inte slutföras eftersom det tog för lång tid. Logga in igen.",
        );
    };
    let pending = state.0.sessions.take_pending_oidc(&session.id);
    let config = state.config();
    let identity = match oidc.complete(query, pending, "").await {
        Ok(identity) => identity,
        Err(CallbackFailure::Refused) => return failed("Inloggningen avbröts."),
        Err(CallbackFailure::Incomplete) => {
            return failed("Inloggningen kunde inte slutföras. Logga in igen.");
        }
        Err(CallbackFailure::Unverified(e)) => {
            tracing::warn!(error = %e, "portal OIDC sign-in failed");
            return failed("Inloggningen kunde inte kontrolleras. Logga in igen.");
        }
    };
    let Some(personnummer) = identity
        .claims
        .get(&config.personnummer_claim)
        .and_then(|v| v.as_str())
        .and_then(|text| Personnummer::parse_canonical(text).ok())
    else {
        tracing::warn!("portal OIDC sign-in without a usable personnummer claim");
        return failed(
            "Inloggningen gav inget personnummer. Du behöver en e-legitimation med personnummer.",
        );
    };
    let protected = identity
        .claims
        .get(&config.protected_claim)
        .is_some_and(|v| v.as_bool() == Some(true) || v.as_str() == Some("true"));
    tracing::info!("portal OIDC sign-in");
    let applicant = Applicant {
        personnummer,
        name: identity.name,
        protected,
        method: SignInMethod::Oidc,
    };
    Ok(complete_sign_in(&state, Some(&session.id), applicant))
}
