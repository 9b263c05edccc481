//! Arbetsförmedlingen (`ersattningsstod/v2`, plain XML over HTTP): the adapter and the
//! public interpretation of its answers.

mod wire;

use std::sync::Arc;

use async_trait::async_trait;
use underlag_domain::RawPayload;
use underlag_domain::{Outcome, SourceId};
use underlag_service::{Answer, FetchError, SourceAdapter, SourceRequest};
use underlag_spec::{Node, Spec};

use crate::agencies::{ReplyReading, answer, xml_payload};
use crate::http::AgencyClient;
use crate::interpretation::Interpreted;

/// The route answers are fetched from.
pub const PATH: &str = "/arbetssokande/ersattningsstod/v2/fraga";
/// The ping route.
pub const PING_PATH: &str = "/arbetssokande/ersattningsstod/v2/ping";
/// The root element of an answer.
pub const RESPONSE_ELEMENT: &str = "SvarMeddelande";

/// The Arbetsförmedlingen adapter.
#[derive(Debug)]
pub struct AfAdapter {
    http: AgencyClient,
    spec: Arc<Spec>,
}

impl AfAdapter {
    pub(crate) fn new(http: AgencyClient, spec: Arc<Spec>) -> Self {
        Self { http, spec }
    }
}

#[async_trait]
impl SourceAdapter for AfAdapter {
    fn source(&self) -> SourceId {
        SourceId::Af
    }

    fn scrub_location(&self, raw: &RawPayload) -> Option<RawPayload> {
        crate::location_scrub::scrub(SourceId::Af, raw)
    }

    async fn fetch(&self, request: &SourceRequest) -> Result<Answer, FetchError> {
        let body = wire::request(request).into_bytes();
        let reply = self
            .http
            .post("fetch", PATH, "application/xml", &[], body)
            .await?;
        let spec = &*self.spec;
        let success = |body: &[u8], content_type: Option<&str>| read_body(spec, body, content_type);
        answer(
            &reply,
            &ReplyReading {
                success: &success,
                fault: None,
            },
            &request.person,
        )
    }

    async fn ping(&self) -> Result<bool, FetchError> {
        self.http.ping(PING_PATH).await
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
    read_body(spec, body, content_type).outcome
}

fn read_body(spec: &Spec, body: &[u8], content_type: Option<&str>) -> Interpreted {
    xml_payload(body, content_type, RESPONSE_ELEMENT, |root| {
        wire::interpret(spec, root)
    })
}
