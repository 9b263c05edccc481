//! The loaded information specification: sources, their field rules and the code lists.

use std::collections::BTreeMap;
use std::fmt;

use regex::Regex;
use rust_decimal::Decimal;
use underlag_domain::{Severity, SourceId};

/// The whole information specification, loaded and checked. Cheap to share via `Arc`.
#[derive(Debug, Clone)]
pub struct Spec {
    /// One entry per source, in [`SourceId::ALL`] order.
    pub(crate) sources: Vec<SourceSpec>,
    /// Code lists by id.
    pub(crate) code_lists: BTreeMap<String, CodeList>,
    /// Concept explanations (`spec/begrepp.toml`), in file order.
    pub(crate) concepts: Vec<crate::concepts::Concept>,
}

/// How a provider's message is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageFormat {
    /// JSON (LEFI).
    Json,
    /// XML (all the others).
    Xml,
}

impl MessageFormat {
    /// `json` or `xml`.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageFormat::Json => "json",
            MessageFormat::Xml => "xml",
        }
    }
}

impl PartialEq<&str> for MessageFormat {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Display for MessageFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the specification says about one source.
#[derive(Debug, Clone)]
pub struct SourceSpec {
    /// Which source.
    pub source: SourceId,
    /// The provider's name (e.g. `Arbetsförmedlingen`).
    pub provider: String,
    /// The provider contract's name (e.g. `ersattningsstod`).
    pub contract: String,
    /// The contract's version (e.g. `v2`).
    pub contract_version: String,
    /// How the message is encoded.
    pub format: MessageFormat,
    /// The message root's name; field paths are relative to it (see `docs/agency-wire.md`).
    pub root: String,
    /// The message root's namespace, where the contract has one.
    pub namespace: Option<String>,
    /// A short description of the source.
    pub description: String,
    /// The field rules, in file order.
    pub fields: Vec<FieldSpec>,
}

/// Whether a field must be there (when its parent is).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Presence {
    /// Must be present whenever its parent is.
    Required,
    /// May be absent.
    Optional,
}

impl Presence {
    /// `required` or `optional`.
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Required => "required",
            Presence::Optional => "optional",
        }
    }
}

/// The type a field's text must parse as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldType {
    /// Any text.
    String,
    /// A whole number, optionally signed.
    Integer,
    /// A decimal number (`.` as separator, optionally signed).
    Decimal,
    /// `true` or `false` (XML also allows `1`/`0`).
    Boolean,
    /// An ISO date `yyyy-mm-dd`, optionally with a time-zone offset (`1997-09-12+02:00`, `Z`).
    Date,
    /// An ISO date, or a month `yyyy-mm` where the day is not given (LEFI `fran`/`till`).
    PartialDate,
    /// A date `yyyymmdd`, where `0` means "not decided".
    CompactDate,
    /// An ISO week `yyyyWW`.
    IsoWeek,
    /// A 12-digit personnummer or samordningsnummer with a valid date and check digit.
    Personnummer,
    /// A 10-digit personnummer without century (CSN, TNS).
    Personnummer10,
    /// A personnummer of 10 or 12 digits (LEFI).
    PersonnummerAny,
    /// An amount in kronor (at most two decimals).
    Amount,
    /// An element that only groups others; its own text is not checked.
    Group,
}

impl FieldType {
    /// Every type, for error messages and the documentation.
    pub const ALL: [FieldType; 13] = [
        FieldType::String,
        FieldType::Integer,
        FieldType::Decimal,
        FieldType::Boolean,
        FieldType::Date,
        FieldType::PartialDate,
        FieldType::CompactDate,
        FieldType::IsoWeek,
        FieldType::Personnummer,
        FieldType::Personnummer10,
        FieldType::PersonnummerAny,
        FieldType::Amount,
        FieldType::Group,
    ];

    /// The name used in the TOML files.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Integer => "integer",
            FieldType::Decimal => "decimal",
            FieldType::Boolean => "boolean",
            FieldType::Date => "date",
            FieldType::PartialDate => "partial_date",
            FieldType::CompactDate => "compact_date",
            FieldType::IsoWeek => "iso_week",
            FieldType::Personnummer => "personnummer",
            FieldType::Personnummer10 => "personnummer10",
            FieldType::PersonnummerAny => "personnummer_any",
            FieldType::Amount => "amount",
            FieldType::Group => "group",
        }
    }

    /// Parses a type name as written in the TOML files.
    pub fn from_name(name: &str) -> Option<FieldType> {
        FieldType::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// Whether a value of this type identifies a person (never quoted in messages).
    pub fn is_identity(self) -> bool {
        matches!(
            self,
            FieldType::Personnummer | FieldType::Personnummer10 | FieldType::PersonnummerAny
        )
    }
}

