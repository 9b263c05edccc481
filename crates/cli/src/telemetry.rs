//! Application logging: `tracing` to standard error, filtered by `RUST_LOG`; and, when
//! `[telemetry] otlp_traces_url` is set for `serve` or `demo`, Underlag's spans exported to
//! that collector over OTLP (`underlag_gateway::trace_export`).
//!
//! Log statements in Underlag carry ids, source codes, outcome kinds, counts and latencies,
//! never a personnummer, a name or a payload (see ARCHITECTURE.md).

use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer, Registry};
use underlag_gateway::trace_export::TraceExport;

/// Log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Installs the global subscriber, with the span export when `traces` is given. Safe to call
/// once per process. Keep the returned export until the process ends and shut it down then,
/// so the last spans are sent.
pub fn init(format: LogFormat, traces: Option<TraceExport>) -> Option<TraceExport> {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // Colour only on a terminal: a file, a pipe or journald gets plain text.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let log_layer: Box<dyn Layer<Registry> + Send + Sync> = match format {
        LogFormat::Text => tracing_subscriber::fmt::layer()
            .with_ansi(ansi)
            .with_writer(std::io::stderr)
            .with_filter(filter)
            .boxed(),
        LogFormat::Json => tracing_subscriber::fmt::layer()
            .with_ansi(ansi)
            .json()
            .with_writer(std::io::stderr)
            .with_filter(filter)
            .boxed(),
    };
    let export_layer = traces.as_ref().map(TraceExport::layer);
    let result = tracing_subscriber::registry()
        .with(log_layer)
        .with(export_layer)
        .try_init();
    if result.is_err() {
        eprintln!("logging was already initialised");
    }
    traces
}
