//! The shared test stack for the web UI's tests: the seven simulated agencies, the gateway
//! (temporary SQLite, demo-like registry) with the UI mounted under `/ui`, on loopback port 0.
//!
//! Coordination notes (WEB-B writes this file; WEB-A may add to it carefully):
//! - `App::start()` is the everyday stack: no faults, the UI with its demo sign-in (if the
//!   `[web]` settings offer one), no identity provider.
//! - Tests that need an identity provider (oidc_flow.rs, browser.rs) first bind the listener
//!   with [`Listener::bind`], so they know the UI's callback URL before the provider starts,
//!   then start the provider, then [`App::start_on`] with [`AppOptions::oidc`] set.
//! - [`enable_web`] is the one place that turns the UI on in the gateway's settings; it
//!   follows WEB-A's `[web]` settings (crates/gateway/src/settings/web.rs).
//! - Fault control: [`TestApp::hang`], [`TestApp::answer_invalidly`],
//!   [`TestApp::clear_faults`] (through `Deref`), or faults from the start in
//!   [`AppOptions::faults`].
//! - The stack itself is the shared [`TestApp`] (crates/test-support); this file adds only the
//!   UI's settings, constants and the pre-bound listener.
//! - Query-time registration stays off (as in `underlag serve`): the UI registers the
//!   household through the case registry itself.

use std::ops::Deref;
use std::time::Duration;

use underlag_domain::SourceId;
use underlag_gateway::Settings;
use underlag_sim::Fault;
use underlag_test_support::TestApp;

/// The organisation the UI acts for (Exempelkommun, as in `underlag demo`).
pub(crate) const ORGANISATION: &str = "2120000142";

/// The all-sources person of the simulated population (crates/sim/POPULATION.md).
pub(crate) const ALL_SOURCES_PERSON: &str = "198603052393";

/// The second member of the test household: a parent with family benefits
/// (`family_benefits` in crates/sim/POPULATION.md).
pub(crate) const HOUSEHOLD_PARTNER: &str = "198805122390";

/// The overall deadline of one composite query in the test stack: short, so a hung source
/// costs the tests little.
pub(crate) const DEADLINE_MS: u64 = 2500;

/// One source's time budget in the test stack.
pub(crate) const SOURCE_TIMEOUT_MS: u64 = 1500;

/// The OpenID Connect client the UI is configured with.
#[derive(Debug, Clone)]
pub(crate) struct OidcClient {
    /// The provider's issuer URL (discovery at `{issuer}/.well-known/openid-configuration`).
    pub(crate) issuer: String,
    pub(crate) client_id: String,
    pub(crate) client_secret: String,
}

/// How to start the stack.
#[derive(Debug, Clone, Default)]
pub(crate) struct AppOptions {
    /// Faults the agencies start with.
    pub(crate) faults: Vec<(SourceId, Fault)>,
    /// Sign-in through this provider; `None`: the demo sign-in.
    pub(crate) oidc: Option<OidcClient>,
}

/// The gateway's listener, bound before the stack starts (so its URL is known first).
pub(crate) struct Listener {
    listener: tokio::net::TcpListener,
}

impl Listener {
    /// Binds 127.0.0.1 on a free port.
    pub(crate) async fn bind() -> Listener {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        Listener { listener }
    }

    /// The gateway's base URL, e.g. `http://127.0.0.1:PORT`.
    pub(crate) fn base_url(&self) -> String {
        format!("http://{}", self.listener.local_addr().unwrap())
    }

    /// The URL the identity provider redirects back to after sign-in (ROUTES.md).
    pub(crate) fn oidc_redirect_uri(&self) -> String {
        format!("{}{}", self.base_url(), OIDC_CALLBACK_PATH)
    }
}

/// The UI's OpenID Connect callback, relative to the gateway (the crate's own constant, so
/// the provider registers exactly what the UI sends).
pub(crate) const OIDC_CALLBACK_PATH: &str = underlag_web::OIDC_CALLBACK_PATH;

/// A running stack: agencies and gateway with the UI, over the shared [`TestApp`] (its
/// simulator, gateway and runtime fault control through `Deref`).
pub(crate) struct App {
    test: TestApp,
    /// The gateway's base URL (`http://127.0.0.1:PORT`); the UI is under `{base}/ui`.
    pub(crate) base: String,
}

impl Deref for App {
    type Target = TestApp;

    fn deref(&self) -> &TestApp {
        &self.test
    }
}

impl App {
    /// The everyday stack: no faults, demo sign-in.
    pub(crate) async fn start() -> App {
        Self::start_with(AppOptions::default()).await
    }

    /// A stack with `options`, on a fresh listener.
    pub(crate) async fn start_with(options: AppOptions) -> App {
        Self::start_on(Listener::bind().await, options).await
    }

    /// A stack with `options` on a listener bound earlier: [`TestApp`] with the UI's
    /// timeouts, one attempt per source, query-time registration off and Exempelkommun (the
    /// builder's default connection) connected for every source, as `underlag demo` does.
    pub(crate) async fn start_on(listener: Listener, options: AppOptions) -> App {
        let base = listener.base_url();
        let oidc = options.oidc;
        let test = TestApp::builder()
            .listener(listener.listener)
            .timeouts(DEADLINE_MS, SOURCE_TIMEOUT_MS)
            .auto_register(false)
            .faults(options.faults)
            .settings(move |settings| {
                // One attempt per source: a hung source costs one timeout, not two.
                settings.query.max_attempts = 1;
                enable_web(settings, oidc.as_ref());
            })
            .start()
            .await;
        App { test, base }
    }

    /// `{base}/ui{path}`, e.g. `ui("/")`.
    pub(crate) fn ui(&self, path: &str) -> String {
        format!("{}/ui{}", self.base, path)
    }

    /// Stops the gateway, then the agencies.
    pub(crate) async fn stop(self) {
        tokio::time::timeout(Duration::from_secs(20), self.test.stop())
            .await
            .expect("the gateway stops within 20 s");
    }
}

/// Turns the UI on in the gateway's settings: organisation Exempelkommun, the role claim
/// `underlag_roles`, and either the OpenID provider `oidc` or the demo sign-in.
/// Follows WEB-A's `[web]` settings (crates/gateway/src/settings/web.rs).
fn enable_web(settings: &mut Settings, oidc: Option<&OidcClient>) {
    // (WEB-A) The `[web]` settings of crates/gateway/src/settings/web.rs.
    let web = &mut settings.web;
    web.enabled = true;
    web.organisation = ORGANISATION.to_owned();
    web.role_claim = "underlag_roles".to_owned();
    match oidc {
        Some(client) => {
            web.demo_sign_in = false;
            web.oidc_issuer = Some(client.issuer.clone());
            web.oidc_client_id = Some(client.client_id.clone());
            web.oidc_client_secret = Some(client.client_secret.clone());
            web.oidc_redirect_url = Some(format!(
                "http://{}{}",
                settings.server.listen, OIDC_CALLBACK_PATH
            ));
        }
        None => web.demo_sign_in = true,
    }
}
