//! An application's status events, posted by the municipality's case system and read back
//! (`POST /api/v1/applications/{application_id}/events`, `GET` the same path with
//! `?organisation=`): received (`mottagen`), documentation requested
//! (`komplettering_begard`), handling takes longer (`handlaggningen_tar_langre_tid`), decided
//! (`beslutad`) and paid (`utbetald`). The applicant sees them as a timeline in order of
//! arrival.
//!
//! A decision says who decided, and whether the calculation behind it was prepared by the
//! system: "prepared by the system, decided by a case worker" is shown as exactly that; a
//! decision without a named case worker is refused (a human decides). The organisation is
//! checked as for a case request (registered, active, and over mTLS the caller's
//! certificate). Events belong to a stored application: an id that is not stored is a 404
//! (`application-not-found`), another organisation's application a 403
//! (`application-forbidden`), so nothing is disclosed across organisations. Bad input is a
//! 400 problem naming every field; no value is echoed.

use std::sync::Arc;

use async_trait::async_trait;
use axum::Extension;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use underlag_catalogue::Code;
use underlag_domain::Organisationsnummer;
use underlag_service::{CallerIdentity, CaseRequest, Channel};

use crate::AppState;
use crate::json_body::JsonBody;
use crate::problem::{FieldErrors, Problem};

/// The kinds of status event, with their codes.
pub const EVENT_KINDS: [&str; 5] = [
    "mottagen",
    "komplettering_begard",
    "handlaggningen_tar_langre_tid",
    "beslutad",
    "utbetald",
];

/// The longest an application id may be.
const MAX_APPLICATION_ID: usize = 64;

/// One status event.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StatusEvent {
    /// The application.
    pub application_id: String,
    /// Its place among the application's events (1, 2, …), in the order received.
    pub seq: u64,
    /// The event's id.
    pub id: String,
    /// One of [`EVENT_KINDS`].
    pub kind: String,
    /// When it happened, as the case system says.
    pub occurred_at: Timestamp,
    /// When Underlag received it.
    pub received_at: Timestamp,
    /// The message to the applicant (plain Swedish).
    pub message: String,
    /// The posting organisation.
    pub organisation: String,
    /// For `beslutad`: who decided and how the calculation came about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<DecisionInfo>,
}

/// How a decision came about.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionInfo {
    /// The case worker who decided (never the system).
    pub decided_by: String,
    /// Whether the calculation was prepared by the system (a beräkningsunderlag).
    pub calculation_prepared_by_system: bool,
}

/// Where status events are kept (the gateway's store).
#[async_trait]
pub trait StatusEvents: Send + Sync + 'static {
    /// Appends the event (its `seq` is assigned by the store) and returns it as stored.
    async fn append(&self, event: StatusEvent) -> Result<StatusEvent, String>;

    /// The application's events in the order received.
    async fn list(&self, application_id: &str) -> Result<Vec<StatusEvent>, String>;

    /// The organisation (10 digits) the stored application was sent to; `None` when no
    /// application with this id is stored.
    async fn owner(&self, application_id: &str) -> Result<Option<String>, String>;
}

/// The port in the API's state (`None`: the routes answer 404).
pub type StatusEventsPort = Option<Arc<dyn StatusEvents>>;

/// `POST` body.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EventRequest {
    organisation: Option<String>,
    kind: Option<String>,
    occurred_at: Option<String>,
    message: Option<String>,
    #[serde(default)]
    decision: Option<DecisionInfo>,
}

/// `GET` query.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct EventQuery {
    organisation: Option<String>,
}

/// An application id: 1 to 64 letters, digits, `-` or `_`.
fn application_id(errors: &mut FieldErrors, text: &str) -> String {
    let ok = !text.is_empty()
        && text.len() <= MAX_APPLICATION_ID
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !ok {
        errors.push(
            "application_id",
            "must be 1 to 64 letters, digits, '-' or '_'",
        );
    }
    text.to_owned()
}

fn organisation(errors: &mut FieldErrors, text: Option<&str>) -> Option<Organisationsnummer> {
    let Some(text) = text else {
        errors.push("organisation", "must be given");
        return None;
    };
    Organisationsnummer::parse(text)
        .map_err(|e| errors.push("organisation", e))
        .ok()
}

fn case_request(organisation: Organisationsnummer, caller: Option<CallerIdentity>) -> CaseRequest {
    CaseRequest {
        id: uuid::Uuid::new_v4().to_string(),
        channel: Channel::Rest,
        organisation,
        caller,
        case_id: String::new(),
        case_worker: String::new(),
        purpose: String::new(),
        legal_basis: String::new(),
    }
}

/// Refuses an application that is not stored (404) or was sent to another organisation
/// (403); `Ok` when `organisation` owns it.
async fn check_owner(
    events: &dyn StatusEvents,
    application_id: &str,
    organisation: &Organisationsnummer,
) -> Result<(), Response> {
    match events.owner(application_id).await {
        Ok(Some(owner)) if owner == organisation.ten_digits() => Ok(()),
        Ok(Some(_)) => Err(Problem::from(Code::ApplicationForbidden).into_response()),
        Ok(None) => Err(Problem::from(Code::ApplicationNotFound).into_response()),
        Err(e) => Err(store_problem(&e)),
    }
}

