//! The control API on its own loopback port, for setting faults from outside the process:
//! `GET /faults` (the faults in force, by source code), `PUT /faults/{source}` with a
//! [`Fault`] as JSON body, `DELETE /faults/{source}`, and `DELETE /faults` (clear all); the
//! simulated bank's fault: `GET /bank/fault`, `PUT /bank/fault` with a [`BankFault`] as JSON
//! body, `DELETE /bank/fault`.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use underlag_domain::SourceId;

use super::Shared;
use crate::agencies::bank::BankFault;
use crate::fault::Fault;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/faults", get(list).delete(clear_all))
        .route("/faults/{source}", axum::routing::put(set).delete(clear))
        .route(
            "/bank/fault",
            get(bank_fault).put(set_bank_fault).delete(clear_bank_fault),
        )
        .with_state(shared)
}

async fn bank_fault(State(shared): State<Arc<Shared>>) -> Response {
    Json(shared.bank.fault()).into_response()
}

async fn set_bank_fault(State(shared): State<Arc<Shared>>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<BankFault>(&body) {
        Ok(fault) => {
            shared.bank.set_fault(Some(fault));
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => {
            let body = serde_json::json!({ "error": format!("not a bank fault: {e}") });
            (StatusCode::BAD_REQUEST, Json(body)).into_response()
        }
    }
}

async fn clear_bank_fault(State(shared): State<Arc<Shared>>) -> Response {
    shared.bank.set_fault(None);
    StatusCode::NO_CONTENT.into_response()
}

fn unknown_source(text: &str) -> Response {
    let body = serde_json::json!({ "error": format!("unknown source '{text}'") });
    (StatusCode::NOT_FOUND, Json(body)).into_response()
}

async fn list(State(shared): State<Arc<Shared>>) -> Response {
    Json(shared.faults.snapshot()).into_response()
}

async fn set(
    State(shared): State<Arc<Shared>>,
    Path(source): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let Ok(id) = source.parse::<SourceId>() else {
        return unknown_source(&source);
    };
    let fault: Fault = match serde_json::from_slice(&body) {
        Ok(f) => f,
        Err(e) => {
            let body = serde_json::json!({ "error": format!("not a fault: {e}") });
            return (StatusCode::BAD_REQUEST, Json(body)).into_response();
        }
    };
    shared.set_fault(id, fault).await;
    StatusCode::NO_CONTENT.into_response()
}

async fn clear(State(shared): State<Arc<Shared>>, Path(source): Path<String>) -> Response {
    let Ok(id) = source.parse::<SourceId>() else {
        return unknown_source(&source);
    };
    shared.clear_fault(id).await;
    StatusCode::NO_CONTENT.into_response()
}

async fn clear_all(State(shared): State<Arc<Shared>>) -> Response {
    shared.clear_faults().await;
    StatusCode::NO_CONTENT.into_response()
}
