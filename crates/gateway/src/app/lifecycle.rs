//! Orderly shutdown: `serve`, `demo` and `sim` run until SIGTERM (what systemd and container
//! platforms send) or SIGINT (Ctrl-C), then stop accepting, let requests in flight finish
//! within `server.shutdown_grace_ms`, sign the final audit checkpoint and exit 0.

use anyhow::Context;

/// Waits for SIGTERM or SIGINT; returns the signal's name.
pub async fn shutdown_signal() -> anyhow::Result<&'static str> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut terminate = signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?;
        let mut interrupt = signal(SignalKind::interrupt()).context("cannot listen for SIGINT")?;
        let name = tokio::select! {
            _ = terminate.recv() => "SIGTERM",
            _ = interrupt.recv() => "SIGINT",
        };
        tracing::info!(signal = name, "shutting down");
        Ok(name)
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c()
            .await
            .context("waiting for Ctrl-C")?;
        tracing::info!(signal = "ctrl-c", "shutting down");
        Ok("ctrl-c")
    }
}
