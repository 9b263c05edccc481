//! The försörjningsstöd calculation over REST.
//!
//! - `POST /api/v1/norm/calculations` computes a beräkningsunderlag (a recommendation) for a
//!   household and month with the built-in rules and the operator's imported riksnorm tables,
//!   stores it with its inputs, rule version and checksum together with its
//!   `norm_calculation` audit record, and answers 201 with its id and `Location`.
//! - `GET /api/v1/norm/calculations/{id}?organisation=…` returns the stored underlag with its
//!   decisions, only to the organisation it belongs to (403 otherwise, 404 when unknown).
//! - `POST /api/v1/norm/decisions` records a named case worker's decision, per section, on a
//!   stored underlag: nothing is recomputed, the stored calculation and its rule version are
//!   what is decided on. Stored with its `norm_decision` record.
//!
//! Nothing is decided automatically: without a human `decided_by` there is no decision.

use axum::Extension;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use underlag_catalogue::Code;
use underlag_domain::{Amount, Organisationsnummer};
use underlag_norm::decision::{
    DecisionRecord, DecisionSection, HumanActor, RequestedVerdict, SavedCalculation, Verdict,
    stored_amount,
};
use underlag_norm::{MunicipalSettings, NormError, RuleBook, calculate};
use underlag_service::{
    ArchiveError, CallerIdentity, CaseRequest, Channel, StoredCalculation, StoredDecision,
    StoredSectionVerdict,
};

use crate::AppState;
use crate::json_body::JsonBody;
use crate::problem::{FieldErrors, Problem};

mod wire;

use wire::{CalculationRequest, DecisionRequest, OrganisationParams, VerdictWire};

fn norm_problem(e: &NormError) -> Problem {
    let field = e.field();
    let message = e.message_en();
    if e.is_rules_unavailable() {
        Problem::of(
            Code::NormRulesUnavailable,
            &[("field", &field), ("message", &message)],
        )
    } else {
        Problem::invalid_field(field, message)
    }
}

fn archive_problem(e: ArchiveError) -> Problem {
    match e {
        ArchiveError::Case(e) => Problem::from(e),
        ArchiveError::NotFound => Code::NormCalculationNotFound.into(),
        ArchiveError::OtherOrganisation => Code::NormCalculationForbidden.into(),
        ArchiveError::Conflict(_) | ArchiveError::Unavailable(_) => {
            tracing::error!(error = %e, "norm archive unavailable");
            Code::NormArchiveUnavailable.into()
        }
    }
}

/// The rule book in force: the built-in rules with every imported table applied.
async fn rule_book(state: &AppState) -> Result<RuleBook, Problem> {
    let imports = state
        .orchestrator
        .norm_table_imports()
        .await
        .map_err(archive_problem)?;
    RuleBook::with_imports(imports.iter().map(|i| i.text.as_str())).map_err(|e| {
        tracing::error!(error = %e, "the imported riksnorm tables cannot be applied");
        Problem::from(Code::NormArchiveUnavailable)
    })
}

fn parse_organisation(errors: &mut FieldErrors, text: &str) -> Option<Organisationsnummer> {
    Organisationsnummer::parse(text)
        .map_err(|e| errors.push("organisation", e))
        .ok()
}

fn case_request(
    organisation: Organisationsnummer,
    caller: Option<Extension<CallerIdentity>>,
    case_id: String,
    case_worker: String,
) -> CaseRequest {
    CaseRequest {
        id: uuid::Uuid::new_v4().to_string(),
        channel: Channel::Rest,
        organisation,
        caller: caller.map(|Extension(c)| c),
        case_id,
        case_worker,
        purpose: String::new(),
        legal_basis: String::new(),
    }
}

fn location(id: &str) -> String {
    format!("/api/v1/norm/calculations/{id}")
}

