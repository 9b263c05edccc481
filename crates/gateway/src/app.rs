//! The composition root: builds the gateway (store, adapters, orchestrator, API) from
//! settings and serves it on a listener.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use underlag_api::AppState;
use underlag_domain::{LefiActorId, SourceId};
use underlag_service::{Orchestrator, SourceAdapter};
use underlag_spec::Spec;
use underlag_store::{AuditStore, RegistryStore};
use underlag_upstream::{AgencyEndpoint, Endpoints};

mod health;
mod lifecycle;
mod operations;
mod proxy_identity;
mod tls_audit;

pub use lifecycle::shutdown_signal;

use crate::audit_sink::StoreAuditSink;
use crate::checkpoints::CheckpointWriter;
use crate::keys;
use crate::metrics::GatewayMetrics;
use crate::settings::Settings;
use crate::store_registry::StoreRegistry;

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for Gateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gateway").finish_non_exhaustive()
    }
}

/// A running gateway.
pub struct Gateway {
    /// Where it listens.
    pub addr: SocketAddr,
    /// The audit store it writes to.
    pub store: Arc<dyn AuditStore>,
    /// The connection registry it checks every query against (same database as the store).
    pub registry: Arc<dyn RegistryStore>,
    /// The application core behind every channel.
    pub orchestrator: Arc<Orchestrator>,
    /// Consents, fetches and status events (same database as the store).
    pub consents: Arc<dyn underlag_store::ConsentStore>,
    /// Consent-based gathering, when a bank is configured (`consent.bank_url`).
    pub consent_service: Option<Arc<underlag_consent::ConsentService>>,
    /// The applications sent through the applicant portal (same database as the store).
    pub applications: Arc<dyn underlag_store::ApplicationStore>,
    task: JoinHandle<()>,
    shutdown: tokio::sync::oneshot::Sender<()>,
    checkpoints: CheckpointWriter,
    scheme: &'static str,
    tls: Option<underlag_tls::TlsServerConfig>,
    crl_reload: Option<JoinHandle<()>>,
    health: Option<health::HealthListener>,
}

