//! `underlag bench audit`: the audit store's append rate (every append committed, as the
//! gateway does it) and the speed of `audit verify` against plain SHA-256 over the same
//! bytes, on one database, in one run.
//!
//! The records are query records shaped as the gateway writes them (seven sources, a
//! population person, the demo organisation). The verify run is the one `underlag audit
//! verify` makes (`verify_store`: read page by page, recompute every hash, check every link
//! and the signed checkpoint); the baseline hashes the same bytes (each record's
//! domain tag, seq, previous hash and canonical encoding) with SHA-256 and nothing else.

use std::time::Duration;

use anyhow::{Context, bail};
use sha2::{Digest, Sha256};
use tokio::time::Instant;
use underlag_audit::{AuditRecord, ChainedRecord, Channel, SigningKey, SourceAuditEntry};
use underlag_domain::{Organisationsnummer, Period, Personnummer, SourceId};
use underlag_store::AuditStore;

/// `underlag bench audit` options.
#[derive(Debug, Clone, clap::Args)]
pub struct AuditBenchArgs {
    /// The database to append to: `sqlite://<path>` or `postgres://…`. It must hold no
    /// audit records yet (use a fresh file or database; nothing is deleted afterwards).
    #[arg(long)]
    pub database: String,
    /// How many records to append.
    #[arg(long, default_value_t = 2000)]
    pub records: u32,
    /// Concurrent writers.
    #[arg(long, default_value_t = 8)]
    pub writers: u32,
    /// Print the numbers as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// The numbers of one run.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditBenchReport {
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
    /// Records appended.
    pub records: u64,
    /// Concurrent writers.
    pub writers: u32,
    /// Appends per second (each committed before the next of its writer starts).
    pub appends_per_s: f64,
    /// The bytes the verifier hashes (domain tag, seq, previous hash, canonical encoding).
    pub hashed_bytes: u64,
    /// `verify_store` over the whole chain: MB/s of hashed bytes (reading the database
    /// included), repeated for half a second as the baselines are.
    pub verify_mb_per_s: f64,
    /// The first `verify_store` run alone (statements not yet prepared, caches cold): MB/s.
    pub verify_first_mb_per_s: f64,
    /// The earlier path, for comparison in the same run: every record rebuilt typed from its
    /// columns, re-encoded and hashed: MB/s.
    pub verify_typed_mb_per_s: f64,
    /// The verifier alone over the records already in memory: MB/s.
    pub verify_in_memory_mb_per_s: f64,
    /// The read alone: every row fetched in hashed form (`records_hashed`, its columns
    /// checked against the stored encoding) and nothing verified: MB/s.
    pub read_mb_per_s: f64,
    /// Plain SHA-256 over the same bytes: MB/s.
    pub sha256_mb_per_s: f64,
    /// SQLite only: the floor of any verify reading this database: each record's hashed
    /// columns read and its hash recomputed, nothing else checked: MB/s.
    pub read_and_hash_floor_mb_per_s: Option<f64>,
    /// Whether the chain verified.
    pub chain_ok: bool,
}

impl AuditBenchReport {
    /// `audit verify` throughput as a share of plain SHA-256's.
    pub fn verify_ratio(&self) -> f64 {
        self.verify_mb_per_s / self.sha256_mb_per_s.max(f64::EPSILON)
    }

    /// The report as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "backend": self.backend,
            "records": self.records,
            "writers": self.writers,
            "appends_per_s": self.appends_per_s,
            "hashed_bytes": self.hashed_bytes,
            "verify_mb_per_s": self.verify_mb_per_s,
            "verify_first_mb_per_s": self.verify_first_mb_per_s,
            "verify_typed_mb_per_s": self.verify_typed_mb_per_s,
            "verify_in_memory_mb_per_s": self.verify_in_memory_mb_per_s,
            "read_mb_per_s": self.read_mb_per_s,
            "sha256_mb_per_s": self.sha256_mb_per_s,
            "read_and_hash_floor_mb_per_s": self.read_and_hash_floor_mb_per_s,
            "verify_ratio_to_floor": self.read_and_hash_floor_mb_per_s
                .map(|floor| self.verify_mb_per_s / floor.max(f64::EPSILON)),
            "verify_ratio": self.verify_ratio(),
            "chain_ok": self.chain_ok,
        })
    }
}

/// Runs the audit benchmark and prints its numbers.
pub async fn run(args: AuditBenchArgs) -> anyhow::Result<()> {
    let report = measure(&args).await?;
    if args.json {
        println!("{}", report.to_json());
    } else {
        println!(
            "{}: {} appends by {} writers: {:.0} appends/s; verify {:.1} MB/s (first run {:.1}, \
             typed path {:.1}, {:.1} MB/s in memory, read alone {:.1}), \
             SHA-256 {:.1} MB/s over the same {} bytes: verify/SHA-256 = {:.2}; \
             read-and-hash floor {}; chain {}",
            report.backend,
            report.records,
            report.writers,
            report.appends_per_s,
            report.verify_mb_per_s,
            report.verify_first_mb_per_s,
            report.verify_typed_mb_per_s,
            report.verify_in_memory_mb_per_s,
            report.read_mb_per_s,
            report.sha256_mb_per_s,
            report.hashed_bytes,
            report.verify_ratio(),
            report
                .read_and_hash_floor_mb_per_s
                .map_or("not measured (PostgreSQL)".to_owned(), |f| format!(
                    "{f:.1} MB/s"
                )),
            if report.chain_ok { "ok" } else { "BROKEN" },
        );
    }
    Ok(())
}

