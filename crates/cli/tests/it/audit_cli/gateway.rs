//! The gateway signs checkpoints at the configured interval and at shutdown, with a key it
//! creates on first start (mode 0600) and publishes beside it.

use std::time::Duration;

use underlag::commands::demo::Demo;
use underlag::settings::Settings;
use underlag_sim::SimConfig;

use crate::audit_cli::underlag;
use crate::harness::request;

#[tokio::test]
async fn the_gateway_checkpoints_every_n_records_and_at_shutdown() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("audit.db");
    let url = format!("sqlite://{}", db.display());
    let mut settings = Settings::load(None).unwrap();
    settings.server.listen = "127.0.0.1:0".into();
    settings.database.url = url.clone();
    settings.query.deadline_ms = 1500;
    settings.query.source_timeout_ms = 1200;
    settings.audit.checkpoint_every_records = 3;
    settings.audit.checkpoint_every_seconds = 3600;
    let demo = Demo::start_with(settings, SimConfig::default())
        .await
        .unwrap();

    let population = demo.sim.population();
    let today = population.reference_date();
    let period = (
        today.saturating_sub(jiff::Span::new().years(1)).to_string(),
        today.yesterday().unwrap().to_string(),
    );
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let url_q = format!("{}/api/v1/queries", demo.gateway.url());
    for (i, p) in population.persons().iter().take(7).enumerate() {
        // One case per person: the demo registers a case's household at its first query.
        let mut body = request(p.personnummer.expose(), period.clone());
        body["case_id"] = format!("EB-CP-{i}").into();
        let response = client.post(&url_q).json(&body).send().await.unwrap();
        let status = response.status();
        assert_eq!(status, 200, "{}", response.text().await.unwrap());
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
