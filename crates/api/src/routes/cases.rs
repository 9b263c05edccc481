//! The case household API: the case system registers who a case concerns before it asks
//! (`PUT /api/v1/cases/{case_id}/household`) and reads it back (`GET /api/v1/cases/{case_id}`).
//!
//! Both act for the organisation named in the request (and, once mTLS is wired, only when the
//! caller's certificate is registered for it); refusals are audited by the core. Household
//! changes are audited by the registry as `admin` records.

use std::collections::BTreeSet;

use axum::Extension;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use underlag_domain::{Organisationsnummer, Personnummer};
use underlag_service::registry::Case;
use underlag_service::{CallerIdentity, CaseError, Channel, RegistryChange};

use super::queries::describe_json_error;
use crate::AppState;
use crate::problem::{FieldError, Problem};

/// The most persons one household may hold.
const MAX_HOUSEHOLD: usize = 20;

/// Who a household change is attributed to when the request names no case worker.
const CASE_SYSTEM: &str = "case-system";

/// `PUT /api/v1/cases/{case_id}/household` body.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HouseholdRequest {
    /// The organisation the case belongs to.
    organisation: String,
    /// The persons in the household, personnummer or samordningsnummer (10 or 12 digits).
    persons: Vec<String>,
    /// Who registers the household (for the audit); the case system when absent.
    #[serde(default)]
    case_worker: Option<String>,
}

/// `GET /api/v1/cases/{case_id}` query parameters.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct CaseParams {
    organisation: Option<String>,
}

/// A case as the API shows it.
#[derive(Debug, serde::Serialize)]
struct CaseView<'a> {
    organisation: &'a str,
    case_id: &'a str,
    status: &'static str,
    household: &'a BTreeSet<Personnummer>,
    opened_at: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    closed_at: Option<Timestamp>,
}

fn view(case: &Case) -> Response {
    axum::Json(CaseView {
        organisation: case.organisation.ten_digits(),
        case_id: &case.case_id,
        status: if case.closed_at.is_some() {
            "closed"
        } else {
            "open"
        },
        household: &case.household,
        opened_at: case.opened_at,
        closed_at: case.closed_at,
    })
    .into_response()
}

fn case_error(e: CaseError) -> Response {
    match e {
        CaseError::Refused(r) => {
            Problem::refused(r.reason.code(), r.reason.title_sv(), r.field, r.message)
        }
        CaseError::NotFound => Problem::case_not_found(),
        CaseError::RegistryUnavailable(e) => {
            tracing::error!(error = %e, "registry unavailable; case request refused");
            Problem::registry_unavailable()
        }
        CaseError::AuditFailed(e) => {
            tracing::error!(error = %e, "audit write failed; case request refused");
            Problem::audit_unavailable()
        }
    }
    .into_response()
}

fn check_case_id(errors: &mut Vec<FieldError>, case_id: &str) -> String {
    let trimmed = case_id.trim();
    let message = if trimmed.is_empty() {
        Some("must not be empty")
    } else if trimmed.len() > 500 {
        Some("must be at most 500 characters")
    } else {
        None
    };
    if let Some(message) = message {
        errors.push(FieldError {
            field: "case_id".into(),
            message: message.into(),
        });
    }
    trimmed.to_owned()
}

fn parse_organisation(errors: &mut Vec<FieldError>, text: &str) -> Option<Organisationsnummer> {
    Organisationsnummer::parse(text)
        .map_err(|e| {
            errors.push(FieldError {
                field: "organisation".into(),
                message: e.to_string(),
            })
        })
        .ok()
}

pub(super) async fn put_household(
    State(state): State<AppState>,
    Path(case_id): Path<String>,
    caller: Option<Extension<CallerIdentity>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let request: HouseholdRequest = match read_json(&state, &headers, body).await {
        Ok(r) => r,
        Err(problem) => return problem.into_response(),
    };
    let mut errors = Vec::new();
    let case_id = check_case_id(&mut errors, &case_id);
    let organisation = parse_organisation(&mut errors, &request.organisation);
    if request.persons.is_empty() {
        errors.push(FieldError {
            field: "persons".into(),
            message: "must name at least one person".into(),
        });
    } else if request.persons.len() > MAX_HOUSEHOLD {
        errors.push(FieldError {
            field: "persons".into(),
            message: format!("must name at most {MAX_HOUSEHOLD} persons"),
        });
    }
    let today = (state.today)();
    let mut persons = BTreeSet::new();
    for (i, text) in request.persons.iter().enumerate() {
        match Personnummer::parse(text, today) {
            Ok(p) => {
                persons.insert(p);
            }
            Err(e) => errors.push(FieldError {
                field: format!("persons[{i}]"),
                message: e.to_string(),
            }),
        }
    }
    let actor = match request.case_worker.as_deref().map(str::trim) {
        Some(cw) if cw.len() > 500 => {
            errors.push(FieldError {
                field: "case_worker".into(),
                message: "must be at most 500 characters".into(),
            });
            String::new()
        }
        Some(cw) if !cw.is_empty() => cw.to_owned(),
        _ => CASE_SYSTEM.to_owned(),
    };
    let Some(organisation) = organisation.filter(|_| errors.is_empty()) else {
        return Problem::invalid(errors).into_response();
    };
    let change = RegistryChange::new(uuid::Uuid::new_v4().to_string(), Channel::Rest, actor);
    let caller = caller.map(|Extension(c)| c);
    match state
        .orchestrator
        .set_household(&organisation, caller.as_ref(), &case_id, &persons, &change)
        .await
    {
        Ok(case) => view(&case),
        Err(e) => case_error(e),
    }
}

pub(super) async fn show(
    State(state): State<AppState>,
    Path(case_id): Path<String>,
    params: Result<Query<CaseParams>, QueryRejection>,
    caller: Option<Extension<CallerIdentity>>,
) -> Response {
    let mut errors = Vec::new();
    let case_id = check_case_id(&mut errors, &case_id);
    let organisation = match params {
        Ok(Query(CaseParams {
            organisation: Some(text),
        })) => parse_organisation(&mut errors, &text),
        _ => {
            errors.push(FieldError {
                field: "organisation".into(),
                message: "must be given as a query parameter".into(),
            });
            None
        }
    };
    let Some(organisation) = organisation.filter(|_| errors.is_empty()) else {
        return Problem::invalid(errors).into_response();
    };
    let request = RegistryChange::new(uuid::Uuid::new_v4().to_string(), Channel::Rest, CASE_SYSTEM);
    let caller = caller.map(|Extension(c)| c);
    match state
        .orchestrator
        .case(&organisation, caller.as_ref(), &case_id, &request)
        .await
    {
        Ok(case) => view(&case),
        Err(e) => case_error(e),
    }
}

/// Reads a JSON body: `application/json`, within the body limit, deserialised with the
/// offending field named and no input value echoed.
async fn read_json<T: serde::de::DeserializeOwned>(
    state: &AppState,
    headers: &HeaderMap,
    body: Body,
) -> Result<T, Problem> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
        });
    if !is_json {
        return Err(Problem::unsupported_media_type());
    }
    let Ok(body) = axum::body::to_bytes(body, state.body_limit).await else {
        return Err(Problem::payload_too_large(state.body_limit));
    };
    let mut deserializer = serde_json::Deserializer::from_slice(&body);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        let syntax = matches!(
            e.inner().classify(),
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof
        );
        let field = if path == "." || syntax {
            "body".to_owned()
        } else {
            path
        };
        Problem::invalid_field(field, describe_json_error(e.inner()))
    })
}
