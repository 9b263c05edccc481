//! Writing XML answers (quick-xml `Writer`, escaping done by the writer) and reading XML
//! requests (roxmltree with its default options, which refuse DTDs).

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use roxmltree::{Document, Node};

/// An XML document being written.
pub(crate) struct Xml {
    writer: Writer<Vec<u8>>,
}

impl Xml {
    /// A document that starts with `<?xml version="1.0" encoding="…"?>`.
    pub(crate) fn with_declaration(encoding: &str) -> Self {
        let mut x = Self::fragment();
        x.emit(Event::Decl(BytesDecl::new("1.0", Some(encoding), None)));
        x
    }

    /// A document or fragment without declaration.
    pub(crate) fn fragment() -> Self {
        Self {
            writer: Writer::new_with_indent(Vec::new(), b' ', 2),
        }
    }

    fn emit(&mut self, event: Event<'_>) {
        // Writing into a Vec<u8> cannot fail.
        let _ = self.writer.write_event(event);
    }

    /// `<name attr="…">`.
    pub(crate) fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let mut start = BytesStart::new(name);
        for (k, v) in attrs {
            start.push_attribute((*k, *v));
        }
        self.emit(Event::Start(start));
    }

    /// `</name>`.
    pub(crate) fn close(&mut self, name: &str) {
        self.emit(Event::End(BytesEnd::new(name)));
    }

    /// `<name attr="…"/>`.
    pub(crate) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let mut start = BytesStart::new(name);
        for (k, v) in attrs {
            start.push_attribute((*k, *v));
        }
        self.emit(Event::Empty(start));
    }

    /// `<name>text</name>`, the text escaped.
    pub(crate) fn leaf(&mut self, name: &str, text: &str) {
        self.emit(Event::Start(BytesStart::new(name)));
        self.emit(Event::Text(BytesText::new(text)));
        self.emit(Event::End(BytesEnd::new(name)));
    }

    /// `<name attr="…">text</name>`, the text escaped.
    pub(crate) fn leaf_with(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(name, attrs);
        self.emit(Event::Text(BytesText::new(text)));
        self.close(name);
    }

    /// A leaf only when there is a value.
    pub(crate) fn opt_leaf(&mut self, name: &str, text: Option<&str>) {
        if let Some(t) = text {
            self.leaf(name, t);
        }
    }

    /// The bytes written.
    pub(crate) fn finish(self) -> Vec<u8> {
        self.writer.into_inner()
    }

    /// The text written (always UTF-8: only `&str` goes in).
    pub(crate) fn finish_string(self) -> String {
        String::from_utf8_lossy(&self.finish()).into_owned()
    }
}

/// The first child element with this local name, in any namespace.
pub(crate) fn child<'a, 'i>(node: Node<'a, 'i>, local: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == local)
}

/// The trimmed text of the first child element with this local name.
pub(crate) fn child_text(node: Node<'_, '_>, local: &str) -> Option<String> {
    child(node, local).map(|c| c.text().unwrap_or_default().trim().to_owned())
}

/// All child elements with this local name.
pub(crate) fn children<'a, 'i>(
    node: Node<'a, 'i>,
    local: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == local)
}

/// Decodes a request body: UTF-16 when it starts with a byte-order mark, else UTF-8.
pub(crate) fn decode(body: &[u8]) -> Option<String> {
    match body {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8(rest.to_vec()).ok(),
        _ => String::from_utf8(body.to_vec()).ok(),
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]])).collect();
    String::from_utf16(&units).ok()
}

/// Parses a request document (DTDs refused).
pub(crate) fn parse(text: &str) -> Option<Document<'_>> {
    Document::parse(text).ok()
}
