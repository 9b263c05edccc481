//! The extractor refuses a body that is not JSON, too large or malformed with a problem
//! naming the field, and never echoes what was sent.

use axum::body::Body;
use axum::extract::FromRequest;
use axum::http::Request;

use super::*;

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Household {
    #[allow(dead_code)]
    organisation: String,
    #[allow(dead_code)]
    period: Period,
    #[allow(dead_code)]
    persons: Vec<String>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Period {
    #[allow(dead_code)]
    from: String,
}

const SECRET: &str = "19900101-2385";

async fn extract(content_type: Option<&str>, body: String) -> Result<Household, Problem> {
    let mut request = Request::post("/");
    if let Some(content_type) = content_type {
        request = request.header(header::CONTENT_TYPE, content_type);
    }
    let request = request.body(Body::from(body)).expect("a request");
    JsonBody::<Household>::from_request(request, &BodyLimit(256))
        .await
        .map(|JsonBody(h)| h)
}

async fn refused(body: &str) -> Problem {
    extract(Some("application/json"), body.to_owned())
        .await
        .expect_err("refused")
}

fn assert_no_echo(problem: &Problem) {
    let json = serde_json::to_string(problem).expect("a problem serialises");
    assert!(!json.contains(SECRET), "{json}");
    assert!(!json.contains("19900101"), "{json}");
}

#[tokio::test]
async fn a_valid_body_is_read() {
    let body = r#"{"organisation":"2120000142","period":{"from":"2026-01-01"},"persons":[]}"#;
    let household = extract(Some("application/json; charset=utf-8"), body.to_owned()).await;
    assert!(household.is_ok(), "{household:?}");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415() {
    for content_type in [None, Some("text/plain"), Some("application/jsonx")] {
        let problem = extract(content_type, "{}".to_owned())
            .await
            .expect_err("refused");
        assert_eq!(problem.status, 415, "{content_type:?}");
        assert_eq!(problem.kind, "urn:underlag:problem:unsupported-media-type");
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_naming_the_body() {
    let problem = extract(Some("application/json"), " ".repeat(257))
        .await
        .expect_err("refused");
    assert_eq!(problem.status, 413);
    assert_eq!(problem.field.as_deref(), Some("body"));
    assert_eq!(problem.detail, "body: exceeds the limit of 256 bytes");
}

#[tokio::test]
async fn malformed_json_names_the_body_and_its_position() {
    let problem = refused(&format!("{{\"organisation\": \"{SECRET}\"")).await;
    assert_eq!(problem.status, 400);
    assert_eq!(problem.kind, "urn:underlag:problem:invalid-request");
    assert_eq!(problem.field.as_deref(), Some("body"));
    assert!(problem.detail.contains("line 1"), "{}", problem.detail);
    assert_no_echo(&problem);
}

#[tokio::test]
async fn a_missing_field_is_named_under_its_object() {
    let problem = refused(r#"{"organisation":"2120000142","period":{},"persons":[]}"#).await;
    assert_eq!(problem.field.as_deref(), Some("period.from"));
    assert_eq!(problem.errors[0].message, "must be given");
    let problem = refused(r#"{"period":{"from":"2026-01-01"},"persons":[]}"#).await;
    assert_eq!(problem.field.as_deref(), Some("organisation"));
}

#[tokio::test]
async fn a_wrong_type_names_the_member_without_its_value() {
    let problem = refused(&format!(
        r#"{{"organisation":"2120000142","period":{{"from":"2026-01-01"}},"persons":"{SECRET}"}}"#
    ))
    .await;
    assert_eq!(problem.field.as_deref(), Some("persons"));
    assert!(
        problem.errors[0].message.starts_with("invalid type"),
        "{}",
        problem.errors[0].message
    );
    assert_no_echo(&problem);
}

#[tokio::test]
async fn an_unknown_field_is_refused_without_its_value() {
    let problem = refused(&format!(
        r#"{{"organisation":"2120000142","period":{{"from":"2026-01-01"}},"persons":[],"x":"{SECRET}"}}"#
    ))
    .await;
    assert_eq!(problem.status, 400);
    assert_eq!(problem.errors[0].message, "is not a known field");
    assert_no_echo(&problem);
}
