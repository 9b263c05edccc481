//! The provider cases as data: one TOML file per case under `conformance/cases/<source>/`, and
//! one `source.toml` per source (the time budget and the provider's schema: an XSD of the
//! contract, or one of Underlag's own schemas in `spec/schemas/` for the sources without a
//! published contract). Adding a case is adding a file; the loader checks every file and names
//! the file and field at fault.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use underlag_domain::SourceId;

/// Why the cases could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// A file or folder could not be read.
    #[error("cannot read {path}: {reason}")]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A file is not a valid case or profile.
    #[error("{path}: {reason}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong (field and problem).
        reason: String,
    },
}

/// What part of the contract a case tests.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Requests accepted; answers valid against the schema, field rules and kodverk.
    Contract,
    /// Golden cases on the synthetic population.
    Semantics,
    /// Ping, error form, time budget, client certificates.
    Behaviour,
}

impl Category {
    /// `contract`, `semantics` or `behaviour`.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Contract => "contract",
            Category::Semantics => "semantics",
            Category::Behaviour => "behaviour",
        }
    }
}

/// What a case checks. Every check but `ping`, `error_form` and `client_certificate` asks
/// about `person` over `period` through the gateway's own request builder for the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// The answer's message root is in the namespace the specification names (XML).
    Namespace,
    /// JSON's counterpart of `namespace`: the answer is served as `application/json` and has
    /// no top-level member the specification does not name (a renamed or foreign member would
    /// otherwise be read as absent data).
    DocumentType,
    /// The answer validates against the provider's schema (`source.toml` `[schema]`: an XSD,
    /// checked with `xmllint`, or a JSON Schema).
    Schema,
    /// No required field of the specification is missing or empty.
    RequiredFields,
    /// Every coded value is in its kodverk.
    Kodverk,
    /// Every date follows the field's date notation.
    DateFormat,
    /// No field rule of severity `error` is broken, and the answer can be read.
    FieldRules,
    /// The answer is data about the person, carrying the facts in `[expect]`.
    KnownFacts,
    /// The answer is the contract's "no match", not an error.
    NoMatch,
    /// The answer carries the protection marker.
    ProtectedMarker,
    /// The answer arrives within the source's time budget.
    TimeBudget,
    /// The agency's test service (ping) answers.
    Ping,
    /// A malformed request gets an error in the contract's own form (`[request]`, `[expect]`).
    ErrorForm,
    /// A connection without a client certificate is refused.
    ClientCertificate,
}

impl Check {
    /// Whether the case asks about a person.
    pub fn is_lookup(self) -> bool {
        !matches!(
            self,
            Check::Ping | Check::ErrorForm | Check::ClientCertificate
        )
    }
}

/// A raw request a case sends as is (for `error_form`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRequest {
    /// `POST` (default) or `GET`.
    #[serde(default = "default_method")]
    pub method: String,
    /// The path below the base URL.
    pub path: String,
    /// The content type.
    #[serde(default)]
    pub content_type: Option<String>,
    /// Extra headers.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The body.
    #[serde(default)]
    pub body: String,
}

fn default_method() -> String {
    "POST".to_owned()
}

/// What a case expects beyond its check.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// Texts the canonical data (as JSON) must contain (`known_facts`).
    #[serde(default)]
    pub contains: Vec<String>,
    /// JSON pointers into the canonical data and the value each must have (`known_facts`).
    #[serde(default)]
    pub values: BTreeMap<String, serde_json::Value>,
    /// Acceptable HTTP statuses (`error_form`).
    #[serde(default)]
    pub status: Vec<u16>,
    /// Texts the error body must contain (`error_form`).
    #[serde(default)]
    pub body_contains: Vec<String>,
    /// The content type the error must have, as a prefix (`error_form`).
    #[serde(default)]
    pub content_type: Option<String>,
}

/// One provider case, as written in its file.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Unique id, `<source>.<category>.<name>`.
    pub id: String,
    /// One line saying what is tested.
    pub title: String,
    /// Contract, semantics or behaviour.
    pub category: Category,
    /// What is checked.
    pub check: Check,
    /// The fault a failure stands for, named in the failure (e.g. `wrong namespace`).
    pub fault: String,
    /// The person asked about (a test personnummer of the synthetic population).
    #[serde(default)]
    pub person: Option<String>,
    /// The period asked about, `yyyy-mm-dd/yyyy-mm-dd`.
    #[serde(default)]
    pub period: Option<String>,
    /// A raw request (`error_form`).
    #[serde(default)]
    pub request: Option<RawRequest>,
    /// Expectations beyond the check.
    #[serde(default)]
    pub expect: Expect,
    /// The file the case came from (set by the loader).
    #[serde(skip)]
    pub file: PathBuf,
}