pub(super) async fn create_calculation(
    State(state): State<AppState>,
    caller: Option<Extension<CallerIdentity>>,
    JsonBody(body): JsonBody<CalculationRequest>,
) -> Response {
    let mut errors = FieldErrors::default();
    let organisation = parse_organisation(&mut errors, &body.organisation);
    let case_id = errors.required_text("case_id", &body.case_id);
    let case_worker = errors.required_text("case_worker", &body.case_worker);
    let Some(organisation) = organisation.filter(|_| errors.is_empty()) else {
        return Problem::invalid(errors.0).into_response();
    };
    let book = match rule_book(&state).await {
        Ok(book) => book,
        Err(problem) => return problem.into_response(),
    };
    let calculation = match body
        .household
        .to_household(&case_worker)
        .and_then(|h| calculate(&book, &MunicipalSettings::exempelkommun()?, &h))
    {
        Ok(calculation) => calculation,
        Err(e) => return norm_problem(&e).into_response(),
    };
    let request = case_request(organisation, caller, case_id, case_worker);
    let saved = SavedCalculation {
        id: request.id.clone(),
        case_id: request.case_id.clone(),
        computed_by: request.case_worker.clone(),
        calculation,
    };
    let stored = StoredCalculation {
        id: saved.id.clone(),
        created_at: Timestamp::now(),
        computed_by: saved.computed_by.clone(),
        organisation: request.organisation.clone(),
        unit: String::new(),
        case_id: saved.case_id.clone(),
        lookup_id: None,
        rule_version: saved.calculation.rule_version.label(),
        inputs_json: saved.inputs_json(),
        result_json: saved.result_json(),
        checksum: saved.digest(),
    };
    if let Err(e) = state
        .orchestrator
        .save_calculation(&request, stored, saved.audit_description())
        .await
    {
        return archive_problem(e).into_response();
    }
    let body = wire::CreatedCalculation {
        location: location(&saved.id),
        checksum: saved.digest(),
        saved: &saved,
    };
    let mut response = (StatusCode::CREATED, axum::Json(&body)).into_response();
    if let Ok(value) = HeaderValue::from_str(&body.location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

pub(super) async fn show_calculation(
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: Result<Query<OrganisationParams>, QueryRejection>,
    caller: Option<Extension<CallerIdentity>>,
) -> Response {
    let Ok(Query(params)) = params else {
        return Problem::invalid_field(
            "query",
            "must be a query string naming the organisation once",
        )
        .into_response();
    };
    let mut errors = FieldErrors::default();
    let organisation =
        parse_organisation(&mut errors, params.organisation.as_deref().unwrap_or(""));
    let id = errors.required_text("id", &id);
    let Some(organisation) = organisation.filter(|_| errors.is_empty()) else {
        return Problem::invalid(errors.0).into_response();
    };
    let request = case_request(organisation, caller, String::new(), String::new());
    let stored = match state.orchestrator.stored_calculation(&request, &id).await {
        Ok(stored) => stored,
        Err(e) => return archive_problem(e).into_response(),
    };
    let c = &stored.calculation;
    let saved = match SavedCalculation::from_stored(
        &c.id,
        &c.case_id,
        &c.computed_by,
        &c.result_json,
        &c.checksum,
    ) {
        Ok(saved) => saved,
        Err(e) => {
            tracing::error!(error = %e, "a stored beräkningsunderlag does not match its checksum");
            return Problem::from(Code::NormArchiveUnavailable).into_response();
        }
    };
    axum::Json(wire::StoredView::new(&stored, &saved)).into_response()
}

fn verdict(
    errors: &mut FieldErrors,
    section: DecisionSection,
    wire: Option<&VerdictWire>,
) -> Option<(DecisionSection, RequestedVerdict)> {
    let field = format!("sections.{}", section.wire_key());
    match wire {
        None => {
            errors.push(
                field,
                "every section needs a verdict: approve, or adjust with a reason",
            );
            None
        }
        Some(VerdictWire::Approve) => Some((section, RequestedVerdict::Approve)),
        Some(VerdictWire::Adjust { amount, reason }) => match Amount::parse(amount) {
            Ok(amount) => Some((
                section,
                RequestedVerdict::Adjust {
                    amount,
                    reason: reason.clone(),
                },
            )),
            Err(_) => {
                errors.push(format!("{field}.amount"), "is not an amount in kronor");
                None
            }
        },
    }
}

/// The decision as stored: one row per section.
pub(crate) fn stored_decision(id: &str, record: &DecisionRecord) -> StoredDecision {
    StoredDecision {
        id: id.to_owned(),
        calculation_id: record.calculation_id.clone(),
        rule_version: record.rule_version.clone(),
        decided_by: record.decided_by.name().to_owned(),
        decided_at: Timestamp::now(),
        sections: record
            .sections
            .iter()
            .map(|s| StoredSectionVerdict {
                section: s.section.wire_key().to_owned(),
                verdict: s.verdict.code().to_owned(),
                computed_amount: stored_amount(s.computed),
                adjusted_amount: match &s.verdict {
                    Verdict::Adjusted { amount, .. } => Some(stored_amount(*amount)),
                    Verdict::Approved => None,
                },
                reason: match &s.verdict {
                    Verdict::Adjusted { reason, .. } => Some(reason.clone()),
                    Verdict::Approved => None,
                },
            })
            .collect(),
    }
}

pub(super) async fn create_decision(
    State(state): State<AppState>,
    caller: Option<Extension<CallerIdentity>>,
    JsonBody(body): JsonBody<DecisionRequest>,
) -> Response {
    let mut errors = FieldErrors::default();
    let actor = match HumanActor::parse(&body.decided_by) {
        Ok(actor) => Some(actor),
        Err(_) => {
            errors.push(
                "decided_by",
                "must name the person who decides (a decision is never made by the system)",
            );
            None
        }
    };
    let organisation = parse_organisation(&mut errors, &body.organisation);
    let calculation_id = errors.required_text("calculation_id", &body.calculation_id);
    let verdicts: Vec<_> = [
        (DecisionSection::Norm, body.sections.norm.as_ref()),
        (DecisionSection::Costs, body.sections.costs.as_ref()),
        (DecisionSection::Incomes, body.sections.incomes.as_ref()),
    ]
    .into_iter()
    .filter_map(|(s, w)| verdict(&mut errors, s, w))
    .collect();
    let (Some(actor), Some(organisation)) = (actor, organisation.filter(|_| errors.is_empty()))
    else {
        return Problem::invalid(errors.0).into_response();
    };
    let mut request = case_request(organisation, caller, String::new(), actor.name().to_owned());
    let stored = match state
        .orchestrator
        .stored_calculation(&request, &calculation_id)
        .await
    {
        Ok(stored) => stored.calculation,
        Err(e) => return archive_problem(e).into_response(),
    };
    request.case_id = stored.case_id.clone();
    let saved = match SavedCalculation::from_stored(
        &stored.id,
        &stored.case_id,
        &stored.computed_by,
        &stored.result_json,
        &stored.checksum,
    ) {
        Ok(saved) => saved,
        Err(e) => {
            tracing::error!(error = %e, "a stored beräkningsunderlag does not match its checksum");
            return Problem::from(Code::NormArchiveUnavailable).into_response();
        }
    };
    let decision = match DecisionRecord::new(&saved, actor, &verdicts) {
        Ok(d) => d,
        Err(e) => {
            let field = e
                .field()
                .replace("kostnader", "costs")
                .replace("inkomster", "incomes");
            return Problem::invalid_field(field, e.message_en()).into_response();
        }
    };
    let row = stored_decision(&request.id, &decision);
    if let Err(e) = state
        .orchestrator
        .save_decision(&request, row, decision.audit_description())
        .await
    {
        return archive_problem(e).into_response();
    }
    let body = wire::CreatedDecision {
        id: &request.id,
        location: location(&saved.id),
        decision: &decision,
    };
    (StatusCode::CREATED, axum::Json(&body)).into_response()
}
