//! Sign-in through a real OpenID provider (panva's oidc-provider, started by the test):
//! the provider alone in the browser, then the UI's authorization-code flow with PKCE step by
//! step over HTTP, the role each user gets, and the pages each role is refused.

use std::sync::Arc;

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, LOCATION, SET_COOKIE};
use reqwest::redirect::Policy;
use serde_json::json;

use crate::app::{App, AppOptions, Listener, OIDC_CALLBACK_PATH};
use crate::browser::rig::{Needs, OidcProvider, Rig};

/// A callback nobody listens at: the provider-only flow watches the browser's request to it.
const UNUSED_CALLBACK: &str = "http://127.0.0.1:59999/ui/logga-in/oidc/callback";

#[tokio::test(flavor = "multi_thread")]
async fn the_test_provider_signs_in_with_pkce_and_returns_role_claims() {
    let Some(rig) = Rig::find("oidc_flow::the_test_provider…", Needs::Browser) else {
        return;
    };
    let provider = rig.start_provider(UNUSED_CALLBACK, &[]).await;
    let result = rig
        .run_flow(
            "provider-signin",
            &[
                ("OIDC_ISSUER", provider.issuer.clone()),
                (
                    "FLOW_INPUT",
                    json!({
                        "redirect_uri": UNUSED_CALLBACK,
                        "client_secret": provider.client_secret,
                        "users": {
                            "handlaggare01": ["handlaggare"],
                            "logg01": ["logguppfoljare"],
                            "admin01": ["administrator"],
                            "ingenroll01": [],
                        },
                    })
                    .to_string(),
                ),
            ],
        )
        .await;
    result.assert_checks_passed();
}

/// The stack with the UI signing in through a freshly started test provider.
pub(crate) async fn stack_with_provider(rig: &Rig, options: AppOptions) -> (App, OidcProvider) {
    let listener = Listener::bind().await;
    let signed_out = format!("{}/ui/logga-in", listener.base_url());
    let provider = rig
        .start_provider(&listener.oidc_redirect_uri(), &[signed_out])
        .await;
    let options = AppOptions {
        oidc: Some(provider.client()),
        ..options
    };
    (App::start_on(listener, options).await, provider)
}

/// A user agent over HTTP: one cookie jar, redirects followed by hand.
struct Agent {
    client: reqwest::Client,
}

impl Agent {
    fn new() -> Agent {
        let client = reqwest::Client::builder()
            .cookie_provider(Arc::new(reqwest::cookie::Jar::default()))
            .redirect(Policy::none())
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .unwrap();
        Agent { client }
    }

    /// Opens the sign-in page, as a person does before following its OIDC link.
    async fn visit_sign_in_page(&self, app: &App) {
        let page = self.client.get(app.ui("/logga-in")).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK, "the sign-in page");
    }

    /// GETs `url` and follows redirects (at most 10); returns the last response and every
    /// URL visited, the first included.
    async fn follow(&self, url: &str) -> (reqwest::Response, Vec<String>) {
        let mut visited = vec![url.to_owned()];
        let mut response = self.client.get(url).send().await.unwrap();
        for _ in 0..10 {
            if !response.status().is_redirection() {
                break;
            }
            let next = response
                .url()
                .join(location(&response))
                .unwrap()
                .to_string();
            visited.push(next.clone());
            response = self.client.get(&next).send().await.unwrap();
        }
        (response, visited)
    }
}

const FORM: &str = "application/x-www-form-urlencoded";

/// An `application/x-www-form-urlencoded` body.
fn form(fields: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
}

fn location(response: &reqwest::Response) -> &str {
    response
        .headers()
        .get(LOCATION)
        .expect("a redirect has a Location")
        .to_str()
        .unwrap()
}

