//! `underlag load`: a bounded load run against a running gateway (loopback only), printing
//! throughput and latency percentiles. Persons are drawn from the synthetic population.
//!
//! `--direct` is the baseline without the exchange layer: the load generator itself calls
//! the seven agencies for each query, concurrently, in their native formats, through the
//! same adapters the gateway uses (`underlag-upstream`), at the agency URLs of the gateway's
//! settings (`--config`); same request count, concurrency and loopback-only rule.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use anyhow::{Context, bail};
use tokio::sync::Mutex;
use underlag_domain::{LefiActorId, Organisationsnummer, Period, Personnummer, SourceId};
use underlag_service::{QueryContext, SourceAdapter, SourceRequest};
use underlag_sim::Population;

/// Load-run parameters.
#[derive(Debug, Clone, clap::Args)]
pub struct LoadArgs {
    /// The gateway's base URL (must be a loopback address).
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub gateway: String,
    /// Total number of queries to send.
    #[arg(long, default_value_t = 200)]
    pub requests: u32,
    /// Queries in flight at once.
    #[arg(long, default_value_t = 4)]
    pub concurrency: u32,
    /// Stop after this many seconds even if not all requests were sent.
    #[arg(long, default_value_t = 60)]
    pub max_seconds: u64,
    /// Append `query_id audit_seq` of every answered query to this file.
    #[arg(long)]
    pub record: Option<PathBuf>,
    /// Call the seven agencies directly (no gateway), at the agency URLs of the global
    /// `--config` file's `[agencies]` (over the built-in defaults; `UNDERLAG__…` variables win).
    #[arg(long)]
    pub direct: bool,
    /// The configuration file whose `[agencies]` `--direct` calls: the global `--config`,
    /// filled in by [`run`] (not an option of its own).
    #[arg(skip)]
    pub config: Option<PathBuf>,
    /// Print the report as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Mutual TLS towards the gateway.
    #[command(flatten)]
    pub tls: crate::client_tls::ClientTlsArgs,
}

/// The numbers of one run.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    /// Queries answered with 200.
    pub ok: u32,
    /// Queries answered otherwise or failed.
    pub failed: u32,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Latencies of the answered queries, sorted.
    pub latencies: Vec<Duration>,
}

impl LoadReport {
    /// The `p`-th percentile latency (0–100).
    pub fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * (self.latencies.len() - 1) as f64).round() as usize;
        self.latencies[rank.min(self.latencies.len() - 1)]
    }

    /// Answered queries per second.
    pub fn throughput(&self) -> f64 {
        f64::from(self.ok) / self.elapsed.as_secs_f64().max(f64::EPSILON)
    }

    /// The slowest answered query.
    pub fn max(&self) -> Duration {
        self.latencies.last().copied().unwrap_or_default()
    }

    /// A one-paragraph summary.
    pub fn summary(&self) -> String {
        format!(
            "answered {} / failed {} in {:.2} s: {:.1} queries/s; latency p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            self.ok,
            self.failed,
            self.elapsed.as_secs_f64(),
            self.throughput(),
            millis(self.percentile(50.0)),
            millis(self.percentile(90.0)),
            millis(self.percentile(99.0)),
            millis(self.max()),
        )
    }

    /// The report as JSON (`mode` names what was measured: `gateway` or `direct`).
    pub fn to_json(&self, mode: &str) -> serde_json::Value {
        serde_json::json!({
            "mode": mode,
            "answered": self.ok,
            "errors": self.failed,
            "elapsed_s": self.elapsed.as_secs_f64(),
            "throughput_per_s": self.throughput(),
            "latency_ms": {
                "p50": millis(self.percentile(50.0)),
                "p90": millis(self.percentile(90.0)),
                "p99": millis(self.percentile(99.0)),
                "max": millis(self.max()),
            },
        })
    }
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs the load and prints the report.
pub async fn run(global: &crate::options::GlobalOptions, args: LoadArgs) -> anyhow::Result<()> {
    let args = LoadArgs {
        config: global.config.clone(),
        ..args
    };
    let (report, mode) = if args.direct {
        (execute_direct(&args).await?, "direct")
    } else {
        (execute(&args).await?, "gateway")
    };
    if args.json {
        println!("{}", report.to_json(mode));
    } else {
        println!("{mode}: {}", report.summary());
    }
    Ok(())
}

/// Refuses a URL that is not on loopback.
fn require_loopback(url: &str, what: &str) -> anyhow::Result<()> {
    let url = reqwest::Url::parse(url).with_context(|| format!("{what} is not a URL"))?;
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d == "localhost",
        None => false,
    };
    if !loopback {
        bail!("load runs only target loopback addresses ({what})");
    }
    Ok(())
}

