//! Applies a source's field rules to a message tree and reports every broken rule.

use std::collections::HashMap;

use underlag_domain::{Severity, Violation};

use crate::model::{FieldSpec, FieldType, Presence, SourceSpec, Spec};
use crate::node::Node;
use crate::path::Step;
use crate::values::{TypeFailure, check_type};

/// How many characters of an offending value a message may quote.
const QUOTE_LIMIT: usize = 40;

/// Checks every field rule of `source` against `root` (the message root).
pub(crate) fn validate(spec: &Spec, source: &SourceSpec, root: &Node) -> Vec<Violation> {
    let mut out = Vec::new();
    for field in &source.fields {
        check_field(spec, field, root, &mut out);
    }
    out
}

fn check_field(spec: &Spec, field: &FieldSpec, root: &Node, out: &mut Vec<Violation>) {
    let Some((last, parents)) = field.steps.split_last() else {
        return;
    };
    for (parent_path, parent) in locate(root, parents) {
        let join = |name: &str| {
            if parent_path.is_empty() {
                name.to_owned()
            } else {
                format!("{parent_path}/{name}")
            }
        };
        match last {
            Step::Attribute(attribute) => {
                let path = || join(&format!("@{attribute}"));
                match parent.attr(attribute) {
                    Some(value) => check_text(spec, field, &path, Some(value), out),
                    None => missing(field, path(), out),
                }
            }
            Step::Element(names) => {
                for name in names {
                    let named = || parent.children.iter().filter(|c| &c.name == name);
                    let count = named().count();
                    if count == 0 {
                        missing(field, join(name), out);
                    }
                    for (i, child) in named().enumerate() {
                        // The path is spelt out only for a broken rule.
                        let path = || {
                            if count > 1 {
                                join(&format!("{name}[{}]", i + 1))
                            } else {
                                join(name)
                            }
                        };
                        check_node(spec, field, &path, child, out);
                    }
                }
            }
        }
    }
}

/// Every element reached by `steps` from `root`, with its concrete path (indexed where an
/// element is repeated under its parent).
fn locate<'a>(root: &'a Node, steps: &[Step]) -> Vec<(String, &'a Node)> {
    let mut current: Vec<(String, &Node)> = vec![(String::new(), root)];
    for step in steps {
        let mut next = Vec::new();
        for (path, node) in &current {
            let matching: Vec<&Node> = node
                .children
                .iter()
                .filter(|c| step.matches(&c.name))
                .collect();
            let mut totals: HashMap<&str, usize> = HashMap::new();
            for child in &matching {
                *totals.entry(child.name.as_str()).or_default() += 1;
            }
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for child in matching {
                let index = seen.entry(child.name.as_str()).or_default();
                *index += 1;
                let name = if totals.get(child.name.as_str()).copied().unwrap_or(0) > 1 {
                    format!("{}[{index}]", child.name)
                } else {
                    child.name.clone()
                };
                let child_path = if path.is_empty() {
                    name
                } else {
                    format!("{path}/{name}")
                };
                next.push((child_path, child));
            }
        }
        current = next;
        if current.is_empty() {
            break;
        }
    }
    current
}

fn missing(field: &FieldSpec, path: String, out: &mut Vec<Violation>) {
    if field.presence == Presence::Required {
        let message = format!("required field '{}' is missing", field.gloss_en);
        push(field, field.severity_when_missing(), path, message, out);
    }
}

/// The concrete path of the value being checked, built only when a rule is broken.
type LazyPath<'a> = &'a dyn Fn() -> String;

fn check_node(
    spec: &Spec,
    field: &FieldSpec,
    path: LazyPath<'_>,
    node: &Node,
    out: &mut Vec<Violation>,
) {
    if field.field_type == FieldType::Group {
        let has_value = node.text.as_deref().is_some_and(|t| !t.trim().is_empty());
        if has_value && node.children.is_empty() {
            let message = "expected nested elements but found a value".to_owned();
            push(field, field.severity, path(), message, out);
        }
        return;
    }
    match node.text.as_deref() {
        Some(text) => check_text(spec, field, path, Some(text), out),
        None if !node.children.is_empty() => {
            let message = "expected a value but found nested elements".to_owned();
            push(field, field.severity, path(), message, out);
        }
        None => check_text(spec, field, path, None, out),
    }
}

