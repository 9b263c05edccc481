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
async fn a_calculation_is_stored_and_audited_and_a_human_decision_on_the_stored_one_is_a_separate_record()
 {
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
    let id = body["id"].as_str().unwrap().to_owned();
    let location = format!("/api/v1/norm/calculations/{id}");
    assert_eq!(body["location"], location.as_str());
    let checksum = body["checksum"].as_str().unwrap().to_owned();
    assert_eq!(checksum.len(), 64);
    assert!(
        checksum.bytes().all(|b| b.is_ascii_hexdigit()),
        "{checksum}"
    );
    assert_eq!(
        kinds(&api),
        vec![AuditKind::NormCalculation],
        "computing decides nothing"
    );
    let audited = api.audit.events()[0].refusal.clone().unwrap();
    assert!(
        audited.contains(&checksum),
        "the record names the stored checksum: {audited}"
    );
    assert!(audited.contains(&id), "{audited}");

    // Read back by its own organisation: as stored, no decision yet.
    let reply = api
        .get(&format!("{location}?organisation=2120000142"))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["checksum"], checksum.as_str());
    assert_eq!(reply.body["case_id"], "EB-NORM-API-1");
    assert_eq!(reply.body["computed_by"], "handlaggare01");
    assert_eq!(reply.body["organisation"], "2120000142");
    assert_eq!(reply.body["calculation"], body["calculation"]);
    assert_eq!(reply.body["decisions"], json!([]));
    let rule_version = reply.body["rule_version"].as_str().unwrap().to_owned();
    assert!(rule_version.starts_with("norm "), "{rule_version}");

    let decision = |decided_by: &str, sections: Value| {
        json!({
            "organisation": "2120000142",
            "decided_by": decided_by,
            "calculation_id": id,
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
    // The household is not sent again: the stored underlag is decided on.
    let mut with_household = decision("handlaggare01", all.clone());
    with_household["household"] = household("2026-11");
    let Reply { status, .. } = api
        .send_json(Method::POST, "/api/v1/norm/decisions", Some(with_household))
        .await;
    assert_eq!(status, 400);
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
            Some(decision("handlaggare02", all)),
        )
        .await;
    assert_eq!(status, 201, "{decided}");
    assert_eq!(decided["decided_by"], "handlaggare02");
    assert_eq!(
        decided["rule_version"],
        rule_version.as_str(),
        "the stored rule version"
    );
    assert_eq!(decided["calculation_id"], id.as_str());
    assert_eq!(decided["location"], location.as_str());
    assert_eq!(decided["sections"][1]["verdict"]["verdict"], "adjusted");
    assert_eq!(
        kinds(&api),
        vec![AuditKind::NormCalculation, AuditKind::NormDecision]
    );
    {
        let events = api.audit.events();
        assert_eq!(events[1].case_worker, "handlaggare02");
        assert_eq!(
            events[1].case_id, "EB-NORM-API-1",
            "the stored underlag's case"
        );
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

    // The stored underlag now carries the decision, reason included.
    let reply = api
        .get(&format!("{location}?organisation=2120000142"))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let decisions = reply.body["decisions"].as_array().unwrap();
    assert_eq!(decisions.len(), 1, "{}", reply.body);
    assert_eq!(decisions[0]["id"], decided["id"]);
    assert_eq!(decisions[0]["decided_by"], "handlaggare02");
    assert_eq!(
        decisions[0]["sections"],
        json!([
            { "section": "norm", "verdict": "approve", "computed": "8510.00" },
            { "section": "costs", "verdict": "adjust", "computed": "6000.00", "amount": "5800.00", "reason": "Skälig hyra enligt riktvärde" },
            { "section": "incomes", "verdict": "approve", "computed": "4000.00" }
        ])
    );
}

#[tokio::test]
async fn a_stored_calculation_is_read_and_decided_on_only_by_its_own_organisation() {
    let api = Doors::new();
    let other = underlag_domain::Organisationsnummer::parse("2021005489").unwrap();
    api.registry
        .put_connection(underlag_service::registry::Connection {
            organisation: other.clone(),
            name: "Annan kommun".into(),
            ..underlag_test_support::fixtures::exempelkommun()
        });
    let Reply { status, body, .. } = api
        .send_json(
            Method::POST,
            "/api/v1/norm/calculations",
            Some(calculation_request("2026-11")),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_str().unwrap();

    let reply = api
        .get(&format!(
            "/api/v1/norm/calculations/{id}?organisation=2021005489"
        ))
        .await;
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert_eq!(
        reply.body["type"],
        "urn:underlag:problem:norm-calculation-forbidden"
    );
    assert!(reply.body.get("calculation").is_none());
    let decision = json!({
        "organisation": "2021005489",
        "decided_by": "handlaggare09",
        "calculation_id": id,
        "sections": {
            "norm": { "verdict": "approve" },
            "costs": { "verdict": "approve" },
            "incomes": { "verdict": "approve" }
        }
    });
    let Reply { status, body, .. } = api
        .send_json(
            Method::POST,
            "/api/v1/norm/decisions",
            Some(decision.clone()),
        )
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(
        body["type"],
        "urn:underlag:problem:norm-calculation-forbidden"
    );

    // Unknown ids are 404, for reading and deciding alike.
    let reply = api
        .get("/api/v1/norm/calculations/no-such-id?organisation=2120000142")
        .await;
    assert_eq!(reply.status, 404, "{}", reply.body);
    assert_eq!(
        reply.body["type"],
        "urn:underlag:problem:norm-calculation-not-found"
    );
    let mut unknown = decision;
    unknown["organisation"] = json!("2120000142");
    unknown["calculation_id"] = json!("no-such-id");
    let Reply { status, body, .. } = api
        .send_json(Method::POST, "/api/v1/norm/decisions", Some(unknown))
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(
        body["type"],
        "urn:underlag:problem:norm-calculation-not-found"
    );
    // Without an organisation, the read is a 400 naming it.
    let reply = api.get(&format!("/api/v1/norm/calculations/{id}")).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(reply.body["field"], "organisation");
    assert_eq!(
        kinds(&api),
        vec![AuditKind::NormCalculation],
        "nothing but the calculation was recorded"
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
