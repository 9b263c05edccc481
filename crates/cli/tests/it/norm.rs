//! `underlag norm`: compute a household file, refuse a year without a verified table, import
//! the official table (source recorded, cells far from the uplifts flagged), list tables.

use std::process::{Command, Output};

fn norm(tables: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_underlag"))
        .arg("norm")
        .arg("--tables")
        .arg(tables)
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the underlag binary runs")
}

const SINGLE_2025: &str = r#"
month = "2025-03"
members = [{ label = "Sökande", age = 40 }]
costs = [{ kind = "housing", amount = 5000 }]
incomes = [{ member = 0, code = "Lon", amount = "2000.50", employment = true }]
"#;

const TABLE_2025: &str = r#"
year = 2025
source = "SFS 2024:9999 (testdata, inte en verklig författning)"
amounts = { child_under_1 = 2710, child_1_2 = 3000, child_3 = 2690, child_4_6 = 3020, child_7_10 = 3770, child_11_14 = 4340, child_15_18 = 4890, youth_19_20 = 4940, single_adult = 3900, couple = 7090, common_1 = 1270, common_2 = 1400, common_3 = 1770, common_4 = 1990, common_5 = 2300, common_6 = 2600, common_7 = 2810 }
"#;

#[test]
fn compute_a_2026_household_file_shows_the_known_total_and_every_explanation() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hushall.json");
    std::fs::write(
        &file,
        r#"{"month":"2026-11","members":[{"label":"Vuxen 1","age":40,"partner":true},{"label":"Vuxen 2","age":38,"partner":true}]}"#,
    )
    .unwrap();
    let out = norm(
        &dir.path().join("tables"),
        &["compute", file.to_str().unwrap()],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("8\u{a0}510 kr"), "{stdout}");
    assert!(stdout.contains("Regel: riksnorm.hushall"), "{stdout}");
    assert!(stdout.contains("en handläggare beslutar"), "{stdout}");
}

