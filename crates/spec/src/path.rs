//! The path syntax of field rules: `/`-separated names, `(a|b)` alternatives, `@attr` last.

/// One step of a rule path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// Child elements with any of these local names.
    Element(Vec<String>),
    /// An attribute of the current element (only as the last step).
    Attribute(String),
}

impl Step {
    /// Whether an element with this local name matches the step.
    pub(crate) fn matches(&self, name: &str) -> bool {
        match self {
            Step::Element(names) => names.iter().any(|n| n == name),
            Step::Attribute(_) => false,
        }
    }
}

/// Parses a rule path; the error says what is wrong with it.
pub(crate) fn parse(path: &str) -> Result<Vec<Step>, String> {
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    segments
        .iter()
        .enumerate()
        .map(|(i, segment)| {
            if let Some(attribute) = segment.strip_prefix('@') {
                if i != last {
                    return Err(format!(
                        "'{segment}': an attribute can only be the last step"
                    ));
                }
                return name(attribute).map(|n| Step::Attribute(n.to_owned()));
            }
            if let Some(inner) = segment.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
                let names = inner
                    .split('|')
                    .map(|n| name(n).map(str::to_owned))
                    .collect::<Result<Vec<_>, _>>()?;
                return if names.len() < 2 {
                    Err(format!("'{segment}': alternatives need at least two names"))
                } else {
                    Ok(Step::Element(names))
                };
            }
            name(segment).map(|n| Step::Element(vec![n.to_owned()]))
        })
        .collect()
}

fn name(text: &str) -> Result<&str, String> {
    let bad = text
        .chars()
        .any(|c| c.is_whitespace() || "[]()|@/*".contains(c));
    if text.is_empty() || bad {
        Err(format!("'{text}' is not an element or attribute name"))
    } else {
        Ok(text)
    }
}
