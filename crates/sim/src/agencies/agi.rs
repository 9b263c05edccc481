//! Skatteverket's employer declarations on individual level (AGI), as Underlag models a
//! service for social committees (`docs/agency-wire.md`): plain XML over HTTP,
//! `HamtaIndividuppgifter` in, `IndividuppgifterSvar` out with every declaration received for
//! the months asked about, corrections included, in the order received. Element names and
//! field codes (`faltkod`) are those of Skatteverket's technical description.
//! A request that cannot be read gets HTTP 400.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use jiff::civil::Date;
use underlag_domain::{Period, Personnummer};

use super::xml::{Xml, child_text, decode, parse};
use super::{
    APPLICATION_XML, AgencyCtx, Call, INVALID_AMOUNT, Mode, Reply, TEXT_PLAIN, iso, ping_reply,
    respond,
};
use crate::population::{AgiDeclaration, AgiFacts};

/// The namespace of requests and answers (Underlag's; the names inside are Skatteverket's).
pub(crate) const AGI_NS: &str = "urn:underlag:agency:skatteverket:agi:1";

pub(crate) fn router(ctx: Arc<AgencyCtx>) -> Router {
    Router::new()
        .route("/agi/individuppgifter/1", post(hamta))
        .route("/agi/individuppgifter/1/ping", get(ping))
        .with_state(ctx)
}

async fn ping(State(ctx): State<Arc<AgencyCtx>>) -> Response {
    respond(&ctx, Call::Ping, |_| ping_reply()).await
}

async fn hamta(State(ctx): State<Arc<AgencyCtx>>, body: Bytes) -> Response {
    respond(&ctx, Call::Data, |mode| answer(&ctx, &body, mode)).await
}

fn bad_request(text: &str) -> Reply {
    Reply {
        status: StatusCode::BAD_REQUEST,
        content_type: TEXT_PLAIN,
        body: format!("Felaktig fråga: {text}").into_bytes(),
    }
}

/// The payee (when the number is valid) and the months asked about.
fn read_request(ctx: &AgencyCtx, body: &[u8]) -> Result<(Option<Personnummer>, Period), Reply> {
    let text = decode(body).ok_or_else(|| bad_request("not text"))?;
    let doc = parse(&text).ok_or_else(|| bad_request("not well-formed XML"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "HamtaIndividuppgifter"
        || root.tag_name().namespace() != Some(AGI_NS)
    {
        return Err(bad_request("the root must be HamtaIndividuppgifter"));
    }
    let id = child_text(root, "BetalningsmottagarId")
        .ok_or_else(|| bad_request("BetalningsmottagarId missing"))?;
    let month = |name: &str, last: bool| -> Result<Date, Reply> {
        let text = child_text(root, name).unwrap_or_default();
        let parsed = (text.len() == 6)
            .then(|| {
                let first = Date::new(text[..4].parse().ok()?, text[4..].parse().ok()?, 1).ok()?;
                Some(if last { first.last_of_month() } else { first })
            })
            .flatten();
        parsed.ok_or_else(|| bad_request(&format!("{name} is not a month (yyyymm)")))
    };
    let period = Period::new(
        month("FromRedovisningsperiod", false)?,
        month("TomRedovisningsperiod", true)?,
    )
    .map_err(|_| bad_request("FromRedovisningsperiod is after TomRedovisningsperiod"))?;
    Ok((ctx.parse_personnummer(&id), period))
}

fn answer(ctx: &AgencyCtx, body: &[u8], mode: Mode) -> Reply {
    let (person, period) = match read_request(ctx, body) {
        Ok(asked) => asked,
        Err(reply) => return reply,
    };
    let mut x = Xml::with_declaration("UTF-8");
    x.open("IndividuppgifterSvar", &[("xmlns", AGI_NS)]);
    let Some(person) = person else {
        x.leaf("Status", "FEL");
        x.open("Fel", &[]);
        x.leaf("Felkod", "AGI-100");
        x.leaf("Feltext", "Ogiltigt person- eller samordningsnummer");
        x.close("Fel");
        x.close("IndividuppgifterSvar");
        return Reply::ok(APPLICATION_XML, x.finish());
    };
    x.leaf("BetalningsmottagarId", person.expose());
    let declarations = ctx
        .population
        .get(&person)
        .and_then(|p| p.agi.as_ref())
        .map(|facts: &AgiFacts| facts.declarations_in(&period))
        .unwrap_or_default();
    if declarations.is_empty() {
        x.leaf("Status", "EJ_TRAFF");
    } else {
        x.leaf("Status", "OK");
        for (i, d) in declarations.iter().enumerate() {
            write_declaration(&mut x, d, mode.schema_invalid && i == 0);
        }
    }
    x.close("IndividuppgifterSvar");
    Reply::ok(APPLICATION_XML, x.finish())
}

fn write_declaration(x: &mut Xml, d: &AgiDeclaration, broken: bool) {
    let kr = |a: underlag_domain::Amount| crate::population::whole_kronor(a).to_string();
    x.open("Individuppgift", &[]);
    x.open("Arbetsgivare", &[]);
    x.leaf_with(
        "AgRegistreradId",
        &[("faltkod", "201")],
        d.employer.organisationsnummer,
    );
    x.leaf("Namn", d.employer.name);
    x.close("Arbetsgivare");
    let month = format!("{:04}{:02}", d.month.year(), d.month.month());
    field(x, "RedovisningsPeriod", "006", &month);
    field(
        x,
        "Specifikationsnummer",
        "570",
        &d.specification_number.to_string(),
    );
    x.leaf("Inkommen", &iso(d.received_on, false));
    let gross = if broken {
        INVALID_AMOUNT.to_owned()
    } else {
        kr(d.gross)
    };
    field(x, "KontantErsattningUlagAG", "011", &gross);
    if let Some(b) = d.benefits {
        field(x, "SkatteplOvrigaFormanerUlagAG", "012", &kr(b));
    }
    field(x, "AvdrPrelSkatt", "001", &kr(d.tax));
    x.close("Individuppgift");
}

/// `<name faltkod="code">text</name>`.
fn field(x: &mut Xml, name: &str, code: &str, text: &str) {
    x.leaf_with(name, &[("faltkod", code)], text);
}
