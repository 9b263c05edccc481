//! Each provider's message in the contract's shape, taken from the raw payload the adapter
//! received (`docs/agency-wire.md`):
//!
//! | source | raw payload | `ssbt:data` holds |
//! |---|---|---|
//! | FK | the LEFI v9 answer JSON | `ssbt:lefiJsonSvar`: base64 of the JSON as received (`avvikelser` included) |
//! | AF | `SvarMeddelande` (plain XML) | its children, in the AF namespace |
//! | CSN | SOAP `KommunfragaResponse/svar` | `ssbt:svar`: the same base64 text |
//! | SKV | SOAP `BeskattningsuppgifterResponse/svar` | unqualified `svar`: the XML document as (escaped) text |
//! | SO | SOAP `GetUnemploymentBenefitPaymentResponse` (UTF-16, already decoded) | its children, in the SO namespace |
//! | TNS | SOAP `HamtaUppgifterResponse` | its children, in their namespaces |
//! | MIV | SOAP `findByPersonnummerResponse` | its children (unqualified) |
//!
//! Element subtrees are re-serialised namespace-correctly ([`crate::xml_copy`]); text is
//! escaped. A payload that cannot be read is reported, never guessed at.

use std::io;

use base64::Engine as _;
use roxmltree::{Document, Node};
use underlag_domain::{RawPayload, SourceId};

use crate::contract::SOAP_ENV_NS;
use crate::xml_copy::{Scope, copy_children};
use crate::xml_write::XmlWriter;

/// Why a raw payload could not be expressed in the contract's shape (no personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unusable(pub(crate) String);

/// A provider's message, read and ready to be written into `ssbt:data`.
pub(crate) enum Prepared<'r> {
    /// One element holding text: FK `ssbt:lefiJsonSvar`, CSN `ssbt:svar`, SKV `svar`.
    Text { element: &'static str, text: String },
    /// The children of the payload element of a parsed XML message.
    Children { doc: Document<'r> },
}

/// The payload element of each XML provider (by local name; namespaces vary by version).
pub(crate) fn payload_element_name(source: SourceId) -> &'static str {
    match source {
        SourceId::Fk => "",
        SourceId::Af => "SvarMeddelande",
        SourceId::Csn => "KommunfragaResponse",
        SourceId::Skv => "BeskattningsuppgifterResponse",
        SourceId::So => "GetUnemploymentBenefitPaymentResponse",
        SourceId::Tns => "HamtaUppgifterResponse",
        SourceId::Miv => "findByPersonnummerResponse",
        // Not v10 providers: the SOAP door never asks them.
        SourceId::Agi | SourceId::Kfm => "",
    }
}

/// Reads a raw payload of `source`.
pub(crate) fn prepare(source: SourceId, raw: &RawPayload) -> Result<Prepared<'_>, Unusable> {
    let body = raw.body.trim_start_matches('\u{FEFF}');
    if source == SourceId::Fk {
        if serde_json::from_str::<serde_json::Value>(body).is_err() {
            return Err(Unusable("the LEFI answer is not JSON".to_owned()));
        }
        return Ok(Prepared::Text {
            element: "ssbt:lefiJsonSvar",
            text: base64::engine::general_purpose::STANDARD.encode(body.as_bytes()),
        });
    }
    let doc = parse(body)?;
    let payload = payload_element(&doc, source)?;
    match source {
        SourceId::Csn => Ok(Prepared::Text {
            element: "ssbt:svar",
            text: child_text(payload, "svar")?
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .collect(),
        }),
        SourceId::Skv => Ok(Prepared::Text {
            element: "svar",
            text: child_text(payload, "svar")?.trim().to_owned(),
        }),
        _ => Ok(Prepared::Children { doc }),
    }
}

impl Prepared<'_> {
    /// Writes the content of `ssbt:data` (the `ssbt:data` element itself is the caller's).
    pub(crate) fn write(
        &self,
        source: SourceId,
        w: &mut XmlWriter,
        scope: &mut Scope,
    ) -> io::Result<()> {
        match self {
            Prepared::Text { element, text } => w.leaf(element, text),
            Prepared::Children { doc } => match payload_element(doc, source) {
                Ok(payload) => copy_children(w, payload, scope),
                // `prepare` found it; the document has not changed since.
                Err(_) => Ok(()),
            },
        }
    }
}

fn parse(text: &str) -> Result<Document<'_>, Unusable> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    Document::parse_with_options(text, options)
        .map_err(|_| Unusable("the provider's message is not well-formed XML".to_owned()))
}

/// The payload element: the root of a plain XML message, or the element in a SOAP Body.
fn payload_element<'a, 'i>(
    doc: &'a Document<'i>,
    source: SourceId,
) -> Result<Node<'a, 'i>, Unusable> {
    let root = doc.root_element();
    let payload = if root.has_tag_name((SOAP_ENV_NS, "Envelope")) {
        root.children()
            .find(|c| c.has_tag_name((SOAP_ENV_NS, "Body")))
            .and_then(|body| body.children().find(Node::is_element))
    } else {
        Some(root)
    };
    let expected = payload_element_name(source);
    payload
        .filter(|p| p.tag_name().name() == expected)
        .ok_or_else(|| Unusable(format!("the provider's message has no {expected}")))
}

/// The text of a child element, by local name.
fn child_text(parent: Node<'_, '_>, name: &str) -> Result<String, Unusable> {
    let child = parent
        .children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
        .ok_or_else(|| Unusable(format!("the provider's message has no {name}")))?;
    Ok(child
        .children()
        .filter(Node::is_text)
        .filter_map(|t| t.text())
        .collect())
}

#[cfg(test)]
mod tests;
