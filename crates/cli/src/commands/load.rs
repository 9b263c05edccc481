//! `underlag load`: a bounded load run against running gateways (loopback only), printing
//! throughput, latency percentiles and, on request, the peak memory of watched processes.
//! Persons are drawn from the synthetic population.
//!
//! Queries go over REST, or over the SSBTEK v10 SOAP door (`--soap`), spread round robin over
//! every `--gateway`; closed loop (`--concurrency` workers, each sending its next query when
//! the last is answered) or open loop (`--rate`: queries due at a fixed rate, latency counted
//! from when each was due).
//!
//! `--direct` is the baseline without the exchange layer: the load generator itself calls
//! the agencies for each query, concurrently, in their native formats, through the same
//! adapters the gateway uses (`underlag-upstream`, `load/direct.rs`), at the agency URLs of
//! the gateway's settings (`--config`); same request count, concurrency and loopback-only rule.

mod direct;
mod report;
mod request;

use std::future::Future;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

use anyhow::{Context, bail};
use underlag_domain::SourceId;

pub use direct::{default_direct_sources, execute_direct};
pub use report::{LoadReport, peak_rss_kib, vm_hwm_kib};
pub use request::Workload;

/// Load-run parameters.
#[derive(Debug, Clone, clap::Args)]
pub struct LoadArgs {
    /// A gateway's base URL (must be a loopback address). Repeat it to spread the queries
    /// round robin over several gateway processes.
    #[arg(long = "gateway", default_value = "http://127.0.0.1:8080")]
    pub gateways: Vec<String>,
    /// Total number of queries to send.
    #[arg(long, default_value_t = 200)]
    pub requests: u32,
    /// Queries in flight at once at most (the number of workers).
    #[arg(long, default_value_t = 4)]
    pub concurrency: u32,
    /// Open loop: start a query every 1/RATE seconds (at most `--concurrency` in flight;
    /// latency counts from when a query was due). Without it: closed loop.
    #[arg(long)]
    pub rate: Option<f64>,
    /// Stop after this many seconds even if not all requests were sent.
    #[arg(long, default_value_t = 60)]
    pub max_seconds: u64,
    /// Ask only these sources (codes, comma-separated: `FK,CSN`). Default: the request names
    /// none (REST and SOAP: every source of the connection; `--direct`: the seven v10
    /// providers).
    #[arg(long, value_delimiter = ',')]
    pub sources: Option<Vec<SourceId>>,
    /// Send the queries as SSBTEK v10 SOAP requests (`hamtaBastjanstInformation`) instead of
    /// REST.
    #[arg(long, conflicts_with = "direct")]
    pub soap: bool,
    /// After the run, report the peak resident set size (`VmHWM` in `/proc`) of this process,
    /// e.g. the gateway's (repeatable).
    #[arg(long = "watch-pid", value_name = "PID")]
    pub watch_pids: Vec<u32>,
    /// Append `query_id audit_seq` of every answered REST query to this file.
    #[arg(long)]
    pub record: Option<PathBuf>,
    /// Call the agencies directly (no gateway), at the agency URLs of the global `--config`
    /// file's `[agencies]` (over the built-in defaults; `UNDERLAG__…` variables win).
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

impl Default for LoadArgs {
    fn default() -> Self {
        Self {
            gateways: vec!["http://127.0.0.1:8080".to_owned()],
            requests: 200,
            concurrency: 4,
            rate: None,
            max_seconds: 60,
            sources: None,
            soap: false,
            watch_pids: Vec::new(),
            record: None,
            direct: false,
            config: None,
            json: false,
            tls: Default::default(),
        }
    }
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
        (
            execute(&args).await?,
            if args.soap { "soap" } else { "gateway" },
        )
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

/// How one query ended.
enum Attempt {
    /// Answered; with the line to record (`query_id audit_seq`), if any.
    Answered(Option<String>),
    /// Answered, but a called source did not answer (timed out, unavailable, …).
    Incomplete(Option<String>),
    /// Refused, failed or not answered in time.
    Failed,
}

/// Runs the load through the gateways and returns the numbers.
pub async fn execute(args: &LoadArgs) -> anyhow::Result<LoadReport> {
    if args.gateways.is_empty() {
        bail!("--gateway: at least one gateway is needed");
    }
    for gateway in &args.gateways {
        require_loopback(gateway, "--gateway")?;
    }
    let workload = Arc::new(Workload::from_population(args.sources.clone()));
    let client = args
        .tls
        .builder()?
        .timeout(Duration::from_secs(30))
        .build()?;
    let path = if args.soap {
        underlag_soap::ENDPOINT_PATH
    } else {
        "/api/v1/queries"
    };
    let endpoints: Arc<Vec<String>> = Arc::new(
        args.gateways
            .iter()
            .map(|g| format!("{}{path}", g.trim_end_matches('/')))
            .collect(),
    );
    let record = match &args.record {
        Some(path) => Some(Arc::new(Mutex::new(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)?,
        ))),
        None => None,
    };
    let soap = args.soap;
    let mut report = drive(
        args,
        move |n| {
            let (client, endpoints, workload) =
                (client.clone(), endpoints.clone(), workload.clone());
            async move {
                let endpoint = &endpoints[n as usize % endpoints.len()];
                if soap {
                    let sent = client
                        .post(endpoint)
                        .header("content-type", "text/xml; charset=utf-8")
                        .body(workload.soap_envelope(n))
                        .send()
                        .await;
                    let answered = match sent {
                        Ok(r) if r.status().is_success() => r
                            .text()
                            .await
                            .is_ok_and(|text| text.contains("hamtaBastjanstInformationResponse")),
                        _ => false,
                    };
                    return if answered {
                        Attempt::Answered(None)
                    } else {
                        Attempt::Failed
                    };
                }
                let sent = client
                    .post(endpoint)
                    .json(&workload.rest_body(n))
                    .send()
                    .await;
                match sent {
                    Ok(r) if r.status().is_success() => match r.json::<serde_json::Value>().await {
                        Ok(answer) => {
                            let line = Some(format!(
                                "{} {}\n",
                                answer["query_id"].as_str().unwrap_or(""),
                                answer["audit_seq"]
                            ));
                            if every_called_source_answered(&answer) {
                                Attempt::Answered(line)
                            } else {
                                Attempt::Incomplete(line)
                            }
                        }
                        Err(_) => Attempt::Failed,
                    },
                    _ => Attempt::Failed,
                }
            }
        },
        record,
    )
    .await;
    watch(&mut report, &args.watch_pids);
    Ok(report)
}

/// Whether no source of a REST answer ended without an answer (`timed_out`, `unavailable`,
/// `invalid_response`, `source_error`); `not_requested` and `not_entitled` were not called.
fn every_called_source_answered(answer: &serde_json::Value) -> bool {
    answer["sources"].as_array().is_some_and(|sources| {
        sources.iter().all(|s| {
            matches!(
                s["status"].as_str(),
                Some("ok" | "no_match" | "not_requested" | "not_entitled")
            )
        })
    })
}

/// Reads the peak RSS of every watched process into the report.
fn watch(report: &mut LoadReport, pids: &[u32]) {
    report.peak_rss_kib = pids.iter().map(|&pid| (pid, peak_rss_kib(pid))).collect();
}

/// Sends `args.requests` queries (numbered from 0) through `call`, closed or open loop, and
/// collects the numbers; answered lines go to `record`.
async fn drive<F, Fut>(
    args: &LoadArgs,
    call: F,
    record: Option<Arc<Mutex<std::fs::File>>>,
) -> LoadReport
where
    F: Fn(u32) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Attempt> + Send,
{
    let call = Arc::new(call);
    let next = Arc::new(AtomicU32::new(0));
    let report = Arc::new(Mutex::new(LoadReport::default()));
    let interval = args
        .rate
        .filter(|r| r.is_finite() && *r > 0.0)
        .map(|r| Duration::from_secs_f64(1.0 / r));
    let started = Instant::now();
    let stop_at = started + Duration::from_secs(args.max_seconds);
    let mut workers = Vec::new();
    for _ in 0..args.concurrency.max(1) {
        let (call, next, report, record) =
            (call.clone(), next.clone(), report.clone(), record.clone());
        let total = args.requests;
        workers.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::SeqCst);
                let due = match interval {
                    Some(interval) => started + interval * n,
                    None => Instant::now(),
                };
                if n >= total || due >= stop_at || Instant::now() >= stop_at {
                    break;
                }
                tokio::time::sleep_until(due).await;
                let attempt = call(n).await;
                let incomplete = matches!(attempt, Attempt::Incomplete(_));
                let latency = due.elapsed();
                let mut report = report.lock().await;
                match attempt {
                    Attempt::Answered(line) | Attempt::Incomplete(line) => {
                        report.ok += 1;
                        report.incomplete += u32::from(incomplete);
                        report.latencies.push(latency);
                        if let (Some(file), Some(line)) = (&record, line) {
                            let _ = file.lock().await.write_all(line.as_bytes());
                        }
                    }
                    Attempt::Failed => report.failed += 1,
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
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_complete_only_when_every_called_source_answered() {
        let answer = |statuses: &[&str]| serde_json::json!({ "sources": statuses.iter().map(|s| serde_json::json!({ "status": s })).collect::<Vec<_>>() });
        assert!(every_called_source_answered(&answer(&[
            "ok",
            "no_match",
            "not_entitled",
            "not_requested"
        ])));
        for missing in [
            "timed_out",
            "unavailable",
            "invalid_response",
            "source_error",
        ] {
            assert!(
                !every_called_source_answered(&answer(&["ok", missing])),
                "{missing}"
            );
        }
        assert!(!every_called_source_answered(&serde_json::json!({})));
    }

    #[test]
    fn only_loopback_targets_are_accepted() {
        for url in [
            "http://127.0.0.1:8080",
            "http://localhost:1",
            "http://[::1]:80",
        ] {
            assert!(require_loopback(url, "--gateway").is_ok(), "{url}");
        }
        for url in ["http://192.0.2.1:80", "http://example.se", "not a url"] {
            assert!(require_loopback(url, "--gateway").is_err(), "{url}");
        }
    }
}
