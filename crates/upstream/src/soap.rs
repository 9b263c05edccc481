//! SOAP 1.1 envelopes: writing requests, opening answers and reading faults.

use underlag_domain::{Outcome, Violation};
use underlag_spec::Node;

use crate::mapping::At;
use crate::message::{parse_violation, parse_xml};

/// The SOAP 1.1 envelope namespace.
pub(crate) const ENVELOPE_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";

/// The media type of SOAP 1.1 requests.
pub(crate) const CONTENT_TYPE: &str = "text/xml; charset=utf-8";

/// Headers every SOAP 1.1 request carries besides the content type.
pub(crate) const HEADERS: &[(&str, &str)] = &[("SOAPAction", "\"\"")];

/// Wraps a body element's markup in a SOAP 1.1 envelope.
pub(crate) fn envelope(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <soap:Envelope xmlns:soap=\"{ENVELOPE_NS}\"><soap:Body>{body}</soap:Body></soap:Envelope>"
    )
}

/// A SOAP 1.1 fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SoapFault {
    /// `faultcode` (a QName such as `soap:Server`).
    pub(crate) code: String,
    /// `faultstring`.
    pub(crate) string: String,
    /// The `detail` element, if any.
    pub(crate) detail: Option<Node>,
}

impl SoapFault {
    /// The generic reading: the fault's own code and text.
    pub(crate) fn generic_outcome(&self) -> Outcome {
        Outcome::SourceError {
            code: non_empty(&self.code, "soap:Fault"),
            message: non_empty(&self.string, "SOAP fault without faultstring"),
        }
    }

    /// Reads a provider-specific detail element (`detail/<element>`) with `code` and `text`
    /// children; falls back to the generic reading.
    pub(crate) fn detail_outcome(&self, element: &str, code: &str, text: &str) -> Outcome {
        let Some(detail) = self.detail.as_ref() else {
            return self.generic_outcome();
        };
        let at = At::root(detail);
        let Some(inner) = at.child(element) else {
            return self.generic_outcome();
        };
        match (inner.text_of(code), inner.text_of(text)) {
            (None, None) => self.generic_outcome(),
            (c, t) => Outcome::SourceError {
                code: c.map_or_else(|| non_empty(&self.code, "soap:Fault"), str::to_owned),
                message: t.map_or_else(|| non_empty(&self.string, ""), str::to_owned),
            },
        }
    }
}

fn non_empty(text: &str, fallback: &str) -> String {
    let t = text.trim();
    if t.is_empty() {
        fallback.to_owned()
    } else {
        t.to_owned()
    }
}

/// What a SOAP body held: the payload element (converted by the caller) or a fault.
#[derive(Debug)]
pub(crate) enum SoapBody<T> {
    /// The first element of the body, as read by the caller.
    Payload(T),
    /// A fault.
    Fault(SoapFault),
}

/// Parses a SOAP 1.1 envelope and hands the body's first element to `read`, unless it is a
/// fault.
pub(crate) fn open<T>(
    text: &str,
    read: impl FnOnce(roxmltree::Node<'_, '_>) -> Result<T, Violation>,
) -> Result<SoapBody<T>, Violation> {
    let doc = parse_xml(text, "the SOAP answer")?;
    let envelope = doc.root_element();
    if envelope.tag_name().name() != "Envelope"
        || envelope.tag_name().namespace() != Some(ENVELOPE_NS)
    {
        return Err(parse_violation("the answer is not a SOAP 1.1 envelope"));
    }
    let body = envelope
        .children()
        .find(|n| n.is_element() && n.tag_name().name() == "Body")
        .ok_or_else(|| parse_violation("the SOAP envelope has no Body"))?;
    let first = body
        .children()
        .find(roxmltree::Node::is_element)
        .ok_or_else(|| parse_violation("the SOAP Body is empty"))?;
    if first.tag_name().name() == "Fault" && first.tag_name().namespace() == Some(ENVELOPE_NS) {
        return Ok(SoapBody::Fault(read_fault(first)));
    }
    read(first).map(SoapBody::Payload)
}

fn read_fault(fault: roxmltree::Node<'_, '_>) -> SoapFault {
    let child = |name: &str| {
        fault
            .children()
            .find(|n| n.is_element() && n.tag_name().name() == name)
    };
    let text = |name: &str| {
        child(name)
            .map(|n| {
                n.descendants()
                    .filter(|d| d.is_text())
                    .filter_map(|d| d.text())
                    .collect::<String>()
            })
            .map(|t| t.trim().to_owned())
            .unwrap_or_default()
    };
    SoapFault {
        code: text("faultcode"),
        string: text("faultstring"),
        detail: child("detail").map(Node::from_xml),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_and_payloads_are_told_apart() {
        let fault = format!(
            "<s:Envelope xmlns:s=\"{ENVELOPE_NS}\"><s:Body><s:Fault><faultcode>s:Server</faultcode>\
             <faultstring>Fel</faultstring><detail><x:Exception xmlns:x=\"urn:x\">\
             <MeddelandeKod>9071001</MeddelandeKod><MeddelandeText>Tekniskt fel</MeddelandeText>\
             </x:Exception></detail></s:Fault></s:Body></s:Envelope>"
        );
        let Ok(SoapBody::Fault(f)) = open(&fault, |_| Ok(())) else {
            panic!("expected a fault")
        };
        assert_eq!(f.code, "s:Server");
        let Outcome::SourceError { code, message } =
            f.detail_outcome("Exception", "MeddelandeKod", "MeddelandeText")
        else {
            panic!("expected source_error")
        };
        assert_eq!(
            (code.as_str(), message.as_str()),
            ("9071001", "Tekniskt fel")
        );

        let ok = envelope("<a:X xmlns:a=\"urn:a\"/>");
        let Ok(SoapBody::Payload(name)) = open(&ok, |n| Ok(n.tag_name().name().to_owned())) else {
            panic!("expected a payload")
        };
        assert_eq!(name, "X");
        assert!(open("<Envelope/>", |_| Ok(())).is_err());
    }
}
