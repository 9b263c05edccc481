//! The case binding with `serve`'s defaults, and household reads in the audit tools: a
//! gateway started exactly as `underlag serve` starts it refuses a query on a case whose
//! household was not registered; a household read is listed by `underlag audit person` and
//! the export.

use serde_json::{Value, json};
use underlag::settings::Settings;
use underlag_audit::AuditKind;
use underlag_domain::Organisationsnummer;
use underlag_test_support::fixtures::household;
use underlag_test_support::{Doorway, TestApp};

use super::{BindingApp, KOMMUN, start};

/// Defect: `auto_register_first_query = true` was in the built-in defaults `serve` uses, so
/// any caller passing the organisation check could look anyone up by inventing a case id.
#[tokio::test]
async fn serve_defaults_refuse_unregistered_case() {
    // `underlag serve` with no configuration file: the built-in defaults, wired to the
    // simulated agencies on loopback.
    let defaults = Settings::load(None).unwrap();
    assert!(!defaults.binding.auto_register_first_query);
    let stack = TestApp::builder()
        .auto_register(defaults.binding.auto_register_first_query)
        .start()
        .await;
    let person = stack.all_sources_person();
    let mut body = stack.query(&person);
    body["case_id"] = json!("EB-SERVE-1");
    let before = stack.head().await;
    let response = stack.post_query(&body).await;
    assert_eq!(response.status, 403);
    let problem = response.body;
    assert_eq!(problem["type"], "urn:underlag:problem:refused-case_unknown");
    assert_eq!(problem["field"], "case_id");
    assert!(!problem.to_string().contains(person.expose()));

    // Audited as a refused attempt, and no case was registered.
    let records = stack.records().await;
    let records = &records[before as usize..];
    assert_eq!(
        records.len(),
        1,
        "one record, the refusal, and no admin change"
    );
    assert_eq!(records[0].kind, AuditKind::Refused);
    assert_eq!(records[0].refusal.as_deref(), Some("case_unknown"));
    assert_eq!(records[0].case_id, "EB-SERVE-1");
    assert_eq!(records[0].subject.as_ref(), Some(&person));
    let org = Organisationsnummer::parse(KOMMUN).unwrap();
    let case = stack
        .gateway
        .registry
        .case(&org, "EB-SERVE-1")
        .await
        .unwrap();
    assert!(case.is_none());

    // Once the case system registers the household, the same query is answered.
    let registered = stack
        .put_household(
            "EB-SERVE-1",
            &household(KOMMUN, &[person.expose()], "hl-e2e"),
        )
        .await;
    assert_eq!(registered.status, 200);
    let response = stack.post_query(&body).await;
    assert_eq!(response.status, 200);
    stack.stop().await;
}

/// Runs the real `underlag audit ARGS --database URL`; standard output.
fn audit(database: &str, args: &[&str]) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_underlag"))
        .args(["audit", "--database", database])
        .args(args)
        .env_remove("UNDERLAG_CONFIG")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "underlag audit {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Defect: household reads were missing from `audit person` ("who looked me up") and from
/// the export.
#[tokio::test]
async fn household_read_is_listed_by_audit_person() {
    let stack = start(&[]).await;
    let population = stack.sim.population();
    let applicant = stack.person();
    let partner = population
        .persons()
        .iter()
        .find(|p| p.personnummer != applicant)
        .unwrap()
        .personnummer
        .clone();
    let case = stack
        .put_household(
            "EB-LAS-1",
            &household(
                KOMMUN,
                &[applicant.expose(), partner.expose()],
                "hl-registrerar",
            ),
        )
        .await;
    assert_eq!(case.status, 200, "{}", case.text);
    let response = stack
        .get_case(
            "EB-LAS-1",
            &format!(
                "organisation={KOMMUN}&case_worker=hl-laser\
                 &purpose=EKB-KONTROLL&legal_basis=11%20kap.%2011%20%C2%A7%20SoL"
            ),
        )
        .await;
    assert_eq!(response.status, 200);
    let read: Value = response.body;
    assert_eq!(read["household"].as_array().unwrap().len(), 2);

    // "Who looked me up": the read is listed for each person read, with who, why and where.
    for person in [&applicant, &partner] {
        let text = audit(stack.database_url(), &["person", person.expose()]);
        assert!(text.contains("case_read via rest"), "{text}");
        assert!(text.contains("hl-laser"), "{text}");
        assert!(text.contains("EB-LAS-1"), "{text}");
        assert!(text.contains("EKB-KONTROLL"), "{text}");
        let rows: Value = serde_json::from_str(&audit(
            stack.database_url(),
            &["person", person.expose(), "--format", "json"],
        ))
        .unwrap();
        let reads: Vec<&Value> = rows
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["kind"] == "case_read")
            .collect();
        assert_eq!(reads.len(), 1, "{rows:#}");
        assert_eq!(reads[0]["case_worker"], "hl-laser");
        assert_eq!(reads[0]["organisation"], KOMMUN);
        assert_eq!(reads[0]["person"], person.expose());
    }
    // The log follow-up extract lists both, the registration (admin) not at all.
    let rows: Value = serde_json::from_str(&audit(
        stack.database_url(),
        &["export", "--format", "json", "--case-worker", "hl-laser"],
    ))
    .unwrap();
    let kinds: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["case_read", "case_read"]);
    let registrar: Value = serde_json::from_str(&audit(
        stack.database_url(),
        &[
            "export",
            "--format",
            "json",
            "--case-worker",
            "hl-registrerar",
        ],
    ))
    .unwrap();
    assert_eq!(registrar, json!([]), "a household change is no lookup");
    stack.stop().await;
}
