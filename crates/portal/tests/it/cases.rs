//! The case timeline over HTTP: a scripted case system posts status events for an application
//! sent through the portal (`POST /api/v1/applications/{id}/events`), and the applicant and
//! the co-applicant see them in order at `/mina-sidor/arenden/{id}`; a calculation prepared by
//! the system and decided by a case worker says exactly that; nobody else sees the case.

use axum::http::Method;
use reqwest::StatusCode;
use serde_json::{Value, json};
use underlag_test_support::{Doorway, TestApp, json_request};

use crate::app::{APPLICANT, App, CO_APPLICANT, ORGANISATION, PROTECTED};
use crate::application_flow::apply_with_household_of_two;
use crate::client::Browser;

/// The exact sentence of a decision on a calculation the system prepared.
const PREPARED: &str = "Beräkningen togs fram av systemet. Beslutet fattades av en handläggare.";

/// The scripted case system: received, documents requested, it takes longer, decided (on a
/// calculation the system prepared), paid.
pub(crate) async fn post_script(app: &TestApp, application_id: &str) {
    let event = |kind: &str, at: &str, message: &str| json!({ "organisation": ORGANISATION, "kind": kind, "occurred_at": at, "message": message });
    let script: [Value; 5] = [
        event(
            "mottagen",
            "2026-11-02T08:00:00+01:00",
            "Vi har tagit emot din ansökan.",
        ),
        event(
            "komplettering_begard",
            "2026-11-03T10:15:00+01:00",
            "Skicka in kontoutdrag för oktober.",
        ),
        event(
            "handlaggningen_tar_langre_tid",
            "2026-11-05T09:00:00+01:00",
            "Handläggningen tar längre tid än vanligt.",
        ),
        json!({
            "organisation": ORGANISATION,
            "kind": "beslutad",
            "occurred_at": "2026-11-10T14:00:00+01:00",
            "message": "Du har fått ett beslut.",
            "decision": { "decided_by": "hl-test", "calculation_prepared_by_system": true }
        }),
        event(
            "utbetald",
            "2026-11-12T06:00:00+01:00",
            "Pengarna är utbetalda.",
        ),
    ];
    for body in script {
        let reply = app
            .call(json_request(
                Method::POST,
                &format!("/api/v1/applications/{application_id}/events"),
                Some(&body),
            ))
            .await;
        assert_eq!(reply.status, 201, "{}", reply.text);
    }
}

/// The application id of a receipt path.
pub(crate) fn application_id(receipt_path: &str) -> String {
    receipt_path
        .trim_start_matches("/mina-sidor/ansokningar/")
        .trim_end_matches("?kvitto=1")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn status_events_from_a_scripted_case_system_appear_in_order() {
    let app = App::start().await;
    let applicant = Browser::new(&app);
    applicant.sign_in(APPLICANT).await;
    let id = application_id(&apply_with_household_of_two(&applicant).await);

    // Before any event.
    let empty = applicant.get(&format!("/mina-sidor/arenden/{id}")).await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.body);
    assert!(empty.body.contains("data-testid=\"no-events\""));

    post_script(&app, &id).await;
    let list = applicant.get("/mina-sidor/arenden").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(&format!("/mina-sidor/arenden/{id}")));
    assert!(list.body.contains("Utbetalt"), "the latest event");

    let page = applicant.get(&format!("/mina-sidor/arenden/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.body.matches("data-testid=\"timeline-event\"").count(),
        5
    );
    let order = [
        "Ansökan mottagen",
        "Komplettering begärd",
        "Handläggningen tar längre tid",
        "Beslut fattat",
        "Utbetalt",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|label| {
            page.body
                .find(&format!(">{label}</h3>"))
                .unwrap_or_else(|| panic!("{label} on the timeline"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    assert_eq!(page.body.matches(PREPARED).count(), 1);
    assert!(page.body.contains("Skicka in kontoutdrag för oktober."));
    assert!(
        !page.body.contains("hl-test"),
        "the case worker is not named"
    );

    // The co-applicant sees the same case; someone else does not.
    let co = Browser::new(&app);
    co.sign_in(CO_APPLICANT).await;
    let theirs = co.get(&format!("/mina-sidor/arenden/{id}")).await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert_eq!(theirs.body.matches(PREPARED).count(), 1);
    let other = Browser::new(&app);
    other.sign_in(PROTECTED).await;
    let refused = other.get(&format!("/mina-sidor/arenden/{id}")).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert!(!refused.body.contains("Beslut fattat"));
    let none = other.get("/mina-sidor/arenden").await;
    assert!(none.body.contains("data-testid=\"no-cases\""));
    let unknown = applicant.get("/mina-sidor/arenden/ANS-OKAND").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    app.stop().await;
}
