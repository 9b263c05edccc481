//! `POST /api/v1/norm/calculations` and `/decisions`: a beräkningsunderlag is computed and
//! audited as `norm_calculation`; a decision needs a human `decided_by`, a verdict for every
//! section and the same rule version, and is a separate `norm_decision` record; a year the
//! rules cannot compute is a 422 problem from the catalogue; nothing is decided automatically.

use axum::http::Method;
use serde_json::{Value, json};
use underlag_audit::AuditKind;
use underlag_test_support::{Doors, Doorway, Reply};

fn household(month: &str) -> Value {
    json!({
        "month": month,
        "members": [{ "label": "Vuxen 1", "age": 40, "partner": true }, { "label": "Vuxen 2", "age": 38, "partner": true }],
        "costs": [{ "kind": "housing", "amount": "6000" }],
        "incomes": [{ "member": 0, "code": "Lon", "amount": 4000, "employment": true }]
    })
}

fn calculation_request(month: &str) -> Value {
    json!({
        "organisation": "2120000142",
        "case_id": "EB-NORM-API-1",
        "case_worker": "handlaggare01",
        "household": household(month)
    })
}

fn kinds(api: &Doors) -> Vec<AuditKind> {
    api.audit.events().iter().map(|r| r.kind).collect()
}

#[tokio::test]
async fn a_calculation_is_audited_and_decides_nothing_and_a_human_decision_is_a_separate_record() {
    let api = Doors::new();
    let Reply { status, body, .. } = api
        .send_json(
            Method::POST,
            "/api/v1/norm/calculations",
            Some(calculation_request("2026-11")),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["calculation"]["norm"]["total"], "8510.00");
    // 8 510 + 6 000 − 4 000
    assert_eq!(body["calculation"]["balance"]["status"], "complete");
    assert_eq!(body["calculation"]["balance"]["amount"], "10510.00");
    assert_eq!(
        kinds(&api),
        vec![AuditKind::NormCalculation],
        "computing decides nothing"
    );
    let rule_version = body["calculation"]["rule_version"].clone();
    let label = format!(
        "norm {} riksnorm {} (ofullständig (bara publicerade summor)) {}@{}",
        rule_version["rulebook"].as_str().unwrap(),
        rule_version["riksnorm_year"],
        rule_version["municipality"].as_str().unwrap(),
        rule_version["municipal_version_from"].as_str().unwrap()
    );
    let decision = |decided_by: &str, sections: Value| {
        json!({
            "organisation": "2120000142",
            "case_id": "EB-NORM-API-1",
            "decided_by": decided_by,
            "calculation_id": body["id"],
            "rule_version": label,
            "household": household("2026-11"),
            "sections": sections
        })
    };
    let all = json!({
        "norm": { "verdict": "approve" },
        "costs": { "verdict": "adjust", "amount": "5800", "reason": "Skälig hyra enligt riktvärde" },
        "incomes": { "verdict": "approve" }
    });
    // No decision without a human actor.
    for not_a_person in ["", "system", "underlag"] {
        let Reply { status, body, .. } = api
            .send_json(
                Method::POST,
                "/api/v1/norm/decisions",
                Some(decision(not_a_person, all.clone())),
            )
            .await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["type"], "urn:underlag:problem:invalid-request");
        assert!(
            body["errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["field"] == "decided_by"),
            "{body}"
        );
    }
    // Every section needs a verdict.
    let Reply {
        status,
        body: problem,
        ..
    } = api
        .send_json(
            Method::POST,
            "/api/v1/norm/decisions",
            Some(decision(
                "handlaggare01",
                json!({ "norm": { "verdict": "approve" } }),
            )),
        )
        .await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["field"], "sections.costs");
    assert_eq!(
        kinds(&api),
        vec![AuditKind::NormCalculation],
        "no decision record was written"
    );

    let Reply {
        status,
        body: decided,
        ..
    } = api
        .send_json(
            Method::POST,
            "/api/v1/norm/decisions",
            Some(decision("handlaggare01", all)),
        )
        .await;
    assert_eq!(status, 201, "{decided}");
    assert_eq!(decided["decided_by"], "handlaggare01");
    assert_eq!(decided["sections"][1]["verdict"]["verdict"], "adjusted");
    assert_eq!(
        kinds(&api),
        vec![AuditKind::NormCalculation, AuditKind::NormDecision]
    );
    let events = api.audit.events();
    assert_eq!(events[1].case_worker, "handlaggare01");
    let text = events[1].refusal.as_deref().unwrap();
    assert!(
        text.contains("costs") || text.contains("kostnader"),
        "{text}"
    );
    assert!(
        !text.contains("riktvärde"),
        "the reason stays out of the chain"
    );
}

#[tokio::test]
async fn a_year_without_a_verified_table_is_a_422_problem_and_nothing_is_recorded() {
    let api = Doors::new();
    let Reply { status, body, .. } = api
        .send_json(
            Method::POST,
            "/api/v1/norm/calculations",
            Some(calculation_request("2025-03")),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["type"], "urn:underlag:problem:norm-rules-unavailable");
    assert_eq!(body["field"], "month");
    assert!(body["detail"].as_str().unwrap().contains("2025"), "{body}");
    assert!(api.audit.is_empty());
}

#[tokio::test]
async fn an_unknown_organisation_is_refused_and_audited() {
    let api = Doors::new();
    let mut request = calculation_request("2026-11");
    request["organisation"] = json!("5566778899");
    let Reply { status, body, .. } = api
        .send_json(Method::POST, "/api/v1/norm/calculations", Some(request))
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(kinds(&api), vec![AuditKind::Refused]);
}
