//! The portal's test stack: the shared [`TestApp`] (gateway, simulated agencies, a fresh
//! SQLite database) with the applicant portal and the case-worker UI mounted, both with their
//! demo sign-in, acting for Exempelkommun.

use std::ops::Deref;
use std::time::Duration;

use underlag_gateway::Settings;
use underlag_test_support::TestApp;

/// The municipality (Exempelkommun, as in `underlag demo`).
pub(crate) const ORGANISATION: &str = "2120000142";

/// The applicant: the all-sources person of the simulated population.
pub(crate) const APPLICANT: &str = "198603052393";

/// The co-applicant: a parent with family benefits (`family_benefits`).
pub(crate) const CO_APPLICANT: &str = "198805122390";

/// A person with protected identity (`protected_identity` in crates/sim/POPULATION.md).
pub(crate) const PROTECTED: &str = "200205082381";

/// A running stack.
pub(crate) struct App {
    test: TestApp,
    /// `http://127.0.0.1:PORT`.
    pub(crate) base: String,
}

impl Deref for App {
    type Target = TestApp;

    fn deref(&self) -> &TestApp {
        &self.test
    }
}

impl App {
    /// The stack with the portal's default settings.
    pub(crate) async fn start() -> App {
        Self::start_with(|_| {}).await
    }

    /// The stack with `change` applied to the settings after the portal is turned on.
    pub(crate) async fn start_with(change: impl FnOnce(&mut Settings) + Send + 'static) -> App {
        Self::start_from(TestApp::builder(), change).await
    }

    /// The stack served on `listener` (bound earlier, so its URL is known before it starts).
    pub(crate) async fn start_on(
        listener: tokio::net::TcpListener,
        change: impl FnOnce(&mut Settings) + Send + 'static,
    ) -> App {
        Self::start_from(TestApp::builder().listener(listener), change).await
    }

    async fn start_from(
        builder: underlag_test_support::TestAppBuilder,
        change: impl FnOnce(&mut Settings) + Send + 'static,
    ) -> App {
        let test = builder
            .auto_register(false)
            .settings(move |settings| {
                settings.query.max_attempts = 1;
                enable_portal(settings);
                change(settings);
            })
            .start()
            .await;
        let base = test.url();
        App { test, base }
    }

    /// Stops the gateway, then the agencies.
    pub(crate) async fn stop(self) {
        tokio::time::timeout(Duration::from_secs(20), self.test.stop())
            .await
            .expect("the gateway stops within 20 s");
    }
}

/// Turns the portal and the case-worker UI on, each with its demo sign-in, as `underlag demo`.
pub(crate) fn enable_portal(settings: &mut Settings) {
    let portal = &mut settings.portal;
    portal.enabled = true;
    portal.demo_sign_in = true;
    portal.organisation = ORGANISATION.to_owned();
    portal.organisation_name = "Exempelkommun".to_owned();
    portal.unit_name = "Försörjningsstöd Exempelkommun".to_owned();
    portal.unit_address = "Storgatan 1, 123 45 Exempelstad".to_owned();
    portal.unit_phone = "010-123 45 67".to_owned();
    let web = &mut settings.web;
    web.enabled = true;
    web.demo_sign_in = true;
    web.organisation = ORGANISATION.to_owned();
}