/// Signs `user` in through the UI's OIDC flow, step by step, checking each step; returns the
/// signed-in agent.
async fn sign_in(app: &App, provider: &OidcProvider, user: &str) -> Agent {
    let agent = Agent::new();
    // 1. The sign-in page (it opens the session), then the UI sends the browser to the
    // provider: code flow, PKCE S256, state and nonce.
    agent.visit_sign_in_page(app).await;
    let start = agent
        .client
        .get(app.ui("/logga-in/oidc"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        start.status(),
        StatusCode::SEE_OTHER,
        "the OIDC start redirects"
    );
    let authorize = url::Url::parse(location(&start)).unwrap();
    assert!(
        authorize.as_str().starts_with(&provider.issuer),
        "the OIDC start redirects to the configured issuer"
    );
    let param = |name: &str| {
        authorize
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    assert_eq!(param("response_type").as_deref(), Some("code"));
    assert_eq!(param("client_id").as_deref(), Some("underlag"));
    assert_eq!(param("code_challenge_method").as_deref(), Some("S256"));
    assert!(param("code_challenge").is_some_and(|c| c.len() >= 43));
    assert!(param("state").is_some_and(|s| s.len() >= 16), "a state");
    assert!(param("nonce").is_some_and(|s| s.len() >= 16), "a nonce");
    assert!(param("scope").is_some_and(|s| s.split(' ').any(|x| x == "openid")));
    assert_eq!(
        param("redirect_uri").as_deref(),
        Some(format!("{}{OIDC_CALLBACK_PATH}", app.base).as_str())
    );
    // 2. The provider's sign-in page.
    let (login_page, visited) = agent.follow(authorize.as_str()).await;
    assert_eq!(login_page.status(), StatusCode::OK);
    let interaction = visited.last().unwrap().clone();
    assert!(
        interaction.contains("/interaction/"),
        "the provider asks for sign-in"
    );
    // 3. Credentials; the provider redirects back to the UI's callback with a code.
    let submitted = agent
        .client
        .post(format!("{interaction}/login"))
        .header(CONTENT_TYPE, FORM)
        .body(form(&[("username", user), ("password", user)]))
        .send()
        .await
        .unwrap();
    assert!(submitted.status().is_redirection(), "sign-in accepted");
    let next = submitted
        .url()
        .join(location(&submitted))
        .unwrap()
        .to_string();
    let (_, visited) = agent.follow(&next).await;
    let callback = visited
        .iter()
        .find(|u| u.starts_with(&format!("{}{OIDC_CALLBACK_PATH}", app.base)))
        .expect("the provider redirects to the UI's callback")
        .clone();
    assert!(callback.contains("code="), "the callback gets a code");
    assert_eq!(
        visited.last().unwrap(),
        &app.ui("/"),
        "after the callback the UI sends the user to its start page"
    );
    agent
}

#[tokio::test(flavor = "multi_thread")]
async fn oidc_sign_in_with_pkce_sets_a_hardened_session_cookie_and_names_the_user() {
    let Some(rig) = Rig::find("oidc_flow::oidc_sign_in…", Needs::Provider) else {
        return;
    };
    let (app, provider) = stack_with_provider(&rig, AppOptions::default()).await;

    // The callback's Set-Cookie, seen without following it.
    let agent = Agent::new();
    agent.visit_sign_in_page(&app).await;
    let start = agent
        .client
        .get(app.ui("/logga-in/oidc"))
        .send()
        .await
        .unwrap();
    let (_, visited) = agent.follow(location(&start)).await;
    let interaction = visited.last().unwrap().clone();
    let submitted = agent
        .client
        .post(format!("{interaction}/login"))
        .header(CONTENT_TYPE, FORM)
        .body(form(&[
            ("username", "handlaggare01"),
            ("password", "handlaggare01"),
        ]))
        .send()
        .await
        .unwrap();
    let mut url = submitted
        .url()
        .join(location(&submitted))
        .unwrap()
        .to_string();
    let callback_response = loop {
        let response = agent.client.get(&url).send().await.unwrap();
        if url.starts_with(&format!("{}{OIDC_CALLBACK_PATH}", app.base)) {
            break response;
        }
        assert!(response.status().is_redirection(), "redirects to the UI");
        url = response
            .url()
            .join(location(&response))
            .unwrap()
            .to_string();
    };
    assert_eq!(callback_response.status(), StatusCode::SEE_OTHER);
    let cookies: Vec<String> = callback_response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let session = cookies
        .iter()
        .find(|c| c.starts_with("underlag_ui="))
        .expect("the callback sets the session cookie");
    let lower = session.to_ascii_lowercase();
    assert!(lower.contains("httponly"), "session cookie is HttpOnly");
    assert!(
        lower.contains("samesite=lax"),
        "session cookie is SameSite=Lax"
    );
    assert!(
        lower.contains("path=/ui"),
        "session cookie is scoped to /ui"
    );

    // The same callback again (a replayed code and state) does not sign anyone in.
    let replay = Agent::new().client.get(&url).send().await.unwrap();
    assert!(
        replay.status().is_client_error(),
        "a replayed callback is refused, got {}",
        replay.status()
    );

    // Signed in: the start page names the user.
    let home = agent.client.get(app.ui("/")).send().await.unwrap();
    assert_eq!(
        home.status(),
        StatusCode::OK,
        "GET /ui/ (the start page of ROUTES.md, where sign-in lands)"
    );
    let body = home.text().await.unwrap();
    assert!(body.contains("data-testid=\"signed-in-user\""));
    assert!(body.contains("Handläggare Ett") || body.contains("handlaggare01"));

    // A callback with a forged state is refused with the UI's error page.
    let forged = Agent::new()
        .client
        .get(format!(
            "{}{OIDC_CALLBACK_PATH}?code=x&state=forged",
            app.base
        ))
        .send()
        .await
        .unwrap();
    assert!(forged.status().is_client_error());
    assert!(
        forged
            .text()
            .await
            .unwrap()
            .contains("data-testid=\"error-page\"")
    );

    // A user who cancels at the provider comes back refused, not signed in.
    let cancelling = Agent::new();
    cancelling.visit_sign_in_page(&app).await;
    let start = cancelling
        .client
        .get(app.ui("/logga-in/oidc"))
        .send()
        .await
        .unwrap();
    let (_, visited) = cancelling.follow(location(&start)).await;
    let aborted = cancelling
        .client
        .post(format!("{}/abort", visited.last().unwrap()))
        .header(CONTENT_TYPE, FORM)
        .body("")
        .send()
        .await
        .unwrap();
    let next = aborted.url().join(location(&aborted)).unwrap().to_string();
    let (back, visited) = cancelling.follow(&next).await;
    assert!(
        visited.iter().any(
            |u| u.starts_with(&format!("{}{OIDC_CALLBACK_PATH}", app.base))
                && u.contains("error=access_denied")
        ),
        "the provider reports the cancellation to the callback"
    );
    assert_eq!(back.status(), StatusCode::BAD_REQUEST);
    assert!(
        back.text()
            .await
            .unwrap()
            .contains("data-testid=\"error-page\"")
    );
    let home = cancelling.client.get(app.ui("/sok")).send().await.unwrap();
    assert_eq!(
        home.status(),
        StatusCode::SEE_OTHER,
        "after a cancelled sign-in the look-up form still asks for sign-in"
    );
    drop(provider);
    app.stop().await;
}

/// What each role may open: (path, handläggare, logguppföljare, administratör).
const PAGES: &[(&str, bool, bool, bool)] = &[
    ("/sok", true, false, false),
    ("/uppslag", true, false, false),
    ("/begrepp", true, false, false),
    ("/logg", false, true, false),
    ("/admin", false, false, true),
    ("/admin/arenden", false, false, true),
    ("/admin/anslutning/2120000142", false, false, true),
];

/// POST routes each role may not use, refused before anything is read.
const POSTS: &[(&str, &str)] = &[
    ("/sok", "handlaggare"),
    ("/logg/utdrag", "logguppfoljare"),
    ("/logg/person", "logguppfoljare"),
    ("/logg/indikatorer", "logguppfoljare"),
    ("/admin/arenden", "administrator"),
    ("/admin/arenden/hushall", "administrator"),
];

#[tokio::test(flavor = "multi_thread")]
async fn each_role_is_refused_every_page_it_may_not_see() {
    let Some(rig) = Rig::find("oidc_flow::each_role_is_refused…", Needs::Provider) else {
        return;
    };
    let (app, provider) = stack_with_provider(&rig, AppOptions::default()).await;
    let mut wrong = Vec::new();
    for (user, role) in [
        ("handlaggare01", Some("handlaggare")),
        ("logg01", Some("logguppfoljare")),
        ("admin01", Some("administrator")),
        ("ingenroll01", None),
    ] {
        let agent = sign_in(&app, &provider, user).await;
        for &(path, h, l, a) in PAGES {
            let allowed = match role {
                Some("handlaggare") => h,
                Some("logguppfoljare") => l,
                Some("administrator") => a,
                _ => false,
            };
            let response = agent.client.get(app.ui(path)).send().await.unwrap();
            let status = response.status();
            let body = response.text().await.unwrap();
            let refused = status == StatusCode::FORBIDDEN
                && body.contains("data-testid=\"error-page\"")
                && body.contains("data-status=\"403\"");
            if allowed && status != StatusCode::OK {
                wrong.push(format!("{user}: GET /ui{path} is {status}, expected 200"));
            }
            if !allowed && !refused {
                wrong.push(format!(
                    "{user}: GET /ui{path} is {status}, expected 403 with the error page"
                ));
            }
        }
        // A POST of a role the user lacks is refused (even with no CSRF token, it must not
        // be a 400 that reads the form first: 403 either way).
        for &(path, needed) in POSTS {
            if role == Some(needed) {
                continue;
            }
            let response = agent
                .client
                .post(app.ui(path))
                .header(CONTENT_TYPE, FORM)
                .body(form(&[("case_id", "EB-ROLL-1")]))
                .send()
                .await
                .unwrap();
            if response.status() != StatusCode::FORBIDDEN {
                wrong.push(format!(
                    "{user}: POST /ui{path} is {}, expected 403",
                    response.status()
                ));
            }
        }
    }
    // Signed out, every role page sends the browser to the sign-in page.
    let anonymous = Agent::new();
    for &(path, ..) in PAGES {
        let response = anonymous.client.get(app.ui(path)).send().await.unwrap();
        let to_sign_in = response.status() == StatusCode::SEE_OTHER
            && location(&response).ends_with("/ui/logga-in");
        if !to_sign_in {
            wrong.push(format!(
                "signed out: GET /ui{path} is {}, expected 303 to /ui/logga-in",
                response.status()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "role checks failed:\n  {}",
        wrong.join("\n  ")
    );
    drop(provider);
    app.stop().await;
}
