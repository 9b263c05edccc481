//! The sign-in page, the demo sign-in (`underlag demo` only) and sign-out.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use underlag_domain::Personnummer;
use underlag_web::form::FormData;

use crate::auth::{SignedInApplicant, Visitor, check_csrf};
use crate::config::DEMO_APPLICANTS;
use crate::errors::PortalError;
use crate::layout::{Frame, Page};
use crate::session::{Applicant, SignInMethod, clear_cookie, set_cookie};
use crate::state::PortalState;

#[derive(Template)]
#[template(path = "signin.html")]
struct SignInPage {
    frame: Frame,
    organisation_name: String,
    csrf: String,
    oidc: bool,
    demo: bool,
    demo_people: Vec<(&'static str, &'static str)>,
    message: Option<&'static str>,
}

/// The sign-in page (with a session for its CSRF token), optionally with a message (403).
pub fn sign_in_page(
    state: &PortalState,
    visitor: Visitor,
    message: Option<&'static str>,
) -> Response {
    let (session, new_cookie) = match visitor.0 {
        Some(s) => (s, None),
        None => {
            let s = state.0.sessions.create();
            let cookie = set_cookie(&s.id, state.config().secure_cookies);
            (s, Some(cookie))
        }
    };
    let page = SignInPage {
        frame: Frame::new("Logga in", Some(&session), ""),
        organisation_name: state.config().organisation_name.clone(),
        csrf: session.csrf.clone(),
        oidc: state.0.oidc.is_some(),
        demo: state.config().demo_sign_in,
        demo_people: DEMO_APPLICANTS
            .iter()
            .map(|p| (p.personnummer, p.name))
            .collect(),
        message,
    };
    let status = if message.is_some() {
        StatusCode::FORBIDDEN
    } else {
        StatusCode::OK
    };
    let mut response = Page::with_status(status, page).into_response();
    if let Some(cookie) = new_cookie
        && let Ok(value) = cookie.parse()
    {
        response.headers_mut().insert(SET_COOKIE, value);
    }
    response
}

/// `GET /mina-sidor/logga-in`.
pub async fn sign_in(State(state): State<PortalState>, visitor: Visitor) -> Response {
    if visitor.0.as_ref().is_some_and(|s| s.applicant.is_some()) {
        return Redirect::to("/mina-sidor/").into_response();
    }
    sign_in_page(&state, visitor, None)
}

/// Signs `applicant` in (a new session id) and sends the browser to Mina sidor.
pub fn complete_sign_in(state: &PortalState, old: Option<&str>, applicant: Applicant) -> Response {
    let session = state.0.sessions.sign_in(old, applicant);
    let mut response = Redirect::to("/mina-sidor/").into_response();
    if let Ok(value) = set_cookie(&session.id, state.config().secure_cookies).parse() {
        response.headers_mut().insert(SET_COOKIE, value);
    }
    response
}

/// `POST /mina-sidor/logga-in/demo`: only when the demo sign-in is enabled.
pub async fn demo(
    State(state): State<PortalState>,
    visitor: Visitor,
    form: FormData,
) -> Result<Response, PortalError> {
    if !state.config().demo_sign_in {
        return Err(PortalError::NotFound(Box::new(None)));
    }
    let session = visitor.0.ok_or(PortalError::Csrf)?;
    check_csrf(&session, form.get("csrf_token"))?;
    let wanted = form.text("person");
    let person = DEMO_APPLICANTS
        .iter()
        .find(|p| p.personnummer == wanted)
        .ok_or(PortalError::BadRequest("Välj en av demopersonerna."))?;
    let personnummer =
        Personnummer::parse_canonical(person.personnummer).map_err(|_| PortalError::Internal)?;
    tracing::info!("portal demo sign-in");
    let applicant = Applicant {
        personnummer,
        name: person.name.to_owned(),
        protected: person.protected,
        method: SignInMethod::Demo,
    };
    Ok(complete_sign_in(&state, Some(&session.id), applicant))
}

/// `POST /mina-sidor/logga-ut`: drops the session and the application being written.
pub async fn sign_out(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
    form: FormData,
) -> Result<Response, PortalError> {
    signed.check_csrf(form.get("csrf_token"))?;
    state.0.sessions.remove(&signed.session.id);
    let mut response = Redirect::to("/mina-sidor/logga-in").into_response();
    if let Ok(value) = clear_cookie(state.config().secure_cookies).parse() {
        response.headers_mut().insert(SET_COOKIE, value);
    }
    Ok(response)
}