/// Appends, verifies and hashes; returns the numbers.
pub async fn measure(args: &AuditBenchArgs) -> anyhow::Result<AuditBenchReport> {
    let store = underlag_store::open_store(&args.database)
        .await
        .context("cannot open the database")?;
    if store.count().await? > 0 {
        bail!("--database already holds audit records: give a fresh file or database");
    }
    let writers = args.writers.max(1);
    let records = args.records.max(1);
    let template = query_record()?;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..writers {
        let (store, template) = (store.clone(), template.clone());
        let share = records / writers + u32::from(w < records % writers);
        tasks.push(tokio::spawn(async move {
            for i in 0..share {
                let mut record = template.clone();
                record.id = format!("bench-{w}-{i}");
                record.case_id = format!("EB-BENCH-{w}-{i}");
                record.at = jiff::Timestamp::now();
                store.append(record).await?;
            }
            Ok::<_, underlag_store::StoreError>(())
        }));
    }
    for task in tasks {
        task.await.context("a writer stopped")??;
    }
    let appends_per_s = f64::from(records) / started.elapsed().as_secs_f64();

    let signer = SigningKey::generate().map_err(|e| anyhow::anyhow!("{e}"))?;
    store.checkpoint(&signer).await?;
    let key = signer.verifying_key();
    let started = Instant::now();
    let verified = underlag_store::verify_store(store.as_ref(), &key, &[]).await?;
    let first_verify_time = started.elapsed();
    // Then as the baselines below are measured: repeated for half a second, time per run.
    let verify_time = repeat_for_async(BUDGET, async || {
        let again = underlag_store::verify_store(store.as_ref(), &key, &[]).await?;
        std::hint::black_box(again.is_ok());
        Ok(())
    })
    .await?;
    // The path `audit verify` took before: typed records rebuilt from their columns.
    let typed_time = repeat_for_async(BUDGET, async || {
        let typed = verify_typed(store.as_ref(), &key).await?;
        std::hint::black_box(typed.is_ok());
        Ok(())
    })
    .await?;
    // The read alone, page by page as `verify_store` reads.
    let read_time = repeat_for_async(BUDGET, async || read_hashed(store.as_ref()).await).await?;

    let chain = read_all(store.as_ref()).await?;
    let messages: Vec<Vec<u8>> = chain.iter().map(hashed_message).collect();
    let hashed_bytes: u64 = messages.iter().map(|m| m.len() as u64).sum();
    let checkpoints = store.checkpoints().await?;
    let in_memory = repeat_for(BUDGET, || {
        let report = underlag_audit::verify(&chain, &checkpoints, &key);
        std::hint::black_box(report.is_ok());
    });
    let sha256 = repeat_for(BUDGET, || {
        for message in &messages {
            std::hint::black_box(Sha256::digest(message));
        }
    });
    let floor = match args.database.strip_prefix("sqlite://") {
        Some(path) => {
            let sqlite = underlag_store::SqliteStore::open(path).await?;
            let per_pass = repeat_for_async(BUDGET, async || {
                let hashed = sqlite.rehash_stored_chain().await?;
                anyhow::ensure!(
                    hashed == Some(messages.len() as u64),
                    "the floor read {hashed:?} records"
                );
                Ok(())
            })
            .await?;
            sqlite.close().await;
            Some(per_pass)
        }
        None => None,
    };
    store.close().await;
    let mb = |per_pass: Duration| hashed_bytes as f64 / 1e6 / per_pass.as_secs_f64();
    Ok(AuditBenchReport {
        backend: store.backend(),
        records: verified.records_checked,
        writers,
        appends_per_s,
        hashed_bytes,
        verify_mb_per_s: mb(verify_time),
        verify_first_mb_per_s: mb(first_verify_time),
        verify_typed_mb_per_s: mb(typed_time),
        verify_in_memory_mb_per_s: mb(in_memory),
        read_mb_per_s: mb(read_time),
        sha256_mb_per_s: mb(sha256),
        read_and_hash_floor_mb_per_s: floor.map(mb),
        chain_ok: verified.is_ok() && verified.checkpoints_checked == 1,
    })
}

/// A query record as the gateway writes it for the demo organisation: seven sources answered.
fn query_record() -> anyhow::Result<AuditRecord> {
    let person =
        underlag_sim::Population::generate(underlag_sim::population::DEFAULT_REFERENCE_DATE)
            .persons()
            .first()
            .map(|p| p.personnummer.clone())
            .context("the population has a person")?;
    let period = Period::new(
        jiff::civil::date(2025, 11, 1),
        jiff::civil::date(2026, 10, 31),
    )?;
    query_record_about(&person, period)
}

