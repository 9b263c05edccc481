//! Log follow-up and administration over HTTP (every view of audit data is itself audited),
//! and the look-up form's Swedish messages for bad input.

use reqwest::StatusCode;
use underlag_audit::{AuditKind, Channel};
use underlag_store::AuditFilter;

use crate::app::{ALL_SOURCES_PERSON, App, HOUSEHOLD_PARTNER};
use crate::client::Browser;

#[tokio::test]
async fn log_follow_up_shows_the_look_up_and_who_looked_up_the_person_and_is_audited() {
    let app = App::start().await;
    let handlaggare = Browser::sign_in(&app, "handlaggare01").await;
    handlaggare
        .look_up(
            "EB-LOGG-1",
            &[ALL_SOURCES_PERSON, HOUSEHOLD_PARTNER],
            "2026-10",
        )
        .await;
    let logg = Browser::sign_in(&app, "logg01").await;
    let csrf = logg.csrf("/ui/logg").await;
    let today = underlag_service::clock::today_in_sweden().to_string();
    let extract = logg
        .post(
            "/ui/logg/utdrag",
            &[
                ("csrf_token", &csrf),
                ("from", &today),
                ("to", &today),
                ("case_worker", "handlaggare01"),
            ],
        )
        .await;
    assert_eq!(extract.status, StatusCode::OK, "{}", extract.body);
    assert!(extract.body.contains("data-testid=\"audit-extract\""));
    let queries = extract
        .body
        .matches(
            "data-kind=\"query\" data-case-worker=\"handlaggare01\" data-case-id=\"EB-LOGG-1\"",
        )
        .count();
    assert_eq!(queries, 2, "one audited query per member");
    let who = logg
        .post(
            "/ui/logg/person",
            &[("csrf_token", &csrf), ("who_person", ALL_SOURCES_PERSON)],
        )
        .await;
    assert_eq!(who.status, StatusCode::OK);
    assert!(who.body.contains("data-testid=\"who-looked-up\""));
    assert!(who.body.contains(
        "data-kind=\"query\" data-case-worker=\"handlaggare01\" data-case-id=\"EB-LOGG-1\""
    ));
    assert!(
        !who.body.contains("19880512-2390") && !who.body.contains(HOUSEHOLD_PARTNER),
        "only the asked person"
    );
    let indicators = logg
        .post(
            "/ui/logg/indikatorer",
            &[
                ("csrf_token", &csrf),
                ("ind_from", &today),
                ("ind_to", &today),
            ],
        )
        .await;
    assert_eq!(indicators.status, StatusCode::OK);
    assert!(indicators.body.contains("data-testid=\"indicators\""));
    // Each view left an admin record naming the viewer (the person's view names the person).
    let records = app
        .gateway
        .store
        .query(AuditFilter::default())
        .await
        .unwrap();
    let views: Vec<_> = records
        .iter()
        .filter(|r| r.record.kind == AuditKind::Admin && r.record.channel == Channel::Ui)
        .filter(|r| r.record.case_worker == "logg01")
        .collect();
    let what: Vec<&str> = views
        .iter()
        .filter_map(|r| r.record.refusal.as_deref())
        .collect();
    assert_eq!(
        what,
        [
            "logguppfoljning.utdrag",
            "logguppfoljning.vem-har-slagit-upp",
            "logguppfoljning.indikatorer"
        ]
    );
    assert_eq!(
        views[1].record.subject.as_ref().map(|p| p.expose()),
        Some(ALL_SOURCES_PERSON)
    );
    // A missing date is named in Swedish.
    let bad = logg.post("/ui/logg/utdrag", &[("csrf_token", &csrf)]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("Ange från-datum."));
    app.stop().await;
}

#[tokio::test]
async fn administration_lists_connections_and_reads_and_registers_households() {
    let app = App::start().await;
    let admin = Browser::sign_in(&app, "admin01").await;
    let connections = admin.get("/ui/admin").await;
    assert!(connections.body.contains("data-testid=\"connections\""));
    assert!(
        connections
            .body
            .contains("<tr data-organisation=\"2120000142\">")
    );
    assert!(connections.body.contains("Exempelkommun"));
    let csrf = admin.csrf("/ui/admin/arenden").await;
    let members = format!("{ALL_SOURCES_PERSON}\n{HOUSEHOLD_PARTNER}");
    let saved = admin
        .post(
            "/ui/admin/arenden/hushall",
            &[
                ("csrf_token", &csrf),
                ("case_id", "EB-ADMIN-1"),
                ("members", &members),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(
        saved
            .body
            .contains("data-case-id=\"EB-ADMIN-1\" data-status=\"open\"")
    );
    let read = admin
        .post(
            "/ui/admin/arenden",
            &[
                ("csrf_token", &csrf),
                ("case_id", "EB-ADMIN-1"),
                ("purpose", "EKB-UTREDNING"),
            ],
        )
        .await;
    assert!(read.body.contains("19860305-2393"));
    assert!(read.body.contains("19880512-2390"));
    let unknown = admin
        .post(
            "/ui/admin/arenden",
            &[
                ("csrf_token", &csrf),
                ("case_id", "EB-NONE"),
                ("purpose", "EKB-UTREDNING"),
            ],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(unknown.body.contains("Ärendet finns inte"));
    // The read was audited as household reads by admin01.
    let records = app
        .gateway
        .store
        .query(AuditFilter::default())
        .await
        .unwrap();
    let reads = records
        .iter()
        .filter(|r| r.record.kind == AuditKind::CaseRead && r.record.case_worker == "admin01")
        .count();
    assert_eq!(reads, 2);
    app.stop().await;
}

#[tokio::test]
async fn bad_input_names_each_field_in_swedish_and_is_not_echoed_unsafely() {
    let app = App::start().await;
    let browser = Browser::sign_in(&app, "handlaggare01").await;
    let csrf = browser.csrf("/ui/sok").await;
    let hostile = "<script>alert(1)</script>";
    let members = format!("{ALL_SOURCES_PERSON}\n{hostile}");
    let page = browser
        .post(
            "/ui/sok",
            &[
                ("csrf_token", &csrf),
                ("case_id", ""),
                ("members", &members),
                ("application_month", "oktober"),
                ("purpose", "EKB-UTREDNING"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let body = &page.body;
    assert!(body.contains("data-testid=\"error-summary\""));
    for (field, message) in [
        ("case_id", "Ange ärendeidentitet."),
        (
            "members",
            "Hushållets medlemmar: rad 2 är inte ett giltigt personnummer",
        ),
        ("application_month", "Ansökningsmånad ska anges som ÅÅÅÅ-MM"),
        ("sources", "Källor: välj minst en källa."),
    ] {
        assert!(
            body.contains(&format!("<a class=\"error-list__link\" href=\"#{field}\">")),
            "{field}"
        );
        assert!(
            body.contains(&format!("data-testid=\"field-error-{field}\"")),
            "{field}"
        );
        assert!(body.contains(message), "{message}");
    }
    assert!(body.contains("aria-invalid=\"true\""));
    assert!(!body.contains(hostile), "the typed text is escaped");
    assert!(page.title().starts_with("Fel i formuläret"));
    app.stop().await;
}
