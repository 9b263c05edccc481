//! The health listener (`server.health_listen`): plain HTTP, no client certificate, serving
//! only `/health`, `/health/live` and `/health/ready`, so a platform's probes reach the
//! gateway while its API requires mTLS. It answers no personal data and takes no input.
//!
//! `/health/ready` is the API's: the same computation (`Orchestrator::readiness`) rendered by
//! the same function (`underlag_api::readiness_response`), notes included.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use underlag_service::Orchestrator;

/// The health routes over the gateway's orchestrator.
fn router(orchestrator: Arc<Orchestrator>) -> Router {
    Router::new()
        .route("/health", get(live))
        .route("/health/live", get(live))
        .route("/health/ready", get(ready))
        .with_state(orchestrator)
}

async fn live() -> Response {
    axum::Json(serde_json::json!({ "status": "ok" })).into_response()
}

/// 200 when the database and the registry answer (with the readiness notes, e.g. that no
/// connection is registered), 503 naming what does not answer.
async fn ready(State(orchestrator): State<Arc<Orchestrator>>) -> Response {
    let readiness = orchestrator
        .readiness(underlag_api::READY_CHECK_TIMEOUT)
        .await;
    underlag_api::readiness_response(&readiness)
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
        orchestrator: Arc<Orchestrator>,
    ) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(listen)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on server.health_listen {listen}: {e}"))?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = router(orchestrator);
        let task = tokio::spawn(async move {
            let stopped = async {
                let _ = stopped.await;
            };
            if let Err(e) = axum::serve(listener, app)
                .with_graceful_shutdown(stopped)
                .await
            {
                tracing::error!(event = "health.listener_stopped", error = %e, "health listener stopped");
            }
        });
        tracing::info!(event = "health.listening", %addr, "health listener (no client certificate) listening");
        Ok(Self { addr, stop, task })
    }

    /// Stops the listener.
    pub(crate) async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}
