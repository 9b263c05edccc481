//! Input hygiene of `POST /api/v1/queries`: free text without control or bidirectional
//! formatting characters, lengths counted as sent, caller periods from 1900 on, and no
//! input value ever repeated in a problem document.

use axum::http::StatusCode;
use serde_json::{Value, json};
use underlag_test_support::fixtures::fixed_query;
use underlag_test_support::{Doors, Doorway, Reply};

/// The free-text fields of the request, by JSON pointer and the field name errors use.
const FREE_TEXT: [(&str, &str); 7] = [
    ("/organisation_name", "organisation_name"),
    ("/case_worker", "case_worker"),
    ("/case_id", "case_id"),
    ("/purpose", "purpose"),
    ("/legal_basis", "legal_basis"),
    ("/correlation_id", "correlation_id"),
    ("/data_processors/0/name", "data_processors[0].name"),
];

/// The valid request with a data processor and a correlation id, and one member set.
fn with(pointer: &str, value: Value) -> Value {
    let mut body = fixed_query();
    body["data_processors"] = json!([{"organisation": "5566778899", "name": "Exempel Drift AB"}]);
    body["correlation_id"] = json!("vs-1");
    set(&mut body, pointer, value);
    body
}

fn set(body: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    body.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {parent}"))
        .insert(key.to_owned(), value);
}

/// Posts `body` and checks it is refused with a 400 problem, no lookup and no audit record.
async fn refused(body: Value) -> Value {
    Doors::new().assert_invalid(&body).await
}

async fn status_of(body: Value) -> StatusCode {
    Doors::new().post_query(&body).await.status
}

#[tokio::test]
async fn the_base_request_of_these_tests_is_answered() {
    assert_eq!(
        status_of(with("/case_worker", json!("hl001"))).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn case_worker_with_escape_is_refused() {
    let problem = refused(with("/case_worker", json!("hl001\u{1b}[2J"))).await;
    assert_eq!(problem["field"], "case_worker");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("control characters")
    );
}

#[tokio::test]
async fn case_worker_with_line_break_is_refused() {
    let problem = refused(with("/case_worker", json!("hl001\r\nhl002 OK"))).await;
    assert_eq!(problem["field"], "case_worker");
}

#[tokio::test]
async fn control_and_bidi_characters_are_refused_in_every_free_text_field() {
    for (pointer, field) in FREE_TEXT {
        for bad in [
            "a\u{0}b",
            "a\rb",
            "a\nb",
            "a\u{1b}b",
            "a\tb",
            "a\u{85}b",
            "a\u{202E}b",
            "a\u{2066}b",
        ] {
            let problem = refused(with(pointer, json!(bad))).await;
            assert_eq!(problem["field"], field, "{pointer} = {bad:?}: {problem}");
            assert_eq!(problem["errors"].as_array().unwrap().len(), 1, "{problem}");
        }
    }
}

#[tokio::test]
async fn length_is_counted_before_trimming() {
    for (pointer, field) in FREE_TEXT {
        let at_limit = format!("EKB-UTREDNING {}", "å".repeat(486));
        assert_eq!(at_limit.chars().count(), 500);
        let status = status_of(with(pointer, json!(at_limit))).await;
        assert!(
            status == StatusCode::OK || status == StatusCode::FORBIDDEN,
            "{pointer}: 500 characters pass validation, got {status}"
        );
        let padded = format!(" {at_limit}");
        let problem = refused(with(pointer, json!(padded))).await;
        assert_eq!(problem["field"], field);
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .contains("at most 500 characters")
        );
    }
}

#[tokio::test]
async fn correlation_id_has_a_length_limit() {
    assert_eq!(
        status_of(with("/correlation_id", json!("c".repeat(500)))).await,
        StatusCode::OK
    );
    let problem = refused(with("/correlation_id", json!("c".repeat(501)))).await;
    assert_eq!(problem["field"], "correlation_id");
}

#[tokio::test]
async fn accepted_free_text_is_trimmed_before_it_is_audited() {
    let api = Doors::new();
    let mut body = with("/case_worker", json!("  hl001 "));
    body["correlation_id"] = json!("  vs-9 ");
    let Reply {
        status,
        body: answer,
        ..
    } = api.post_query(&body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let events = api.audit.events.lock().unwrap();
    assert_eq!(events[0].case_worker, "hl001");
}

#[tokio::test]
async fn period_in_year_0000_is_refused() {
    let problem = refused(with("/period/from", json!("0000-01-01"))).await;
    assert_eq!(problem["field"], "period");
    assert!(problem["detail"].as_str().unwrap().contains("1900-01-01"));
    let problem = refused(with(
        "/source_periods",
        json!({"SKV": {"from": "1899-12-31", "to": "1900-01-31"}}),
    ))
    .await;
    assert_eq!(problem["field"], "source_periods.SKV");
}

/// Distinctive junk, one field at a time and all at once: no problem document repeats it.
#[tokio::test]
async fn no_input_value_is_echoed() {
    const MARK: &str = "QZXJUNK";
    let long = format!("{MARK}{}", "x".repeat(600));
    let control = format!("{MARK}\u{1b}");
    let changes: Vec<(&str, Value)> = vec![
        ("/organisation", json!(format!("{MARK}0142"))),
        ("/organisation", json!("2120000143")),
        ("/organisation_name", json!(control)),
        ("/case_worker", json!(long)),
        ("/case_id", json!(control)),
        ("/purpose", json!(long)),
        ("/legal_basis", json!(control)),
        ("/person", json!(format!("{MARK}-2385"))),
        ("/period/from", json!(format!("{MARK}-01-01"))),
        ("/period/from", json!("2026-02-30")),
        ("/period/to", json!(format!("2026-01-01{MARK}"))),
        ("/sources", json!([format!("{MARK}src")])),
        (
            "/source_periods",
            json!({ format!("{MARK}key"): {"from": "2026-01-01", "to": "2026-02-01"} }),
        ),
        (
            "/source_periods",
            json!({"SKV": {"from": format!("{MARK}-01-01"), "to": "2026-02-01"}}),
        ),
        (
            "/data_processors/0/organisation",
            json!(format!("{MARK}8899")),
        ),
        ("/data_processors/0/name", json!(control)),
        ("/data_processors/0/order", json!(MARK)),
        ("/correlation_id", json!(long)),
        ("/person", json!(199_001_012_385_u64)),
        ("/period", json!(MARK)),
        ("/sources", json!(MARK)),
    ];
    let mut everything = with("/case_worker", json!("hl001"));
    for (pointer, value) in &changes {
        let problem = refused(with(pointer, value.clone())).await;
        let text = problem.to_string();
        assert!(!text.contains(MARK), "{pointer} echoed: {text}");
        assert!(
            !text.contains("2120000143") && !text.contains("02-30"),
            "{text}"
        );
        assert!(!text.contains("199001012385"), "{text}");
        // All at once: every junk value that still parses as JSON of the right type.
        let right_type = value.as_str().is_some_and(|v| v.starts_with(MARK))
            || (value.is_array() || value.is_object());
        let wrong_type = matches!(
            *pointer,
            "/period" | "/sources" | "/data_processors/0/order"
        ) && value.is_string();
        if right_type && !wrong_type {
            set(&mut everything, pointer, value.clone());
        }
    }
    let problem = refused(everything).await;
    let text = problem.to_string();
    assert!(!text.contains(MARK), "{text}");
    assert!(
        problem["errors"].as_array().unwrap().len() >= 10,
        "{problem}"
    );
}
