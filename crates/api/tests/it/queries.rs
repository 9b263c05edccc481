//! `POST /api/v1/queries`: answers, and problem+json refusals that name the field and make
//! no lookup.

use axum::http::StatusCode;
use serde_json::json;
use underlag_api::PROBLEM_JSON;
use underlag_domain::SourceId;
use underlag_test_support::fixtures::fixed_query;
use underlag_test_support::{Doors, Doorway, Reply};

async fn refused(change: impl FnOnce(&mut serde_json::Value)) -> (Doors, serde_json::Value) {
    let api = Doors::new();
    let mut body = fixed_query();
    change(&mut body);
    let problem = api.assert_invalid(&body).await;
    (api, problem)
}

#[tokio::test]
async fn a_valid_query_gets_one_outcome_per_source_and_one_audit_record() {
    let api = Doors::new();
    let Reply {
        status,
        body: answer,
        ..
    } = api.post_query(&fixed_query()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let sources = answer["sources"].as_array().unwrap();
    assert_eq!(sources.len(), SourceId::COUNT);
    assert!(sources.iter().all(|s| s["status"] == "ok"));
    assert_eq!(api.calls() as usize, SourceId::COUNT);
    assert_eq!(api.audit.events.lock().unwrap().len(), 1);
    assert_eq!(answer["person"], "199001012385");
}

#[tokio::test]
async fn selected_sources_only() {
    let api = Doors::new();
    let mut body = fixed_query();
    body["sources"] = json!(["fk", "CSN"]);
    let Reply {
        status,
        body: answer,
        ..
    } = api.post_query(&body).await;
    assert_eq!(status, StatusCode::OK);
    let not_requested = answer["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] == "not_requested")
        .count();
    assert_eq!((not_requested, api.calls()), (SourceId::COUNT - 2, 2));
}

#[tokio::test]
async fn bad_checksum_names_person() {
    let (_, problem) = refused(|b| b["person"] = json!("19900101-2384")).await;
    assert_eq!(problem["field"], "person");
    assert!(problem["detail"].as_str().unwrap().contains("check digit"));
    assert!(
        !problem.to_string().contains("2384"),
        "the number is not echoed"
    );
}

#[tokio::test]
async fn impossible_date_names_the_date_field() {
    let (_, problem) = refused(|b| b["period"]["from"] = json!("2026-02-30")).await;
    assert_eq!(problem["field"], "period.from");
}

#[tokio::test]
async fn inverted_period_names_period() {
    let (_, problem) =
        refused(|b| b["period"] = json!({"from": "2026-10-31", "to": "2026-01-01"})).await;
    assert_eq!(problem["field"], "period");
}

#[tokio::test]
async fn too_long_period_is_refused() {
    let (_, problem) =
        refused(|b| b["period"] = json!({"from": "2020-01-01", "to": "2026-01-01"})).await;
    assert_eq!(problem["field"], "period");
}

#[tokio::test]
async fn unknown_source_names_its_index() {
    let (_, problem) = refused(|b| b["sources"] = json!(["FK", "XYZ"])).await;
    assert_eq!(problem["field"], "sources[1]");
}

/// The periods `api`'s agency for `id` was asked about, as ISO date pairs.
fn asked(api: &Doors, id: SourceId) -> Vec<(String, String)> {
    api.periods_asked(id)
        .iter()
        .map(|p| (p.from().to_string(), p.to().to_string()))
        .collect()
}

/// Survivor of the test audit (issue 16): `source_periods` was parsed and echoed, but nothing
/// noticed when the orchestrator asked every agency for the general period instead. Here the
/// agency itself reports what it was asked: SKV its own March, every other agency the general
/// period of the query.
#[tokio::test]
async fn a_source_period_reaches_its_agency_and_no_other() {
    let api = Doors::new();
    let mut body = fixed_query();
    body["source_periods"] = json!({"skv": {"from": "2026-03-01", "to": "2026-03-31"}});
    let reply = api.post_query(&body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(
        asked(&api, SourceId::Skv),
        [("2026-03-01".to_owned(), "2026-03-31".to_owned())]
    );
    for id in SourceId::ALL.into_iter().filter(|&id| id != SourceId::Skv) {
        assert_eq!(
            asked(&api, id),
            [("2026-01-01".to_owned(), "2026-10-31".to_owned())],
            "{}",
            id.code()
        );
    }
}

#[tokio::test]
async fn unknown_source_period_key_is_not_echoed() {
    let (_, problem) = refused(|b| {
        b["source_periods"] = json!({"XYZ": {"from": "2026-01-01", "to": "2026-02-01"}})
    })
    .await;
    assert_eq!(problem["field"], "source_periods");
    assert!(!problem.to_string().contains("XYZ"), "{problem}");
}

#[tokio::test]
async fn a_known_source_period_key_is_named_by_its_code() {
    let (_, problem) = refused(|b| {
        b["source_periods"] = json!({"skv": {"from": "2026-02-30", "to": "2026-03-01"}})
    })
    .await;
    assert_eq!(problem["field"], "source_periods.SKV.from");
}

#[tokio::test]
async fn a_source_period_key_given_twice_is_refused() {
    let (_, problem) = refused(|b| {
        b["source_periods"] = json!({
            "SKV": {"from": "2026-01-01", "to": "2026-02-01"},
            "skv": {"from": "2026-01-01", "to": "2026-03-01"}
        })
    })
    .await;
    assert_eq!(problem["field"], "source_periods.SKV");
}

#[tokio::test]
async fn bad_organisation_and_empty_organisation_name_are_both_reported() {
    let (_, problem) = refused(|b| {
        b["organisation"] = json!("2120000143");
        b["organisation_name"] = json!("  ");
    })
    .await;
    let fields: Vec<_> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["organisation", "organisation_name"]);
}

#[tokio::test]
async fn missing_and_unknown_fields_are_named() {
    let (_, problem) = refused(|b| {
        b.as_object_mut().unwrap().remove("purpose");
    })
    .await;
    assert!(
        problem["detail"].as_str().unwrap().contains("purpose"),
        "{problem}"
    );
    let (_, problem) = refused(|b| b["nickname"] = json!("x")).await;
    assert!(
        problem["detail"].as_str().unwrap().contains("nickname"),
        "{problem}"
    );
}

#[tokio::test]
async fn wrong_types_name_the_field_without_echoing_the_value() {
    let (_, problem) = refused(|b| b["period"]["from"] = json!(20260101)).await;
    assert_eq!(problem["field"], "period.from");
    assert!(!problem.to_string().contains("20260101"));
}

#[tokio::test]
async fn malformed_json_and_wrong_media_type() {
    let api = Doors::new();
    let Reply {
        status,
        content_type: ctype,
        body: problem,
        ..
    } = api
        .post_query_raw("application/json", "{\"person\": ")
        .await;
    assert_eq!(
        (status, ctype.as_str()),
        (StatusCode::BAD_REQUEST, PROBLEM_JSON)
    );
    assert_eq!(problem["field"], "body");
    let Reply { status, .. } = api
        .post_query_raw("text/plain", fixed_query().to_string())
        .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(api.calls(), 0);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let api = Doors::new();
    let mut body = fixed_query();
    body["purpose"] = json!("x".repeat(100_000));
    let Reply {
        status,
        content_type: ctype,
        body: problem,
        ..
    } = api.post_query(&body).await;
    assert_eq!(
        (status, ctype.as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, PROBLEM_JSON)
    );
    assert_eq!(problem["field"], "body");
    assert_eq!(api.calls(), 0);
}

#[tokio::test]
async fn a_failing_audit_releases_no_data() {
    let api = Doors::builder().failing_audit().build();
    let Reply {
        status,
        content_type: ctype,
        body: problem,
        ..
    } = api.post_query(&fixed_query()).await;
    assert_eq!(
        (status, ctype.as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, PROBLEM_JSON)
    );
    assert_eq!(problem["type"], "urn:underlag:problem:audit-unavailable");
    assert!(problem.get("sources").is_none());
}

#[tokio::test]
async fn descriptive_endpoints() {
    let api = Doors::new();
    let Reply {
        status, text: body, ..
    } = api.get("/api/v1/sources").await;
    assert_eq!(status, StatusCode::OK);
    let list: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(list.as_array().unwrap().len(), SourceId::COUNT);
    let Reply {
        status, text: body, ..
    } = api.get("/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, underlag_api::OPENAPI_DOCUMENT);
    let Reply {
        status, text: body, ..
    } = api.get("/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("urn:underlag:problem:not-found"));
    let Reply {
        status, text: body, ..
    } = api.get("/api/v1/queries").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(body.contains("urn:underlag:problem:method-not-allowed"));
}

/// Defect: a missing required field was reported as field `body`; it is now its own name,
/// also inside an object (`period.from`), and a type error names its member the same way.
#[tokio::test]
async fn a_missing_field_is_reported_by_its_own_name() {
    for (change, field) in [
        (
            Box::new(|b: &mut serde_json::Value| {
                b.as_object_mut().unwrap().remove("organisation_name");
            }) as Box<dyn FnOnce(&mut serde_json::Value)>,
            "organisation_name",
        ),
        (
            Box::new(|b: &mut serde_json::Value| {
                b["period"].as_object_mut().unwrap().remove("from");
            }),
            "period.from",
        ),
        (
            Box::new(|b: &mut serde_json::Value| b["organisation_name"] = json!(42)),
            "organisation_name",
        ),
        (
            Box::new(|b: &mut serde_json::Value| b["period"]["to"] = json!(true)),
            "period.to",
        ),
    ] {
        let (_, problem) = refused(change).await;
        assert_eq!(problem["field"], field, "{problem}");
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
    }
}

/// The household PUT reads its body with the same helper: a missing field is named too.
#[tokio::test]
async fn a_household_put_names_its_missing_field() {
    let api = Doors::new();
    let Reply {
        status,
        body: problem,
        ..
    } = api
        .put_household(
            "EB-78",
            &json!({"organisation": "2120000142", "case_worker": "hl001"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(problem["field"], "persons", "{problem}");
}
