//! The UI's error pages, in Swedish: not signed in (a redirect to the sign-in page for a
//! GET), no right to the page (403), a failed CSRF check (403), not found (404), bad request
//! (400) and an internal error (500). Never an input value in a message.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::render::{Frame, Page};
use crate::session::SessionView;

/// Why a page could not be shown.
#[derive(Debug)]
pub enum PageError {
    /// Nobody is signed in: GET pages redirect to the sign-in page.
    NotSignedIn {
        /// Whether the request was a GET (redirect) or not (403).
        get: bool,
    },
    /// Signed in, without the role the page needs.
    Forbidden(Box<Option<SessionView>>),
    /// A POST without the session's CSRF token.
    Csrf,
    /// No such page, or no such look-up in this session.
    NotFound(Box<Option<SessionView>>),
    /// The request cannot be served as asked (e.g. a failed sign-in); the text is Swedish and
    /// carries no input value.
    BadRequest(&'static str),
    /// Something broke on our side; details are in the log, not on the page.
    Internal,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    frame: Frame,
    status: u16,
    reason: &'static str,
    heading: &'static str,
    text: &'static str,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, reason, heading, text, session) = match self {
            PageError::NotSignedIn { get: true } => {
                return Redirect::to("/ui/logga-in").into_response();
            }
            PageError::NotSignedIn { get: false } => (
                StatusCode::FORBIDDEN,
                "signed_out",
                "Du är inte inloggad",
                "Logga in och försök igen.",
                None,
            ),
            PageError::Forbidden(session) => (
                StatusCode::FORBIDDEN,
                "role",
                "Åtkomst nekad",
                "Din roll ger inte behörighet till den här sidan. Kontakta din administratör om du behöver behörigheten.",
                *session,
            ),
            PageError::Csrf => (
                StatusCode::FORBIDDEN,
                "csrf",
                "Formuläret kunde inte tas emot",
                "Formuläret saknade en giltig säkerhetskod, eller så har sessionen gått ut. Ladda om sidan och försök igen.",
                None,
            ),
            PageError::NotFound(session) => (
                StatusCode::NOT_FOUND,
                "not_found",
                "Sidan finns inte",
                "Sidan eller uppslaget finns inte. Uppslag sparas bara under den inloggade sessionen.",
                *session,
            ),
            PageError::BadRequest(text) => (
                StatusCode::BAD_REQUEST,
                "bad_request",
                "Begäran kunde inte utföras",
                text,
                None,
            ),
            PageError::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Något gick fel",
                "Ett tekniskt fel uppstod. Försök igen om en stund.",
                None,
            ),
        };
        let frame = Frame::new(heading, session.as_ref(), "");
        Page::with_status(
            status,
            ErrorPage {
                frame,
                status: status.as_u16(),
                reason,
                heading,
                text,
            },
        )
        .into_response()
    }
}

/// The 404 page for an unknown path under `/ui`.
pub async fn not_found() -> PageError {
    PageError::NotFound(Box::new(None))
}
