//! Skatteverket (`beskattningws`): SOAP `BeskattningsuppgifterRequest{forfragan}` whose text
//! is a `BegaranBeskattningsuppgifterEnligtSFS2008-975` document; answers
//! `BeskattningsuppgifterResponse{svar}` whose text is a
//! `SvarBeskattningsuppgifterEnligtSFS2008-975` document. `StatusPersonuppgiftKod` 0 = data
//! delivered, 1 = no data for the person. Errors are SOAP faults with `detail/Exception`
//! (`MeddelandeKod` 9071000–9071999).

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use roxmltree::Node;
use underlag_domain::Period;
use underlag_domain::period::parse_iso_date;

use super::soap::{envelope, fault, read_operation};
use super::xml::{Xml, child, child_text, parse};
use super::{
    AgencyCtx, Call, INVALID_AMOUNT, INVALID_PERSONNUMMER, Mode, Reply, TEXT_XML, iso, ping_reply,
    respond,
};
use crate::population::{SkvFacts, SyntheticPerson, whole_kronor};

/// The web service namespace (children unqualified).
pub(crate) const WS_NS: &str = "http://beskattningws.ws.service.bs.zg.rsv.se/";
/// The namespace of the inner request and answer documents.
pub(crate) const INSTANS_NS: &str =
    "http://xmls.skatteverket.se/se/skatteverket/zg/instans/standardiseradInformation/1.0";
/// Taxation components.
pub(crate) const BESKO_NS: &str =
    "http://xmls.skatteverket.se/se/skatteverket/zg/komponent/infoForBeskattning/1.0";
/// Population-register components.
pub(crate) const FOLKO_NS: &str =
    "http://xmls.skatteverket.se/se/skatteverket/zg/komponent/infoForFolkbokforing/1.0";

pub(crate) fn router(ctx: Arc<AgencyCtx>) -> Router {
    Router::new()
        .route("/beskattningws", post(beskattning))
        .route("/beskattningws/ping", get(ping))
        .with_state(ctx)
}

async fn ping(State(ctx): State<Arc<AgencyCtx>>) -> Response {
    respond(&ctx, Call::Ping, |_| ping_reply()).await
}

async fn beskattning(State(ctx): State<Arc<AgencyCtx>>, body: Bytes) -> Response {
    respond(&ctx, Call::Data, |mode| answer(&ctx, &body, mode)).await
}

/// Skatteverket's own error: a SOAP fault with `detail/Exception`.
fn skv_fault(code: u32, text: &str) -> Reply {
    let detail = |x: &mut Xml| {
        x.open("ns:Exception", &[("xmlns:ns", WS_NS)]);
        x.leaf("MeddelandeKod", &code.to_string());
        x.leaf("MeddelandeText", text);
        x.close("ns:Exception");
    };
    fault("soap:Server", text, Some(&detail))
}

/// The person's number (12 digits, as sent) and the period.
fn read_request(op: Node<'_, '_>) -> Result<(String, Period), Reply> {
    let inner_text = child(op, "forfragan")
        .and_then(|f| f.text().map(str::to_owned))
        .ok_or_else(|| skv_fault(9_071_001, "Förfrågan saknas."))?;
    let inner = parse(inner_text.trim())
        .ok_or_else(|| skv_fault(9_071_002, "Förfrågan är inte välformad."))?;
    let root = inner.root_element();
    if root.tag_name().name() != "BegaranBeskattningsuppgifterEnligtSFS2008-975" {
        return Err(skv_fault(9_071_002, "Okänd förfrågan."));
    }
    let identity = child_text(root, "IdentitetsbeteckningFysiskPerson").unwrap_or_default();
    if identity.len() != 12 || !identity.bytes().all(|b| b.is_ascii_digit()) {
        return Err(skv_fault(9_071_003, "Ogiltig identitetsbeteckning."));
    }
    let date = |name: &str| parse_iso_date(&child_text(root, name).unwrap_or_default()).ok();
    let period = match (date("FromDatum"), date("TomDatum")) {
        (Some(from), Some(to)) => Period::new(from, to).ok(),
        _ => None,
    }
    .ok_or_else(|| skv_fault(9_071_004, "Ogiltig period."))?;
    Ok((identity, period))
}

