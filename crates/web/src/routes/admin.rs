//! Administration (`administrator`): the connections with their sources, purposes (syfte
//! mappings) and data processors, read-only; and the cases of the configured organisation:
//! read one (audited like `GET /api/v1/cases/{id}`) and register or replace its household
//! (the same call as `PUT /api/v1/cases/{id}/household`).

use std::collections::BTreeSet;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use underlag_audit::Channel;
use underlag_domain::{Organisationsnummer, SourceId};
use underlag_registry::{Case, Connection, ConnectionStatus};
use underlag_service::{CaseError, CaseRequest};

use crate::auth::SignedIn;
use crate::config::Role;
use crate::errors::PageError;
use crate::form::FormData;
use crate::format;
use crate::lookup::FieldError;
use crate::lookup::form::member_lines;
use crate::render::{Frame, Page};
use crate::state::WebState;

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for ConnectionView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionView").finish_non_exhaustive()
    }
}

/// One connection, for the templates.
pub struct ConnectionView {
    organisation: String,
    name: String,
    unit: String,
    status: &'static str,
    sources: String,
    syfte: Vec<(String, String)>,
    processors: Vec<(String, String)>,
    certificates: usize,
    lefi_actor_id: String,
}

fn view(c: &Connection) -> ConnectionView {
    ConnectionView {
        organisation: c.organisation.ten_digits().to_owned(),
        name: c.name.clone(),
        unit: c.committee_unit.clone(),
        status: match c.status {
            ConnectionStatus::Active => "Aktiv",
            ConnectionStatus::Suspended => "Tillfälligt avstängd",
            ConnectionStatus::Ended => "Avslutad",
        },
        sources: SourceId::ALL
            .into_iter()
            .filter(|s| c.entitled_sources.contains(s))
            .map(underlag_overview::source_label)
            .collect::<Vec<_>>()
            .join(", "),
        syfte: c
            .syfte_mappings
            .iter()
            .map(|m| (m.pattern.clone(), m.purpose.clone()))
            .collect(),
        processors: c
            .data_processors
            .iter()
            .map(|p| (p.organisation.ten_digits().to_owned(), p.name.clone()))
            .collect(),
        certificates: c.certificate_fingerprints.len(),
        lefi_actor_id: c
            .lefi_actor_id
            .as_ref()
            .map_or_else(|| "(den konfigurerade)".to_owned(), ToString::to_string),
    }
}

#[derive(Template)]
#[template(path = "admin_connections.html")]
struct ConnectionsPage {
    frame: Frame,
    connections: Vec<ConnectionView>,
    purposes: Vec<(String, String, String)>,
}

/// `GET /ui/admin`.
pub async fn connections(
    State(state): State<WebState>,
    signed: SignedIn,
) -> Result<Response, PageError> {
    signed.require(Role::Administrator)?;
    let all = state.0.registry.connections().await.map_err(|e| {
        tracing::error!(error = %e, "the connection registry could not be read");
        PageError::Internal
    })?;
    Ok(Page::ok(ConnectionsPage {
        frame: Frame::new(
            "Administration: anslutningar",
            Some(&signed.session),
            "/ui/admin",
        ),
        connections: all.iter().map(view).collect(),
        purposes: state
            .config()
            .purposes
            .iter()
            .map(|p| (p.code.clone(), p.label.clone(), p.legal_basis.clone()))
            .collect(),
    })
    .into_response())
}

#[derive(Template)]
#[template(path = "admin_connection.html")]
struct ConnectionPage {
    frame: Frame,
    c: ConnectionView,
}

/// `GET /ui/admin/anslutning/{organisation}`.
pub async fn connection(
    State(state): State<WebState>,
    signed: SignedIn,
    Path(organisation): Path<String>,
) -> Result<Response, PageError> {
    signed.require(Role::Administrator)?;
    let not_found = || PageError::NotFound(Box::new(Some(signed.session.clone())));
    let org = Organisationsnummer::parse(&organisation).map_err(|_| not_found())?;
    let found = state.0.registry.connection(&org).await.map_err(|e| {
        tracing::error!(error = %e, "the connection registry could not be read");
        PageError::Internal
    })?;
    let c = found.ok_or_else(not_found)?;
    Ok(Page::ok(ConnectionPage {
        frame: Frame::new(
            format!("Anslutning {}", c.name),
            Some(&signed.session),
            "/ui/admin",
        ),
        c: view(&c),
    })
    .into_response())
}

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for CaseView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaseView").finish_non_exhaustive()
    }
}

/// A case as shown.
pub struct CaseView {
    case_id: String,
    status: &'static str,
    opened: String,
    closed: String,
    household: Vec<String>,
}

#[derive(Template)]
#[template(path = "admin_cases.html")]
struct CasesPage {
    frame: Frame,
    errors: Vec<FieldError>,
    values: FormData,
    purposes: Vec<(String, String)>,
    case: Option<CaseView>,
    saved: bool,
}