/// Where a source's schema comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchemaOrigin {
    /// The provider's published contract: `file` is relative to the contract's schema folder.
    #[default]
    Contract,
    /// Underlag's own specification, for a source without a published contract: `file` names
    /// a schema of `spec/schemas/`, compiled into the kit ([`crate::spec_schemas`]).
    Spec,
}

/// Which schema a source's answers are validated against, and which element of the answer.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaProfile {
    /// Where the schema comes from (`contract` by default).
    #[serde(default)]
    pub origin: SchemaOrigin,
    /// The schema: an XSD (`.xsd`, checked with `xmllint`) or a JSON Schema (`.json`).
    pub file: String,
    /// The element of the answer (local name) an XSD validates; for a JSON Schema, which
    /// validates the whole answer, the name the message goes by in reports.
    pub element: String,
    /// Files laid over the schema folder before validating (target path relative to the
    /// schema folder → file relative to the conformance folder), for imports the contract
    /// does not publish (`contract` origin only).
    #[serde(default)]
    pub overlay: BTreeMap<String, String>,
}

/// What kind of schema a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    /// An XML Schema (`.xsd`).
    Xsd,
    /// A JSON Schema (`.json`, draft 2020-12).
    Json,
}

impl SchemaProfile {
    /// The schema's kind, by the file's extension.
    pub fn kind(&self) -> Option<SchemaKind> {
        if self.file.ends_with(".xsd") {
            Some(SchemaKind::Xsd)
        } else if self.file.ends_with(".json") {
            Some(SchemaKind::Json)
        } else {
            None
        }
    }

    fn validate(&self) -> Result<(), String> {
        if self.kind().is_none() {
            return Err(
                "field 'schema.file' must name an XSD (.xsd) or a JSON Schema (.json)".to_owned(),
            );
        }
        if self.origin == SchemaOrigin::Spec {
            if crate::spec_schemas::text(&self.file).is_none() {
                return Err(format!(
                    "field 'schema.file': '{}' is not a schema of spec/schemas (known: {})",
                    self.file,
                    crate::spec_schemas::names().join(", ")
                ));
            }
            if !self.overlay.is_empty() {
                return Err("field 'schema.overlay' is for the contract's schemas only".to_owned());
            }
        }
        Ok(())
    }
}

/// What the suite needs to know about one source (`source.toml`).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceProfile {
    /// The source's contract code (`AF`, …).
    pub source: String,
    /// The time budget for one answer, in milliseconds.
    pub budget_ms: u64,
    /// The provider's schema (absent for LEFI's JSON).
    #[serde(default)]
    pub schema: Option<SchemaProfile>,
}

/// One source's suite: its profile and cases, ordered by id.
#[derive(Debug, Clone)]
pub struct Suite {
    /// Which source.
    pub source: SourceId,
    /// The profile.
    pub profile: SourceProfile,
    /// The cases.
    pub cases: Vec<Case>,
    /// The conformance folder the suite was loaded from (overlay files are relative to it).
    pub root: PathBuf,
}

fn read(path: &Path) -> Result<String, CaseError> {
    std::fs::read_to_string(path).map_err(|e| CaseError::Read {
        path: path.to_owned(),
        reason: e.to_string(),
    })
}

fn invalid(path: &Path, reason: impl Into<String>) -> CaseError {
    CaseError::Invalid {
        path: path.to_owned(),
        reason: reason.into(),
    }
}

