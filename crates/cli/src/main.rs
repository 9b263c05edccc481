//! The `underlag` command: gateway, simulated agencies, demo, terminal queries and the
//! information specification.

use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand};
use underlag::commands::{self, demo::DemoOptions, load::LoadArgs, query::QueryArgs};
use underlag::options::GlobalOptions;
use underlag::telemetry::{self, LogFormat};

/// Underlag: a composite service for ekonomiskt bistånd (SSBTEK).
#[derive(Debug, Parser)]
#[command(name = "underlag", version, about)]
struct Cli {
    /// Log line format (logs go to standard error; filter with RUST_LOG).
    #[arg(long, global = true, value_enum, default_value = "text")]
    log_format: LogFormat,
    #[command(flatten)]
    global: GlobalOptions,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the gateway (REST API) against configured agencies, until SIGTERM or SIGINT.
    Serve,
    /// Run the seven simulated agencies alone, on fixed loopback ports (7101–7107 by default,
    /// what config/underlag.example.toml expects); `sim population` lists the test persons.
    Sim(commands::sim::SimArgs),
    /// Run agencies, gateway and an embedded SQLite audit store in one process.
    Demo {
        /// Where the gateway listens (default 127.0.0.1:8080).
        #[arg(long)]
        listen: Option<String>,
        /// Start an agency with a fault, e.g. `tns=hang` (repeatable).
        #[arg(long = "fault")]
        faults: Vec<String>,
    },
    /// Send one composite query to a running gateway and print a readable summary.
    Query(QueryArgs),
    /// In-process micro-benchmarks (identity parsing, reading each contract fixture), the
    /// audit store's benchmark, and the hot path for an instruction count.
    Bench(commands::bench::BenchArgs),
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
    /// Man pages and shell completions, generated from this command line's definition.
    Generate(commands::generate::GenerateArgs),
    /// Print the information specification (Markdown).
    Spec {
        /// Read the specification from this folder instead of the built-in copy.
        #[arg(long)]
        dir: Option<PathBuf>,
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
fn trace_export(cli: &Cli) -> anyhow::Result<Option<underlag_gateway::trace_export::TraceExport>> {
    let config = match cli.command {
        Command::Serve | Command::Demo { .. } => cli.global.config.as_deref(),
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
    let traces = match trace_export(&cli) {
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
    let global = cli.global;
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve => commands::serve::run(&global).await,
            Command::Sim(args) => commands::sim::run(args).await,
            Command::Demo { listen, faults } => {
                commands::demo::run(DemoOptions {
                    global,
                    listen,
                    faults,
                })
                .await
            }
            Command::Query(args) => commands::query::run(args).await,
            Command::Load(args) => commands::load::run(&global, args).await,
            Command::Bench(args) => commands::bench::dispatch(args).await,
            Command::Audit(args) => commands::audit::run(&global, args).await,
            Command::Pki(args) => commands::pki::run(args),
            Command::Admin(args) => commands::admin::run(&global, args).await,
            Command::Generate(args) => commands::generate::run(Cli::command(), args),
            Command::Spec { dir } => commands::spec::run(dir, &global),
            Command::Norm(args) => commands::norm::run(&global, args).await,
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
