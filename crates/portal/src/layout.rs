//! The page frame every portal page shares (title, the signed-in person, the sign-out form,
//! the navigation list), rendering a template into a response, and the navigation list
//! itself: one line per page group, so a new group adds a line here and a module under
//! `routes/`.

use askama::Template;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use crate::session::SessionView;

/// The navigation list of a signed-in applicant: (path, Swedish label). One line per page
/// group.
pub const NAVIGATION: &[(&str, &str)] = &[
    ("/mina-sidor/", "Mina sidor"),
    ("/mina-sidor/ansokan/ny", "Ansök om ekonomiskt bistånd"),
    ("/mina-sidor/ansokningar", "Mina ansökningar"),
    ("/mina-sidor/arenden", "Mina ärenden"),
    ("/mina-sidor/insyn", "Vem har tittat?"),
    ("/mina-sidor/kontouppgifter", "Kontouppgifter från banken"),
];

// Debug names the type only.
impl<T> std::fmt::Debug for Page<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Page").finish_non_exhaustive()
    }
}

/// A rendered template as a response (`text/html; charset=utf-8`), with a status.
pub struct Page<T> {
    /// The status code.
    pub status: StatusCode,
    /// The template.
    pub template: T,
}

impl<T: Template> Page<T> {
    /// A `200 OK` page.
    pub fn ok(template: T) -> Self {
        Self {
            status: StatusCode::OK,
            template,
        }
    }

    /// A page with another status.
    pub fn with_status(status: StatusCode, template: T) -> Self {
        Self { status, template }
    }
}

impl<T: Template> IntoResponse for Page<T> {
    fn into_response(self) -> Response {
        match self.template.render() {
            Ok(html) => (
                self.status,
                [(CONTENT_TYPE, "text/html; charset=utf-8")],
                html,
            )
                .into_response(),
            Err(e) => {
                tracing::error!(error = %e, "a portal page could not be rendered");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    [(CONTENT_TYPE, "text/plain; charset=utf-8")],
                    "Sidan kunde inte visas.",
                )
                    .into_response()
            }
        }
    }
}

/// One navigation entry.
#[derive(Debug, Clone)]
pub struct NavItem {
    /// The link.
    pub href: &'static str,
    /// The text.
    pub label: &'static str,
    /// Whether it is the current page group (`aria-current="page"`).
    pub current: bool,
}

/// What the page frame shows.
#[derive(Debug, Clone)]
pub struct Frame {
    /// The `<title>` (without the suffix). Never personal data.
    pub title: String,
    /// The signed-in person's name, if any.
    pub user_name: Option<String>,
    /// The session's CSRF token (for the sign-out form).
    pub csrf: String,
    /// The navigation list (empty when nobody is signed in).
    pub nav: Vec<NavItem>,
}

impl Frame {
    /// The frame for `session`, titled `title`, with the group at `current` marked.
    pub fn new(title: impl Into<String>, session: Option<&SessionView>, current: &str) -> Self {
        let applicant = session.and_then(|s| s.applicant.as_ref());
        let nav = match applicant {
            Some(_) => NAVIGATION
                .iter()
                .map(|&(href, label)| NavItem {
                    href,
                    label,
                    current: href == current,
                })
                .collect(),
            None => Vec::new(),
        };
        Self {
            title: title.into(),
            user_name: applicant.map(|a| a.name.clone()),
            csrf: session.map(|s| s.csrf.clone()).unwrap_or_default(),
            nav,
        }
    }
}
