//! Turning received bytes into a parsed message, defensively: DTDs refused, node count and
//! nesting depth bounded, and every failure reported as a `PARSE` violation, never a panic.

use base64::Engine as _;
use roxmltree::{Document, NodeId, ParsingOptions};
use underlag_domain::{Outcome, Severity, Violation};

use crate::charset;

/// The rule id of a violation that says the answer could not be read at all.
pub const RULE_PARSE: &str = "PARSE";

/// The most elements a provider answer may hold.
const MAX_NODES: u32 = 500_000;

/// The deepest element nesting accepted. The contracts nest at most about 12 levels; a
/// bound keeps recursive tree walks far from the stack limit.
const MAX_DEPTH: usize = 128;

/// A `PARSE` violation on the whole message.
pub(crate) fn parse_violation(message: impl Into<String>) -> Violation {
    Violation {
        rule: RULE_PARSE.to_owned(),
        path: String::new(),
        severity: Severity::Error,
        message: message.into(),
    }
}

/// The outcome for an answer that could not be read.
pub(crate) fn unreadable(message: impl Into<String>) -> Outcome {
    Outcome::InvalidResponse {
        violations: vec![parse_violation(message)],
    }
}

/// Decodes a body to text per its charset (see [`charset::decode`]).
pub(crate) fn decode_text(
    body: &[u8],
    content_type: Option<&str>,
    what: &str,
) -> Result<String, Violation> {
    charset::decode(body, content_type).map_err(|e| parse_violation(format!("{what}: {e}")))
}

/// Parses an XML document. DTDs (and so entity declarations) are refused.
pub(crate) fn parse_xml<'t>(text: &'t str, what: &str) -> Result<Document<'t>, Violation> {
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(text, options)
        .map_err(|e| parse_violation(format!("{what} is not well-formed XML: {e}")))?;
    // The open elements from the root down, kept in document order without recursion.
    let mut open: Vec<NodeId> = Vec::new();
    for node in doc.root().descendants().filter(roxmltree::Node::is_element) {
        let parent = node.parent().map(|p| p.id());
        while open.last().is_some_and(|top| Some(*top) != parent) {
            open.pop();
        }
        open.push(node.id());
        if open.len() > MAX_DEPTH {
            return Err(parse_violation(format!(
                "{what} nests elements deeper than {MAX_DEPTH} levels"
            )));
        }
    }
    Ok(doc)
}

/// Parses a JSON object.
pub(crate) fn parse_json_object(text: &str, what: &str) -> Result<serde_json::Value, Violation> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| parse_violation(format!("{what} is not valid JSON: {e}")))?;
    if value.is_object() {
        Ok(value)
    } else {
        Err(parse_violation(format!("{what} is not a JSON object")))
    }
}

/// Decodes base64 (as `xs:base64Binary`: whitespace allowed anywhere).
pub(crate) fn decode_base64(text: &str, what: &str) -> Result<Vec<u8>, Violation> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|e| parse_violation(format!("{what} is not valid base64: {e}")))
}

/// Checks that an element has the expected local name.
pub(crate) fn expect_name(
    node: roxmltree::Node<'_, '_>,
    expected: &str,
    what: &str,
) -> Result<(), Violation> {
    let name = node.tag_name().name();
    if name == expected {
        Ok(())
    } else {
        Err(parse_violation(format!(
            "{what}: expected element '{expected}' but found '{}'",
            name.chars().take(60).collect::<String>()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtds_and_entities_are_refused() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xx">]><a>&x;</a>"#;
        assert_eq!(parse_xml(bomb, "answer").unwrap_err().rule, RULE_PARSE);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!(
            "{}{}",
            "<a>".repeat(MAX_DEPTH + 1),
            "</a>".repeat(MAX_DEPTH + 1)
        );
        assert!(
            parse_xml(&deep, "answer")
                .unwrap_err()
                .message
                .contains("deeper")
        );
        let ok = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(parse_xml(&ok, "answer").is_ok());
    }

    #[test]
    fn json_must_be_an_object() {
        assert!(parse_json_object("[1]", "answer").is_err());
        assert!(parse_json_object("{\"a\":1e400}", "answer").is_err());
        assert!(parse_json_object("{\"a\":1}", "answer").is_ok());
    }

    #[test]
    fn base64_allows_line_breaks() {
        assert_eq!(decode_base64("aGVs\n bG8=", "svar").unwrap(), b"hello");
        assert!(decode_base64("not base64!", "svar").is_err());
    }
}