/// One field of a message model and the rule its value must follow.
#[derive(Debug, Clone)]
pub struct FieldSpec {
    /// The rule's stable id (e.g. `AF-012`).
    pub id: String,
    /// The path relative to the message root; `@name` as last segment names an attribute,
    /// `(a|b)` matches either name.
    pub path: String,
    /// The parsed path.
    pub(crate) steps: Vec<crate::path::Step>,
    /// The Swedish label.
    pub label_sv: String,
    /// An English gloss.
    pub gloss_en: String,
    /// Whether it must be present when its parent is.
    pub presence: Presence,
    /// The type its text must parse as.
    pub field_type: FieldType,
    /// A regular expression the whole text must match.
    pub pattern: Option<Regex>,
    /// The longest allowed text, in characters.
    pub max_length: Option<usize>,
    /// The smallest allowed numeric value.
    pub min: Option<Decimal>,
    /// The largest allowed numeric value.
    pub max: Option<Decimal>,
    /// The code lists the value must be in (any one of them); empty for no code-list check.
    pub code_lists: Vec<String>,
    /// How serious a breach of this rule is.
    pub severity: Severity,
    /// The severity when a required field is absent or empty (defaults to `severity`).
    pub missing_severity: Option<Severity>,
    /// For identity types: the severity when only the check digit is wrong (defaults to
    /// `severity`).
    pub check_digit_severity: Option<Severity>,
    /// Whether the value is personal data (a name, an address, free text): never quoted.
    pub personal: bool,
    /// A note for the reader (deviations, inferences).
    pub note: Option<String>,
}

impl FieldSpec {
    /// The severity of a missing or empty required value.
    pub fn severity_when_missing(&self) -> Severity {
        self.missing_severity.unwrap_or(self.severity)
    }

    /// The severity of an identity number whose only fault is its check digit.
    pub fn severity_when_check_digit_wrong(&self) -> Severity {
        self.check_digit_severity.unwrap_or(self.severity)
    }

    /// Whether a violation message may quote the offending value.
    pub fn may_quote(&self) -> bool {
        if self.personal || self.field_type.is_identity() {
            return false;
        }
        self.field_type != FieldType::String || !self.code_lists.is_empty()
    }
}

/// A code list (kodverk).
#[derive(Debug, Clone)]
pub struct CodeList {
    /// Its id (e.g. `fk-formansgrupp`).
    pub id: String,
    /// Its Swedish name.
    pub name_sv: String,
    /// Who defines it.
    pub provider: String,
    /// The contract version it belongs to.
    pub contract_version: String,
    /// Where the values come from, and what is inferred.
    pub description: String,
    /// A prefix the provider puts before every code in messages (LEFI writes `FK:ABB` for
    /// the code `ABB`); lookups accept the code with or without it.
    pub prefix: Option<String>,
    /// The codes, in file order.
    pub codes: Vec<Code>,
}

impl CodeList {
    /// The entry for a code, if listed; the code may carry the list's prefix.
    pub fn get(&self, code: &str) -> Option<&Code> {
        let code = code.trim();
        let bare = self
            .prefix
            .as_deref()
            .and_then(|p| code.strip_prefix(p))
            .unwrap_or(code);
        self.codes.iter().find(|c| c.code == bare || c.code == code)
    }
}

/// Where a code and its meaning come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provenance {
    /// An enumeration in the provider's contract schema (XSD or OpenAPI).
    Schema,
    /// The provider's documentation (including descriptions in the contract).
    Documentation,
    /// This project's inference (from examples, names or practice).
    Inferred,
}

impl Provenance {
    /// `schema`, `documentation` or `inferred`.
    pub fn as_str(self) -> &'static str {
        match self {
            Provenance::Schema => "schema",
            Provenance::Documentation => "documentation",
            Provenance::Inferred => "inferred",
        }
    }

    /// Parses the notation of the kodverk files.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "schema" => Some(Provenance::Schema),
            "documentation" => Some(Provenance::Documentation),
            "inferred" => Some(Provenance::Inferred),
            _ => None,
        }
    }
}

/// One code of a code list.
#[derive(Debug, Clone)]
pub struct Code {
    /// The code as it appears in messages.
    pub code: String,
    /// The Swedish label.
    pub label_sv: String,
    /// An English gloss.
    pub gloss_en: String,
    /// Whether the meaning is this project's inference rather than the provider's documentation.
    pub inferred: bool,
    /// Where the code and its meaning come from.
    pub provenance: Provenance,
    /// First day the code is valid (ISO date), if limited.
    pub valid_from: Option<String>,
    /// Last day the code is valid (ISO date), if limited.
    pub valid_to: Option<String>,
}
