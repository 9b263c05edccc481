//! `underlag serve`: the gateway alone, configured by file and environment.

use std::path::PathBuf;

use anyhow::Context;

use crate::app::{Gateway, load_spec};
use crate::settings::Settings;

/// Runs the gateway until Ctrl-C.
pub async fn run(config: Option<PathBuf>) -> anyhow::Result<()> {
    let settings = Settings::load(config.as_deref())?;
    let spec = load_spec(&settings)?;
    let listener = tokio::net::TcpListener::bind(&settings.server.listen)
        .await
        .with_context(|| format!("cannot listen on {}", settings.server.listen))?;
    let gateway = Gateway::start(&settings, spec, listener).await?;
    println!("Underlag gateway listening on {}", gateway.url());
    tokio::signal::ctrl_c()
        .await
        .context("waiting for Ctrl-C")?;
    gateway.stop().await;
    Ok(())
}
