//! `GET /mina-sidor/logga-in/oidc` (to the municipality's identity provider) and
//! `GET /mina-sidor/auth/callback` (back): authorization code with PKCE through the UI's
//! OIDC client; the personnummer comes from the configured claim of the validated id token,
//! protected identity from the configured claim (`true`).

use axum::extract::{Query, State};
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use underlag_domain::Personnummer;
use underlag_web::session::tokens_match;

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
            let mut response = Redirect::to(&url).into_response();
            if let Some(cookie) = new_cookie
                && let Ok(value) = cookie.parse()
            {
                response.headers_mut().insert(SET_COOKIE, value);
            }
            Ok(response)
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

/// The callback's query.
#[derive(Debug, serde::Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `GET /mina-sidor/auth/callback`.
pub async fn callback(
    State(state): State<PortalState>,
    visitor: Visitor,
    Query(query): Query<Callback>,
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
    if query.error.is_some() {
        return failed("Inloggningen avbröts.");
    }
    let (Some(code), Some(returned_state), Some(pending)) = (query.code, query.state, pending)
    else {
        return failed("Inloggningen kunde inte slutföras. Logga in igen.");
    };
    if !tokens_match(&returned_state, &pending.state) {
        return failed("Inloggningen kunde inte slutföras. Logga in igen.");
    }
    let config = state.config();
    let identity = match oidc.finish(&code, pending, "").await {
        Ok(identity) => identity,
        Err(e) => {
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
