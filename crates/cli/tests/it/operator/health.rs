//! The health listener (`server.health_listen`) answers without a client certificate, and
//! `/health/ready` says when no connection is registered.

use serde_json::Value;
use underlag_test_support::{Doorway, TestApp, TestPki};

async fn get(url: &str) -> (u16, Value) {
    let response = reqwest::get(url).await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn an_empty_registry_is_a_readiness_note_on_the_health_listener() {
    let app = TestApp::builder()
        .without_connection()
        .settings(|s| s.server.health_listen = Some("127.0.0.1:0".into()))
        .start()
        .await;
    let health = app.gateway.health_url().unwrap();
    let (status, body) = get(&format!("{health}/health/ready")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["notes"][0]["code"], "no_connection_registered",
        "{body}"
    );
    let (status, body) = get(&format!("{health}/health/live")).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));
    app.stop().await;
}

#[tokio::test]
async fn with_a_connection_the_health_listener_is_ready_without_notes() {
    let app = TestApp::builder()
        .settings(|s| s.server.health_listen = Some("127.0.0.1:0".into()))
        .start()
        .await;
    let health = app.gateway.health_url().unwrap();
    let (status, body) = get(&format!("{health}/health/ready")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["notes"], serde_json::json!([]), "{body}");
    app.stop().await;
}

/// Behind mTLS the API refuses a caller without a certificate, while the health listener
/// answers a plain request.
#[tokio::test]
async fn the_health_listener_needs_no_client_certificate_under_mtls() {
    let app = TestApp::builder()
        .mtls(TestPki::new())
        .settings(|s| s.server.health_listen = Some("127.0.0.1:0".into()))
        .start()
        .await;
    let health = app.gateway.health_url().unwrap();
    assert!(health.starts_with("http://"));
    let (status, _) = get(&format!("{health}/health")).await;
    assert_eq!(status, 200);
    app.stop().await;
}

/// One readiness computation: the API's `/health/ready` gives the same answer as the health
/// listener's, the empty-registry note included (issue 15: it used to say only "ready").
#[tokio::test]
async fn the_api_and_the_health_listener_give_one_readiness_answer() {
    let app = TestApp::builder()
        .without_connection()
        .settings(|s| s.server.health_listen = Some("127.0.0.1:0".into()))
        .start()
        .await;
    let health = app.gateway.health_url().unwrap();
    let api = app.get("/health/ready").await;
    assert_eq!(api.status, 200, "{}", api.text);
    let api_body = api.json();
    assert_eq!(
        api_body["notes"][0]["code"], "no_connection_registered",
        "{api_body}"
    );
    assert_eq!(api_body["checks"]["registry"], "ok", "{api_body}");
    let (status, listener_body) = get(&format!("{health}/health/ready")).await;
    assert_eq!(status, 200);
    assert_eq!(api_body, listener_body);

    // The database goes away: both say so, the same way.
    app.gateway.store.close().await;
    let api = app.get("/health/ready").await;
    let (status, listener_body) = get(&format!("{health}/health/ready")).await;
    assert_eq!((api.status.as_u16(), status), (503, 503), "{}", api.text);
    assert_eq!(api.json(), listener_body);
    assert_eq!(listener_body["status"], "not_ready");
    assert_eq!(listener_body["checks"]["database"], "unavailable");
    app.stop().await;
}
