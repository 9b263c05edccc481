//! `audit verify` passes on an untouched store and names the first broken record after each
//! kind of tampering; `audit checkpoint --export` files catch what the stored checkpoints
//! cannot.

use underlag_store::tamper::{Column, Step};
use underlag_test_support::TestDb;

use crate::audit_cli::{AuditCli, Run, Spec, fill_plain, key, person};

/// Ten records, a checkpoint at 10, and the published key in the test folder.
async fn prepared(db: &TestDb) -> String {
    fill_plain(db, 10).await;
    db.store.checkpoint(&key()).await.unwrap();
    db.public_key()
}

fn verify(db: &TestDb, public: &str) -> Run {
    db.audit(&["verify", "--key", public])
}

/// Asserts exit code 1 and that the report names `seq` as the first broken record.
fn assert_broken_at(run: &Run, seq: u64) {
    assert_eq!(
        run.code, 1,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("First broken record:"))
        .unwrap_or_else(|| panic!("no broken record reported:\n{}", run.stdout));
    assert!(
        line.starts_with(&format!("First broken record: seq {seq}:")),
        "expected seq {seq}: {line}"
    );
    assert!(!run.stdout.lines().any(|l| l == "OK"));
}

async fn untouched_store_verifies(db: &TestDb) {
    let public = prepared(db).await;
    let run = verify(db, &public);
    let out = run.ok();
    assert!(out.contains("Records checked: 10"), "{out}");
    assert!(
        out.contains("Checkpoints checked: 1 (1 stored, 0 from files)"),
        "{out}"
    );
    assert!(out.lines().any(|l| l == "OK"), "{out}");
    // A key that did not sign the checkpoint does not accept it, and says that the key is
    // wrong rather than naming a broken record (regression, issue 15: "First broken record:
    // seq 10" read as tampering).
    let other = db.path("other.pub");
    std::fs::write(
        &other,
        underlag_audit::SigningKey::from_seed([12; 32])
            .verifying_key()
            .to_hex(),
    )
    .unwrap();
    let run = verify(db, &other.display().to_string());
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("Wrong key"), "{}", run.stdout);
    assert!(run.stderr.contains("wrong verifying key"), "{}", run.stderr);
    assert!(
        !run.stdout.contains("First broken record"),
        "{}",
        run.stdout
    );
}

async fn edited_field_is_pinpointed(db: &TestDb) {
    let public = prepared(db).await;
    db.store
        .edit(4, Column::CaseWorker, Some("someone-else"))
        .await
        .unwrap();
    let run = verify(db, &public);
    assert_broken_at(&run, 4);
    assert!(
        run.stdout.contains("do not match its hash"),
        "{}",
        run.stdout
    );
}

async fn deleted_record_is_pinpointed(db: &TestDb) {
    let public = prepared(db).await;
    db.store.delete(6).await.unwrap();
    let run = verify(db, &public);
    assert_broken_at(&run, 6);
    assert!(run.stdout.contains("missing"), "{}", run.stdout);
}

async fn inserted_record_is_pinpointed(db: &TestDb) {
    let public = prepared(db).await;
    let forged = Spec::query("2026-03-02T09:30:00Z", "hl-9", &person(9)).record(99);
    db.store.insert_forged(4, forged).await.unwrap();
    // The forged record at 5 is well formed; the displaced original at 6 no longer fits.
    assert_broken_at(&verify(db, &public), 6);
}

async fn swapped_records_are_pinpointed(db: &TestDb) {
    let public = prepared(db).await;
    db.store.swap(3, 7).await.unwrap();
    assert_broken_at(&verify(db, &public), 3);
}

async fn truncated_tail_is_pinpointed(db: &TestDb) {
    let public = prepared(db).await;
    db.store.truncate_from(8).await.unwrap();
    let run = verify(db, &public);
    assert_broken_at(&run, 8);
    assert!(run.stdout.contains("truncated"), "{}", run.stdout);
    assert!(run.stdout.contains("Records checked: 7"), "{}", run.stdout);
}

