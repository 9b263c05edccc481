//! The provider's schema: the answer's message validated against its XSD with `xmllint`, or
//! the whole JSON answer against its JSON Schema (the `jsonschema` crate), and each complaint
//! sorted by what it is about. The schema is the contract's, or one of Underlag's own
//! (`spec/schemas/`, compiled in) for a source without a published contract.

use serde_json::Value;
use underlag_service::Answer;

use super::violations::ViolationClass;
use super::{Runner, xml};
use crate::case::{Case, SchemaKind, SchemaOrigin, SchemaProfile};
use crate::report::Verdict;
use crate::spec_schemas;

impl Runner<'_> {
    /// The answer checked against the source's schema.
    fn schema_outcome(&self, answer: &Answer) -> SchemaOutcome {
        let Some(profile) = &self.suite.profile.schema else {
            return SchemaOutcome::NoSchema;
        };
        match profile.kind() {
            Some(SchemaKind::Xsd) => self.xsd(profile, answer),
            Some(SchemaKind::Json) => self.json_schema(profile, answer),
            None => SchemaOutcome::CouldNotRun(format!(
                "'{}' is neither an XSD nor a JSON Schema",
                profile.file
            )),
        }
    }

    /// The answer's message checked against an XSD.
    fn xsd(&self, profile: &SchemaProfile, answer: &Answer) -> SchemaOutcome {
        let Some(message) = xml::find_message(&answer.raw.body, &profile.element) else {
            return SchemaOutcome::Invalid(vec![Complaint::other(format!(
                "the element '{}' is not in the answer",
                profile.element
            ))]);
        };
        // The copy (overlaid contract schemas, or the specification's schema written out)
        // lives until the validation is done.
        let (xsd, _copy) = match profile.origin {
            SchemaOrigin::Spec => match written_out(&profile.file) {
                Ok(dir) => (dir.path().join(&profile.file), Some(dir)),
                Err(why) => return SchemaOutcome::CouldNotRun(why),
            },
            SchemaOrigin::Contract if profile.overlay.is_empty() => {
                (self.target.schemas.join(&profile.file), None)
            }
            SchemaOrigin::Contract => {
                match overlaid(&self.target.schemas, &self.suite.root, &profile.overlay) {
                    Ok(dir) => (dir.path().join(&profile.file), Some(dir)),
                    Err(why) => return SchemaOutcome::CouldNotRun(why),
                }
            }
        };
        match xml::validate(&message.document, &xsd) {
            Ok(()) => SchemaOutcome::Valid,
            Err(xml::SchemaError::CouldNotRun(why)) => SchemaOutcome::CouldNotRun(why),
            Err(xml::SchemaError::Invalid(lines)) => SchemaOutcome::Invalid(
                lines
                    .into_iter()
                    .map(|line| Complaint {
                        class: classify_xmllint_message(&line),
                        text: line,
                    })
                    .collect(),
            ),
        }
    }

    /// The whole answer checked against a JSON Schema (draft 2020-12, formats checked).
    fn json_schema(&self, profile: &SchemaProfile, answer: &Answer) -> SchemaOutcome {
        let text = match profile.origin {
            SchemaOrigin::Spec => match spec_schemas::text(&profile.file) {
                Some(text) => text.to_owned(),
                None => {
                    return SchemaOutcome::CouldNotRun(format!(
                        "'{}' is not a schema of spec/schemas",
                        profile.file
                    ));
                }
            },
            SchemaOrigin::Contract => {
                match std::fs::read_to_string(self.target.schemas.join(&profile.file)) {
                    Ok(text) => text,
                    Err(e) => {
                        return SchemaOutcome::CouldNotRun(format!(
                            "cannot read the schema {}: {e}",
                            profile.file
                        ));
                    }
                }
            }
        };
        let schema: Value = match serde_json::from_str(&text) {
            Ok(schema) => schema,
            Err(e) => {
                return SchemaOutcome::CouldNotRun(format!(
                    "the schema {} is not JSON: {e}",
                    profile.file
                ));
            }
        };
        let validator = match jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&schema)
        {
            Ok(validator) => validator,
            Err(e) => {
                return SchemaOutcome::CouldNotRun(format!(
                    "the schema {} does not compile: {e}",
                    profile.file
                ));
            }
        };
        let Ok(instance) = serde_json::from_str::<Value>(&answer.raw.body) else {
            return SchemaOutcome::Invalid(vec![Complaint::other(
                "the answer is not JSON".to_owned(),
            )]);
        };
        let complaints: Vec<Complaint> = validator
            .iter_errors(&instance)
            .take(10)
            .map(|e| Complaint {
                class: classify_json_error(&schema, &e),
                text: format!("at '{}': {e}", e.instance_path()),
            })
            .collect();
        if complaints.is_empty() {
            SchemaOutcome::Valid
        } else {
            SchemaOutcome::Invalid(complaints)
        }
    }

    pub(super) fn schema(&self, case: &Case, answer: &Answer) -> (Verdict, String) {
        let Some(profile) = &self.suite.profile.schema else {
            return (
                Verdict::Failed,
                "could not run: source.toml has no [schema]".to_owned(),
            );
        };
        match self.schema_outcome(answer) {
            SchemaOutcome::Valid => (
                Verdict::Passed,
                format!("'{}' validates against {}", profile.element, profile.file),
            ),
            SchemaOutcome::NoSchema => (
                Verdict::Failed,
                "could not run: source.toml has no [schema]".to_owned(),
            ),
            SchemaOutcome::CouldNotRun(why) => (Verdict::Failed, format!("could not run: {why}")),
            SchemaOutcome::Invalid(complaints) => (
                Verdict::Failed,
                format!(
                    "{}: '{}' does not validate against {}: {}",
                    case.fault,
                    profile.element,
                    profile.file,
                    complaints
                        .iter()
                        .map(|c| c.text.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            ),
        }
    }

    /// The schema's complaints of one class (empty when there is no schema or it holds);
    /// `Err` when the schema check could not run.
    pub(super) fn schema_complaints_of_class(
        &self,
        answer: &Answer,
        class: ViolationClass,
    ) -> Result<Vec<String>, String> {
        match self.schema_outcome(answer) {
            SchemaOutcome::Valid | SchemaOutcome::NoSchema => Ok(Vec::new()),
            SchemaOutcome::CouldNotRun(why) => Err(why),
            SchemaOutcome::Invalid(complaints) => Ok(complaints
                .into_iter()
                .filter(|c| c.class == class)
                .map(|c| format!("schema: {}", c.text))
                .collect()),
        }
    }
}

/// What the source's schema said about an answer.
enum SchemaOutcome {
    /// Valid.
    Valid,
    /// The source has no schema (LEFI's JSON).
    NoSchema,
    /// The check could not run.
    CouldNotRun(String),
    /// Not valid: the complaints (xmllint's messages, or the JSON Schema's errors).
    Invalid(Vec<Complaint>),
}

/// One complaint of the schema, and what it is about.
struct Complaint {
    class: ViolationClass,
    text: String,
}

impl Complaint {
    fn other(text: String) -> Self {
        Self {
            class: ViolationClass::Other,
            text,
        }
    }
}

/// What one of xmllint's messages is about. A value that breaks an attribute's fixed value is
/// a code outside its list (AGI's `faltkod`).
fn classify_xmllint_message(line: &str) -> ViolationClass {
    if line.contains("Missing child element")
        || (line.contains("is not expected") && line.contains("Expected is"))
    {
        ViolationClass::Missing
    } else if line.contains("enumeration")
        || line.contains("not an element of the set")
        || line.contains("fixed value constraint")
    {
        ViolationClass::Kodverk
    } else if line.contains("xs:date") || line.contains("xs:gYearMonth") {
        ViolationClass::Date
    } else {
        ViolationClass::Other
    }
}

/// What a JSON Schema error is about: a missing required member, a value outside an
/// enumeration, or a date (the failing subschema declares `"format": "date"`).
fn classify_json_error(schema: &Value, error: &jsonschema::ValidationError<'_>) -> ViolationClass {
    use jsonschema::error::ValidationErrorKind as Kind;
    match error.kind() {
        Kind::Required { .. } => ViolationClass::Missing,
        Kind::Enum { .. } | Kind::Constant { .. } => ViolationClass::Kodverk,
        _ => {
            let path = error.schema_path().as_str();
            let subschema = path.rsplit_once('/').map(|(parent, _)| parent);
            let format = subschema
                .and_then(|p| schema.pointer(p))
                .and_then(|s| s.get("format"))
                .and_then(Value::as_str);
            if matches!(format, Some("date" | "date-time")) {
                ViolationClass::Date
            } else {
                ViolationClass::Other
            }
        }
    }
}

/// One of the specification's schemas written out to a temporary folder (for `xmllint`).
fn written_out(name: &str) -> Result<tempfile::TempDir, String> {
    let text = spec_schemas::text(name)
        .ok_or_else(|| format!("'{name}' is not a schema of spec/schemas"))?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    std::fs::write(dir.path().join(name), text)
        .map_err(|e| format!("cannot write the schema {name}: {e}"))?;
    Ok(dir)
}

/// The schema folder copied with `overlay` laid over it.
fn overlaid(
    schemas: &std::path::Path,
    root: &std::path::Path,
    overlay: &std::collections::BTreeMap<String, String>,
) -> Result<tempfile::TempDir, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    copy_tree(schemas, dir.path()).map_err(|e| format!("cannot copy the schemas: {e}"))?;
    for (to, from) in overlay {
        let to = dir.path().join(to);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::copy(root.join(from), &to)
            .map_err(|e| format!("cannot copy the overlay file {from}: {e}"))?;
    }
    Ok(dir)
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
