//! SOAP 1.1 envelopes: finding the body element of a request, writing an answer envelope,
//! and writing faults (HTTP 500, as SOAP 1.1 over HTTP prescribes).

use axum::http::StatusCode;
use roxmltree::{Document, Node};

use super::xml::{Xml, decode, parse};
use super::{Reply, TEXT_XML};

/// The SOAP 1.1 envelope namespace.
pub(crate) const SOAP_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";

/// The first element inside `Envelope/Body`, when the document is a SOAP 1.1 envelope.
pub(crate) fn body_element<'a, 'i>(doc: &'a Document<'i>) -> Option<Node<'a, 'i>> {
    let envelope = doc.root_element();
    if envelope.tag_name().name() != "Envelope" || envelope.tag_name().namespace() != Some(SOAP_NS)
    {
        return None;
    }
    let body = envelope.children().find(|c| {
        c.is_element() && c.tag_name().name() == "Body" && c.tag_name().namespace() == Some(SOAP_NS)
    })?;
    body.children().find(|c| c.is_element())
}

/// Unwraps a SOAP 1.1 request body down to its operation element `name` in namespace `ns`
/// and hands it to `read`. A body that is not text, not well-formed, not a SOAP 1.1 envelope
/// or another operation gets a `soap:Client` fault saying which.
pub(crate) fn read_operation<T>(
    body: &[u8],
    name: &str,
    ns: &str,
    read: impl FnOnce(Node<'_, '_>) -> Result<T, Reply>,
) -> Result<T, Reply> {
    let text = decode(body).ok_or_else(|| client_fault("Request is not UTF-8 or UTF-16 text"))?;
    let doc = parse(&text).ok_or_else(|| client_fault("Request is not well-formed XML"))?;
    let op = body_element(&doc).ok_or_else(|| client_fault("Not a SOAP 1.1 envelope"))?;
    if op.tag_name().name() != name || op.tag_name().namespace() != Some(ns) {
        return Err(client_fault("Unknown operation"));
    }
    read(op)
}

/// Writes `<soap:Envelope><soap:Body>…</soap:Body></soap:Envelope>` around `content`.
pub(crate) fn envelope(x: &mut Xml, content: impl FnOnce(&mut Xml)) {
    x.open("soap:Envelope", &[("xmlns:soap", SOAP_NS)]);
    x.open("soap:Body", &[]);
    content(x);
    x.close("soap:Body");
    x.close("soap:Envelope");
}

/// A SOAP fault: `faultcode` (`soap:Client` or `soap:Server`), `faultstring`, and an
/// optional `detail` written by `detail`.
pub(crate) fn fault(code: &str, text: &str, detail: Option<&dyn Fn(&mut Xml)>) -> Reply {
    let mut x = Xml::with_declaration("UTF-8");
    envelope(&mut x, |x| {
        x.open("soap:Fault", &[]);
        x.leaf("faultcode", code);
        x.leaf("faultstring", text);
        if let Some(write) = detail {
            x.open("detail", &[]);
            write(x);
            x.close("detail");
        }
        x.close("soap:Fault");
    });
    Reply {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        content_type: TEXT_XML,
        body: x.finish(),
    }
}

/// A client fault without detail.
pub(crate) fn client_fault(text: &str) -> Reply {
    fault("soap:Client", text, None)
}
