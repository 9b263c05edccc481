//! `underlag admin connection add-syfte / list-syfte / remove-syfte`: a registered free-text
//! syfte lets an unchanged case system's purpose through, audited with the purpose it mapped
//! to; every registry change is an `admin` audit record; after removal the text is refused.

use serde_json::json;
use underlag_audit::AuditKind;
use underlag_domain::SourceId;
use underlag_test_support::{Doorway, Reply};

use super::{BindingApp, KOMMUN, start};

const SYFTE: &str = "Beslut om eller kontroll av försörjningsstöd";

#[tokio::test]
async fn admin_registers_lists_and_removes_a_syfte_text() {
    let stack = start(&SourceId::ALL).await;
    let mut body = stack.body();
    body["purpose"] = json!(SYFTE);
    stack
        .assert_refused(body.clone(), "purpose_not_allowed", "purpose")
        .await;

    // A purpose code that is not configured is refused by the command.
    let bad = stack.admin_output(&[
        "connection",
        "add-syfte",
        KOMMUN,
        SYFTE,
        "--purpose",
        "EKB-OKAND",
    ]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--purpose"));

    stack.admin(&[
        "connection",
        "add-syfte",
        KOMMUN,
        SYFTE,
        "--purpose",
        "EKB-KONTROLL",
    ]);
    let listed = stack.admin_output(&["connection", "list-syfte", KOMMUN, "--json"]);
    assert!(listed.status.success());
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(
        listed,
        json!([{"pattern": SYFTE, "purpose": "EKB-KONTROLL"}])
    );

    let before = stack.head().await;
    let Reply {
        status,
        body: answer,
        ..
    } = stack.post_query(&body.clone()).await;
    assert_eq!(status, 200, "{answer}");
    let answered = answer["sources"].as_array().unwrap();
    assert_eq!(answered.len(), SourceId::COUNT);
    assert!(
        answered.iter().all(|s| s["status"] != "not_entitled"),
        "{answer}"
    );
    let record = stack.records_after(before).await.pop().unwrap();
    assert_eq!(record.kind, AuditKind::Query);
    assert_eq!(record.purpose, format!("EKB-KONTROLL (syfte: {SYFTE})"));

    stack.admin(&["connection", "remove-syfte", KOMMUN, SYFTE]);
    stack
        .assert_refused(body, "purpose_not_allowed", "purpose")
        .await;

    let changes = stack.admin_changes().await;
    assert_eq!(
        changes,
        [
            format!("connection.syfte.add EKB-KONTROLL \"{SYFTE}\""),
            format!("connection.syfte.remove \"{SYFTE}\""),
        ]
    );
    stack.stop().await;
}
