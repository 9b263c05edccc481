//! The a-kassor (`INT014.UBPService`): SOAP `GetUnemploymentBenefitPaymentRequest`; answers
//! `GetUnemploymentBenefitPaymentResponse` encoded UTF-16LE with a byte-order mark, as the
//! BizTalk service does. One `Arbetsloshetsersattning` per fund with data, payments and
//! suspensions filtered to the requested period; an empty `ArbetsloshetsersattningLista`
//! when no fund knows the person.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use roxmltree::Node;
use underlag_domain::period::parse_iso_date;
use underlag_domain::{Amount, Period};

use super::soap::{client_fault, envelope, read_operation};
use super::xml::{Xml, child_text, children};
use super::{
    AgencyCtx, Call, INVALID_AMOUNT, INVALID_PERSONNUMMER, Mode, Reply, iso, ping_reply, respond,
};
use crate::population::{FundFacts, SyntheticPerson};

/// The service namespace.
pub(crate) const SO_NS: &str = "http://INT014.UBPService.Schemas";
/// The answer's content type.
pub(crate) const TEXT_XML_UTF16: &str = "text/xml; charset=utf-16";

/// Request elements echoed in the answer, in schema order (`bool` = may repeat).
const ECHOED: &[(&str, bool)] = &[
    ("OrganisationsnummerIngivare", false),
    ("NamnIngivare", false),
    ("KontonamnHandlaggare", false),
    ("Referensnummer", false),
    ("From", false),
    ("Tom", false),
    ("Syfte", false),
    ("Paragraf", false),
    ("OrganisationsnummerPersonuppgiftsbitrade", true),
    ("NamnPersonuppgiftsbitrade", true),
];

pub(crate) fn router(ctx: Arc<AgencyCtx>) -> Router {
    Router::new()
        .route("/ubpservice/int014", post(payments))
        .route("/ubpservice/int014/ping", get(ping))
        .with_state(ctx)
}

async fn ping(State(ctx): State<Arc<AgencyCtx>>) -> Response {
    respond(&ctx, Call::Ping, |_| ping_reply()).await
}

async fn payments(State(ctx): State<Arc<AgencyCtx>>, body: Bytes) -> Response {
    respond(&ctx, Call::Data, |mode| answer(&ctx, &body, mode)).await
}

/// A parsed request: the echoed values, the period and the identity number.
struct Question {
    echoed: Vec<(&'static str, String)>,
    period: Period,
    identity: String,
}

fn read_request(op: Node<'_, '_>) -> Result<Question, Reply> {
    let mut echoed = Vec::new();
    for (name, repeats) in ECHOED {
        let values: Vec<String> = children(op, name)
            .map(|c| c.text().unwrap_or_default().trim().to_owned())
            .collect();
        if values.is_empty() && !repeats {
            return Err(client_fault(&format!("{name} missing")));
        }
        echoed.extend(values.into_iter().map(|v| (*name, v)));
    }
    let date = |name: &str| parse_iso_date(&child_text(op, name).unwrap_or_default()).ok();
    let period = match (date("From"), date("Tom")) {
        (Some(from), Some(to)) => Period::new(from, to).ok(),
        _ => None,
    }
    .ok_or_else(|| client_fault("From/Tom is not a valid period"))?;
    let identity = child_text(op, "IdentificationNumber").unwrap_or_default();
    if identity.len() != 12 || !identity.bytes().all(|b| b.is_ascii_digit()) {
        return Err(client_fault("IdentificationNumber must be 12 digits"));
    }
    Ok(Question {
        echoed,
        period,
        identity,
    })
}

fn answer(ctx: &AgencyCtx, body: &[u8], mode: Mode) -> Reply {
    let q = match read_operation(
        body,
        "GetUnemploymentBenefitPaymentRequest",
        SO_NS,
        read_request,
    ) {
        Ok(q) => q,
        Err(reply) => return reply,
    };
    let person = ctx
        .parse_personnummer(&q.identity)
        .and_then(|p| ctx.population.get(&p));
    let mut x = Xml::with_declaration("utf-16");
    envelope(&mut x, |x| write_response(x, &q, person, mode));
    Reply::ok(TEXT_XML_UTF16, utf16le_with_bom(&x.finish_string()))
}

/// UTF-16LE bytes with a leading byte-order mark.
pub(crate) fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

fn write_response(x: &mut Xml, q: &Question, person: Option<&SyntheticPerson>, mode: Mode) {
    x.open("GetUnemploymentBenefitPaymentResponse", &[("xmlns", SO_NS)]);
    for (name, value) in &q.echoed {
        x.leaf(name, value);
    }
    let identity = if mode.schema_invalid {
        INVALID_PERSONNUMMER
    } else {
        q.identity.as_str()
    };
    x.leaf("IdentificationNumber", identity);
    x.open("ArbetsloshetsersattningLista", &[]);
    for fund in person
        .and_then(|p| p.so.as_ref())
        .map(|s| s.funds.as_slice())
        .unwrap_or_default()
    {
        write_fund(x, fund, &q.period, mode);
    }
    x.close("ArbetsloshetsersattningLista");
    x.close("GetUnemploymentBenefitPaymentResponse");
}

fn decimal(a: Amount, mode: Mode) -> String {
    if mode.schema_invalid {
        INVALID_AMOUNT.to_owned()
    } else {
        format!("{:.2}", a.value())
    }
}

fn write_fund(x: &mut Xml, f: &FundFacts, period: &Period, mode: Mode) {
    x.open("Arbetsloshetsersattning", &[]);
    x.leaf("SvarandeOrganisation", &f.name);
    x.leaf("StatusSvarandeOrganisation", f.status);
    for p in f.payments_in(period) {
        x.open("Utbetalningar", &[]);
        x.leaf("Utbetalningsdatum", &iso(p.payout_on, false));
        x.leaf("NettoEfterSkatt", &decimal(p.net_after_tax, mode));
        x.leaf("NettoEfterAvdrag", &decimal(p.net_after_deductions, mode));
        x.leaf("Ersattningsdagar", &p.days.to_string());
        x.leaf("AvserFrom", &iso(p.covers.from(), false));
        x.leaf("AvserTom", &iso(p.covers.to(), false));
        x.close("Utbetalningar");
    }
    for s in f.suspensions_in(period) {
        x.open("Avstangningar", &[]);
        x.leaf("AvstangdFrom", &iso(s.from(), false));
        x.leaf("AvstangdTom", &iso(s.to(), false));
        x.close("Avstangningar");
    }
    x.open("AnsoktOmErsattning", &[]);
    match f.entitlement_decided_on {
        Some(d) => x.leaf("BeslutOmRattTillErsattning", &iso(d, false)),
        None => x.empty(
            "BeslutOmRattTillErsattning",
            &[
                ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                ("xsi:nil", "true"),
            ],
        ),
    }
    x.leaf(
        "AnsokanOmUtbetalningInlamnad",
        if f.payment_applied { "true" } else { "false" },
    );
    x.close("AnsoktOmErsattning");
    x.close("Arbetsloshetsersattning");
}
