//! Copying parts of a parsed provider message into the answer, namespace-correctly.
//!
//! Every copied element keeps its namespace URI and local name; prefixes are chosen so the
//! copy means the same wherever it lands: the prefix the provider used when it is free or
//! already bound to the same URI, another in-scope prefix bound to that URI, or a fresh
//! declaration. Unqualified elements stay unqualified (a default namespace in scope is undone
//! with `xmlns=""`). The namespaces in scope at each copied subtree's root are declared there
//! too, so QName-valued content (`xsi:type="so:…"`) keeps its meaning. The walk is iterative,
//! so a deeply nested provider message cannot exhaust the stack.

use std::io;

use roxmltree::Node;

use crate::xml_write::XmlWriter;

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// The namespace declarations in force in the output, innermost last.
///
/// Declarations are kept in one list with a start index per open element, so a lookup costs
/// the number of declarations in force, not the nesting depth.
pub(crate) struct Scope {
    /// Every declaration in force as (prefix, URI); `None` is the default namespace and the
    /// URI `""` undeclares it.
    declarations: Vec<(Option<String>, String)>,
    /// Where each open element's declarations start in `declarations`.
    marks: Vec<usize>,
}

impl Scope {
    /// A scope with the declarations already written by the enclosing answer.
    pub(crate) fn new(declared: &[(Option<&str>, &str)]) -> Self {
        Self {
            declarations: declared
                .iter()
                .map(|(p, u)| (p.map(str::to_owned), (*u).to_owned()))
                .collect(),
            marks: vec![0],
        }
    }

    /// The URI a prefix is bound to (`None` when unbound; the default namespace undeclared
    /// with `xmlns=""` is unbound too).
    fn lookup(&self, prefix: Option<&str>) -> Option<&str> {
        self.declarations
            .iter()
            .rev()
            .find(|(p, _)| p.as_deref() == prefix)
            .map(|(_, u)| u.as_str())
            .filter(|u| !u.is_empty())
    }

    /// An in-scope prefix bound to `uri` (the default namespace only if `allow_default`).
    fn find_prefix(&self, uri: &str, allow_default: bool) -> Option<Option<String>> {
        self.declarations
            .iter()
            .rev()
            .filter(|(p, u)| u == uri && (allow_default || p.is_some()))
            .map(|(p, _)| p.clone())
            .find(|p| self.lookup(p.as_deref()) == Some(uri))
    }

    fn declared_here(&self, prefix: Option<&str>) -> bool {
        self.innermost().iter().any(|(p, _)| p.as_deref() == prefix)
    }

    fn declare(&mut self, prefix: Option<&str>, uri: &str) {
        self.declarations
            .push((prefix.map(str::to_owned), uri.to_owned()));
    }

    /// A prefix bound nowhere in scope.
    fn fresh_prefix(&self) -> String {
        (0u32..)
            .map(|i| format!("ns{i}"))
            .find(|p| self.lookup(Some(p)).is_none() && !self.declared_here(Some(p)))
            .unwrap_or_else(|| "nsx".to_owned())
    }

    /// The qualified name to write for an element in `uri`, declaring what is needed.
    fn element_name(&mut self, uri: Option<&str>, local: &str, preferred: Option<&str>) -> String {
        let Some(uri) = uri.filter(|u| !u.is_empty()) else {
            if self.lookup(None).is_some() {
                self.declare(None, "");
            }
            return local.to_owned();
        };
        let prefix = if self.lookup(preferred) == Some(uri) {
            preferred.map(str::to_owned)
        } else if let Some(found) = self.find_prefix(uri, true) {
            found
        } else if !self.declared_here(preferred) {
            self.declare(preferred, uri);
            preferred.map(str::to_owned)
        } else {
            let fresh = self.fresh_prefix();
            self.declare(Some(&fresh), uri);
            Some(fresh)
        };
        qualified(prefix.as_deref(), local)
    }

