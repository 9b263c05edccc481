//! Skatteverket (`beskattningws`, SOAP with an XML document inside a string): the adapter and
//! the public interpretation of its answers.

mod wire;

use std::sync::Arc;

use async_trait::async_trait;
use underlag_domain::RawPayload;
use underlag_domain::{Outcome, SourceId};
use underlag_service::{Answer, FetchError, SourceAdapter, SourceRequest};
use underlag_spec::{Node, Spec};

use crate::agencies::{ReplyReading, soap_fetch, soap_payload, xml_text_payload};
use crate::http::AgencyClient;
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

/// The Skatteverket adapter.
#[derive(Debug)]
pub struct SkvAdapter {
    http: AgencyClient,
    spec: Arc<Spec>,
}

impl SkvAdapter {
    pub(crate) fn new(http: AgencyClient, spec: Arc<Spec>) -> Self {
        Self { http, spec }
    }
}

#[async_trait]
impl SourceAdapter for SkvAdapter {
    fn source(&self) -> SourceId {
        SourceId::Skv
    }

    fn scrub_location(&self, raw: &RawPayload) -> Option<RawPayload> {
        crate::location_scrub::scrub(SourceId::Skv, raw)
    }

    async fn fetch(&self, request: &SourceRequest) -> Result<Answer, FetchError> {
        let spec = &*self.spec;
        let success = |body: &[u8], content_type: Option<&str>| read_body(spec, body, content_type);
        let reading = ReplyReading {
            success: &success,
            fault: Some(&fault_outcome),
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
    read_body(spec, body, content_type).outcome
}

fn read_svar(spec: &Spec, svar: &str) -> Interpreted {
    xml_text_payload(svar, "the svar document", SVAR_ELEMENT, |root| {
        wire::interpret(spec, root)
    })
}

fn read_body(spec: &Spec, body: &[u8], content_type: Option<&str>) -> Interpreted {
    soap_payload(
        body,
        content_type,
        RESPONSE_ELEMENT,
        fault_outcome,
        |node| match node
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
        },
    )
}

fn fault_outcome(fault: &SoapFault) -> Outcome {
    fault.detail_outcome("Exception", "MeddelandeKod", "MeddelandeText")
}
