//! The shared interpretation flow: field rules → provider status → canonical mapping →
//! outcome, and the check that an answer concerns the person asked about.

use underlag_domain::model::SourceData;
use underlag_domain::{Outcome, Personnummer, Severity, SourceId, Violation};
use underlag_spec::{Node, Spec};

use crate::mapping::{At, Mapper};

/// The rule id of a violation that says the answer is about another person.
pub const RULE_IDENTITY: &str = "IDENTITY";

/// What an agency's mapping concluded from a message that passed the field rules.
#[derive(Debug)]
pub(crate) enum Verdict {
    /// Data about the person.
    Data(Box<SourceData>),
    /// The provider knows nothing about the person.
    NoMatch,
    /// The provider reported an error of its own.
    SourceError {
        /// The provider's code.
        code: String,
        /// The provider's text.
        message: String,
    },
}

impl Verdict {
    /// A data verdict.
    pub(crate) fn data(data: SourceData) -> Self {
        Verdict::Data(Box::new(data))
    }
}

/// An outcome together with the identity number the answer stated, if any.
#[derive(Debug)]
pub(crate) struct Interpreted {
    pub(crate) outcome: Outcome,
    pub(crate) stated_identity: Option<String>,
}

impl From<Outcome> for Interpreted {
    fn from(outcome: Outcome) -> Self {
        Self {
            outcome,
            stated_identity: None,
        }
    }
}

/// Runs the field rules on `root`; if no error-level rule broke, lets `map` read the message
/// and turns its verdict and every violation into the outcome.
pub(crate) fn interpret_root(
    spec: &Spec,
    source: SourceId,
    root: &Node,
    map: impl FnOnce(&mut Mapper<'_>, At<'_>) -> Verdict,
) -> Interpreted {
    let violations = spec.validate(source, root);
    if violations.iter().any(|v| v.severity == Severity::Error) {
        return Outcome::InvalidResponse { violations }.into();
    }
    let mut mapper = Mapper::new(spec, violations);
    let verdict = map(&mut mapper, At::root(root));
    let stated_identity = mapper.stated_identity.take();
    let has_errors = mapper.has_errors();
    let violations = mapper.into_violations();
    let outcome = if has_errors {
        Outcome::InvalidResponse { violations }
    } else {
        match verdict {
            Verdict::Data(data) => Outcome::Ok {
                data,
                warnings: violations,
            },
            Verdict::NoMatch => Outcome::NoMatch {
                warnings: violations,
            },
            Verdict::SourceError { code, message } => Outcome::SourceError { code, message },
        }
    };
    Interpreted {
        outcome,
        stated_identity,
    }
}

/// Refuses an answer whose stated identity number is not the person asked about: data about
/// someone else must never be shown. Answers without a stated identity pass unchanged.
pub(crate) fn check_identity(interpreted: Interpreted, person: &Personnummer) -> Outcome {
    let Interpreted {
        outcome,
        stated_identity,
    } = interpreted;
    let Some(stated) = stated_identity else {
        return outcome;
    };
    if same_person(&stated, person) {
        return outcome;
    }
    let mismatch = Violation {
        rule: RULE_IDENTITY.to_owned(),
        path: String::new(),
        severity: Severity::Error,
        message: "the answer concerns another identity number than the one asked about".to_owned(),
    };
    match outcome {
        Outcome::Ok { warnings, .. } | Outcome::NoMatch { warnings } => {
            let mut violations = warnings;
            violations.push(mismatch);
            Outcome::InvalidResponse { violations }
        }
        other => other,
    }
}

/// Compares a provider's identity number (10 or 12 digits, separators ignored) with the
/// person asked about.
fn same_person(stated: &str, person: &Personnummer) -> bool {
    let digits: String = stated.chars().filter(char::is_ascii_digit).collect();
    let non_digits = stated
        .chars()
        .any(|c| !c.is_ascii_digit() && c != '-' && c != '+');
    !non_digits
        && match digits.len() {
            12 => digits == person.expose(),
            10 => digits == person.without_century(),
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_forms_are_compared_by_digits() {
        let person = Personnummer::parse_canonical("189001019802").unwrap();
        assert!(same_person("189001019802", &person));
        assert!(same_person("9001019802", &person));
        assert!(same_person("900101-9802", &person));
        assert!(!same_person("198501012382", &person));
        assert!(!same_person("18900101980x2", &person));
        assert!(!same_person("", &person));
    }

    #[test]
    fn another_persons_answer_is_invalid() {
        let person = Personnummer::parse_canonical("189001019802").unwrap();
        let ok = Interpreted {
            outcome: Outcome::NoMatch { warnings: vec![] },
            stated_identity: Some("189001029819".to_owned()),
        };
        let Outcome::InvalidResponse { violations } = check_identity(ok, &person) else {
            panic!("expected invalid_response");
        };
        assert_eq!(violations[0].rule, RULE_IDENTITY);
    }
}
