//! Roles: every page refuses a role without rights (403, Swedish page), and sends a signed-out
//! browser to the sign-in page (GET) or refuses it (POST).

use reqwest::StatusCode;

use crate::app::{ALL_SOURCES_PERSON, App};
use crate::client::Browser;

/// Every role-bound GET page, with the role that may see it.
const PAGES: [(&str, &str); 8] = [
    ("/ui/sok", "handlaggare01"),
    ("/ui/uppslag", "handlaggare01"),
    ("/ui/begrepp", "handlaggare01"),
    ("/ui/logg", "logg01"),
    ("/ui/admin", "admin01"),
    ("/ui/admin/anslutning/2120000142", "admin01"),
    ("/ui/admin/arenden", "admin01"),
    ("/ui/uppslag/LOOKUP", "handlaggare01"),
];

/// Every role-bound POST, with the role that may use it.
const POSTS: [(&str, &str); 6] = [
    ("/ui/sok", "handlaggare01"),
    ("/ui/logg/utdrag", "logg01"),
    ("/ui/logg/person", "logg01"),
    ("/ui/logg/indikatorer", "logg01"),
    ("/ui/admin/arenden", "admin01"),
    ("/ui/admin/arenden/hushall", "admin01"),
];

#[tokio::test]
async fn every_page_refuses_a_role_without_rights_and_a_signed_out_browser() {
    let app = App::start().await;
    let handlaggare = Browser::sign_in(&app, "handlaggare01").await;
    let lookup = handlaggare
        .look_up("EB-ROLES-1", &[ALL_SOURCES_PERSON], "2026-10")
        .await;
    let id = lookup.trim_start_matches("/ui/uppslag/").to_owned();
    let mut pages: Vec<(String, &str)> = PAGES
        .iter()
        .map(|(p, r)| (p.replace("LOOKUP", &id), *r))
        .collect();
    for suffix in [
        "/utskrift",
        "/oversikt.csv",
        "/medlem/1/kalla/fk",
        "/medlem/1/kalla/fk/radata",
    ] {
        pages.push((format!("{lookup}{suffix}"), "handlaggare01"));
    }
    let mut failures = Vec::new();
    for user in ["handlaggare01", "logg01", "admin01"] {
        let browser = if user == "handlaggare01" {
            handlaggare.clone_session()
        } else {
            Browser::sign_in(&app, user).await
        };
        for (path, owner) in &pages {
            let page = browser.get(path).await;
            let expected = if *owner == user {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            };
            if page.status != expected {
                failures.push(format!(
                    "{user}: GET {path} is {}, expected {expected}",
                    page.status
                ));
            }
            if expected == StatusCode::FORBIDDEN
                && !(page.body.contains("Åtkomst nekad")
                    && page.body.contains("data-status=\"403\""))
            {
                failures.push(format!("{user}: GET {path} lacks the Swedish 403 page"));
            }
        }
        let csrf = browser.csrf("/ui/").await;
        for (path, owner) in POSTS {
            if owner == user {
                continue;
            }
            let page = browser.post(path, &[("csrf_token", &csrf)]).await;
            if page.status != StatusCode::FORBIDDEN || !page.body.contains("Åtkomst nekad") {
                failures.push(format!(
                    "{user}: POST {path} is {}, expected 403",
                    page.status
                ));
            }
        }
    }
    let anonymous = Browser::new(&app);
    for (path, _) in &pages {
        let page = anonymous.get(path).await;
        if page.status != StatusCode::SEE_OTHER || page.location() != "/ui/logga-in" {
            failures.push(format!("signed out: GET {path} is {}", page.status));
        }
    }
    for (path, _) in POSTS {
        let page = anonymous.post(path, &[("csrf_token", "x")]).await;
        if page.status != StatusCode::FORBIDDEN {
            failures.push(format!("signed out: POST {path} is {}", page.status));
        }
    }
    // Another user's look-up is not found, even with the role.
    let other = Browser::sign_in(&app, "handlaggare01").await;
    let foreign = other.get(&lookup).await;
    if foreign.status != StatusCode::NOT_FOUND {
        failures.push(format!("another session's look-up is {}", foreign.status));
    }
    assert!(
        failures.is_empty(),
        "role checks failed:\n  {}",
        failures.join("\n  ")
    );
    app.stop().await;
}
