//! Writing the SOAP answers with quick-xml: element and text helpers that always escape, and
//! that replace characters XML 1.0 cannot carry (a provider's JSON error text may hold
//! control characters), so every answer is well-formed.

use std::borrow::Cow;
use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// An XML document being written into memory.
pub(crate) struct XmlWriter {
    inner: Writer<Vec<u8>>,
}

impl XmlWriter {
    /// A new document, starting with the XML declaration (UTF-8).
    pub(crate) fn new() -> io::Result<Self> {
        let mut inner = Writer::new(Vec::with_capacity(4096));
        inner.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        Ok(Self { inner })
    }

    /// Opens an element; attribute values are escaped.
    pub(crate) fn start(&mut self, name: &str, attributes: &[(&str, &str)]) -> io::Result<()> {
        let mut start = BytesStart::new(name);
        for (key, value) in attributes {
            start.push_attribute((*key, valid_chars(value).as_ref()));
        }
        self.inner.write_event(Event::Start(start))
    }

    /// Closes an element.
    pub(crate) fn end(&mut self, name: &str) -> io::Result<()> {
        self.inner.write_event(Event::End(BytesEnd::new(name)))
    }

    /// Writes escaped text.
    pub(crate) fn text(&mut self, text: &str) -> io::Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        let text = valid_chars(text);
        self.inner.write_event(Event::Text(BytesText::new(&text)))
    }

    /// Writes `<name>text</name>`.
    pub(crate) fn leaf(&mut self, name: &str, text: &str) -> io::Result<()> {
        self.start(name, &[])?;
        self.text(text)?;
        self.end(name)
    }

    /// The document's bytes.
    pub(crate) fn finish(self) -> Vec<u8> {
        self.inner.into_inner()
    }
}

/// Whether `c` may appear in an XML 1.0 document (the `Char` production).
fn is_xml_char(c: char) -> bool {
    matches!(c,
        '\u{9}' | '\u{A}' | '\u{D}'
        | '\u{20}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// `text` with every character XML 1.0 cannot carry replaced by U+FFFD.
pub(crate) fn valid_chars(text: &str) -> Cow<'_, str> {
    if text.chars().all(is_xml_char) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(
            text.chars()
                .map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped_and_control_characters_replaced() {
        let mut w = XmlWriter::new().unwrap();
        w.start("a", &[("k", "\"<&>'")]).unwrap();
        w.text("x < y & \u{0}z").unwrap();
        w.end("a").unwrap();
        let out = String::from_utf8(w.finish()).unwrap();
        let doc = roxmltree::Document::parse(&out).unwrap();
        let a = doc.root_element();
        assert_eq!(a.attribute("k"), Some("\"<&>'"));
        assert_eq!(a.text(), Some("x < y & \u{FFFD}z"));
    }
}
