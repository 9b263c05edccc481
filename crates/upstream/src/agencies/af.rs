//! Arbetsförmedlingen (`ersattningsstod/v2`, plain XML over HTTP): the adapter and the
//! public interpretation of its answers.

mod wire;

use underlag_domain::{Outcome, SourceId};
use underlag_service::SourceRequest;
use underlag_spec::{Node, Spec};

use crate::agencies::{Agency, AgencyAdapter, Protocol};
use crate::interpretation::Interpreted;

/// The route answers are fetched from.
pub const PATH: &str = "/arbetssokande/ersattningsstod/v2/fraga";
/// The ping route.
pub const PING_PATH: &str = "/arbetssokande/ersattningsstod/v2/ping";
/// The root element of an answer.
pub const RESPONSE_ELEMENT: &str = "SvarMeddelande";

/// Arbetsförmedlingen, as the shared [`AgencyAdapter`] calls it.
#[derive(Debug)]
pub struct Af;

/// The Arbetsförmedlingen adapter.
pub type AfAdapter = AgencyAdapter<Af>;

impl Agency for Af {
    const SOURCE: SourceId = SourceId::Af;
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

/// Interprets a `SvarMeddelande` message root (or the SSBTEK `data` element that plays its
/// role): `StatusSokandeinformationKod` 1 is no match, 2 (or any code other than 0) a source
/// error; 0 gives the person, job-seeker registration and AF's decisions.
pub fn interpret(spec: &Spec, root: &Node) -> Outcome {
    wire::interpret(spec, root).outcome
}

/// Interprets an HTTP answer body (a `SvarMeddelande` document).
pub fn interpret_body(spec: &Spec, body: &[u8], content_type: Option<&str>) -> Outcome {
    Af::read_body(spec, body, content_type).outcome
}
