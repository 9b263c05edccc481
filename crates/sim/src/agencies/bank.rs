//! The simulated bank: the Berlin Group NextGenPSD2 Account Information Service (AIS, v1.3)
//! as a real HTTP service on loopback, answering from deterministic accounts and
//! transactions of the synthetic population.
//!
//! Endpoints (every request must carry `X-Request-ID`, echoed in the answer):
//! - `POST /v1/consents` (header `PSU-ID`: the personnummer): a consent resource with
//!   `access` (`accounts`/`balances`/`transactions` by IBAN, or `availableAccounts:
//!   "allAccounts"` to list accounts only), `recurringIndicator`, `validUntil`,
//!   `frequencyPerDay`, `combinedServiceIndicator`. The simulated PSU authorises at once
//!   (the status is `valid`), unless the bank's `refuse_consent` fault makes it `rejected`.
//! - `GET /v1/consents/{id}`, `GET /v1/consents/{id}/status`, `DELETE /v1/consents/{id}`
//!   (status `terminatedByTpp`).
//! - `GET /v1/accounts`, `GET /v1/accounts/{id}/balances`,
//!   `GET /v1/accounts/{id}/transactions?dateFrom&dateTo&bookingStatus` (header
//!   `Consent-ID`): refused with `401 CONSENT_INVALID` / `CONSENT_EXPIRED` unless the consent
//!   is valid and covers that account for that kind of access; `429 ACCESS_EXCEEDED` past
//!   `frequencyPerDay` accesses without the PSU present (no `PSU-IP-Address`), counted per
//!   endpoint and account.
//!
//! Errors are Berlin Group `tppMessages`. The bank's "today" is the real date in Sweden
//! ([`bank_today`]), as a real bank's is: a consent's `validUntil` is checked against it and
//! the transactions run up to it, so nothing expires with the population's fixed reference
//! date. Every request is counted ([`BankCtx::calls`]), so tests can show that a refused
//! fetch never reached the bank. Nothing from a request or an answer is logged.

mod accounts;
mod consents;
mod wire;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use underlag_domain::Personnummer;

pub use accounts::{SimAccount, SimTransaction, accounts_of};

use crate::population::Population;
use consents::{AccessKind, ConsentBook, Refusal};
use wire::{ConsentRequest, TppMessage};

/// What the simulated bank does instead of answering normally. JSON form:
/// `{"kind":"failing"}`, `{"kind":"refuse_consent"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum BankFault {
    /// Every request is answered `500 Internal Server Error` (a bank that is down).
    Failing,
    /// The PSU refuses every new consent: it is created with status `rejected`, and using it
    /// is `401 CONSENT_INVALID`.
    RefuseConsent,
}

/// The simulated bank's "today": the date in Sweden now (Europe/Stockholm; UTC when the
/// machine has no time zone database).
pub fn bank_today() -> Date {
    let zone = TimeZone::get("Europe/Stockholm").unwrap_or(TimeZone::UTC);
    Timestamp::now().to_zoned(zone).date()
}

/// The bank's state.
pub(crate) struct BankCtx {
    population: Arc<Population>,
    fault: RwLock<Option<BankFault>>,
    consents: ConsentBook,
    calls: AtomicU64,
}

impl BankCtx {
    pub(crate) fn new(population: Arc<Population>, fault: Option<BankFault>) -> Arc<Self> {
        Arc::new(Self {
            population,
            fault: RwLock::new(fault),
            consents: ConsentBook::default(),
            calls: AtomicU64::new(0),
        })
    }

    /// How many requests reached the bank since it started (whatever it answered).
    pub(crate) fn calls(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }

