//! A format-neutral tree of a provider's message (XML or JSON) that field rules are checked on.

/// One element of a provider's message: an XML element or a JSON value under a key.
///
/// Names are local names (no namespace prefix), so rules written against one schema version
/// work on a message that uses another namespace.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Node {
    /// The element's local name (for JSON: the key, or the name given to the root).
    pub name: String,
    /// The element's namespace URI, when the message had one (always `None` for JSON).
    pub namespace: Option<String>,
    /// The trimmed text of a leaf element or a JSON scalar; `None` for elements with children
    /// and for JSON `null`.
    pub text: Option<String>,
    /// Attributes as (local name, value) pairs, in document order.
    pub attributes: Vec<(String, String)>,
    /// Child elements in document order; JSON arrays become repeated children with the key's name.
    pub children: Vec<Node>,
}

impl Node {
    /// Converts an XML element (and everything below it) into a [`Node`].
    ///
    /// Text is the trimmed concatenation of the element's text when it has no element
    /// children; an element with element children has no text. Non-element nodes are ignored.
    pub fn from_xml(node: roxmltree::Node<'_, '_>) -> Node {
        let children: Vec<Node> = node
            .children()
            .filter(|c| c.is_element())
            .map(Node::from_xml)
            .collect();
        let text = if children.is_empty() {
            let joined: String = node
                .children()
                .filter(|c| c.is_text())
                .filter_map(|c| c.text())
                .collect();
            Some(joined.trim().to_owned())
        } else {
            None
        };
        Node {
            name: node.tag_name().name().to_owned(),
            namespace: node.tag_name().namespace().map(str::to_owned),
            text,
            attributes: node
                .attributes()
                .map(|a| (a.name().to_owned(), a.value().to_owned()))
                .collect(),
            children,
        }
    }

    /// Converts a JSON value into a [`Node`] named `name`.
    ///
    /// Objects give one child per key; arrays give repeated children named by the key;
    /// scalars give text (numbers as their literal, booleans `true`/`false`); `null` gives no text.
    pub fn from_json(name: &str, value: &serde_json::Value) -> Node {
        use serde_json::Value;
        let mut node = Node {
            name: name.to_owned(),
            ..Node::default()
        };
        match value {
            Value::Null => {}
            Value::Bool(b) => node.text = Some(b.to_string()),
            Value::Number(n) => node.text = Some(n.to_string()),
            Value::String(s) => node.text = Some(s.clone()),
            Value::Array(items) => {
                node.children = items
                    .iter()
                    .map(|item| Node::from_json(name, item))
                    .collect();
            }
            Value::Object(map) => {
                for (key, child) in map {
                    match child {
                        Value::Array(items) => {
                            node.children
                                .extend(items.iter().map(|item| Node::from_json(key, item)));
                        }
                        other => node.children.push(Node::from_json(key, other)),
                    }
                }
            }
        }
        node
    }

    /// The first child with this local name.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child with this local name, in order.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The first node at a `/`-separated path relative to this node.
    ///
    /// A segment may carry a 1-based index (`Beslut[2]`), as violation paths do. An empty path
    /// is this node itself.
    pub fn at(&self, path: &str) -> Option<&Node> {
        let mut current = self;
        for segment in segments(path) {
            let (name, index) = split_index(segment);
            current = current
                .children
                .iter()
                .filter(|c| c.name == name)
                .nth(index.unwrap_or(1).checked_sub(1)?)?;
        }
        Some(current)
    }

    /// Every node at a `/`-separated path, fanning out over repeated elements.
    pub fn all_at<'a>(&'a self, path: &'a str) -> Vec<&'a Node> {
        let mut current: Vec<&Node> = vec![self];
        for segment in segments(path) {
            let (name, index) = split_index(segment);
            current = current
                .into_iter()
                .flat_map(|node| {
                    let named = node.children_named(name);
                    match index {
                        Some(i) => named
                            .skip(i.saturating_sub(1))
                            .take(usize::from(i > 0))
                            .collect::<Vec<_>>(),
                        None => named.collect(),
                    }
                })
                .collect();
            if current.is_empty() {
                break;
            }
        }
        current
    }

