//! Problems, refusals and the other routes: the `Problem` schema is strict, and real problem
//! documents, the 413, the binding's refusals, the case routes and the descriptive endpoints
//! are what the document says.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use underlag_api::{OPENAPI_DOCUMENT, PROBLEM_JSON};
use underlag_test_support::fixtures::fixed_query;
use underlag_test_support::{Doors, Doorway};

use super::support::{Document, QUERIES, assert_valid, change, get, post};

#[test]
fn mutated_problems_are_refused() {
    let doc = Document::load();
    let schema = doc.component("Problem");
    let problem =
        serde_json::to_value(underlag_api::Problem::invalid_field("person", "bad")).unwrap();
    assert_valid(&schema, &problem, "a problem");
    for (what, mutate) in [
        ("status as text", json!({"status": "400"})),
        ("an unknown member", json!({"instance": "/x"})),
        ("a type that is no URN", json!({"type": "about:blank"})),
        ("empty errors", json!({"errors": []})),
        (
            "errors without message",
            json!({"errors": [{"field": "person"}]}),
        ),
    ] {
        let mut mutated = problem.clone();
        for (k, v) in mutate.as_object().unwrap() {
            mutated[k] = v.clone();
        }
        assert!(!schema.is_valid(&mutated), "{what} was accepted");
    }
}

#[tokio::test]
async fn real_problems_validate() {
    let doc = Document::load();
    let problem = doc.component("Problem");
    let api = Doors::new();
    let mut responses = Vec::new();
    for body in [
        change(&fixed_query(), "/person", Some(json!("19900101-2384"))),
        change(&fixed_query(), "/purpose", None),
        change(&fixed_query(), "/nickname", Some(json!("x"))),
        change(&fixed_query(), "/period/from", Some(json!(20260101))),
        change(&fixed_query(), "/sources", Some(json!(["FK", "XYZ"]))),
        change(
            &change(&fixed_query(), "/organisation", Some(json!("2120000143"))),
            "/case_id",
            Some(json!(" ")),
        ),
    ] {
        responses.push(api.call(post("application/json", body.to_string())).await);
    }
    responses.push(api.call(post("application/json", "{\"person\": ")).await);
    responses.push(
        api.call(post("application/json; charset=utf-8", "[]"))
            .await,
    );
    let wrong_type = api
        .call(post("text/plain", fixed_query().to_string()))
        .await;
    assert_eq!(wrong_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    responses.push(wrong_type);
    let failing_audit = Doors::builder().failing_audit().build();
    let refused = failing_audit
        .call(post("application/json", fixed_query().to_string()))
        .await;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    responses.push(refused);

    for response in &responses {
        assert_eq!(response.content_type, PROBLEM_JSON);
        let value: Value = serde_json::from_slice(&response.bytes).unwrap();
        assert_valid(&problem, &value, &format!("a {} problem", response.status));
        doc.assert_documented(QUERIES, "post", response);
    }
    assert_eq!(api.calls(), 0);
}

/// An oversized body gets the documented 413 problem document; both paths are checked: a
/// declared `Content-Length` over the limit, and a streamed body that turns out too long.
#[tokio::test]
async fn oversized_bodies_get_the_documented_413() {
    let doc = Document::load();
    let api = Doors::new();
    let mut body = fixed_query();
    body["purpose"] = json!("x".repeat(100_000));
    let text = body.to_string();
    let declared = Request::post(QUERIES)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, text.len())
        .body(Body::from(text.clone()))
        .unwrap();
    for request in [declared, post("application/json", text)] {
        let response = api.call(request).await;
        assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
        doc.assert_documented(QUERIES, "post", &response);
    }
    assert_eq!(api.calls(), 0);
}