fn store_problem(e: &str) -> Response {
    tracing::error!(error = e, "status events: the store failed");
    Problem::from(Code::StoreUnavailable).into_response()
}

pub(super) async fn post_event(
    State(state): State<AppState>,
    Path(id): Path<String>,
    caller: Option<Extension<CallerIdentity>>,
    JsonBody(request): JsonBody<EventRequest>,
) -> Response {
    let Some(events) = state.status_events.clone() else {
        return Problem::not_found().into_response();
    };
    let mut errors = FieldErrors::default();
    let application_id = application_id(&mut errors, &id);
    let org = organisation(&mut errors, request.organisation.as_deref());
    let kind = match request.kind.as_deref() {
        Some(k) if EVENT_KINDS.contains(&k) => k.to_owned(),
        Some(_) => {
            errors.push("kind", format!("must be one of {}", EVENT_KINDS.join(", ")));
            String::new()
        }
        None => {
            errors.push("kind", "must be given");
            String::new()
        }
    };
    let occurred_at = match request.occurred_at.as_deref() {
        Some(text) => match text.parse::<Timestamp>() {
            Ok(t) => Some(t),
            Err(_) => {
                errors.push(
                    "occurred_at",
                    "must be an RFC 3339 time with an offset, e.g. 2026-11-02T09:30:00+01:00",
                );
                None
            }
        },
        None => {
            errors.push("occurred_at", "must be given");
            None
        }
    };
    let message = match request.message.as_deref() {
        Some(text) => errors.required_text("message", text),
        None => {
            errors.push("message", "must be given");
            String::new()
        }
    };
    let decision = match (kind.as_str(), request.decision) {
        ("beslutad", Some(d)) => {
            let decided_by = errors.required_text("decision.decided_by", &d.decided_by);
            if decided_by.eq_ignore_ascii_case("system") {
                errors.push(
                    "decision.decided_by",
                    "must name the case worker who decided (a decision is never made by the system)",
                );
            }
            Some(DecisionInfo {
                decided_by,
                calculation_prepared_by_system: d.calculation_prepared_by_system,
            })
        }
        ("beslutad", None) => {
            errors.push(
                "decision",
                "must be given for beslutad: who decided, and whether the system prepared the calculation",
            );
            None
        }
        (_, Some(_)) => {
            errors.push("decision", "is only for kind beslutad");
            None
        }
        (_, None) => None,
    };
    let (Some(org), Some(occurred_at)) = (org, occurred_at) else {
        return Problem::invalid(errors.0).into_response();
    };
    if !errors.is_empty() {
        return Problem::invalid(errors.0).into_response();
    }
    let check = case_request(org.clone(), caller.map(|Extension(c)| c));
    if let Err(e) = state.orchestrator.check_organisation(&check).await {
        return Problem::from(e).into_response();
    }
    if let Err(refused) = check_owner(&*events, &application_id, &org).await {
        return refused;
    }
    let event = StatusEvent {
        application_id,
        seq: 0,
        id: uuid::Uuid::new_v4().to_string(),
        kind,
        occurred_at,
        received_at: Timestamp::now(),
        message,
        organisation: org.ten_digits().to_owned(),
        decision,
    };
    match events.append(event).await {
        Ok(stored) => {
            tracing::info!(
                event = %stored.id,
                seq = stored.seq,
                kind = stored.kind.as_str(),
                "status event received"
            );
            (StatusCode::CREATED, axum::Json(stored)).into_response()
        }
        Err(e) => store_problem(&e),
    }
}

/// The `GET` answer.
#[derive(Debug, serde::Serialize)]
struct EventList {
    application_id: String,
    events: Vec<StatusEvent>,
}

pub(super) async fn list_events(
    State(state): State<AppState>,
    Path(id): Path<String>,
    query: Result<Query<EventQuery>, QueryRejection>,
    caller: Option<Extension<CallerIdentity>>,
) -> Response {
    let Some(events) = state.status_events.clone() else {
        return Problem::not_found().into_response();
    };
    let Ok(Query(query)) = query else {
        return Problem::invalid_field("query", "must be a query string naming organisation once")
            .into_response();
    };
    let mut errors = FieldErrors::default();
    let application_id = application_id(&mut errors, &id);
    let org = organisation(&mut errors, query.organisation.as_deref());
    let Some(org) = org.filter(|_| errors.is_empty()) else {
        return Problem::invalid(errors.0).into_response();
    };
    let check = case_request(org.clone(), caller.map(|Extension(c)| c));
    if let Err(e) = state.orchestrator.check_organisation(&check).await {
        return Problem::from(e).into_response();
    }
    if let Err(refused) = check_owner(&*events, &application_id, &org).await {
        return refused;
    }
    match events.list(&application_id).await {
        Ok(list) => axum::Json(EventList {
            application_id,
            events: list
                .into_iter()
                .filter(|e| e.organisation == org.ten_digits())
                .collect(),
        })
        .into_response(),
        Err(e) => store_problem(&e),
    }
}
