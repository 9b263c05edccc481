//! Försäkringskassan and Pensionsmyndigheten through LEFI v9 (REST/JSON):
//! `POST /lefi-extern-formansinformation/v9/aktorer/{aktorsId}/formansinformation/fraga`.
//!
//! The request names the groups wanted; the answer carries `utlamnare` states, empty
//! `avvikelser`, FK data under `formansinformation` and PM data at the top level, filtered
//! to the period (payments by payout date, decisions overlapping it). A person unknown to
//! both gets only the `utlamnare` states. A request that breaks LEFI's rules (no group,
//! unknown group, a period over two years, a malformed number) gets 400 with `LefiFelsvar`;
//! a refused actor gets 403.

mod cases;
mod render;
mod wire;

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use jiff::civil::Date;
use underlag_domain::Period;

use super::{APPLICATION_JSON, AgencyCtx, Call, Mode, Reply, respond};

/// FK benefit groups LEFI v9 knows (`LefiFkFormanGruppKod`).
const FK_GROUPS: &[&str] = &[
    "FK:ABB", "FK:AP", "FK:AS", "FK:BOB", "FK:BST", "FK:BTI", "FK:DPE", "FK:EJO", "FK:ET", "FK:FP",
    "FK:FSJP", "FK:GP", "FK:HE", "FK:MABB", "FK:MEK", "FK:NP", "FK:OMV", "FK:PJOB", "FK:PROG",
    "FK:RBE", "FK:SA", "FK:SBP", "FK:SJP", "FK:TFP", "FK:US", "FK:VB", "FK:YL",
];
/// PM benefit groups (`LefiPmFormanGruppKod`).
const PM_GROUPS: &[&str] = &["PM:AP", "PM:BTI", "PM:EF"];
/// Other information types (`LefiExternOvrigInformationTypKod`).
const OTHER_TYPES: &[&str] = &[
    "FK:GEPI", "FK:PANV", "FK:SGI", "FK:SKUP", "FK:STAV", "PM:LINT", "PM:PBH", "PM:PU",
];

pub(crate) fn router(ctx: Arc<AgencyCtx>) -> Router {
    Router::new()
        .route(
            "/lefi-extern-formansinformation/v9/aktorer/{aktors_id}/formansinformation/fraga",
            post(fraga),
        )
        .route(
            "/lefi-extern-formansinformation/v9/aktorer/{aktors_id}/tillgangligaInformationstyper",
            get(types),
        )
        .with_state(ctx)
}

/// A LEFI error answer with `LefiFelsvar` (never carrying personal data).
pub(crate) fn error_reply(status: StatusCode, meddelande: &str) -> Reply {
    let body = wire::Felsvar {
        meddelande: meddelande.to_owned(),
        timestamp: jiff::Timestamp::now().to_string(),
    };
    Reply {
        status,
        content_type: APPLICATION_JSON,
        body: serde_json::to_vec(&body).unwrap_or_default(),
    }
}

fn forbidden(ctx: &AgencyCtx, aktors_id: &str) -> Option<Reply> {
    (aktors_id.trim().is_empty() || ctx.refused_lefi_actors.iter().any(|a| a == aktors_id))
        .then(|| error_reply(StatusCode::FORBIDDEN, "Ej behörig att företräda aktören."))
}

async fn types(State(ctx): State<Arc<AgencyCtx>>, Path(aktors_id): Path<String>) -> Response {
    respond(&ctx, Call::Ping, |_| {
        forbidden(&ctx, &aktors_id).unwrap_or_else(|| {
            let body = render::available_types();
            Reply::ok(
                APPLICATION_JSON,
                serde_json::to_vec(&body).unwrap_or_default(),
            )
        })
    })
    .await
}

async fn fraga(
    State(ctx): State<Arc<AgencyCtx>>,
    Path(aktors_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(&ctx, Call::Data, |mode| {
        forbidden(&ctx, &aktors_id).unwrap_or_else(|| answer(&ctx, &body, mode))
    })
    .await
}

/// A validated question.
struct Question {
    fraga: wire::Fraga,
    period: Period,
}

impl Question {
    /// Whether `code` is among the groups asked for in `list`.
    fn wants(list: &[String], code: &str) -> bool {
        list.iter().any(|c| c == code)
    }
}

fn bad(meddelande: &str) -> Reply {
    error_reply(StatusCode::BAD_REQUEST, meddelande)
}

fn read_question(body: &[u8]) -> Result<Question, Reply> {
    let fraga: wire::Fraga = serde_json::from_slice(body).map_err(|_| bad("Felaktiga indata."))?;
    let digits = fraga.personnummer.len();
    if !(digits == 10 || digits == 12) || !fraga.personnummer.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("Personnumret ska bestå av 10 eller 12 siffror."));
    }
    let date = |s: &str| {
        s.parse::<Date>()
            .map_err(|_| bad("Perioden innehåller ett ogiltigt datum."))
    };
    let from = date(&fraga.period.from)?;
    let tom = date(fraga.period.tom.as_deref().unwrap_or_default())?;
    let period =
        Period::new(from, tom).map_err(|_| bad("Periodens slut ligger före dess början."))?;
    if tom >= from.saturating_add(jiff::Span::new().years(2)) {
        return Err(bad("Perioden är längre än två år."));
    }
    let fk_lists = [&fraga.formansinformation];
    let pm_lists = [&fraga.ansprak, &fraga.beslut];
    let any_lists = [&fraga.preliminara_utbetalningar, &fraga.utbetalningar];
    let all_empty = fk_lists
        .iter()
        .chain(&pm_lists)
        .chain(&any_lists)
        .all(|l| l.is_empty())
        && fraga.ovrig_information.is_empty();
    if all_empty {
        return Err(bad(
            "Ingen förmånsgrupp eller typ av övrig information angiven.",
        ));
    }
    let known = |list: &Vec<String>, allowed: &[&[&str]]| {
        list.iter()
            .all(|c| allowed.iter().any(|a| a.contains(&c.as_str())))
    };
    let valid = fk_lists.iter().all(|l| known(l, &[FK_GROUPS]))
        && pm_lists.iter().all(|l| known(l, &[PM_GROUPS]))
        && any_lists.iter().all(|l| known(l, &[FK_GROUPS, PM_GROUPS]))
        && known(&fraga.ovrig_information, &[OTHER_TYPES]);
    if !valid {
        return Err(bad("Okänd förmånsgrupp eller typ av övrig information."));
    }
    Ok(Question { fraga, period })
}

fn answer(ctx: &AgencyCtx, body: &[u8], mode: Mode) -> Reply {
    let q = match read_question(body) {
        Ok(q) => q,
        Err(reply) => return reply,
    };
    let person = ctx
        .parse_personnummer(&q.fraga.personnummer)
        .and_then(|p| ctx.population.get(&p));
    let svar = render::svar(&q, person, mode);
    Reply::ok(
        APPLICATION_JSON,
        serde_json::to_vec(&svar).unwrap_or_default(),
    )
}
