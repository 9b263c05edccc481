//! The portal's error pages, in plain Swedish: not signed in (a redirect to the sign-in page
//! for a GET), a failed CSRF check (403), not found (404), bad request (400) and an internal
//! error (500). Never an input value in a message.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::layout::{Frame, Page};
use crate::session::SessionView;

/// Why a page could not be shown.
#[derive(Debug)]
pub enum PortalError {
    /// Nobody is signed in: GET pages redirect to the sign-in page.
    NotSignedIn {
        /// Whether the request was a GET (redirect) or not (403).
        get: bool,
    },
    /// A POST without the session's CSRF token.
    Csrf,
    /// No such page, or nothing of the signed-in person's.
    NotFound(Box<Option<SessionView>>),
    /// The request cannot be served as asked; the text is Swedish and carries no input value.
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

impl IntoResponse for PortalError {
    fn into_response(self) -> Response {
        let (status, reason, heading, text, session) = match self {
            PortalError::NotSignedIn { get: true } => {
                return Redirect::to("/mina-sidor/logga-in").into_response();
            }
            PortalError::NotSignedIn { get: false } => (
                StatusCode::FORBIDDEN,
                "signed_out",
                "Du är inte inloggad",
                "Du har loggats ut, kanske för att det gick en stund sedan du var aktiv. Logga in och försök igen.",
                None,
            ),
            PortalError::Csrf => (
                StatusCode::FORBIDDEN,
                "csrf",
                "Vi kunde inte ta emot formuläret",
                "Sidan var för gammal eller så har du loggats ut. Gå tillbaka, ladda om sidan och försök igen.",
                None,
            ),
            PortalError::NotFound(session) => (
                StatusCode::NOT_FOUND,
                "not_found",
                "Sidan finns inte",
                "Sidan du försökte nå finns inte, eller så hör den inte till dig.",
                *session,
            ),
            PortalError::BadRequest(text) => (
                StatusCode::BAD_REQUEST,
                "bad_request",
                "Det gick inte att göra det du bad om",
                text,
                None,
            ),
            PortalError::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Något gick fel",
                "Ett tekniskt fel uppstod hos oss. Försök igen om en stund.",
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

/// The 404 page for an unknown path under `/mina-sidor`.
pub async fn not_found() -> PortalError {
    PortalError::NotFound(Box::new(None))
}
