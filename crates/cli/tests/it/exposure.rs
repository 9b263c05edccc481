//! Production requires TLS: `serve` refuses plain HTTP beyond loopback unless a
//! TLS-terminating proxy is trusted, and then the proxy's identity header is the caller's
//! certificate; without that setting the header is refused rather than ignored.

use std::process::Command;

use reqwest::Method;
use reqwest::header::HeaderValue;
use serde_json::Value;
use underlag_test_support::{Doorway, TestApp, json_request};

const HEADER: &str = "x-underlag-client-cert-sha256";
const REGISTERED: &str = "aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233";
const OTHER: &str = "0000000000000000000000000000000000000000000000000000000000000001";

#[test]
fn serve_on_0_0_0_0_without_tls_refuses_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("audit.db");
    let output = Command::new(env!("CARGO_BIN_EXE_underlag"))
        .arg("serve")
        .arg("--data-dir")
        .arg(dir.path())
        .env_remove("UNDERLAG_CONFIG")
        .env("UNDERLAG__SERVER__LISTEN", "0.0.0.0:0")
        .env(
            "UNDERLAG__DATABASE__URL",
            format!("sqlite://{}", db.display()),
        )
        .env("RUST_LOG", "warn")
        .output()
        .expect("the underlag binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("server.listen"), "{stderr}");
    assert!(stderr.contains("tls.enabled"), "{stderr}");
    assert!(
        stderr.contains("server.trust_tls_terminating_proxy"),
        "{stderr}"
    );
    assert!(!db.exists(), "nothing is created before the check");
}

/// The gateway beyond loopback (allowed only because a proxy is trusted), or on loopback.
async fn gateway(trust_proxy: bool) -> TestApp {
    let builder = TestApp::builder();
    if trust_proxy {
        builder.trust_proxy().start().await
    } else {
        builder.start().await
    }
}

/// Asks about the all-sources person, with the proxy identity header when given.
async fn ask(app: &TestApp, header: Option<&str>) -> (u16, String, Value) {
    let body = app.query(&app.all_sources_person());
    let mut request = json_request(Method::POST, "/api/v1/queries", Some(&body));
    if let Some(value) = header {
        request
            .headers_mut()
            .insert(HEADER, HeaderValue::from_str(value).unwrap());
    }
    let reply = app.call(request).await;
    (
        reply.status.as_u16(),
        reply.content_type.clone(),
        reply.json(),
    )
}

#[tokio::test]
async fn the_proxy_identity_header_is_refused_when_no_proxy_is_trusted() {
    let demo = gateway(false).await;
    let (status, content_type, problem) = ask(&demo, Some(REGISTERED)).await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(content_type, "application/problem+json");
    assert_eq!(problem["field"], HEADER, "{problem}");
    assert!(
        !problem.to_string().contains(REGISTERED),
        "the value is not echoed"
    );
    // On every route, not only queries.
    let sources = demo
        .client()
        .get(format!("{}/api/v1/sources", demo.url()))
        .header(HEADER, REGISTERED)
        .send()
        .await
        .unwrap();
    assert_eq!(sources.status(), 400);
    // Without the header, plain HTTP on loopback works as before.
    let (status, _, answer) = ask(&demo, None).await;
    assert_eq!(status, 200, "{answer}");
    demo.stop().await;
}

#[tokio::test]
async fn the_proxy_identity_header_is_the_caller_when_the_proxy_is_trusted() {
    let demo = gateway(true).await;
    demo.add_certificate(REGISTERED).await;
    // The registered certificate's fingerprint, as the proxy passes it.
    let (status, _, answer) = ask(&demo, Some(REGISTERED)).await;
    assert_eq!(status, 200, "{answer}");
    // Upper case with colons is the same fingerprint.
    let colons = REGISTERED
        .to_uppercase()
        .as_bytes()
        .chunks(2)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(":");
    assert_eq!(ask(&demo, Some(&colons)).await.0, 200);
    // Another certificate is not the organisation's: refused by the connection registry.
    let (status, _, problem) = ask(&demo, Some(OTHER)).await;
    assert_eq!(status, 403, "{problem}");
    // Without the header, or with garbage in it, the request is refused naming the header.
    for header in [None, Some("not-a-fingerprint")] {
        let (status, _, problem) = ask(&demo, header).await;
        assert_eq!(status, 400, "{problem}");
        assert_eq!(problem["field"], HEADER, "{problem}");
    }
    // A health probe needs no identity.
    let health = demo.health().await;
    assert_eq!(health.status, 200);
    demo.stop().await;
}

#[tokio::test]
async fn wsdl_address_comes_from_server_public_url() {
    let demo = TestApp::builder()
        .settings(|s| s.server.public_url = Some("https://ssbtek.example.se/gw".into()))
        .start()
        .await;
    // Whatever Host the request names, the configured address is advertised.
    let wsdl = demo
        .client()
        .get(format!(
            "{}/ssbtek/v10/BastjanstInformation?wsdl",
            demo.url()
        ))
        .header("host", "attacker.example")
        .send()
        .await
        .unwrap();
    assert_eq!(wsdl.status(), 200);
    let text = wsdl.text().await.unwrap();
    assert!(
        text.contains("https://ssbtek.example.se/gw/ssbtek/v10/BastjanstInformation"),
        "{text}"
    );
    assert!(!text.contains("attacker.example"));
    demo.stop().await;
}
