//! `POST/GET /api/v1/applications/{id}/events`: status events posted by a scripted case system
//! come back in the order received; a decision names the case worker and says whether the
//! system prepared the calculation; bad input is a 400 problem naming every field; an
//! unknown organisation is refused; the gateway keeps them in its store. Events belong to a
//! stored application: an id that is not stored is a 404 `application-not-found`, another
//! organisation's application a 403 `application-forbidden`.

use axum::http::Method;
use jiff::Timestamp;
use serde_json::{Value, json};
use underlag_audit::{AuditKind, AuditRecord, Channel};
use underlag_domain::Personnummer;
use underlag_store::ApplicationRow;
use underlag_test_support::{Doorway, Reply, TestApp, json_request};

const ORG: &str = "2120000142";

/// Another organisation (the application was sent there, not to ORG).
const OTHER_ORG: &str = "5560360793";

/// Stores an application sent to `organisation`, as the applicant portal does (with its
/// `application_submitted` record); the events routes read only its id and organisation.
async fn store_application(app: &TestApp, id: &str, organisation: &str) {
    let applicant = Personnummer::parse_canonical("198603052393").unwrap();
    let now = Timestamp::now();
    let row = ApplicationRow {
        id: id.to_owned(),
        reference: format!("REF-{id}"),
        organisation: organisation.to_owned(),
        applicant: applicant.clone(),
        co_applicant: None,
        month: "2026-11".to_owned(),
        submitted_at: now,
        co_applicant_confirmed_at: None,
        document: "{}".to_owned(),
    };
    let record = AuditRecord::builder(AuditKind::ApplicationSubmitted, id, now, Channel::Ui)
        .organisation_str(organisation)
        .case_worker("sokande")
        .subject(&applicant)
        .build();
    app.gateway
        .applications
        .submit_application(&row, &[], record)
        .await
        .unwrap();
}

async fn post(app: &TestApp, application: &str, body: Value) -> Reply {
    app.call(json_request(
        Method::POST,
        &format!("/api/v1/applications/{application}/events"),
        Some(&body),
    ))
    .await
}

async fn list(app: &TestApp, application: &str, organisation: &str) -> Reply {
    app.call(json_request(
        Method::GET,
        &format!("/api/v1/applications/{application}/events?organisation={organisation}"),
        None,
    ))
    .await
}

fn event(kind: &str, at: &str, message: &str) -> Value {
    json!({ "organisation": ORG, "kind": kind, "occurred_at": at, "message": message })
}

#[tokio::test]
async fn a_scripted_case_system_posts_events_that_come_back_in_order() {
    let app = TestApp::start().await;
    store_application(&app, "ANS-2026-0001", ORG).await;
    store_application(&app, "ANS-2026-0002", ORG).await;
    // A scripted case system: received, documents requested, it takes longer, decided, paid.
    let script = [
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
            "organisation": ORG,
            "kind": "beslutad",
            "occurred_at": "2026-11-10T14:00:00+01:00",
            "message": "Du har fått ett beslut.",
            "decision": { "decided_by": "Handläggare Anna", "calculation_prepared_by_system": true }
        }),
        event(
            "utbetald",
            "2026-11-12T06:00:00+01:00",
            "Pengarna är utbetalda.",
        ),
    ];
    for (i, body) in script.iter().enumerate() {
        let Reply { status, body, .. } = post(&app, "ANS-2026-0001", body.clone()).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(body["seq"], i as u64 + 1);
    }
    // Another application's events are apart.
    let other = post(
        &app,
        "ANS-2026-0002",
        event("mottagen", "2026-11-02T08:00:00Z", "Mottagen."),
    )
    .await;
    assert_eq!(other.status, 201);
    assert_eq!(other.body["seq"], 1);

    let Reply { status, body, .. } = list(&app, "ANS-2026-0001", ORG).await;
    assert_eq!(status, 200, "{body}");
    let kinds: Vec<&str> = body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        vec![
            "mottagen",
            "komplettering_begard",
            "handlaggningen_tar_langre_tid",
            "beslutad",
            "utbetald"
        ]
    );
    let decided = &body["events"][3];
    assert_eq!(decided["decision"]["decided_by"], "Handläggare Anna");
    assert_eq!(decided["decision"]["calculation_prepared_by_system"], true);
    assert!(body["events"][0].get("decision").is_none());
    assert_eq!(
        body["events"][1]["message"],
        "Skicka in kontoutdrag för oktober."
    );
    // Kept in the gateway's database.
    let stored = app.gateway.consents.events("ANS-2026-0001").await.unwrap();
    assert_eq!(stored.len(), 5);
    assert_eq!(stored[3].decided_by.as_deref(), Some("Handläggare Anna"));
    app.stop().await;
}

