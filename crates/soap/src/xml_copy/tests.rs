//! Namespace-correct copying: the copy has the same expanded names, attributes and text as
//! the original, whatever prefixes either side uses.

use super::*;

const OUTER: &str = "urn:outer";

/// Copies the children of the source's root element into `<o:wrap xmlns:o="urn:outer"
/// {extra}>` and returns the written document.
fn copy_into(source: &str, extra: &[(&str, &str)]) -> String {
    let doc = roxmltree::Document::parse(source).unwrap();
    let mut w = XmlWriter::new().unwrap();
    let mut attrs = vec![("xmlns:o", OUTER)];
    attrs.extend_from_slice(extra);
    w.start("o:wrap", &attrs).unwrap();
    let mut declared: Vec<(Option<&str>, &str)> = vec![(Some("o"), OUTER)];
    for (k, v) in extra {
        if *k == "xmlns" {
            declared.push((None, v));
        } else if let Some(p) = k.strip_prefix("xmlns:") {
            declared.push((Some(p), v));
        }
    }
    let mut scope = Scope::new(&declared);
    copy_children(&mut w, doc.root_element(), &mut scope).unwrap();
    w.end("o:wrap").unwrap();
    String::from_utf8(w.finish()).unwrap()
}

/// A comparable rendering of a subtree: expanded names, sorted attributes, trimmed text.
fn shape(node: roxmltree::Node<'_, '_>) -> String {
    if node.is_text() {
        return node.text().unwrap_or_default().trim().to_owned();
    }
    if !node.is_element() {
        return String::new();
    }
    let mut attrs: Vec<String> = node
        .attributes()
        .map(|a| {
            format!(
                "{{{}}}{}={}",
                a.namespace().unwrap_or(""),
                a.name(),
                a.value()
            )
        })
        .collect();
    attrs.sort();
    let inner: String = node.children().map(shape).collect();
    format!(
        "<{{{}}}{} {}>{inner}</>",
        node.tag_name().namespace().unwrap_or(""),
        node.tag_name().name(),
        attrs.join(" ")
    )
}

fn assert_same_children(source: &str, copied: &str) {
    let a = roxmltree::Document::parse(source).unwrap();
    let b = roxmltree::Document::parse(copied).unwrap();
    let left: Vec<String> = a
        .root_element()
        .children()
        .filter(Node::is_element)
        .map(shape)
        .collect();
    let right: Vec<String> = b
        .root_element()
        .children()
        .filter(Node::is_element)
        .map(shape)
        .collect();
    assert_eq!(left, right, "{copied}");
}

#[test]
fn default_namespace_children_keep_their_namespace() {
    let source = r#"<SvarMeddelande xmlns="urn:af"><Svar><Kod>0</Kod></Svar></SvarMeddelande>"#;
    let copied = copy_into(source, &[]);
    assert_same_children(source, &copied);
}

#[test]
fn unqualified_children_stay_unqualified_under_a_default_namespace() {
    let source = r#"<m:resp xmlns:m="urn:miv"><response><svar a="1">x</svar></response></m:resp>"#;
    let copied = copy_into(source, &[("xmlns", "urn:elsewhere")]);
    assert!(copied.contains(r#"xmlns="""#), "{copied}");
    assert_same_children(source, &copied);
}

#[test]
fn a_prefix_the_answer_already_uses_for_another_namespace_is_rebound_locally() {
    let source = r#"<o:r xmlns:o="urn:provider"><o:a><o:b>1</o:b></o:a></o:r>"#;
    let copied = copy_into(source, &[]);
    assert_same_children(source, &copied);
    let doc = roxmltree::Document::parse(&copied).unwrap();
    assert_eq!(doc.root_element().tag_name().namespace(), Some(OUTER));
}

#[test]
fn namespaced_attributes_and_qname_values_keep_their_bindings() {
    let source = r#"<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:so="urn:so"><so:a xsi:type="so:T" xsi:nil="true"/><so:b xml:lang="sv">t</so:b></r>"#;
    let copied = copy_into(source, &[]);
    assert_same_children(source, &copied);
    let doc = roxmltree::Document::parse(&copied).unwrap();
    let a = doc.descendants().find(|n| n.has_tag_name("a")).unwrap();
    assert_eq!(a.lookup_namespace_uri(Some("so")), Some("urn:so"));
}

#[test]
fn mixed_prefixes_for_one_namespace_and_nested_redeclarations_are_kept_apart() {
    let source =
        r#"<r xmlns="urn:a" xmlns:p="urn:a"><x><p:y xmlns="urn:b"><z/><p:w/></p:y></x></r>"#;
    let copied = copy_into(source, &[("xmlns", "urn:a")]);
    assert_same_children(source, &copied);
}

#[test]
fn text_is_escaped() {
    let source = "<r><a>&lt;svar&gt; &amp; mer</a></r>";
    let copied = copy_into(source, &[]);
    assert!(copied.contains("&lt;svar&gt; &amp; mer"), "{copied}");
    assert_same_children(source, &copied);
}

#[test]
fn deep_nesting_is_copied_without_recursion() {
    let depth = 50_000;
    let source = format!("<r>{}{}</r>", "<a>".repeat(depth), "</a>".repeat(depth));
    let doc = roxmltree::Document::parse_with_options(
        &source,
        roxmltree::ParsingOptions {
            allow_dtd: false,
            nodes_limit: u32::MAX,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .unwrap();
    let mut w = XmlWriter::new().unwrap();
    let mut scope = Scope::new(&[]);
    copy_children(&mut w, doc.root_element(), &mut scope).unwrap();
    let out = w.finish();
    assert_eq!(
        out.windows(3).filter(|w| w == b"<a>").count(),
        depth,
        "every level is written"
    );
}
