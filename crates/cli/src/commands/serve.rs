//! `underlag serve`: the gateway alone, configured by file and environment.

use anyhow::Context;

use crate::app::{Gateway, load_spec, shutdown_signal};
use crate::options::{DataDirDefault, GlobalOptions};

/// Runs the gateway until SIGTERM or SIGINT, then shuts down in order (requests in flight
/// finish within `server.shutdown_grace_ms`, the final checkpoint is signed).
pub async fn run(global: &GlobalOptions) -> anyhow::Result<()> {
    let (settings, data_dir) = global.settings(DataDirDefault::System)?;
    let spec = load_spec(&settings)?;
    let listener = tokio::net::TcpListener::bind(&settings.server.listen)
        .await
        .with_context(|| format!("cannot listen on {}", settings.server.listen))?;
    let gateway = Gateway::start(&settings, spec, listener).await?;
    println!(
        "Underlag gateway listening on {}\nData directory: {}",
        gateway.url(),
        data_dir.display()
    );
    shutdown_signal().await?;
    gateway.stop().await;
    Ok(())
}
