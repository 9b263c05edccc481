//! Transportstyrelsen (`hamtauppgifterresponder/1`, SOAP): the adapter and the public
//! interpretation of its answers.

mod wire;

use std::sync::Arc;

use async_trait::async_trait;
use underlag_domain::RawPayload;
use underlag_domain::{Outcome, SourceId};
use underlag_service::{Answer, FetchError, SourceAdapter, SourceRequest};
use underlag_spec::{Node, Spec};

use crate::agencies::{ReplyReading, soap_fetch, soap_payload};
use crate::http::AgencyClient;
use crate::interpretation::Interpreted;
use crate::soap::SoapFault;

/// The route answers are fetched from.
pub const PATH: &str = "/ssbtek/hamtauppgifter/1";
/// The ping route.
pub const PING_PATH: &str = "/ssbtek/hamtauppgifter/1/ping";
/// The SOAP body element of an answer.
pub const RESPONSE_ELEMENT: &str = "HamtaUppgifterResponse";

/// The Transportstyrelsen adapter.
#[derive(Debug)]
pub struct TnsAdapter {
    http: AgencyClient,
    spec: Arc<Spec>,
}

impl TnsAdapter {
    pub(crate) fn new(http: AgencyClient, spec: Arc<Spec>) -> Self {
        Self { http, spec }
    }
}

#[async_trait]
impl SourceAdapter for TnsAdapter {
    fn source(&self) -> SourceId {
        SourceId::Tns
    }

    fn scrub_location(&self, raw: &RawPayload) -> Option<RawPayload> {
        crate::location_scrub::scrub(SourceId::Tns, raw)
    }

    async fn fetch(&self, request: &SourceRequest) -> Result<Answer, FetchError> {
        let spec = &*self.spec;
        let success = |body: &[u8], content_type: Option<&str>| read_body(spec, body, content_type);
        let fault = SoapFault::generic_outcome;
        let reading = ReplyReading {
            success: &success,
            fault: Some(&fault),
        };
        soap_fetch(
            &self.http,
            PATH,
            &wire::request(request),
            &reading,
            &request.person,
        )
        .await
    }

    async fn ping(&self) -> Result<bool, FetchError> {
        self.http.ping(PING_PATH).await
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
    read_body(spec, body, content_type).outcome
}

fn read_body(spec: &Spec, body: &[u8], content_type: Option<&str>) -> Interpreted {
    soap_payload(
        body,
        content_type,
        RESPONSE_ELEMENT,
        SoapFault::generic_outcome,
        |node| wire::interpret(spec, &Node::from_xml(node)),
    )
}
