//! `underlag audit …` run as the real binary against a store the test fills: verify and
//! tampering, the log follow-up extract, the register extract, indicators, the gateway's
//! checkpoints, retention (prune) and the SQLite backup. SQLite always; PostgreSQL too when `UNDERLAG_TEST_PG_URL` is set (each test in
//! a fresh schema, dropped afterwards: `underlag_test_support::on_both_backends!`).

mod export;
mod gateway;
mod indicators;
mod retention;
mod verify;

use std::path::Path;
use std::process::{Command, Output};

use jiff::Timestamp;
use jiff::civil::date;
use underlag_audit::{AuditKind, AuditRecord, Channel, SigningKey, SourceAuditEntry};
use underlag_domain::{Period, Personnummer};
use underlag_test_support::TestDb;
use underlag_test_support::fixtures::{EXEMPELKOMMUN, pnr};

/// What the audit command tests do with a test database.
pub(crate) trait AuditCli {
    /// Runs `underlag audit ARGS --database URL` in the test's folder.
    fn audit(&self, args: &[&str]) -> Run;
    /// Writes the test key's public half and returns its path.
    fn public_key(&self) -> String;
}

impl AuditCli for TestDb {
    fn audit(&self, args: &[&str]) -> Run {
        let mut all = vec!["audit", "--database", self.url()];
        all.extend_from_slice(args);
        underlag(&all, self.dir())
    }

    fn public_key(&self) -> String {
        let path = self.path("audit-signing.pub");
        std::fs::write(&path, key().verifying_key().to_pem().unwrap()).unwrap();
        path.display().to_string()
    }
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
            organisation: EXEMPELKOMMUN,
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
            AuditKind::NormCalculation | AuditKind::NormDecision => {
                b = b.refusal("beräkningsunderlag q; regelversion norm 0");
            }
            AuditKind::Prune => b = b.refusal("audit.prune through_seq=0"),
            AuditKind::ApplicationSubmitted => b = b.refusal("ansökan a-1"),
            AuditKind::ConsentGiven
            | AuditKind::ConsentRevoked
            | AuditKind::BankFetch
            | AuditKind::RegisterExtract => b = b.refusal("consent c"),
        }
        b.build()
    }
}

/// Appends the records in order (seq = index + 1).
pub(crate) async fn fill(db: &TestDb, specs: &[Spec]) {
    for (i, s) in specs.iter().enumerate() {
        db.store.append(s.record(i + 1)).await.unwrap();
    }
}

/// Appends `n` ordinary queries on a weekday morning.
pub(crate) async fn fill_plain(db: &TestDb, n: usize) {
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
