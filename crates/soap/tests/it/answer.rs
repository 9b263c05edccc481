//! Reading SOAP answers, and validating them against the contract's XSD with `xmllint`.

use std::io::Write as _;
use std::process::Command;
use std::sync::Arc;

use underlag_domain::{Outcome, SourceId};
use underlag_soap::{SOAP_ENV_NS, SSBT_NS};
use underlag_spec::Spec;
use underlag_test_support::{Doorway, Reply};

use crate::envelopes::Fraga;

/// The composite schema, which imports the provider schemas by relative path.
pub(crate) fn xsd_path() -> String {
    format!(
        "{}/../../contracts/ssbtek-v10/schemas/se/forsakringskassan/schema/integration/ssbt/_10/sammansatt_bastjanst_v10.xsd",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// One provider element of `svarsdata` (or of the ping answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Part {
    Data,
    Error {
        kalla: String,
        felkod: String,
        messages: Vec<String>,
    },
}

/// A SOAP answer: a fault or an operation's answer.
pub(crate) struct Answer {
    pub(crate) xml: String,
}

impl Answer {
    pub(crate) fn new(xml: String) -> Self {
        Self { xml }
    }

    fn with_doc<T>(&self, f: impl FnOnce(&roxmltree::Document<'_>) -> T) -> T {
        let doc = roxmltree::Document::parse(&self.xml)
            .unwrap_or_else(|e| panic!("the answer is well-formed ({e}): {}", self.xml));
        f(&doc)
    }

    /// The element validated against the XSD: the Body's child, or a fault's `detail` child.
    fn payload<'a, 'i>(doc: &'a roxmltree::Document<'i>) -> roxmltree::Node<'a, 'i> {
        let envelope = doc.root_element();
        assert!(envelope.has_tag_name((SOAP_ENV_NS, "Envelope")));
        let body = envelope
            .children()
            .find(|c| c.has_tag_name((SOAP_ENV_NS, "Body")))
            .expect("a Body");
        let child = body
            .children()
            .find(|c| c.is_element())
            .expect("a Body child");
        if child.has_tag_name((SOAP_ENV_NS, "Fault")) {
            let detail = child
                .children()
                .find(|c| c.has_tag_name("detail"))
                .expect("every fault has a detail");
            return detail
                .children()
                .find(|c| c.is_element())
                .expect("a detail child");
        }
        child
    }

    /// The fault's felkod, if this is a fault.
    pub(crate) fn fault(&self) -> Option<(String, String, Vec<String>)> {
        self.with_doc(|doc| {
            let fault = doc
                .descendants()
                .find(|n| n.has_tag_name((SOAP_ENV_NS, "Fault")))?;
            let code = fault
                .children()
                .find(|c| c.has_tag_name("faultcode"))
                .and_then(|c| c.text())
                .unwrap_or_default()
                .to_owned();
            let detail = Self::payload(doc);
            let felkod = detail
                .children()
                .find(|c| c.has_tag_name((SSBT_NS, "felkod")))
                .and_then(|c| c.text())
                .unwrap_or_default()
                .to_owned();
            let messages = detail
                .children()
                .filter(|c| c.has_tag_name((SSBT_NS, "felmeddelande")))
                .filter_map(|c| c.text().map(str::to_owned))
                .collect();
            Some((code, felkod, messages))
        })
    }

    /// The answer's root element's local name.
    pub(crate) fn payload_name(&self) -> String {
        self.with_doc(|doc| Self::payload(doc).tag_name().name().to_owned())
    }

    /// The provider elements, in document order.
    pub(crate) fn parts(&self) -> Vec<(SourceId, Part)> {
        self.with_doc(|doc| {
            let payload = Self::payload(doc);
            let container = payload
                .children()
                .find(|c| c.has_tag_name((SSBT_NS, "svarsdata")))
                .unwrap_or(payload);
            container
                .children()
                .filter(|c| c.is_element())
                .filter_map(|c| {
                    let source: SourceId = c.tag_name().name().parse().ok()?;
                    Some((source, part_of(c)))
                })
                .collect()
        })
    }

    pub(crate) fn part(&self, source: SourceId) -> Option<Part> {
        self.parts()
            .into_iter()
            .find(|(s, _)| *s == source)
            .map(|(_, p)| p)
    }

    /// The text of a direct child of the answer element (`korrelationsid`, …).
    pub(crate) fn top_text(&self, name: &str) -> Option<String> {
        self.with_doc(|doc| {
            Self::payload(doc)
                .children()
                .find(|c| c.has_tag_name((SSBT_NS, name)))
                .and_then(|c| c.text().map(str::to_owned))
        })
    }

    /// Whether the answer has the echoed question.
    pub(crate) fn has_echo(&self) -> bool {
        self.with_doc(|doc| {
            Self::payload(doc)
                .children()
                .any(|c| c.has_tag_name((SSBT_NS, "fraga")))
        })
    }

    /// A provider's `data`, interpreted with the upstream crate's SSBTEK reader (the same
    /// `interpret` functions the adapters use).
    pub(crate) fn interpret(&self, spec: &Arc<Spec>, source: SourceId) -> Outcome {
        self.with_doc(|doc| {
            let element = doc
                .descendants()
                .find(|n| n.has_tag_name((SSBT_NS, source.code())))
                .unwrap_or_else(|| panic!("{source} is in the answer"));
            underlag_upstream::ssbtek::interpret_source_element(spec, source, element)
        })
    }

    /// Validates the answer (or the fault's detail) against the contract's XSD.
    #[track_caller]
    pub(crate) fn assert_valid(&self) {
        let standalone = self.with_doc(|doc| standalone(&self.xml, Self::payload(doc)));
        validate(&standalone);
    }
}

fn part_of(element: roxmltree::Node<'_, '_>) -> Part {
    match element
        .children()
        .find(|c| c.has_tag_name((SSBT_NS, "error")))
    {
        None => Part::Data,
        Some(error) => {
            let text = |name: &str| {
                error
                    .children()
                    .find(|c| c.has_tag_name((SSBT_NS, name)))
                    .and_then(|c| c.text())
                    .unwrap_or_default()
                    .to_owned()
            };
            Part::Error {
                kalla: text("kalla"),
                felkod: text("felkod"),
                messages: error
                    .children()
                    .filter(|c| c.has_tag_name((SSBT_NS, "felmeddelande")))
                    .filter_map(|c| c.text().map(str::to_owned))
                    .collect(),
            }
        }
    }
}

/// The element as its own document: its text, with the namespaces declared on its
/// ancestors added to its start tag.
fn standalone(xml: &str, element: roxmltree::Node<'_, '_>) -> String {
    let text = &xml[element.range()];
    let tag_end = text.find(['>', '/']).expect("a start tag");
    let name_end = text[1..]
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .map_or(tag_end, |i| i + 1);
    let start_tag = &text[..text.find('>').unwrap()];
    let mut declarations = String::new();
    for ns in element.namespaces() {
        let attr = match ns.name() {
            Some(p) => format!("xmlns:{p}="),
            None => "xmlns=".to_owned(),
        };
        if !start_tag.contains(&attr) {
            declarations += &format!(" {attr}\"{}\"", ns.uri());
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}{}{}",
        &text[..name_end],
        declarations,
        &text[name_end..]
    )
}

/// Runs `xmllint --noout --schema` on a document; fails with xmllint's message.
#[track_caller]
pub(crate) fn validate(document: &str) {
    let mut file = tempfile::Builder::new().suffix(".xml").tempfile().unwrap();
    file.write_all(document.as_bytes()).unwrap();
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(xsd_path())
        .arg(file.path())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "xmllint is needed to validate SOAP answers against the contract's XSD \
                 (Debian package libxml2-utils; scripts/test installs it): {e}"
            )
        });
    assert!(
        output.status.success(),
        "the answer does not validate against sammansatt_bastjanst_v10.xsd:\n{}\n---\n{}",
        String::from_utf8_lossy(&output.stderr),
        document.chars().take(4000).collect::<String>()
    );
}

/// Sends `fraga`; expects HTTP `status` and an answer the contract's XSD accepts.
pub(crate) async fn answered(stack: &impl Doorway, fraga: &Fraga, status: u16) -> Answer {
    let Reply {
        status: got,
        text: xml,
        ..
    } = stack.soap_call(&fraga.envelope()).await;
    assert_eq!(got, status, "{xml}");
    let answer = Answer::new(xml);
    answer.assert_valid();
    answer
}
