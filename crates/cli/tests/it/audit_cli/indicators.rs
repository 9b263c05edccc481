//! `audit indicators` flags constructed off-hours lookups and a case worker over the per-day
//! threshold, and nothing else.

use serde_json::Value;

use crate::audit_cli::{Db, Spec, fill, on_both_backends, person};

fn case(n: u32) -> &'static str {
    Box::leak(format!("EB-{n}").into_boxed_str())
}

/// seq 1–2: off hours (Tuesday 22:30, Saturday 11:00 local); seq 3–28: 26 distinct persons
/// by `hl-busy` on Wednesday; seq 29–53: 25 by `hl-steady` the same day.
async fn constructed(db: &Db) {
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

async fn off_hours_and_the_daily_threshold_are_flagged(db: &Db) {
    constructed(db).await;
    let json: Value =
        serde_json::from_str(db.audit(&["indicators", "--format", "json"]).ok()).unwrap();
    assert_eq!(json["records_examined"], 53);
    assert_eq!(
        json["not_checked"],
        serde_json::json!(["outside_open_case"])
    );
    let findings = json["findings"].as_array().unwrap();
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
        out.contains("Lookups outside any open case: not checked"),
        "{out}"
    );
    assert!(!out.contains("hl-steady"), "{out}");

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
    let kinds: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["indicator"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["many_persons_per_day"]);
    assert_eq!(json["records_examined"], 51);
}

on_both_backends!(off_hours_and_the_daily_threshold_are_flagged);

#[tokio::test]
async fn thresholds_come_from_the_configuration() {
    let db = Db::sqlite().await;
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
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{json:#}");
    assert_eq!(
        findings[0]["seqs"],
        serde_json::json!([1]),
        "Saturday is inside now"
    );
}
