//! `GET /ui/uppslag/{uppslag}`: the household's month view (översikt).

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use underlag_overview::{Overview, OverviewRules};

use crate::auth::SignedIn;
use crate::config::{Role, WebConfig};
use crate::errors::PageError;
use crate::format;
use crate::lookup::Lookup;
use crate::render::{Frame, Page};
use crate::state::WebState;
use crate::views::overview::OverviewView;

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for OverviewPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OverviewPage").finish_non_exhaustive()
    }
}

/// The page (also what the benchmark renders).
#[derive(Template)]
#[template(path = "overview.html")]
pub struct OverviewPage {
    pub(crate) frame: Frame,
    pub(crate) lookup_id: String,
    pub(crate) case_id: String,
    pub(crate) application_month: String,
    pub(crate) application_month_label: String,
    pub(crate) period: String,
    pub(crate) started: String,
    pub(crate) purpose: String,
    pub(crate) view: OverviewView,
    /// Applications sent through the applicant portal for the month, "uppgett av sökande".
    pub(crate) declarations: Vec<crate::declared::DeclarationView>,
    /// Whether the applications could not be read (the page says so; never "none").
    pub(crate) declarations_unreadable: bool,
    /// The consent-fetched data per member ("Kontouppgifter (med samtycke)"); `None` when
    /// the UI is not given the consents.
    pub(crate) consent_data: Option<Vec<crate::consent_data::MemberConsentView>>,
    /// Whether reading the applicant's data could not be audited, so none of it is shown.
    pub(crate) applicant_data_withheld: bool,
}

/// The overview's rules from the configuration.
pub fn rules(config: &WebConfig) -> OverviewRules {
    OverviewRules {
        change_threshold_percent: config.change_threshold_percent,
        months_shown: config.months_shown,
    }
}

/// The signed-in handläggare's look-up `id`, or 404.
pub fn session_lookup(
    state: &WebState,
    signed: &SignedIn,
    id: &str,
) -> Result<Arc<Lookup>, PageError> {
    signed.require(Role::Handlaggare)?;
    state
        .0
        .sessions
        .lookup(&signed.session.id, id)
        .ok_or_else(|| PageError::NotFound(Box::new(Some(signed.session.clone()))))
}

/// The overview of `lookup`.
pub fn build(config: &WebConfig, lookup: &Lookup) -> Result<Overview, PageError> {
    lookup.overview(&rules(config)).map_err(|e| {
        tracing::error!(error = %e, "the overview rules are out of range");
        PageError::Internal
    })
}

/// The purpose's label.
pub fn purpose_label(config: &WebConfig, code: &str) -> String {
    config
        .purpose(code)
        .map_or_else(|| code.to_owned(), |p| p.label.clone())
}

impl OverviewPage {
    /// The page for `lookup`, framed for `frame`.
    pub fn new(config: &WebConfig, frame: Frame, lookup: &Lookup, overview: &Overview) -> Self {
        Self {
            frame,
            lookup_id: lookup.id.clone(),
            case_id: lookup.case_id.clone(),
            application_month: lookup.application_month.to_string(),
            application_month_label: lookup.application_month.label_sv(),
            period: format::period(&lookup.period),
            started: format::timestamp(lookup.started_at),
            purpose: purpose_label(config, &lookup.purpose),
            view: OverviewView::new(overview),
            declarations: Vec::new(),
            declarations_unreadable: false,
            consent_data: None,
            applicant_data_withheld: false,
        }
    }
}

/// The `<title>` of a look-up's pages: the case id, never a person.
pub fn title(prefix: &str, lookup: &Lookup) -> String {
    format!("{prefix}, ärende {}", lookup.case_id)
}

/// `GET /ui/uppslag/{uppslag}`.
pub async fn show(
    State(state): State<WebState>,
    signed: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let lookup = session_lookup(&state, &signed, &id)?;
    let overview = build(state.config(), &lookup)?;
    let frame = Frame::new(title("Översikt", &lookup), Some(&signed.session), "");
    let mut page = OverviewPage::new(state.config(), frame, &lookup, &overview);
    // What the applicant supplied or consented to is read only once the read is audited.
    if crate::case_read::record(&state, &signed, &lookup)
        .await
        .is_err()
    {
        page.applicant_data_withheld = true;
        return Ok(Page::ok(page).into_response());
    }
    match crate::declared::declarations(&state, &lookup).await {
        Some(found) => {
            let label = |p: &underlag_domain::Personnummer| {
                lookup
                    .members
                    .iter()
                    .position(|m| &m.personnummer == p)
                    .map_or_else(
                        || format!("Medsökande ({})", format::personnummer(p.expose())),
                        |i| format!("Medlem {} ({})", i + 1, format::personnummer(p.expose())),
                    )
            };
            for d in &found {
                let mut view = crate::declared::DeclarationView::new(&d.declaration, label);
                match crate::declared::events(&state, &d.application_id).await {
                    Some(events) => view.events = events,
                    None => view.events_unreadable = true,
                }
                page.declarations.push(view);
            }
        }
        None => page.declarations_unreadable = true,
    }
    page.consent_data = crate::consent_data::consent_data(&state, &lookup).await;
    Ok(Page::ok(page).into_response())
}

/// Renders the overview page of `lookup` as `GET /ui/uppslag/{id}` does (without a signed-in
/// frame): building the month view, its view model and the HTML. What `underlag bench`
/// measures.
pub fn render_overview(config: &WebConfig, lookup: &Lookup) -> Result<String, PageError> {
    let overview = build(config, lookup)?;
    let frame = Frame::new(title("Översikt", lookup), None, "");
    OverviewPage::new(config, frame, lookup, &overview)
        .render()
        .map_err(|e| {
            tracing::error!(error = %e, "the overview could not be rendered");
            PageError::Internal
        })
}
