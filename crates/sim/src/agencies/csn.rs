//! CSN (`kommunfraga` v4.0): SOAP `SBNUppgEkBistandBegar` (Sambruk's common request; its
//! schema is unpublished, so this project defines the children); answers
//! `KommunfragaResponse{svar}` where `svar` is the base64 of a `CSNSvar` document (written
//! in `csn/svar.rs`). No match: `Person/@Status="Ej träff"`; protected identity:
//! `Person/@sekretess="J"`.

mod svar;

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jiff::civil::Date;
use roxmltree::Node;
use underlag_domain::Period;
use underlag_domain::period::{parse_compact_date, parse_iso_date};

use super::soap::{client_fault, envelope, read_operation};
use super::xml::{Xml, child_text};
use super::{AgencyCtx, Call, Mode, Reply, TEXT_XML, ping_reply, respond};

/// The kommunfraga namespace (answer envelope and `CSNSvar`).
pub(crate) const KOMMUNFRAGA_NS: &str = "http://schema.csn.se/v4.0/kommunfraga";
/// Sambruk's namespace for the request.
pub(crate) const SAMBRUK_NS: &str = "http://www.sambruk.se/SBNyttomeddelanden";

/// The request's children in this project's order (`bool` = required).
pub(crate) const REQUEST_FIELDS: &[(&str, bool)] = &[
    ("Personnummer", true),
    ("FromDatum", true),
    ("TomDatum", true),
    ("Organisationsnummer", false),
    ("Organisationsnamn", false),
    ("Handlaggare", false),
    ("Arendeid", false),
    ("Syfte", false),
    ("Lagrum", false),
];

pub(crate) fn router(ctx: Arc<AgencyCtx>) -> Router {
    Router::new()
        .route("/kommunfraga/v4", post(kommunfraga))
        .route("/kommunfraga/v4/ping", get(ping))
        .with_state(ctx)
}

async fn ping(State(ctx): State<Arc<AgencyCtx>>) -> Response {
    respond(&ctx, Call::Ping, |_| ping_reply()).await
}

async fn kommunfraga(State(ctx): State<Arc<AgencyCtx>>, body: Bytes) -> Response {
    respond(&ctx, Call::Data, |mode| answer(&ctx, &body, mode)).await
}

/// A parsed request.
pub(crate) struct Question {
    /// The request's values in order, echoed in `GemensamtFragaEkbistand`.
    pub(crate) echoed: Vec<(&'static str, String)>,
    /// The period asked about.
    pub(crate) period: Period,
    /// The 12-digit number as sent.
    pub(crate) identity: String,
}

fn date(text: &str) -> Option<Date> {
    parse_iso_date(text)
        .ok()
        .or_else(|| parse_compact_date(text).ok().flatten())
}

fn read_request(op: Node<'_, '_>) -> Result<Question, Reply> {
    let mut echoed = Vec::new();
    for (name, required) in REQUEST_FIELDS {
        match child_text(op, name) {
            Some(v) => echoed.push((*name, v)),
            None if *required => return Err(client_fault(&format!("{name} missing"))),
            None => {}
        }
    }
    let get = |name: &str| {
        echoed
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    };
    let period = match (
        get("FromDatum").and_then(date),
        get("TomDatum").and_then(date),
    ) {
        (Some(from), Some(to)) => Period::new(from, to).ok(),
        _ => None,
    }
    .ok_or_else(|| client_fault("FromDatum/TomDatum is not a valid period"))?;
    let identity = get("Personnummer").unwrap_or_default().to_owned();
    if identity.len() != 12 || !identity.bytes().all(|b| b.is_ascii_digit()) {
        return Err(client_fault("Personnummer must be 12 digits"));
    }
    Ok(Question {
        echoed,
        period,
        identity,
    })
}

fn answer(ctx: &AgencyCtx, body: &[u8], mode: Mode) -> Reply {
    let q = match read_operation(body, "SBNUppgEkBistandBegar", SAMBRUK_NS, read_request) {
        Ok(q) => q,
        Err(reply) => return reply,
    };
    let person = ctx
        .parse_personnummer(&q.identity)
        .and_then(|p| ctx.population.get(&p));
    let document = svar::document(&q, person, mode);
    let mut x = Xml::with_declaration("UTF-8");
    envelope(&mut x, |x| {
        x.open("kf:KommunfragaResponse", &[("xmlns:kf", KOMMUNFRAGA_NS)]);
        x.leaf("kf:svar", &STANDARD.encode(document.as_bytes()));
        x.close("kf:KommunfragaResponse");
    });
    Reply::ok(TEXT_XML, x.finish())
}
