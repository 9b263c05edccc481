//! The a-kassor (`INT014.UBPService`, SOAP answered in UTF-16): the adapter and the public
//! interpretation of their answers.

mod wire;

use underlag_domain::{Outcome, SourceId};
use underlag_service::SourceRequest;
use underlag_spec::{Node, Spec};

use crate::agencies::{Agency, AgencyAdapter, Protocol};
use crate::interpretation::Interpreted;

/// The route answers are fetched from.
pub const PATH: &str = "/ubpservice/int014";
/// The ping route.
pub const PING_PATH: &str = "/ubpservice/int014/ping";
/// The SOAP body element of an answer.
pub const RESPONSE_ELEMENT: &str = "GetUnemploymentBenefitPaymentResponse";

/// The a-kassor, as the shared [`AgencyAdapter`] calls them.
#[derive(Debug)]
pub struct So;

/// The a-kassor adapter.
pub type SoAdapter = AgencyAdapter<So>;

impl Agency for So {
    const SOURCE: SourceId = SourceId::So;
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
}

/// Interprets a `GetUnemploymentBenefitPaymentResponse` message root (or the SSBTEK `data`
/// element that plays its role): an empty `ArbetsloshetsersattningLista` is no match;
/// otherwise one unemployment fund per answering fund, its status as a notice, and its
/// payments.
pub fn interpret(spec: &Spec, root: &Node) -> Outcome {
    wire::interpret(spec, root).outcome
}

/// Interprets an HTTP answer body (a SOAP envelope, typically UTF-16LE with a byte-order
/// mark; the BOM or the `Content-Type` charset decides the decoding).
pub fn interpret_body(spec: &Spec, body: &[u8], content_type: Option<&str>) -> Outcome {
    So::read_body(spec, body, content_type).outcome
}
