//! The case household API: the case system registers who a case concerns before it asks
//! (`PUT /api/v1/cases/{case_id}/household`) and reads it back (`GET /api/v1/cases/{case_id}`).
//!
//! Both carry the attribution of a query and are decided by the core
//! ([`underlag_service::orchestrator::cases`]): the organisation (over mTLS only the one the
//! caller's certificate is registered for) and the case worker, and for a read, which
//! discloses personnummer, also a purpose and a legal basis (query parameters). A missing or
//! malformed field is a 400 problem naming it; a refusal is a 403 problem, audited. A read is
//! audited as one `case_read` record per person read before the answer is sent; a change is
//! audited by the registry as `admin` records naming the case worker.

use std::collections::BTreeSet;

use axum::Extension;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use underlag_domain::{Organisationsnummer, Personnummer};
use underlag_service::registry::Case;
use underlag_service::{CallerIdentity, CaseRequest, Channel};

use crate::AppState;
use crate::json_body::JsonBody;
use crate::problem::{FieldErrors, Problem};

/// The most persons one household may hold.
const MAX_HOUSEHOLD: usize = 20;

/// `PUT /api/v1/cases/{case_id}/household` body.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HouseholdRequest {
    /// The organisation the case belongs to.
    organisation: String,
    /// The persons in the household, personnummer or samordningsnummer (10 or 12 digits).
    persons: Vec<String>,
    /// The case worker who registers the household (for the audit).
    #[serde(default)]
    case_worker: Option<String>,
}

/// `GET /api/v1/cases/{case_id}` query parameters: the attribution of a query.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct CaseParams {
    organisation: Option<String>,
    case_worker: Option<String>,
    purpose: Option<String>,
    legal_basis: Option<String>,
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

/// A required free-text field, named by `field` when missing or invalid.
fn free_text(errors: &mut FieldErrors, field: &str, value: Option<&str>) -> String {
    match value {
        Some(text) => errors.required_text(field, text),
        None => {
            errors.push(field, "must be given");
            String::new()
        }
    }
}

fn parse_organisation(errors: &mut FieldErrors, text: Option<&str>) -> Option<Organisationsnummer> {
    let Some(text) = text else {
        errors.push("organisation", "must be given");
        return None;
    };
    Organisationsnummer::parse(text)
        .map_err(|e| errors.push("organisation", e))
        .ok()
}

fn request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub(super) async fn put_household(
    State(state): State<AppState>,
    Path(case_id): Path<String>,
    caller: Option<Extension<CallerIdentity>>,
    JsonBody(request): JsonBody<HouseholdRequest>,
) -> Response {
    let mut errors = FieldErrors::default();
    let case_id = free_text(&mut errors, "case_id", Some(&case_id));
    let organisation = parse_organisation(&mut errors, Some(&request.organisation));
    if request.persons.is_empty() {
        errors.push("persons", "must name at least one person");
    } else if request.persons.len() > MAX_HOUSEHOLD {
        errors.push(
            "persons",
            format!("must name at most {MAX_HOUSEHOLD} persons"),
        );
    }
    let today = (state.today)();
    let mut persons = BTreeSet::new();
    for (i, text) in request.persons.iter().enumerate() {
        match Personnummer::parse(text, today) {
            Ok(p) => {
                persons.insert(p);
            }
            Err(e) => errors.push(format!("persons[{i}]"), e),
        }
    }
    let case_worker = free_text(&mut errors, "case_worker", request.case_worker.as_deref());
    let Some(organisation) = organisation.filter(|_| errors.is_empty()) else {
        return Problem::invalid(errors.0).into_response();
    };
    let request = CaseRequest {
        id: request_id(),
        channel: Channel::Rest,
        organisation,
        caller: caller.map(|Extension(c)| c),
        case_id,
        case_worker,
        purpose: String::new(),
        legal_basis: String::new(),
    };
    match state.orchestrator.set_household(&request, &persons).await {
        Ok(case) => view(&case),
        Err(e) => Problem::from(e).into_response(),
    }
}

pub(super) async fn show(
    State(state): State<AppState>,
    Path(case_id): Path<String>,
    params: Result<Query<CaseParams>, QueryRejection>,
    caller: Option<Extension<CallerIdentity>>,
) -> Response {
    let Ok(Query(params)) = params else {
        return Problem::invalid_field(
            "query",
            "must be a query string naming organisation, case_worker, purpose and legal_basis \
             once each",
        )
        .into_response();
    };
    let mut errors = FieldErrors::default();
    let case_id = free_text(&mut errors, "case_id", Some(&case_id));
    let organisation = parse_organisation(&mut errors, params.organisation.as_deref());
    let case_worker = free_text(&mut errors, "case_worker", params.case_worker.as_deref());
    let purpose = free_text(&mut errors, "purpose", params.purpose.as_deref());
    let legal_basis = free_text(&mut errors, "legal_basis", params.legal_basis.as_deref());
    let Some(organisation) = organisation.filter(|_| errors.is_empty()) else {
        return Problem::invalid(errors.0).into_response();
    };
    let request = CaseRequest {
        id: request_id(),
        channel: Channel::Rest,
        organisation,
        caller: caller.map(|Extension(c)| c),
        case_id,
        case_worker,
        purpose,
        legal_basis,
    };
    match state.orchestrator.read_case(&request).await {
        Ok(case) => view(&case),
        Err(e) => Problem::from(e).into_response(),
    }
}
