//! `underlag serve`: the gateway alone, configured by file and environment.

use std::path::PathBuf;

use anyhow::Context;

use crate::app::{Gateway, load_spec, shutdown_signal};
use crate::settings::Settings;

/// Runs the gateway until SIGTERM or SIGINT, then shuts down in order (requests in flight
/// finish within `server.shutdown_grace_ms`, the final checkpoint is signed).
pub async fn run(config: Option<PathBuf>) -> anyhow::Result<()> {
    let settings = Settings::load(config.as_deref())?;
    let spec = load_spec(&settings)?;
    let listener = tokio::net::TcpListener::bind(&settings.server.listen)
        .await
        .with_context(|| format!("cannot listen on {}", settings.server.listen))?;
    let gateway = Gateway::start(&settings, spec, listener).await?;
    println!("Underlag gateway listening on {}", gateway.url());
    shutdown_signal().await?;
    gateway.stop().await;
    Ok(())
}
