//! The applicant's bank account information, gathered with their consent
//! (`/mina-sidor/kontouppgifter`): the consents given with their latest fetch and the form to
//! give one (`GET`), giving one per account with the fetch run at once (`POST`), one consent
//! with the data fetched, its provenance and its reference (`GET …/{id}`), fetching again
//! (`POST …/{id}/hamta`) and revoking (`POST …/{id}/aterkalla`).
//!
//! A fetch under a revoked or expired consent is refused (409) before the bank is asked. A
//! failed or refused fetch asks for statements instead ("Ladda upp kontoutdrag", a link to
//! the application's attachments); it is never shown as an empty account or 0 kr. Every
//! consent, fetch and revocation is written to the audit chain by the consent service.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use underlag_consent::consent::parse_valid_until;
use underlag_consent::{
    ConsentError, ConsentPeriod, ConsentRequest, ConsentService, ConsentSourceKind, ConsentState,
    FieldError, Iban,
};
use underlag_web::form::FormData;

use crate::auth::SignedInApplicant;
use crate::consent::view::{ConsentForm, ConsentView};
use crate::errors::PortalError;
use crate::layout::{Frame, Page};
use crate::state::PortalState;
use crate::views::today;

/// The page group's path.
pub const PATH: &str = "/mina-sidor/kontouppgifter";

/// Where the applicant uploads statements instead: the application's attachments.
pub const STATEMENTS_PATH: &str = "/mina-sidor/ansokan/bilagor";

/// At most this many accounts in one form.
const MAX_ACCOUNTS: usize = 5;

#[derive(Template)]
#[template(path = "consent.html")]
struct ListPage {
    frame: Frame,
    csrf: String,
    enabled: bool,
    consents: Vec<ConsentView>,
    form: ConsentForm,
    statements: &'static str,
}

#[derive(Template)]
#[template(path = "consent_detail.html")]
struct DetailPage {
    frame: Frame,
    csrf: String,
    consent: ConsentView,
    refusal: Option<&'static str>,
    statements: &'static str,
}

fn frame(signed: &SignedInApplicant, title: &str) -> Frame {
    Frame::new(title, Some(&signed.session), PATH)
}

/// The consent service's error as a page error; store failures are logged without detail
/// of the person.
fn failed(signed: &SignedInApplicant, error: ConsentError) -> PortalError {
    match error {
        ConsentError::NotFound => PortalError::NotFound(Box::new(Some(signed.session.clone()))),
        ConsentError::SourceNotConfigured => PortalError::BadRequest(NOT_ENABLED),
        ConsentError::NotInForce(_) => PortalError::BadRequest("Samtycket gäller inte längre."),
        e @ (ConsentError::Store(_) | ConsentError::Corrupt(_)) => {
            tracing::error!(error = %e, "a consent could not be handled");
            PortalError::Internal
        }
    }
}

const NOT_ENABLED: &str = "Kommunen hämtar inte kontouppgifter från banken här. Ladda upp kontoutdrag i din ansökan i stället.";

fn service(state: &PortalState) -> Result<&Arc<ConsentService>, PortalError> {
    state.consents().ok_or(PortalError::BadRequest(NOT_ENABLED))
}

async fn list_page(
    state: &PortalState,
    signed: &SignedInApplicant,
    form: ConsentForm,
    status: StatusCode,
) -> Result<Response, PortalError> {
    let today = today();
    let consents = match state.consents() {
        Some(service) => service
            .consents(&signed.applicant.personnummer)
            .await
            .map_err(|e| failed(signed, e))?
            .iter()
            .map(|c| ConsentView::listed(c, today))
            .collect(),
        None => Vec::new(),
    };
    let page = ListPage {
        frame: frame(signed, "Kontouppgifter från banken"),
        csrf: signed.session.csrf.clone(),
        enabled: state.consents().is_some(),
        consents,
        form,
        statements: STATEMENTS_PATH,
    };
    Ok(Page::with_status(status, page).into_response())
}

/// `GET /mina-sidor/kontouppgifter`: the consents given, and the form to give one.
pub async fn list(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
) -> Result<Response, PortalError> {
    list_page(
        &state,
        &signed,
        ConsentForm::suggested(today()),
        StatusCode::OK,
    )
    .await
}

/// Parses the form: one request per account line (duplicates once), every field's error
/// once.
fn parse_form(form: &FormData, typed: &mut ConsentForm) -> Option<Vec<ConsentRequest>> {
    let today = today();
    let lines: Vec<&str> = typed
        .accounts
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut errors: Vec<FieldError> = Vec::new();
    let mut accounts: Vec<Iban> = Vec::new();
    if lines.is_empty() {
        errors.push(FieldError {
            field: "account",
            message: "Skriv numret på minst ett konto.",
        });
    } else if lines.len() > MAX_ACCOUNTS {
        errors.push(FieldError {
            field: "account",
            message: "Du kan lämna samtycke för högst 5 konton åt gången.",
        });
    } else {
        for line in lines {
            match Iban::parse(line) {
                Ok(iban) if !accounts.contains(&iban) => accounts.push(iban),
                Ok(_) => {}
                Err(e) => {
                    errors.push(e);
                    break;
                }
            }
        }
    }
    let period = ConsentPeriod::parse(&typed.period_from, &typed.period_to, today)
        .map_err(|e| errors.push(e))
        .ok();
    let valid_until = parse_valid_until(&typed.valid_until, today)
        .map_err(|e| errors.push(e))
        .ok();
    if form.get("samtycker") != Some("ja") {
        errors.push(FieldError {
            field: "samtycker",
            message: "Kryssa i att du samtycker, annars kan vi inte hämta uppgifterna.",
        });
    }
    match (period, valid_until) {
        (Some(period), Some(valid_until)) if errors.is_empty() => Some(
            accounts
                .into_iter()
                .map(|account| ConsentRequest {
                    source: ConsentSourceKind::Bank,
                    account,
                    period,
                    valid_until,
                })
                .collect(),
        ),
        _ => {
            typed.errors = errors;
            None
        }
    }
}

