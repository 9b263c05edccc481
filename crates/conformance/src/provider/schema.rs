//! The provider's own schema: the answer's message validated against its XSD with `xmllint`,
//! and xmllint's messages sorted by what they are about.

use underlag_service::Answer;

use super::violations::ViolationClass;
use super::{Runner, xml};
use crate::case::Case;
use crate::report::Verdict;

impl Runner<'_> {
    /// The answer's message checked against the provider's XSD.
    fn xsd(&self, answer: &Answer) -> SchemaOutcome {
        let Some(profile) = &self.suite.profile.schema else {
            return SchemaOutcome::NoSchema;
        };
        let Some(message) = xml::find_message(&answer.raw.body, &profile.element) else {
            return SchemaOutcome::Invalid(vec![format!(
                "the element '{}' is not in the answer",
                profile.element
            )]);
        };
        // The overlaid copy lives until the validation is done.
        let (schemas, _copy) = if profile.overlay.is_empty() {
            (self.target.schemas.clone(), None)
        } else {
            match overlaid(&self.target.schemas, &self.suite.root, &profile.overlay) {
                Ok(dir) => (dir.path().to_owned(), Some(dir)),
                Err(why) => return SchemaOutcome::CouldNotRun(why),
            }
        };
        match xml::validate(&message.document, &schemas.join(&profile.file)) {
            Ok(()) => SchemaOutcome::Valid,
            Err(xml::SchemaError::CouldNotRun(why)) => SchemaOutcome::CouldNotRun(why),
            Err(xml::SchemaError::Invalid(lines)) => SchemaOutcome::Invalid(lines),
        }
    }

    pub(super) fn schema(&self, case: &Case, answer: &Answer) -> (Verdict, String) {
        let Some(profile) = &self.suite.profile.schema else {
            return (
                Verdict::Failed,
                "could not run: source.toml has no [schema]".to_owned(),
            );
        };
        match self.xsd(answer) {
            SchemaOutcome::Valid => (
                Verdict::Passed,
                format!("'{}' validates against {}", profile.element, profile.file),
            ),
            SchemaOutcome::NoSchema => (
                Verdict::Failed,
                "could not run: source.toml has no [schema]".to_owned(),
            ),
            SchemaOutcome::CouldNotRun(why) => (Verdict::Failed, format!("could not run: {why}")),
            SchemaOutcome::Invalid(lines) => (
                Verdict::Failed,
                format!(
                    "{}: '{}' does not validate against {}: {}",
                    case.fault,
                    profile.element,
                    profile.file,
                    lines.join("; ")
                ),
            ),
        }
    }

    /// The schema's complaints of one class (empty when there is no schema or it holds);
    /// `Err` when the schema check could not run.
    pub(super) fn xsd_of_class(&self, answer: &Answer, class: ViolationClass) -> Result<Vec<String>, String> {
        match self.xsd(answer) {
            SchemaOutcome::Valid | SchemaOutcome::NoSchema => Ok(Vec::new()),
            SchemaOutcome::CouldNotRun(why) => Err(why),
            SchemaOutcome::Invalid(lines) => Ok(lines
                .into_iter()
                .filter(|l| classify_schema_message(l) == class)
                .map(|l| format!("XSD: {l}"))
                .collect()),
        }
    }
}

/// What the provider's XSD said about an answer.
pub(super) enum SchemaOutcome {
    /// Valid.
    Valid,
    /// The source has no XSD (LEFI's JSON).
    NoSchema,
    /// The check could not run.
    CouldNotRun(String),
    /// Not valid: xmllint's messages.
    Invalid(Vec<String>),
}

/// What one of xmllint's messages is about.
fn classify_schema_message(line: &str) -> ViolationClass {
    if line.contains("Missing child element")
        || (line.contains("is not expected") && line.contains("Expected is"))
    {
        ViolationClass::Missing
    } else if line.contains("enumeration") || line.contains("not an element of the set") {
        ViolationClass::Kodverk
    } else if line.contains("xs:date") || line.contains("xs:gYearMonth") {
        ViolationClass::Date
    } else {
        ViolationClass::Other
    }
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