    /// The fault in force, if any.
    pub(crate) fn fault(&self) -> Option<BankFault> {
        *self.fault.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Sets (`Some`) or clears (`None`) the fault.
    pub(crate) fn set_fault(&self, fault: Option<BankFault>) {
        *self.fault.write().unwrap_or_else(|p| p.into_inner()) = fault;
    }

    fn today(&self) -> Date {
        bank_today()
    }

    fn person(&self, psu_id: &str) -> Option<Personnummer> {
        let number = Personnummer::parse_canonical(psu_id.trim()).ok()?;
        self.population.get(&number).map(|p| p.personnummer.clone())
    }

    fn accounts(&self, person: &Personnummer) -> Vec<SimAccount> {
        match self.population.get(person) {
            Some(p) => accounts_of(p, self.today()),
            None => Vec::new(),
        }
    }
}

/// The bank's router.
pub(crate) fn router(ctx: Arc<BankCtx>) -> Router {
    Router::new()
        .route("/v1/consents", post(create_consent))
        .route("/v1/consents/{id}", get(consent).delete(delete_consent))
        .route("/v1/consents/{id}/status", get(consent_status))
        .route("/v1/accounts", get(list_accounts))
        .route("/v1/accounts/{id}/balances", get(balances))
        .route("/v1/accounts/{id}/transactions", get(transactions))
        .fallback(not_found)
        .with_state(ctx)
}

/// A Berlin Group error answer.
fn tpp_error(status: StatusCode, code: &'static str, text: &str) -> Response {
    let body = wire::TppMessages {
        tpp_messages: vec![TppMessage {
            category: "ERROR",
            code,
            text: text.to_owned(),
        }],
    };
    (status, axum::Json(body)).into_response()
}

fn refusal_response(refusal: Refusal) -> Response {
    match refusal {
        Refusal::UnknownConsent => tpp_error(
            StatusCode::FORBIDDEN,
            "CONSENT_UNKNOWN",
            "The Consent-ID does not match any consent.",
        ),
        Refusal::Invalid => tpp_error(
            StatusCode::UNAUTHORIZED,
            "CONSENT_INVALID",
            "The consent is not valid (rejected or terminated), or does not cover this access.",
        ),
        Refusal::Expired => tpp_error(
            StatusCode::UNAUTHORIZED,
            "CONSENT_EXPIRED",
            "The consent has expired (validUntil).",
        ),
        Refusal::Exceeded => tpp_error(
            StatusCode::TOO_MANY_REQUESTS,
            "ACCESS_EXCEEDED",
            "The consent's frequencyPerDay is used up for today.",
        ),
    }
}

/// Applies the fault, checks `X-Request-ID`, runs `handle` and echoes the request id; logs
/// only the status.
fn respond(ctx: &BankCtx, headers: &HeaderMap, handle: impl FnOnce() -> Response) -> Response {
    ctx.calls.fetch_add(1, Ordering::Relaxed);
    let response = if ctx.fault() == Some(BankFault::Failing) {
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Internal Server Error",
        )
            .into_response()
    } else if request_id(headers).is_none() {
        tpp_error(
            StatusCode::BAD_REQUEST,
            "FORMAT_ERROR",
            "The header X-Request-ID is missing or not a UUID.",
        )
    } else {
        handle()
    };
    tracing::debug!(
        agency = "BANK",
        status = response.status().as_u16(),
        "bank answered"
    );
    with_request_id(response, headers)
}

fn with_request_id(mut response: Response, headers: &HeaderMap) -> Response {
    if let Some(id) = request_id(headers)
        && let Ok(value) = HeaderValue::from_str(&id)
    {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// The `X-Request-ID` header, when it is a UUID (36 characters of hex digits and dashes).
fn request_id(headers: &HeaderMap) -> Option<String> {
    let text = headers.get("x-request-id")?.to_str().ok()?.trim();
    let uuid_like = text.len() == 36
        && text.chars().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        });
    uuid_like.then(|| text.to_owned())
}

fn header_text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

async fn create_consent(
    State(ctx): State<Arc<BankCtx>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    respond(&ctx, &headers, || {
        let Some(person) = header_text(&headers, "psu-id").and_then(|id| ctx.person(id)) else {
            return tpp_error(
                StatusCode::UNAUTHORIZED,
                "PSU_CREDENTIALS_INVALID",
                "The PSU-ID is missing or not known to the bank.",
            );
        };
        let request: ConsentRequest = match serde_json::from_slice(&body) {
            Ok(r) => r,
            Err(_) => {
                return tpp_error(
                    StatusCode::BAD_REQUEST,
                    "FORMAT_ERROR",
                    "The body is not a consent request.",
                );
            }
        };
        let accounts = ctx.accounts(&person);
        let rejected = ctx.fault() == Some(BankFault::RefuseConsent);
        match ctx
            .consents
            .create(person, &request, &accounts, ctx.today(), rejected)
        {
            Ok(created) => (StatusCode::CREATED, axum::Json(created)).into_response(),
            Err(field) => tpp_error(
                StatusCode::BAD_REQUEST,
                "FORMAT_ERROR",
                &format!("The consent request's {field} is invalid."),
            ),
        }
    })
}

async fn consent(
    State(ctx): State<Arc<BankCtx>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    respond(&ctx, &headers, || {
        match ctx.consents.describe(&id, ctx.today()) {
            Some(described) => axum::Json(described).into_response(),
            None => refusal_response(Refusal::UnknownConsent),
        }
    })
}

async fn consent_status(
    State(ctx): State<Arc<BankCtx>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    respond(&ctx, &headers, || {
        match ctx.consents.status(&id, ctx.today()) {
            Some(status) => axum::Json(wire::ConsentStatusBody {
                consent_status: status,
            })
            .into_response(),
            None => refusal_response(Refusal::UnknownConsent),
        }
    })
}

async fn delete_consent(
    State(ctx): State<Arc<BankCtx>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    respond(&ctx, &headers, || {
        if ctx.consents.terminate(&id) {
            StatusCode::NO_CONTENT.into_response()
        } else {
            refusal_response(Refusal::UnknownConsent)
        }
    })
}

