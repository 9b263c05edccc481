//! Migrationsverket's wire format: the `findByPersonnummer` request and the mapping of
//! `findByPersonnummerResponse` to permits.

use underlag_domain::model::{Code, Permit, PermitValidity, PersonInfo, SourceData};
use underlag_domain::{Period, Severity, SourceId};
use underlag_service::SourceRequest;
use underlag_spec::{Node, Spec};

use crate::interpretation::{Interpreted, Verdict, interpret_root};
use crate::mapping::{At, Mapper};
use crate::xml_write::XmlWriter;

const NS: &str = "http://schema.migrationsverket.se/ssbtek/1/";

/// Code lists of case types, decision codes and decision types.
pub(crate) const ARENDETYP: &str = "miv-arendetyp";
pub(crate) const BESLUTSKOD: &str = "miv-beslutskod";
pub(crate) const BESLUTSTYP: &str = "miv-beslutstyp";
pub(crate) const ANLEDNING: &str = "miv-anledning";

/// The `findByPersonnummer` body element.
pub(crate) fn request(request: &SourceRequest) -> String {
    let context = &request.context;
    let correlation = context
        .correlation_id
        .as_deref()
        .unwrap_or(&context.query_id);
    let mut w = XmlWriter::new();
    w.open("miv:findByPersonnummer", &[("xmlns:miv", NS)])
        .open("query", &[])
        .leaf("korrelationsid", correlation)
        .leaf("personnummer", request.person.expose())
        .open("ingivare", &[])
        .leaf("handlaggare", &context.case_worker)
        .leaf("namn", &context.organisation_name)
        .leaf("organisationsnummer", &context.organisation.sixteen_form());
    w.finish()
}

pub(crate) fn interpret(spec: &Spec, root: &Node) -> Interpreted {
    interpret_root(spec, SourceId::Miv, root, |m, at| {
        let Some(response) = at.child("response") else {
            return Verdict::NoMatch;
        };
        let person = person(m, &response);
        let answers: Vec<At<'_>> = response
            .child("svarCollection")
            .map(|c| c.children("svar"))
            .unwrap_or_default()
            .into_iter()
            .filter(|s| !s.is_nil() && !s.node().children.is_empty())
            .collect();
        if answers.is_empty() {
            return Verdict::NoMatch;
        }
        let permits = answers.iter().map(|s| permit(m, s)).collect();
        Verdict::data(SourceData {
            person: Some(person),
            permits,
            ..SourceData::default()
        })
    })
}

fn person(m: &mut Mapper<'_>, response: &At<'_>) -> PersonInfo {
    PersonInfo {
        identity: response
            .text_of("personnummer")
            .and_then(|t| m.identity(response.join("personnummer"), t)),
        given_name: response.text_of("fornamn").map(str::to_owned),
        family_name: response.text_of("efternamn").map(str::to_owned),
        home_country: response
            .text_of("hemland")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned),
        entered_sweden_on: m.date(response, "inresedatum"),
        ..PersonInfo::default()
    }
}

fn permit(m: &mut Mapper<'_>, svar: &At<'_>) -> Permit {
    let coded = |m: &mut Mapper<'_>, list: &str, code: &str, name: &str| {
        svar.text_of(code)
            .map(|c| m.code(list, c, svar.text_of(name)))
    };
    let case_type = coded(m, ARENDETYP, "arendeTyp", "arendeTypNamn").unwrap_or_else(|| {
        m.warn(svar.join("arendeTyp"), "a permit case has no arendeTyp");
        Code::new("")
    });
    let validity = match svar.text_of("giltighetstid") {
        Some("PERMANENT") => Some(PermitValidity::Permanent),
        Some("TIDBEGRANSAT") => Some(PermitValidity::TimeLimited),
        Some(_) => {
            m.problem(
                svar.join("giltighetstid"),
                Severity::Warning,
                "unknown giltighetstid",
            );
            None
        }
        None => None,
    };
    let valid_from = m.date(svar, "fromDatum");
    let valid = if validity == Some(PermitValidity::Permanent) {
        // A permanent permit may carry only its first day; there is nothing to combine.
        let from = m.date(svar, "fromDatum");
        let to = m.date(svar, "tomDatum");
        from.zip(to).and_then(|(a, b)| Period::new(a, b).ok())
    } else {
        m.period(svar, "fromDatum", "tomDatum")
    };
    Permit {
        case_type,
        decision: coded(m, BESLUTSKOD, "beslutsKod", "beslutsKodNamn"),
        decision_type: coded(m, BESLUTSTYP, "beslutsTyp", "beslutsTypNamn"),
        applied_on: m.date(svar, "ansokningsdatum"),
        decided_on: m.date(svar, "beslutsdatum"),
        valid_from,
        valid,
        validity,
        reason: coded(m, ANLEDNING, "anledning", "anledningNamn"),
    }
}
