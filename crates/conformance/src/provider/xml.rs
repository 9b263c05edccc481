//! Finding a provider's message in an answer (inside a SOAP envelope, a string-escaped XML
//! document, or a base64 one), writing it out as a document of its own, and validating it
//! with `xmllint` against the provider's XSD.

use std::path::Path;
use std::process::Command;

use base64::Engine as _;

/// The message element found in an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The element's namespace, if any.
    pub namespace: Option<String>,
    /// The element written out as a document of its own (namespaces declared on it).
    pub document: String,
}

/// Parses `text` as XML (its XML declaration removed: the text is already decoded).
fn parse(text: &str) -> Option<roxmltree::Document<'_>> {
    let body = strip_declaration(text);
    roxmltree::Document::parse_with_options(
        body,
        roxmltree::ParsingOptions {
            allow_dtd: false,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .ok()
}

fn strip_declaration(text: &str) -> &str {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with("<?xml")
        && let Some(end) = text.find("?>")
    {
        return &text[end + 2..];
    }
    text
}

/// Finds the element named `local_name`, also inside string-escaped or base64 documents
/// carried as text (at most three levels deep).
pub fn find_message(text: &str, local_name: &str) -> Option<Message> {
    find_in(text, local_name, 0)
}

fn find_in(text: &str, local_name: &str, depth: u8) -> Option<Message> {
    if depth > 3 {
        return None;
    }
    let doc = parse(text)?;
    if let Some(node) = doc
        .descendants()
        .find(|n| n.is_element() && n.tag_name().name() == local_name)
    {
        let mut document = String::new();
        write_element(node, None, true, &mut document);
        return Some(Message {
            namespace: node.tag_name().namespace().map(str::to_owned),
            document,
        });
    }
    for node in doc.descendants().filter(|n| n.is_text()) {
        let Some(t) = node.text().map(str::trim) else {
            continue;
        };
        if t.starts_with('<') {
            if let Some(found) = find_in(t, local_name, depth + 1) {
                return Some(found);
            }
        } else if t.len() >= 16
            && let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(t)
            && let Ok(inner) = String::from_utf8(bytes)
            && let Some(found) = find_in(&inner, local_name, depth + 1)
        {
            return Some(found);
        }
    }
    None
}

fn write_element(
    node: roxmltree::Node<'_, '_>,
    parent_ns: Option<&str>,
    root: bool,
    out: &mut String,
) {
    let name = node.tag_name().name();
    let ns = node.tag_name().namespace();
    out.push('<');
    out.push_str(name);
    if root || ns != parent_ns {
        out.push_str(&format!(" xmlns=\"{}\"", escape(ns.unwrap_or_default())));
    }
    if root {
        // Prefixed namespaces in scope, for attributes and QName values that use them.
        for declared in node.namespaces() {
            if let Some(prefix) = declared.name() {
                out.push_str(&format!(" xmlns:{prefix}=\"{}\"", escape(declared.uri())));
            }
        }
    }
    for attr in node.attributes() {
        match attr.namespace() {
            Some(uri) => {
                let prefix = node.lookup_prefix(uri).unwrap_or("ns");
                if node.lookup_prefix(uri).is_none() {
                    out.push_str(&format!(" xmlns:ns=\"{}\"", escape(uri)));
                }
                out.push_str(&format!(
                    " {prefix}:{}=\"{}\"",
                    attr.name(),
                    escape(attr.value())
                ));
            }
            None => out.push_str(&format!(" {}=\"{}\"", attr.name(), escape(attr.value()))),
        }
    }
    let mut children = node.children().peekable();
    if children.peek().is_none() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for child in children {
        if child.is_element() {
            write_element(child, ns, false, out);
        } else if child.is_text() {
            out.push_str(&escape(child.text().unwrap_or_default()));
        }
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Why a document could not be checked against its schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    /// The check could not run (no xmllint, no schema file, no temporary folder).
    #[error("could not run: {0}")]
    CouldNotRun(String),
    /// The document is not valid: xmllint's messages (at most ten).
    #[error("{}", .0.join("; "))]
    Invalid(Vec<String>),
}

/// Validates `document` against `xsd` with `xmllint --noout --schema`.
pub fn validate(document: &str, xsd: &Path) -> Result<(), SchemaError> {
    if !xsd.is_file() {
        return Err(SchemaError::CouldNotRun(format!(
            "the schema file {} does not exist",
            xsd.display()
        )));
    }
    let dir = tempfile::tempdir().map_err(|e| SchemaError::CouldNotRun(e.to_string()))?;
    let file = dir.path().join("answer.xml");
    std::fs::write(&file, document).map_err(|e| SchemaError::CouldNotRun(e.to_string()))?;
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--nonet")
        .arg("--schema")
        .arg(xsd)
        .arg(&file)
        .output()
        .map_err(|e| {
            SchemaError::CouldNotRun(format!(
                "xmllint cannot be started ({e}); install libxml2-utils"
            ))
        })?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let file_text = file.display().to_string();
    let lines: Vec<String> = stderr
        .lines()
        .filter(|l| !l.ends_with("fails to validate"))
        .map(|l| l.replace(&file_text, "answer"))
        .take(10)
        .collect();
    if lines
        .iter()
        .any(|l| l.contains("failed to load") || l.contains("WXS schema"))
    {
        return Err(SchemaError::CouldNotRun(lines.join("; ")));
    }
    Err(SchemaError::Invalid(lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_message_in_an_envelope_escaped_and_base64() {
        let inner = r#"<a:Svar xmlns:a="urn:x"><a:b x="1">t</a:b></a:Svar>"#;
        let soap = format!(
            r#"<?xml version="1.0" encoding="UTF-16"?><S:Envelope xmlns:S="urn:s"><S:Body><r>{}</r></S:Body></S:Envelope>"#,
            escape(inner)
        );
        let found = find_message(&soap, "Svar").unwrap();
        assert_eq!(found.namespace.as_deref(), Some("urn:x"));
        assert_eq!(
            found.document,
            r#"<Svar xmlns="urn:x" xmlns:a="urn:x"><b x="1">t</b></Svar>"#
        );
        let b64 = base64::engine::general_purpose::STANDARD.encode(inner);
        let carried = format!("<r><svar>{b64}</svar></r>");
        assert_eq!(
            find_message(&carried, "Svar").unwrap().namespace.as_deref(),
            Some("urn:x")
        );
        assert!(find_message("<r/>", "Svar").is_none());
        assert!(find_message("not xml", "Svar").is_none());
    }
}