#[test]
fn a_year_without_a_table_is_refused_until_imported_and_then_computes_with_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let tables = dir.path().join("tables");
    let household = dir.path().join("hushall.toml");
    std::fs::write(&household, SINGLE_2025).unwrap();
    let refused = norm(&tables, &["compute", household.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("Riksnormen för 2025"), "{stderr}");
    assert!(stderr.contains("underlag norm import"), "{stderr}");

    let table = dir.path().join("riksnorm-2025.toml");
    std::fs::write(&table, TABLE_2025).unwrap();
    let imported = norm(&tables, &["import", table.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&imported.stdout);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    assert!(
        stdout.contains("Riksnormen för 2025 inläst (17 belopp)"),
        "{stdout}"
    );
    // The couple cell is 50 kr above the 2023 table raised by 8.7 % and 2.8 %.
    assert!(
        stdout.contains("Sambor, två vuxna: inläst 7\u{a0}090 kr, uppräknat 7\u{a0}040 kr"),
        "{stdout}"
    );

    let computed = norm(&tables, &["compute", household.to_str().unwrap(), "--json"]);
    assert!(
        computed.status.success(),
        "{}",
        String::from_utf8_lossy(&computed.stderr)
    );
    let calc: serde_json::Value = serde_json::from_slice(&computed.stdout).unwrap();
    assert_eq!(calc["rule_version"]["riksnorm_status"], "imported");
    assert_eq!(calc["norm"]["total"], "5170.00");
    let provenance = calc["norm"]["lines"][0]["explanation"]["inputs"][0]["provenance"]
        .as_str()
        .unwrap();
    assert!(provenance.contains("SFS 2024:9999"), "{provenance}");
    assert_eq!(
        calc["incomes"][0]["origin"]["entered_by"],
        "operatör via CLI"
    );

    let listed = norm(&tables, &["tables"]);
    let stdout = String::from_utf8_lossy(&listed.stdout);
    assert!(stdout.contains("2025  inläst officiell tabell"), "{stdout}");
    assert!(stdout.contains("2024  inte verifierad"), "{stdout}");
}

#[test]
fn a_bad_household_file_names_the_field_not_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let household = dir.path().join("hushall.toml");
    std::fs::write(
        &household,
        "month = \"2021-05\"\nmembers = [{ label = \"Sökande\", age = 40 }]\ncosts = [{ kind = \"housing\", amount = \"12x34\" }]\n",
    )
    .unwrap();
    let out = norm(
        &dir.path().join("t"),
        &["compute", household.to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("costs[0].amount"), "{stderr}");
    assert!(!stderr.contains("12x34"), "{stderr}");
}

/// The household the gateway is asked to compute for March 2025: a year the built-in rules
/// refuse until its table is imported.
fn rest_calculation_2025() -> serde_json::Value {
    serde_json::json!({
        "organisation": "2120000142",
        "case_id": "EB-NORM-E2E",
        "case_worker": "handlaggare01",
        "household": {
            "month": "2025-03",
            "members": [{ "label": "Sökande", "age": 40 }],
            "costs": [{ "kind": "housing", "amount": 5000 }]
        }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_into_the_database_is_in_force_for_rest_at_once_with_its_source() {
    use underlag_test_support::TestApp;
    let app = TestApp::start().await;
    let endpoint = format!("{}/api/v1/norm/calculations", app.url());
    let refused = app
        .client()
        .post(&endpoint)
        .json(&rest_calculation_2025())
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let problem: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(
        problem["type"],
        "urn:underlag:problem:norm-rules-unavailable"
    );

    let table = app.dir().join("riksnorm-2025.toml");
    std::fs::write(&table, TABLE_2025).unwrap();
    let imported = Command::new(env!("CARGO_BIN_EXE_underlag"))
        .args(["norm", "import"])
        .arg(&table)
        .args(["--database", app.database_url(), "--actor", "operator01"])
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&imported.stdout);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    assert!(stdout.contains("i databasen (import "), "{stdout}");

    // The running gateway computes the year now, no restart, with the import's source.
    let created = app
        .client()
        .post(&endpoint)
        .json(&rest_calculation_2025())
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let location = created
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .unwrap();
    let body: serde_json::Value = created.json().await.unwrap();
    assert_eq!(
        location,
        format!("/api/v1/norm/calculations/{}", body["id"].as_str().unwrap())
    );
    assert_eq!(
        body["calculation"]["rule_version"]["riksnorm_status"],
        "imported"
    );
    assert!(
        body["calculation"]["norm"]
            .to_string()
            .contains("SFS 2024:9999"),
        "the provenance names the import's source: {}",
        body["calculation"]["norm"]
    );
    // Stored: read back through its Location.
    let stored: serde_json::Value = app
        .client()
        .get(format!("{}{location}?organisation=2120000142", app.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stored["checksum"], body["checksum"]);
    assert_eq!(stored["calculation"], body["calculation"]);

    // The import is an audited administrative record, the calculation a norm record.
    let records = app.records().await;
    let import = records
        .iter()
        .find(|r| r.refusal.as_deref() == Some("norm.table.import year=2025"))
        .expect("the import is audited");
    assert_eq!(import.case_worker, "operator01");
    assert!(
        records
            .iter()
            .any(|r| r.kind == underlag_audit::AuditKind::NormCalculation
                && r.refusal
                    .as_deref()
                    .is_some_and(|t| t.contains(body["checksum"].as_str().unwrap()))),
        "the calculation's record names its checksum"
    );
    // `norm tables` over the same database lists the import.
    let listed = Command::new(env!("CARGO_BIN_EXE_underlag"))
        .args(["norm", "tables", "--database", app.database_url()])
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    assert!(
        stdout.contains("2025") && stdout.contains("SFS 2024:9999"),
        "{stdout}"
    );
}
