//! Turns the TOML files into a checked [`Spec`]: parsing, then every semantic check.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;
use std::str::FromStr;

use toml::Spanned;
use underlag_domain::SourceId;

use crate::error::{SpecError, line_column};
use crate::field;
use crate::model::{Code, CodeList, MessageFormat, Provenance, SourceSpec, Spec};
use crate::raw::{RawCode, RawCodeList, RawSource};

/// One specification file: the name used in error messages and its text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SpecFile<'a> {
    /// Where the file is, as shown in error messages (e.g. `spec/sources/af.toml`).
    pub(crate) name: &'a str,
    /// The file's contents.
    pub(crate) text: &'a str,
}

impl SpecFile<'_> {
    pub(crate) fn invalid(&self, span: Range<usize>, message: impl Into<String>) -> SpecError {
        let (line, column) = line_column(self.text, span.start);
        SpecError::Invalid {
            file: self.name.to_owned(),
            line,
            column,
            message: message.into(),
        }
    }

    pub(crate) fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, SpecError> {
        toml::from_str(self.text).map_err(|e| {
            let (line, column) = line_column(self.text, e.span().map_or(0, |s| s.start));
            SpecError::Syntax {
                file: self.name.to_owned(),
                line,
                column,
                message: e.message().trim().to_owned(),
            }
        })
    }

    fn stem(&self) -> &str {
        Path::new(self.name)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
    }
}

/// Builds a [`Spec`] from the source files and the code-list files.
pub(crate) fn build(
    sources: &[SpecFile<'_>],
    kodverk: &[SpecFile<'_>],
    sources_dir: &str,
) -> Result<Spec, SpecError> {
    let mut code_lists = BTreeMap::new();
    for file in kodverk {
        let list = code_list(file, file.parse()?)?;
        if code_lists.contains_key(&list.id) {
            return Err(file.invalid(0..0, format!("duplicate code list id '{}'", list.id)));
        }
        code_lists.insert(list.id.clone(), list);
    }

    let mut by_source: BTreeMap<SourceId, SourceSpec> = BTreeMap::new();
    let mut rule_ids: HashMap<String, String> = HashMap::new();
    for file in sources {
        let spec = source(file, file.parse()?, &code_lists, &mut rule_ids)?;
        by_source.insert(spec.source, spec);
    }

    let mut take = |id: SourceId| {
        by_source.remove(&id).ok_or_else(|| SpecError::Io {
            file: format!("{sources_dir}/{}.toml", id.slug()),
            message: format!("missing: the specification has no file for source {id}"),
        })
    };
    let sources = SourceId::ALL
        .into_iter()
        .map(&mut take)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Spec {
        sources,
        code_lists,
        concepts: Vec::new(),
    })
}

fn code_list(file: &SpecFile<'_>, raw: RawCodeList) -> Result<CodeList, SpecError> {
    let id = raw.id.get_ref().trim();
    if id.is_empty() || id != file.stem() {
        return Err(file.invalid(
            raw.id.span(),
            format!(
                "code list id '{id}' must equal the file name '{}'",
                file.stem()
            ),
        ));
    }
    let provenance_of = |text: &Spanned<String>| {
        Provenance::parse(text.get_ref().trim()).ok_or_else(|| {
            file.invalid(
                text.span(),
                "provenance must be 'schema', 'documentation' or 'inferred'",
            )
        })
    };
    let list_provenance = provenance_of(&raw.provenance)?;
    let mut codes: Vec<Code> = Vec::with_capacity(raw.codes.len());
    for entry in raw.codes {
        let span = entry.span();
        let RawCode {
            code,
            label_sv,
            gloss_en,
            inferred,
            provenance,
            valid_from,
            valid_to,
        } = entry.into_inner();
        let provenance = match provenance {
            Some(own) => provenance_of(&own)?,
            None if inferred => Provenance::Inferred,
            None => list_provenance,
        };
        if inferred && provenance != Provenance::Inferred {
            return Err(file.invalid(
                span.clone(),
                format!(
                    "code '{}' is inferred but its provenance says otherwise",
                    code.get_ref()
                ),
            ));
        }
        if code.get_ref().is_empty() {
            return Err(file.invalid(code.span(), "empty code"));
        }
        if codes.iter().any(|c| &c.code == code.get_ref()) {
            return Err(file.invalid(
                code.span(),
                format!("duplicate code '{}' in code list '{id}'", code.get_ref()),
            ));
        }
        if label_sv.trim().is_empty() {
            return Err(file.invalid(
                span,
                format!("code '{}' has an empty label_sv", code.get_ref()),
            ));
        }
        let valid_from = valid_from.map(|d| iso_date(file, d)).transpose()?;
        let valid_to = valid_to.map(|d| iso_date(file, d)).transpose()?;
        codes.push(Code {
            code: code.into_inner(),
            label_sv,
            gloss_en,
            inferred: provenance == Provenance::Inferred,
            provenance,
            valid_from,
            valid_to,
        });
    }
    Ok(CodeList {
        id: id.to_owned(),
        name_sv: raw.name_sv,
        provider: raw.provider,
        contract_version: raw.contract_version,
        description: raw.description,
        prefix: raw.prefix,
        codes,
    })
}

fn iso_date(file: &SpecFile<'_>, value: Spanned<String>) -> Result<String, SpecError> {
    match jiff::civil::Date::from_str(value.get_ref()) {
        Ok(_) => Ok(value.into_inner()),
        Err(_) => Err(file.invalid(
            value.span(),
            format!("'{}' is not an ISO date (yyyy-mm-dd)", value.get_ref()),
        )),
    }
}

fn source(
    file: &SpecFile<'_>,
    raw: RawSource,
    code_lists: &BTreeMap<String, CodeList>,
    rule_ids: &mut HashMap<String, String>,
) -> Result<SourceSpec, SpecError> {
    let id = SourceId::from_str(raw.source.get_ref())
        .map_err(|e| file.invalid(raw.source.span(), e.to_string()))?;
    if id.slug() != file.stem() {
        return Err(file.invalid(
            raw.source.span(),
            format!(
                "source {id} must be described in '{}.toml', not '{}.toml'",
                id.slug(),
                file.stem()
            ),
        ));
    }
    let format = match raw.format.get_ref().as_str() {
        "json" => MessageFormat::Json,
        "xml" => MessageFormat::Xml,
        other => {
            return Err(file.invalid(
                raw.format.span(),
                format!("unknown format '{other}'; use json or xml"),
            ));
        }
    };
    if raw.root.get_ref().trim().is_empty() {
        return Err(file.invalid(raw.root.span(), "missing message root"));
    }
    let mut fields = Vec::with_capacity(raw.fields.len());
    for entry in raw.fields {
        let span = entry.span();
        let field = field::field(file, id, entry.into_inner(), code_lists)?;
        if let Some(first) = rule_ids.insert(field.id.clone(), file.name.to_owned()) {
            return Err(file.invalid(
                span,
                format!("duplicate rule id '{}' (first used in {first})", field.id),
            ));
        }
        fields.push(field);
    }
    Ok(SourceSpec {
        source: id,
        provider: raw.provider,
        contract: raw.contract,
        contract_version: raw.contract_version,
        format,
        root: raw.root.into_inner(),
        namespace: raw.namespace,
        description: raw.description.trim().to_owned(),
        fields,
    })
}
