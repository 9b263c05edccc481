//! The FK element's `lefiJsonFraga`: base64 of a LEFI v9 `FormansinformationFraga`
//! (`LefiExternFormansinformationFraga` in `lefi-formansinformation-v9.openapi.yaml`), checked
//! against the request rules LEFI itself enforces, before it is forwarded as is:
//!
//! - a JSON object with only the properties the OpenAPI document defines;
//! - `personnummer` required, 10 or 12 digits, and the same person as `personidentitet`;
//! - `period{from, tom}` required, both ISO dates, `from <= tom`, at most two years (LEFI
//!   answers 400 to a longer period: `tom` must be before `from` + 2 years);
//! - the group lists are arrays of unique, known codes (the OpenAPI enums below), and at
//!   least one group or type of other information is asked for.
//!
//! A request that breaks a rule is not sent: FK answers with an `error` (`SSBT-105`, kalla
//! `SSBT`) naming every broken rule, and the other providers answer as usual. Messages name
//! JSON fields, never their values.

use base64::Engine as _;
use jiff::civil::Date;
use serde_json::{Map, Value};
use underlag_domain::period::PeriodError;
use underlag_domain::{Period, Personnummer};

/// `LefiFkFormanGruppKod`.
pub(crate) const FK_GROUPS: &[&str] = &[
    "FK:ABB", "FK:AP", "FK:AS", "FK:BOB", "FK:BST", "FK:BTI", "FK:DPE", "FK:EJO", "FK:ET", "FK:FP",
    "FK:FSJP", "FK:GP", "FK:HE", "FK:MABB", "FK:MEK", "FK:NP", "FK:OMV", "FK:PJOB", "FK:PROG",
    "FK:RBE", "FK:SA", "FK:SBP", "FK:SJP", "FK:TFP", "FK:US", "FK:VB", "FK:YL",
];

/// `LefiPmFormanGruppKod`.
pub(crate) const PM_GROUPS: &[&str] = &["PM:AP", "PM:BTI", "PM:EF"];

/// `LefiExternOvrigInformationTypKod`.
pub(crate) const OTHER_TYPES: &[&str] = &[
    "FK:GEPI", "FK:PANV", "FK:SGI", "FK:SKUP", "FK:STAV", "PM:LINT", "PM:PBH", "PM:PU",
];

/// The group lists of a request and the codes each accepts.
const LISTS: &[(&str, &[&[&str]])] = &[
    ("formansinformation", &[FK_GROUPS]),
    ("ansprak", &[PM_GROUPS]),
    ("beslut", &[PM_GROUPS]),
    ("preliminaraUtbetalningar", &[FK_GROUPS, PM_GROUPS]),
    ("utbetalningar", &[FK_GROUPS, PM_GROUPS]),
    ("ovrigInformation", &[OTHER_TYPES]),
];

/// A checked LEFI request.
#[derive(Debug, Clone)]
pub(crate) struct LefiRequest {
    /// The request exactly as sent (forwarded unchanged).
    pub(crate) json: Value,
    /// Its period.
    pub(crate) period: Period,
}

/// Decodes and checks `lefiJsonFraga` for a query about `person`.
pub(crate) fn check(base64_text: &str, person: &Personnummer) -> Result<LefiRequest, Vec<String>> {
    let compact: String = base64_text
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|_| vec!["lefiJsonFraga är inte giltig base64.".to_owned()])?;
    let json: Value = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|text| serde_json::from_str(text).ok())
        .ok_or_else(|| vec!["lefiJsonFraga är inte JSON i UTF-8.".to_owned()])?;
    let Some(object) = json.as_object() else {
        return Err(vec![
            "lefiJsonFraga ska vara ett JSON-objekt (FormansinformationFraga).".to_owned(),
        ]);
    };
    let mut errors = Vec::new();
    check_properties(object, &mut errors);
    check_person(object.get("personnummer"), person, &mut errors);
    let period = check_period(object.get("period"), &mut errors);
    check_lists(object, &mut errors);
    match period {
        Some(period) if errors.is_empty() => Ok(LefiRequest { json, period }),
        _ => Err(errors),
    }
}

