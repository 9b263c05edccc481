//! The look-up form: what the case worker typed, checked field by field into a
//! [`LookupInput`], with a Swedish message per field that names the field and never repeats
//! what was typed.

use std::collections::BTreeSet;

use jiff::civil::Date;
use underlag_domain::free_text::parse_free_text;
use underlag_domain::period::parse_iso_date;
use underlag_domain::{Period, Personnummer, SourceId};
use underlag_overview::Month;

use crate::config::WebConfig;
use crate::form::FormData;

/// The most household members one look-up takes.
pub const MAX_MEMBERS: usize = 10;

/// The longest case id accepted.
pub const MAX_CASE_ID: usize = 64;

/// One invalid field: its name (the form field's id) and a Swedish message naming it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field (`case_id`, `members`, …), also the element id the error summary links to.
    pub field: &'static str,
    /// The message, in Swedish, without the value.
    pub message: String,
}

/// The form as typed (shown again, escaped, when it comes back with errors).
#[derive(Debug, Clone, Default)]
pub struct LookupForm {
    /// Ärendeidentitet.
    pub case_id: String,
    /// Hushållets medlemmar, one per line.
    pub members: String,
    /// Ansökningsmånad, `YYYY-MM`.
    pub application_month: String,
    /// Period from (optional).
    pub period_from: String,
    /// Period to (optional).
    pub period_to: String,
    /// The purpose code.
    pub purpose: String,
    /// The sources ticked (slugs).
    pub sources: BTreeSet<String>,
}

impl LookupForm {
    /// Reads the form's fields.
    pub fn read(form: &FormData) -> Self {
        Self {
            case_id: form.get("case_id").unwrap_or("").to_owned(),
            members: form.get("members").unwrap_or("").to_owned(),
            application_month: form.text("application_month"),
            period_from: form.text("period_from"),
            period_to: form.text("period_to"),
            purpose: form.text("purpose"),
            sources: form.all("sources").into_iter().map(str::to_owned).collect(),
        }
    }
}

/// A checked look-up.
#[derive(Debug, Clone)]
pub struct LookupInput {
    /// The case id, trimmed.
    pub case_id: String,
    /// The members, in the order given, without duplicates.
    pub members: Vec<Personnummer>,
    /// M.
    pub application_month: Month,
    /// The period asked about.
    pub period: Period,
    /// The purpose code (configured).
    pub purpose: String,
    /// The sources asked.
    pub sources: BTreeSet<SourceId>,
}

/// The default period for `month`: from the first shown month's first day to M's last day.
pub fn default_period(month: Month, months_shown: u8) -> Option<Period> {
    let first = month.plus(-(i32::from(months_shown.max(1)) - 1));
    Period::new(first.first_day(), month.last_day()).ok()
}

/// The household members typed one per line (blank lines skipped): each non-blank line's
/// 1-based number and its personnummer, or the Swedish error naming the line. Used by the
/// look-up form and the administration's household form.
pub(crate) fn member_lines(
    text: &str,
    today: Date,
) -> impl Iterator<Item = (usize, Result<Personnummer, FieldError>)> + '_ {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(move |(i, line)| {
            let parsed = Personnummer::parse(line.trim(), today).map_err(|_| FieldError {
                field: "members",
                message: format!(
                    "Hushållets medlemmar: rad {} är inte ett giltigt personnummer eller samordningsnummer.",
                    i + 1
                ),
            });
            (i + 1, parsed)
        })
}

