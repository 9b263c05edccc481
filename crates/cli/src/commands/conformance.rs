//! `underlag conformance`: the conformance kit (`underlag-conformance`). `provider` runs one
//! agency's suite against its live base service; `consumer` runs the stand-in gateway for a
//! case-system vendor until SIGTERM or SIGINT; both write JUnit XML, an HTML report and a
//! signed JSON report. `verify-report` checks a signed report with the operator's public key.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use underlag_conformance::case::{load_scenarios, load_suite};
use underlag_conformance::consumer::StandIn;
use underlag_conformance::provider::{self, Target, TargetTls};
use underlag_conformance::report::{Report, html, junit, signed};
use underlag_domain::SourceId;
use underlag_spec::Spec;

/// `underlag conformance …`.
#[derive(Debug, Clone, clap::Args)]
pub struct ConformanceArgs {
    #[command(subcommand)]
    command: ConformanceCommand,
}

/// Where the reports go and who signs them.
#[derive(Debug, Clone, clap::Args)]
struct Output {
    /// The folder for junit.xml, report.html and report.signed.json (created if missing).
    #[arg(long, default_value = "conformance-report")]
    out: PathBuf,
    /// The operator's Ed25519 signing key (PKCS#8 PEM, as `openssl genpkey -algorithm
    /// ed25519` writes it, or 64 hex digits of the seed).
    #[arg(long)]
    signing_key: PathBuf,
    /// The conformance folder (cases and scenarios).
    #[arg(long, default_value = "conformance")]
    cases: PathBuf,
}

#[derive(Debug, Clone, clap::Subcommand)]
enum ConformanceCommand {
    /// Run one agency's provider suite against its base service.
    Provider {
        /// The source (AF, CSN, FK, SKV, SO, TNS, MIV, AGI, KFM).
        #[arg(long)]
        source: String,
        /// The agency's base URL.
        #[arg(long)]
        url: String,
        /// The client certificate (PEM) to present (mTLS).
        #[arg(long, requires_all = ["key", "cacert"])]
        cert: Option<PathBuf>,
        /// Its private key (PEM).
        #[arg(long, requires = "cert")]
        key: Option<PathBuf>,
        /// The CA bundle (PEM) that signs the agency's server certificate.
        #[arg(long, requires = "cert")]
        cacert: Option<PathBuf>,
        /// The contract's schema folder (the v10 providers' XSDs; AGI's and Kronofogden's
        /// schemas are compiled in).
        #[arg(long, default_value = "contracts/ssbtek-v10/schemas")]
        schemas: PathBuf,
        /// Use this time budget (milliseconds) instead of the source's.
        #[arg(long)]
        budget_ms: Option<u64>,
        #[command(flatten)]
        output: Output,
    },
    /// Run the consumer stand-in for a case system until SIGTERM or SIGINT, then write the
    /// reports.
    Consumer {
        /// The address to listen on (loopback by default).
        #[arg(long, default_value = "127.0.0.1:8480")]
        listen: SocketAddr,
        #[command(flatten)]
        output: Output,
    },
    /// Check a signed conformance report with the operator's public key.
    VerifyReport {
        /// The signed report (report.signed.json).
        #[arg(long)]
        report: PathBuf,
        /// The public key (SPKI PEM or 64 hex digits).
        #[arg(long)]
        public_key: PathBuf,
    },
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Runs `underlag conformance …`.
pub async fn run(args: ConformanceArgs) -> anyhow::Result<()> {
    match args.command {
        ConformanceCommand::Provider {
            source,
            url,
            cert,
            key,
            cacert,
            schemas,
            budget_ms,
            output,
        } => {
            let key_text = read(&output.signing_key)?;
            let signing = signed::signing_key(&key_text).context("--signing-key")?;
            let source: SourceId = source.parse().context("--source")?;
            let suite = load_suite(&output.cases, source).context("cannot load the cases")?;
            let tls = match (cert, key, cacert) {
                (Some(cert), Some(key), Some(ca)) => Some(TargetTls {
                    ca_pem: read(&ca)?.into_bytes(),
                    cert_pem: read(&cert)?.into_bytes(),
                    key_pem: read(&key)?.into_bytes(),
                }),
                _ => None,
            };
            let spec = Arc::new(Spec::embedded().context("the embedded specification")?);
            let target = Target {
                base_url: url,
                tls,
                schemas,
                budget: budget_ms.map(Duration::from_millis),
            };
            let report = provider::run(&suite, &target, spec).await;
            finish(&report, &output.out, &signing)
        }
        ConformanceCommand::Consumer { listen, output } => {
            let key_text = read(&output.signing_key)?;
            let signing = signed::signing_key(&key_text).context("--signing-key")?;
            let scenarios = load_scenarios(&output.cases).context("cannot load the scenarios")?;
            let spec = Arc::new(Spec::embedded().context("the embedded specification")?);
            let stand_in = StandIn::start(scenarios, spec).await?;
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .with_context(|| format!("cannot listen on {listen}"))?;
            let url = format!("http://{}", listener.local_addr()?);
            println!(
                "Consumer stand-in: REST {url}/api/v1/queries, SOAP {url}/ssbtek/v10/BastjanstInformation"
            );
            println!(
                "Scenario by header X-Underlag-Scenario, by test personnummer, or PUT {url}/conformance/scenario"
            );
            println!(
                "Report so far: GET {url}/conformance/report. Stop with Ctrl-C to write the reports."
            );
            let server = axum::serve(listener, stand_in.router()).with_graceful_shutdown(async {
                let _ = crate::app::shutdown_signal().await;
            });
            server.await.context("the stand-in stopped")?;
            let report = stand_in.report(&url);
            stand_in.shutdown().await;
            finish(&report, &output.out, &signing)
        }
        ConformanceCommand::VerifyReport { report, public_key } => {
            let key = signed::verifying_key(&read(&public_key)?).context("--public-key")?;
            let verified =
                signed::verify(&read(&report)?, &key).context("the report does not verify")?;
            println!(
                "The report verifies: {} {} ({}), {} passed, {} failed of {} cases.",
                verified.kind,
                verified.subject,
                verified.contract_version,
                verified.passed(),
                verified.failed(),
                verified.cases.len()
            );
            Ok(())
        }
    }
}

/// Writes the three reports, prints the failures, and fails when a case failed.
fn finish(report: &Report, out: &Path, key: &signed::SigningKey) -> anyhow::Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let write = |name: &str, text: String| {
        let path = out.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
    };
    write("junit.xml", junit::render(report))?;
    write("report.html", html::render(report))?;
    write("report.signed.json", signed::sign(report, key)?)?;
    for case in report.failures() {
        println!("FAILED {}: {}", case.id, case.message);
    }
    println!(
        "{} passed, {} failed of {} cases; reports in {}",
        report.passed(),
        report.failed(),
        report.cases.len(),
        out.display()
    );
    if !report.all_passed() {
        bail!("{} of {} cases failed", report.failed(), report.cases.len());
    }
    Ok(())
}
