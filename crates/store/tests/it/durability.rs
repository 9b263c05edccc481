//! Durability of an append, checked at run time rather than read off the configuration.
//!
//! The audit's promise is "on disk before the answer leaves": [`AuditStore::append`] returns
//! only after its record is durable, and the orchestrator answers only after `append`
//! returned (tested in `underlag-service` and end to end in the cli's kill -9 test, which
//! proves "appended before the answer" but not "on disk": a process kill leaves the page
//! cache intact). Survivor of the test audit (issue 16): SQLite with `synchronous=OFF`, or
//! an append without `SET LOCAL synchronous_commit = on`, passed every test.
//!
//! What these tests prove:
//! - the setting in force *on the connection that writes, while it writes the record*: a
//!   trigger on `audit_record` copies SQLite's `synchronous` or PostgreSQL's
//!   `synchronous_commit` and `fsync` into a side table at the moment of the insert;
//! - on SQLite, that each append asks the kernel to flush the write-ahead log before it
//!   returns: the test binary runs one append sequence under `strace` and finds an
//!   `fsync`/`fdatasync` of `audit.db-wal` between every two appends' returns.
//!
//! What they cannot prove: that the disk honours a flush (volatile write caches, a
//! virtualised disk that acknowledges early), nor, on PostgreSQL, the server's own flush
//! (the client sees the settings under which the server promises it, not the `fsync`); a
//! power-cut test on real hardware would be needed for that.

use std::path::Path;
use std::str::FromStr;

use sqlx::{ConnectOptions, Connection};
use underlag_store::test_schema::TestSchema;
use underlag_store::{AuditStore, PostgresStore, SqliteStore};
use underlag_test_support::{PG_URL_VAR, TestDb, note_skipped};

use crate::records::record;

/// Copies the writing connection's `synchronous` (0 off, 1 normal, 2 full, 3 extra) into
/// `durability_seen` at every insert of an audit record.
const SQLITE_PROBE: [&str; 2] = [
    "CREATE TABLE durability_seen (synchronous INTEGER NOT NULL)",
    "CREATE TRIGGER durability_probe AFTER INSERT ON audit_record BEGIN \
     INSERT INTO durability_seen SELECT synchronous FROM pragma_synchronous; END",
];

/// The SQLite file's own connection (outside the store's pool) for the probe.
async fn sqlite_connection(path: &Path) -> sqlx::SqliteConnection {
    sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .connect()
        .await
        .unwrap()
}

#[tokio::test]
async fn sqlite_appends_run_under_synchronous_full_in_wal_mode() {
    let db = TestDb::sqlite().await;
    let mut probe = sqlite_connection(&db.path("audit.db")).await;
    for statement in SQLITE_PROBE {
        sqlx::query(statement).execute(&mut probe).await.unwrap();
    }
    let store = db.audit_store();
    for n in 1..=3 {
        store.append(record(n)).await.unwrap();
    }
    let seen: Vec<i64> = sqlx::query_scalar("SELECT synchronous FROM durability_seen")
        .fetch_all(&mut probe)
        .await
        .unwrap();
    assert_eq!(seen, [2, 2, 2], "synchronous=FULL (2) on every append");
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut probe)
        .await
        .unwrap();
    assert_eq!(journal, "wal");
    probe.close().await.unwrap();
}

/// Copies the writing session's `synchronous_commit` and `fsync` into `durability_seen` at
/// every insert of an audit record.
const POSTGRES_PROBE: [&str; 3] = [
    "CREATE TABLE durability_seen (synchronous_commit TEXT NOT NULL, fsync TEXT NOT NULL)",
    "CREATE FUNCTION durability_probe() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
     INSERT INTO durability_seen VALUES (current_setting('synchronous_commit'), \
     current_setting('fsync')); RETURN NEW; END $$",
    "CREATE TRIGGER durability_probe AFTER INSERT ON audit_record \
     FOR EACH ROW EXECUTE FUNCTION durability_probe()",
];