impl Gateway {
    /// Opens the store, builds the adapters and serves the API on `listener`.
    pub async fn start(
        settings: &Settings,
        spec: Arc<Spec>,
        listener: TcpListener,
    ) -> anyhow::Result<Self> {
        let addr = listener.local_addr()?;
        // Before anything is opened or created: plain HTTP beyond loopback, or a listener
        // that cannot serve TLS, stops here.
        settings.server.check_exposure(addr, settings.tls.enabled)?;
        let tls = settings.tls.server_config()?;
        let proxy = proxy_identity::ProxyIdentity {
            header: settings.server.identity_header()?,
            trusted: settings.server.trust_tls_terminating_proxy,
        };
        // The store creates the database (0600) and a missing folder (0700).
        let stores = underlag_store::open_stores(&settings.database.url)
            .await
            .map_err(|e| anyhow::anyhow!("cannot open the audit store: {e}"))?;
        let (store, registry, norm_archive, applications) = (
            stores.audit,
            stores.registry,
            stores.norm,
            stores.applications,
        );
        let consents = stores.consents;
        let consent_service = consent_service(settings, consents.clone())?;
        let binding = settings.binding_config();
        let adapters = adapters(settings, &spec, &binding)?;
        let checkpoints = start_checkpoints(settings, store.clone()).await?;
        let metrics = Arc::new(GatewayMetrics::new());
        let audit_sink = checkpoints.sink(Arc::new(StoreAuditSink(store.clone())));
        let orchestrator = Orchestrator::new(
            adapters,
            metrics.timed_sink(audit_sink),
            settings.orchestrator(),
        )
        .with_registry(Arc::new(StoreRegistry(registry.clone())), binding)
        .with_norm_archive(norm_archive)
        .with_observer(metrics.clone());
        let orchestrator = Arc::new(orchestrator);
        let state = AppState {
            orchestrator: orchestrator.clone(),
            spec: spec.clone(),
            today: underlag_api::system_today,
            status_events: Some(Arc::new(crate::status_events::StoreStatusEvents(
                consents.clone(),
                applications.clone(),
            ))),
            body_limit: settings.server.body_limit_bytes,
        };
        let api_settings = settings.server.api();
        // The SSBTEK v10 SOAP door, over the same orchestrator (one audit, one set of adapters).
        let mut soap_settings = underlag_soap::SoapSettings {
            read_timeout: settings.server.api().body_timeout,
            ping_deadline: settings.soap.ping_deadline(),
            body_limit: settings.soap.body_limit_bytes,
            limits: settings.soap.limits(),
            ..underlag_soap::SoapSettings::default()
        };
        if let Some(url) = &settings.server.public_url {
            soap_settings = soap_settings
                .with_public_url(url)
                .map_err(|e| anyhow::anyhow!("server.public_url: {e}"))?;
        }
        let soap = underlag_soap::SoapState {
            orchestrator: orchestrator.clone(),
            spec: spec.clone(),
            settings: soap_settings,
        };
        let mut router =
            underlag_api::router(state, &api_settings).merge(underlag_soap::router(soap));
        // `/metrics`, for the operator's Prometheus (`[telemetry] metrics`).
        if settings.telemetry.metrics {
            router = router.merge(operations::router(operations::Operations {
                orchestrator: orchestrator.clone(),
                metrics: metrics.clone(),
            }));
        }
        // The case-worker UI (`[web]`), on the same listener and the same core.
        if let Some(web) = settings.web.web_config(settings)? {
            let web = underlag_web::WebState::new(
                web,
                orchestrator.clone(),
                registry.clone(),
                store.clone(),
                spec,
            )?;
            web.show_applications(applications.clone());
            web.show_consents(consents.clone());
            router = router.nest_service("/ui", underlag_web::router(web));
        }
        // The applicant portal (`[portal]`), on the same listener and the same store.
        if let Some(portal) = settings.portal.portal_config(settings)? {
            let portal =
                underlag_portal::PortalState::new(portal, applications.clone(), store.clone())?;
            // "Vem har tittat?", the signed register extract and the case timeline.
            portal.attach_records(underlag_portal::records::RecordPorts {
                registry: registry.clone(),
                events: consents.clone(),
                signing_key: keys::load_or_create_signing_key(&keys::signing_key_path(settings))?,
                options: settings.consent.who_looked(),
            });
            // Consent-based gathering for the applicant (`/mina-sidor/kontouppgifter`).
            if let Some(service) = &consent_service {
                portal.use_consents(service.clone());
            }
            router = router.nest_service(
                underlag_portal::PORTAL_PATH,
                underlag_portal::router(portal),
            );
        }
        let router = router.layer(axum::middleware::from_fn_with_state(
            proxy,
            proxy_identity::proxy_identity,
        ));
        let (shutdown, stop) = tokio::sync::oneshot::channel::<()>();
        let scheme = if tls.is_some() { "https" } else { "http" };
        let handshake_timeout = settings.tls.handshake_timeout();
        let limits = settings.server.limits();
        let refusal_store = store.clone();
        let refusal_metrics = metrics.clone();
        let served_tls = tls.clone();
        let crl_reload = match (&tls, settings.tls.crl_reload_interval()) {
            (Some(tls), Some(every)) => Some(tokio::spawn(reload_crls_every(tls.clone(), every))),
            _ => None,
        };
        let task = tokio::spawn(async move {
            let stopped = async {
                let _ = stop.await;
            };
            let served = match tls {
                Some(tls) => {
                    let observer: Arc<dyn underlag_tls::RefusalObserver> =
                        Arc::new(tls_audit::TlsRefusalAudit {
                            store: refusal_store,
                            metrics: refusal_metrics,
                        });
                    underlag_tls::serve_observed(
                        listener,
                        &tls,
                        router,
                        handshake_timeout,
                        limits,
                        stopped,
                        Some(observer),
                    )
                    .await
                }
                None => underlag_tls::serve_plain(listener, router, limits, stopped).await,
            };
            if let Err(e) = served {
                tracing::error!(error = %e, "gateway listener stopped");
            }
        });
        tracing::info!(%addr, scheme, backend = store.backend(), "gateway listening");
        crate::readiness::log_readiness(&orchestrator).await;
        let health = match &settings.server.health_listen {
            Some(listen) => {
                Some(health::HealthListener::start(listen, orchestrator.clone()).await?)
            }
            None => None,
        };
        Ok(Self {
            addr,
            store,
            registry,
            orchestrator,
            consents,
            consent_service,
            applications,
            task,
            shutdown,
            checkpoints,
            scheme,
            tls: served_tls,
            crl_reload,
            health,
        })
    }

    /// Reads the mTLS listener's CRL files again now and puts them in force for every new
    /// handshake (as the periodic reload does, `tls.crl_reload_seconds`); nothing to do
    /// without `[tls]` or CRLs.
    pub fn reload_crls(&self) -> anyhow::Result<()> {
        match &self.tls {
            Some(tls) => tls
                .reload_crls()
                .map_err(|e| anyhow::anyhow!("the CRLs could not be reloaded: {e}")),
            None => Ok(()),
        }
    }

    /// The base URL, e.g. `http://127.0.0.1:8080` (`https` with `[tls] enabled`).
    pub fn url(&self) -> String {
        format!("{}://{}", self.scheme, self.addr)
    }

    /// The health listener's base URL (`server.health_listen`), when one is configured.
    pub fn health_url(&self) -> Option<String> {
        self.health.as_ref().map(|h| format!("http://{}", h.addr))
    }

    /// Stops accepting, lets in-flight requests finish (at most `server.shutdown_grace_ms`),
    /// signs a last checkpoint, closes the store.
    pub async fn stop(self) {
        if let Some(reload) = &self.crl_reload {
            reload.abort();
        }
        let _ = self.shutdown.send(());
        let _ = self.task.await;
        if let Some(health) = self.health {
            health.stop().await;
        }
        self.checkpoints.stop().await;
        self.store.close().await;
    }

