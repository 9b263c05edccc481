//! CSN (`kommunfraga` v4, SOAP with a base64 document): the adapter and the public
//! interpretation of its answers.

mod wire;

use std::sync::Arc;

use async_trait::async_trait;
use underlag_domain::RawPayload;
use underlag_domain::{Outcome, SourceId};
use underlag_service::{Answer, FetchError, SourceAdapter, SourceRequest};
use underlag_spec::{Node, Spec};

use crate::agencies::{ReplyReading, child_text, soap_fetch, soap_payload, xml_text_payload};
use crate::http::AgencyClient;
use crate::interpretation::Interpreted;
use crate::message::{decode_base64, decode_text};
use crate::soap::SoapFault;

/// The route answers are fetched from.
pub const PATH: &str = "/kommunfraga/v4";
/// The ping route.
pub const PING_PATH: &str = "/kommunfraga/v4/ping";
/// The SOAP body element of an answer.
pub const RESPONSE_ELEMENT: &str = "KommunfragaResponse";
/// The root element of the document carried (base64) in `svar`.
pub const SVAR_ELEMENT: &str = "CSNSvar";

/// The CSN adapter.
#[derive(Debug)]
pub struct CsnAdapter {
    http: AgencyClient,
    spec: Arc<Spec>,
}

impl CsnAdapter {
    pub(crate) fn new(http: AgencyClient, spec: Arc<Spec>) -> Self {
        Self { http, spec }
    }
}

#[async_trait]
impl SourceAdapter for CsnAdapter {
    fn source(&self) -> SourceId {
        SourceId::Csn
    }

    fn scrub_location(&self, raw: &RawPayload) -> Option<RawPayload> {
        crate::location_scrub::scrub(SourceId::Csn, raw)
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

/// Interprets a `CSNSvar` message root: a `ResultatKod` other than 0 is a source error;
/// `Person/@Status="Ej träff"` (or no person) is no match; otherwise the person (with
/// `@sekretess="J"` as a protection marker), one study case per ärende and the payment plan
/// as planned and effected payments. A person CSN knows without any case is `ok` with no
/// study support.
pub fn interpret(spec: &Spec, root: &Node) -> Outcome {
    wire::interpret(spec, root).outcome
}

/// Interprets the base64 text of `svar`, as the SOAP answer and the SSBTEK `data/svar`
/// element carry it.
pub fn interpret_svar(spec: &Spec, svar: &str) -> Outcome {
    read_svar(spec, svar).outcome
}

/// Interprets an HTTP answer body (a SOAP envelope).
pub fn interpret_body(spec: &Spec, body: &[u8], content_type: Option<&str>) -> Outcome {
    read_body(spec, body, content_type).outcome
}

fn read_svar(spec: &Spec, svar: &str) -> Interpreted {
    let text = decode_base64(svar, "svar")
        .and_then(|bytes| decode_text(&bytes, None, "the decoded svar document"));
    match text {
        Ok(text) => xml_text_payload(&text, "the svar document", SVAR_ELEMENT, |root| {
            wire::interpret(spec, root)
        }),
        Err(violation) => Outcome::InvalidResponse {
            violations: vec![violation],
        }
        .into(),
    }
}

fn read_body(spec: &Spec, body: &[u8], content_type: Option<&str>) -> Interpreted {
    soap_payload(
        body,
        content_type,
        RESPONSE_ELEMENT,
        SoapFault::generic_outcome,
        |node| match child_text(node, "svar") {
            Ok(svar) => read_svar(spec, &svar),
            Err(outcome) => outcome.into(),
        },
    )
}
