//! Production requires TLS: `serve` refuses plain HTTP beyond loopback unless a
//! TLS-terminating proxy is trusted, and then the proxy's identity header is the caller's
//! certificate; without that setting the header is refused rather than ignored.

use std::process::Command;

use serde_json::Value;
use underlag::commands::demo::Demo;
use underlag::settings::Settings;
use underlag_sim::{Population, SimConfig};

use crate::harness::request;
use crate::process::period;

const HEADER: &str = "x-underlag-client-cert-sha256";
const REGISTERED: &str = "aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233";
const OTHER: &str = "0000000000000000000000000000000000000000000000000000000000000001";

#[test]
fn serve_on_0_0_0_0_without_tls_refuses_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("audit.db");
    let output = Command::new(env!("CARGO_BIN_EXE_underlag"))
        .arg("serve")
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

async fn gateway(trust_proxy: bool) -> (Demo, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::load(None).unwrap();
    // Beyond loopback: allowed only because a proxy is trusted (the other case listens on
    // loopback).
    settings.server.listen = if trust_proxy {
        "0.0.0.0:0"
    } else {
        "127.0.0.1:0"
    }
    .into();
    settings.server.trust_tls_terminating_proxy = trust_proxy;
    settings.database.url = format!("sqlite://{}", dir.path().join("audit.db").display());
    settings.binding.auto_register_first_query = true;
    let demo = Demo::start_with(settings, SimConfig::default())
        .await
        .unwrap();
    let base = format!("http://127.0.0.1:{}", demo.gateway.addr.port());
    (demo, base, dir)
}

async fn ask(base: &str, header: Option<&str>) -> (u16, Option<String>, Value) {
    let population = Population::generate(underlag_sim::population::DEFAULT_REFERENCE_DATE);
    let person = population.all_sources_person().personnummer.clone();
    let mut post = reqwest::Client::new()
        .post(format!("{base}/api/v1/queries"))
        .json(&request(person.expose(), period(&population)));
    if let Some(value) = header {
        post = post.header(HEADER, value);
    }
    let response = post.send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, content_type, response.json().await.unwrap())
}

#[tokio::test]
async fn the_proxy_identity_header_is_refused_when_no_proxy_is_trusted() {
    let (demo, base, _dir) = gateway(false).await;
    let (status, content_type, problem) = ask(&base, Some(REGISTERED)).await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(content_type.as_deref(), Some("application/problem+json"));
    assert_eq!(problem["field"], HEADER, "{problem}");
    assert!(
        !problem.to_string().contains(REGISTERED),
        "the value is not echoed"
    );
    // On every route, not only queries.
    let sources = reqwest::Client::new()
        .get(format!("{base}/api/v1/sources"))
        .header(HEADER, REGISTERED)
        .send()
        .await
        .unwrap();
    assert_eq!(sources.status(), 400);
    // Without the header, plain HTTP on loopback works as before.
    let (status, _, answer) = ask(&base, None).await;
    assert_eq!(status, 200, "{answer}");
    demo.stop().await;
}

#[tokio::test]
async fn the_proxy_identity_header_is_the_caller_when_the_proxy_is_trusted() {
    let (demo, base, _dir) = gateway(true).await;
    demo.add_certificate(REGISTERED).await.unwrap();
    // The registered certificate's fingerprint, as the proxy passes it.
    let (status, _, answer) = ask(&base, Some(REGISTERED)).await;
    assert_eq!(status, 200, "{answer}");
    // Upper case with colons is the same fingerprint.
    let colons = REGISTERED
        .to_uppercase()
        .as_bytes()
        .chunks(2)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(":");
    assert_eq!(ask(&base, Some(&colons)).await.0, 200);
    // Another certificate is not the organisation's: refused by the connection registry.
    let (status, _, problem) = ask(&base, Some(OTHER)).await;
    assert_eq!(status, 403, "{problem}");
    // Without the header, or with garbage in it, the request is refused naming the header.
    for header in [None, Some("not-a-fingerprint")] {
        let (status, _, problem) = ask(&base, header).await;
        assert_eq!(status, 400, "{problem}");
        assert_eq!(problem["field"], HEADER, "{problem}");
    }
    // A health probe needs no identity.
    let health = reqwest::get(format!("{base}/health")).await.unwrap();
    assert_eq!(health.status(), 200);
    demo.stop().await;
}

#[tokio::test]
async fn wsdl_address_comes_from_server_public_url() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::load(None).unwrap();
    settings.server.listen = "127.0.0.1:0".into();
    settings.server.public_url = Some("https://ssbtek.example.se/gw".into());
    settings.database.url = format!("sqlite://{}", dir.path().join("audit.db").display());
    let demo = Demo::start_with(settings, SimConfig::default())
        .await
        .unwrap();
    let base = format!("http://127.0.0.1:{}", demo.gateway.addr.port());
    // Whatever Host the request names, the configured address is advertised.
    let wsdl = reqwest::Client::new()
        .get(format!("{base}/ssbtek/v10/BastjanstInformation?wsdl"))
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
