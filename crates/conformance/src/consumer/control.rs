//! The stand-in's control API (the report so far, choosing and clearing a scenario), the report
//! itself, and its problem documents.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use underlag_catalogue::Code;

use super::script::{Script, lock};
use crate::report::{CaseResult, Report, Verdict};

pub(super) fn build_report(script: &Script, target: &str) -> Report {
    let recorder = lock(&script.recorder);
    let mut report = Report::new(
        "consumer",
        "case-system",
        "SSBTEK v10; REST /api/v1",
        target,
    );
    for scenario in &script.scenarios {
        let times = recorder.exercised.get(&scenario.id).copied().unwrap_or(0);
        let (verdict, message) = if times > 0 {
            (Verdict::Passed, format!("exercised {times} time(s)"))
        } else {
            (
                Verdict::Failed,
                "scenario_not_exercised: the case system never asked for this scenario".to_owned(),
            )
        };
        report.cases.push(CaseResult {
            id: format!("scenario.{}", scenario.id),
            title: scenario.title.clone(),
            category: "scenario".to_owned(),
            fault: "scenario_not_exercised".to_owned(),
            verdict,
            message,
            request: json!({"scenario": scenario.id, "person": scenario.person}),
            response_excerpt: String::new(),
            duration_ms: 0,
        });
    }
    for (i, received) in recorder.received.iter().enumerate() {
        let (verdict, message) = if received.refused {
            (
                Verdict::Failed,
                format!("invalid_request: {}", received.problems.join("; ")),
            )
        } else {
            (
                Verdict::Passed,
                format!("accepted, HTTP {}", received.status),
            )
        };
        report.cases.push(CaseResult {
            id: format!("request.{:04}", i + 1),
            title: format!("{} request to {}", received.channel, received.path),
            category: "request".to_owned(),
            fault: "invalid_request".to_owned(),
            verdict,
            message,
            request: serde_json::to_value(received).unwrap_or_default(),
            response_excerpt: String::new(),
            duration_ms: 0,
        });
    }
    report
}

pub(super) async fn report_json(State(script): State<Arc<Script>>) -> Response {
    axum::Json(build_report(&script, "stand-in")).into_response()
}

#[derive(serde::Deserialize)]
struct Choice {
    id: String,
}

pub(super) async fn choose_scenario(
    State(script): State<Arc<Script>>,
    body: axum::body::Bytes,
) -> Response {
    let Ok(choice) = serde_json::from_slice::<Choice>(&body) else {
        return problem(Code::InvalidRequest, "id", "is required");
    };
    if script.find(&choice.id).is_none() {
        return problem(Code::ConformanceUnknownScenario, "id", "");
    }
    *lock(&script.active) = Some(choice.id);
    StatusCode::NO_CONTENT.into_response()
}

pub(super) async fn clear_scenario(State(script): State<Arc<Script>>) -> Response {
    *lock(&script.active) = None;
    StatusCode::NO_CONTENT.into_response()
}

/// A problem document for a catalogue code about `field`.
pub(super) fn problem(code: Code, field: &str, message: &str) -> Response {
    let status = code
        .status()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::BAD_REQUEST);
    let detail = code.detail(&[("field", &field), ("message", &message)]);
    let mut body = json!({
        "type": code.problem_type(),
        "title": code.title_sv(),
        "status": status.as_u16(),
        "detail": detail,
    });
    if let Some((field, message)) = code.field_error(&[("field", &field), ("message", &message)])
        && let Some(object) = body.as_object_mut()
    {
        object.insert("field".to_owned(), json!(field));
        object.insert(
            "errors".to_owned(),
            json!([{"field": field, "message": message}]),
        );
    }
    (
        status,
        [(header::CONTENT_TYPE, underlag_api::PROBLEM_JSON)],
        body.to_string(),
    )
        .into_response()
}
