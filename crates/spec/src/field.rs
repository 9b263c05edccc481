//! Checks one `[[field]]` entry of a source file and turns it into a [`FieldSpec`].

use std::collections::BTreeMap;
use std::str::FromStr;

use regex::Regex;
use rust_decimal::Decimal;
use toml::Spanned;
use underlag_domain::{Severity, SourceId};

use crate::error::SpecError;
use crate::load::SpecFile;
use crate::model::{CodeList, FieldSpec, FieldType, Presence};
use crate::path;
use crate::raw::{RawField, RawNumber};

/// Checks a field entry: id shape, path syntax, known names, compilable pattern, known code lists.
pub(crate) fn field(
    file: &SpecFile<'_>,
    source: SourceId,
    raw: RawField,
    code_lists: &BTreeMap<String, CodeList>,
) -> Result<FieldSpec, SpecError> {
    let id = raw.id.get_ref();
    let well_formed_id = id
        .strip_prefix(source.code())
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|n| n.len() == 3 && n.bytes().all(|b| b.is_ascii_digit()));
    if !well_formed_id {
        let message = format!("rule id '{id}' must look like {}-001", source.code());
        return Err(file.invalid(raw.id.span(), message));
    }
    let steps = path::parse(raw.path.get_ref()).map_err(|reason| {
        file.invalid(
            raw.path.span(),
            format!("invalid path '{}': {reason}", raw.path.get_ref()),
        )
    })?;
    let presence = match raw.presence.get_ref().as_str() {
        "required" => Presence::Required,
        "optional" => Presence::Optional,
        other => {
            let message = format!("unknown presence '{other}'; use required or optional");
            return Err(file.invalid(raw.presence.span(), message));
        }
    };
    let field_type = FieldType::from_name(raw.field_type.get_ref()).ok_or_else(|| {
        let known: Vec<&str> = FieldType::ALL.iter().map(|t| t.as_str()).collect();
        let message = format!(
            "unknown type '{}'; known types are {}",
            raw.field_type.get_ref(),
            known.join(", ")
        );
        file.invalid(raw.field_type.span(), message)
    })?;
    let severity = parse_severity(file, &raw.severity)?;
    let missing_severity = match &raw.missing_severity {
        Some(s) if presence == Presence::Optional => {
            return Err(file.invalid(s.span(), "missing_severity applies only to required fields"));
        }
        Some(s) => Some(parse_severity(file, s)?),
        None => None,
    };
    let check_digit_severity = match &raw.check_digit_severity {
        Some(s) if !field_type.is_identity() => {
            return Err(file.invalid(
                s.span(),
                "check_digit_severity applies only to personnummer types",
            ));
        }
        Some(s) => Some(parse_severity(file, s)?),
        None => None,
    };
    if field_type == FieldType::Group
        && (raw.pattern.is_some()
            || raw.max_length.is_some()
            || raw.min.is_some()
            || raw.max.is_some()
            || raw.code_list.is_some())
    {
        let message = "a group has no value: no pattern, length, range or code list";
        return Err(file.invalid(raw.field_type.span(), message));
    }
    let pattern = raw.pattern.map(|p| compile(file, &p)).transpose()?;
    let max_length = raw
        .max_length
        .map(|m| {
            usize::try_from(*m.get_ref())
                .map_err(|_| file.invalid(m.span(), "max_length must not be negative"))
        })
        .transpose()?;
    let numeric = matches!(
        field_type,
        FieldType::Integer | FieldType::Decimal | FieldType::Amount
    );
    let min = raw.min.map(|m| bound(file, numeric, m)).transpose()?;
    let max = raw.max.map(|m| bound(file, numeric, m)).transpose()?;
    let lists = match raw.code_list {
        Some(list) => {
            let span = list.span();
            let ids = list.into_inner().into_vec();
            if let Some(unknown) = ids.iter().find(|id| !code_lists.contains_key(*id)) {
                return Err(file.invalid(span, format!("unknown code list '{unknown}'")));
            }
            if ids.is_empty() {
                return Err(file.invalid(span, "empty code_list"));
            }
            ids
        }
        None => Vec::new(),
    };
    Ok(FieldSpec {
        id: raw.id.into_inner(),
        path: raw.path.into_inner(),
        steps,
        label_sv: raw.label_sv,
        gloss_en: raw.gloss_en,
        presence,
        field_type,
        pattern,
        max_length,
        min,
        max,
        code_lists: lists,
        severity,
        missing_severity,
        check_digit_severity,
        personal: raw.personal,
        note: raw.note,
    })
}

fn parse_severity(file: &SpecFile<'_>, value: &Spanned<String>) -> Result<Severity, SpecError> {
    match value.get_ref().as_str() {
        "warning" => Ok(Severity::Warning),
        "error" => Ok(Severity::Error),
        other => Err(file.invalid(
            value.span(),
            format!("unknown severity '{other}'; use warning or error"),
        )),
    }
}

fn compile(file: &SpecFile<'_>, pattern: &Spanned<String>) -> Result<Regex, SpecError> {
    Regex::new(&format!("^(?:{})$", pattern.get_ref())).map_err(|e| {
        let reason = e.to_string();
        let last = reason
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .unwrap_or(&reason)
            .trim();
        file.invalid(pattern.span(), format!("invalid pattern: {last}"))
    })
}

fn bound(
    file: &SpecFile<'_>,
    numeric: bool,
    value: Spanned<RawNumber>,
) -> Result<Decimal, SpecError> {
    let span = value.span();
    if !numeric {
        return Err(file.invalid(
            span,
            "min and max apply only to integer, decimal and amount",
        ));
    }
    match value.into_inner() {
        RawNumber::Integer(i) => Ok(Decimal::from(i)),
        RawNumber::Float(f) => {
            Decimal::from_f64_retain(f).ok_or_else(|| file.invalid(span, "bound out of range"))
        }
        RawNumber::Text(t) => Decimal::from_str(t.trim())
            .map_err(|_| file.invalid(span, format!("'{t}' is not a number"))),
    }
}
