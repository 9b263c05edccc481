//! Test harness: a fresh store per test (a temporary SQLite file, or a PostgreSQL schema
//! that is dropped again when the test ends), plus fixtures.

use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::date;
use sqlx::postgres::PgConnectOptions;
use underlag_audit::{AuditRecord, Channel, SigningKey, SourceAuditEntry};
use underlag_domain::{Organisationsnummer, Period, Personnummer};
use underlag_store::tamper::Tamper;
use underlag_store::test_schema::TestSchema;
use underlag_store::{AuditStore, PostgresStore, SqliteStore};

/// One test's database.
pub(crate) struct Harness {
    /// The store under test.
    pub(crate) store: Arc<dyn Tamper>,
    place: Place,
}

enum Place {
    Sqlite {
        _dir: tempfile::TempDir,
        path: std::path::PathBuf,
    },
    Postgres {
        options: Box<PgConnectOptions>,
        _schema: TestSchema,
    },
}

impl Harness {
    pub(crate) async fn sqlite() -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.db");
        let store = Arc::new(SqliteStore::open(&path).await.unwrap());
        Harness {
            store,
            place: Place::Sqlite { _dir: dir, path },
        }
    }

    pub(crate) async fn postgres() -> Option<Harness> {
        let url = std::env::var("UNDERLAG_TEST_PG_URL")
            .ok()
            .filter(|u| !u.is_empty())?;
        let guard = TestSchema::create(&url, "store").await.unwrap();
        let options = guard.connect_options().unwrap();
        let store = Arc::new(
            PostgresStore::connect_with(options.clone(), 4)
                .await
                .unwrap(),
        );
        Some(Harness {
            store,
            place: Place::Postgres {
                options: Box::new(options),
                _schema: guard,
            },
        })
    }

    /// The store as the gateway sees it.
    pub(crate) fn audit(&self) -> Arc<dyn AuditStore> {
        self.store.clone()
    }

    /// A second, independent store (its own pool) on the same database, as a second
    /// gateway process would have.
    pub(crate) async fn another_process(&self) -> Arc<dyn Tamper> {
        match &self.place {
            Place::Sqlite { path, .. } => Arc::new(SqliteStore::open(path).await.unwrap()),
            Place::Postgres { options, .. } => Arc::new(
                PostgresStore::connect_with((**options).clone(), 4)
                    .await
                    .unwrap(),
            ),
        }
    }
}

impl Harness {
    /// The connection registry on the test's database (its own pool, as a gateway or an
    /// admin command would have); its changes land in the same audit trail.
    pub(crate) async fn registry(&self) -> Arc<dyn underlag_store::RegistryStore> {
        match &self.place {
            Place::Sqlite { path, .. } => Arc::new(SqliteStore::open(path).await.unwrap()),
            Place::Postgres { options, .. } => Arc::new(
                PostgresStore::connect_with((**options).clone(), 4)
                    .await
                    .unwrap(),
            ),
        }
    }
}

/// Says that a PostgreSQL test did not run. Written to stderr directly, past the test
/// harness's output capture, so the line shows in an ordinary `cargo test` run.
pub(crate) fn note_skipped(name: &str) {
    use std::io::Write;
    let line = format!("skipped postgres::{name}: UNDERLAG_TEST_PG_URL is not set\n");
    let _ = std::io::stderr().write_all(line.as_bytes());
}

/// The checkpoint key used in tests.
pub(crate) fn key() -> SigningKey {
    SigningKey::from_seed([5; 32])
}

/// A valid identity number from its first 11 digits.
pub(crate) fn pnr(first11: &str) -> Personnummer {
    (0..10)
        .find_map(|d| Personnummer::parse_canonical(&format!("{first11}{d}")).ok())
        .unwrap()
}

/// The usual test subject.
pub(crate) fn subject() -> Personnummer {
    pnr("19900101238")
}

/// A fully populated query record number `n`, made at `1_790_000_000 + n` seconds.
pub(crate) fn record(n: u32) -> AuditRecord {
    record_by(n, &format!("handlaggare-{}", n % 3), &subject())
}

/// A record by a given case worker about a given person.
pub(crate) fn record_by(n: u32, case_worker: &str, who: &Personnummer) -> AuditRecord {
    let org = Organisationsnummer::parse("2120000142").unwrap();
    let at = Timestamp::new(1_790_000_000 + i64::from(n), 123_456_789).unwrap();
    let period = Period::new(date(2026, 1, 1), date(2026, 3, 31)).unwrap();
    AuditRecord::query(format!("q-{n}"), at, Channel::Rest, who, period)
        .organisation(&org)
        .case_worker(case_worker)
        .case_id(format!("AE-{n}"))
        .purpose("utredning av ekonomiskt bistånd")
        .legal_basis("11 kap. 11 § SoL")
        .data_processor(&org, "Exempel IT AB")
        .source(SourceAuditEntry {
            source: "FK".into(),
            outcome: "ok".into(),
            latency_ms: Some(u64::from(n)),
            attempts: 1,
        })
        .source(SourceAuditEntry {
            source: "MIV".into(),
            outcome: "not_entitled".into(),
            latency_ms: None,
            attempts: 0,
        })
        .build()
}

/// Appends records `1..=n` in order.
pub(crate) async fn fill(store: &dyn AuditStore, n: u32) {
    for i in 1..=n {
        store.append(record(i)).await.unwrap();
    }
}
