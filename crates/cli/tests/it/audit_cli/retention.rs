//! `audit prune` and `audit backup` through the real binary: a prune (dry run first) leaves a
//! chain that `audit verify` accepts, with the prune audited; a prune refuses a chain that
//! does not verify; `audit.retention_days` sets the period; a backup of a live SQLite store,
//! restored into a fresh data directory, verifies.

use std::process::Command;

use jiff::{Timestamp, ToSpan};
use underlag_audit::AuditKind;
use underlag_store::tamper::Column;
use underlag_test_support::fixtures::query;
use underlag_test_support::{Doorway, TestApp, TestDb};

use crate::audit_cli::{AuditCli, Run, Spec, fill, key, person, underlag};

/// Writes the test key's secret half and returns its path.
fn signing_key(db: &TestDb) -> String {
    let path = db.path("audit-signing.key");
    std::fs::write(&path, key().to_pem().unwrap()).unwrap();
    path.display().to_string()
}

/// Five records of January 2025, five of March 2026, a checkpoint; the key files written.
async fn prepared(db: &TestDb) -> (String, String) {
    let p = person(1);
    let mut specs = vec![Spec::query("2025-01-10T09:00:00Z", "hl-1", &p); 5];
    specs.extend(vec![Spec::query("2026-03-02T09:00:00Z", "hl-2", &p); 5]);
    fill(db, &specs).await;
    db.store.checkpoint(&key()).await.unwrap();
    (signing_key(db), db.public_key())
}

async fn a_prune_is_dry_by_default_then_verifies_and_is_audited(db: &TestDb) {
    let (secret, public) = prepared(db).await;
    let common = ["--signing-key", &secret, "--key", &public];
    let mut dry = vec!["prune", "--before", "2026-01-01"];
    dry.extend_from_slice(&common);
    let out = db.audit(&dry).ok().to_owned();
    assert!(
        out.contains("Dry run: would remove 5 records (through seq 5)"),
        "{out}"
    );
    assert_eq!(
        db.store.count().await.unwrap(),
        10,
        "a dry run removes nothing"
    );

    let mut apply = dry.clone();
    apply.extend_from_slice(&["--apply", "--operator", "drift-anna"]);
    let out = db.audit(&apply).ok().to_owned();
    assert!(out.contains("Pruned 5 records (through seq 5)"), "{out}");
    assert!(out.contains("The prune is audit record seq 11."), "{out}");
    let kept = db.store.records(1, 100).await.unwrap();
    assert_eq!(
        kept.iter().map(|r| r.seq).collect::<Vec<_>>(),
        (6..=11).collect::<Vec<_>>()
    );
    let prune = &kept.last().unwrap().record;
    assert_eq!(prune.kind, AuditKind::Prune);
    assert_eq!(prune.case_worker, "drift-anna");

    let out = db.audit(&["verify", "--key", &public]).ok().to_owned();
    assert!(out.contains("Records checked: 6"), "{out}");
    assert!(out.contains("Pruned through seq 5"), "{out}");
    assert!(out.lines().any(|l| l == "OK"), "{out}");

    // Again: nothing more is old enough.
    let out = db.audit(&apply).ok().to_owned();
    assert!(out.contains("Nothing to prune"), "{out}");

    // What is kept is still guarded.
    db.store
        .edit(7, Column::CaseWorker, Some("someone-else"))
        .await
        .unwrap();
    let run = db.audit(&["verify", "--key", &public]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("First broken record: seq 7:"),
        "{}",
        run.stdout
    );
}