/// Runs the load through the gateway and returns the numbers.
pub async fn execute(args: &LoadArgs) -> anyhow::Result<LoadReport> {
    require_loopback(&args.gateway, "--gateway")?;
    let population = Population::generate(underlag_sim::population::DEFAULT_REFERENCE_DATE);
    let persons: Arc<Vec<String>> = Arc::new(
        population
            .persons()
            .iter()
            .map(|p| p.personnummer.expose().to_owned())
            .collect(),
    );
    let today = population.reference_date();
    let from = today.saturating_sub(jiff::Span::new().years(1)).to_string();
    let to = today.yesterday().unwrap_or(today).to_string();
    let client = args
        .tls
        .builder()?
        .timeout(Duration::from_secs(30))
        .build()?;
    let endpoint = format!("{}/api/v1/queries", args.gateway.trim_end_matches('/'));
    let next = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let report = Arc::new(Mutex::new(LoadReport::default()));
    let record = match &args.record {
        Some(path) => Some(Arc::new(Mutex::new(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)?,
        ))),
        None => None,
    };
    let stop_at = Instant::now() + Duration::from_secs(args.max_seconds);
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..args.concurrency.max(1) {
        let (client, endpoint, persons, next, report, record) = (
            client.clone(),
            endpoint.clone(),
            persons.clone(),
            next.clone(),
            report.clone(),
            record.clone(),
        );
        let (from, to, total) = (from.clone(), to.clone(), args.requests);
        workers.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                if n >= total || Instant::now() >= stop_at {
                    break;
                }
                let person = &persons[n as usize % persons.len()];
                let body = serde_json::json!({
                    "organisation": "2120000142", "organisation_name": "Exempelkommun",
                    "case_worker": "load", "case_id": format!("EB-LOAD-{n}"),
                    "purpose": "EKB-UTREDNING: belastningsprov", "legal_basis": "11 kap. 11 § socialtjänstlagen",
                    "person": person, "period": { "from": from, "to": to }
                });
                let t = Instant::now();
                let result = client.post(&endpoint).json(&body).send().await;
                let answer = match result {
                    Ok(r) if r.status().is_success() => r.json::<serde_json::Value>().await.ok(),
                    _ => None,
                };
                let mut report = report.lock().await;
                match answer {
                    Some(answer) => {
                        report.ok += 1;
                        report.latencies.push(t.elapsed());
                        if let Some(file) = &record {
                            let line = format!(
                                "{} {}\n",
                                answer["query_id"].as_str().unwrap_or(""),
                                answer["audit_seq"]
                            );
                            let _ = file.lock().await.write_all(line.as_bytes());
                        }
                    }
                    None => report.failed += 1,
                }
            }
        }));
    }
    for w in workers {
        let _ = w.await;
    }
    let mut report = Arc::try_unwrap(report)
        .map(Mutex::into_inner)
        .unwrap_or_default();
    report.elapsed = started.elapsed();
    report.latencies.sort();
    Ok(report)
}

/// Runs the load directly against the agencies of the settings (no gateway): each query is
/// one call to every agency, all seven at once, through the gateway's own adapters. A query
/// counts as answered when every agency answered (data or a definite no match).
pub async fn execute_direct(args: &LoadArgs) -> anyhow::Result<LoadReport> {
    let settings = underlag_gateway::Settings::load(args.config.as_deref())?;
    for id in SourceId::ALL {
        let url = settings
            .agency_url(id)
            .with_context(|| format!("agencies.{} is not configured", id.slug()))?;
        require_loopback(url, &format!("agencies.{}", id.slug()))?;
    }
    let spec = underlag_gateway::load_spec(&settings)?;
    let adapters: Arc<Vec<Arc<dyn SourceAdapter>>> =
        Arc::new(underlag_gateway::app::source_adapters(&settings, &spec)?);
    let population = Population::generate(underlag_sim::population::DEFAULT_REFERENCE_DATE);
    let persons: Arc<Vec<Personnummer>> = Arc::new(
        population
            .persons()
            .iter()
            .map(|p| p.personnummer.clone())
            .collect(),
    );
    let today = population.reference_date();
    let period = Period::new(
        today.saturating_sub(jiff::Span::new().years(1)),
        today.yesterday().unwrap_or(today),
    )?;
    let context = QueryContext {
        query_id: String::new(),
        organisation: Organisationsnummer::parse("2120000142")?,
        organisation_name: "Exempelkommun".to_owned(),
        case_worker: "load".to_owned(),
        case_id: String::new(),
        purpose: "EKB-UTREDNING: belastningsprov".to_owned(),
        legal_basis: underlag_gateway::settings::DEFAULT_LEGAL_BASIS.to_owned(),
        data_processors: Vec::new(),
        lefi_actor_id: settings
            .query
            .lefi_actor_id
            .clone()
            .or_else(|| LefiActorId::parse("UNDERLAG-DEMO").ok()),
        correlation_id: None,
    };
    let next = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let report = Arc::new(Mutex::new(LoadReport::default()));
    let stop_at = Instant::now() + Duration::from_secs(args.max_seconds);
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..args.concurrency.max(1) {
        let (adapters, persons, next, report, context) = (
            adapters.clone(),
            persons.clone(),
            next.clone(),
            report.clone(),
            context.clone(),
        );
        let total = args.requests;
        workers.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                if n >= total || Instant::now() >= stop_at {
                    break;
                }
                let mut context = context.clone();
                context.query_id = uuid::Uuid::new_v4().to_string();
                context.case_id = format!("EB-LOAD-{n}");
                let request = SourceRequest {
                    person: persons[n as usize % persons.len()].clone(),
                    period,
                    context,
                    lefi_request: None,
                };
                let t = Instant::now();
                let calls = adapters.iter().map(|a| a.fetch(&request));
                let answers = futures::future::join_all(calls).await;
                let answered = answers
                    .iter()
                    .all(|a| a.as_ref().is_ok_and(|a| a.outcome.answered()));
                let latency = t.elapsed();
                let mut report = report.lock().await;
                if answered {
                    report.ok += 1;
                    report.latencies.push(latency);
                } else {
                    report.failed += 1;
                }
            }
        }));
    }
    for w in workers {
        let _ = w.await;
    }
    let mut report = Arc::try_unwrap(report)
        .map(Mutex::into_inner)
        .unwrap_or_default();
    report.elapsed = started.elapsed();
    report.latencies.sort();
    Ok(report)
}