fn check_properties(object: &Map<String, Value>, errors: &mut Vec<String>) {
    for key in object.keys() {
        let known =
            key == "personnummer" || key == "period" || LISTS.iter().any(|(name, _)| name == key);
        if !known {
            let shown = key.len() <= 40 && key.chars().all(|c| c.is_ascii_alphanumeric());
            errors.push(if shown {
                format!("lefiJsonFraga: fältet '{key}' finns inte i LEFI v9.")
            } else {
                "lefiJsonFraga: innehåller ett fält som inte finns i LEFI v9.".to_owned()
            });
        }
    }
}

fn check_person(value: Option<&Value>, person: &Personnummer, errors: &mut Vec<String>) {
    let Some(value) = value else {
        errors.push("lefiJsonFraga: personnummer saknas.".to_owned());
        return;
    };
    let text = value.as_str().unwrap_or_default();
    let digits = text.len() == 10 || text.len() == 12;
    if !digits || !text.bytes().all(|b| b.is_ascii_digit()) {
        errors.push("lefiJsonFraga: personnummer ska bestå av 10 eller 12 siffror.".to_owned());
        return;
    }
    let same = if text.len() == 12 {
        text == person.expose()
    } else {
        text == person.without_century()
    };
    if !same {
        errors.push(
            "lefiJsonFraga: personnummer avser en annan person än personidentitet.".to_owned(),
        );
    }
}

fn check_period(value: Option<&Value>, errors: &mut Vec<String>) -> Option<Period> {
    let Some(period) = value else {
        errors.push("lefiJsonFraga: period saknas.".to_owned());
        return None;
    };
    let Some(period) = period.as_object() else {
        errors.push("lefiJsonFraga: period ska vara ett objekt med from och tom.".to_owned());
        return None;
    };
    let mut date = |key: &str| {
        let parsed = period.get(key).and_then(Value::as_str).and_then(iso_date);
        if parsed.is_none() {
            errors.push(format!(
                "lefiJsonFraga: period.{key} saknas eller är inget datum (ÅÅÅÅ-MM-DD)."
            ));
        }
        parsed
    };
    let (from, tom) = (date("from"), date("tom"));
    let (from, tom) = (from?, tom?);
    let period = match Period::requested(from, tom) {
        Ok(period) => period,
        Err(PeriodError::BeforeEarliest) => {
            errors.push("lefiJsonFraga: perioden får inte börja före 1900-01-01.".to_owned());
            return None;
        }
        Err(_) => {
            errors.push("lefiJsonFraga: period.tom ligger före period.from.".to_owned());
            return None;
        }
    };
    let limit = from.checked_add(jiff::Span::new().years(2)).ok();
    if limit.is_none_or(|limit| tom >= limit) {
        errors.push("lefiJsonFraga: perioden får vara högst två år (LEFI v9).".to_owned());
        return None;
    }
    Some(period)
}

/// An ISO date written `YYYY-MM-DD` (the OpenAPI's `format: date`).
fn iso_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    text.parse().ok()
}

fn check_lists(object: &Map<String, Value>, errors: &mut Vec<String>) {
    let mut asked = 0usize;
    for (name, allowed) in LISTS {
        let Some(value) = object.get(*name) else {
            continue;
        };
        let Some(items) = value.as_array() else {
            errors.push(format!("lefiJsonFraga: {name} ska vara en lista."));
            continue;
        };
        asked += items.len();
        let mut seen: Vec<&str> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let code = item.as_str().unwrap_or_default();
            if !allowed.iter().any(|codes| codes.contains(&code)) {
                errors.push(format!(
                    "lefiJsonFraga: {name}[{i}] är ingen känd kod i LEFI v9."
                ));
            } else if seen.contains(&code) {
                errors.push(format!(
                    "lefiJsonFraga: {name}[{i}] upprepar en kod (koderna ska vara unika)."
                ));
            }
            seen.push(code);
        }
    }
    if asked == 0 {
        errors.push(
            "lefiJsonFraga: ingen förmånsgrupp eller typ av övrig information efterfrågas."
                .to_owned(),
        );
    }
}

#[cfg(test)]
mod tests;