    /// The text of the first node at a path; an `@name` last segment reads an attribute.
    pub fn text_at(&self, path: &str) -> Option<&str> {
        let (parent, last) = path.rsplit_once('/').unwrap_or(("", path));
        match last.strip_prefix('@') {
            Some(attribute) => self.at(parent)?.attr(attribute),
            None => self.at(path)?.text.as_deref(),
        }
    }

    /// The value of the attribute with this local name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// Splits `Beslut[2]` into (`Beslut`, Some(2)); a malformed index is treated as part of the name.
fn split_index(segment: &str) -> (&str, Option<usize>) {
    if let Some(stripped) = segment.strip_suffix(']')
        && let Some((name, index)) = stripped.rsplit_once('[')
        && let Ok(i) = index.parse::<usize>()
    {
        return (name, Some(i));
    }
    (segment, None)
}

#[cfg(test)]
mod tests {
    use super::Node;

    fn xml(text: &str) -> Node {
        let doc = roxmltree::Document::parse(text).unwrap();
        Node::from_xml(doc.root_element())
    }

    #[test]
    fn xml_uses_local_names_and_trims_leaf_text() {
        let node = xml(
            r#"<a:R xmlns:a="urn:x" xmlns:b="urn:y" b:k="v"><b:C>  hi <!-- c --> there </b:C><D/><E><F>1</F></E></a:R>"#,
        );
        assert_eq!(node.name, "R");
        assert_eq!(node.namespace.as_deref(), Some("urn:x"));
        assert_eq!(node.attr("k"), Some("v"));
        assert_eq!(node.text, None);
        assert_eq!(node.child("C").unwrap().text.as_deref(), Some("hi  there"));
        assert_eq!(node.child("D").unwrap().text.as_deref(), Some(""));
        assert_eq!(node.child("E").unwrap().text, None);
        assert_eq!(node.text_at("E/F"), Some("1"));
    }

    #[test]
    fn json_arrays_become_repeated_children() {
        let value = serde_json::json!({
            "a": [{"x": 1}, {"x": 2.5}],
            "b": true,
            "c": null,
            "d": "text",
            "e": ["s1", "s2"]
        });
        let node = Node::from_json("root", &value);
        assert_eq!(node.children_named("a").count(), 2);
        assert_eq!(node.text_at("a[2]/x"), Some("2.5"));
        assert_eq!(node.text_at("a/x"), Some("1"));
        assert_eq!(node.text_at("b"), Some("true"));
        assert_eq!(node.child("c").unwrap().text, None);
        assert_eq!(node.text_at("d"), Some("text"));
        let e: Vec<_> = node
            .all_at("e")
            .iter()
            .filter_map(|n| n.text.as_deref())
            .collect();
        assert_eq!(e, ["s1", "s2"]);
    }

    #[test]
    fn paths_fan_out_and_index() {
        let node =
            xml("<R><L><I><V>1</V></I><I><V>2</V><V>3</V></I></L><L><I><V>4</V></I></L></R>");
        let all: Vec<_> = node
            .all_at("L/I/V")
            .iter()
            .filter_map(|n| n.text.as_deref())
            .collect();
        assert_eq!(all, ["1", "2", "3", "4"]);
        assert_eq!(node.text_at("L/I[2]/V[2]"), Some("3"));
        assert_eq!(node.all_at("L[2]/I/V").len(), 1);
        assert!(node.at("L/I[3]").is_none());
        assert!(node.at("L/I[0]").is_none());
        assert!(node.all_at("L[0]/I").is_empty());
        assert!(node.at("Nope").is_none());
        assert_eq!(node.at("").map(|n| n.name.as_str()), Some("R"));
    }

    #[test]
    fn attributes_are_read_with_at_sign() {
        let node = xml(r#"<R s="1"><P n="x"/></R>"#);
        assert_eq!(node.text_at("@s"), Some("1"));
        assert_eq!(node.text_at("P/@n"), Some("x"));
        assert_eq!(node.text_at("P/@missing"), None);
        assert_eq!(node.text_at("Q/@n"), None);
    }
}
