//! Kronofogden (JSON over HTTP): the adapter and the public interpretation of its answers.
//! Not a v10 provider: only the REST door asks it, and only for a connection that holds the
//! legal basis.

mod wire;

use underlag_domain::{Outcome, SourceId};
use underlag_service::SourceRequest;
use underlag_spec::{Node, Spec};

use crate::agencies::{Agency, AgencyAdapter, Protocol};
use crate::interpretation::Interpreted;

/// The route answers are fetched from.
pub const PATH: &str = "/kronofogden/galdenar/1";
/// The ping route.
pub const PING_PATH: &str = "/kronofogden/galdenar/1/ping";
/// The name given to the answer's JSON root.
pub const RESPONSE_ELEMENT: &str = "Galdenarsuppgifter";

/// Kronofogden, as the shared [`AgencyAdapter`] calls it.
#[derive(Debug)]
pub struct Kfm;

/// The Kronofogden adapter.
pub type KfmAdapter = AgencyAdapter<Kfm>;

impl Agency for Kfm {
    const SOURCE: SourceId = SourceId::Kfm;
    const PATH: &'static str = PATH;
    const PING_PATH: &'static str = PING_PATH;
    const RESPONSE_ELEMENT: &'static str = RESPONSE_ELEMENT;
    const PROTOCOL: Protocol = Protocol::Json;

    fn request(request: &SourceRequest) -> String {
        wire::request(request)
    }

    fn read_message(spec: &Spec, root: &Node) -> Interpreted {
        wire::interpret(spec, root)
    }
}

/// Interprets a `Galdenarsuppgifter` message root: `kand` false is no match; otherwise the
/// debts, wage garnishments and debt relief.
pub fn interpret(spec: &Spec, root: &Node) -> Outcome {
    wire::interpret(spec, root).outcome
}

/// Interprets an HTTP answer body (a JSON document).
pub fn interpret_body(spec: &Spec, body: &[u8], content_type: Option<&str>) -> Outcome {
    Kfm::read_body(spec, body, content_type).outcome
}