/// `POST /mina-sidor/kontouppgifter`: gives a consent per account and fetches under each at
/// once; the form again with its errors (400) when a field does not parse.
pub async fn give(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
    form: FormData,
) -> Result<Response, PortalError> {
    signed.check_csrf(form.get("csrf_token"))?;
    let service = service(&state)?;
    let mut typed = ConsentForm {
        accounts: form.get("accounts").unwrap_or("").to_owned(),
        period_from: form.get("period_from").unwrap_or("").to_owned(),
        period_to: form.get("period_to").unwrap_or("").to_owned(),
        valid_until: form.get("valid_until").unwrap_or("").to_owned(),
        errors: Vec::new(),
    };
    let Some(requests) = parse_form(&form, &mut typed) else {
        return list_page(&state, &signed, typed, StatusCode::BAD_REQUEST).await;
    };
    let me = &signed.applicant.personnummer;
    let mut given = Vec::new();
    for request in requests {
        let now = Timestamp::now();
        let consent = service
            .give(me, request, now)
            .await
            .map_err(|e| failed(&signed, e))?;
        service
            .fetch(me, &consent.id, Timestamp::now(), today())
            .await
            .map_err(|e| failed(&signed, e))?;
        given.push(consent.id);
    }
    let to = match given.as_slice() {
        [one] => format!("{PATH}/{one}"),
        _ => PATH.to_owned(),
    };
    Ok(Redirect::to(&to).into_response())
}

async fn detail(
    state: &PortalState,
    signed: &SignedInApplicant,
    id: &str,
    refusal: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, PortalError> {
    let service = service(state)?;
    let me = &signed.applicant.personnummer;
    let consent = service
        .consent(me, id)
        .await
        .map_err(|e| failed(signed, e))?;
    let fetches = service
        .fetches(me, id)
        .await
        .map_err(|e| failed(signed, e))?;
    let page = DetailPage {
        frame: frame(signed, "Samtycke och kontouppgifter"),
        csrf: signed.session.csrf.clone(),
        consent: ConsentView::of(&consent, fetches.last(), today()),
        refusal,
        statements: STATEMENTS_PATH,
    };
    Ok(Page::with_status(status, page).into_response())
}

/// `GET /mina-sidor/kontouppgifter/{id}`: one consent with the data fetched under it.
pub async fn show(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
    Path(id): Path<String>,
) -> Result<Response, PortalError> {
    detail(&state, &signed, &id, None, StatusCode::OK).await
}

/// `POST /mina-sidor/kontouppgifter/{id}/hamta`: fetches again; refused (409, the bank is
/// not asked) when the consent is revoked or expired.
pub async fn fetch(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, PortalError> {
    signed.check_csrf(form.get("csrf_token"))?;
    let service = service(&state)?;
    let me = &signed.applicant.personnummer;
    match service.fetch(me, &id, Timestamp::now(), today()).await {
        Ok(_) => Ok(Redirect::to(&format!("{PATH}/{id}")).into_response()),
        Err(ConsentError::NotInForce(state_now)) => {
            let refusal = match state_now {
                ConsentState::Revoked => {
                    "Du har återkallat samtycket, så vi har inte hämtat något från banken."
                }
                ConsentState::Expired => {
                    "Samtycket har gått ut, så vi har inte hämtat något från banken."
                }
                _ => "Samtycket gäller inte, så vi har inte hämtat något från banken.",
            };
            tracing::info!(outcome = "not_in_force", "consent fetch refused");
            detail(&state, &signed, &id, Some(refusal), StatusCode::CONFLICT).await
        }
        Err(e) => Err(failed(&signed, e)),
    }
}

/// `POST /mina-sidor/kontouppgifter/{id}/aterkalla`: revokes; no fetch is made under it
/// again. Revoking twice is 409.
pub async fn revoke(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, PortalError> {
    signed.check_csrf(form.get("csrf_token"))?;
    let service = service(&state)?;
    let me = &signed.applicant.personnummer;
    match service.revoke(me, &id, Timestamp::now()).await {
        Ok(_) => Ok(Redirect::to(&format!("{PATH}/{id}")).into_response()),
        Err(ConsentError::NotInForce(_)) => {
            detail(
                &state,
                &signed,
                &id,
                Some("Samtycket är redan återkallat."),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(failed(&signed, e)),
    }
}
