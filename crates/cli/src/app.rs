//! The composition root: builds the gateway (store, adapters, orchestrator, API) from
//! settings and serves it on a listener.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use underlag_api::{ApiSettings, AppState, QueryLimits};
use underlag_domain::SourceId;
use underlag_service::{Orchestrator, SourceAdapter};
use underlag_spec::Spec;
use underlag_store::AuditStore;
use underlag_upstream::{AgencyEndpoint, Endpoints};

use crate::audit_sink::StoreAuditSink;
use crate::settings::Settings;

/// A running gateway.
pub struct Gateway {
    /// Where it listens.
    pub addr: SocketAddr,
    /// The audit store it writes to.
    pub store: Arc<dyn AuditStore>,
    task: JoinHandle<()>,
    shutdown: tokio::sync::oneshot::Sender<()>,
}

impl Gateway {
    /// Opens the store, builds the adapters and serves the API on `listener`.
    pub async fn start(
        settings: &Settings,
        spec: Arc<Spec>,
        listener: TcpListener,
    ) -> anyhow::Result<Self> {
        let addr = listener.local_addr()?;
        if let Some(dir) = sqlite_parent_dir(&settings.database.url) {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let store = underlag_store::open_store(&settings.database.url)
            .await
            .map_err(|e| anyhow::anyhow!("cannot open the audit store: {e}"))?;
        let adapters = adapters(settings, &spec)?;
        let orchestrator = Orchestrator::new(
            adapters,
            Arc::new(StoreAuditSink(store.clone())),
            settings.orchestrator(),
        );
        let state = AppState {
            orchestrator: Arc::new(orchestrator),
            spec,
            limits: QueryLimits {
                max_period_days: settings.query.max_period_days,
                lefi_actor_id: settings.query.lefi_actor_id.clone(),
            },
            today: underlag_api::system_today,
            body_limit: settings.server.body_limit_bytes,
        };
        let api_settings = ApiSettings {
            body_limit: settings.server.body_limit_bytes,
            ..ApiSettings::default()
        };
        let router = underlag_api::router(state, &api_settings);
        let (shutdown, stop) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serve = axum::serve(listener, router).with_graceful_shutdown(async {
                let _ = stop.await;
            });
            if let Err(e) = serve.await {
                tracing::error!(error = %e, "gateway listener stopped");
            }
        });
        tracing::info!(%addr, backend = store.backend(), "gateway listening");
        Ok(Self {
            addr,
            store,
            task,
            shutdown,
        })
    }

    /// The base URL, e.g. `http://127.0.0.1:8080`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, lets in-flight requests finish, closes the store.
    pub async fn stop(self) {
        let _ = self.shutdown.send(());
        let _ = self.task.await;
        self.store.close().await;
    }

    /// Waits until the server task ends (it ends only on error or [`Gateway::stop`]).
    pub async fn wait(&mut self) {
        let _ = (&mut self.task).await;
    }
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

/// One adapter per configured agency; a source without a URL answers `unavailable`.
fn adapters(settings: &Settings, spec: &Arc<Spec>) -> anyhow::Result<Vec<Arc<dyn SourceAdapter>>> {
    let mut endpoints = Endpoints::new();
    endpoints.lefi_ping_actor_id = settings.query.lefi_actor_id.clone();
    let configured: Vec<SourceId> = SourceId::ALL
        .into_iter()
        .filter(|id| settings.agency_url(*id).is_some())
        .collect();
    for id in &configured {
        if let Some(url) = settings.agency_url(*id) {
            endpoints.insert(*id, AgencyEndpoint::new(url));
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

fn sqlite_parent_dir(url: &str) -> Option<std::path::PathBuf> {
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
