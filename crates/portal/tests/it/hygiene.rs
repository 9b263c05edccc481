//! The portal's hygiene: security headers and a strict CSP on every page, sign-in required,
//! CSRF tokens checked, the demo sign-in only when offered, and a person with protected
//! identity who completes an application sees no location data on any page (the unit as
//! configured).

use reqwest::StatusCode;

use crate::app::{APPLICANT, App, PROTECTED};
use crate::application_flow::apply_with_household_of_two;
use crate::client::Browser;

#[tokio::test(flavor = "multi_thread")]
async fn pages_need_a_sign_in_carry_the_security_headers_and_check_csrf() {
    let app = App::start().await;
    let browser = Browser::new(&app);
    let start = browser.get("/mina-sidor/").await;
    assert_eq!(start.status, StatusCode::SEE_OTHER);
    assert_eq!(start.location(), "/mina-sidor/logga-in");
    let form = browser.get("/mina-sidor/ansokan/ny").await;
    assert_eq!(form.location(), "/mina-sidor/logga-in");
    let signin = browser.get("/mina-sidor/logga-in").await;
    assert!(
        signin
            .header("content-security-policy")
            .contains("script-src 'self'")
    );
    assert_eq!(signin.header("x-frame-options"), "DENY");
    assert_eq!(signin.header("cache-control"), "no-store");
    let cookie = signin.header("set-cookie").to_owned();
    assert!(cookie.contains("Path=/mina-sidor") && cookie.contains("HttpOnly"));
    // A demo sign-in without the page's token is refused.
    let forged = browser
        .post(
            "/mina-sidor/logga-in/demo",
            &[("csrf_token", "x"), ("person", APPLICANT)],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    // Only the seeded persons can be signed in as.
    let other = browser
        .post(
            "/mina-sidor/logga-in/demo",
            &[("csrf_token", &signin.csrf()), ("person", "194705193748")],
        )
        .await;
    assert_eq!(other.status, StatusCode::BAD_REQUEST);
    browser.sign_in(APPLICANT).await;
    let start = browser.get("/mina-sidor/").await;
    assert_eq!(start.status, StatusCode::OK);
    assert!(
        start.body.contains("Storgatan 1"),
        "the unit's address for an unprotected person"
    );
    let post = browser
        .post("/mina-sidor/ansokan/ny", &[("kind", "ny")])
        .await;
    assert_eq!(
        post.status,
        StatusCode::FORBIDDEN,
        "a form without the token"
    );
    let asset = browser.get("/mina-sidor/assets/fkui/fkui.css").await;
    assert_eq!(asset.status, StatusCode::OK);
    // Sign-out drops the session.
    let csrf = browser.csrf().await;
    let out = browser
        .post("/mina-sidor/logga-ut", &[("csrf_token", &csrf)])
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        browser.get("/mina-sidor/").await.location(),
        "/mina-sidor/logga-in"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_the_demo_setting_there_is_no_demo_sign_in() {
    let app = App::start_with(|s| s.portal.demo_sign_in = false).await;
    let browser = Browser::new(&app);
    let page = browser.get("/mina-sidor/logga-in").await;
    assert!(!page.body.contains("demo-signin-form"));
    // Without a sign-in configured the page has no form at all (and so no token).
    assert!(page.body.contains("Inloggningen är inte konfigurerad"));
    let tried = browser
        .post(
            "/mina-sidor/logga-in/demo",
            &[("csrf_token", "x"), ("person", APPLICANT)],
        )
        .await;
    assert_eq!(tried.status, StatusCode::NOT_FOUND);
    app.stop().await;
}

/// Words and values that would locate a person or the unit that serves them.
const LOCATION_MARKERS: [&str; 7] = [
    "Storgatan",
    "123 45",
    "Exempelstad",
    "010-123 45 67",
    "Telefon",
    "adress",
    "c/o",
];

#[tokio::test(flavor = "multi_thread")]
async fn a_person_with_protected_identity_applies_and_sees_no_location_data() {
    let app = App::start().await;
    let browser = Browser::new(&app);
    browser.sign_in(PROTECTED).await;
    let receipt = apply_with_household_of_two(&browser).await;
    let id = crate::cases::application_id(&receipt);
    crate::cases::post_script(&app, &id).await;
    crate::insyn::look_up_twice(&app, PROTECTED).await;
    let pages = [
        "/mina-sidor/".to_owned(),
        "/mina-sidor/ansokan/ny".to_owned(),
        "/mina-sidor/ansokningar".to_owned(),
        receipt,
        "/mina-sidor/insyn".to_owned(),
        "/mina-sidor/insyn/utskrift".to_owned(),
        "/mina-sidor/insyn/registerutdrag.json".to_owned(),
        "/mina-sidor/arenden".to_owned(),
        format!("/mina-sidor/arenden/{id}"),
    ];
    for path in pages {
        let page = browser.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        for marker in LOCATION_MARKERS {
            assert!(
                !page.body.to_lowercase().contains(&marker.to_lowercase()),
                "{path} shows {marker:?} to a person with protected identity"
            );
        }
    }
    let start = browser.get("/mina-sidor/").await;
    assert!(start.body.contains("Kontakta kommunens växel"));
    let record = app
        .records()
        .await
        .into_iter()
        .find(|r| r.kind == underlag_audit::AuditKind::ApplicationSubmitted)
        .unwrap();
    assert!(record.protected, "the record is marked sensitive");
    app.stop().await;
}
