//! The streaming pre-scan: one pass of a pull reader over the document, no tree, that
//! refuses a DOCTYPE and bounds every dimension that makes building a tree costly — depth,
//! elements, attributes and namespace declarations per element and in the document, name
//! and attribute-value lengths, and the total character data — and looks
//! at the clock as it goes. Its own cost is linear in the document: attributes are read
//! without quick-xml's duplicate check (which is quadratic) and only up to the limit.

use std::time::Duration;

use tokio::time::Instant;

use quick_xml::events::{BytesStart, Event};

use super::{SoapLimits, dtd_refused, line_and_column, malformed_at};
use crate::fault::{Fault, Felkod};

/// How many events the scan reads between two looks at the clock.
const EVENTS_PER_CLOCK_LOOK: u32 = 64;

/// The time a request may take on its blocking thread, from when reading it started.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    deadline: Instant,
    budget: Duration,
}

impl Budget {
    /// A budget that starts now.
    pub(crate) fn start(budget: Duration) -> Self {
        Self {
            deadline: Instant::now() + budget,
            budget,
        }
    }

    /// Refuses the request when the budget is spent.
    pub(crate) fn check(&self) -> Result<(), Fault> {
        if Instant::now() < self.deadline {
            return Ok(());
        }
        Err(too_complex(format!(
            "Meddelandet kunde inte läsas inom den tillåtna tiden ({} ms).",
            self.budget.as_millis()
        )))
    }
}

/// A streaming look at the document before any tree is built: a DOCTYPE is refused, and so
/// is anything over one of `limits`, or a scan that outlives `budget`.
pub(crate) fn prescan(text: &str, limits: &SoapLimits, budget: &Budget) -> Result<(), Fault> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut scan = Scan {
        limits,
        depth: 0,
        elements: 0,
        attributes: 0,
        declarations: 0,
        text_bytes: 0,
    };
    budget.check()?;
    let mut events = 0u32;
    loop {
        events = events.wrapping_add(1);
        if events.is_multiple_of(EVENTS_PER_CLOCK_LOOK) {
            budget.check()?;
        }
        let event = reader.read_event().map_err(|_| {
            let position = reader.error_position();
            malformed_at(line_and_column(text, position as usize))
        })?;
        // Just after the event: where a broken attribute is reported.
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        match event {
            Event::DocType(_) => return Err(dtd_refused()),
            Event::Start(e) => {
                scan.element(&e, text, at)?;
                scan.depth += 1;
            }
            Event::Empty(e) => scan.element(&e, text, at)?,
            Event::End(_) => scan.depth = scan.depth.saturating_sub(1),
            // Character data counts with its delimiters, so a flood of empty comments or
            // CDATA sections counts too.
            Event::Text(t) => scan.character_data(t.len())?,
            Event::CData(t) => scan.character_data(t.len() + "<![CDATA[]]>".len())?,
            Event::Comment(t) => scan.character_data(t.len() + "<!---->".len())?,
            Event::PI(t) => scan.character_data(t.len() + "<??>".len())?,
            Event::Decl(t) => scan.character_data(t.len() + "<??>".len())?,
            Event::GeneralRef(t) => scan.character_data(t.len() + "&;".len())?,
            Event::Eof => return Ok(()),
        }
    }
}

/// What the scan has counted so far.
struct Scan<'l> {
    limits: &'l SoapLimits,
    depth: usize,
    elements: u64,
    attributes: usize,
    declarations: usize,
    text_bytes: usize,
}

impl Scan<'_> {
    /// Counts an element and checks its name and attributes.
    fn element(&mut self, e: &BytesStart<'_>, text: &str, at: usize) -> Result<(), Fault> {
        let limits = self.limits;
        self.elements += 1;
        if self.elements > u64::from(limits.max_elements) {
            return Err(too_complex(format!(
                "Meddelandet har fler än de tillåtna {} elementen.",
                limits.max_elements
            )));
        }
        if self.depth + 1 > limits.max_depth {
            return Err(too_complex(format!(
                "Meddelandet är nästlat djupare än de tillåtna {} nivåerna.",
                limits.max_depth
            )));
        }
        if e.name().as_ref().len() > limits.max_name_bytes {
            return Err(name_too_long(limits));
        }
        let mut attributes = e.attributes();
        // Duplicates are found by the parser, among at most `max_attributes_per_element`.
        attributes.with_checks(false);
        let (mut count, mut declarations) = (0usize, 0usize);
        for attribute in attributes {
            let attribute = attribute.map_err(|_| malformed_at(line_and_column(text, at)))?;
            let key = attribute.key.as_ref();
            // Declarations first: a namespace flood is named as one.
            if key == b"xmlns" || key.starts_with(b"xmlns:") {
                declarations += 1;
                self.declarations += 1;
                if declarations > limits.max_namespace_declarations_per_element {
                    return Err(too_complex(format!(
                        "Ett element deklarerar fler än de tillåtna {} namnrymderna.",
                        limits.max_namespace_declarations_per_element
                    )));
                }
                if self.declarations > limits.max_namespace_declarations {
                    return Err(too_complex(format!(
                        "Meddelandet deklarerar fler än de tillåtna {} namnrymderna.",
                        limits.max_namespace_declarations
                    )));
                }
            }
            count += 1;
            self.attributes += 1;
            if count > limits.max_attributes_per_element {
                return Err(too_complex(format!(
                    "Ett element har fler än de tillåtna {} attributen.",
                    limits.max_attributes_per_element
                )));
            }
            if self.attributes > limits.max_attributes {
                return Err(too_complex(format!(
                    "Meddelandet har fler än de tillåtna {} attributen.",
                    limits.max_attributes
                )));
            }
            if key.len() > limits.max_name_bytes {
                return Err(name_too_long(limits));
            }
            if attribute.value.len() > limits.max_attribute_value_bytes {
                return Err(too_complex(format!(
                    "Ett attributvärde är längre än de tillåtna {} byten.",
                    limits.max_attribute_value_bytes
                )));
            }
        }
        Ok(())
    }

    /// Counts character data.
    fn character_data(&mut self, bytes: usize) -> Result<(), Fault> {
        self.text_bytes = self.text_bytes.saturating_add(bytes);
        if self.text_bytes > self.limits.max_text_bytes {
            return Err(too_complex(format!(
                "Meddelandet har mer text än de tillåtna {} byten.",
                self.limits.max_text_bytes
            )));
        }
        Ok(())
    }
}

fn name_too_long(limits: &SoapLimits) -> Fault {
    too_complex(format!(
        "Ett element- eller attributnamn är längre än de tillåtna {} byten.",
        limits.max_name_bytes
    ))
}

fn too_complex(message: String) -> Fault {
    Fault::new(Felkod::TooComplex, message)
}
