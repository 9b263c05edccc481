//! Arbetsförmedlingen (`ersattningsstod/v2`, plain XML over HTTP): `FragaMeddelande` in,
//! `SvarMeddelande` out with the echoed `Fraga` and a `Svar`. `StatusSokandeinformationKod`
//! 0 = normal answer, 1 = not registered at AF (no match; the optional parts are absent).
//! A request that breaks the schema gets HTTP 400.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use jiff::civil::Date;
use underlag_domain::Period;
use underlag_domain::period::parse_iso_date;

use super::xml::{Xml, child, child_text, decode, parse};
use super::{
    APPLICATION_XML, AgencyCtx, Call, INVALID_PERSONNUMMER, Mode, Reply, TEXT_PLAIN, iso_offset,
    ping_reply, respond,
};
use crate::population::{AfFacts, SyntheticPerson};

/// The namespace of requests and answers.
pub(crate) const AF_NS: &str = "http://api.arbetsformedlingen.se/arbetssokande/ersattningsstod/v2";

/// The `Fraga` elements in schema order, and whether each is required.
const FRAGA_FIELDS: &[(&str, bool)] = &[
    ("Test", false),
    ("OrganisationsnummerForIngivare", true),
    ("NamnPaIngivare", true),
    ("KontonamnForHandlaggare", true),
    ("Referensnummer", true),
    ("From", true),
    ("Tom", true),
    ("SyfteMedFraga", true),
    ("LagParagraf", true),
    ("OrganisationsnummerForPersonuppgiftsbitrade", false),
    ("NamnPaPersonuppgiftsbitrade", false),
    ("IdentitetsbeteckningFysiskPerson", true),
];

pub(crate) fn router(ctx: Arc<AgencyCtx>) -> Router {
    Router::new()
        .route("/arbetssokande/ersattningsstod/v2/fraga", post(fraga))
        .route("/arbetssokande/ersattningsstod/v2/ping", get(ping))
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
        content_type: TEXT_PLAIN,
        body: format!("Felaktig fråga: {text}").into_bytes(),
    }
}

