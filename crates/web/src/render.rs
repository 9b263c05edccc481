//! Rendering askama templates into responses, and the page frame every template shares
//! (title, the signed-in user, the CSRF token for the sign-out form, the menu by role).

use askama::Template;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use crate::config::Role;
use crate::session::SessionView;

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
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
                tracing::error!(error = %e, "a page could not be rendered");
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

/// One menu entry.
#[derive(Debug, Clone)]
pub struct NavItem {
    /// The link.
    pub href: &'static str,
    /// The text.
    pub label: &'static str,
    /// Whether it is the current section (`aria-current="page"`).
    pub current: bool,
}

/// What the page frame shows.
#[derive(Debug, Clone)]
pub struct Frame {
    /// The `<title>` (without the " – Underlag" suffix). Never personal data.
    pub title: String,
    /// The signed-in user's name, if any.
    pub user_name: Option<String>,
    /// The signed-in user's roles, in Swedish.
    pub roles: String,
    /// The session's CSRF token (for the sign-out form).
    pub csrf: String,
    /// The menu.
    pub nav: Vec<NavItem>,
    /// Whether the page is the print view (no header, no menu).
    pub print: bool,
}

impl Frame {
    /// The frame for `session` (signed in or not), titled `title`, with `current` marked.
    pub fn new(title: impl Into<String>, session: Option<&SessionView>, current: &str) -> Self {
        let user = session.and_then(|s| s.user.as_ref());
        let mut nav = Vec::new();
        if let Some(user) = user {
            let entries: [(Role, &'static str, &'static str); 4] = [
                (Role::Handlaggare, "/ui/sok", "Nytt uppslag"),
                (Role::Handlaggare, "/ui/uppslag", "Mina uppslag"),
                (Role::Logguppfoljare, "/ui/logg", "Logguppföljning"),
                (Role::Administrator, "/ui/admin", "Administration"),
            ];
            for (role, href, label) in entries {
                if user.has(role) {
                    nav.push(NavItem {
                        href,
                        label,
                        current: href == current,
                    });
                }
            }
            if user.has(Role::Handlaggare) {
                nav.push(NavItem {
                    href: "/ui/begrepp",
                    label: "Begrepp",
                    current: current == "/ui/begrepp",
                });
            }
        }
        Self {
            title: title.into(),
            user_name: user.map(|u| u.name.clone()),
            roles: user
                .map(|u| {
                    u.roles
                        .iter()
                        .map(|r| r.label())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default(),
            csrf: session.map(|s| s.csrf.clone()).unwrap_or_default(),
            nav,
            print: false,
        }
    }
}
