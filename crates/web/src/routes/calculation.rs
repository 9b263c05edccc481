//! `GET /ui/uppslag/{uppslag}/berakning`: the försörjningsstöd calculation for the household
//! of a look-up (a beräkningsunderlag, never a decision), prefilled from the look-up's month
//! view, with the built-in rules and the operator's imported riksnorm tables. The form is a
//! GET form: computing changes nothing, works without JavaScript, and `utskrift=1` gives the
//! print view with every explanation open.
//!
//! A human decides: `POST …/berakning/spara` stores the underlag in the norm archive (its
//! inputs, rule version and checksum, committed together with its `norm_calculation` audit
//! record) and shows it with a decision form ([`saved`]); the page lists the look-up's saved
//! underlag with their decisions ("Sparade beräkningsunderlag"). Computing alone writes
//! nothing and decides nothing.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Redirect;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use underlag_norm::decision::{DecisionSection, SavedCalculation};
use underlag_norm::{Calculation, MunicipalSettings, RuleBook, calculate, kr, prefill::prefill};
use underlag_overview::Overview;
use underlag_service::{CaseRequest, Channel, StoredCalculation};

use super::overview::{build, session_lookup, title};
use crate::auth::SignedIn;
use crate::config::Role;
use crate::errors::PageError;
use crate::form::FormData;
use crate::format;
use crate::render::{Frame, Page};
use crate::state::WebState;
use crate::views::calculation::{CalculationView, refusal_text};

mod declared;
mod form;
mod saved;

pub use form::{CostForm, MemberForm};
use form::{default_members, from_query, household_file};

pub use saved::{SavedListItem, decide, show_saved};

#[derive(Template)]
#[template(path = "calculation.html")]
struct CalculationPage {
    frame: Frame,
    lookup_id: String,
    case_id: String,
    month_label: String,
    printed: String,
    printed_by: String,
    members: Vec<MemberForm>,
    others: String,
    costs: Vec<CostForm>,
    query: String,
    refusal: Option<String>,
    view: Option<CalculationView>,
    saved_id: Option<String>,
    sections: Vec<SectionDecisionForm>,
    decisions: Vec<DecisionView>,
    decision_error: Option<String>,
    saved_list: Vec<SavedListItem>,
    declared: declared::DeclaredPrefill,
}

/// One section of the decision form.
#[derive(Debug, Clone)]
pub struct SectionDecisionForm {
    /// `norm`, `kostnader`, `inkomster`.
    pub key: &'static str,
    /// Label.
    pub label: &'static str,
    /// The computed total.
    pub computed: String,
}

/// A recorded decision, for the page.
#[derive(Debug, Clone)]
pub struct DecisionView {
    /// Who decided.
    pub decided_by: String,
    /// When.
    pub decided_at: String,
    /// Per section: label, verdict text.
    pub sections: Vec<(String, String)>,
    /// The rule version.
    pub rule_version: String,
}

impl std::fmt::Debug for CalculationPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CalculationPage").finish_non_exhaustive()
    }
}

/// The form and its result for `query` (defaults from the overview when the form was not
/// submitted).
struct Computed {
    members: Vec<MemberForm>,
    others: String,
    costs: Vec<CostForm>,
    result: Result<Calculation, String>,
}

fn compute(
    book: &Result<RuleBook, String>,
    lookup: &crate::lookup::Lookup,
    overview: &Overview,
    query: &HashMap<String, String>,
    entered_by: &str,
    application: Option<&crate::declared::Declared>,
    shown: &mut declared::DeclaredPrefill,
) -> Computed {
    let count = overview.members.len();
    let (members, others, costs) = if query.contains_key("beraknad") {
        from_query(query, count)
    } else {
        let (_, others, costs) = from_query(&HashMap::new(), count);
        (default_members(overview), others, costs)
    };
    let result = household_file(
        lookup.application_month.to_string(),
        &members,
        &others,
        &costs,
    )
    .and_then(|file| {
        let book = book.as_ref().map_err(Clone::clone)?;
        (|| {
            let settings = MunicipalSettings::exempelkommun()?;
            let mut household = file.to_household(entered_by)?;
            let filled = prefill(overview, &(0..count).collect::<Vec<_>>());
            household.add_prefilled(&filled);
            if let Some(a) = application {
                declared::apply(&mut household, &a.declaration, overview, &costs, shown);
            }
            calculate(book, &settings, &household)
        })()
        .map_err(|e| refusal_text(&e))
    });
    Computed {
        members,
        others,
        costs,
        result,
    }
}

/// Whether the form asks for the application's figures (`ansokan`).
fn wants_application(query: &HashMap<String, String>) -> bool {
    query
        .get(declared::FIELD)
        .is_some_and(|v| v == "1" || v == "on")
}

