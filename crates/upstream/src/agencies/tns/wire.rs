//! Transportstyrelsen's wire format: the `HamtaUppgifter` request and the mapping of
//! `HamtaUppgifterResponse` to vehicles.

use underlag_domain::model::{SourceData, Vehicle};
use underlag_domain::{Severity, SourceId};
use underlag_service::SourceRequest;
use underlag_spec::{Node, Spec};

use crate::interpretation::{Interpreted, Verdict, interpret_root};
use crate::mapping::{At, Mapper};
use crate::xml_write::XmlWriter;

const NS_RESPONDER: &str = "http://schema.transportstyrelsen.se/ssbtek/hamtauppgifterresponder/1";
const NS_PERSON: &str = "http://schema.transportstyrelsen.se/ssbtek/person/1";

/// Code list of vehicle kinds (fordonsslag).
pub(crate) const FORDONSSLAG: &str = "tns-fordonsslag";

/// The `HamtaUppgifter` body element: the person as century + 10 digits.
pub(crate) fn request(request: &SourceRequest) -> String {
    let mut w = XmlWriter::new();
    w.open(
        "tns:HamtaUppgifter",
        &[("xmlns:tns", NS_RESPONDER), ("xmlns:per", NS_PERSON)],
    )
    .open("tns:identifikation", &[])
    .leaf("per:sekel", request.person.century())
    .leaf("per:personnummer", request.person.without_century());
    w.finish()
}

pub(crate) fn interpret(spec: &Spec, root: &Node) -> Interpreted {
    interpret_root(spec, SourceId::Tns, root, |m, at| {
        match at.text_of("resultat") {
            Some("OK") => vehicles(m, &at),
            Some("FEL") => failure(&at),
            _ => {
                m.problem(
                    at.join("resultat"),
                    Severity::Error,
                    "'resultat' is neither OK nor FEL",
                );
                Verdict::NoMatch
            }
        }
    })
}

fn failure(at: &At<'_>) -> Verdict {
    let errors = at.children("felresultat");
    let codes: Vec<&str> = errors.iter().filter_map(|e| e.text_of("felkod")).collect();
    let texts: Vec<&str> = errors.iter().filter_map(|e| e.text_of("feltext")).collect();
    Verdict::SourceError {
        code: if codes.is_empty() {
            "FEL".to_owned()
        } else {
            codes.join(",")
        },
        message: if texts.is_empty() {
            "Transportstyrelsen answered FEL without felresultat".to_owned()
        } else {
            texts.join("; ")
        },
    }
}

fn vehicles(m: &mut Mapper<'_>, at: &At<'_>) -> Verdict {
    let fordon: Vec<At<'_>> = at
        .child("fordonsinnehav")
        .map(|h| h.children("fordon"))
        .unwrap_or_default();
    if fordon.is_empty() {
        return Verdict::NoMatch;
    }
    let mut data = SourceData::default();
    for f in &fordon {
        let Some(registration) = f.text_of("regnr") else {
            m.problem(
                f.join("regnr"),
                Severity::Error,
                "a vehicle has no registration number",
            );
            continue;
        };
        data.vehicles.push(Vehicle {
            registration: registration.to_owned(),
            make: f.text_of("fabrikat").map(str::to_owned),
            model_year: m.integer(f, "fordonsar"),
            kind: f
                .text_of("fordonsslag")
                .map(|k| m.code(FORDONSSLAG, k, None)),
            trade_name: f.text_of("handelsbeteckning").map(str::to_owned),
        });
    }
    Verdict::data(data)
}
