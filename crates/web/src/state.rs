//! The UI's shared state: the core it reads through (orchestrator, registry, audit store,
//! specification), its configuration, the sessions and the identity provider's client.

use std::sync::Arc;

use underlag_service::Orchestrator;
use underlag_spec::Spec;
use underlag_store::{ApplicationStore, AuditStore, ConsentStore, RegistryStore};

use crate::config::WebConfig;
use crate::oidc::OidcClient;
use crate::session::SessionStore;

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for WebState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebState").finish_non_exhaustive()
    }
}

/// What every handler reads.
#[derive(Clone)]
pub struct WebState(pub(crate) Arc<Inner>);

pub(crate) struct Inner {
    pub(crate) config: WebConfig,
    pub(crate) orchestrator: Arc<Orchestrator>,
    pub(crate) registry: Arc<dyn RegistryStore>,
    pub(crate) audit: Arc<dyn AuditStore>,
    pub(crate) spec: Arc<Spec>,
    pub(crate) sessions: SessionStore,
    pub(crate) oidc: Option<OidcClient>,
    /// The applicant portal's applications, shown beside the sources when set.
    pub(crate) applications: std::sync::OnceLock<Arc<dyn ApplicationStore>>,
    /// The consents, their fetches and the applications' status events, shown beside the
    /// sources when set.
    pub(crate) consents: std::sync::OnceLock<Arc<dyn ConsentStore>>,
}

impl WebState {
    /// The UI's state over the gateway's core.
    pub fn new(
        config: WebConfig,
        orchestrator: Arc<Orchestrator>,
        registry: Arc<dyn RegistryStore>,
        audit: Arc<dyn AuditStore>,
        spec: Arc<Spec>,
    ) -> anyhow::Result<Self> {
        let sessions = SessionStore::new(config.session_idle, config.session_absolute);
        let oidc = config.oidc.clone().map(OidcClient::new).transpose()?;
        Ok(Self(Arc::new(Inner {
            config,
            orchestrator,
            registry,
            audit,
            spec,
            sessions,
            oidc,
            applications: std::sync::OnceLock::new(),
            consents: std::sync::OnceLock::new(),
        })))
    }

    /// The configuration in force.
    pub fn config(&self) -> &WebConfig {
        &self.0.config
    }

    /// Shows the applications sent through the applicant portal on the overview, beside the
    /// sources' answers, marked "uppgett av sökande" (set once, by the gateway).
    pub fn show_applications(&self, applications: Arc<dyn ApplicationStore>) {
        let _ = self.0.applications.set(applications);
    }

    /// Shows the consent-fetched data ("Kontouppgifter (med samtycke)") and the applications'
    /// status events on the overview, read from `consents` (set once, by the gateway).
    pub fn show_consents(&self, consents: Arc<dyn ConsentStore>) {
        let _ = self.0.consents.set(consents);
    }

    /// How many sessions are live (for tests and metrics).
    pub fn session_count(&self) -> usize {
        self.0.sessions.len()
    }
}