fn query_text(query: &HashMap<String, String>) -> String {
    let mut pairs: Vec<(String, String)> = query
        .iter()
        .filter(|(k, _)| k.as_str() != "utskrift")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    pairs.sort();
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

fn section_forms(calc: &Calculation) -> Vec<SectionDecisionForm> {
    DecisionSection::ALL
        .into_iter()
        .map(|s| SectionDecisionForm {
            key: s.key(),
            label: s.label_sv(),
            computed: kr(match s {
                DecisionSection::Norm => calc.norm.total,
                DecisionSection::Costs => calc.costs.total,
                DecisionSection::Incomes => calc.counted_income,
            }),
        })
        .collect()
}

/// What the page shows besides the form and its result.
#[derive(Default)]
struct Shown {
    query: String,
    print: bool,
    saved_id: Option<String>,
    decisions: Vec<DecisionView>,
    decision_error: Option<String>,
    saved_list: Vec<SavedListItem>,
    declared: declared::DeclaredPrefill,
}

fn page(
    signed: &SignedIn,
    lookup: &crate::lookup::Lookup,
    computed: Computed,
    shown: Shown,
) -> CalculationPage {
    let Shown {
        query,
        print,
        saved_id,
        decisions,
        decision_error,
        saved_list,
        declared,
    } = shown;
    let mut frame = Frame::new(title("Beräkning", lookup), Some(&signed.session), "");
    frame.print = print;
    let (refusal, view, sections) = match &computed.result {
        Ok(calc) => (None, Some(CalculationView::new(calc)), section_forms(calc)),
        Err(message) => (Some(message.clone()), None, Vec::new()),
    };
    CalculationPage {
        frame,
        lookup_id: lookup.id.clone(),
        case_id: lookup.case_id.clone(),
        month_label: lookup.application_month.label_sv(),
        printed: format::timestamp(Timestamp::now()),
        printed_by: signed.user.name.clone(),
        members: computed.members,
        others: computed.others,
        costs: computed.costs,
        query,
        refusal,
        view,
        saved_id,
        sections,
        decisions,
        decision_error,
        saved_list,
        declared,
    }
}

/// The rule book in force: the built-in rules with the operator's imported tables (read from
/// the norm archive on every calculation, so an import is in force at once). A failure is the
/// page's Swedish refusal text.
async fn rule_book(state: &WebState) -> Result<RuleBook, String> {
    const UNAVAILABLE: &str =
        "Regelverket kunde inte läsas (inlästa riksnormstabeller). Försök igen senare.";
    let imports = state
        .0
        .orchestrator
        .norm_table_imports()
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "the imported riksnorm tables could not be read");
            UNAVAILABLE.to_owned()
        })?;
    RuleBook::with_imports(imports.iter().map(|i| i.text.as_str())).map_err(|e| {
        tracing::error!(error = %e, "the imported riksnorm tables cannot be applied");
        UNAVAILABLE.to_owned()
    })
}

/// The request the norm archive is asked with: the UI's organisation, the signed-in case
/// worker, the look-up's case.
fn norm_request(state: &WebState, signed: &SignedIn, case_id: &str) -> CaseRequest {
    CaseRequest {
        id: uuid::Uuid::new_v4().to_string(),
        channel: Channel::Ui,
        organisation: state.config().organisation.clone(),
        caller: None,
        case_id: case_id.to_owned(),
        case_worker: signed.user.id.clone(),
        purpose: String::new(),
        legal_basis: String::new(),
    }
}

/// `GET /ui/uppslag/{uppslag}/berakning`.
pub async fn show(
    State(state): State<WebState>,
    signed: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let lookup = session_lookup(&state, &signed, &id)?;
    let overview = build(state.config(), &lookup)?;
    let book = rule_book(&state).await;
    let (mut prefill, application) =
        declared::load(&state, &signed, &lookup, wants_application(&query)).await;
    let computed = compute(
        &book,
        &lookup,
        &overview,
        &query,
        &signed.user.name,
        application.as_ref(),
        &mut prefill,
    );
    let shown = Shown {
        query: query_text(&query),
        print: query.get("utskrift").is_some_and(|v| v == "1"),
        saved_list: saved::saved_list(&state, &lookup).await?,
        declared: prefill,
        ..Shown::default()
    };
    Ok(Page::ok(page(&signed, &lookup, computed, shown)).into_response())
}

/// `POST /ui/uppslag/{uppslag}/berakning/spara`: stores the underlag computed from the form's
/// `fraga` (the GET form's query) with its audit record; fail closed: not audited, not stored.
pub async fn save(
    State(state): State<WebState>,
    signed: SignedIn,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, PageError> {
    signed.require_post(Role::Handlaggare, &form)?;
    let lookup = session_lookup(&state, &signed, &id)?;
    let overview = build(state.config(), &lookup)?;
    let query: HashMap<String, String> =
        form_urlencoded::parse(form.get("fraga").unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let book = rule_book(&state).await;
    let (mut prefill, application) =
        declared::load(&state, &signed, &lookup, wants_application(&query)).await;
    let computed = compute(
        &book,
        &lookup,
        &overview,
        &query,
        &signed.user.name,
        application.as_ref(),
        &mut prefill,
    );
    let Ok(calculation) = computed.result else {
        return show(State(state), signed, Path(id), Query(query)).await;
    };
    let request = norm_request(&state, &signed, &lookup.case_id);
    let saved = SavedCalculation {
        id: request.id.clone(),
        case_id: lookup.case_id.clone(),
        computed_by: signed.user.id.clone(),
        calculation,
    };
    let stored = StoredCalculation {
        id: saved.id.clone(),
        created_at: Timestamp::now(),
        computed_by: saved.computed_by.clone(),
        organisation: request.organisation.clone(),
        unit: String::new(),
        case_id: saved.case_id.clone(),
        lookup_id: Some(lookup.id.clone()),
        rule_version: saved.calculation.rule_version.label(),
        inputs_json: saved.inputs_json(),
        result_json: saved.result_json(),
        checksum: saved.digest(),
    };
    state
        .0
        .orchestrator
        .save_calculation(&request, stored, saved.audit_description())
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "a beräkningsunderlag could not be stored; not saved");
            PageError::Internal
        })?;
    Ok(Redirect::to(&format!("/ui/uppslag/{}/berakning/{}", lookup.id, saved.id)).into_response())
}
