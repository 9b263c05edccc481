//! The one adapter shared by the agencies that answer a single request with one message
//! (AF, CSN, Skatteverket, the a-kassor, Transportstyrelsen, Migrationsverket, AGI,
//! Kronofogden): each agency describes itself through [`Agency`], and [`AgencyAdapter`] does
//! the calling for all of them.

use std::marker::PhantomData;
use std::sync::Arc;

use async_trait::async_trait;
use underlag_domain::{Outcome, RawPayload, SourceId};
use underlag_service::{Answer, FetchError, SourceAdapter, SourceRequest};
use underlag_spec::{Node, Spec};

use crate::agencies::{ReplyReading, answer, json_payload, soap_fetch, soap_payload, xml_payload};
use crate::http::AgencyClient;
use crate::interpretation::Interpreted;
use crate::soap::SoapFault;

/// How an agency's request and answer travel.
pub(crate) enum Protocol {
    /// SOAP 1.1: the request is wrapped in an envelope; the answer's message is the SOAP body
    /// element, and a fault sent with HTTP 500 is the agency's own error.
    Soap,
    /// Plain XML over HTTP: the request document is sent as it is, and the answer's message is
    /// the document's root element.
    PlainXml,
    /// JSON over HTTP: the request object is sent as it is, and the answer's message is the
    /// JSON document, as a tree whose root is named [`Agency::RESPONSE_ELEMENT`].
    Json,
}

impl Protocol {
    /// The request's content type, and the extra headers (none outside SOAP).
    fn content_type(&self) -> &'static str {
        match self {
            Protocol::Soap => crate::soap::CONTENT_TYPE,
            Protocol::PlainXml => "application/xml",
            Protocol::Json => "application/json",
        }
    }
}

/// What sets one agency apart: its routes, its protocol, its request and how its answers are
/// read. The provided methods are the common reading; an agency overrides only what it does
/// differently.
pub(crate) trait Agency: 'static {
    /// The source the agency answers for.
    const SOURCE: SourceId;
    /// The route answers are fetched from.
    const PATH: &'static str;
    /// The ping route.
    const PING_PATH: &'static str;
    /// The element an answer's message must be (the SOAP body element, or the root element of
    /// a plain XML answer); for JSON, the name given to the document's root.
    const RESPONSE_ELEMENT: &'static str;
    /// How the request and the answer travel.
    const PROTOCOL: Protocol;

    /// The request: the SOAP body element, the whole plain XML document, or the JSON object.
    fn request(request: &SourceRequest) -> String;

    /// Interprets the provider's message root.
    fn read_message(spec: &Spec, root: &Node) -> Interpreted;

    /// Interprets the element inside the SOAP body; by default it is the message root itself.
    fn read_soap_payload(spec: &Spec, payload: roxmltree::Node<'_, '_>) -> Interpreted {
        Self::read_message(spec, &Node::from_xml(payload))
    }

    /// Reads a SOAP fault; by default the fault's own code and text.
    fn read_fault(fault: &SoapFault) -> Outcome {
        fault.generic_outcome()
    }

    /// Interprets an HTTP answer body as the agency's protocol carries it.
    fn read_body(spec: &Spec, body: &[u8], content_type: Option<&str>) -> Interpreted {
        match Self::PROTOCOL {
            Protocol::Soap => soap_payload(
                body,
                content_type,
                Self::RESPONSE_ELEMENT,
                Self::read_fault,
                |payload| Self::read_soap_payload(spec, payload),
            ),
            Protocol::PlainXml => xml_payload(body, content_type, Self::RESPONSE_ELEMENT, |root| {
                Self::read_message(spec, root)
            }),
            Protocol::Json => json_payload(body, content_type, Self::RESPONSE_ELEMENT, |root| {
                Self::read_message(spec, root)
            }),
        }
    }
}

/// The adapter of an [`Agency`]: POSTs its request and interprets the reply.
#[derive(Debug)]
pub struct AgencyAdapter<A> {
    http: AgencyClient,
    spec: Arc<Spec>,
    agency: PhantomData<fn() -> A>,
}

impl<A> AgencyAdapter<A> {
    pub(crate) fn new(http: AgencyClient, spec: Arc<Spec>) -> Self {
        Self {
            http,
            spec,
            agency: PhantomData,
        }
    }
}

#[async_trait]
impl<A: Agency> SourceAdapter for AgencyAdapter<A> {
    fn source(&self) -> SourceId {
        A::SOURCE
    }

    fn scrub_location(&self, raw: &RawPayload) -> Option<RawPayload> {
        crate::location_scrub::scrub(A::SOURCE, raw)
    }

    async fn fetch(&self, request: &SourceRequest) -> Result<Answer, FetchError> {
        let spec = &*self.spec;
        let success =
            |body: &[u8], content_type: Option<&str>| A::read_body(spec, body, content_type);
        let message = A::request(request);
        match A::PROTOCOL {
            Protocol::Soap => {
                let fault = A::read_fault;
                let reading = ReplyReading {
                    success: &success,
                    fault: Some(&fault),
                };
                soap_fetch(&self.http, A::PATH, &message, &reading, &request.person).await
            }
            Protocol::PlainXml | Protocol::Json => {
                let reply = self
                    .http
                    .post(
                        "fetch",
                        A::PATH,
                        A::PROTOCOL.content_type(),
                        &[],
                        message.into_bytes(),
                    )
                    .await?;
                let reading = ReplyReading {
                    success: &success,
                    fault: None,
                };
                answer(&reply, &reading, &request.person)
            }
        }
    }

    async fn ping(&self) -> Result<bool, FetchError> {
        self.http.ping(A::PING_PATH).await
    }
}