#[tokio::test]
async fn bad_events_are_problems_naming_each_field() {
    let app = TestApp::start().await;
    store_application(&app, "ANS-1", ORG).await;
    let Reply {
        status,
        body,
        content_type,
        ..
    } = post(
        &app,
        "ANS-1",
        json!({ "organisation": "123", "kind": "okänd", "occurred_at": "igår" }),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(content_type, "application/problem+json");
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for field in ["organisation", "kind", "occurred_at", "message"] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
    assert!(!body.to_string().contains("igår"), "no input echoed");

    // A decision must name a human, and only a decision carries one.
    let no_human = post(
        &app,
        "ANS-1",
        json!({ "organisation": ORG, "kind": "beslutad", "occurred_at": "2026-11-10T14:00:00Z",
                "message": "Beslut.", "decision": { "decided_by": "system", "calculation_prepared_by_system": true } }),
    )
    .await;
    assert_eq!(no_human.status, 400);
    assert_eq!(no_human.body["errors"][0]["field"], "decision.decided_by");
    let missing = post(
        &app,
        "ANS-1",
        event("beslutad", "2026-11-10T14:00:00Z", "Beslut."),
    )
    .await;
    assert_eq!(missing.status, 400);
    assert_eq!(missing.body["errors"][0]["field"], "decision");
    let stray = post(
        &app,
        "ANS-1",
        json!({ "organisation": ORG, "kind": "mottagen", "occurred_at": "2026-11-10T14:00:00Z",
                "message": "x", "decision": { "decided_by": "Anna", "calculation_prepared_by_system": false } }),
    )
    .await;
    assert_eq!(stray.status, 400);
    // A bad application id, an unknown field.
    let bad_id = post(
        &app,
        "ANS%20X",
        event("mottagen", "2026-11-10T14:00:00Z", "x"),
    )
    .await;
    assert_eq!(bad_id.status, 400);
    assert_eq!(bad_id.body["errors"][0]["field"], "application_id");
    let unknown = post(
        &app,
        "ANS-1",
        json!({ "organisation": ORG, "colour": "red" }),
    )
    .await;
    assert_eq!(unknown.status, 400);
    // An organisation without a connection is refused (and audited).
    let refused = post(
        &app,
        "ANS-1",
        json!({ "organisation": "5560360793", "kind": "mottagen", "occurred_at": "2026-11-10T14:00:00Z", "message": "x" }),
    )
    .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let listed = list(&app, "ANS-1", ORG).await;
    assert_eq!(listed.status, 200);
    assert_eq!(
        listed.body["events"].as_array().unwrap().len(),
        0,
        "nothing was stored"
    );
    app.stop().await;
}

#[tokio::test]
async fn events_belong_to_a_stored_application_of_the_organisation() {
    let app = TestApp::start().await;
    store_application(&app, "ANS-OWN", ORG).await;
    store_application(&app, "ANS-THEIRS", OTHER_ORG).await;
    let received = event("mottagen", "2026-11-02T08:00:00Z", "Mottagen.");

    // Not stored: 404 naming the application id, on both methods; nothing kept.
    let unknown = post(&app, "ANS-UNKNOWN", received.clone()).await;
    assert_eq!(unknown.status, 404, "{}", unknown.body);
    assert_eq!(unknown.content_type, "application/problem+json");
    assert_eq!(
        unknown.body["type"],
        "urn:underlag:problem:application-not-found"
    );
    assert_eq!(unknown.body["field"], "application_id");
    let unknown_list = list(&app, "ANS-UNKNOWN", ORG).await;
    assert_eq!(unknown_list.status, 404);
    assert_eq!(
        unknown_list.body["type"],
        "urn:underlag:problem:application-not-found"
    );
    assert!(
        app.gateway
            .consents
            .events("ANS-UNKNOWN")
            .await
            .unwrap()
            .is_empty()
    );

    // Another organisation's application: 403, nothing kept or disclosed.
    let theirs = post(&app, "ANS-THEIRS", received.clone()).await;
    assert_eq!(theirs.status, 403, "{}", theirs.body);
    assert_eq!(
        theirs.body["type"],
        "urn:underlag:problem:application-forbidden"
    );
    assert_eq!(theirs.body["field"], "organisation");
    let theirs_list = list(&app, "ANS-THEIRS", ORG).await;
    assert_eq!(theirs_list.status, 403);
    assert_eq!(
        theirs_list.body["type"],
        "urn:underlag:problem:application-forbidden"
    );
    assert!(
        app.gateway
            .consents
            .events("ANS-THEIRS")
            .await
            .unwrap()
            .is_empty()
    );

    // Its own: accepted and listed.
    let own = post(&app, "ANS-OWN", received).await;
    assert_eq!(own.status, 201, "{}", own.body);
    let own_list = list(&app, "ANS-OWN", ORG).await;
    assert_eq!(own_list.body["events"].as_array().unwrap().len(), 1);
    app.stop().await;
}