fn answer(ctx: &AgencyCtx, body: &[u8], mode: Mode) -> Reply {
    let (identity, period) =
        match read_operation(body, "BeskattningsuppgifterRequest", WS_NS, read_request) {
            Ok(r) => r,
            Err(reply) => return reply,
        };
    let person = ctx
        .parse_personnummer(&identity)
        .and_then(|p| ctx.population.get(&p));
    let inner = svar_document(&identity, person, &period, mode);
    let mut x = Xml::with_declaration("UTF-8");
    envelope(&mut x, |x| {
        x.open("ns:BeskattningsuppgifterResponse", &[("xmlns:ns", WS_NS)]);
        x.leaf("svar", &inner);
        x.close("ns:BeskattningsuppgifterResponse");
    });
    Reply::ok(TEXT_XML, x.finish())
}

/// The inner `SvarBeskattningsuppgifterEnligtSFS2008-975` document.
pub(crate) fn svar_document(
    identity: &str,
    person: Option<&SyntheticPerson>,
    period: &Period,
    mode: Mode,
) -> String {
    let facts = person.and_then(|p| p.skv.as_ref().map(|f| (p, f)));
    let mut x = Xml::with_declaration("UTF-8");
    x.open(
        "SvarBeskattningsuppgifterEnligtSFS2008-975",
        &[
            ("xmlns", INSTANS_NS),
            ("xmlns:besko", BESKO_NS),
            ("xmlns:folko", FOLKO_NS),
        ],
    );
    x.open("PersonuppgiftLista", &[]);
    x.open("Personuppgift", &[]);
    let identity = if mode.schema_invalid {
        INVALID_PERSONNUMMER
    } else {
        identity
    };
    x.leaf("folko:IdentitetsbeteckningFysiskPerson", identity);
    match facts {
        Some((p, f)) if has_data(f, period) => {
            x.leaf("folko:Fornamn", &p.given_name);
            x.leaf("folko:Efternamn", &p.family_name);
            x.leaf("StatusPersonuppgiftKod", f.status.unwrap_or("0"));
            write_facts(&mut x, f, period, mode);
        }
        _ => x.leaf("StatusPersonuppgiftKod", "1"),
    }
    x.close("Personuppgift");
    x.close("PersonuppgiftLista");
    x.close("SvarBeskattningsuppgifterEnligtSFS2008-975");
    x.finish_string()
}

fn has_data(f: &SkvFacts, period: &Period) -> bool {
    f.capital_for(period).is_some() || f.payout_for(period).is_some()
}

fn kronor(amount: underlag_domain::Amount, mode: Mode) -> String {
    if mode.schema_invalid {
        INVALID_AMOUNT.to_owned()
    } else {
        whole_kronor(amount).to_string()
    }
}

fn write_facts(x: &mut Xml, f: &SkvFacts, period: &Period, mode: Mode) {
    if let Some(c) = f.capital_for(period) {
        x.open("Kapitaluppgift", &[]);
        x.leaf("besko:Taxeringsar", &c.taxation_year.to_string());
        x.leaf(
            "besko:SummaIntakterPaKapital",
            &kronor(c.total_income, mode),
        );
        x.leaf("besko:OverskottPaKapital", &kronor(c.surplus, mode));
        x.close("Kapitaluppgift");
    }
    if let Some(t) = f.payout_for(period) {
        x.open("Skattekontouppgift", &[]);
        x.leaf("besko:Belopp", &kronor(t.amount, mode));
        x.leaf("besko:Bokforingsdatum", &iso(t.booked_on, false));
        x.close("Skattekontouppgift");
    }
}
