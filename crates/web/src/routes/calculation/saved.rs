//! Stored beräkningsunderlag in the UI: `GET …/berakning/{underlag}` reads the underlag from
//! the norm archive (not the session; its checksum is checked) and shows it with its decisions
//! and, until one is made, the decision form; `POST …/berakning/{underlag}/beslut` records the
//! signed-in case worker's decision per section (approve, or adjust with a reason) on the
//! stored underlag, committed together with its `norm_decision` audit record. The list of a
//! look-up's saved underlag ("Sparade beräkningsunderlag") is built here too.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use underlag_domain::Amount;
use underlag_norm::decision::{
    DecisionRecord, DecisionSection, HumanActor, RequestedVerdict, SavedCalculation, Verdict,
    stored_amount,
};
use underlag_norm::kr;
use underlag_overview::Overview;
use underlag_service::{ArchiveError, SavedWithDecisions, StoredDecision, StoredSectionVerdict};

use super::{Computed, DecisionView, Shown, default_members, from_query, norm_request, page};
use crate::auth::SignedIn;
use crate::config::Role;
use crate::errors::PageError;
use crate::form::FormData;
use crate::format;
use crate::lookup::Lookup;
use crate::render::Page;
use crate::state::WebState;
use crate::views::calculation::{CalculationView, refusal_text};

/// One saved underlag of the look-up, for the list.
#[derive(Debug, Clone)]
pub struct SavedListItem {
    /// Its id.
    pub id: String,
    /// When it was saved.
    pub created: String,
    /// Who computed it.
    pub computed_by: String,
    /// The result's headline (`Underskott 5 220 kr`, `Ofullständigt`).
    pub headline: String,
    /// The rule version.
    pub rule_version: String,
    /// Its decisions, one line each; empty when none is made.
    pub decisions: Vec<String>,
}

fn not_found(signed: &SignedIn) -> PageError {
    PageError::NotFound(Box::new(Some(signed.session.clone())))
}

/// Reads a stored underlag back; a row that does not match its checksum is an internal error.
fn saved_of(stored: &SavedWithDecisions) -> Result<SavedCalculation, PageError> {
    let c = &stored.calculation;
    SavedCalculation::from_stored(
        &c.id,
        &c.case_id,
        &c.computed_by,
        &c.result_json,
        &c.checksum,
    )
    .map_err(|e| {
        tracing::error!(error = %e, "a stored beräkningsunderlag does not match its checksum");
        PageError::Internal
    })
}

/// The look-up's saved underlag with their decisions, oldest first.
pub(super) async fn saved_list(
    state: &WebState,
    lookup: &Lookup,
) -> Result<Vec<SavedListItem>, PageError> {
    let stored = state
        .0
        .orchestrator
        .calculations_of_lookup(&state.config().organisation, &lookup.id)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "the saved beräkningsunderlag could not be read");
            PageError::Internal
        })?;
    stored
        .iter()
        .map(|s| {
            let saved = saved_of(s)?;
            Ok(SavedListItem {
                id: s.calculation.id.clone(),
                created: format::timestamp(s.calculation.created_at),
                computed_by: s.calculation.computed_by.clone(),
                headline: CalculationView::new(&saved.calculation).result.headline,
                rule_version: s.calculation.rule_version.clone(),
                decisions: s
                    .decisions
                    .iter()
                    .map(|d| {
                        let view = decision_view(d);
                        let verdicts: Vec<String> = view
                            .sections
                            .iter()
                            .map(|(label, text)| format!("{label}: {text}"))
                            .collect();
                        format!(
                            "Beslutat {} av {}. {}",
                            view.decided_at,
                            view.decided_by,
                            verdicts.join(" ")
                        )
                    })
                    .collect(),
            })
        })
        .collect()
}

/// A stored decision for the page.
fn decision_view(d: &StoredDecision) -> DecisionView {
    let amount = |text: &str| {
        Amount::parse(text)
            .map(kr)
            .unwrap_or_else(|_| text.to_owned())
    };
    DecisionView {
        decided_by: d.decided_by.clone(),
        decided_at: format::timestamp(d.decided_at),
        sections: d
            .sections
            .iter()
            .map(|s| {
                let label = DecisionSection::from_wire_key(&s.section)
                    .map_or_else(|| s.section.clone(), |k| k.label_sv().to_owned());
                let text = match (&s.adjusted_amount, &s.reason) {
                    (Some(adjusted), Some(reason)) => format!(
                        "Ändrad från {} till {}. Skäl: {}",
                        amount(&s.computed_amount),
                        amount(adjusted),
                        reason
                    ),
                    _ => format!("Godkänd: {}", amount(&s.computed_amount)),
                };
                (label, text)
            })
            .collect(),
        rule_version: d.rule_version.clone(),
    }
}

/// The look-up (from the session) and its stored underlag (from the archive): the underlag
/// must belong to the UI's organisation and have been saved from this look-up.
async fn saved_page(
    state: &WebState,
    signed: &SignedIn,
    id: &str,
    calculation_id: &str,
) -> Result<(std::sync::Arc<Lookup>, SavedWithDecisions), PageError> {
    let lookup = super::session_lookup(state, signed, id)?;
    let request = norm_request(state, signed, &lookup.case_id);
    let stored = match state
        .0
        .orchestrator
        .stored_calculation(&request, calculation_id)
        .await
    {
        Ok(stored) => stored,
        Err(ArchiveError::NotFound | ArchiveError::OtherOrganisation) => {
            return Err(not_found(signed));
        }
        Err(e) => {
            tracing::error!(error = %e, "a stored beräkningsunderlag could not be read");
            return Err(PageError::Internal);
        }
    };
    if stored.calculation.lookup_id.as_deref() != Some(lookup.id.as_str()) {
        return Err(not_found(signed));
    }
    Ok((lookup, stored))
}