impl CasesPage {
    fn value(&self, name: &str) -> &str {
        self.values.get(name).unwrap_or("")
    }

    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

fn cases_page(
    state: &WebState,
    signed: &SignedIn,
    values: FormData,
    errors: Vec<FieldError>,
    case: Option<&Case>,
    saved: bool,
) -> Response {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let case = case.map(|c| CaseView {
        case_id: c.case_id.clone(),
        status: if c.closed_at.is_some() {
            "closed"
        } else {
            "open"
        },
        opened: format::timestamp(c.opened_at),
        closed: c.closed_at.map(format::timestamp).unwrap_or_default(),
        household: c
            .household
            .iter()
            .map(|p| format::personnummer(p.expose()))
            .collect(),
    });
    Page::with_status(
        status,
        CasesPage {
            frame: Frame::new(
                "Administration: ärenden",
                Some(&signed.session),
                "/ui/admin",
            ),
            errors,
            values,
            purposes: state
                .config()
                .purposes
                .iter()
                .map(|p| (p.code.clone(), p.label.clone()))
                .collect(),
            case,
            saved,
        },
    )
    .into_response()
}

/// `GET /ui/admin/arenden`.
pub async fn cases(State(state): State<WebState>, signed: SignedIn) -> Result<Response, PageError> {
    signed.require(Role::Administrator)?;
    Ok(cases_page(
        &state,
        &signed,
        FormData::default(),
        Vec::new(),
        None,
        false,
    ))
}

fn request(state: &WebState, signed: &SignedIn, case_id: &str, purpose: &str) -> CaseRequest {
    let config = state.config();
    let legal_basis = config
        .purpose(purpose)
        .map(|p| p.legal_basis.clone())
        .unwrap_or_default();
    CaseRequest {
        id: uuid::Uuid::new_v4().to_string(),
        channel: Channel::Ui,
        organisation: config.organisation.clone(),
        caller: None,
        case_id: case_id.to_owned(),
        case_worker: signed.user.id.clone(),
        purpose: purpose.to_owned(),
        legal_basis,
    }
}

fn case_id(form: &FormData, errors: &mut Vec<FieldError>) -> String {
    match underlag_domain::free_text::parse_free_text(form.get("case_id").unwrap_or(""), 64) {
        Ok(id) => id.to_owned(),
        Err(_) => {
            errors.push(FieldError {
                field: "case_id",
                message: "Ange ärendeidentitet (högst 64 tecken, inga styrtecken).".into(),
            });
            String::new()
        }
    }
}

fn refused(error: CaseError) -> Result<FieldError, PageError> {
    match error {
        CaseError::Refused(r) => Ok(FieldError {
            field: "case_id",
            message: format!("Ärendet kunde inte hanteras ({}).", r.reason),
        }),
        CaseError::NotFound => Ok(FieldError {
            field: "case_id",
            message: "Ärendet finns inte för organisationen.".into(),
        }),
        e => {
            tracing::error!(error = %e, "a case request failed");
            Err(PageError::Internal)
        }
    }
}

/// `POST /ui/admin/arenden`: reads one case (audited as a household read).
pub async fn read_case(
    State(state): State<WebState>,
    signed: SignedIn,
    form: FormData,
) -> Result<Response, PageError> {
    signed.require_post(Role::Administrator, &form)?;
    let mut errors = Vec::new();
    let id = case_id(&form, &mut errors);
    let purpose = form.text("purpose");
    if state.config().purpose(&purpose).is_none() {
        errors.push(FieldError {
            field: "purpose",
            message: "Välj ett syfte.".into(),
        });
    }
    if !errors.is_empty() {
        return Ok(cases_page(&state, &signed, form, errors, None, false));
    }
    match state
        .0
        .orchestrator
        .read_case(&request(&state, &signed, &id, &purpose))
        .await
    {
        Ok(case) => Ok(cases_page(
            &state,
            &signed,
            form,
            Vec::new(),
            Some(&case),
            false,
        )),
        Err(e) => Ok(cases_page(
            &state,
            &signed,
            form,
            vec![refused(e)?],
            None,
            false,
        )),
    }
}

/// `POST /ui/admin/arenden/hushall`: registers or replaces a household.
pub async fn set_household(
    State(state): State<WebState>,
    signed: SignedIn,
    form: FormData,
) -> Result<Response, PageError> {
    signed.require_post(Role::Administrator, &form)?;
    let mut errors = Vec::new();
    let id = case_id(&form, &mut errors);
    let today = underlag_service::clock::today_in_sweden();
    let mut persons = BTreeSet::new();
    for (_, parsed) in member_lines(form.get("members").unwrap_or(""), today) {
        match parsed {
            Ok(p) => {
                persons.insert(p);
            }
            Err(invalid) => errors.push(invalid),
        }
    }
    if persons.is_empty() && errors.iter().all(|e| e.field != "members") {
        errors.push(FieldError {
            field: "members",
            message: "Hushållets medlemmar: ange minst ett personnummer.".into(),
        });
    }
    if !errors.is_empty() {
        return Ok(cases_page(&state, &signed, form, errors, None, false));
    }
    match state
        .0
        .orchestrator
        .set_household(&request(&state, &signed, &id, ""), &persons)
        .await
    {
        Ok(case) => Ok(cases_page(
            &state,
            &signed,
            form,
            Vec::new(),
            Some(&case),
            true,
        )),
        Err(e) => Ok(cases_page(
            &state,
            &signed,
            form,
            vec![refused(e)?],
            None,
            false,
        )),
    }
}
