//! Transportstyrelsen (`hamtauppgifterresponder/1`, SOAP): the adapter and the public
//! interpretation of its answers.

mod wire;

use underlag_domain::{Outcome, SourceId};
use underlag_service::SourceRequest;
use underlag_spec::{Node, Spec};

use crate::agencies::{Agency, AgencyAdapter, Protocol};
use crate::interpretation::Interpreted;

/// The route answers are fetched from.
pub const PATH: &str = "/ssbtek/hamtauppgifter/1";
/// The ping route.
pub const PING_PATH: &str = "/ssbtek/hamtauppgifter/1/ping";
/// The SOAP body element of an answer.
pub const RESPONSE_ELEMENT: &str = "HamtaUppgifterResponse";

/// Transportstyrelsen, as the shared [`AgencyAdapter`] calls it.
#[derive(Debug)]
pub struct Tns;

/// The Transportstyrelsen adapter.
pub type TnsAdapter = AgencyAdapter<Tns>;

impl Agency for Tns {
    const SOURCE: SourceId = SourceId::Tns;
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

/// Interprets a `HamtaUppgifterResponse` message root (or the SSBTEK `data` element that
/// plays its role): `resultat=FEL` is a source error carrying `felresultat`; `OK` without any
/// `fordon` is no match; otherwise the vehicles.
pub fn interpret(spec: &Spec, root: &Node) -> Outcome {
    wire::interpret(spec, root).outcome
}

/// Interprets an HTTP answer body (a SOAP envelope).
pub fn interpret_body(spec: &Spec, body: &[u8], content_type: Option<&str>) -> Outcome {
    Tns::read_body(spec, body, content_type).outcome
}
