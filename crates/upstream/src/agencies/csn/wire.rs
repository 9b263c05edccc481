//! CSN's wire format: the `SBNUppgEkBistandBegar` request and the mapping of `CSNSvar` to the
//! person, study cases and payments.

mod cases;

use underlag_domain::model::{PersonInfo, ProtectionKind, ProtectionMarker, SourceData};
use underlag_domain::{Severity, SourceId};
use underlag_service::SourceRequest;
use underlag_spec::{Node, Spec};

use crate::interpretation::{Interpreted, Verdict, interpret_root};
use crate::mapping::{At, Mapper};
use crate::xml_write::XmlWriter;

const NS_SAMBRUK: &str = "http://www.sambruk.se/SBNyttomeddelanden";

/// Code list of CSN result codes.
pub(crate) const RESULTATKOD: &str = "csn-resultatkod";

/// The `SBNUppgEkBistandBegar` body element (children as this project defines them).
pub(crate) fn request(request: &SourceRequest) -> String {
    let context = &request.context;
    let mut w = XmlWriter::new();
    w.open("SBNUppgEkBistandBegar", &[("xmlns", NS_SAMBRUK)])
        .leaf("Personnummer", request.person.expose())
        .leaf("FromDatum", &request.period.from().to_string())
        .leaf("TomDatum", &request.period.to().to_string())
        .leaf("Organisationsnummer", &context.organisation.sixteen_form())
        .leaf("Organisationsnamn", &context.organisation_name)
        .leaf("Handlaggare", &context.case_worker)
        .leaf("Arendeid", &context.case_id)
        .leaf("Syfte", &context.purpose)
        .leaf("Lagrum", &context.legal_basis);
    w.finish()
}

pub(crate) fn interpret(spec: &Spec, root: &Node) -> Interpreted {
    interpret_root(spec, SourceId::Csn, root, |m, at| {
        let result = at
            .child("GemensamtSvarEkbistand")
            .and_then(|g| g.child("Resultat"));
        if let Some(result) = &result
            && let Some(code) = result.text_of("ResultatKod")
            && code != "0"
        {
            return Verdict::SourceError {
                code: code.to_owned(),
                message: result
                    .text_of("ResultatText")
                    .map(str::to_owned)
                    .or_else(|| m.label(RESULTATKOD, code))
                    .unwrap_or_else(|| "CSN could not answer".to_owned()),
            };
        }
        let people = at
            .child("Personer")
            .map(|p| p.children("Person"))
            .unwrap_or_default();
        match people.as_slice() {
            [] => Verdict::NoMatch,
            [person] => map_person(m, person),
            [_, more @ ..] => {
                m.problem(
                    at.join("Personer"),
                    Severity::Error,
                    format!(
                        "the answer concerns {} persons, one was asked about",
                        more.len() + 1
                    ),
                );
                Verdict::NoMatch
            }
        }
    })
}

fn map_person(m: &mut Mapper<'_>, person: &At<'_>) -> Verdict {
    let number = person
        .attr("personnummer")
        .map(str::trim)
        .unwrap_or_default();
    let century = person.attr("sekel").map(str::trim).unwrap_or_default();
    let identity = if number.is_empty() {
        None
    } else {
        m.identity(person.join("@personnummer"), &format!("{century}{number}"))
    };
    match person.attr("Status").map(str::trim).unwrap_or_default() {
        "Ej träff" => return Verdict::NoMatch,
        "" => {}
        _ => m.warn(
            person.join("@Status"),
            "unknown person status; the data is kept",
        ),
    }
    let mut protection = Vec::new();
    match person.attr("sekretess").map(str::trim).unwrap_or_default() {
        "J" => protection.push(ProtectionMarker {
            source: SourceId::Csn,
            kind: ProtectionKind::Protected,
            field: "@sekretess".to_owned(),
        }),
        "" | "N" => {}
        _ => m.warn(
            person.join("@sekretess"),
            "unknown sekretess value; read as not protected",
        ),
    }
    let mut data = SourceData {
        person: Some(PersonInfo {
            identity,
            protection,
            ..PersonInfo::default()
        }),
        ..SourceData::default()
    };
    for form in [
        "Studiemedel",
        "Studiehjalp",
        "HemutrustningsLan",
        "Studiestartsstod",
        "Omstallningsstudiestod",
    ] {
        let arenden = person.child(form).and_then(|f| f.child("Arenden"));
        for arende in arenden.map(|a| a.children("Arende")).unwrap_or_default() {
            cases::map_case(m, &arende, &mut data);
        }
    }
    Verdict::data(data)
}
