//! The gateway signs checkpoints at the configured interval and at shutdown, with a key it
//! creates on first start (mode 0600) and publishes beside it.

use underlag_test_support::fixtures::query;
use underlag_test_support::{Doorway, TestApp};

use crate::audit_cli::underlag;

#[tokio::test]
async fn the_gateway_checkpoints_every_n_records_and_at_shutdown() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("audit.db");
    let url = format!("sqlite://{}", db.display());
    let demo = TestApp::builder()
        .sqlite_file(&db)
        .settings(|s| {
            s.audit.checkpoint_every_records = 3;
            s.audit.checkpoint_every_seconds = 3600;
        })
        .start()
        .await;

    let period = demo.last_year();
    for (i, p) in demo.population().persons().iter().take(7).enumerate() {
        // One case per person: the demo registers a case's household at its first query.
        let mut body = query(p.personnummer.expose(), period.clone());
        body["case_id"] = format!("EB-CP-{i}").into();
        let response = demo.post_query(&body).await;
        assert_eq!(response.status, 200, "{}", response.text);
    }
    let store = demo.gateway.store.clone();
    demo.stop().await;

    let store2 = underlag_store::open_store(&url).await.unwrap();
    let checkpoints = store2.checkpoints().await.unwrap();
    let records = store2.records(1, 10_000).await.unwrap();
    drop(store);
    let queries = records
        .iter()
        .filter(|r| r.record.kind == underlag_audit::AuditKind::Query)
        .count();
    assert_eq!(queries, 7);
    // Registry changes (administrative records) may sit in the chain beside the queries.
    let head = records.last().unwrap().seq;
    assert!(
        checkpoints.len() >= 2,
        "at least one by count and one at shutdown: {checkpoints:?}"
    );
    assert_eq!(
        checkpoints.last().unwrap().seq,
        head,
        "shutdown covers the head"
    );
    assert!(
        checkpoints.iter().any(|c| c.seq >= 3 && c.seq < head),
        "{checkpoints:?}"
    );
    store2.close().await;

    // The key was created on first start, private, with its public half beside it.
    let secret = dir.path().join("audit-signing.key");
    let public = dir.path().join("audit-signing.pub");
    let key = underlag_store::keyfile::load_signing_key(&secret).unwrap();
    assert_eq!(
        underlag_store::keyfile::load_verifying_key(&public).unwrap(),
        key.verifying_key()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&secret).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0);
    }

    // `audit verify` finds the published key beside the database by default.
    let run = underlag(&["audit", "--database", &url, "verify"], dir.path());
    let out = run.ok();
    assert!(out.contains(&format!("Records checked: {head}")), "{out}");
    assert!(
        out.contains(&format!("Checkpoints checked: {}", checkpoints.len())),
        "{out}"
    );
    assert!(out.lines().any(|l| l == "OK"), "{out}");
}