fn computed_of(saved: &SavedCalculation, overview: &Overview) -> Computed {
    let household = &saved.calculation.household;
    let mut members = default_members(overview);
    for (form, m) in members.iter_mut().zip(&household.members) {
        form.age = m.age.to_string();
        form.partner = m.partner;
        form.at_school = m.at_school;
        form.lunch_at_home = m.lunch_at_home;
        form.jobbstimulans_from = m
            .jobbstimulans_from
            .map(|m| m.to_string())
            .unwrap_or_default();
    }
    let (_, _, costs) = from_query(&HashMap::new(), 0);
    Computed {
        members,
        others: household.others_in_dwelling.to_string(),
        costs,
        result: Ok(saved.calculation.clone()),
    }
}

async fn saved_shown(
    state: &WebState,
    lookup: &Lookup,
    stored: &SavedWithDecisions,
    decision_error: Option<String>,
) -> Result<Shown, PageError> {
    Ok(Shown {
        saved_id: Some(stored.calculation.id.clone()),
        decisions: stored.decisions.iter().map(decision_view).collect(),
        decision_error,
        saved_list: saved_list(state, lookup).await?,
        ..Shown::default()
    })
}

/// `GET /ui/uppslag/{uppslag}/berakning/{underlag}`: a stored underlag with its decisions and
/// the decision form.
pub async fn show_saved(
    State(state): State<WebState>,
    signed: SignedIn,
    Path((id, calculation_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (lookup, stored) = saved_page(&state, &signed, &id, &calculation_id).await?;
    let saved = saved_of(&stored)?;
    let overview = super::build(state.config(), &lookup)?;
    let shown = saved_shown(&state, &lookup, &stored, None).await?;
    let page = page(&signed, &lookup, computed_of(&saved, &overview), shown);
    Ok(Page::ok(page).into_response())
}

fn requested(form: &FormData, section: DecisionSection) -> Result<RequestedVerdict, String> {
    let key = section.key();
    match form.get(&format!("{key}_beslut")).unwrap_or("") {
        "godkann" => Ok(RequestedVerdict::Approve),
        "andra" => {
            let amount = Amount::parse(
                &form
                    .get(&format!("{key}_belopp"))
                    .unwrap_or("")
                    .replace([' ', '\u{a0}'], ""),
            )
            .map_err(|_| format!("{}: ange beslutat belopp i kronor.", section.label_sv()))?;
            Ok(RequestedVerdict::Adjust {
                amount,
                reason: form.get(&format!("{key}_skal")).unwrap_or("").to_owned(),
            })
        }
        _ => Err(format!("{}: välj Godkänn eller Ändra.", section.label_sv())),
    }
}

/// The decision as stored: one row per section.
fn stored_decision(id: &str, record: &DecisionRecord) -> StoredDecision {
    StoredDecision {
        id: id.to_owned(),
        calculation_id: record.calculation_id.clone(),
        rule_version: record.rule_version.clone(),
        decided_by: record.decided_by.name().to_owned(),
        decided_at: Timestamp::now(),
        sections: record
            .sections
            .iter()
            .map(|s| {
                let (adjusted_amount, reason) = match &s.verdict {
                    Verdict::Adjusted { amount, reason } => {
                        (Some(stored_amount(*amount)), Some(reason.clone()))
                    }
                    Verdict::Approved => (None, None),
                };
                StoredSectionVerdict {
                    section: s.section.wire_key().to_owned(),
                    verdict: s.verdict.code().to_owned(),
                    computed_amount: stored_amount(s.computed),
                    adjusted_amount,
                    reason,
                }
            })
            .collect(),
    }
}

/// `POST /ui/uppslag/{uppslag}/berakning/{underlag}/beslut`: the signed-in case worker's
/// decision, per section, on the stored underlag; stored with its audit record (fail closed).
pub async fn decide(
    State(state): State<WebState>,
    signed: SignedIn,
    Path((id, calculation_id)): Path<(String, String)>,
    form: FormData,
) -> Result<Response, PageError> {
    signed.require_post(Role::Handlaggare, &form)?;
    let (lookup, stored) = saved_page(&state, &signed, &id, &calculation_id).await?;
    let saved = saved_of(&stored)?;
    let overview = super::build(state.config(), &lookup)?;
    let verdicts: Result<Vec<_>, String> = DecisionSection::ALL
        .into_iter()
        .map(|s| requested(&form, s).map(|v| (s, v)))
        .collect();
    let record = verdicts.and_then(|verdicts| {
        let actor = HumanActor::parse(&signed.user.id).map_err(|e| refusal_text(&e))?;
        DecisionRecord::new(&saved, actor, &verdicts).map_err(|e| refusal_text(&e))
    });
    let record = match record {
        Ok(record) => record,
        Err(message) => {
            let shown = saved_shown(&state, &lookup, &stored, Some(message)).await?;
            let page = page(&signed, &lookup, computed_of(&saved, &overview), shown);
            return Ok(Page::with_status(StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let request = norm_request(&state, &signed, &lookup.case_id);
    state
        .0
        .orchestrator
        .save_decision(
            &request,
            stored_decision(&request.id, &record),
            record.audit_description(),
        )
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "a decision could not be stored; not recorded");
            PageError::Internal
        })?;
    let (lookup, stored) = saved_page(&state, &signed, &id, &calculation_id).await?;
    let shown = saved_shown(&state, &lookup, &stored, None).await?;
    let page = page(&signed, &lookup, computed_of(&saved, &overview), shown);
    Ok(Page::ok(page).into_response())
}
