//! Migrationsverket (`ssbtek/1`, SOAP): the adapter and the public interpretation of its
//! answers.

mod wire;

use underlag_domain::{Outcome, SourceId};
use underlag_service::SourceRequest;
use underlag_spec::{Node, Spec};

use crate::agencies::{Agency, AgencyAdapter, Protocol};
use crate::interpretation::Interpreted;
use crate::soap::SoapFault;

/// The route answers are fetched from.
pub const PATH: &str = "/ssbtek/SSBTEKWebService";
/// The ping route.
pub const PING_PATH: &str = "/ssbtek/SSBTEKWebService/ping";
/// The SOAP body element of an answer.
pub const RESPONSE_ELEMENT: &str = "findByPersonnummerResponse";

/// Migrationsverket, as the shared [`AgencyAdapter`] calls it.
#[derive(Debug)]
pub struct Miv;

/// The Migrationsverket adapter.
pub type MivAdapter = AgencyAdapter<Miv>;

impl Agency for Miv {
    const SOURCE: SourceId = SourceId::Miv;
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

    /// A fault carries `SSBTEKSoapException`'s `faultCode` and `faultString`.
    fn read_fault(fault: &SoapFault) -> Outcome {
        fault.detail_outcome("SSBTEKSoapException", "faultCode", "faultString")
    }
}

/// Interprets a `findByPersonnummerResponse` message root (or the SSBTEK `data` element that
/// plays its role): no `response`, or a `response` without any `svarCollection/svar`, is no
/// match; otherwise the permits.
pub fn interpret(spec: &Spec, root: &Node) -> Outcome {
    wire::interpret(spec, root).outcome
}

/// Interprets an HTTP answer body (a SOAP envelope); a SOAP fault is a source error carrying
/// `SSBTEKSoapException`'s `faultCode` and `faultString`.
pub fn interpret_body(spec: &Spec, body: &[u8], content_type: Option<&str>) -> Outcome {
    Miv::read_body(spec, body, content_type).outcome
}
