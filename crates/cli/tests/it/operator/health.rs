//! The health listener (`server.health_listen`) answers without a client certificate, and
//! `/health/ready` says when no connection is registered.

use serde_json::Value;
use underlag_test_support::{TestApp, TestPki};

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
