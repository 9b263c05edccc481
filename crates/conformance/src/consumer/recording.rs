//! Recording every door request: the person it asks about, the scenario it is served (by
//! header, control API or test personnummer), the whole-call fault, and the fields a refusal
//! names.

use std::sync::Arc;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use underlag_catalogue::Code;
use underlag_domain::Personnummer;

use super::control::problem;
use super::script::{Script, lock};
use super::{Received, SCENARIO_HEADER};

/// The person a request asks about, canonical, from the REST body's `person` or the SOAP
/// body's `personidentitet`.
fn person_of(body: &[u8], soap: bool) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    let raw = if soap {
        let doc = roxmltree::Document::parse(text).ok()?;
        doc.descendants()
            .find(|n| n.is_element() && n.tag_name().name() == "personidentitet")?
            .text()?
            .to_owned()
    } else {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        value.get("person")?.as_str()?.to_owned()
    };
    let today = underlag_api::system_today();
    let parsed = if raw.trim().len() == 12 {
        Personnummer::parse_canonical(&raw)
    } else {
        Personnummer::parse(&raw, today)
    };
    parsed.ok().map(|p| p.expose().to_owned())
}

/// Records every door request, applies the header's scenario and the whole-call fault.
pub(super) async fn record(
    State(script): State<Arc<Script>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let soap = path.starts_with("/ssbtek/");
    let is_query =
        request.method() == axum::http::Method::POST && (soap || path == "/api/v1/queries");
    if !is_query {
        return next.run(request).await;
    }
    let header_choice = header_scenario(request.headers());
    let (parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, 1024 * 1024).await else {
        return problem(Code::InvalidRequest, "body", "is larger than 1 MiB");
    };
    let person = person_of(&body, soap);
    if let Some(id) = &header_choice {
        if script.find(id).is_none() {
            let response = problem(Code::ConformanceUnknownScenario, "X-Underlag-Scenario", "");
            push(
                &script,
                soap,
                &path,
                None,
                400,
                true,
                vec!["header X-Underlag-Scenario: no such scenario".to_owned()],
            );
            return response;
        }
        if let Some(p) = &person {
            lock(&script.by_person).insert(p.clone(), id.clone());
        }
    }
    let scenario = match &header_choice {
        Some(id) => script.find(id).cloned(),
        None => person
            .as_deref()
            .and_then(|p| script.for_person(p))
            .cloned(),
    };
    let call_fault = scenario.as_ref().is_some_and(|s| s.call_fault);
    let response = if call_fault {
        whole_call_fault(soap)
    } else {
        next.run(Request::from_parts(parts, Body::from(body))).await
    };
    let status = response.status().as_u16();
    let (parts, body) = response.into_parts();
    let body = to_bytes(body, 16 * 1024 * 1024).await.unwrap_or_default();
    let problems = problems_of(&body, soap, status);
    let refused =
        matches!(status, 400 | 403 | 413 | 415 | 422) || (soap && status == 500 && !call_fault);
    let served = scenario.as_ref().filter(|_| !refused).map(|s| s.id.clone());
    if let Some(id) = &served {
        *lock(&script.recorder)
            .exercised
            .entry(id.clone())
            .or_insert(0) += 1;
    }
    push(&script, soap, &path, served, status, refused, problems);
    if let Some(p) = &person
        && header_choice.is_some()
    {
        lock(&script.by_person).remove(p);
    }
    Response::from_parts(parts, Body::from(body))
}

fn push(
    script: &Script,
    soap: bool,
    path: &str,
    scenario: Option<String>,
    status: u16,
    refused: bool,
    problems: Vec<String>,
) {
    lock(&script.recorder).received.push(Received {
        channel: if soap { "soap" } else { "rest" },
        path: path.to_owned(),
        scenario,
        status,
        refused,
        problems,
    });
}

fn header_scenario(headers: &HeaderMap) -> Option<String> {
    headers
        .get(SCENARIO_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_owned())
}

/// The whole call fails, in the door's own error form: the catalogue's problem on REST, a
/// SOAP fault from the server on SOAP.
fn whole_call_fault(soap: bool) -> Response {
    if soap {
        let envelope = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>\
             <soap:Fault><faultcode>soap:Server</faultcode><faultstring>Tjänsten är inte tillgänglig (skriptat fel).</faultstring>\
             </soap:Fault></soap:Body></soap:Envelope>";
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
            envelope,
        )
            .into_response();
    }
    problem(Code::ConformanceScriptedFault, "", "")
}

/// The fields a refusal names: the problem document's `errors[]` (or `detail`), or the SOAP
/// fault's texts.
fn problems_of(body: &[u8], soap: bool, status: u16) -> Vec<String> {
    if status < 400 {
        return Vec::new();
    }
    let text = String::from_utf8_lossy(body);
    if soap {
        let Ok(doc) = roxmltree::Document::parse(&text) else {
            return Vec::new();
        };
        if !doc.descendants().any(|n| n.tag_name().name() == "Fault") {
            return Vec::new();
        }
        return doc
            .descendants()
            .filter(|n| n.is_element() && n.tag_name().name() != "faultcode")
            .filter_map(|n| n.text())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .take(10)
            .map(str::to_owned)
            .collect();
    }
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    let listed: Vec<String> = value
        .get("errors")
        .and_then(|e| e.as_array())
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    format!(
                        "{}: {}",
                        e.get("field").and_then(|f| f.as_str()).unwrap_or("?"),
                        e.get("message").and_then(|m| m.as_str()).unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if !listed.is_empty() {
        return listed;
    }
    value
        .get("detail")
        .or_else(|| value.get("title"))
        .and_then(|d| d.as_str())
        .map(|d| vec![d.to_owned()])
        .unwrap_or_default()
}