/// An attacker who also deletes the stored checkpoints is caught by an exported one.
async fn exported_checkpoints_catch_what_the_database_lost(db: &TestDb) {
    fill_plain(db, 10).await;
    let secret = db.path("audit-signing.key");
    std::fs::write(&secret, key().to_pem().unwrap()).unwrap();
    let public = db.public_key();
    let exported = db.path("checkpoint.json");
    let run = db.audit(&[
        "checkpoint",
        "--sign",
        "--signing-key",
        &secret.display().to_string(),
        "--export",
        &exported.display().to_string(),
    ]);
    assert!(
        run.ok().contains("Latest checkpoint: seq 10"),
        "{}",
        run.stdout
    );
    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(
        text.contains("\"format\":\"underlag-checkpoint-v1\""),
        "{text}"
    );
    // Showing without signing prints the same checkpoint.
    assert!(db.audit(&["checkpoint"]).ok().contains("seq 10"));

    db.store.truncate_from(8).await.unwrap();
    db.store
        .run(
            vec![Step::Sql("DELETE FROM audit_checkpoint".into(), vec![])],
            true,
        )
        .await
        .unwrap();
    // The database alone no longer shows the cut…
    let alone = verify(db, &public);
    assert!(alone.ok().lines().any(|l| l == "OK"));
    // …the off-site checkpoint does.
    let run = db.audit(&[
        "verify",
        "--key",
        &public,
        "--checkpoints",
        &exported.display().to_string(),
    ]);
    assert_broken_at(&run, 8);
    assert!(
        run.stdout.contains("(0 stored, 1 from files)"),
        "{}",
        run.stdout
    );
}

underlag_test_support::on_both_backends!(
    untouched_store_verifies,
    edited_field_is_pinpointed,
    deleted_record_is_pinpointed,
    inserted_record_is_pinpointed,
    swapped_records_are_pinpointed,
    truncated_tail_is_pinpointed,
    exported_checkpoints_catch_what_the_database_lost,
);

#[tokio::test]
async fn a_missing_database_or_key_is_an_error_not_an_ok() {
    let dir = tempfile::tempdir().unwrap();
    let missing = format!("sqlite://{}", dir.path().join("nothing.db").display());
    std::fs::write(dir.path().join("k.pub"), key().verifying_key().to_hex()).unwrap();
    let run = crate::audit_cli::underlag(
        &["audit", "--database", &missing, "verify", "--key", "k.pub"],
        dir.path(),
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no audit database"), "{}", run.stderr);
    assert!(
        !dir.path().join("nothing.db").exists(),
        "not created by verify"
    );
    let db = TestDb::sqlite().await;
    fill_plain(&db, 1).await;
    let run = db.audit(&["verify"]);
    assert_eq!(run.code, 1, "no published key beside the database");
    assert!(run.stderr.contains("verifying key"), "{}", run.stderr);
}

/// `checkpoint --export -` writes the checkpoint line to standard output, and no file `-`.
#[tokio::test]
async fn exporting_to_a_dash_writes_standard_output() {
    let db = TestDb::sqlite().await;
    fill_plain(&db, 3).await;
    db.store.checkpoint(&key()).await.unwrap();
    let run = db.audit(&["checkpoint", "--export", "-"]);
    let out = run.ok();
    let line: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(line["format"], "underlag-checkpoint-v1", "{out}");
    assert_eq!(line["seq"], 3);
    assert_eq!(out.lines().count(), 1, "only the checkpoint: {out}");
    assert!(!db.path("-").exists(), "no file named -");
}

/// After `rotate-key`, the checkpoints signed with the old key and the new one all verify,
/// each under its own published key (the retired one kept beside the new).
#[tokio::test]
async fn after_key_rotation_old_and_new_checkpoints_verify() {
    let db = TestDb::sqlite().await;
    fill_plain(&db, 4).await;
    let secret = db.path("audit-signing.key");
    std::fs::write(&secret, key().to_pem().unwrap()).unwrap();
    db.public_key();
    db.audit(&["checkpoint", "--sign"]).ok();
    let rotated = db.audit(&["rotate-key"]);
    assert!(
        rotated.ok().contains("Old verifying key kept as"),
        "{}",
        rotated.stdout
    );
    let retired: Vec<_> = std::fs::read_dir(db.dir())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("audit-signing.retired-")
        })
        .collect();
    assert_eq!(retired.len(), 1, "the old verifying key is kept");
    let new_public = std::fs::read_to_string(db.path("audit-signing.pub")).unwrap();
    assert_ne!(
        new_public,
        key().verifying_key().to_pem().unwrap(),
        "a new key was made"
    );
    fill_plain(&db, 2).await;
    db.audit(&["checkpoint", "--sign"]).ok();
    let run = db.audit(&["verify"]);
    let out = run.ok();
    assert!(out.contains("Checkpoints checked: 3"), "{out}");
    assert!(out.lines().any(|l| l == "OK"), "{out}");
    // The new key alone does not vouch for the old checkpoints.
    let alone = verify(&db, &db.path("audit-signing.pub").display().to_string());
    assert_eq!(alone.code, 1, "{}", alone.stdout);
}
