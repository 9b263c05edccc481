//! `POST /ssbtek/v10/BastjanstInformation`: read under limits, open the envelope, dispatch on
//! the Body's element, and answer — a composite query through the same orchestrator as REST,
//! or the providers' test services.

use tokio::time::Instant;

use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use underlag_service::CallerIdentity;

use crate::SoapState;
use crate::envelope;
use crate::fault::{Fault, Operation, TEXT_XML};
use crate::limits::{self, Budget, SoapLimits};
use crate::ping::{ping_all, testa_answer};
use crate::request::{HamtaFraga, RequestLimits};
use crate::response::hamta_answer;

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
    let body_limits = limits::BodyLimits {
        body_bytes: settings.body_limit,
        read_timeout: settings.read_timeout,
    };
    let bytes = limits::read_body(headers, body, body_limits).await?;
    // Checking, parsing and reading the document is CPU work: it runs on a blocking thread
    // under the parse budget, never on an async worker.
    let content_type = headers.get(header::CONTENT_TYPE).cloned();
    let document_limits = settings.limits;
    let request_limits = RequestLimits {
        period: state.orchestrator.period_rule(),
    };
    let call = tokio::task::spawn_blocking(move || {
        let budget = Budget::start(document_limits.parse_budget);
        let text = limits::decode(content_type.as_ref(), bytes)?;
        read_call(&text, &document_limits, request_limits, &budget)
    })
    .await
    .map_err(|_| Fault::internal(Operation::Hamta))??;
    match call {
        Call::Testa => {
            let results = ping_all(&state.orchestrator, settings.ping_deadline).await;
            let bytes = testa_answer(&results).map_err(|_| Fault::internal(Operation::Testa))?;
            Ok((Operation::Testa, bytes))
        }
        Call::Hamta(fraga) => {
            let query_id = uuid::Uuid::new_v4().to_string();
            // With what the transport proved about the caller (mTLS), as for REST.
            let query = fraga.to_query(query_id, caller);
            let answer = state.orchestrator.run(query).await.map_err(Fault::from)?;
            let bytes = hamta_answer(&fraga, &answer, &state.spec)
                .map_err(|_| Fault::internal(Operation::Hamta))?;
            Ok((Operation::Hamta, bytes))
        }
    }
}

/// Reads a request document completely: limits, envelope, operation and (for `hamta`) the
/// checked question. Synchronous (it runs on a blocking thread), so no parsed tree is held
/// across an await; the budget is checked while scanning and after each step.
fn read_call(
    text: &str,
    limits: &SoapLimits,
    request_limits: RequestLimits,
    budget: &Budget,
) -> Result<Call, Fault> {
    limits::prescan(text, limits, budget)?;
    let doc = limits::parse(text, limits)?;
    budget.check()?;
    let (operation, element) = envelope::open(&doc)?;
    let call = match operation {
        Operation::Testa => Call::Testa,
        Operation::Hamta => Call::Hamta(Box::new(HamtaFraga::read(element, request_limits)?)),
    };
    budget.check().map_err(|f| f.for_operation(operation))?;
    Ok(call)
}

#[cfg(test)]
mod tests;
