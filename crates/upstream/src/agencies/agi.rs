//! Skatteverket's employer declarations on individual level (AGI, plain XML over HTTP): the
//! adapter and the public interpretation of its answers. Not a v10 provider: only the REST
//! door asks it, and only for a connection that holds the legal basis.

mod wire;

use underlag_domain::{Outcome, SourceId};
use underlag_service::SourceRequest;
use underlag_spec::{Node, Spec};

use crate::agencies::{Agency, AgencyAdapter, Protocol};
use crate::interpretation::Interpreted;

/// The route answers are fetched from.
pub const PATH: &str = "/agi/individuppgifter/1";
/// The ping route.
pub const PING_PATH: &str = "/agi/individuppgifter/1/ping";
/// The root element of an answer.
pub const RESPONSE_ELEMENT: &str = "IndividuppgifterSvar";

/// Skatteverket's AGI service, as the shared [`AgencyAdapter`] calls it.
#[derive(Debug)]
pub struct Agi;

/// The AGI adapter.
pub type AgiAdapter = AgencyAdapter<Agi>;

impl Agency for Agi {
    const SOURCE: SourceId = SourceId::Agi;
    const PATH: &'static str = PATH;
    const PING_PATH: &'static str = PING_PATH;
    const RESPONSE_ELEMENT: &'static str = RESPONSE_ELEMENT;
    const PROTOCOL: Protocol = Protocol::PlainXml;

    fn request(request: &SourceRequest) -> String {
        wire::request(request)
    }

    fn read_message(spec: &Spec, root: &Node) -> Interpreted {
        wire::interpret(spec, root)
    }
}

/// Interprets an `IndividuppgifterSvar` message root: `Status` FEL is a source error,
/// EJ_TRAFF (or OK without any `Individuppgift`) no match; otherwise the declarations, one per
/// employer, month and specifikationsnummer, the latest received replacing earlier ones.
pub fn interpret(spec: &Spec, root: &Node) -> Outcome {
    wire::interpret(spec, root).outcome
}

/// Interprets an HTTP answer body.
pub fn interpret_body(spec: &Spec, body: &[u8], content_type: Option<&str>) -> Outcome {
    Agi::read_body(spec, body, content_type).outcome
}
