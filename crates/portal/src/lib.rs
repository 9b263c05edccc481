//! The applicant portal (*Mina sidor*): server-rendered Swedish pages in plain language for
//! the person who applies for ekonomiskt bistånd, mounted by the gateway at `/mina-sidor`.
//! Same standards as the case-worker UI (it reuses `underlag-web`'s FKUI assets, security
//! headers, form reader and OIDC client): works without JavaScript, strict CSP, CSRF tokens on
//! every form, server-side sessions of its own (cookie path `/mina-sidor`).
//!
//! Sign-in through the municipality's identity provider (OIDC; the personnummer from a
//! configured claim) or, only in `underlag demo`, the labelled demo sign-in for seeded test
//! persons. The digital application (new or monthly: household with co-applicant, costs,
//! declared incomes, attachments, a summary before sending, a receipt) is stored with its
//! `application_submitted` audit record in one transaction. A person with protected identity
//! uses it fully: no page shows location data, and what they see of the unit is configured.
//!
//! Page groups are modules under `routes/`; the navigation list is `layout::NAVIGATION`.

pub mod auth;
pub mod config;
pub mod consent;
pub mod errors;
pub mod layout;
pub mod multipart;
pub mod records;
pub mod routes;
pub mod session;
pub mod state;
pub mod views;

use axum::Router;
use axum::routing::{get, post};

pub use config::{DEMO_APPLICANTS, PortalConfig, ProtectedUnitView, UnitInfo};
pub use state::PortalState;

/// Where the gateway mounts the portal.
pub const PORTAL_PATH: &str = "/mina-sidor";

/// The callback path the identity provider redirects to, under the gateway.
pub const OIDC_CALLBACK_PATH: &str = "/mina-sidor/auth/callback";

/// The portal's router, to be nested at `/mina-sidor` (its routes are relative to that).
pub fn router(state: PortalState) -> Router {
    use routes::*;
    Router::new()
        .route("/", get(start::show))
        .route("/logga-in", get(signin::sign_in))
        .route("/logga-in/demo", post(signin::demo))
        .route("/logga-in/oidc", get(oidc::start))
        .route("/auth/callback", get(oidc::callback))
        .route("/logga-ut", post(signin::sign_out))
        .route("/assets/{*file}", get(underlag_web::assets::asset))
        .route(
            "/ansokan/ny",
            get(application::form).post(application::submit_form),
        )
        .route(
            "/ansokan/bilagor",
            get(application::attachments).post(application::upload),
        )
        .route(
            "/ansokan/bilagor/ta-bort",
            post(application::remove_attachment),
        )
        .route("/ansokan/sammanfattning", get(application::summary))
        .route("/ansokan/skicka", post(application::send))
        .route("/ansokningar", get(applications::list))
        .route("/ansokningar/{id}", get(applications::receipt))
        .route("/ansokningar/{id}/bekrafta", post(applications::confirm))
        .route(
            "/ansokningar/{id}/bilagor/{attachment}",
            get(applications::download),
        )
        .route("/insyn", get(insyn::show))
        .route("/insyn/registerutdrag.json", get(insyn::download))
        .route("/insyn/utskrift", get(insyn::printable))
        .route("/arenden", get(cases::list))
        .route("/arenden/{id}", get(cases::timeline))
        .route(
            "/kontouppgifter",
            get(routes::consent::list).post(routes::consent::give),
        )
        .route("/kontouppgifter/{id}", get(routes::consent::show))
        .route("/kontouppgifter/{id}/hamta", post(routes::consent::fetch))
        .route(
            "/kontouppgifter/{id}/aterkalla",
            post(routes::consent::revoke),
        )
        .fallback(errors::not_found)
        .layer(axum::middleware::from_fn(
            underlag_web::security::security_headers,
        ))
        .with_state(state)
}
