//! The person's sent applications: the list (`GET /mina-sidor/ansokningar`), one with its
//! receipt (`/ansokningar/{id}`), the co-applicant's confirmation (`POST …/bekrafta`) and an
//! attachment (`…/bilagor/{attachment}`). Only the applicant and the co-applicant of an
//! application see it; anyone else gets "not found".

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use underlag_applicant::stored::StoredApplication;
use underlag_applicant::{Application, AttachmentKind};
use underlag_domain::Personnummer;
use underlag_web::form::FormData;

use crate::auth::SignedInApplicant;
use crate::errors::PortalError;
use crate::layout::{Frame, Page};
use crate::state::PortalState;
use crate::views::ApplicationView;

/// The applications `person` applied for or is co-applicant in, newest first.
pub async fn load_own(
    state: &PortalState,
    person: &Personnummer,
) -> Result<Vec<Application>, PortalError> {
    let rows = state
        .0
        .applications
        .applications_of(person)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "applications could not be read");
            PortalError::Internal
        })?;
    rows.iter()
        .map(|row| {
            StoredApplication::parse_json(&row.document).map_err(|e| {
                tracing::error!(error = %e, "a stored application cannot be read");
                PortalError::Internal
            })
        })
        .collect()
}

/// One application of `person` by id; not found (404) when it is not theirs.
async fn load_one(
    state: &PortalState,
    signed: &SignedInApplicant,
    id: &str,
) -> Result<Application, PortalError> {
    let not_found = || PortalError::NotFound(Box::new(Some(signed.session.clone())));
    let row = state
        .0
        .applications
        .application(id)
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
    if application.concerns(&signed.applicant.personnummer) {
        Ok(application)
    } else {
        Err(not_found())
    }
}

/// One row of the list.
#[derive(Debug, Clone)]
pub struct ListRow {
    /// The id.
    pub id: String,
    /// The reference number.
    pub reference: String,
    /// The kind.
    pub kind: &'static str,
    /// The month.
    pub month: String,
    /// When it was received.
    pub submitted_at: String,
    /// The person's role in it.
    pub role: &'static str,
    /// Whether it waits for the co-applicant.
    pub awaits_co_applicant: bool,
}

#[derive(Template)]
#[template(path = "applications.html")]
struct ListPage {
    frame: Frame,
    rows: Vec<ListRow>,
}

/// `GET /mina-sidor/ansokningar`.
pub async fn list(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
) -> Result<Response, PortalError> {
    let me = &signed.applicant.personnummer;
    let rows = load_own(&state, me)
        .await?
        .into_iter()
        .map(|a| ListRow {
            id: a.submission.id.clone(),
            reference: a.submission.reference.to_string(),
            kind: a.draft.kind.label(),
            month: a.draft.month.label(),
            submitted_at: underlag_web::format::timestamp(a.submission.submitted_at),
            role: if &a.draft.household.applicant == me {
                "Sökande"
            } else {
                "Medsökande"
            },
            awaits_co_applicant: a.awaits_co_applicant(),
        })
        .collect();
    let page = ListPage {
        frame: Frame::new(
            "Mina ansökningar",
            Some(&signed.session),
            "/mina-sidor/ansokningar",
        ),
        rows,
    };
    Ok(Page::ok(page).into_response())
}

#[derive(Template)]
#[template(path = "receipt.html")]
struct ReceiptPage {
    frame: Frame,
    csrf: String,
    view: ApplicationView,
    just_sent: bool,
    can_confirm: bool,
}

/// The receipt page's query: `kvitto=1` right after sending.
#[derive(Debug, serde::Deserialize)]
pub struct ReceiptQuery {
    kvitto: Option<String>,
}

/// `GET /mina-sidor/ansokningar/{id}`: the application with its receipt.
pub async fn receipt(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
    Path(id): Path<String>,
    Query(query): Query<ReceiptQuery>,
) -> Result<Response, PortalError> {
    let application = load_one(&state, &signed, &id).await?;
    let me = &signed.applicant.personnummer;
    let can_confirm = application.awaits_co_applicant()
        && application.draft.household.co_applicant.as_ref() == Some(me);
    let just_sent = query.kvitto.is_some() && &application.draft.household.applicant == me;
    let page = ReceiptPage {
        frame: Frame::new(
            if just_sent {
                "Kvitto på din ansökan"
            } else {
                "Ansökan"
            },
            Some(&signed.session),
            "/mina-sidor/ansokningar",
        ),
        csrf: signed.session.csrf.clone(),
        view: ApplicationView::of(&application, me),
        just_sent,
        can_confirm,
    };
    Ok(Page::ok(page).into_response())
}

/// `POST /mina-sidor/ansokningar/{id}/bekrafta`: the co-applicant confirms.
pub async fn confirm(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, PortalError> {
    signed.check_csrf(form.get("csrf_token"))?;
    let mut application = load_one(&state, &signed, &id).await?;
    let me = &signed.applicant.personnummer;
    if !application.awaits_co_applicant()
        || application.draft.household.co_applicant.as_ref() != Some(me)
    {
        return Err(PortalError::BadRequest(
            "Ansökan väntar inte på din bekräftelse.",
        ));
    }
    let at = Timestamp::now();
    application.submission.co_applicant_confirmed_at = Some(at);
    let document = StoredApplication::from_application(&application).to_json();
    state
        .0
        .applications
        .confirm_co_applicant(&id, me, at, &document)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "a confirmation could not be stored");
            PortalError::Internal
        })?;
    tracing::info!("co-applicant confirmed an application");
    Ok(Redirect::to(&format!("/mina-sidor/ansokningar/{id}")).into_response())
}

/// `GET /mina-sidor/ansokningar/{id}/bilagor/{attachment}`: the file, as a download.
pub async fn download(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
    Path((id, attachment)): Path<(String, String)>,
) -> Result<Response, PortalError> {
    load_one(&state, &signed, &id).await?;
    let file = state
        .0
        .applications
        .attachment(&id, &attachment)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "an attachment could not be read");
            PortalError::Internal
        })?
        .ok_or_else(|| PortalError::NotFound(Box::new(Some(signed.session.clone()))))?;
    let kind =
        AttachmentKind::from_content_type(&file.content_type).ok_or(PortalError::Internal)?;
    // The stored name is safe to show; in the header only its ASCII letters, digits and a
    // few marks are kept.
    let ascii: String = file
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok((
        [
            (CONTENT_TYPE, kind.content_type().to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{ascii}\""),
            ),
        ],
        file.content,
    )
        .into_response())
}
