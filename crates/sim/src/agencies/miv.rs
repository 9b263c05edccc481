//! Migrationsverket (`ssbtek/1`): SOAP `findByPersonnummer{query{korrelationsid,
//! personnummer, ingivare}}`; answers `findByPersonnummerResponse{response{…}}` with the
//! person's permit cases (no period filter: the request carries none), or a `response`
//! with only the correlation ids when the person is unknown. Errors are SOAP faults with
//! `detail/SSBTEKSoapException{faultCode, faultString}`.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use roxmltree::Node;
use underlag_domain::Personnummer;

use super::soap::{envelope, fault, read_operation};
use super::xml::{Xml, child, child_text};
use super::{
    AgencyCtx, Call, INVALID_PERSONNUMMER, Mode, Reply, TEXT_XML, iso_offset, ping_reply, respond,
};
use crate::population::{MivFacts, SyntheticPerson};

/// The service namespace (children are unqualified).
pub(crate) const MIV_NS: &str = "http://schema.migrationsverket.se/ssbtek/1/";

pub(crate) fn router(ctx: Arc<AgencyCtx>) -> Router {
    Router::new()
        .route("/ssbtek/SSBTEKWebService", post(find))
        .route("/ssbtek/SSBTEKWebService/ping", get(ping))
        .with_state(ctx)
}

async fn ping(State(ctx): State<Arc<AgencyCtx>>) -> Response {
    respond(&ctx, Call::Ping, |_| ping_reply()).await
}

async fn find(State(ctx): State<Arc<AgencyCtx>>, body: Bytes) -> Response {
    respond(&ctx, Call::Data, |mode| answer(&ctx, &body, mode)).await
}

/// Migrationsverket's own error: a SOAP fault with `SSBTEKSoapException`.
fn miv_fault(code: &str, text: &str) -> Reply {
    let detail = |x: &mut Xml| {
        x.open("miv:SSBTEKSoapException", &[("xmlns:miv", MIV_NS)]);
        x.leaf("faultCode", code);
        x.leaf("faultString", text);
        x.close("miv:SSBTEKSoapException");
    };
    fault("soap:Server", text, Some(&detail))
}

/// The caller's correlation id and the person asked about, or the fault to answer with.
fn read_query(ctx: &AgencyCtx, op: Node<'_, '_>) -> Result<(Option<String>, Personnummer), Reply> {
    let Some(query) = child(op, "query") else {
        return Err(miv_fault("SSBTEK-100", "Frågan saknar query."));
    };
    let korrelationsid = child_text(query, "korrelationsid");
    let Some(number) = child_text(query, "personnummer") else {
        return Err(miv_fault("SSBTEK-101", "Frågan saknar personnummer."));
    };
    if child(query, "ingivare")
        .and_then(|i| child_text(i, "handlaggare"))
        .is_none()
    {
        return Err(miv_fault(
            "SSBTEK-102",
            "Frågan saknar ingivare/handlaggare.",
        ));
    }
    let Some(pnr) = ctx.parse_personnummer(&number) else {
        return Err(miv_fault(
            "SSBTEK-103",
            "Ogiltigt personnummer eller samordningsnummer.",
        ));
    };
    Ok((korrelationsid, pnr))
}

fn answer(ctx: &AgencyCtx, body: &[u8], mode: Mode) -> Reply {
    let (korrelationsid, pnr) =
        match read_operation(body, "findByPersonnummer", MIV_NS, |op| read_query(ctx, op)) {
            Ok(read) => read,
            Err(fault) => return fault,
        };
    let person = ctx.population.get(&pnr).filter(|p| p.miv.is_some());
    let correlationid = format!("00000000-0000-4000-8000-{:012}", ctx.next_id());
    let mut x = Xml::with_declaration("UTF-8");
    envelope(&mut x, |x| {
        x.open("miv:findByPersonnummerResponse", &[("xmlns:miv", MIV_NS)]);
        x.open("response", &[]);
        x.opt_leaf("korrelationsid", korrelationsid.as_deref());
        x.leaf("correlationid", &correlationid);
        match person {
            Some(p) => write_person(x, p, mode),
            None if mode.schema_invalid => x.leaf("personnummer", INVALID_PERSONNUMMER),
            None => {}
        }
        x.close("response");
        x.close("miv:findByPersonnummerResponse");
    });
    Reply::ok(TEXT_XML, x.finish())
}

fn write_person(x: &mut Xml, p: &SyntheticPerson, mode: Mode) {
    let Some(facts) = p.miv.as_ref() else { return };
    let broken = mode.schema_invalid;
    x.leaf("efternamn", &p.family_name);
    x.leaf("fornamn", &p.given_name);
    x.leaf("hemland", facts.home_country);
    let o = facts.offset_dates;
    x.leaf("inresedatum", &iso_offset(facts.entered_on, broken, o));
    x.leaf(
        "personnummer",
        if broken {
            INVALID_PERSONNUMMER
        } else {
            p.personnummer.expose()
        },
    );
    write_cases(x, facts, broken);
}

fn write_cases(x: &mut Xml, facts: &MivFacts, broken: bool) {
    let o = facts.offset_dates;
    let iso = |d, broken| iso_offset(d, broken, o);
    x.open("svarCollection", &[]);
    for c in &facts.cases {
        x.open("svar", &[]);
        x.leaf("anledning", c.reason.0);
        x.leaf("anledningNamn", c.reason.1);
        x.leaf("ansokningsdatum", &iso(c.applied_on, false));
        x.leaf("arendeTyp", c.case_type.0);
        x.leaf("arendeTypNamn", c.case_type.1);
        x.leaf("beslutsKod", c.decision.0);
        x.leaf("beslutsKodNamn", c.decision.1);
        x.leaf("beslutsTyp", c.decision_type.0);
        x.leaf("beslutsTypNamn", c.decision_type.1);
        x.leaf("beslutsdatum", &iso(c.decided_on, broken));
        if let Some(from) = c.valid.map(|v| v.from()).or(c.starts_on) {
            x.leaf("fromDatum", &iso(from, false));
        }
        x.leaf("giltighetstid", c.validity.code());
        if let Some(valid) = c.valid {
            x.leaf("tomDatum", &iso(valid.to(), false));
        }
        x.close("svar");
    }
    x.close("svarCollection");
}
