//! `POST/GET /api/v1/applications/{id}/events`: status events posted by a scripted case system
//! come back in the order received; a decision names the case worker and says whether the
//! system prepared the calculation; bad input is a 400 problem naming every field; an
//! unknown organisation is refused; the gateway keeps them in its store.

use axum::http::Method;
use serde_json::{Value, json};
use underlag_test_support::{Doorway, Reply, TestApp, json_request};

const ORG: &str = "2120000142";

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
