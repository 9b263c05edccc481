//! The TOML shape of the specification files, exactly as written, with source positions.

use serde::Deserialize;
use toml::Spanned;

/// `spec/sources/<slug>.toml`: one source and its message model.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    pub(crate) source: Spanned<String>,
    pub(crate) provider: String,
    pub(crate) contract: String,
    pub(crate) contract_version: String,
    pub(crate) format: Spanned<String>,
    pub(crate) root: Spanned<String>,
    #[serde(default)]
    pub(crate) namespace: Option<String>,
    pub(crate) description: String,
    #[serde(default, rename = "field")]
    pub(crate) fields: Vec<Spanned<RawField>>,
}

/// One `[[field]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawField {
    pub(crate) id: Spanned<String>,
    pub(crate) path: Spanned<String>,
    pub(crate) label_sv: String,
    pub(crate) gloss_en: String,
    pub(crate) presence: Spanned<String>,
    #[serde(rename = "type")]
    pub(crate) field_type: Spanned<String>,
    pub(crate) severity: Spanned<String>,
    #[serde(default)]
    pub(crate) pattern: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) max_length: Option<Spanned<i64>>,
    #[serde(default)]
    pub(crate) min: Option<Spanned<RawNumber>>,
    #[serde(default)]
    pub(crate) max: Option<Spanned<RawNumber>>,
    #[serde(default)]
    pub(crate) code_list: Option<Spanned<OneOrMany>>,
    #[serde(default)]
    pub(crate) missing_severity: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) check_digit_severity: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) personal: bool,
    #[serde(default)]
    pub(crate) note: Option<String>,
}

/// A bound written as a TOML integer, float or string.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawNumber {
    Integer(i64),
    Float(f64),
    Text(String),
}

/// A single string or an array of strings.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub(crate) fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(one) => vec![one],
            OneOrMany::Many(many) => many,
        }
    }
}

/// `spec/kodverk/<id>.toml`: one code list.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCodeList {
    pub(crate) id: Spanned<String>,
    pub(crate) name_sv: String,
    pub(crate) provider: String,
    pub(crate) contract_version: String,
    pub(crate) description: String,
    #[serde(default)]
    pub(crate) prefix: Option<String>,
    /// Where the codes come from unless a code says otherwise (required).
    pub(crate) provenance: Spanned<String>,
    #[serde(default, rename = "code")]
    pub(crate) codes: Vec<Spanned<RawCode>>,
}

/// One `[[code]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCode {
    pub(crate) code: Spanned<String>,
    pub(crate) label_sv: String,
    pub(crate) gloss_en: String,
    #[serde(default)]
    pub(crate) inferred: bool,
    #[serde(default)]
    pub(crate) provenance: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) valid_from: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) valid_to: Option<Spanned<String>>,
}
