//! CSN (`kommunfraga` v4, SOAP with a base64 document): the adapter and the public
//! interpretation of its answers.

mod wire;

use underlag_domain::{Outcome, SourceId};
use underlag_service::SourceRequest;
use underlag_spec::{Node, Spec};

use crate::agencies::{Agency, AgencyAdapter, Protocol, child_text, xml_text_payload};
use crate::interpretation::Interpreted;
use crate::message::{decode_base64, decode_text};

/// The route answers are fetched from.
pub const PATH: &str = "/kommunfraga/v4";
/// The ping route.
pub const PING_PATH: &str = "/kommunfraga/v4/ping";
/// The SOAP body element of an answer.
pub const RESPONSE_ELEMENT: &str = "KommunfragaResponse";
/// The root element of the document carried (base64) in `svar`.
pub const SVAR_ELEMENT: &str = "CSNSvar";

/// CSN, as the shared [`AgencyAdapter`] calls it.
#[derive(Debug)]
pub struct Csn;

/// The CSN adapter.
pub type CsnAdapter = AgencyAdapter<Csn>;

impl Agency for Csn {
    const SOURCE: SourceId = SourceId::Csn;
    const PATH: &'static str = PATH;
    const PING_PATH: &'static str = PING_PATH;
    const RESPONSE_ELEMENT: &'static str = RESPONSE_ELEMENT;
    const PROTOCOL: Protocol = Protocol::Soap;

    fn request(request: &SourceRequest) -> String {
        wire::request(request)
    }

    fn read_message(spec: &Spec, root: &Node) -> Interpreted {
        wire::interpret(spec, root)
    }

    /// The message is the base64 document in the response's `svar`.
    fn read_soap_payload(spec: &Spec, payload: roxmltree::Node<'_, '_>) -> Interpreted {
        match child_text(payload, "svar") {
            Ok(svar) => read_svar(spec, &svar),
            Err(outcome) => outcome.into(),
        }
    }
}

/// Interprets a `CSNSvar` message root: a `ResultatKod` other than 0 is a source error;
/// `Person/@Status="Ej träff"` (or no person) is no match; otherwise the person (with
/// `@sekretess="J"` as a protection marker), one study case per ärende and the payment plan
/// as planned and effected payments. A person CSN knows without any case is `ok` with no
/// study support.
pub fn interpret(spec: &Spec, root: &Node) -> Outcome {
    wire::interpret(spec, root).outcome
}

/// Interprets the base64 text of `svar`, as the SOAP answer and the SSBTEK `data/svar`
/// element carry it.
pub fn interpret_svar(spec: &Spec, svar: &str) -> Outcome {
    read_svar(spec, svar).outcome
}

/// Interprets an HTTP answer body (a SOAP envelope).
pub fn interpret_body(spec: &Spec, body: &[u8], content_type: Option<&str>) -> Outcome {
    Csn::read_body(spec, body, content_type).outcome
}

fn read_svar(spec: &Spec, svar: &str) -> Interpreted {
    let text = decode_base64(svar, "svar")
        .and_then(|bytes| decode_text(&bytes, None, "the decoded svar document"));
    match text {
        Ok(text) => xml_text_payload(&text, "the svar document", SVAR_ELEMENT, |root| {
            wire::interpret(spec, root)
        }),
        Err(violation) => Outcome::InvalidResponse {
            violations: vec![violation],
        }
        .into(),
    }
}
