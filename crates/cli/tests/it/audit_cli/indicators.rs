//! `audit indicators` flags constructed off-hours lookups and a case worker over the per-day
//! threshold, and lookups outside any open case as the case registry in the same database
//! says.

use std::collections::BTreeSet;

use serde_json::Value;
use underlag_audit::{AuditKind, Channel};
use underlag_registry::Case;
use underlag_store::Change;
use underlag_test_support::TestDb;
use underlag_test_support::fixtures::{exempelkommun, exempelkommun_organisation};

use crate::audit_cli::{AuditCli, Spec, fill, person};

fn case(n: u32) -> &'static str {
    Box::leak(format!("EB-{n}").into_boxed_str())
}

/// seq 1–2: off hours (Tuesday 22:30, Saturday 11:00 local); seq 3–28: 26 distinct persons
/// by `hl-busy` on Wednesday; seq 29–53: 25 by `hl-steady` the same day.
async fn constructed(db: &TestDb) {
    let mut specs = vec![
        Spec::query("2026-03-03T21:30:00Z", "hl-night", &person(90)),
        Spec::query("2026-03-07T10:00:00Z", "hl-night", &person(91)),
    ];
    for (worker, n) in [("hl-busy", 26), ("hl-steady", 25)] {
        for i in 1..=n {
            let mut s = Spec::query("2026-03-04T09:00:00Z", worker, &person(i));
            s.case_id = case(i);
            specs.push(s);
        }
    }
    specs[0].case_id = case(90);
    specs[1].case_id = case(91);
    fill(db, &specs).await;
}

async fn off_hours_and_the_daily_threshold_are_flagged(db: &TestDb) {
    constructed(db).await;
    let json: Value =
        serde_json::from_str(db.audit(&["indicators", "--format", "json"]).ok()).unwrap();
    assert_eq!(json["records_examined"], 53);
    assert_eq!(json["not_checked"], serde_json::json!([]));
    // No case is registered, so every lookup is outside an open case (tested on its own
    // below); the other indicators:
    let findings = without_open_case_check(&json);
    assert_eq!(findings.len(), 2, "{json:#}");
    let off = &findings[0];
    assert_eq!(off["indicator"], "off_hours");
    assert_eq!(off["scope"]["case_worker"], "hl-night");
    assert_eq!(off["scope"]["organisation"], "2120000142");
    assert_eq!(off["count"], 2);
    assert_eq!(off["seqs"], serde_json::json!([1, 2]));
    let busy = &findings[1];
    assert_eq!(busy["indicator"], "many_persons_per_day");
    assert_eq!(busy["scope"]["case_worker"], "hl-busy");
    assert_eq!(busy["scope"]["day"], "2026-03-04");
    assert_eq!(
        (busy["count"].as_u64(), busy["threshold"].as_u64()),
        (Some(26), Some(25))
    );
    assert_eq!(
        busy["seqs"],
        serde_json::json!((3..=28).collect::<Vec<u64>>())
    );

    let text = db.audit(&["indicators"]);
    let out = text.ok();
    assert!(out.contains("53 records examined"), "{out}");
    assert!(
        out.contains("Lookups outside office hours: 1 findings\n  organisation 2120000142, case worker hl-night: 2 records; seq 1, 2\n"),
        "{out}"
    );
    assert!(
        out.contains("more than 25 distinct persons in one day: 1 findings\n  organisation 2120000142, case worker hl-busy, 2026-03-04: 26 persons; seq 3, 4,"),
        "{out}"
    );
    assert!(
        out.contains("Lookups outside any open case: 3 findings"),
        "{out}"
    );
    assert!(!out.contains("case worker hl-steady, 2026-03-04"), "{out}");

    // One local day: the off-hours lookups on other days drop out.
    let json: Value = serde_json::from_str(
        db.audit(&[
            "indicators",
            "--from",
            "2026-03-04",
            "--to",
            "2026-03-04",
            "--format",
            "json",
        ])
        .ok(),
    )
    .unwrap();
    let kinds: Vec<&str> = without_open_case_check(&json)
        .iter()
        .map(|f| f["indicator"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["many_persons_per_day"]);
    assert_eq!(json["records_examined"], 51);
}

/// The findings of every indicator but the open-case check.
fn without_open_case_check(json: &Value) -> Vec<&Value> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["indicator"] != "outside_open_case")
        .collect()
}

