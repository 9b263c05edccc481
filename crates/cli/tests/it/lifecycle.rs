//! The gateway's files and lifecycle: the SQLite audit database, its WAL and shared-memory
//! files are created mode 0600 in a folder created 0700 (whatever the umask), and SIGTERM
//! shuts the real binary down in order: exit code 0, the last record covered by a signed
//! checkpoint.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use tokio::time::Instant;

use underlag_sim::Population;
use underlag_test_support::fixtures::{last_year, query};
use underlag_test_support::{Doorway, TestApp};

use crate::process::spawn_demo;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[tokio::test]
async fn audit_database_file_is_mode_0600() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("underlag-data");
    let db = folder.join("audit.db");
    // This test process keeps the usual umask (022): the modes come from the store itself.
    let demo = TestApp::builder().sqlite_file(&db).start().await;
    let response = demo
        .post_query(&demo.query(&demo.all_sources_person()))
        .await;
    assert_eq!(response.status, 200);
    let wal = folder.join("audit.db-wal");
    let shm = folder.join("audit.db-shm");
    assert!(wal.exists(), "a WAL file while the gateway runs");
    assert_eq!(mode(&db), 0o600, "audit.db");
    assert_eq!(mode(&wal), 0o600, "audit.db-wal");
    if shm.exists() {
        assert_eq!(mode(&shm), 0o600, "audit.db-shm");
    }
    assert_eq!(mode(&folder), 0o700, "the folder created for the database");
    demo.stop().await;
    assert_eq!(mode(&db), 0o600, "audit.db after shutdown");
}

#[tokio::test]
async fn sigterm_writes_final_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("audit.db");
    let url = format!("sqlite://{}", db.display());
    let demo = spawn_demo("info", &url);
    let population = Population::generate(underlag_sim::population::DEFAULT_REFERENCE_DATE);
    let person = population.all_sources_person().personnummer.clone();
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/queries", demo.gateway))
        .json(&query(
            person.expose(),
            last_year(population.reference_date()),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    let mut child = demo.child;
    rustix::process::kill_process(
        rustix::process::Pid::from_child(&child),
        rustix::process::Signal::TERM,
    )
    .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(30) {
            child.kill().unwrap();
            panic!("the demo did not exit within 30 s of SIGTERM");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let logs = demo.stderr.join().unwrap();
    assert_eq!(
        status.code(),
        Some(0),
        "exit status after SIGTERM; logs:\n{logs}"
    );
    assert!(
        logs.contains("SIGTERM"),
        "the shutdown is logged with its signal"
    );
    eprintln!("exited {:?} after SIGTERM", started.elapsed());

    // The binary's umask keeps its files private too.
    assert_eq!(mode(&db), 0o600);
    let store = underlag_store::open_store(&url).await.unwrap();
    let count = store.count().await.unwrap();
    assert!(
        count >= 2,
        "the demo's registry records and the query ({count})"
    );
    let checkpoints = store.checkpoints().await.unwrap();
    store.close().await;
    let last = checkpoints
        .last()
        .expect("a checkpoint was signed at shutdown");
    assert_eq!(
        last.seq, count,
        "the last record is covered by the final checkpoint"
    );

    // And `underlag audit verify` agrees, with the key the demo published beside the database.
    let verify = std::process::Command::new(env!("CARGO_BIN_EXE_underlag"))
        .args(["audit", "--database", &url, "verify"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&verify.stdout);
    assert!(
        verify.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&verify.stderr)
    );
    assert!(out.contains("OK"), "{out}");
}
