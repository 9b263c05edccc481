//! Skatteverket (`beskattningws`, SOAP with an XML document inside a string): the adapter and
//! the public interpretation of its answers.

mod wire;

use underlag_domain::{Outcome, SourceId};
use underlag_service::SourceRequest;
use underlag_spec::{Node, Spec};

use crate::agencies::{Agency, AgencyAdapter, Protocol, xml_text_payload};
use crate::interpretation::Interpreted;
use crate::message::parse_violation;
use crate::soap::SoapFault;

/// The route answers are fetched from.
pub const PATH: &str = "/beskattningws";
/// The ping route.
pub const PING_PATH: &str = "/beskattningws/ping";
/// The SOAP body element of an answer.
pub const RESPONSE_ELEMENT: &str = "BeskattningsuppgifterResponse";
/// The root element of the document carried in `svar`.
pub const SVAR_ELEMENT: &str = "SvarBeskattningsuppgifterEnligtSFS2008-975";

/// Skatteverket, as the shared [`AgencyAdapter`] calls it.
#[derive(Debug)]
pub struct Skv;

/// The Skatteverket adapter.
pub type SkvAdapter = AgencyAdapter<Skv>;

impl Agency for Skv {
    const SOURCE: SourceId = SourceId::Skv;
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

    /// The message is the XML document in the response's `svar` string.
    fn read_soap_payload(spec: &Spec, payload: roxmltree::Node<'_, '_>) -> Interpreted {
        match payload
            .children()
            .find(|c| c.is_element() && c.tag_name().name() == "svar")
        {
            Some(svar) => {
                let text: String = svar.children().filter_map(|c| c.text()).collect();
                read_svar(spec, &text)
            }
            None => Outcome::InvalidResponse {
                violations: vec![parse_violation("BeskattningsuppgifterResponse has no svar")],
            }
            .into(),
        }
    }

    /// A fault carries `Exception`'s `MeddelandeKod` and `MeddelandeText`.
    fn read_fault(fault: &SoapFault) -> Outcome {
        fault.detail_outcome("Exception", "MeddelandeKod", "MeddelandeText")
    }
}

/// Interprets a `SvarBeskattningsuppgifterEnligtSFS2008-975` message root:
/// `StatusPersonuppgiftKod` 1 without data is no match; other codes than 0 and 1 are kept as
/// notices; capital income per taxation year and tax-account payouts are mapped.
pub fn interpret(spec: &Spec, root: &Node) -> Outcome {
    wire::interpret(spec, root).outcome
}

/// Interprets the text of `svar` (an XML document in a string), as the SOAP answer and the
/// SSBTEK `data/svar` element carry it.
pub fn interpret_svar(spec: &Spec, svar: &str) -> Outcome {
    read_svar(spec, svar).outcome
}

/// Interprets an HTTP answer body (a SOAP envelope); a SOAP fault is a source error carrying
/// `Exception`'s `MeddelandeKod` and `MeddelandeText`.
pub fn interpret_body(spec: &Spec, body: &[u8], content_type: Option<&str>) -> Outcome {
    Skv::read_body(spec, body, content_type).outcome
}

fn read_svar(spec: &Spec, svar: &str) -> Interpreted {
    xml_text_payload(svar, "the svar document", SVAR_ELEMENT, |root| {
        wire::interpret(spec, root)
    })
}
