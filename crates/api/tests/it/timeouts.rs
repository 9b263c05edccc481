//! Time limits: a body that arrives too slowly is the client's fault (408 problem document),
//! while the composite query after it has its own, longer deadline. On tokio's paused clock.

use std::convert::Infallible;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode, header};
use futures::StreamExt;
use underlag_api::{ApiSettings, PROBLEM_JSON};
use underlag_test_support::fixtures::fixed_query;
use underlag_test_support::{Doors, Doorway};

fn settings() -> ApiSettings {
    ApiSettings {
        body_timeout: Duration::from_secs(1),
        ..ApiSettings::default()
    }
}

/// A body that sends its first half and then nothing more.
fn stalled_body() -> Body {
    let text = fixed_query().to_string();
    let half = Bytes::from(text[..text.len() / 2].to_owned());
    let stream = futures::stream::once(async move { Ok::<_, Infallible>(half) })
        .chain(futures::stream::pending());
    Body::from_stream(stream)
}

/// The doors with these API settings, whose agencies each take `delay` to answer.
fn doors(settings: ApiSettings, delay: Duration) -> Doors {
    Doors::builder()
        .api_settings(settings)
        .agency_delay(delay)
        .build()
}

async fn send(api: &Doors, path: &str, body: Body) -> (StatusCode, String, serde_json::Value) {
    let request = Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body)
        .unwrap();
    let reply = api.call(request).await;
    (reply.status, reply.content_type, reply.body)
}

#[tokio::test(start_paused = true)]
async fn slow_body_gets_a_408_problem() {
    let api = doors(settings(), Duration::ZERO);
    let started = tokio::time::Instant::now();
    let (status, ctype, problem) = send(&api, "/api/v1/queries", stalled_body()).await;
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT, "{problem}");
    assert_eq!(ctype, PROBLEM_JSON);
    assert_eq!(problem["type"], "urn:underlag:problem:request-timeout");
    assert_eq!(problem["field"], "body");
    assert_eq!(
        started.elapsed(),
        Duration::from_secs(1),
        "answered at the body timeout"
    );
    assert_eq!(api.calls(), 0);
    assert!(api.audit.events.lock().unwrap().is_empty());
}

#[tokio::test(start_paused = true)]
async fn slow_body_on_a_case_route_gets_a_408_problem_too() {
    let api = doors(settings(), Duration::ZERO);
    let request = Request::put("/api/v1/cases/EB-1/household")
        .header(header::CONTENT_TYPE, "application/json")
        .body(stalled_body())
        .unwrap();
    let reply = api.call(request).await;
    assert_eq!(reply.status, StatusCode::REQUEST_TIMEOUT);
}

#[tokio::test(start_paused = true)]
async fn slow_upstream_still_answers_within_its_deadline() {
    // Every agency takes three times the body timeout: the query is not cut short by it.
    let api = doors(settings(), Duration::from_secs(3));
    let started = tokio::time::Instant::now();
    let body = Body::from(fixed_query().to_string());
    let (status, _, answer) = send(&api, "/api/v1/queries", body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(
        answer["sources"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] == "ok"),
        "{answer}"
    );
    assert!(started.elapsed() >= Duration::from_secs(3));
    assert_eq!(api.calls() as usize, underlag_domain::SourceId::COUNT);
}

#[tokio::test(start_paused = true)]
async fn a_request_past_the_request_timeout_gets_a_504_problem() {
    let settings = ApiSettings {
        request_timeout: Duration::from_secs(2),
        ..settings()
    };
    // The agencies take longer than the whole request may: the backstop answers.
    let api = doors(settings, Duration::from_secs(5));
    let body = Body::from(fixed_query().to_string());
    let (status, ctype, problem) = send(&api, "/api/v1/queries", body).await;
    assert_eq!(status, StatusCode::GATEWAY_TIMEOUT, "{problem}");
    assert_eq!(ctype, PROBLEM_JSON);
    assert_eq!(problem["type"], "urn:underlag:problem:gateway-timeout");
}
