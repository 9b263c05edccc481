//! The purpose and case binding through REST: refusals are 403 problem documents naming the
//! field, with no lookup made and the refusal audited; the case household API.

use axum::http::StatusCode;
use serde_json::json;
use underlag_api::PROBLEM_JSON;
use underlag_audit::AuditKind;
use underlag_service::registry::ConnectionStatus;

use crate::harness::{TestApi, connection, valid_request};

/// Posts `valid_request` changed by `change` and expects a 403 refusal with `reason` at
/// `field`, no lookup and one `refused` audit record with the reason.
async fn assert_refused(
    api: &TestApi,
    change: impl FnOnce(&mut serde_json::Value),
    reason: &str,
    field: &str,
) {
    let mut body = valid_request();
    change(&mut body);
    let before = api.audit.events.lock().unwrap().len();
    let (status, ctype, problem) = api.post("application/json", body.to_string()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
    assert_eq!(ctype, PROBLEM_JSON);
    assert_eq!(
        problem["type"],
        format!("urn:underlag:problem:refused-{reason}")
    );
    assert_eq!(problem["field"], field);
    assert_eq!(problem["errors"][0]["field"], field);
    assert!(
        problem["detail"].as_str().unwrap().starts_with(field),
        "{problem}"
    );
    assert!(!problem.to_string().contains("2385"), "no input echoed");
    assert_eq!(api.calls(), 0, "no lookup for a refused query");
    let events = api.audit.events.lock().unwrap();
    assert_eq!(events.len(), before + 1);
    let record = events.last().unwrap();
    assert_eq!(record.kind, AuditKind::Refused);
    assert_eq!(record.refusal.as_deref(), Some(reason));
}

#[tokio::test]
async fn a_suspended_organisation_is_refused() {
    let api = TestApi::new(false);
    let mut c = connection();
    c.status = ConnectionStatus::Suspended;
    api.registry.put_connection(c);
    assert_refused(&api, |_| {}, "organisation_suspended", "organisation").await;
}

#[tokio::test]
async fn blank_attribution_fields_are_refused_and_audited() {
    let api = TestApi::new(false);
    for (field, reason) in [
        ("case_worker", "missing_case_worker"),
        ("case_id", "missing_case_id"),
        ("purpose", "missing_purpose"),
        ("legal_basis", "missing_legal_basis"),
    ] {
        assert_refused(&api, |b| b[field] = json!(" "), reason, field).await;
    }
    assert_refused(
        &api,
        |b| b["purpose"] = json!("Allmän nyfikenhet"),
        "purpose_not_allowed",
        "purpose",
    )
    .await;
}

#[tokio::test]
async fn unregistered_data_processors_are_refused() {
    let api = TestApi::new(false);
    assert_refused(
        &api,
        |b| {
            b["data_processors"] = json!([
                {"organisation": "5566778899", "name": "Exempel Drift AB"},
                {"organisation": "2120000142", "name": "Kommunen själv"}
            ])
        },
        "data_processor_not_allowed",
        "data_processors[1].organisation",
    )
    .await;
}

#[tokio::test]
async fn the_household_api_registers_reads_and_binds() {
    let api = TestApi::new(false);
    let path = "/api/v1/cases/EB-77/household";
    let (status, _, case) = api
        .send(
            "PUT",
            path,
            Some(json!({
                "organisation": "212000-0142",
                "persons": ["19900101-2385", "900101-2385"],
                "case_worker": "hl001"
            })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{case}");
    assert_eq!(case["organisation"], "2120000142");
    assert_eq!(case["case_id"], "EB-77");
    assert_eq!(case["status"], "open");
    assert_eq!(case["household"], json!(["199001012385"]));

    let (status, _, read) = api
        .send("GET", "/api/v1/cases/EB-77?organisation=2120000142", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read, case);

    // Another organisation does not see it; an unknown case is 404.
    let (status, ctype, problem) = api
        .send("GET", "/api/v1/cases/EB-77?organisation=2120000266", None)
        .await;
    assert_eq!(
        (status, ctype.as_str()),
        (StatusCode::FORBIDDEN, PROBLEM_JSON)
    );
    assert_eq!(
        problem["type"],
        "urn:underlag:problem:refused-organisation_unknown"
    );
    let (status, _, problem) = api
        .send("GET", "/api/v1/cases/EB-78?organisation=2120000142", None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(problem["type"], "urn:underlag:problem:case-not-found");
    assert_eq!(problem["field"], "case_id");

    // A query on that case for someone outside the household is refused.
    assert_refused(
        &api,
        |b| {
            b["case_id"] = json!("EB-77");
            b["person"] = json!("19120211-9150");
        },
        "person_not_in_household",
        "person",
    )
    .await;
    // … and for the registered person it goes through.
    let mut body = valid_request();
    body["case_id"] = json!("EB-77");
    let (status, _, answer) = api.post("application/json", body.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

#[tokio::test]
async fn the_household_api_names_invalid_fields() {
    let api = TestApi::new(false);
    let (status, _, problem) = api
        .send(
            "PUT",
            "/api/v1/cases/EB-1/household",
            Some(json!({"organisation": "2120000142", "persons": ["19900101-2385", "19900101-2384"]})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["field"], "persons[1]");
    assert!(!problem.to_string().contains("2384"));
    let (status, _, problem) = api
        .send(
            "PUT",
            "/api/v1/cases/%20/household",
            Some(json!({"organisation": "2120000143", "persons": []})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let fields: Vec<_> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["case_id", "organisation", "persons"]);
    let (status, _, problem) = api
        .send(
            "PUT",
            "/api/v1/cases/EB-1/household",
            Some(json!({"organisation": "2120000142", "persons": [], "nickname": "x"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(problem["detail"].as_str().unwrap().contains("nickname"));
    let (status, _, problem) = api.send("GET", "/api/v1/cases/EB-1", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["field"], "organisation");
    assert!(api.audit.events.lock().unwrap().is_empty());
}
