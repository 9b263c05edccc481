//! What a violation the adapter reported says about the answer, and how lists of them are
//! reported.

use underlag_domain::{Outcome, SourceId, Violation};
use underlag_spec::{FieldType, Spec};

use crate::report::Verdict;

pub(super) fn listed(fault: &str, found: Vec<String>, ok: &str) -> (Verdict, String) {
    if found.is_empty() {
        (Verdict::Passed, ok.to_owned())
    } else {
        (
            Verdict::Failed,
            format!(
                "{fault}: {}",
                found.into_iter().take(5).collect::<Vec<_>>().join("; ")
            ),
        )
    }
}

pub(super) fn detail(outcome: &Outcome) -> String {
    match outcome {
        Outcome::SourceError { code, .. } => format!(" (agency error '{code}')"),
        Outcome::InvalidResponse { violations } => format!(
            " ({})",
            violations
                .iter()
                .take(3)
                .map(|v| format!("{} at {}: {}", v.rule, v.path, v.message))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        _ => String::new(),
    }
}

pub(super) fn violations_of(outcome: &Outcome) -> Vec<Violation> {
    match outcome {
        Outcome::Ok { warnings, .. } | Outcome::NoMatch { warnings } => warnings.clone(),
        Outcome::InvalidResponse { violations } => violations.clone(),
        _ => Vec::new(),
    }
}

/// What a violation says about the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ViolationClass {
    /// A required field is missing or empty.
    Missing,
    /// A code outside its kodverk.
    Kodverk,
    /// A date field not in its notation.
    Date,
    /// Any other rule.
    Other,
}

pub(super) fn classify(spec: &Spec, source: SourceId, v: &Violation) -> ViolationClass {
    if v.message.starts_with("required field") {
        return ViolationClass::Missing;
    }
    if v.message.contains("is not a code in") {
        return ViolationClass::Kodverk;
    }
    let field = spec.source(source).fields.iter().find(|f| f.id == v.rule);
    match field.map(|f| f.field_type) {
        Some(
            FieldType::Date | FieldType::PartialDate | FieldType::CompactDate | FieldType::IsoWeek,
        ) => ViolationClass::Date,
        _ => ViolationClass::Other,
    }
}
