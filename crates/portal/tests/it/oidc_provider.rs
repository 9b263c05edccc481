//! The portal's sign-in through a real OpenID provider (panva's oidc-provider, run by node:
//! crates/web/tests/browser/oidc-provider.mjs): code flow with PKCE, back to
//! `/mina-sidor/auth/callback`, the personnummer and protected identity from the claims; a
//! signed-in applicant reaches "Vem har tittat?"; an account without a personnummer claim is
//! refused. Skips (with the reason printed) when node or the provider package is missing and
//! `UNDERLAG_REQUIRE_BROWSER` is not set.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::redirect::Policy;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::app::App;

fn project_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/tests/browser")
}

/// A running provider: its issuer and the child (stopped when dropped).
struct Provider {
    issuer: String,
    client_secret: String,
    _child: Child,
}

/// Starts the provider for `redirect_uri`, or `None` after printing why the test is skipped.
async fn start_provider(test: &str, redirect_uri: &str) -> Option<Provider> {
    let node = std::process::Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let package = project_dir().join("node_modules/oidc-provider").is_dir();
    if !node || !package {
        let reason = format!("{test}: missing node or node_modules/oidc-provider");
        if std::env::var_os("UNDERLAG_REQUIRE_BROWSER").is_some_and(|v| !v.is_empty()) {
            panic!("{reason}; UNDERLAG_REQUIRE_BROWSER is set");
        }
        println!("skipped {reason}");
        return None;
    }
    let mut child = Command::new("node")
        .arg(project_dir().join("oidc-provider.mjs"))
        .arg("--redirect-uri")
        .arg(redirect_uri)
        .current_dir(project_dir())
        .env("OIDC_EXIT_WITH_STDIN", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("node starts the OpenID provider");
    let stdout = child.stdout.take().unwrap();
    let line = tokio::time::timeout(
        Duration::from_secs(30),
        BufReader::new(stdout).lines().next_line(),
    )
    .await
    .expect("the provider starts within 30 s")
    .unwrap()
    .expect("the provider prints its ready line");
    let ready: Value = serde_json::from_str(&line).expect("the provider prints JSON");
    Some(Provider {
        issuer: ready["issuer"].as_str().unwrap().to_owned(),
        client_secret: ready["client_secret"].as_str().unwrap().to_owned(),
        _child: child,
    })
}

fn location(response: &reqwest::Response) -> String {
    let to = response
        .headers()
        .get(LOCATION)
        .expect("a redirect has a Location")
        .to_str()
        .unwrap();
    response.url().join(to).unwrap().to_string()
}

/// GETs `url` following redirects (at most 10); the last response and every URL visited.
async fn follow(client: &reqwest::Client, url: &str) -> (reqwest::Response, Vec<String>) {
    let mut visited = vec![url.to_owned()];
    let mut response = client.get(url).send().await.unwrap();
    for _ in 0..10 {
        if !response.status().is_redirection() {
            break;
        }
        let next = location(&response);
        visited.push(next.clone());
        response = client.get(&next).send().await.unwrap();
    }
    (response, visited)
}

/// Signs `user` in through the portal's OIDC link and the provider's form; the client and
/// the last page reached.
async fn sign_in(app: &App, provider: &Provider, user: &str) -> (reqwest::Client, String, String) {
    let client = reqwest::Client::builder()
        .cookie_provider(Arc::new(reqwest::cookie::Jar::default()))
        .redirect(Policy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let signin = client
        .get(format!("{}/mina-sidor/logga-in", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(signin.status(), StatusCode::OK);
    let start = client
        .get(format!("{}/mina-sidor/logga-in/oidc", app.base))
        .send()
        .await
        .unwrap();
    assert!(start.status().is_redirection(), "the OIDC start redirects");
    let authorize = location(&start);
    assert!(authorize.starts_with(&provider.issuer), "to the issuer");
    assert!(authorize.contains("code_challenge_method=S256"), "PKCE");
    let (login, visited) = follow(&client, &authorize).await;
    assert_eq!(login.status(), StatusCode::OK);
    let interaction = visited.last().unwrap().clone();
    assert!(interaction.contains("/interaction/"), "the provider asks");
    let submitted = client
        .post(format!("{interaction}/login"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(format!("username={user}&password={user}"))
        .send()
        .await
        .unwrap();
    assert!(submitted.status().is_redirection(), "credentials accepted");
    let (last, visited) = follow(&client, &location(&submitted)).await;
    assert!(
        visited
            .iter()
            .any(|u| u.starts_with(&format!("{}/mina-sidor/auth/callback?", app.base))),
        "back through the portal's callback"
    );
    let url = visited.last().unwrap().clone();
    let body = last.text().await.unwrap();
    (client, url, body)
}

#[tokio::test(flavor = "multi_thread")]
async fn applicants_sign_in_through_a_real_openid_provider() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let callback = format!("{base}/mina-sidor/auth/callback");
    let Some(provider) = start_provider("oidc_provider::sign_in", &callback).await else {
        return;
    };
    let (issuer, secret) = (provider.issuer.clone(), provider.client_secret.clone());
    let app = App::start_on(listener, move |s| {
        s.portal.oidc_issuer = Some(issuer);
        s.portal.oidc_client_id = Some("underlag".into());
        s.portal.oidc_client_secret = Some(secret);
        s.portal.oidc_redirect_url = Some(callback);
    })
    .await;

    // An applicant: signed in with the name from the claims, and the records pages work.
    let (client, url, body) = sign_in(&app, &provider, "sokande01").await;
    assert_eq!(url, format!("{base}/mina-sidor/"), "{body}");
    assert!(body.contains("Sökande Ett"), "the name from the claims");
    assert!(
        body.contains("Storgatan 1"),
        "the unit for an unprotected person"
    );
    let insyn = client
        .get(format!("{base}/mina-sidor/insyn"))
        .send()
        .await
        .unwrap();
    assert_eq!(insyn.status(), StatusCode::OK);

    // Protected identity from the claim: no location data.
    let (_, url, body) = sign_in(&app, &provider, "skyddad01").await;
    assert_eq!(url, format!("{base}/mina-sidor/"));
    assert!(body.contains("Skyddad Sökande"));
    for hidden in ["Storgatan", "010-123 45 67"] {
        assert!(!body.contains(hidden), "no {hidden} for a protected person");
    }

    // No personnummer claim: refused, not signed in.
    let (client, _, body) = sign_in(&app, &provider, "utanpnr01").await;
    assert!(
        body.contains("Inloggningen gav inget personnummer"),
        "{body}"
    );
    let start = client
        .get(format!("{base}/mina-sidor/"))
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), StatusCode::SEE_OTHER, "not signed in");
    app.stop().await;
}
