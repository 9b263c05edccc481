//! The `underlag` command: gateway, simulated agencies, demo, terminal queries and the
//! information specification.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use underlag::commands::{self, demo::DemoOptions, load::LoadArgs, query::QueryArgs};
use underlag::telemetry::{self, LogFormat};

/// Underlag: a composite service for ekonomiskt bistånd (SSBTEK).
#[derive(Debug, Parser)]
#[command(name = "underlag", version, about)]
struct Cli {
    /// Log line format (logs go to standard error; filter with RUST_LOG).
    #[arg(long, global = true, value_enum, default_value = "text")]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the gateway (REST API) against configured agencies, until SIGTERM or SIGINT.
    Serve {
        /// TOML configuration file (over the built-in defaults; UNDERLAG__… variables win).
        #[arg(long, env = "UNDERLAG_CONFIG")]
        config: Option<PathBuf>,
    },
    /// Run the simulated agencies alone.
    Sim {
        /// Start with a fault, e.g. `fk=hang`, `csn=latency:300` (repeatable).
        #[arg(long = "fault")]
        faults: Vec<String>,
        /// Start an agency in a faulty variant for the conformance kit, e.g.
        /// `miv=wrong_namespace` (repeatable; see `underlag_sim::Variant`).
        #[arg(long = "variant")]
        variants: Vec<String>,
    },
    /// Run agencies, gateway and an embedded SQLite audit store in one process.
    Demo {
        /// TOML configuration file over the built-in defaults.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Where the gateway listens (default 127.0.0.1:8080).
        #[arg(long)]
        listen: Option<String>,
        /// Audit database URL (default sqlite://underlag-data/audit.db).
        #[arg(long)]
        database: Option<String>,
        /// Start an agency with a fault, e.g. `tns=hang` (repeatable).
        #[arg(long = "fault")]
        faults: Vec<String>,
    },
    /// Send one composite query to a running gateway and print a readable summary.
    Query(QueryArgs),
    /// In-process micro-benchmarks (identity parsing, reading each contract fixture).
    Bench {
        /// Seconds per benchmark.
        #[arg(long, default_value_t = 2)]
        seconds: u64,
    },
    /// A bounded load run against a running gateway (loopback only).
    Load(LoadArgs),
    /// The audit trail: verify, checkpoints, log follow-up extract, who looked up a person,
    /// misuse indicators.
    Audit(commands::audit::AuditArgs),
    /// Development certificates for trying mTLS locally (`pki init --dir DIR`).
    Pki(commands::pki::PkiArgs),
    /// The connection registry and case households (every change audited, in force at once).
    Admin(commands::admin::AdminArgs),
    /// The försörjningsstöd calculation: compute a household file, import an official
    /// riksnorm table, list the tables.
    Norm(commands::norm::NormArgs),
    /// The conformance kit: an agency's provider suite, the consumer stand-in for case
    /// systems, and checking a signed conformance report.
    Conformance(commands::conformance::ConformanceArgs),
    /// Print the information specification (Markdown).
    Spec {
        /// Read the specification from this folder instead of the built-in copy.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// TOML configuration file whose purposes and legal bases are listed (over the
        /// built-in defaults).
        #[arg(long, env = "UNDERLAG_CONFIG")]
        config: Option<PathBuf>,
    },
}

/// Files this process creates are its owner's only (umask 077), as defence in depth: the
/// audit database and its WAL, journals, keys and exports hold personal data or secrets and
/// are created 0600 explicitly as well. A file meant for others (the published `.pub` key, a
/// development certificate) is copied on or given wider modes by the operator.
#[cfg(unix)]
fn private_files() {
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
}

#[cfg(not(unix))]
fn private_files() {}

/// The span export `serve` and `demo` start when their settings name a collector
/// (`[telemetry] otlp_traces_url`); other commands export nothing. Settings that do not load
/// export nothing here, and the command itself reports them.
fn trace_export(
    command: &Command,
) -> anyhow::Result<Option<underlag_gateway::trace_export::TraceExport>> {
    let config = match command {
        Command::Serve { config } | Command::Demo { config, .. } => config.as_deref(),
        _ => return Ok(None),
    };
    match underlag::settings::Settings::load(config) {
        Ok(settings) => underlag_gateway::trace_export::TraceExport::start(&settings.telemetry),
        Err(_) => Ok(None),
    }
}

fn main() -> std::process::ExitCode {
    private_files();
    let cli = Cli::parse();
    let traces = match trace_export(&cli.command) {
        Ok(traces) => traces,
        Err(e) => {
            eprintln!("error: {e:#}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let traces = telemetry::init(cli.log_format, traces);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve { config } => commands::serve::run(config).await,
            Command::Sim { faults, variants } => commands::sim::run(faults, variants).await,
            Command::Demo {
                config,
                listen,
                database,
                faults,
            } => {
                commands::demo::run(DemoOptions {
                    config,
                    listen,
                    database,
                    faults,
                })
                .await
            }
            Command::Query(args) => commands::query::run(args).await,
            Command::Load(args) => commands::load::run(args).await,
            Command::Bench { seconds } => commands::bench::run(seconds),
            Command::Audit(args) => commands::audit::run(args).await,
            Command::Pki(args) => commands::pki::run(args),
            Command::Admin(args) => commands::admin::run(args).await,
            Command::Spec { dir, config } => commands::spec::run(dir, config),
            Command::Norm(args) => commands::norm::run(args),
            Command::Conformance(args) => commands::conformance::run(args).await,
        }
    });
    if let Some(traces) = traces {
        traces.shutdown();
    }
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