/// The consent a request names and the PSU's presence.
fn consent_header(headers: &HeaderMap) -> Result<(&str, bool), Box<Response>> {
    let Some(id) = header_text(headers, "consent-id") else {
        return Err(Box::new(tpp_error(
            StatusCode::BAD_REQUEST,
            "FORMAT_ERROR",
            "The header Consent-ID is missing.",
        )));
    };
    Ok((id, headers.contains_key("psu-ip-address")))
}

async fn list_accounts(State(ctx): State<Arc<BankCtx>>, headers: HeaderMap) -> Response {
    respond(&ctx, &headers, || {
        let (id, present) = match consent_header(&headers) {
            Ok(c) => c,
            Err(r) => return *r,
        };
        match ctx
            .consents
            .authorise(id, None, AccessKind::List, ctx.today(), present)
        {
            Ok(person) => {
                let listed = ctx.consents.listed_accounts(id, &ctx.accounts(&person));
                axum::Json(wire::account_list(&listed)).into_response()
            }
            Err(refusal) => refusal_response(refusal),
        }
    })
}

/// The account `resource_id` of the consent's PSU, after checking the consent covers it.
fn authorised_account(
    ctx: &BankCtx,
    headers: &HeaderMap,
    resource_id: &str,
    kind: AccessKind,
) -> Result<SimAccount, Box<Response>> {
    let (id, present) = consent_header(headers)?;
    let person = ctx
        .consents
        .owner(id)
        .ok_or_else(|| Box::new(refusal_response(Refusal::UnknownConsent)))?;
    let account = ctx
        .accounts(&person)
        .into_iter()
        .find(|a| a.resource_id == resource_id)
        .ok_or_else(|| {
            Box::new(tpp_error(
                StatusCode::NOT_FOUND,
                "RESOURCE_UNKNOWN",
                "The account is not known.",
            ))
        })?;
    ctx.consents
        .authorise(id, Some(&account.iban), kind, ctx.today(), present)
        .map_err(|r| Box::new(refusal_response(r)))?;
    Ok(account)
}

async fn balances(
    State(ctx): State<Arc<BankCtx>>,
    headers: HeaderMap,
    Path(resource_id): Path<String>,
) -> Response {
    respond(&ctx, &headers, || {
        match authorised_account(&ctx, &headers, &resource_id, AccessKind::Balances) {
            Ok(account) => axum::Json(wire::balances(&account, ctx.today())).into_response(),
            Err(r) => *r,
        }
    })
}

/// The query of a transactions request.
#[derive(Debug, serde::Deserialize)]
struct TransactionsQuery {
    #[serde(rename = "dateFrom")]
    date_from: Option<String>,
    #[serde(rename = "dateTo")]
    date_to: Option<String>,
    #[serde(rename = "bookingStatus")]
    booking_status: Option<String>,
}

async fn transactions(
    State(ctx): State<Arc<BankCtx>>,
    headers: HeaderMap,
    Path(resource_id): Path<String>,
    query: Result<Query<TransactionsQuery>, QueryRejection>,
) -> Response {
    respond(&ctx, &headers, || {
        let Ok(Query(query)) = query else {
            return tpp_error(
                StatusCode::BAD_REQUEST,
                "FORMAT_ERROR",
                "The query parameters are invalid.",
            );
        };
        let Some(from) = query
            .date_from
            .as_deref()
            .and_then(|d| d.parse::<Date>().ok())
        else {
            return tpp_error(
                StatusCode::BAD_REQUEST,
                "FORMAT_ERROR",
                "dateFrom is missing or not an ISO date.",
            );
        };
        let to = match query.date_to.as_deref() {
            None => ctx.today(),
            Some(text) => match text.parse::<Date>() {
                Ok(d) => d,
                Err(_) => {
                    return tpp_error(
                        StatusCode::BAD_REQUEST,
                        "FORMAT_ERROR",
                        "dateTo is not an ISO date.",
                    );
                }
            },
        };
        let Some(status) = query
            .booking_status
            .as_deref()
            .and_then(wire::BookingStatus::parse)
        else {
            return tpp_error(
                StatusCode::BAD_REQUEST,
                "PARAMETER_NOT_SUPPORTED",
                "bookingStatus must be booked, pending or both.",
            );
        };
        if to < from {
            return tpp_error(
                StatusCode::BAD_REQUEST,
                "FORMAT_ERROR",
                "dateTo is before dateFrom.",
            );
        }
        match authorised_account(&ctx, &headers, &resource_id, AccessKind::Transactions) {
            Ok(account) => {
                axum::Json(wire::transactions(&account, from, to, status)).into_response()
            }
            Err(r) => *r,
        }
    })
}

async fn not_found(State(ctx): State<Arc<BankCtx>>, headers: HeaderMap) -> Response {
    respond(&ctx, &headers, || {
        tpp_error(
            StatusCode::NOT_FOUND,
            "RESOURCE_UNKNOWN",
            "No such endpoint.",
        )
    })
}