async fn a_prune_refuses_a_chain_that_does_not_verify(db: &TestDb) {
    let (secret, public) = prepared(db).await;
    db.store
        .edit(2, Column::CaseWorker, Some("someone-else"))
        .await
        .unwrap();
    let run: Run = db.audit(&[
        "prune",
        "--before",
        "2026-01-01",
        "--apply",
        "--signing-key",
        &secret,
        "--key",
        &public,
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("does not verify"), "{}", run.stderr);
    assert_eq!(db.store.count().await.unwrap(), 10, "nothing was removed");
    assert!(db.store.prune_anchors().await.unwrap().is_empty());
}

/// `audit.retention_days` is the period when no option names one.
async fn the_retention_setting_is_the_default_period(db: &TestDb) {
    let p = person(2);
    let now = Timestamp::now();
    for (i, days_ago) in [400, 300, 10, 1].into_iter().enumerate() {
        let mut record = Spec::query("2026-03-02T09:00:00Z", "hl-1", &p).record(i + 1);
        record.at = now.checked_sub((days_ago * 24).hours()).unwrap();
        db.store.append(record).await.unwrap();
    }
    let secret = signing_key(db);
    let public = db.public_key();
    let output = Command::new(env!("CARGO_BIN_EXE_underlag"))
        .args([
            "audit",
            "--database",
            db.url(),
            "prune",
            "--apply",
            "--signing-key",
            &secret,
            "--key",
            &public,
        ])
        .current_dir(db.dir())
        .env_remove("UNDERLAG_CONFIG")
        .env("UNDERLAG__AUDIT__RETENTION_DAYS", "30")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("Pruned 2 records (through seq 2)"),
        "{stdout}"
    );
    // Without the setting and without an option, nothing is pruned.
    let run = db.audit(&["prune", "--signing-key", &secret]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no retention period"), "{}", run.stderr);
}

underlag_test_support::on_both_backends!(
    a_prune_is_dry_by_default_then_verifies_and_is_audited,
    a_prune_refuses_a_chain_that_does_not_verify,
    the_retention_setting_is_the_default_period,
);

/// A backup taken while the gateway serves (and appends) is a consistent database: restored
/// into a fresh data directory, `audit verify` accepts it with the gateway's published key.
#[tokio::test]
async fn a_backup_of_a_live_sqlite_store_restores_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live");
    let db = live.join("audit.db");
    let url = format!("sqlite://{}", db.display());
    let app = TestApp::builder()
        .sqlite_file(&db)
        .settings(|s| s.audit.checkpoint_every_records = 2)
        .start()
        .await;
    let period = app.last_year();
    let persons: Vec<String> = app
        .population()
        .persons()
        .iter()
        .take(6)
        .map(|p| p.personnummer.expose().to_owned())
        .collect();
    for (i, p) in persons.iter().take(3).enumerate() {
        let mut body = query(p, period.clone());
        body["case_id"] = format!("EB-BK-{i}").into();
        assert_eq!(app.post_query(&body).await.status, 200);
    }
    let before_backup = app.gateway.store.count().await.unwrap();

    // The backup runs as another process while the gateway keeps answering.
    let backup = dir.path().join("backup.db");
    let backup_text = backup.display().to_string();
    let cwd = dir.path().to_owned();
    let url_for_backup = url.clone();
    let backup_run = tokio::task::spawn_blocking(move || {
        underlag(
            &[
                "audit",
                "--database",
                &url_for_backup,
                "backup",
                "--to",
                &backup_text,
            ],
            &cwd,
        )
    });
    for (i, p) in persons.iter().enumerate().skip(3) {
        let mut body = query(p, period.clone());
        body["case_id"] = format!("EB-BK-{i}").into();
        assert_eq!(app.post_query(&body).await.status, 200);
    }
    let run = backup_run.await.unwrap();
    let out = run.ok();
    assert!(out.contains("Backed up"), "{out}");
    app.stop().await;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&backup).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the backup holds personnummer: {mode:o}");
    }
    // A backup never overwrites.
    let again = underlag(
        &[
            "audit",
            "--database",
            &url,
            "backup",
            "--to",
            &backup.display().to_string(),
        ],
        dir.path(),
    );
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("exists already"), "{}", again.stderr);

    // Restore: the copy becomes the database of a fresh data directory.
    let restored = dir.path().join("restored");
    std::fs::create_dir_all(restored.join("underlag-data")).unwrap();
    std::fs::copy(&backup, restored.join("underlag-data/audit.db")).unwrap();
    let public = live.join("audit-signing.pub").display().to_string();
    let restored_text = restored.display().to_string();
    let run = underlag(
        &[
            "audit",
            "--data-dir",
            &restored_text,
            "verify",
            "--key",
            &public,
        ],
        dir.path(),
    );
    let out = run.ok();
    assert!(out.lines().any(|l| l == "OK"), "{out}");
    let checked: u64 = out
        .lines()
        .find_map(|l| l.strip_prefix("Records checked: "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        checked >= before_backup,
        "the copy holds at least what was there when it started: {checked} < {before_backup}"
    );
}

/// PostgreSQL is backed up with pg_dump: the command says so rather than doing half a job.
#[tokio::test]
async fn a_backup_of_postgres_points_to_pg_dump() {
    let dir = tempfile::tempdir().unwrap();
    let run = underlag(
        &[
            "audit",
            "--database",
            "postgres://nobody@127.0.0.1:1/none",
            "backup",
            "--to",
            "x.db",
        ],
        dir.path(),
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("pg_dump"), "{}", run.stderr);
}
