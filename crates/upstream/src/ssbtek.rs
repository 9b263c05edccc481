//! Reading one source's part of an SSBTEK v10 composite answer (`svarsdata/<KÄLLA>`), with
//! the same interpretation functions the adapters use. The contract fixtures are read so, and
//! so could answers from another SSBTEK implementation.

use underlag_domain::{Outcome, SourceId};
use underlag_spec::{Node, Spec};

use crate::agencies::{af, child_text, csn, fk, miv, skv, so, tns};
use crate::message::parse_violation;

/// Interprets a source element of `svarsdata` (e.g. `ssbt:AF`): its `data` child as that
/// source's answer, or its `error{kalla, felkod, felmeddelande+}` child — `kalla=SSBT` (the
/// composite service failed towards the source) as unavailable, otherwise as a source error.
pub fn interpret_source_element(
    spec: &Spec,
    source: SourceId,
    element: roxmltree::Node<'_, '_>,
) -> Outcome {
    let child = |name: &str| {
        element
            .children()
            .find(|c| c.is_element() && c.tag_name().name() == name)
    };
    if let Some(data) = child("data") {
        return interpret_data(spec, source, data);
    }
    let Some(error) = child("error") else {
        return Outcome::InvalidResponse {
            violations: vec![parse_violation(
                "the source element has neither data nor error",
            )],
        };
    };
    let error = Node::from_xml(error);
    let messages: Vec<&str> = error
        .children_named("felmeddelande")
        .filter_map(|m| m.text.as_deref())
        .collect();
    let message = messages.join("; ");
    match error.text_at("kalla") {
        Some("SSBT") => Outcome::Unavailable { reason: message },
        _ => Outcome::SourceError {
            code: error.text_at("felkod").unwrap_or_default().to_owned(),
            message,
        },
    }
}

/// Interprets the `data` element of one source in an SSBTEK answer: AF, SO, TNS and MIV
/// carry the provider's message root itself; FK carries `lefiJsonSvar` (base64 JSON), CSN
/// `svar` (base64 XML) and SKV `svar` (an XML document as text).
pub fn interpret_data(spec: &Spec, source: SourceId, data: roxmltree::Node<'_, '_>) -> Outcome {
    let text = |name: &str| child_text(data, name);
    match source {
        SourceId::Af => af::interpret(spec, &Node::from_xml(data)),
        SourceId::So => so::interpret(spec, &Node::from_xml(data)),
        SourceId::Tns => tns::interpret(spec, &Node::from_xml(data)),
        SourceId::Miv => miv::interpret(spec, &Node::from_xml(data)),
        SourceId::Fk => text("lefiJsonSvar").map_or_else(|e| e, |t| fk::interpret_base64(spec, &t)),
        SourceId::Csn => text("svar").map_or_else(|e| e, |t| csn::interpret_svar(spec, &t)),
        SourceId::Skv => text("svar").map_or_else(|e| e, |t| skv::interpret_svar(spec, &t)),
        SourceId::Agi | SourceId::Kfm => Outcome::InvalidResponse {
            violations: vec![parse_violation(format!(
                "{source} is not a provider of the SSBTEK v10 contract"
            ))],
        },
    }
}
