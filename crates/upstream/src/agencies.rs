//! The agency adapters, one module per source, and the call-and-interpret plumbing they share.

mod adapter;
pub mod af;
pub mod agi;
pub mod csn;
pub mod fk;
pub mod kfm;
pub mod miv;
pub mod skv;
pub mod so;
pub mod tns;

pub use adapter::AgencyAdapter;
pub(crate) use adapter::{Agency, Protocol};

use underlag_domain::{Outcome, Personnummer};
use underlag_service::{Answer, FetchError};
use underlag_spec::Node;

use crate::http::{AgencyClient, MAX_BODY_BYTES, Reply};
use crate::interpretation::{Interpreted, check_identity};
use crate::message::{decode_text, expect_name, parse_violation, parse_xml, unreadable};
use crate::soap::{self, SoapBody, SoapFault};

/// Interprets a SOAP answer body: the payload element must be `expected`; `payload` reads
/// it; a fault becomes what `fault` makes of it.
pub(crate) fn soap_payload(
    body: &[u8],
    content_type: Option<&str>,
    expected: &str,
    fault: impl FnOnce(&SoapFault) -> Outcome,
    payload: impl FnOnce(roxmltree::Node<'_, '_>) -> Interpreted,
) -> Interpreted {
    let text = match decode_text(body, content_type, "the SOAP answer") {
        Ok(text) => text,
        Err(violation) => {
            return Outcome::InvalidResponse {
                violations: vec![violation],
            }
            .into();
        }
    };
    let opened = soap::open(&text, |node| {
        expect_name(node, expected, "the SOAP Body")?;
        Ok(payload(node))
    });
    match opened {
        Ok(SoapBody::Payload(interpreted)) => interpreted,
        Ok(SoapBody::Fault(f)) => fault(&f).into(),
        Err(violation) => Outcome::InvalidResponse {
            violations: vec![violation],
        }
        .into(),
    }
}

/// Interprets a plain XML answer body whose root element must be `expected`.
pub(crate) fn xml_payload(
    body: &[u8],
    content_type: Option<&str>,
    expected: &str,
    interpret: impl FnOnce(&Node) -> Interpreted,
) -> Interpreted {
    let root = decode_text(body, content_type, "the answer").and_then(|text| {
        let doc = parse_xml(&text, "the answer")?;
        expect_name(doc.root_element(), expected, "the answer")?;
        Ok(Node::from_xml(doc.root_element()))
    });
    match root {
        Ok(root) => interpret(&root),
        Err(violation) => Outcome::InvalidResponse {
            violations: vec![violation],
        }
        .into(),
    }
}

/// Interprets a JSON answer body: the document becomes a tree whose root is named `root_name`.
pub(crate) fn json_payload(
    body: &[u8],
    content_type: Option<&str>,
    root_name: &str,
    interpret: impl FnOnce(&Node) -> Interpreted,
) -> Interpreted {
    let root = decode_text(body, content_type, "the answer").and_then(|text| {
        serde_json::from_str::<serde_json::Value>(&text)
            .map_err(|_| parse_violation("the answer is not JSON".to_owned()))
            .and_then(|value| {
                if value.is_object() {
                    Ok(Node::from_json(root_name, &value))
                } else {
                    Err(parse_violation(
                        "the answer is not a JSON object".to_owned(),
                    ))
                }
            })
    });
    match root {
        Ok(root) => interpret(&root),
        Err(violation) => Outcome::InvalidResponse {
            violations: vec![violation],
        }
        .into(),
    }
}

/// Parses an XML document held as text (CSN's decoded `svar`, SKV's `svar` string) and
/// interprets its root element, which must be `expected`.
pub(crate) fn xml_text_payload(
    text: &str,
    what: &str,
    expected: &str,
    interpret: impl FnOnce(&Node) -> Interpreted,
) -> Interpreted {
    let root = parse_xml(text, what).and_then(|doc| {
        expect_name(doc.root_element(), expected, what)?;
        Ok(Node::from_xml(doc.root_element()))
    });
    match root {
        Ok(root) => interpret(&root),
        Err(violation) => Outcome::InvalidResponse {
            violations: vec![violation],
        }
        .into(),
    }
}

/// How an adapter reads an agency's reply.
pub(crate) struct ReplyReading<'a> {
    /// Reads a 2xx body.
    pub(crate) success: &'a (dyn Fn(&[u8], Option<&str>) -> Interpreted + Sync),
    /// Reads a SOAP fault sent with HTTP 500 (SOAP 1.1 sends faults so); `None` for non-SOAP
    /// agencies.
    pub(crate) fault: Option<&'a (dyn Fn(&SoapFault) -> Outcome + Sync)>,
}

/// Turns a reply into an answer: 2xx is interpreted and checked against the person asked
/// about; a SOAP fault with 500 is the agency's own error; other statuses are failures.
pub(crate) fn answer(
    reply: &Reply,
    reading: &ReplyReading<'_>,
    person: &Personnummer,
) -> Result<Answer, FetchError> {
    let raw = reply.raw();
    if reply.too_large {
        let outcome = unreadable(format!("the answer is larger than {MAX_BODY_BYTES} bytes"));
        return Ok(Answer { outcome, raw });
    }
    if reply.is_success() {
        let interpreted = (reading.success)(&reply.body, reply.content_type.as_deref());
        return Ok(Answer {
            outcome: check_identity(interpreted, person),
            raw,
        });
    }
    if reply.status == 500
        && let Some(read_fault) = reading.fault
        && let Some(outcome) = fault_in(reply, read_fault)
    {
        return Ok(Answer { outcome, raw });
    }
    Err(reply.status_failure())
}

/// The fault in an error reply, if the body is a SOAP fault.
fn fault_in(reply: &Reply, read_fault: &dyn Fn(&SoapFault) -> Outcome) -> Option<Outcome> {
    let text = decode_text(&reply.body, reply.content_type.as_deref(), "the answer").ok()?;
    match soap::open(&text, |_| Ok(())) {
        Ok(SoapBody::Fault(fault)) => Some(read_fault(&fault)),
        _ => None,
    }
}

/// POSTs a SOAP request and reads the reply.
pub(crate) async fn soap_fetch(
    http: &AgencyClient,
    path: &str,
    body_element: &str,
    reading: &ReplyReading<'_>,
    person: &Personnummer,
) -> Result<Answer, FetchError> {
    let envelope = soap::envelope(body_element);
    let reply = http
        .post(
            "fetch",
            path,
            soap::CONTENT_TYPE,
            soap::HEADERS,
            envelope.into_bytes(),
        )
        .await?;
    answer(&reply, reading, person)
}

/// The text of a child element of an SSBTEK `data` element, by local name.
pub(crate) fn child_text(node: roxmltree::Node<'_, '_>, name: &str) -> Result<String, Outcome> {
    let child = node
        .children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
        .ok_or_else(|| Outcome::InvalidResponse {
            violations: vec![parse_violation(format!("the element '{name}' is missing"))],
        })?;
    Ok(child
        .descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect())
}
