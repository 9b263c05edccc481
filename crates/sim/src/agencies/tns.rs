//! Transportstyrelsen (`hamtauppgifterresponder/1`): SOAP `HamtaUppgifter` with `sekel` and a
//! 10-digit number; answers `HamtaUppgifterResponse` with `resultat` OK and the vehicles held
//! (no `fordonsinnehav` when the person holds none), or `resultat` FEL with `felresultat`.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use roxmltree::Node;
use underlag_domain::Personnummer;

use super::soap::{client_fault, envelope, read_operation};
use super::xml::{Xml, child, child_text};
use super::{AgencyCtx, Call, Mode, Reply, TEXT_XML, ping_reply, respond};
use crate::population::TnsFacts;

/// The responder namespace.
pub(crate) const RESPONDER_NS: &str =
    "http://schema.transportstyrelsen.se/ssbtek/hamtauppgifterresponder/1";
/// The vehicle namespace.
pub(crate) const FORDON_NS: &str = "http://schema.transportstyrelsen.se/ssbtek/fordon/1";

pub(crate) fn router(ctx: Arc<AgencyCtx>) -> Router {
    Router::new()
        .route("/ssbtek/hamtauppgifter/1", post(hamta))
        .route("/ssbtek/hamtauppgifter/1/ping", get(ping))
        .with_state(ctx)
}

async fn ping(State(ctx): State<Arc<AgencyCtx>>) -> Response {
    respond(&ctx, Call::Ping, |_| ping_reply()).await
}

async fn hamta(State(ctx): State<Arc<AgencyCtx>>, body: Bytes) -> Response {
    respond(&ctx, Call::Data, |mode| answer(&ctx, &body, mode)).await
}

/// The person asked about: `None` when the number is not a valid identity number.
fn read_request(ctx: &AgencyCtx, op: Node<'_, '_>) -> Result<Option<Personnummer>, Reply> {
    let id = child(op, "identifikation").ok_or_else(|| client_fault("identifikation missing"))?;
    let sekel = child_text(id, "sekel").unwrap_or_default();
    let number = child_text(id, "personnummer").unwrap_or_default();
    let well_formed = sekel.len() == 2
        && number.len() == 10
        && sekel
            .bytes()
            .chain(number.bytes())
            .all(|b| b.is_ascii_digit());
    let person = if well_formed {
        ctx.parse_personnummer(&format!("{sekel}{number}"))
    } else {
        None
    };
    Ok(person)
}

fn answer(ctx: &AgencyCtx, body: &[u8], mode: Mode) -> Reply {
    let person = match read_operation(body, "HamtaUppgifter", RESPONDER_NS, |op| {
        read_request(ctx, op)
    }) {
        Ok(asked) => asked,
        Err(fault) => return fault,
    };
    let facts = person
        .as_ref()
        .and_then(|p| ctx.population.get(p))
        .and_then(|p| p.tns.as_ref());
    let mut x = Xml::with_declaration("UTF-8");
    envelope(&mut x, |x| write_response(x, person.is_some(), facts, mode));
    Reply::ok(TEXT_XML, x.finish())
}

fn write_response(x: &mut Xml, valid_person: bool, facts: Option<&TnsFacts>, mode: Mode) {
    x.open(
        "tns:HamtaUppgifterResponse",
        &[("xmlns:tns", RESPONDER_NS), ("xmlns:fordon", FORDON_NS)],
    );
    if !valid_person {
        x.leaf(
            "tns:resultat",
            if mode.schema_invalid { "KANSKE" } else { "FEL" },
        );
        x.open("tns:felresultat", &[]);
        x.leaf("tns:felkod", "2");
        x.leaf(
            "tns:feltext",
            "Ogiltigt personnummer eller samordningsnummer",
        );
        x.close("tns:felresultat");
        x.close("tns:HamtaUppgifterResponse");
        return;
    }
    x.leaf(
        "tns:resultat",
        if mode.schema_invalid { "KANSKE" } else { "OK" },
    );
    if let Some(facts) = facts {
        x.open("tns:fordonsinnehav", &[]);
        for v in &facts.vehicles {
            x.open("fordon:fordon", &[]);
            x.leaf("fordon:regnr", &v.registration);
            x.leaf("fordon:fabrikat", v.make);
            x.leaf("fordon:fordonsar", &v.model_year.to_string());
            x.leaf("fordon:fordonsslag", v.kind);
            x.leaf("fordon:handelsbeteckning", v.trade_name);
            x.close("fordon:fordon");
        }
        x.close("tns:fordonsinnehav");
    }
    x.close("tns:HamtaUppgifterResponse");
}
