//! The portal's shared state: its configuration, the applicants' sessions, the identity
//! provider's client, and the store it keeps applications in (with the audit chain).

use std::sync::{Arc, OnceLock};

use underlag_consent::ConsentService;
use underlag_store::{ApplicationStore, AuditStore};
use underlag_web::oidc::OidcClient;

use crate::config::PortalConfig;
use crate::session::PortalSessions;

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for PortalState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PortalState").finish_non_exhaustive()
    }
}

/// What every handler reads.
#[derive(Clone)]
pub struct PortalState(pub(crate) Arc<Inner>);

pub(crate) struct Inner {
    pub(crate) config: PortalConfig,
    pub(crate) sessions: PortalSessions,
    pub(crate) oidc: Option<OidcClient>,
    pub(crate) applications: Arc<dyn ApplicationStore>,
    pub(crate) audit: Arc<dyn AuditStore>,
    pub(crate) records: std::sync::OnceLock<crate::records::RecordPorts>,
    /// Consent-based gathering (bank account information), when the gateway has a bank.
    pub(crate) consents: OnceLock<Arc<ConsentService>>,
}

impl PortalState {
    /// The portal's state over the gateway's store.
    pub fn new(
        config: PortalConfig,
        applications: Arc<dyn ApplicationStore>,
        audit: Arc<dyn AuditStore>,
    ) -> anyhow::Result<Self> {
        let sessions = PortalSessions::new(config.session_idle, config.session_absolute);
        let oidc = config.oidc.clone().map(OidcClient::new).transpose()?;
        Ok(Self(Arc::new(Inner {
            config,
            sessions,
            oidc,
            applications,
            audit,
            records: std::sync::OnceLock::new(),
            consents: OnceLock::new(),
        })))
    }

    /// Turns on "vem har tittat?", the register extract and the case timeline (the
    /// registry, the status events and the checkpoint key); a second call changes nothing.
    pub fn attach_records(&self, ports: crate::records::RecordPorts) {
        let _ = self.0.records.set(ports);
    }

    /// The configuration in force.
    pub fn config(&self) -> &PortalConfig {
        &self.0.config
    }

    /// The applications store.
    pub fn applications(&self) -> &Arc<dyn ApplicationStore> {
        &self.0.applications
    }

    /// The audit store (the chain every record of the portal is appended to).
    pub fn audit(&self) -> &Arc<dyn AuditStore> {
        &self.0.audit
    }

    /// Turns on consent-based gathering (`/mina-sidor/kontouppgifter`) with the gateway's
    /// consent service; set once, later calls are ignored.
    pub fn use_consents(&self, service: Arc<ConsentService>) {
        let _ = self.0.consents.set(service);
    }

    /// The consent service, when consent-based gathering is on.
    pub fn consents(&self) -> Option<&Arc<ConsentService>> {
        self.0.consents.get()
    }

    /// How many sessions are live (for tests).
    pub fn session_count(&self) -> usize {
        self.0.sessions.len()
    }
}
