//! `GET /ui/sok` (the look-up form), `POST /ui/sok` (run it) and `GET /ui/uppslag` (the
//! session's look-ups).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use underlag_domain::SourceId;
use underlag_overview::{Month, source_label};

use crate::auth::SignedIn;
use crate::config::Role;
use crate::errors::PageError;
use crate::form::FormData;
use crate::format;
use crate::lookup::{FieldError, LookupFailure, LookupForm, run_lookup};
use crate::render::{Frame, Page};
use crate::state::WebState;

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for SourceChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourceChoice").finish_non_exhaustive()
    }
}

/// One source checkbox.
pub struct SourceChoice {
    slug: &'static str,
    label: &'static str,
    checked: bool,
    entitled: bool,
}

#[derive(Template)]
#[template(path = "lookup.html")]
struct LookupPage {
    frame: Frame,
    form: LookupForm,
    errors: Vec<FieldError>,
    purposes: Vec<(String, String)>,
    sources: Vec<SourceChoice>,
    months_shown: u8,
}

impl LookupPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

async fn page(
    state: &WebState,
    signed: &SignedIn,
    form: Option<LookupForm>,
    errors: Vec<FieldError>,
) -> Result<LookupPage, PageError> {
    let config = state.config();
    let connection = state
        .0
        .registry
        .connection(&config.organisation)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "the connection registry could not be read");
            PageError::Internal
        })?;
    // Entitled: in the agreement and, where the source needs one, with the legal basis.
    let entitled: std::collections::BTreeSet<SourceId> = connection
        .map(|c| {
            SourceId::ALL
                .into_iter()
                .filter(|s| c.is_entitled_to(*s))
                .collect()
        })
        .unwrap_or_default();
    let fresh = form.is_none();
    let form = form.unwrap_or_else(|| LookupForm {
        application_month: Month::of(underlag_service::clock::today_in_sweden())
            .previous()
            .to_string(),
        purpose: config
            .purposes
            .first()
            .map(|p| p.code.clone())
            .unwrap_or_default(),
        ..LookupForm::default()
    });
    let sources = SourceId::ALL
        .into_iter()
        .map(|id| SourceChoice {
            slug: id.slug(),
            label: source_label(id),
            checked: if fresh {
                entitled.contains(&id)
            } else {
                form.sources.contains(id.slug())
            },
            entitled: entitled.contains(&id),
        })
        .collect();
    let title = if errors.is_empty() {
        "Nytt uppslag".to_owned()
    } else {
        "Fel i formuläret: Nytt uppslag".to_owned()
    };
    Ok(LookupPage {
        frame: Frame::new(title, Some(&signed.session), "/ui/sok"),
        form,
        errors,
        purposes: config
            .purposes
            .iter()
            .map(|p| (p.code.clone(), p.label.clone()))
            .collect(),
        sources,
        months_shown: config.months_shown,
    })
}

/// `GET /ui/sok`.
pub async fn form(State(state): State<WebState>, signed: SignedIn) -> Result<Response, PageError> {
    signed.require(Role::Handlaggare)?;
    Ok(Page::ok(page(&state, &signed, None, Vec::new()).await?).into_response())
}

/// `POST /ui/sok`.
pub async fn submit(
    State(state): State<WebState>,
    signed: SignedIn,
    data: FormData,
) -> Result<Response, PageError> {
    signed.require_post(Role::Handlaggare, &data)?;
    let form = LookupForm::read(&data);
    let today = underlag_service::clock::today_in_sweden();
    let input = match form.check(state.config(), today) {
        Ok(input) => input,
        Err(errors) => {
            let page = page(&state, &signed, Some(form), errors).await?;
            return Ok(Page::with_status(StatusCode::BAD_REQUEST, page).into_response());
        }
    };
    match run_lookup(&state, &signed.user, input).await {
        Ok(lookup) => {
            let lookup = state
                .0
                .sessions
                .add_lookup(&signed.session.id, lookup)
                .ok_or(PageError::NotSignedIn { get: false })?;
            Ok(Redirect::to(&format!("/ui/uppslag/{}", lookup.id)).into_response())
        }
        Err(LookupFailure::Refused(error)) => {
            let page = page(&state, &signed, Some(form), vec![error]).await?;
            Ok(Page::with_status(StatusCode::FORBIDDEN, page).into_response())
        }
        Err(LookupFailure::Unavailable) => Err(PageError::Internal),
    }
}

#[derive(Template)]
#[template(path = "lookups.html")]
struct LookupsPage {
    frame: Frame,
    lookups: Vec<(String, String, String, usize, String)>,
}

/// `GET /ui/uppslag`.
pub async fn list(State(state): State<WebState>, signed: SignedIn) -> Result<Response, PageError> {
    signed.require(Role::Handlaggare)?;
    let lookups = state
        .0
        .sessions
        .lookups(&signed.session.id)
        .iter()
        .map(|l| {
            (
                l.id.clone(),
                l.case_id.clone(),
                l.application_month.to_string(),
                l.members.len(),
                format::timestamp(l.started_at),
            )
        })
        .collect();
    Ok(Page::ok(LookupsPage {
        frame: Frame::new("Mina uppslag", Some(&signed.session), "/ui/uppslag"),
        lookups,
    })
    .into_response())
}
