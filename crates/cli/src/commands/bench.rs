//! `underlag bench`: in-process micro-benchmarks that print numbers (no timing assertions):
//! identity parsing, reading each contract fixture through the same adapter code the
//! gateway uses (parse, field rules, mapping), and the case-worker UI's overview render
//! (`bench/web.rs`); `bench audit`, the audit store's appends and `audit verify` against
//! plain SHA-256 (`bench/audit.rs`); `bench hot-path`, one composite query's processing for
//! an instruction count (`bench/hot_path.rs`).

pub mod audit;
pub mod hot_path;
mod web;

use std::time::Duration;

use tokio::time::Instant;

use anyhow::Context;
use underlag_domain::{Personnummer, SourceId};
use underlag_spec::Spec;

/// The seven SSBTEK v10 contract fixtures, one per source.
const FIXTURES: [(SourceId, &str); 7] = [
    (
        SourceId::Af,
        include_str!("../../../../contracts/ssbtek-v10/fixtures/af-response.xml"),
    ),
    (
        SourceId::Csn,
        include_str!("../../../../contracts/ssbtek-v10/fixtures/csn-response.xml"),
    ),
    (
        SourceId::Fk,
        include_str!("../../../../contracts/ssbtek-v10/fixtures/fk-response.xml"),
    ),
    (
        SourceId::Skv,
        include_str!("../../../../contracts/ssbtek-v10/fixtures/skv-response.xml"),
    ),
    (
        SourceId::So,
        include_str!("../../../../contracts/ssbtek-v10/fixtures/so-response.xml"),
    ),
    (
        SourceId::Tns,
        include_str!("../../../../contracts/ssbtek-v10/fixtures/tns-response.xml"),
    ),
    (
        SourceId::Miv,
        include_str!("../../../../contracts/ssbtek-v10/fixtures/miv-response.xml"),
    ),
];

/// `underlag bench …`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BenchArgs {
    /// Seconds per micro-benchmark.
    #[arg(long, default_value_t = 2)]
    pub seconds: u64,
    /// A benchmark of its own instead of the micro-benchmarks.
    #[command(subcommand)]
    pub command: Option<BenchCommand>,
}

/// The benchmarks with their own options.
#[derive(Debug, clap::Subcommand)]
pub enum BenchCommand {
    /// The audit store's append rate and `audit verify` against plain SHA-256 over the same
    /// bytes, on a fresh SQLite file or PostgreSQL database.
    Audit(audit::AuditBenchArgs),
    /// One composite query's processing in-process and on one thread (for an instruction
    /// count under valgrind: `scripts/bench/instruction-guard`).
    HotPath(hot_path::HotPathArgs),
}

/// Runs `underlag bench` or one of its benchmarks.
pub async fn dispatch(args: BenchArgs) -> anyhow::Result<()> {
    match args.command {
        None => run(args.seconds),
        Some(BenchCommand::Audit(a)) => audit::run(a).await,
        // On a thread of its own: it runs its own single-threaded runtime.
        Some(BenchCommand::HotPath(a)) => std::thread::spawn(move || hot_path::run(a))
            .join()
            .map_err(|_| anyhow::anyhow!("the hot-path benchmark panicked"))?,
    }
}

const TEST_NUMBERS: &str = include_str!("../../../../data/testpersonnummer/personnummer.json");

/// Runs every benchmark for about `seconds` each and prints one line per benchmark.
pub fn run(seconds: u64) -> anyhow::Result<()> {
    let budget = Duration::from_secs(seconds.max(1));
    let numbers: Vec<String> = serde_json::from_str(TEST_NUMBERS).context("test numbers")?;
    let today = jiff::civil::date(2026, 11, 22);
    let (n, per) = measure(budget, || {
        for number in &numbers {
            std::hint::black_box(Personnummer::parse(number, today).is_ok());
        }
        numbers.len() as u64
    });
    println!(
        "personnummer parse (12-digit, valid): {n} parses, {:.0} ns/parse",
        per
    );

    let spec = Spec::embedded().map_err(|e| anyhow::anyhow!("{e}"))?;
    for (source, fixture) in FIXTURES {
        let document = roxmltree::Document::parse(fixture).context("fixture XML")?;
        let element = document
            .descendants()
            .find(|n| n.tag_name().name() == source.code())
            .context("the fixture holds its source element")?;
        let (n, per) = measure(budget, || {
            let doc = roxmltree::Document::parse(fixture).ok();
            let el = doc.as_ref().and_then(|d| {
                d.descendants()
                    .find(|n| n.tag_name().name() == source.code())
            });
            if let Some(el) = el {
                std::hint::black_box(underlag_upstream::ssbtek::interpret_source_element(
                    &spec, source, el,
                ));
            }
            1
        });
        let kind =
            underlag_upstream::ssbtek::interpret_source_element(&spec, source, element).kind();
        println!(
            "fixture {:<3} parse + rules + mapping: {n} runs, {:.1} µs/run ({} bytes, outcome {kind})",
            source.code(),
            per / 1000.0,
            fixture.len()
        );
    }
    web::run(budget)
}

/// Calls `f` repeatedly for `budget`; returns the units done and nanoseconds per unit.
fn measure(budget: Duration, mut f: impl FnMut() -> u64) -> (u64, f64) {
    let started = Instant::now();
    let mut units = 0u64;
    while started.elapsed() < budget {
        units += f();
    }
    let per = started.elapsed().as_nanos() as f64 / units.max(1) as f64;
    (units, per)
}