#[tokio::test]
async fn descriptive_endpoints_match_the_document() {
    let doc = Document::load();
    let api = Doors::new();
    for path in [
        "/api/v1/sources",
        "/api/v1/openapi.json",
        "/api/v1/spec",
        "/health",
        "/health/live",
        "/health/ready",
    ] {
        let response = api.call(get(path)).await;
        assert_eq!(response.status, StatusCode::OK, "{path}");
        doc.assert_documented(path, "get", &response);
    }
    let sources = api.call(get("/api/v1/sources")).await;
    let list: Value = serde_json::from_slice(&sources.bytes).unwrap();
    let order: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["source"].clone())
        .collect();
    assert_eq!(json!(order), doc.schema("SourceId")["enum"]);
    let served = api.call(get("/api/v1/openapi.json")).await;
    assert_eq!(served.bytes, OPENAPI_DOCUMENT.as_bytes());
    assert!(
        api.call(get("/api/v1/spec"))
            .await
            .content_type
            .starts_with("text/markdown")
    );

    let missing = api.call(get("/api/v1/nothing")).await;
    assert_eq!(
        (missing.status, missing.content_type.as_str()),
        (StatusCode::NOT_FOUND, PROBLEM_JSON)
    );
    let not_found: Value = serde_json::from_slice(&missing.bytes).unwrap();
    assert_valid(&doc.component("Problem"), &not_found, "the 404 problem");
    assert_eq!(not_found["type"], "urn:underlag:problem:not-found");
}

/// The binding's refusals and the case routes' real responses are what the document says.
#[tokio::test]
async fn refusals_and_case_responses_match_the_document() {
    let doc = Document::load();
    let api = Doors::new();
    for body in [
        change(&fixed_query(), "/purpose", Some(json!("Nyfikenhet"))),
        change(&fixed_query(), "/legal_basis", Some(json!(" "))),
        change(
            &fixed_query(),
            "/period",
            // Starts after the doors' today (2026-11-22): refused `period_in_future`.
            Some(json!({"from": "2026-12-01", "to": "2026-12-31"})),
        ),
    ] {
        let response = api.call(post("application/json", body.to_string())).await;
        assert_eq!(response.status, StatusCode::FORBIDDEN);
        doc.assert_documented(QUERIES, "post", &response);
    }

    // A household read carries the attribution of a query.
    const READ: &str = "case_worker=hl001&purpose=EKB-UTREDNING&legal_basis=SoL";
    let household = "/api/v1/cases/{case_id}/household";
    let case = "/api/v1/cases/{case_id}";
    let put = |body: Value| {
        Request::put("/api/v1/cases/EB-1/household")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let mut expected = vec![
        (
            household,
            "put",
            put(
                json!({"organisation": "2120000142", "persons": ["19900101-2385"], "case_worker": "hl001"}),
            ),
            StatusCode::OK,
        ),
        (
            household,
            "put",
            put(
                json!({"organisation": "2120000142", "persons": ["19900101-2384"], "case_worker": "hl001"}),
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            household,
            "put",
            put(
                json!({"organisation": "2120000266", "persons": ["19900101-2385"], "case_worker": "hl001"}),
            ),
            StatusCode::FORBIDDEN,
        ),
        (
            household,
            "put",
            Request::put("/api/v1/cases/EB-1/household")
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from("{}"))
                .unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
    ];
    expected.extend([
        (
            case,
            "get",
            get(&format!(
                "/api/v1/cases/EB-1?organisation=2120000142&{READ}"
            )),
            StatusCode::OK,
        ),
        (
            case,
            "get",
            get("/api/v1/cases/EB-1"),
            StatusCode::BAD_REQUEST,
        ),
        (
            case,
            "get",
            get(&format!(
                "/api/v1/cases/EB-1?organisation=2120000266&{READ}"
            )),
            StatusCode::FORBIDDEN,
        ),
        (
            case,
            "get",
            get(&format!(
                "/api/v1/cases/EB-2?organisation=2120000142&{READ}"
            )),
            StatusCode::NOT_FOUND,
        ),
    ]);
    for (path, method, request, status) in expected {
        let response = api.call(request).await;
        assert_eq!(response.status, status, "{method} {path}");
        doc.assert_documented(path, method, &response);
    }
    assert_eq!(api.calls(), 0);
}
