//! LEFI's value notations: `{summa, valuta}` amounts (doubles), `{fran, till}` periods with
//! dates that may lack the day, `{taljare, namnare}` extents and `{id, beskrivning}` codes.

use jiff::ToSpan;
use jiff::civil::Date;
use rust_decimal::Decimal;
use underlag_domain::model::Code;
use underlag_domain::period::parse_iso_date;
use underlag_domain::{Amount, Period, Severity};

use crate::mapping::{At, Mapper, parse_json_amount};

/// Code list of FK benefit groups (`SJP`; `FK:SJP` in LEFI's group lists).
pub(crate) const FORMANSGRUPP: &str = "fk-formansgrupp";
/// Code list of PM benefit groups (`AP`; `PM:AP` in LEFI messages).
pub(crate) const PM_FORMANSGRUPP: &str = "pm-formansgrupp";

/// Reads `{name: {summa, valuta}}` as kronor. Another currency than SEK is an error: the
/// canonical model holds kronor only.
pub(crate) fn amount(m: &mut Mapper<'_>, at: &At<'_>, name: &str) -> Option<Amount> {
    let belopp = at.child(name)?;
    if let Some(currency) = belopp.text_of("valuta")
        && !currency.eq_ignore_ascii_case("SEK")
    {
        m.problem(
            belopp.join("valuta"),
            Severity::Error,
            "an amount is not in SEK",
        );
        return None;
    }
    let text = belopp.text_of("summa")?;
    let value = parse_json_amount(text);
    if value.is_none() {
        m.unreadable(belopp.join("summa"), "an amount");
    }
    value
}

/// The first and last day a LEFI date stands for: `2023-12-14`, `2022-09` (a month) or
/// `2022` (a year).
pub(crate) fn bounds(text: &str) -> Option<(Date, Date)> {
    let t = text.trim();
    if let Ok(day) = parse_iso_date(t) {
        return Some((day, day));
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match t.split('-').collect::<Vec<_>>().as_slice() {
        [y, mo] if y.len() == 4 && mo.len() == 2 && digits(y) && digits(mo) => {
            let first = Date::new(y.parse().ok()?, mo.parse().ok()?, 1).ok()?;
            Some((first, first.last_of_month()))
        }
        [y] if y.len() == 4 && digits(y) => {
            let first = Date::new(y.parse().ok()?, 1, 1).ok()?;
            Some((first, first.checked_add(1.year()).ok()?.yesterday().ok()?))
        }
        _ => None,
    }
}

/// A LEFI `{fran, till}` period. With only `fran` the period is open-ended: the result is the
/// first day (or month) with `open_ended` set. With only `till` there is no usable period (a
/// warning). Dates without a day cover their whole month.
pub(crate) fn period(m: &mut Mapper<'_>, at: &At<'_>, name: &str) -> (Option<Period>, bool) {
    let Some(p) = at.child(name) else {
        return (None, false);
    };
    let read = |m: &mut Mapper<'_>, key: &str| {
        let text = p.text_of(key)?;
        let found = bounds(text);
        if found.is_none() {
            m.unreadable(p.join(key), "a date (yyyy-mm-dd or yyyy-mm)");
        }
        found
    };
    let from = read(m, "fran");
    let to = read(m, "till");
    match (from, to) {
        (Some((first, _)), Some((_, last))) => match Period::new(first, last) {
            Ok(period) => (Some(period), false),
            Err(_) => {
                m.problem(p.join("till"), Severity::Error, "'till' is before 'fran'");
                (None, false)
            }
        },
        (Some((first, last)), None) if p.text_of("till").is_none() => {
            (Period::new(first, last).ok(), true)
        }
        (None, Some(_)) if p.text_of("fran").is_none() => {
            m.warn(
                p.join("fran"),
                "a period has an end but no start; it is not used",
            );
            (None, false)
        }
        _ => (None, false),
    }
}

/// A day. A date without its day is a warning (and `None`), anything else unreadable an error.
pub(crate) fn day(m: &mut Mapper<'_>, at: &At<'_>, name: &str) -> Option<Date> {
    let text = at.text_of(name)?;
    match bounds(text) {
        Some((first, last)) if first == last => Some(first),
        Some(_) => {
            m.warn(at.join(name), "a date without its day is not used");
            None
        }
        None => {
            m.unreadable(at.join(name), "a date");
            None
        }
    }
}

/// `{taljare, namnare}` as percent; both missing or zero means "not set".
pub(crate) fn extent_percent(m: &mut Mapper<'_>, at: &At<'_>) -> Option<Decimal> {
    let numerator: i64 = m.integer(at, "taljare").unwrap_or(0);
    let denominator: i64 = m.integer(at, "namnare").unwrap_or(0);
    match (numerator, denominator) {
        (0, 0) => None,
        (_, 0) => {
            m.warn(
                at.join("namnare"),
                "an extent has the denominator 0; it is not used",
            );
            None
        }
        (n, d) => Decimal::from(n)
            .checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|p| p.checked_div(Decimal::from(d)))
            .map(|p| p.round_dp(2).normalize()),
    }
}

/// `{name: {id, beskrivning}}` (a Bokstavskod or Sifferkod) or `{name: "text"}` as a code.
pub(crate) fn code(m: &Mapper<'_>, at: &At<'_>, name: &str, code_list: &str) -> Option<Code> {
    let node = at.child(name)?;
    if let Some(text) = node.text() {
        return Some(m.code(code_list, text, None));
    }
    let id = node.text_of("id").or_else(|| node.text_of("kod"))?;
    Some(m.code(code_list, id, node.text_of("beskrivning")))
}

/// Like [`code`], for a field whose values a kodverk lists: an `{id, beskrivning}` whose id
/// the kodverk does not know is kept with a warning. A bare text (LEFI's free-text
/// `ersattning` in the sickness lists) describes itself and is not checked.
pub(crate) fn checked_code(
    m: &mut Mapper<'_>,
    at: &At<'_>,
    name: &str,
    code_list: &str,
) -> Option<Code> {
    let node = at.child(name)?;
    if let Some(text) = node.text() {
        return Some(m.code(code_list, text, None));
    }
    let field = if node.has("id") { "id" } else { "kod" };
    let id = node.text_of(field)?;
    Some(m.checked_code(node.join(field), code_list, id, node.text_of("beskrivning")))
}

/// A FK benefit code (`forman.id`, e.g. `SJP`), labelled from the group kodverk (`FK:SJP`) or
/// LEFI's own description.
pub(crate) fn benefit(m: &Mapper<'_>, id: &str, description: Option<&str>) -> Code {
    let label = m
        .label(FORMANSGRUPP, id.strip_prefix("FK:").unwrap_or(id))
        .or_else(|| {
            description
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_owned)
        });
    Code {
        code: id.to_owned(),
        label,
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn lefi_dates_may_lack_the_day() {
        assert_eq!(
            bounds("2023-12-14"),
            Some((date(2023, 12, 14), date(2023, 12, 14)))
        );
        assert_eq!(
            bounds("2024-02"),
            Some((date(2024, 2, 1), date(2024, 2, 29)))
        );
        assert_eq!(bounds("2022"), Some((date(2022, 1, 1), date(2022, 12, 31))));
        assert_eq!(bounds("2022-13"), None);
        assert_eq!(bounds("22-01"), None);
        assert_eq!(bounds("99999-01"), None);
    }
}
