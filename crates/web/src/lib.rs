//! The case-worker web UI (*handläggarvy*): server-rendered Swedish pages over the same core
//! as REST and SOAP, mounted by the gateway at `/ui`. Sign-in through OpenID Connect (or the
//! labelled demo sign-in of `underlag demo`), roles from a claim, server-side sessions, CSRF
//! tokens on every form, a strict Content-Security-Policy; the look-up registers the
//! household and runs one audited composite query per member; the overview, per-source
//! detail, print view and CSV; log follow-up and administration. See `ROUTES.md`.

pub mod assets;
pub mod audit_log;
pub mod auth;
pub mod case_read;
pub mod config;
pub mod consent_data;
pub mod csv;
pub mod declared;
pub mod errors;
pub mod form;
pub mod format;
pub mod lookup;
pub mod oidc;
pub mod render;
pub mod routes;
pub mod security;
pub mod session;
pub mod state;
pub mod views;

use axum::Router;
use axum::routing::{get, post};

pub use config::{DEMO_USERS, OidcConfig, PurposeConfig, Role, WebConfig};
pub use routes::overview::render_overview;
pub use state::WebState;

/// The callback path the identity provider redirects to, under the gateway.
pub const OIDC_CALLBACK_PATH: &str = "/ui/auth/callback";

/// The UI's router, to be nested at `/ui` (its routes are relative to that).
pub fn router(state: WebState) -> Router {
    use routes::*;
    Router::new()
        .route("/", get(signin::start))
        .route("/logga-in", get(signin::sign_in))
        .route("/logga-in/demo", post(signin::demo))
        .route("/logga-in/oidc", get(oidc::start))
        .route("/auth/callback", get(oidc::callback))
        .route("/logga-ut", post(signin::sign_out))
        .route("/assets/{*file}", get(assets::asset))
        .route("/sok", get(lookup::form).post(lookup::submit))
        .route("/uppslag", get(lookup::list))
        .route("/uppslag/{id}", get(overview::show))
        .route("/uppslag/{id}/utskrift", get(export::print))
        .route("/uppslag/{id}/berakning", get(calculation::show))
        .route("/uppslag/{id}/berakning/spara", post(calculation::save))
        .route(
            "/uppslag/{id}/berakning/{underlag}",
            get(calculation::show_saved),
        )
        .route(
            "/uppslag/{id}/berakning/{underlag}/beslut",
            post(calculation::decide),
        )
        .route("/uppslag/{id}/oversikt.csv", get(export::csv))
        .route(
            "/uppslag/{id}/medlem/{member}/kalla/{source}",
            get(detail::show),
        )
        .route(
            "/uppslag/{id}/medlem/{member}/kalla/{source}/radata",
            get(detail::raw),
        )
        .route("/begrepp", get(concepts::show))
        .route("/logg", get(log::page_get))
        .route("/logg/utdrag", post(log::extract))
        .route("/logg/person", post(log::person_post))
        .route("/logg/indikatorer", post(log::indicators))
        .route("/admin", get(admin::connections))
        .route("/admin/anslutning/{organisation}", get(admin::connection))
        .route("/admin/arenden", get(admin::cases).post(admin::read_case))
        .route("/admin/arenden/hushall", post(admin::set_household))
        .fallback(errors::not_found)
        .layer(axum::middleware::from_fn(security::security_headers))
        .with_state(state)
}
