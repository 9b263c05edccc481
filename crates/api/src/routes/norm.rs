//! The försörjningsstöd calculation over REST: `POST /api/v1/norm/calculations` computes a
//! beräkningsunderlag (a recommendation) for a household and month, audited as
//! `norm_calculation`; `POST /api/v1/norm/decisions` records a named case worker's decision
//! on one, per section, audited as `norm_decision`. Stateless: a decision carries the same
//! household again, is recomputed, and is refused when the rules changed since (its
//! `rule_version` differs). Nothing is decided automatically: without a human `decided_by`
//! there is no decision.

use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use underlag_catalogue::Code;
use underlag_domain::Amount;
use underlag_norm::decision::{
    DecisionRecord, DecisionSection, HumanActor, RequestedVerdict, SavedCalculation,
};
use underlag_norm::{HouseholdFile, MunicipalSettings, NormError, RuleBook, calculate};
use underlag_service::{CallerIdentity, CaseRequest, Channel, NormRecordKind};

use crate::AppState;
use crate::json_body::JsonBody;
use crate::problem::{FieldErrors, Problem};

/// `POST /api/v1/norm/calculations` body.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CalculationRequest {
    organisation: String,
    case_id: String,
    /// Who computes (the case worker the case system acts for).
    case_worker: String,
    household: HouseholdFile,
}

/// One section's verdict on the wire.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, tag = "verdict", rename_all = "snake_case")]
pub(crate) enum VerdictWire {
    Approve,
    Adjust { amount: String, reason: String },
}

/// The verdicts, one per section.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SectionsWire {
    norm: Option<VerdictWire>,
    costs: Option<VerdictWire>,
    incomes: Option<VerdictWire>,
}

/// `POST /api/v1/norm/decisions` body.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DecisionRequest {
    organisation: String,
    case_id: String,
    /// The person who decides.
    decided_by: String,
    calculation_id: String,
    /// The rule version the underlag was computed with.
    rule_version: String,
    household: HouseholdFile,
    sections: SectionsWire,
}

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

fn compute(
    errors: &mut FieldErrors,
    organisation: &str,
    case_id: &str,
    actor_field: &str,
    actor: &str,
    household: &HouseholdFile,
) -> Result<(CaseRequest, underlag_norm::Calculation), Box<Problem>> {
    let organisation = underlag_domain::Organisationsnummer::parse(organisation)
        .map_err(|e| errors.push("organisation", e))
        .ok();
    let case_id = errors.required_text("case_id", case_id);
    let actor = errors.required_text(actor_field, actor);
    let Some(organisation) = organisation.filter(|_| errors.is_empty()) else {
        return Err(Box::new(Problem::invalid(std::mem::take(&mut errors.0))));
    };
    let calc = household
        .to_household(&actor)
        .and_then(|h| {
            calculate(
                &RuleBook::embedded()?,
                &MunicipalSettings::exempelkommun()?,
                &h,
            )
        })
        .map_err(|e| Box::new(norm_problem(&e)))?;
    let request = CaseRequest {
        id: uuid::Uuid::new_v4().to_string(),
        channel: Channel::Rest,
        organisation,
        caller: None,
        case_id,
        case_worker: actor,
        purpose: String::new(),
        legal_basis: String::new(),
    };
    Ok((request, calc))
}

pub(super) async fn create_calculation(
    State(state): State<AppState>,
    caller: Option<Extension<CallerIdentity>>,
    JsonBody(body): JsonBody<CalculationRequest>,
) -> Response {
    let mut errors = FieldErrors::default();
    let (mut request, calculation) = match compute(
        &mut errors,
        &body.organisation,
        &body.case_id,
        "case_worker",
        &body.case_worker,
        &body.household,
    ) {
        Ok(ok) => ok,
        Err(problem) => return problem.into_response(),
    };
    request.caller = caller.map(|Extension(c)| c);
    let saved = SavedCalculation {
        id: request.id.clone(),
        case_id: request.case_id.clone(),
        computed_by: request.case_worker.clone(),
        calculation,
    };
    if let Err(e) = state
        .orchestrator
        .record_norm(
            &request,
            NormRecordKind::Calculation,
            saved.audit_description(),
        )
        .await
    {
        return Problem::from(e).into_response();
    }
    (StatusCode::CREATED, axum::Json(&saved)).into_response()
}

fn verdict(
    errors: &mut FieldErrors,
    section: DecisionSection,
    wire: Option<&VerdictWire>,
) -> Option<(DecisionSection, RequestedVerdict)> {
    let field = format!("sections.{}", wire_key(section));
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

fn wire_key(section: DecisionSection) -> &'static str {
    match section {
        DecisionSection::Norm => "norm",
        DecisionSection::Costs => "costs",
        DecisionSection::Incomes => "incomes",
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
    let calculation_id = errors.required_text("calculation_id", &body.calculation_id);
    let verdicts: Vec<_> = [
        (DecisionSection::Norm, body.sections.norm.as_ref()),
        (DecisionSection::Costs, body.sections.costs.as_ref()),
        (DecisionSection::Incomes, body.sections.incomes.as_ref()),
    ]
    .into_iter()
    .filter_map(|(s, w)| verdict(&mut errors, s, w))
    .collect();
    let (mut request, calculation) = match compute(
        &mut errors,
        &body.organisation,
        &body.case_id,
        "decided_by",
        &body.decided_by,
        &body.household,
    ) {
        Ok(ok) => ok,
        Err(problem) => return problem.into_response(),
    };
    let Some(actor) = actor else {
        return Problem::invalid(errors.0).into_response();
    };
    if calculation.rule_version.label() != body.rule_version {
        return Problem::invalid_field(
            "rule_version",
            "the rules changed since the underlag was computed; compute it again",
        )
        .into_response();
    }
    request.caller = caller.map(|Extension(c)| c);
    let saved = SavedCalculation {
        id: calculation_id,
        case_id: request.case_id.clone(),
        computed_by: String::new(),
        calculation,
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
    if let Err(e) = state
        .orchestrator
        .record_norm(
            &request,
            NormRecordKind::Decision,
            decision.audit_description(),
        )
        .await
    {
        return Problem::from(e).into_response();
    }
    (StatusCode::CREATED, axum::Json(&decision)).into_response()
}
