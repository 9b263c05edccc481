//! The lookup cases: ask about a person with the gateway's own adapter and judge the answer
//! (contract, semantics, time budget).

use std::time::Duration;

use serde_json::json;
use tokio::time::Instant;
use underlag_domain::Outcome;
use underlag_service::{Answer, FetchError};
use underlag_spec::{MessageFormat, SourceSpec};

use super::violations::{ViolationClass, classify, detail, listed, violations_of};
use super::{Judged, Runner, TEST_ORGANISATION, fail, xml};
use crate::case::{Case, Check};
use crate::report::Verdict;

impl Runner<'_> {
    pub(super) async fn lookup_case(&self, case: &Case) -> Judged {
        let request = match self.source_request(case) {
            Ok(r) => r,
            Err(why) => return fail(format!("could not run: {why}"), json!(null), String::new()),
        };
        let described = json!({
            "operation": "lookup",
            "source": self.suite.source.code(),
            "person": request.person.expose(),
            "period": case.period,
            "organisation": TEST_ORGANISATION,
            "case_id": request.context.case_id,
        });
        let started = Instant::now();
        let fetched = tokio::time::timeout(self.budget, self.adapter.fetch(&request)).await;
        let elapsed = started.elapsed();
        let answer = match fetched {
            Err(_) => {
                return fail(
                    format!(
                        "{}: no answer within the source's time budget of {} ms",
                        if case.check == Check::TimeBudget {
                            case.fault.as_str()
                        } else {
                            "could not run"
                        },
                        self.budget.as_millis()
                    ),
                    described,
                    String::new(),
                );
            }
            Ok(Err(e)) => return self.fetch_failed(case, &e, described),
            Ok(Ok(answer)) => answer,
        };
        let response = answer.raw.body.clone();
        let (verdict, message) = self.judge_answer(case, &answer, elapsed);
        (verdict, message, described, response)
    }

    pub(super) fn fetch_failed(
        &self,
        case: &Case,
        e: &FetchError,
        described: serde_json::Value,
    ) -> Judged {
        let what = match case.check {
            Check::NoMatch => format!(
                "{}: the unknown person got an error ({e}) instead of the contract's no-match answer",
                case.fault
            ),
            _ => format!("could not run: the agency answered with a failure ({e})"),
        };
        fail(what, described, String::new())
    }

    pub(super) fn judge_answer(
        &self,
        case: &Case,
        answer: &Answer,
        elapsed: Duration,
    ) -> (Verdict, String) {
        let fault = case.fault.as_str();
        let failed = |m: String| (Verdict::Failed, format!("{fault}: {m}"));
        let violations = violations_of(&answer.outcome);
        let of_class = |class: ViolationClass| -> Vec<String> {
            violations
                .iter()
                .filter(|v| classify(&self.spec, self.suite.source, v) == class)
                .map(|v| format!("{} at {}: {}", v.rule, v.path, v.message))
                .collect()
        };
        match case.check {
            Check::Namespace => {
                let root = &self.spec.source(self.suite.source).root;
                let expected = self.spec.source(self.suite.source).namespace.clone();
                match xml::find_message(&answer.raw.body, root) {
                    None => failed(format!("the message element '{root}' is not in the answer")),
                    Some(m) if m.namespace == expected => (
                        Verdict::Passed,
                        format!("'{root}' is in namespace {}", expected.unwrap_or_default()),
                    ),
                    Some(m) => failed(format!(
                        "'{root}' is in namespace '{}', the contract's is '{}'",
                        m.namespace.unwrap_or_default(),
                        expected.unwrap_or_default()
                    )),
                }
            }
            Check::DocumentType => self.document_type(case, answer),
            Check::Schema => self.schema(case, answer),
            Check::RequiredFields | Check::Kodverk | Check::DateFormat => {
                let (class, ok) = match case.check {
                    Check::RequiredFields => {
                        (ViolationClass::Missing, "no required field is missing")
                    }
                    Check::Kodverk => (ViolationClass::Kodverk, "every code is in its kodverk"),
                    _ => (ViolationClass::Date, "every date follows its notation"),
                };
                let mut found = of_class(class);
                match self.schema_complaints_of_class(answer, class) {
                    Ok(lines) => found.extend(lines),
                    Err(why) => return (Verdict::Failed, format!("could not run: {why}")),
                }
                listed(fault, found, ok)
            }
            Check::FieldRules => match &answer.outcome {
                Outcome::InvalidResponse { violations } => failed(format!(
                    "the answer breaks rules of severity error: {}",
                    violations
                        .iter()
                        .take(5)
                        .map(|v| format!("{} at {}: {}", v.rule, v.path, v.message))
                        .collect::<Vec<_>>()
                        .join("; ")
                )),
                Outcome::SourceError { code, .. } => {
                    failed(format!("the agency reported error '{code}'"))
                }
                other => (
                    Verdict::Passed,
                    format!("the answer is read as '{}' with no error", other.kind()),
                ),
            },
            Check::KnownFacts => match &answer.outcome {
                Outcome::Ok { data, .. } => {
                    let value = serde_json::to_value(data).unwrap_or_default();
                    let text = value.to_string();
                    let mut missing: Vec<String> = case
                        .expect
                        .contains
                        .iter()
                        .filter(|t| !text.contains(t.as_str()))
                        .map(|t| format!("'{t}' is not in the data"))
                        .collect();
                    for (pointer, want) in &case.expect.values {
                        match value.pointer(pointer) {
                            Some(got) if got == want => {}
                            Some(got) => {
                                missing.push(format!("{pointer} is {got}, expected {want}"))
                            }
                            None => missing.push(format!("{pointer} is absent, expected {want}")),
                        }
                    }
                    if missing.is_empty() {
                        (Verdict::Passed, "the known facts came back".to_owned())
                    } else {
                        failed(missing.join("; "))
                    }
                }
                other => failed(format!(
                    "expected data about the person, got '{}'{}",
                    other.kind(),
                    detail(other)
                )),
            },
            Check::NoMatch => match &answer.outcome {
                Outcome::NoMatch { .. } => {
                    (Verdict::Passed, "the contract's no-match answer".to_owned())
                }
                other => failed(format!(
                    "expected the contract's no-match answer, got '{}'{}",
                    other.kind(),
                    detail(other)
                )),
            },
            Check::ProtectedMarker => match &answer.outcome {
                Outcome::Ok { data, .. } if data.is_protected() => {
                    (Verdict::Passed, "the protection marker is set".to_owned())
                }
                Outcome::Ok { .. } => failed(
                    "the answer about a protected person carries no protection marker".to_owned(),
                ),
                other => failed(format!(
                    "expected data with the protection marker, got '{}'{}",
                    other.kind(),
                    detail(other)
                )),
            },
            Check::TimeBudget => {
                if !answer.outcome.answered() {
                    return failed(format!(
                        "the answer was '{}', not data or no match{}",
                        answer.outcome.kind(),
                        detail(&answer.outcome)
                    ));
                }
                if elapsed > self.budget {
                    failed(format!(
                        "answered after {} ms, the budget is {} ms",
                        elapsed.as_millis(),
                        self.budget.as_millis()
                    ))
                } else {
                    (
                        Verdict::Passed,
                        format!(
                            "answered within the budget of {} ms",
                            self.budget.as_millis()
                        ),
                    )
                }
            }
            Check::Ping | Check::ErrorForm | Check::ClientCertificate => (
                Verdict::Failed,
                "could not run: not a lookup check".to_owned(),
            ),
        }
    }

    /// JSON's counterpart of the namespace check: served as `application/json`, a JSON
    /// object, and no top-level member the specification does not name.
    fn document_type(&self, case: &Case, answer: &Answer) -> (Verdict, String) {
        let source_spec = self.spec.source(self.suite.source);
        if source_spec.format != MessageFormat::Json {
            return (
                Verdict::Failed,
                "could not run: document_type is for JSON answers; an XML answer's is namespace"
                    .to_owned(),
            );
        }
        let mut problems = Vec::new();
        let content_type = &answer.raw.content_type;
        let media_type = content_type.split(';').next().unwrap_or_default().trim();
        if !media_type.eq_ignore_ascii_case("application/json") {
            problems.push(format!(
                "content type '{content_type}', the specification's is 'application/json'"
            ));
        }
        let known = top_level_members(source_spec);
        match serde_json::from_str::<serde_json::Value>(&answer.raw.body) {
            Ok(serde_json::Value::Object(members)) => {
                for name in members.keys().filter(|name| !known.contains(name)) {
                    problems.push(format!(
                        "the top-level member '{name}' is not one the specification names ({})",
                        known.join(", ")
                    ));
                }
            }
            _ => problems.push("the answer is not a JSON object".to_owned()),
        }
        if problems.is_empty() {
            (
                Verdict::Passed,
                format!(
                    "'{}' is application/json with only the specification's top-level members",
                    source_spec.root
                ),
            )
        } else {
            (
                Verdict::Failed,
                format!("{}: {}", case.fault, problems.join("; ")),
            )
        }
    }
}

/// The names of a JSON message's top-level members, as the specification's field paths name
/// them (the first step of every path, its alternatives included).
fn top_level_members(source_spec: &SourceSpec) -> Vec<String> {
    let mut names: Vec<String> = source_spec
        .fields
        .iter()
        .filter_map(|field| field.path.split('/').next())
        .flat_map(|step| {
            step.trim_start_matches('(')
                .trim_end_matches(')')
                .split('|')
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|name| !name.is_empty() && !name.starts_with('@'))
        .collect();
    names.sort();
    names.dedup();
    names
}
