//! The start page, the sign-in page, the demo sign-in and sign-out.

use askama::Template;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};

use crate::auth::{SignedIn, Viewer, check_csrf};
use crate::config::{DEMO_USERS, Role};
use crate::errors::PageError;
use crate::form::FormData;
use crate::render::{Frame, Page};
use crate::session::{SignInMethod, User, clear_cookie, set_cookie};
use crate::state::WebState;

#[derive(Template)]
#[template(path = "start.html")]
struct StartPage {
    frame: Frame,
    name: String,
    links: Vec<(&'static str, &'static str, &'static str)>,
}

/// `GET /ui/`.
pub async fn start(viewer: Viewer) -> Result<Response, PageError> {
    let Some(session) = viewer.0.filter(|s| s.user.is_some()) else {
        return Ok(Redirect::to("/ui/logga-in").into_response());
    };
    let Some(user) = session.user.clone() else {
        return Err(PageError::NotSignedIn { get: true });
    };
    let mut links = Vec::new();
    if user.has(Role::Handlaggare) {
        links.push(("/ui/sok", "Nytt uppslag", "hämta uppgifter om ett hushåll"));
        links.push((
            "/ui/uppslag",
            "Mina uppslag",
            "uppslagen under den här inloggningen",
        ));
    }
    if user.has(Role::Logguppfoljare) {
        links.push((
            "/ui/logg",
            "Logguppföljning",
            "utdrag, vem har slagit upp en person, indikatorer",
        ));
    }
    if user.has(Role::Administrator) {
        links.push((
            "/ui/admin",
            "Administration",
            "anslutningar, ärenden och hushåll",
        ));
    }
    Ok(Page::ok(StartPage {
        frame: Frame::new("Start", Some(&session), "/ui/"),
        name: user.name,
        links,
    })
    .into_response())
}

#[derive(Template)]
#[template(path = "signin.html")]
struct SignInPage {
    frame: Frame,
    csrf: String,
    oidc: bool,
    demo: bool,
    demo_users: Vec<(&'static str, &'static str)>,
    message: Option<&'static str>,
}

/// The sign-in page, with `message` (Swedish) when a sign-in failed.
pub fn sign_in_page(state: &WebState, viewer: Viewer, message: Option<&'static str>) -> Response {
    let (session, new_cookie) = match viewer.0 {
        Some(s) => (s, None),
        None => {
            let s = state.0.sessions.create();
            let cookie = set_cookie(&s.id, state.config().secure_cookies);
            (s, Some(cookie))
        }
    };
    let page = SignInPage {
        frame: Frame::new("Logga in", Some(&session), "/ui/logga-in"),
        csrf: session.csrf.clone(),
        oidc: state.0.oidc.is_some(),
        demo: state.config().demo_sign_in,
        demo_users: DEMO_USERS
            .iter()
            .map(|(id, name, _)| (*id, *name))
            .collect(),
        message,
    };
    let status = if message.is_some() {
        axum::http::StatusCode::FORBIDDEN
    } else {
        axum::http::StatusCode::OK
    };
    let mut response = Page::with_status(status, page).into_response();
    if let Some(cookie) = new_cookie
        && let Ok(value) = cookie.parse()
    {
        response.headers_mut().insert(SET_COOKIE, value);
    }
    response
}

/// `GET /ui/logga-in`.
pub async fn sign_in(State(state): State<WebState>, viewer: Viewer) -> Response {
    if viewer.0.as_ref().is_some_and(|s| s.user.is_some()) {
        return Redirect::to("/ui/").into_response();
    }
    sign_in_page(&state, viewer, None)
}

/// Signs `user` in (a new session id) and sends the browser to the start page.
pub fn complete_sign_in(state: &WebState, old: Option<&str>, user: User) -> Response {
    let session = state.0.sessions.sign_in(old, user);
    let mut response = Redirect::to("/ui/").into_response();
    if let Ok(value) = set_cookie(&session.id, state.config().secure_cookies).parse() {
        response.headers_mut().insert(SET_COOKIE, value);
    }
    response
}

/// `POST /ui/logga-in/demo`: only when the demo sign-in is enabled.
pub async fn demo(
    State(state): State<WebState>,
    viewer: Viewer,
    form: FormData,
) -> Result<Response, PageError> {
    if !state.config().demo_sign_in {
        return Err(PageError::NotFound(Box::new(None)));
    }
    let session = viewer.0.ok_or(PageError::Csrf)?;
    check_csrf(&session, &form)?;
    let wanted = form.text("user");
    let (id, name, role) = DEMO_USERS
        .iter()
        .find(|(id, _, _)| *id == wanted)
        .ok_or(PageError::BadRequest("Välj en av demoanvändarna."))?;
    tracing::info!(user = id, "demo sign-in");
    let user = User {
        id: (*id).to_owned(),
        name: (*name).to_owned(),
        roles: [*role].into_iter().collect(),
        method: SignInMethod::Demo,
    };
    Ok(complete_sign_in(&state, Some(&session.id), user))
}

/// `POST /ui/logga-ut`: drops the session and its look-ups.
pub async fn sign_out(
    State(state): State<WebState>,
    signed: SignedIn,
    form: FormData,
) -> Result<Response, PageError> {
    check_csrf(&signed.session, &form)?;
    state.0.sessions.remove(&signed.session.id);
    let mut response = Redirect::to("/ui/logga-in").into_response();
    if let Ok(value) = clear_cookie(state.config().secure_cookies).parse() {
        response.headers_mut().insert(SET_COOKIE, value);
    }
    Ok(response)
}
