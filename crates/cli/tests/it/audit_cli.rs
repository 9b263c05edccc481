//! `underlag audit …` run as the real binary against a store the test fills: verify and
//! tampering, the log follow-up extract, the register extract, indicators, and the gateway's
//! checkpoints. SQLite always; PostgreSQL too when `UNDERLAG_TEST_PG_URL` is set (each test in
//! a fresh schema, dropped afterwards).

mod export;
mod gateway;
mod indicators;
mod verify;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::date;
use underlag_audit::{AuditKind, AuditRecord, Channel, SigningKey, SourceAuditEntry};
use underlag_domain::{Period, Personnummer};
use underlag_store::tamper::{self, Tamper};
use underlag_store::test_schema::TestSchema;

/// Generates one SQLite and one PostgreSQL test per function `f(&Db)`.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = crate::audit_cli::Db::sqlite().await;
                    super::$name(&db).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(db) = crate::audit_cli::Db::postgres().await else {
                        crate::audit_cli::note_skipped(stringify!($name));
                        return;
                    };
                    super::$name(&db).await;
                }
            )*
        }
    };
}
pub(crate) use on_both_backends;

/// One test's database, a folder for files, and a raw (tampering) handle on the store.
pub(crate) struct Db {
    pub(crate) url: String,
    pub(crate) store: Arc<dyn Tamper>,
    pub(crate) dir: tempfile::TempDir,
    _schema: Option<TestSchema>,
}

impl Db {
    pub(crate) async fn sqlite() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("audit.db").display());
        let store = tamper::open(&url).await.unwrap();
        Db {
            url,
            store,
            dir,
            _schema: None,
        }
    }

    pub(crate) async fn postgres() -> Option<Db> {
        let base = std::env::var("UNDERLAG_TEST_PG_URL")
            .ok()
            .filter(|u| !u.is_empty())?;
        let schema = TestSchema::create(&base, "audit_cli").await.unwrap();
        let url = schema.url();
        let store = tamper::open(&url).await.unwrap();
        Some(Db {
            url,
            store,
            dir: tempfile::tempdir().unwrap(),
            _schema: Some(schema),
        })
    }

    /// Runs `underlag audit ARGS --database URL` in the test's folder.
    pub(crate) fn audit(&self, args: &[&str]) -> Run {
        let mut all = vec!["audit", "--database", &self.url];
        all.extend_from_slice(args);
        underlag(&all, self.dir.path())
    }

    /// A file in the test's folder.
    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes the test key's public half and returns its path.
    pub(crate) fn public_key(&self) -> String {
        let path = self.path("audit-signing.pub");
        std::fs::write(&path, key().verifying_key().to_pem().unwrap()).unwrap();
        path.display().to_string()
    }
}

/// Says that a PostgreSQL test did not run (past the harness's output capture).
pub(crate) fn note_skipped(name: &str) {
    use std::io::Write;
    let line = format!("skipped audit_cli postgres::{name}: UNDERLAG_TEST_PG_URL is not set\n");
    let _ = std::io::stderr().write_all(line.as_bytes());
}

/// A finished run of the binary.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    /// Asserts success and returns standard output.
    pub(crate) fn ok(&self) -> &str {
        assert_eq!(
            self.code, 0,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        &self.stdout
    }
}

/// Runs the real `underlag` binary in `dir` with a clean configuration environment.
pub(crate) fn underlag(args: &[&str], dir: &Path) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_underlag"))
        .args(args)
        .current_dir(dir)
        .env_remove("UNDERLAG_CONFIG")
        .env("RUST_LOG", "warn")
        .output()
        .expect("the underlag binary runs");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

/// The checkpoint key of these tests.
pub(crate) fn key() -> SigningKey {
    SigningKey::from_seed([11; 32])
}

/// A valid identity number from its first 11 digits.
pub(crate) fn pnr(first11: &str) -> Personnummer {
    (0..10)
        .find_map(|d| Personnummer::parse_canonical(&format!("{first11}{d}")).ok())
        .unwrap()
}

/// The `n`th distinct test person (born 1 January 1990).
pub(crate) fn person(n: u32) -> Personnummer {
    pnr(&format!("19900101{n:03}"))
}

/// What a test record says.
#[derive(Clone)]
pub(crate) struct Spec {
    pub(crate) at: &'static str,
    pub(crate) organisation: &'static str,
    pub(crate) case_worker: &'static str,
    pub(crate) case_id: &'static str,
    pub(crate) person: Option<Personnummer>,
    pub(crate) kind: AuditKind,
    pub(crate) protected: bool,
}

impl Spec {
    pub(crate) fn query(at: &'static str, case_worker: &'static str, who: &Personnummer) -> Spec {
        Spec {
            at,
            organisation: "2120000142",
            case_worker,
            case_id: "EB-2026-1",
            person: Some(who.clone()),
            kind: AuditKind::Query,
            protected: false,
        }
    }

    pub(crate) fn record(&self, n: usize) -> AuditRecord {
        let at: Timestamp = self.at.parse().unwrap();
        let mut b = AuditRecord::builder(self.kind, format!("q-{n}"), at, Channel::Rest)
            .organisation_str(self.organisation)
            .case_worker(self.case_worker)
            .case_id(self.case_id)
            .purpose("Utredning av rätt till ekonomiskt bistånd")
            .legal_basis("11 kap. 11 § socialtjänstlagen")
            .protected(self.protected);
        if let Some(p) = &self.person {
            b = b.subject(p);
        }
        match self.kind {
            AuditKind::Query => {
                b = b
                    .period(Period::new(date(2025, 11, 1), date(2026, 10, 31)).unwrap())
                    .source(SourceAuditEntry {
                        source: "FK".into(),
                        outcome: "ok".into(),
                        latency_ms: Some(12),
                        attempts: 1,
                    })
                    .source(SourceAuditEntry {
                        source: "TNS".into(),
                        outcome: "timed_out".into(),
                        latency_ms: Some(8000),
                        attempts: 1,
                    });
            }
            AuditKind::Refused => b = b.refusal("not_entitled"),
            AuditKind::Admin => b = b.refusal("case.open"),
            AuditKind::CaseRead => {}
        }
        b.build()
    }
}

/// Appends the records in order (seq = index + 1).
pub(crate) async fn fill(db: &Db, specs: &[Spec]) {
    for (i, s) in specs.iter().enumerate() {
        db.store.append(s.record(i + 1)).await.unwrap();
    }
}

/// Appends `n` ordinary queries on a weekday morning.
pub(crate) async fn fill_plain(db: &Db, n: usize) {
    let p = person(1);
    let specs: Vec<Spec> = (0..n)
        .map(|_| Spec::query("2026-03-02T09:00:00Z", "hl-1", &p))
        .collect();
    fill(db, &specs).await;
}

/// Parses RFC 4180 CSV (quoted cells, doubled quotes, newlines inside quotes).
pub(crate) fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

/// The `seq` column of a CSV extract (header checked).
pub(crate) fn csv_seqs(text: &str) -> Vec<u64> {
    let rows = parse_csv(text);
    assert_eq!(rows[0][0], "seq", "{text}");
    rows[1..].iter().map(|r| r[0].parse().unwrap()).collect()
}
