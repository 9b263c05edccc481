//! Writing the XML requests sent to agencies: escaping, and a small element writer that
//! cannot produce markup that is not well-formed.

/// Builds an XML fragment element by element. Names are written as given (callers pass
/// constant, valid names); text and attribute values are escaped, and characters XML 1.0
/// does not allow are dropped.
#[derive(Debug, Default)]
pub(crate) struct XmlWriter {
    out: String,
    open: Vec<String>,
}

impl XmlWriter {
    /// An empty writer.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Opens an element.
    pub(crate) fn open(&mut self, name: &str, attributes: &[(&str, &str)]) -> &mut Self {
        self.start_tag(name, attributes);
        self.out.push('>');
        self.open.push(name.to_owned());
        self
    }

    /// Closes the innermost open element.
    pub(crate) fn close(&mut self) -> &mut Self {
        if let Some(name) = self.open.pop() {
            self.out.push_str("</");
            self.out.push_str(&name);
            self.out.push('>');
        }
        self
    }

    /// Writes `<name>text</name>`.
    pub(crate) fn leaf(&mut self, name: &str, text: &str) -> &mut Self {
        self.start_tag(name, &[]);
        self.out.push('>');
        self.out.push_str(&escape(text));
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
        self
    }

    /// Writes `<name … />`.
    pub(crate) fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) -> &mut Self {
        self.start_tag(name, attributes);
        self.out.push_str("/>");
        self
    }

    /// Closes whatever is still open and returns the markup.
    pub(crate) fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.close();
        }
        self.out
    }

    fn start_tag(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attributes {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            self.out.push_str(&escape(value));
            self.out.push('"');
        }
    }
}

/// Escapes text for element content and double-quoted attribute values, dropping characters
/// that XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if u32::from(c) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_well_formed_markup_from_hostile_text() {
        let mut w = XmlWriter::new();
        w.open("a", &[("x", "1\"<")])
            .leaf("b", "x & y </b>\u{0}\u{1}z")
            .empty("c", &[]);
        let xml = w.finish();
        assert_eq!(
            xml,
            "<a x=\"1&quot;&lt;\"><b>x &amp; y &lt;/b&gt;z</b><c/></a>"
        );
        let doc = roxmltree::Document::parse(&xml).unwrap();
        assert_eq!(
            doc.root_element().first_element_child().unwrap().text(),
            Some("x & y </b>z")
        );
    }
}