fn query_record_about(person: &Personnummer, period: Period) -> anyhow::Result<AuditRecord> {
    let organisation = Organisationsnummer::parse("2120000142")?;
    let mut builder = AuditRecord::query("", jiff::Timestamp::now(), Channel::Rest, person, period)
        .organisation(&organisation)
        .case_worker("bench")
        .purpose("EKB-UTREDNING: belastningsprov")
        .legal_basis("12 kap. socialtjänstlagen (2025:400), förordning (2008:975)");
    for source in SourceId::ALL
        .into_iter()
        .filter(|s| !s.requires_legal_basis())
    {
        builder = builder.source(SourceAuditEntry {
            source: source.code().to_owned(),
            outcome: "ok".to_owned(),
            latency_ms: Some(12),
            attempts: 1,
        });
    }
    Ok(builder.build())
}

/// Verifies the chain over typed records read page by page (the path before `records_hashed`).
async fn verify_typed(
    store: &dyn AuditStore,
    key: &underlag_audit::VerifyingKey,
) -> anyhow::Result<underlag_audit::VerifyReport> {
    let checkpoints = store.checkpoints().await?;
    let mut verifier = underlag_audit::Verifier::new(&checkpoints, key);
    let mut from = 1;
    loop {
        let page = store.records(from, 1000).await?;
        let Some(last) = page.last() else { break };
        from = last.seq + 1;
        for r in &page {
            verifier.push(r);
        }
    }
    Ok(verifier.finish())
}

/// Every record of the store, in seq order.
async fn read_all(store: &dyn AuditStore) -> anyhow::Result<Vec<ChainedRecord>> {
    let mut all = Vec::new();
    loop {
        let page = store.records(all.len() as u64 + 1, 1000).await?;
        if page.is_empty() {
            return Ok(all);
        }
        all.extend(page);
    }
}

/// The bytes the verifier hashes for one record (`underlag_audit::entry_hash`'s input).
pub fn hashed_message(record: &ChainedRecord) -> Vec<u8> {
    let encoding = underlag_audit::encode(&record.record);
    let mut message =
        Vec::with_capacity(underlag_audit::encoding::HASH_DOMAIN.len() + 40 + encoding.len());
    message.extend_from_slice(underlag_audit::encoding::HASH_DOMAIN);
    message.extend_from_slice(&record.seq.to_be_bytes());
    message.extend_from_slice(&record.prev_hash);
    message.extend_from_slice(&encoding);
    message
}

/// How long each measurement is repeated.
const BUDGET: Duration = Duration::from_millis(500);

/// Reads every record in hashed form, page by page as `verify_store` reads, checking nothing.
async fn read_hashed(store: &dyn AuditStore) -> anyhow::Result<()> {
    let mut from = 1;
    loop {
        let page = store.records_hashed(from, 5000).await?;
        let Some(underlag_store::HashedRow::Record(last)) = page.last() else {
            return Ok(());
        };
        from = last.seq + 1;
        std::hint::black_box(&page);
    }
}

/// As [`repeat_for`], for a run that awaits and can fail.
async fn repeat_for_async(
    budget: Duration,
    mut run: impl AsyncFnMut() -> anyhow::Result<()>,
) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let mut runs = 0u32;
    while runs == 0 || started.elapsed() < budget {
        run().await?;
        runs += 1;
    }
    Ok(started.elapsed() / runs)
}

/// Runs `f` until `budget` has passed (at least once); returns the time per run.
fn repeat_for(budget: Duration, mut f: impl FnMut()) -> Duration {
    let started = Instant::now();
    let mut runs = 0u32;
    while runs == 0 || started.elapsed() < budget {
        f();
        runs += 1;
    }
    started.elapsed() / runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hashed_message_is_what_the_chain_hashes() {
        let person = Personnummer::parse_canonical("198603052393").unwrap();
        let period = Period::new(
            jiff::civil::date(2025, 11, 1),
            jiff::civil::date(2026, 10, 31),
        )
        .unwrap();
        let record = query_record_about(&person, period).unwrap();
        assert_eq!(record.sources.len(), 7);
        let chained = ChainedRecord::after(None, record);
        let digest: [u8; 32] = Sha256::digest(hashed_message(&chained)).into();
        assert_eq!(digest, chained.hash);
    }

    #[tokio::test]
    async fn a_run_on_a_fresh_sqlite_file_appends_verifies_and_refuses_a_used_one() {
        let dir = tempfile::tempdir().unwrap();
        let args = AuditBenchArgs {
            database: format!("sqlite://{}", dir.path().join("bench.db").display()),
            records: 30,
            writers: 3,
            json: true,
        };
        let report = measure(&args).await.unwrap();
        assert_eq!((report.backend, report.records), ("sqlite", 30));
        assert!(report.chain_ok);
        assert!(report.hashed_bytes > 30 * 200, "{}", report.hashed_bytes);
        assert!(report.appends_per_s > 0.0 && report.verify_ratio() > 0.0);
        assert_eq!(report.to_json()["chain_ok"], true);
        let again = measure(&args).await.unwrap_err();
        assert!(again.to_string().contains("fresh"), "{again}");
    }
}