impl LookupForm {
    /// Checks every field; all errors at once, in the form's order.
    pub fn check(&self, config: &WebConfig, today: Date) -> Result<LookupInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut error = |field: &'static str, message: String| {
            errors.push(FieldError { field, message });
        };
        let case_id = match parse_free_text(&self.case_id, MAX_CASE_ID) {
            Ok(id) => Some(id.to_owned()),
            Err(underlag_domain::free_text::FreeTextError::Empty) => {
                error("case_id", "Ange ärendeidentitet.".into());
                None
            }
            Err(_) => {
                error(
                    "case_id",
                    format!(
                        "Ärendeidentiteten får vara högst {MAX_CASE_ID} tecken och får inte innehålla styrtecken."
                    ),
                );
                None
            }
        };
        let mut members: Vec<Personnummer> = Vec::new();
        let mut members_ok = true;
        for (line, parsed) in member_lines(&self.members, today) {
            match parsed {
                Ok(p) if members.contains(&p) => {
                    members_ok = false;
                    error(
                        "members",
                        format!(
                            "Hushållets medlemmar: personnumret på rad {line} finns redan på en tidigare rad."
                        ),
                    );
                }
                Ok(p) => members.push(p),
                Err(invalid) => {
                    members_ok = false;
                    error(invalid.field, invalid.message);
                }
            }
        }
        if members_ok && members.is_empty() {
            error(
                "members",
                "Hushållets medlemmar: ange minst ett personnummer.".into(),
            );
            members_ok = false;
        }
        if members.len() > MAX_MEMBERS {
            error(
                "members",
                format!("Hushållets medlemmar: ange högst {MAX_MEMBERS} personer."),
            );
            members_ok = false;
        }
        let month = if self.application_month.is_empty() {
            error("application_month", "Ange ansökningsmånad.".into());
            None
        } else {
            match Month::parse(&self.application_month) {
                Ok(m) if m > Month::of(today) => {
                    error(
                        "application_month",
                        "Ansökningsmånaden får inte ligga efter innevarande månad.".into(),
                    );
                    None
                }
                Ok(m) => Some(m),
                Err(_) => {
                    error(
                        "application_month",
                        "Ansökningsmånad ska anges som ÅÅÅÅ-MM, till exempel 2026-10.".into(),
                    );
                    None
                }
            }
        };
        let date = |text: &str| {
            if text.is_empty() {
                Ok(None)
            } else {
                parse_iso_date(text).map(Some)
            }
        };
        let from = date(&self.period_from).map_err(|_| {
            error(
                "period_from",
                "Period från ska vara ett datum ÅÅÅÅ-MM-DD.".into(),
            )
        });
        let to = date(&self.period_to).map_err(|_| {
            error(
                "period_to",
                "Period till ska vara ett datum ÅÅÅÅ-MM-DD.".into(),
            )
        });
        let period = match (month, from, to) {
            (Some(m), Ok(from), Ok(to)) => {
                let default = default_period(m, config.months_shown);
                let from = from.or(default.map(|p| p.from()));
                let to = to.or(default.map(|p| p.to()));
                match (from, to) {
                    (Some(from), Some(to)) if from > to => {
                        error(
                            "period_from",
                            "Period från får inte ligga efter period till.".into(),
                        );
                        None
                    }
                    (Some(from), _) if from > today => {
                        error(
                            "period_from",
                            "Period från får inte ligga efter dagens datum.".into(),
                        );
                        None
                    }
                    (Some(from), Some(to)) => match Period::new(from, to) {
                        Ok(p) if p.days() > config.max_period_days => {
                            error(
                                "period_from",
                                format!(
                                    "Perioden får vara högst {} dagar.",
                                    config.max_period_days
                                ),
                            );
                            None
                        }
                        Ok(p) => Some(p),
                        Err(_) => {
                            error("period_from", "Perioden är inte giltig.".into());
                            None
                        }
                    },
                    _ => None,
                }
            }
            _ => None,
        };
        if config.purpose(&self.purpose).is_none() {
            error("purpose", "Välj ett syfte.".into());
        }
        let mut sources = BTreeSet::new();
        for slug in &self.sources {
            match SourceId::ALL.into_iter().find(|s| s.slug() == slug) {
                Some(s) => {
                    sources.insert(s);
                }
                None => {
                    error("sources", "Källor: en vald källa finns inte.".into());
                }
            }
        }
        if self.sources.is_empty() {
            error("sources", "Källor: välj minst en källa.".into());
        }
        match (case_id, month, period) {
            (Some(case_id), Some(application_month), Some(period))
                if errors.is_empty() && members_ok =>
            {
                Ok(LookupInput {
                    case_id,
                    members,
                    application_month,
                    period,
                    purpose: self.purpose.clone(),
                    sources,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests;