fn check_text(
    spec: &Spec,
    field: &FieldSpec,
    path: LazyPath<'_>,
    text: Option<&str>,
    out: &mut Vec<Violation>,
) {
    let text = text.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        if field.presence == Presence::Required {
            let message = format!("required field '{}' is empty", field.gloss_en);
            push(field, field.severity_when_missing(), path(), message, out);
        }
        return;
    }
    if let Err(failure) = check_value(spec, field, text) {
        let (severity, reason) = match failure {
            TypeFailure::CheckDigit(reason) => {
                (field.check_digit_severity.unwrap_or(field.severity), reason)
            }
            TypeFailure::Invalid(reason) => (field.severity, reason),
        };
        let subject = if field.may_quote() && !looks_like_identity(text) {
            format!("value '{}'", quote(text))
        } else {
            format!("value ({} characters)", text.chars().count())
        };
        push(field, severity, path(), format!("{subject} {reason}"), out);
    }
}

fn check_value(spec: &Spec, field: &FieldSpec, text: &str) -> Result<(), TypeFailure> {
    let number = check_type(field.field_type, text)?;
    if let Some(pattern) = &field.pattern
        && !pattern.is_match(text)
    {
        return Err("does not match the field's pattern".to_owned().into());
    }
    if let Some(max) = field.max_length
        && text.chars().count() > max
    {
        return Err(format!("is longer than {max} characters").into());
    }
    if let Some(value) = number {
        if let Some(min) = field.min
            && value < min
        {
            return Err(format!("is below the minimum {min}").into());
        }
        if let Some(max) = field.max
            && value > max
        {
            return Err(format!("is above the maximum {max}").into());
        }
    }
    let known = |list: &String| {
        spec.code_lists
            .get(list)
            .is_some_and(|l| l.get(text).is_some())
    };
    if !field.code_lists.is_empty() && !field.code_lists.iter().any(known) {
        return Err(format!("is not a code in {}", field.code_lists.join(" or ")).into());
    }
    Ok(())
}

/// Whether a value holds a run of ten or more digits, which could be an identity number in
/// the wrong field; such values are never quoted.
fn looks_like_identity(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        if run >= 10 {
            return true;
        }
    }
    false
}

fn quote(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_control())
        .take(QUOTE_LIMIT)
        .collect();
    if text.chars().count() > QUOTE_LIMIT {
        format!("{clean}…")
    } else {
        clean
    }
}

fn push(
    field: &FieldSpec,
    severity: Severity,
    path: String,
    message: String,
    out: &mut Vec<Violation>,
) {
    out.push(Violation {
        rule: field.id.clone(),
        path,
        severity,
        message,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mutation survivors (issue 16): a run of ten digits anywhere is an identity, nine or a
    /// broken run is not; such a value is never quoted in a message.
    #[test]
    fn ten_digits_in_a_row_look_like_an_identity() {
        assert!(looks_like_identity("1234567890"));
        assert!(looks_like_identity("ab 1212121212 cd"));
        assert!(looks_like_identity("x123456789012"));
        assert!(!looks_like_identity("123456789"));
        assert!(!looks_like_identity("12345-67890"));
        assert!(!looks_like_identity("123456789a123456789"));
        assert!(!looks_like_identity(""));
    }

    /// Mutation survivors (issue 16): a quoted value loses its control characters and is cut
    /// at the limit with an ellipsis; a value of exactly the limit is whole.
    #[test]
    fn a_quote_is_clean_and_cut_at_the_limit() {
        assert_eq!(quote("a\nb\tc"), "abc");
        let exact = "x".repeat(QUOTE_LIMIT);
        assert_eq!(quote(&exact), exact);
        let long = format!("{}yz", "x".repeat(QUOTE_LIMIT - 1));
        assert_eq!(quote(&long), format!("{}y…", "x".repeat(QUOTE_LIMIT - 1)));
        assert_eq!(quote(""), "");
    }
}
