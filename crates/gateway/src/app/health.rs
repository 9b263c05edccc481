//! The health listener (`server.health_listen`): plain HTTP, no client certificate, serving
//! only `/health`, `/health/live` and `/health/ready`, so a platform's probes reach the
//! gateway while its API requires mTLS. It answers no personal data and takes no input.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use underlag_store::{AuditStore, RegistryStore};

use crate::readiness::readiness_notes;

/// What the probes look at.
#[derive(Clone)]
struct Probes {
    store: Arc<dyn AuditStore>,
    registry: Arc<dyn RegistryStore>,
}

/// The health routes over the gateway's store and registry.
fn router(store: Arc<dyn AuditStore>, registry: Arc<dyn RegistryStore>) -> Router {
    Router::new()
        .route("/health", get(live))
        .route("/health/live", get(live))
        .route("/health/ready", get(ready))
        .with_state(Probes { store, registry })
}

async fn live() -> Response {
    axum::Json(serde_json::json!({ "status": "ok" })).into_response()
}

/// 200 when the database and the registry answer (with the readiness notes, e.g. that no
/// connection is registered), 503 naming what does not answer.
async fn ready(State(probes): State<Probes>) -> Response {
    if probes.store.count().await.is_err() {
        return not_ready("database");
    }
    match readiness_notes(&*probes.registry).await {
        Ok(notes) => {
            axum::Json(serde_json::json!({ "status": "ready", "notes": notes })).into_response()
        }
        Err(_) => not_ready("registry"),
    }
}

fn not_ready(reason: &str) -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        axum::Json(serde_json::json!({ "status": "not_ready", "reason": reason })),
    )
        .into_response()
}

/// A running health listener.
pub(crate) struct HealthListener {
    pub(crate) addr: SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl HealthListener {
    /// Binds `listen` and serves the health routes until stopped.
    pub(crate) async fn start(
        listen: &str,
        store: Arc<dyn AuditStore>,
        registry: Arc<dyn RegistryStore>,
    ) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(listen)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on server.health_listen {listen}: {e}"))?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = router(store, registry);
        let task = tokio::spawn(async move {
            let stopped = async {
                let _ = stopped.await;
            };
            if let Err(e) = axum::serve(listener, app)
                .with_graceful_shutdown(stopped)
                .await
            {
                tracing::error!(error = %e, "health listener stopped");
            }
        });
        tracing::info!(%addr, "health listener (no client certificate) listening");
        Ok(Self { addr, stop, task })
    }

    /// Stops the listener.
    pub(crate) async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}
