//! Where the person's cases stand (`GET /mina-sidor/arenden`, `/arenden/{id}`): each sent
//! application with the status events its municipality's case system posted
//! (`POST /api/v1/applications/{id}/events`), as a timeline in the order received. A decision
//! whose calculation the system prepared says exactly that, and that a case worker decided.
//! Only the applicant and the co-applicant see a case; anyone else gets "not found".

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use underlag_applicant::StatusKind;
use underlag_applicant::stored::StoredApplication;
use underlag_store::EventRow;

use crate::auth::SignedInApplicant;
use crate::errors::PortalError;
use crate::layout::{Frame, Page};
use crate::records::events_of;
use crate::routes::applications::load_own;
use crate::state::PortalState;

/// The page group's path.
const PATH: &str = "/mina-sidor/arenden";

/// What a decided event says about how the decision came about.
pub const PREPARED_BY_SYSTEM: &str =
    "Beräkningen togs fram av systemet. Beslutet fattades av en handläggare.";

/// What a decided event says when the case worker also made the calculation.
pub const DECIDED_BY_CASE_WORKER: &str = "Beslutet fattades av en handläggare.";

/// The Swedish label of an event kind; the REST contract's codes and the applicant model's.
fn kind_label(code: &str) -> &'static str {
    match code {
        "handlaggningen_tar_langre_tid" => StatusKind::Delayed.label(),
        other => StatusKind::from_code(other).map_or("Händelse i ärendet", StatusKind::label),
    }
}

/// One event on the timeline.
#[derive(Debug, Clone)]
pub struct TimelineEvent {
    /// The event's place (1, 2, …).
    pub seq: u64,
    /// What happened.
    pub label: &'static str,
    /// When it happened (Swedish local time).
    pub at: String,
    /// The `datetime` attribute (RFC 3339).
    pub at_iso: String,
    /// The case system's message.
    pub message: String,
    /// For a decision: how it came about.
    pub decision: Option<&'static str>,
}

impl TimelineEvent {
    fn of(row: &EventRow) -> Self {
        let decision = (row.kind == "beslutad").then_some(if row.prepared_by_system {
            PREPARED_BY_SYSTEM
        } else {
            DECIDED_BY_CASE_WORKER
        });
        TimelineEvent {
            seq: row.seq,
            label: kind_label(&row.kind),
            at: underlag_web::format::timestamp(row.occurred_at),
            at_iso: row.occurred_at.to_string(),
            message: row.message.clone(),
            decision,
        }
    }
}

/// One case in the list.
#[derive(Debug, Clone)]
pub struct CaseRow {
    /// The application's id.
    pub id: String,
    /// Its reference number.
    pub reference: String,
    /// The month applied for.
    pub month: String,
    /// The latest event's label, if any.
    pub latest: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "cases.html")]
struct CasesPage {
    frame: Frame,
    rows: Vec<CaseRow>,
}

#[derive(Template)]
#[template(path = "case_timeline.html")]
struct TimelinePage {
    frame: Frame,
    reference: String,
    month: String,
    events: Vec<TimelineEvent>,
}

/// `GET /mina-sidor/arenden`.
pub async fn list(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
) -> Result<Response, PortalError> {
    let mut rows = Vec::new();
    for application in load_own(&state, &signed.applicant.personnummer).await? {
        let id = application.submission.id.clone();
        let events = events_of(&state, &id).await?;
        rows.push(CaseRow {
            reference: application.submission.reference.to_string(),
            month: application.draft.month.label(),
            latest: events.last().map(|e| kind_label(&e.kind)),
            id,
        });
    }
    let page = CasesPage {
        frame: Frame::new("Mina ärenden", Some(&signed.session), PATH),
        rows,
    };
    Ok(Page::ok(page).into_response())
}

/// `GET /mina-sidor/arenden/{id}`: the case's timeline.
pub async fn timeline(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
    Path(id): Path<String>,
) -> Result<Response, PortalError> {
    let not_found = || PortalError::NotFound(Box::new(Some(signed.session.clone())));
    let row = state
        .applications()
        .application(&id)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "an application could not be read");
            PortalError::Internal
        })?
        .ok_or_else(not_found)?;
    let application = StoredApplication::parse_json(&row.document).map_err(|e| {
        tracing::error!(error = %e, "a stored application cannot be read");
        PortalError::Internal
    })?;
    if !application.concerns(&signed.applicant.personnummer) {
        return Err(not_found());
    }
    let events = events_of(&state, &id).await?;
    let page = TimelinePage {
        frame: Frame::new("Ärendets händelser", Some(&signed.session), PATH),
        reference: application.submission.reference.to_string(),
        month: application.draft.month.label(),
        events: events.iter().map(TimelineEvent::of).collect(),
    };
    Ok(Page::ok(page).into_response())
}