/// Loads `<root>/cases/<source slug>/`: `source.toml` and every other `*.toml` as a case.
pub fn load_suite(root: &Path, source: SourceId) -> Result<Suite, CaseError> {
    let dir = root.join("cases").join(source.slug());
    let profile_path = dir.join("source.toml");
    let profile: SourceProfile =
        toml::from_str(&read(&profile_path)?).map_err(|e| invalid(&profile_path, e.to_string()))?;
    if !profile.source.eq_ignore_ascii_case(source.code()) {
        return Err(invalid(
            &profile_path,
            format!("field 'source' must be {}", source.code()),
        ));
    }
    if let Some(schema) = &profile.schema {
        schema
            .validate()
            .map_err(|reason| invalid(&profile_path, reason))?;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| CaseError::Read {
            path: dir.clone(),
            reason: e.to_string(),
        })?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter(|p| p.file_name().is_some_and(|n| n != "source.toml"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let mut case: Case =
            toml::from_str(&read(&file)?).map_err(|e| invalid(&file, e.to_string()))?;
        validate_case(&case, source).map_err(|reason| invalid(&file, reason))?;
        case.file = file;
        cases.push(case);
    }
    cases.sort_by(|a, b| a.id.cmp(&b.id));
    for pair in cases.windows(2) {
        if pair[0].id == pair[1].id {
            return Err(invalid(
                &pair[1].file,
                format!("field 'id': '{}' is used twice", pair[1].id),
            ));
        }
    }
    if cases.is_empty() {
        return Err(invalid(&dir, "no cases"));
    }
    Ok(Suite {
        source,
        profile,
        cases,
        root: root.to_owned(),
    })
}

fn validate_case(case: &Case, source: SourceId) -> Result<(), String> {
    let prefix = format!("{}.", source.slug());
    if !case.id.starts_with(&prefix) {
        return Err(format!("field 'id' must start with '{prefix}'"));
    }
    if case.check.is_lookup() {
        if case.person.is_none() {
            return Err("field 'person' is required for this check".to_owned());
        }
        if case.period.is_none() {
            return Err("field 'period' is required for this check".to_owned());
        }
    }
    if case.check == Check::ErrorForm && case.request.is_none() {
        return Err("section [request] is required for check 'error_form'".to_owned());
    }
    Ok(())
}

/// One scripted scenario of the consumer stand-in (`conformance/scenarios/*.toml`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Unique id (`partial_answer`, …); also the value of the `X-Underlag-Scenario` header.
    pub id: String,
    /// What the scenario shows a case system.
    pub title: String,
    /// The test personnummer that selects this scenario.
    #[serde(default)]
    pub person: Option<String>,
    /// The whole call fails, in the door's own error form (REST 503, SOAP fault).
    #[serde(default)]
    pub call_fault: bool,
    /// Per source (contract code), the outcome to answer: `ok`, `no_match` (as the population
    /// says), `timed_out`, `unavailable`, `invalid_response`, `source_error`.
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
    /// The file it came from.
    #[serde(skip)]
    pub file: PathBuf,
}

/// Loads every `<root>/scenarios/*.toml`, ordered by id.
pub fn load_scenarios(root: &Path) -> Result<Vec<Scenario>, CaseError> {
    let dir = root.join("scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| CaseError::Read {
            path: dir.clone(),
            reason: e.to_string(),
        })?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut out: Vec<Scenario> = Vec::new();
    for file in files {
        let mut scenario: Scenario =
            toml::from_str(&read(&file)?).map_err(|e| invalid(&file, e.to_string()))?;
        if out.iter().any(|s| s.id == scenario.id) {
            return Err(invalid(
                &file,
                format!("field 'id': '{}' is used twice", scenario.id),
            ));
        }
        for (source, outcome) in &scenario.sources {
            source
                .parse::<SourceId>()
                .map_err(|_| invalid(&file, format!("[sources]: unknown source '{source}'")))?;
            if !OUTCOMES.contains(&outcome.as_str()) {
                return Err(invalid(
                    &file,
                    format!("[sources] {source}: unknown outcome '{outcome}'"),
                ));
            }
        }
        scenario.file = file;
        out.push(scenario);
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// The outcomes a scenario may script per source (`ok` and `no_match` answer as the
/// population says).
pub const OUTCOMES: [&str; 6] = [
    "ok",
    "no_match",
    "timed_out",
    "unavailable",
    "invalid_response",
    "source_error",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// A conformance folder with one source's `source.toml` and one ping case.
    fn folder(source_toml: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let cases = dir.path().join("cases").join("kfm");
        std::fs::create_dir_all(&cases).unwrap();
        std::fs::write(cases.join("source.toml"), source_toml).unwrap();
        std::fs::write(
            cases.join("behaviour-ping.toml"),
            "id = \"kfm.behaviour.ping\"\ntitle = \"ping\"\ncategory = \"behaviour\"\n\
             check = \"ping\"\nfault = \"http_500_on_ping\"\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn a_schema_of_the_specification_must_exist_and_have_a_known_kind() {
        let ok = folder(
            "source = \"KFM\"\nbudget_ms = 1\n[schema]\norigin = \"spec\"\n\
             file = \"kfm-galdenarsuppgifter-1.schema.json\"\nelement = \"Galdenarsuppgifter\"\n",
        );
        let suite = load_suite(ok.path(), SourceId::Kfm).unwrap();
        let schema = suite.profile.schema.unwrap();
        assert_eq!(
            (schema.origin, schema.kind()),
            (SchemaOrigin::Spec, Some(SchemaKind::Json))
        );

        let unknown = folder(
            "source = \"KFM\"\nbudget_ms = 1\n[schema]\norigin = \"spec\"\n\
             file = \"nope.xsd\"\nelement = \"X\"\n",
        );
        let err = load_suite(unknown.path(), SourceId::Kfm)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("field 'schema.file'") && err.contains("nope.xsd"),
            "{err}"
        );

        let kind = folder(
            "source = \"KFM\"\nbudget_ms = 1\n[schema]\nfile = \"schema.txt\"\nelement = \"X\"\n",
        );
        let err = load_suite(kind.path(), SourceId::Kfm)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("an XSD (.xsd) or a JSON Schema (.json)"),
            "{err}"
        );
    }
}
