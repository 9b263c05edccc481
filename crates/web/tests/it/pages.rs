//! The UI's pages over HTTP: sign-in, headers, roles, CSRF, the look-up and the overview.

use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, CONTENT_TYPE, SET_COOKIE};

use crate::app::{ALL_SOURCES_PERSON, App, HOUSEHOLD_PARTNER};
use crate::client::Browser;

#[tokio::test]
async fn the_sign_in_page_sets_a_hardened_session_cookie_and_strict_headers() {
    let app = App::start().await;
    let browser = Browser::new(&app);
    let page = browser.get("/ui/logga-in").await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    for part in [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
    ] {
        assert!(csp.contains(part), "{csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(page.headers[CACHE_CONTROL], "no-store");
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
    assert_eq!(page.headers["x-frame-options"], "DENY");
    let cookie = page.headers[SET_COOKIE].to_str().unwrap();
    for part in ["underlag_ui=", "HttpOnly", "SameSite=Lax", "Path=/ui"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP on loopback: {cookie}"
    );
    assert!(page.body.contains("Demoinloggning"));
    assert!(page.body.contains("<html lang=\"sv\">"));
    assert!(!page.body.contains("style="), "no inline style");
    assert!(!page.body.contains("<script>"), "no inline script");
    let css = browser.get("/ui/assets/fkui/fkui.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(
        css.headers[CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("max-age=31536000")
    );
    assert!(
        css.headers[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    app.stop().await;
}

#[tokio::test]
async fn demo_sign_in_renews_the_session_and_sign_out_drops_it() {
    let app = App::start().await;
    let browser = Browser::new(&app);
    let before = browser.get("/ui/logga-in").await;
    let old_cookie = before.headers[SET_COOKIE].to_str().unwrap().to_owned();
    let signed = browser
        .post(
            "/ui/logga-in/demo",
            &[("csrf_token", &before.csrf()), ("user", "handlaggare01")],
        )
        .await;
    let new_cookie = signed.headers[SET_COOKIE].to_str().unwrap();
    assert_ne!(old_cookie.split(';').next(), new_cookie.split(';').next());
    let start = browser.get("/ui/").await;
    assert_eq!(start.status, StatusCode::OK);
    assert!(start.body.contains("data-testid=\"signed-in-user\""));
    let csrf = start.csrf();
    let out = browser.post("/ui/logga-ut", &[("csrf_token", &csrf)]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(out.location(), "/ui/logga-in");
    let after = browser.get("/ui/sok").await;
    assert_eq!(
        after.status,
        StatusCode::SEE_OTHER,
        "signed out: back to sign-in"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_post_without_the_sessions_csrf_token_is_refused() {
    let app = App::start().await;
    let browser = Browser::sign_in(&app, "handlaggare01").await;
    for token in ["", "0000"] {
        let refused = browser
            .post(
                "/ui/sok",
                &[
                    ("csrf_token", token),
                    ("case_id", "EB-CSRF"),
                    ("members", ALL_SOURCES_PERSON),
                    ("application_month", "2026-10"),
                    ("purpose", "EKB-UTREDNING"),
                    ("sources", "fk"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert!(
            refused.body.contains("data-reason=\"csrf\""),
            "{}",
            refused.body
        );
    }
    // The demo sign-in too.
    let anonymous = Browser::new(&app);
    let _ = anonymous.get("/ui/logga-in").await;
    let refused = anonymous
        .post("/ui/logga-in/demo", &[("user", "admin01")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    app.stop().await;
}

#[tokio::test]
async fn a_look_up_of_a_household_of_two_shows_all_seven_sources_per_member() {
    let app = App::start().await;
    let browser = Browser::sign_in(&app, "handlaggare01").await;
    let form = browser.get("/ui/sok").await;
    for slug in ["fk", "af", "csn", "skv", "so", "tns", "miv"] {
        assert!(
            form.body.contains(&format!(
                "id=\"sources-{slug}\" name=\"sources\" value=\"{slug}\" checked"
            )),
            "{slug} is preselected from the entitlements"
        );
    }
    let path = browser
        .look_up(
            "EB-2026-0101",
            &[ALL_SOURCES_PERSON, HOUSEHOLD_PARTNER],
            "2026-10",
        )
        .await;
    let page = browser.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("data-testid=\"overview\""));
    for member in [ALL_SOURCES_PERSON, HOUSEHOLD_PARTNER] {
        for slug in ["fk", "af", "csn", "skv", "so", "tns", "miv"] {
            let row =
                format!("<tr data-member=\"{member}\" data-source=\"{slug}\" data-outcome=\"");
            assert!(page.body.contains(&row), "{slug} for a member");
        }
    }
    assert!(page.body.contains("data-month-role=\"M-1\""));
    assert!(page.body.contains("data-month-role=\"M-2\""));
    assert!(page.body.contains("data-testid=\"totals\""));
    assert!(page.title().contains("EB-2026-0101"));
    assert!(!page.title().contains(ALL_SOURCES_PERSON));
    assert_eq!(page.headers[CACHE_CONTROL], "no-store");
    app.stop().await;
}
