//! `POST /ssbtek/v10/BastjanstInformation`: read under limits, open the envelope, dispatch on
//! the Body's element, and answer — a composite query through the same orchestrator as REST,
//! or the providers' test services.

use std::time::Instant;

use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use underlag_service::{CallerIdentity, QueryError};

use crate::envelope;
use crate::fault::{Fault, Felkod, Operation, TEXT_XML};
use crate::limits;
use crate::ping::{ping_all, testa_answer};
use crate::request::{HamtaFraga, RequestLimits};
use crate::response::hamta_answer;
use crate::{SoapSettings, SoapState};

/// What the request asks for, read in full before anything is awaited.
enum Call {
    Testa,
    Hamta(Box<HamtaFraga>),
}

/// The SOAP handler.
pub(crate) async fn post(
    State(state): State<SoapState>,
    caller: Option<Extension<CallerIdentity>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let started = Instant::now();
    let caller = caller.map(|Extension(c)| c);
    match handle(&state, caller, &headers, body).await {
        Ok((operation, bytes)) => {
            tracing::info!(
                operation = operation.name(),
                elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
                bytes = bytes.len(),
                "SOAP call answered"
            );
            let mut response = (StatusCode::OK, bytes).into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(TEXT_XML));
            response
        }
        Err(fault) => fault.into_response(),
    }
}

async fn handle(
    state: &SoapState,
    caller: Option<CallerIdentity>,
    headers: &HeaderMap,
    body: Body,
) -> Result<(Operation, Vec<u8>), Fault> {
    let settings = &state.settings;
    let read_limits = read_limits(settings);
    let bytes = limits::read_body(headers, body, read_limits).await?;
    let text = limits::decode(headers, &bytes)?;
    drop(bytes);
    let call = read_call(&text, settings)?;
    drop(text);
    match call {
        Call::Testa => {
            let results = ping_all(&state.orchestrator, settings.ping_deadline).await;
            let bytes = testa_answer(&results).map_err(|_| Fault::internal(Operation::Testa))?;
            Ok((Operation::Testa, bytes))
        }
        Call::Hamta(fraga) => {
            let query_id = uuid::Uuid::new_v4().to_string();
            let mut query = fraga.to_query(query_id, &settings.lefi_actor_id);
            // What the transport proved about the caller (mTLS), as for REST.
            query.caller = caller;
            let answer = state.orchestrator.run(query).await.map_err(query_fault)?;
            let bytes = hamta_answer(&fraga, &answer, &state.spec)
                .map_err(|_| Fault::internal(Operation::Hamta))?;
            Ok((Operation::Hamta, bytes))
        }
    }
}

/// The fault for a query the core did not answer.
fn query_fault(error: QueryError) -> Fault {
    match error {
        QueryError::AuditFailed(_) => Fault::server(
            Felkod::AuditUnavailable,
            "Frågan kunde inte loggas, därför lämnas inga uppgifter ut. Försök igen senare.",
        ),
        QueryError::RegistryUnavailable(_) => Fault::server(
            Felkod::RegistryUnavailable,
            "Anslutningsregistret kunde inte läsas, därför kunde frågan inte prövas. Försök igen senare.",
        ),
        QueryError::Refused {
            reason,
            field,
            message,
        } => Fault {
            messages: vec![
                format!(
                    "Frågan avvisades ({}): fältet '{}' uppfyller inte villkoren för anslutningen eller ärendet.",
                    reason.code(),
                    soap_field(&field)
                ),
                message,
            ],
            ..Fault::client(Felkod::Refused, "")
        },
    }
}

/// The request path of a field the core names by its REST (JSON) path.
fn soap_field(field: &str) -> String {
    const G: &str = "generellaFrageparametrar";
    let general = |name: &str| format!("{G}/{name}");
    match field {
        "organisation" => general("ingivare/organisationsnummer"),
        "case_worker" => general("ingivare/handlaggare"),
        "case_id" => general("arendeidentitet"),
        "purpose" => general("syfte"),
        "legal_basis" => general("lagtext"),
        "period" => general("tidsperiod"),
        "person" => general("personidentitet"),
        _ => {
            if let Some(code) = field.strip_prefix("source_periods.") {
                let code = code
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect::<String>();
                return format!("specifikaFrageparametrar/{code}/tidsperiod");
            }
            if let Some(rest) = field.strip_prefix("data_processors[") {
                let index: usize = rest
                    .split(']')
                    .next()
                    .and_then(|i| i.parse().ok())
                    .unwrap_or_default();
                return general(&format!(
                    "personuppgiftsbitrade[{}]/organisationsnummer",
                    index + 1
                ));
            }
            field.to_owned()
        }
    }
}

fn read_limits(settings: &SoapSettings) -> limits::ReadLimits {
    limits::ReadLimits {
        body_bytes: settings.body_limit,
        max_depth: settings.max_depth,
        max_nodes: settings.max_nodes,
        read_timeout: settings.read_timeout,
    }
}

/// Reads a request document completely: limits, envelope, operation and (for `hamta`) the
/// checked question. Synchronous, so no parsed tree is held across an await.
fn read_call(text: &str, settings: &SoapSettings) -> Result<Call, Fault> {
    let limits = read_limits(settings);
    limits::prescan(text, limits)?;
    let doc = limits::parse(text, limits)?;
    let (operation, element) = envelope::open(&doc)?;
    match operation {
        Operation::Testa => Ok(Call::Testa),
        Operation::Hamta => {
            let request_limits = RequestLimits {
                max_period_days: settings.max_period_days,
            };
            Ok(Call::Hamta(Box::new(HamtaFraga::read(
                element,
                request_limits,
            )?)))
        }
    }
}

#[cfg(test)]
mod tests;