    /// The qualified name to write for an attribute in `uri` (never the default namespace).
    fn attribute_name(&mut self, uri: &str, local: &str, preferred: Option<&str>) -> String {
        if uri == XML_NS {
            return format!("xml:{local}");
        }
        let prefix = match preferred {
            Some(p) if self.lookup(Some(p)) == Some(uri) => p.to_owned(),
            _ => match self.find_prefix(uri, false).flatten() {
                Some(found) => found,
                None => {
                    let p = match preferred {
                        Some(p) if !self.declared_here(Some(p)) => p.to_owned(),
                        _ => self.fresh_prefix(),
                    };
                    self.declare(Some(&p), uri);
                    p
                }
            },
        };
        format!("{prefix}:{local}")
    }

    fn push(&mut self) {
        self.marks.push(self.declarations.len());
    }

    fn pop(&mut self) {
        if let Some(mark) = self.marks.pop() {
            self.declarations.truncate(mark);
        }
    }

    /// The declarations of the innermost open element.
    fn innermost(&self) -> &[(Option<String>, String)] {
        let start = self.marks.last().copied().unwrap_or(0);
        self.declarations.get(start..).unwrap_or_default()
    }
}

fn qualified(prefix: Option<&str>, local: &str) -> String {
    match prefix {
        Some(p) => format!("{p}:{local}"),
        None => local.to_owned(),
    }
}

/// Writes a copy of every element child of `parent` (text between them is dropped).
pub(crate) fn copy_children(
    w: &mut XmlWriter,
    parent: Node<'_, '_>,
    scope: &mut Scope,
) -> io::Result<()> {
    for child in parent.children().filter(Node::is_element) {
        copy_element(w, child, scope)?;
    }
    Ok(())
}

/// Writes a copy of `root` and everything below it. Comments and processing instructions
/// are dropped. The walk uses parent and sibling links, not recursion.
pub(crate) fn copy_element(
    w: &mut XmlWriter,
    root: Node<'_, '_>,
    scope: &mut Scope,
) -> io::Result<()> {
    let mut open: Vec<String> = Vec::new();
    let mut node = root;
    loop {
        // Enter `node`.
        if node.is_element() {
            scope.push();
            if node == root {
                for ns in node.namespaces() {
                    if ns.name() != Some("xml") && scope.lookup(ns.name()) != Some(ns.uri()) {
                        scope.declare(ns.name(), ns.uri());
                    }
                }
            }
            let (name, attributes) = start_tag(node, scope);
            let mut all: Vec<(String, String)> = scope
                .innermost()
                .iter()
                .map(|(p, u)| {
                    let key = p
                        .as_deref()
                        .map_or_else(|| "xmlns".to_owned(), |p| format!("xmlns:{p}"));
                    (key, u.clone())
                })
                .collect();
            all.extend(attributes);
            let refs: Vec<(&str, &str)> =
                all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            w.start(&name, &refs)?;
            open.push(name);
            if let Some(first) = node.first_child() {
                node = first;
                continue;
            }
        } else if node.is_text() {
            w.text(node.text().unwrap_or_default())?;
        }
        // Leave `node` and every ancestor whose children are all written.
        loop {
            if node.is_element() {
                if let Some(name) = open.pop() {
                    w.end(&name)?;
                }
                scope.pop();
            }
            if node == root {
                return Ok(());
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                break;
            }
            match node.parent() {
                Some(parent) => node = parent,
                None => return Ok(()),
            }
        }
    }
}

/// The element's qualified name and its attributes, with the declarations they need added
/// to the innermost frame of `scope`.
fn start_tag(node: Node<'_, '_>, scope: &mut Scope) -> (String, Vec<(String, String)>) {
    let uri = node.tag_name().namespace();
    let preferred = uri.and_then(|u| {
        node.namespaces()
            .find(|ns| ns.uri() == u)
            .map(|ns| ns.name())
    });
    let name = scope.element_name(uri, node.tag_name().name(), preferred.flatten());
    let attributes = node
        .attributes()
        .map(|a| {
            let key = match a.namespace() {
                None => a.name().to_owned(),
                Some(u) => {
                    let preferred = node
                        .namespaces()
                        .find(|ns| ns.uri() == u && ns.name().is_some())
                        .and_then(|ns| ns.name());
                    scope.attribute_name(u, a.name(), preferred)
                }
            };
            (key, a.value().to_owned())
        })
        .collect();
    (name, attributes)
}

#[cfg(test)]
mod tests;