/// A parsed `FragaMeddelande`.
struct Question {
    /// The `Fraga` values present, in schema order.
    fraga: Vec<(&'static str, String)>,
    include_person: bool,
    include_fund: bool,
    include_decisions: bool,
    period: Period,
    identity: String,
}

impl Question {
    fn value(&self, name: &str) -> &str {
        self.fraga
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

fn read_question(body: &[u8]) -> Result<Question, Reply> {
    let text = decode(body).ok_or_else(|| bad_request("not text"))?;
    let doc = parse(&text).ok_or_else(|| bad_request("not well-formed XML"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "FragaMeddelande" || root.tag_name().namespace() != Some(AF_NS) {
        return Err(bad_request("the root must be FragaMeddelande"));
    }
    let flag = |name: &str| {
        child(root, "Inkludera")
            .and_then(|i| i.attribute(name))
            .is_none_or(|v| v == "true" || v == "1")
    };
    let f = child(root, "Fraga").ok_or_else(|| bad_request("Fraga missing"))?;
    let mut fraga = Vec::new();
    for (name, required) in FRAGA_FIELDS {
        match child_text(f, name) {
            Some(v) => fraga.push((*name, v)),
            None if *required => return Err(bad_request(&format!("{name} missing"))),
            None => {}
        }
    }
    let get = |name: &str| {
        fraga
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    };
    let date = |name: &str| -> Result<Date, Reply> {
        parse_iso_date(&get(name).unwrap_or_default())
            .map_err(|_| bad_request(&format!("{name} is not a date")))
    };
    let period =
        Period::new(date("From")?, date("Tom")?).map_err(|_| bad_request("From is after Tom"))?;
    let identity = get("IdentitetsbeteckningFysiskPerson").unwrap_or_default();
    if identity.len() != 12 || !identity.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad_request(
            "IdentitetsbeteckningFysiskPerson must be 12 digits",
        ));
    }
    Ok(Question {
        include_person: flag("ArbetssokandeInfo"),
        include_fund: flag("AkasseInfo"),
        include_decisions: flag("BeslutInfo"),
        fraga,
        period,
        identity,
    })
}

fn answer(ctx: &AgencyCtx, body: &[u8], mode: Mode) -> Reply {
    let q = match read_question(body) {
        Ok(q) => q,
        Err(reply) => return reply,
    };
    let person = ctx
        .parse_personnummer(&q.identity)
        .and_then(|p| ctx.population.get(&p))
        .filter(|p| p.af.is_some());
    let mut x = Xml::with_declaration("UTF-8");
    x.open("SvarMeddelande", &[("xmlns", AF_NS)]);
    x.open("Fraga", &[]);
    for (name, value) in &q.fraga {
        x.leaf(name, value);
    }
    x.close("Fraga");
    x.open("Svar", &[]);
    x.leaf("Schemaversion", "4.0");
    x.leaf("Referensnummer", q.value("Referensnummer"));
    x.leaf("LagParagraf", q.value("LagParagraf"));
    let identity = if mode.schema_invalid {
        INVALID_PERSONNUMMER
    } else {
        q.identity.as_str()
    };
    x.leaf("IdentitetsbeteckningFysiskPerson", identity);
    match person {
        Some(p) => {
            write_person(&mut x, p, &q);
            x.leaf("StatusSokandeinformationKod", "0");
            x.leaf(
                "StatusSokandeinformationKodText",
                "Frågan har behandlats normalt och ett giltigt svar har returnerats.",
            );
        }
        None => {
            x.leaf("StatusSokandeinformationKod", "1");
            x.leaf(
                "StatusSokandeinformationKodText",
                "Personen är inte registrerad som arbetssökande hos Arbetsförmedlingen.",
            );
        }
    }
    x.close("Svar");
    x.close("SvarMeddelande");
    Reply::ok(APPLICATION_XML, x.finish())
}

fn write_person(x: &mut Xml, p: &SyntheticPerson, q: &Question) {
    let Some(af) = p.af.as_ref() else { return };
    x.leaf("Fornamn", &p.given_name);
    x.leaf("Efternamn", &p.family_name);
    x.leaf(
        "Sekretessmarkering",
        if p.protected { "true" } else { "false" },
    );
    if q.include_person {
        write_job_seeker(x, af, &q.period);
    }
    if q.include_decisions {
        x.open("BeslutInfo", &[]);
        x.open("EkonomiskaBeslut", &[]);
        for d in af.decisions_in(&q.period) {
            x.open("Beslut", &[]);
            x.leaf("ErsattningTyp", &d.compensation);
            x.leaf("Omfattning", &d.extent_percent.to_string());
            x.leaf("BeslutFrom", &iso_offset(d.from, false, af.offset_dates));
            x.leaf("BeslutTom", &iso_offset(d.to, false, af.offset_dates));
            x.close("Beslut");
        }
        x.close("EkonomiskaBeslut");
        x.close("BeslutInfo");
    }
    if q.include_fund {
        x.opt_leaf("Akassetillhorighet", af.unemployment_fund.as_deref());
    }
}

fn write_job_seeker(x: &mut Xml, af: &AfFacts, period: &Period) {
    x.open("ArbetssokandeInfo", &[]);
    x.leaf(
        "Arbetssokande",
        if af.deregistered_on.is_none() {
            "true"
        } else {
            "false"
        },
    );
    x.leaf("ArbetssokandeSKAT", &af.category);
    let o = af.offset_dates;
    x.leaf(
        "ArbetssokandeRegistrerad",
        &iso_offset(af.registered_on, false, o),
    );
    x.leaf("ArbetssokandeOmfattning", &af.extent_percent.to_string());
    if let Some(d) = af.deregistered_on {
        x.leaf("ArbetssokandeAvaktualiserad", &iso_offset(d, false, o));
    }
    let (code, latest) = af.activity_report_in(period);
    x.open("AktivetetsRapportDatum", &[]);
    x.leaf("AktivitetsRapportMeddelande", code);
    if let Some(d) = latest {
        x.leaf("SenasteAktivitetsRapportDatum", &iso_offset(d, false, o));
    }
    x.close("AktivetetsRapportDatum");
    x.close("ArbetssokandeInfo");
}