/// A change made at a fixed instant (the registry takes a case's opening and closing time
/// from its change).
fn change_at(at: &str) -> Change {
    Change {
        id: format!("admin-{at}"),
        at: at.parse().unwrap(),
        channel: Channel::Cli,
        actor: "admin".into(),
    }
}

/// Defect: the "outside any open case" indicator said the registry was not connected. Now it
/// reads the registry in the audit database: a lookup is inside when the case is the
/// organisation's, was open at the lookup's time, and holds the person.
async fn outside_open_case_reads_the_case_registry(db: &TestDb) {
    let stores = underlag_store::open_stores(db.url()).await.unwrap();
    let org = exempelkommun_organisation();
    let connection = exempelkommun();
    let registry = &stores.registry;
    let opened = change_at("2026-03-01T08:00:00Z");
    registry.add_connection(&connection, &opened).await.unwrap();
    for (case_id, persons) in [
        ("EB-OPEN", vec![person(1), person(2)]),
        ("EB-CLOSED", vec![person(3)]),
    ] {
        let case = Case {
            organisation: org.clone(),
            case_id: case_id.into(),
            household: persons.into_iter().collect::<BTreeSet<_>>(),
            opened_at: opened.at,
            closed_at: None,
        };
        registry.open_case(&case, &opened).await.unwrap();
    }
    registry
        .close_case(&org, "EB-CLOSED", &change_at("2026-03-03T12:00:00Z"))
        .await
        .unwrap();
    let admin = stores.audit.count().await.unwrap();
    stores.audit.close().await;

    let lookup = |at, case_worker, case_id, n: u32, kind| Spec {
        case_id,
        kind,
        ..Spec::query(at, case_worker, &person(n))
    };
    let (query, read) = (AuditKind::Query, AuditKind::CaseRead);
    let specs = [
        lookup("2026-03-02T09:00:00Z", "hl-ok", "EB-OPEN", 1, query),
        lookup("2026-03-02T09:01:00Z", "hl-ok", "EB-OPEN", 2, read),
        lookup("2026-03-02T09:02:00Z", "hl-ok", "EB-CLOSED", 3, query),
        // Not in the household; no such case; after the case closed; before it opened.
        lookup("2026-03-02T09:03:00Z", "hl-snoop", "EB-OPEN", 3, query),
        lookup("2026-03-02T09:04:00Z", "hl-snoop", "EB-NONE", 1, read),
        lookup("2026-03-04T09:00:00Z", "hl-late", "EB-CLOSED", 3, query),
        lookup("2026-02-27T09:00:00Z", "hl-early", "EB-OPEN", 1, read),
    ];
    fill(db, &specs).await;
    let seq = |i: u64| admin + i;

    let json: Value =
        serde_json::from_str(db.audit(&["indicators", "--format", "json"]).ok()).unwrap();
    let outside: Vec<(String, Vec<u64>)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["indicator"] == "outside_open_case")
        .map(|f| {
            (
                f["scope"]["case_worker"].as_str().unwrap().to_owned(),
                serde_json::from_value(f["seqs"].clone()).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        outside,
        [
            ("hl-snoop".to_owned(), vec![seq(4), seq(5)]),
            ("hl-early".to_owned(), vec![seq(7)]),
            ("hl-late".to_owned(), vec![seq(6)]),
        ],
        "{json:#}"
    );
    let text = db.audit(&["indicators"]);
    assert!(
        text.ok().contains(&format!(
            "Lookups outside any open case: 3 findings\n  organisation 2120000142, case worker hl-snoop: 2 records; seq {}, {}\n",
            seq(4),
            seq(5)
        )),
        "{}",
        text.ok()
    );
}

underlag_test_support::on_both_backends!(
    off_hours_and_the_daily_threshold_are_flagged,
    outside_open_case_reads_the_case_registry
);

#[tokio::test]
async fn thresholds_come_from_the_configuration() {
    let db = TestDb::sqlite().await;
    constructed(&db).await;
    let config = db.path("underlag.toml");
    std::fs::write(
        &config,
        "[audit.indicators]\nmax_persons_per_case_worker_per_day = 30\nweekends_off = false\n",
    )
    .unwrap();
    let json: Value = serde_json::from_str(
        db.audit(&[
            "indicators",
            "--format",
            "json",
            "--config",
            &config.display().to_string(),
        ])
        .ok(),
    )
    .unwrap();
    let findings = without_open_case_check(&json);
    assert_eq!(findings.len(), 1, "{json:#}");
    assert_eq!(
        findings[0]["seqs"],
        serde_json::json!([1]),
        "Saturday is inside now"
    );
}