    /// Waits until the server task ends (it ends only on error or [`Gateway::stop`]).
    pub async fn wait(&mut self) {
        let _ = (&mut self.task).await;
    }
}

/// Reads the CRLs again every `every`, for as long as the gateway serves.
async fn reload_crls_every(tls: underlag_tls::TlsServerConfig, every: std::time::Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.tick().await;
    loop {
        ticks.tick().await;
        match tls.reload_crls() {
            Ok(()) => tracing::debug!("CRLs reloaded"),
            Err(e) => {
                tracing::warn!(error = %e, "the CRLs could not be reloaded; the ones in force stay")
            }
        }
    }
}

/// Loads (or on first start creates) the checkpoint signing key and starts the task that
/// signs checkpoints at the configured intervals.
async fn start_checkpoints(
    settings: &Settings,
    store: Arc<dyn AuditStore>,
) -> anyhow::Result<CheckpointWriter> {
    let key = keys::load_or_create_signing_key(&keys::signing_key_path(settings))?;
    let audit = &settings.audit;
    CheckpointWriter::start(
        store,
        key,
        audit.checkpoint_every_records,
        std::time::Duration::from_secs(audit.checkpoint_every_seconds),
    )
    .await
    .map_err(|e| anyhow::anyhow!("cannot start audit checkpoints: {e}"))
}

/// Loads the information specification: the configured folder, or the built-in copy.
pub fn load_spec(settings: &Settings) -> anyhow::Result<Arc<Spec>> {
    let spec = match &settings.spec.dir {
        Some(dir) => Spec::load_dir(dir),
        None => Spec::embedded(),
    }
    .map_err(|e| anyhow::anyhow!("the information specification is broken: {e}"))?;
    Ok(Arc::new(spec))
}

/// The adapters towards the configured agencies, as the gateway builds them (the same URLs,
/// TLS and LEFI actor id), for callers that talk to the agencies without the gateway (the
/// direct mode of `underlag load`).
pub fn source_adapters(
    settings: &Settings,
    spec: &Arc<Spec>,
) -> anyhow::Result<Vec<Arc<dyn SourceAdapter>>> {
    adapters(settings, spec, &settings.binding_config())
}

/// One adapter per configured agency; a source without a URL answers `unavailable`. FK's
/// test service is asked with the binding's fallback LEFI actor id.
fn adapters(
    settings: &Settings,
    spec: &Arc<Spec>,
    binding: &underlag_service::BindingConfig,
) -> anyhow::Result<Vec<Arc<dyn SourceAdapter>>> {
    let mut endpoints = Endpoints::new();
    endpoints.lefi_ping_actor_id =
        LefiActorId::text_of(binding.policy.default_lefi_actor_id.as_ref()).to_owned();
    let agency_tls = settings.upstream_tls.agency_tls()?;
    let configured: Vec<SourceId> = SourceId::ALL
        .into_iter()
        .filter(|id| settings.agency_url(*id).is_some())
        .collect();
    for id in &configured {
        if let Some(url) = settings.agency_url(*id) {
            let endpoint = AgencyEndpoint::new(url)
                .with_max_connections(settings.query.max_connections_per_agency);
            let endpoint = match &agency_tls {
                Some(tls) => endpoint.with_tls(tls.clone()),
                None => endpoint,
            };
            endpoints.insert(*id, endpoint);
        }
    }
    if configured.len() < SourceId::ALL.len() {
        tracing::warn!(
            configured = configured.len(),
            "not every agency has a URL; the others answer unavailable"
        );
    }
    configured
        .into_iter()
        .map(|id| {
            underlag_upstream::adapter(&endpoints, id, spec.clone()).map_err(anyhow::Error::from)
        })
        .collect()
}

/// The folder of the SQLite database a URL names (`None` for PostgreSQL, in-memory databases
/// and a file in the current folder).
pub fn sqlite_parent_dir(url: &str) -> Option<std::path::PathBuf> {
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    if path.contains(":memory:") {
        return None;
    }
    let path = std::path::Path::new(path.split('?').next()?);
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(|p| p.to_path_buf())
}

/// Consent-based gathering over the store, when a bank is configured; it acts for the UI's
/// organisation.
fn consent_service(
    settings: &Settings,
    consents: Arc<dyn underlag_store::ConsentStore>,
) -> anyhow::Result<Option<Arc<underlag_consent::ConsentService>>> {
    let url = settings.consent.bank_url.trim();
    if url.is_empty() {
        return Ok(None);
    }
    let bank = underlag_consent::BankSource::new(url, settings.consent.bank_timeout())
        .map_err(|_| anyhow::anyhow!("consent.bank_url: cannot build the bank client"))?;
    let context = underlag_consent::ConsentContext {
        organisation: settings.web.organisation.clone(),
        channel: underlag_audit::Channel::Ui,
    };
    Ok(Some(Arc::new(underlag_consent::ConsentService::new(
        consents,
        vec![Arc::new(bank)],
        context,
    ))))
}
