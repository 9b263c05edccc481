//! The a-kassor (`INT014.UBPService`, SOAP answered in UTF-16): the adapter and the public
//! interpretation of their answers.

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
pub const PATH: &str = "/ubpservice/int014";
/// The ping route.
pub const PING_PATH: &str = "/ubpservice/int014/ping";
/// The SOAP body element of an answer.
pub const RESPONSE_ELEMENT: &str = "GetUnemploymentBenefitPaymentResponse";

/// The a-kassor adapter.
#[derive(Debug)]
pub struct SoAdapter {
    http: AgencyClient,
    spec: Arc<Spec>,
}

impl SoAdapter {
    pub(crate) fn new(http: AgencyClient, spec: Arc<Spec>) -> Self {
        Self { http, spec }
    }
}

#[async_trait]
impl SourceAdapter for SoAdapter {
    fn source(&self) -> SourceId {
        SourceId::So
    }

    fn scrub_location(&self, raw: &RawPayload) -> Option<RawPayload> {
        crate::location_scrub::scrub(SourceId::So, raw)
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