/// The store's connections start with `synchronous_commit=off`, as a role's or database's
/// default might set it; the append must still commit synchronously.
#[tokio::test]
async fn postgres_appends_commit_synchronously_whatever_the_session_default() {
    let Some(base) = TestDb::pg_base_url() else {
        note_skipped(module_path!(), "postgres_appends_commit_synchronously");
        return;
    };
    let schema = TestSchema::create(&base, "durability").await.unwrap();
    let lax = schema
        .connect_options()
        .unwrap()
        .options([("synchronous_commit", "off")]);
    // The setup really makes the server default lax for these connections.
    let mut check = lax.connect().await.unwrap();
    let default: String = sqlx::query_scalar("SHOW synchronous_commit")
        .fetch_one(&mut check)
        .await
        .unwrap();
    assert_eq!(default, "off", "{PG_URL_VAR}: the session default is lax");
    check.close().await.unwrap();

    let store = PostgresStore::connect_with(lax, 2).await.unwrap();
    let mut probe = schema.connect_options().unwrap().connect().await.unwrap();
    for statement in POSTGRES_PROBE {
        sqlx::query(statement).execute(&mut probe).await.unwrap();
    }
    for n in 1..=3 {
        store.append(record(n)).await.unwrap();
    }
    let seen: Vec<(String, String)> =
        sqlx::query_as("SELECT synchronous_commit, fsync FROM durability_seen")
            .fetch_all(&mut probe)
            .await
            .unwrap();
    let on = ("on".to_owned(), "on".to_owned());
    assert_eq!(seen, [on.clone(), on.clone(), on]);
    probe.close().await.unwrap();
}

/// The child's environment variable: the folder of the database it appends to.
const CHILD_DIR: &str = "UNDERLAG_DURABILITY_CHILD_DIR";
/// Appends the child makes.
const APPENDS: u32 = 3;

/// The child half of [`sqlite_flushes_the_wal_before_each_append_returns`]: opens the store,
/// then marks each step by an `fsync` of a marker file (`mark-0` before the first append,
/// `mark-n` after the n-th returned), so the trace shows the order. A no-op in an ordinary
/// run.
#[tokio::test]
async fn sqlite_flush_child() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return;
    };
    let dir = Path::new(&dir);
    let store = SqliteStore::open(dir.join("audit.db")).await.unwrap();
    let mark = |n: u32| {
        std::fs::File::create(dir.join(format!("mark-{n}")))
            .unwrap()
            .sync_all()
            .unwrap();
    };
    mark(0);
    for n in 1..=APPENDS {
        store.append(record(n)).await.unwrap();
        mark(n);
    }
}

/// Runs [`sqlite_flush_child`] under `strace` and checks that between every two marks (that
/// is, within each append, before it returned) the WAL file was flushed. Skipped when strace
/// is missing or ptrace is not allowed, unless `UNDERLAG_REQUIRE_STRACE` is set.
#[test]
fn sqlite_flushes_the_wal_before_each_append_returns() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("trace");
    let output = std::process::Command::new("strace")
        .args(["-f", "-y", "-qq", "-e", "trace=fsync,fdatasync", "-o"])
        .arg(&trace)
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "durability::sqlite_flush_child",
            "--test-threads=1",
        ])
        .env(CHILD_DIR, dir.path())
        .output();
    let output = match output {
        Ok(output) if output.status.success() => output,
        other => {
            let reason = format!("strace could not run the child: {other:?}");
            if std::env::var_os("UNDERLAG_REQUIRE_STRACE").is_some_and(|v| !v.is_empty()) {
                panic!("{reason}; UNDERLAG_REQUIRE_STRACE is set, so this fails");
            }
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED durability::sqlite_flushes_the_wal_before_each_append_returns: {reason}"
            );
            return;
        }
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("1 passed"), "the child ran: {stdout}");
    let trace = std::fs::read_to_string(&trace).unwrap();
    // Each traced flush, in order: `Some(n)` for mark n, `None` for the WAL.
    let events: Vec<Option<u32>> = trace
        .lines()
        .filter(|l| l.contains("sync("))
        .filter_map(|l| {
            let path = l.split('<').nth(1)?.split('>').next()?;
            if path.ends_with("audit.db-wal") {
                Some(None)
            } else {
                let n = path.rsplit_once("/mark-")?.1;
                Some(Some(u32::from_str(n).ok()?))
            }
        })
        .collect();
    let marks: Vec<usize> = (0..=APPENDS)
        .map(|n| {
            events
                .iter()
                .position(|e| *e == Some(n))
                .unwrap_or_else(|| panic!("mark-{n} is in the trace:\n{trace}"))
        })
        .collect();
    for (n, pair) in marks.windows(2).enumerate() {
        let wal_flushes = events[pair[0]..pair[1]]
            .iter()
            .filter(|e| e.is_none())
            .count();
        assert!(
            wal_flushes >= 1,
            "append {} returned without flushing the WAL:\n{trace}",
            n + 1
        );
    }
}
