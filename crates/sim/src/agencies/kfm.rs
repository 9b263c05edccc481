//! Kronofogden, as Underlag models a service for social committees (`docs/agency-wire.md`):
//! JSON over HTTP, `{"personnummer", "fran", "till"}` in, `Galdenarsuppgifter` out: `kand`
//! false for a person Kronofogden does not know as a debtor, else the debts, wage
//! garnishments and debt relief (reported regardless of period). Amounts are decimal strings.
//! A request that cannot be read gets HTTP 400.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{Value, json};
use underlag_domain::{Amount, Personnummer};

use super::{
    APPLICATION_JSON, AgencyCtx, Call, INVALID_AMOUNT, Mode, Reply, iso, ping_reply, respond,
};
use crate::population::KfmFacts;

pub(crate) fn router(ctx: Arc<AgencyCtx>) -> Router {
    Router::new()
        .route("/kronofogden/galdenar/1", post(fraga))
        .route("/kronofogden/galdenar/1/ping", get(ping))
        .with_state(ctx)
}

async fn ping(State(ctx): State<Arc<AgencyCtx>>) -> Response {
    respond(&ctx, Call::Ping, |_| ping_reply()).await
}

async fn fraga(State(ctx): State<Arc<AgencyCtx>>, body: Bytes) -> Response {
    respond(&ctx, Call::Data, |mode| answer(&ctx, &body, mode)).await
}

fn bad_request(text: &str) -> Reply {
    Reply {
        status: StatusCode::BAD_REQUEST,
        content_type: APPLICATION_JSON,
        body: json!({ "fel": format!("Felaktig fråga: {text}") })
            .to_string()
            .into_bytes(),
    }
}

/// The person asked about: `None` when the number is not a valid identity number.
fn read_request(ctx: &AgencyCtx, body: &[u8]) -> Result<Option<Personnummer>, Reply> {
    let value: Value =
        serde_json::from_slice(body).map_err(|_| bad_request("the request is not JSON"))?;
    let number = value
        .get("personnummer")
        .and_then(Value::as_str)
        .ok_or_else(|| bad_request("personnummer missing"))?;
    Ok(ctx.parse_personnummer(number))
}

fn answer(ctx: &AgencyCtx, body: &[u8], mode: Mode) -> Reply {
    let person = match read_request(ctx, body) {
        Ok(Some(person)) => person,
        Ok(None) => return bad_request("personnummer is not a valid identity number"),
        Err(reply) => return reply,
    };
    let facts = ctx.population.get(&person).and_then(|p| p.kfm.as_ref());
    let answer = match facts {
        None => json!({ "personnummer": person.expose(), "kand": false }),
        Some(facts) => known(person.expose(), facts, mode),
    };
    Reply::ok(APPLICATION_JSON, answer.to_string().into_bytes())
}

fn known(number: &str, facts: &KfmFacts, mode: Mode) -> Value {
    let amount = |a: Amount| format!("{:.2}", a.value());
    let mut skulder: Vec<Value> = facts
        .debts
        .iter()
        .map(|d| {
            json!({
                "maltyp": if d.public { "ALLMANT" } else { "ENSKILT" },
                "skuldtyp": d.kind,
                "borgenar": d.creditor,
                "belopp": amount(d.amount),
                "registrerad": iso(d.registered_on, false),
            })
        })
        .collect();
    if mode.schema_invalid {
        if let Some(first) = skulder.first_mut() {
            first["belopp"] = json!(INVALID_AMOUNT);
        } else {
            skulder.push(
                json!({ "maltyp": "ALLMANT", "skuldtyp": "SKATT", "belopp": INVALID_AMOUNT }),
            );
        }
    }
    let loneutmatningar: Vec<Value> = facts
        .garnishments
        .iter()
        .map(|g| {
            json!({
                "status": "PAGAENDE",
                "forbehallsbelopp": amount(g.reserved_amount),
                "manadsbelopp": amount(g.monthly_amount),
                "arbetsgivare": {
                    "organisationsnummer": g.employer.organisationsnummer,
                    "namn": g.employer.name,
                },
                "beslutsdatum": iso(g.decided_on, false),
            })
        })
        .collect();
    let mut answer = json!({
        "personnummer": number,
        "kand": true,
        "skulder": skulder,
        "summaAllmannaMal": amount(facts.sum(true)),
        "summaEnskildaMal": amount(facts.sum(false)),
        "loneutmatningar": loneutmatningar,
    });
    if let Some(r) = &facts.debt_relief {
        let mut relief = json!({ "status": r.status });
        if let Some(m) = r.monthly_amount {
            relief["manadsbelopp"] = json!(amount(m));
        }
        if let Some(from) = r.from {
            relief["fran"] = json!(iso(from, false));
        }
        if let Some(to) = r.to {
            relief["till"] = json!(iso(to, false));
        }
        answer["skuldsanering"] = relief;
    }
    answer
}
