//! Month-to-month comparisons of one member's income types: a change beyond the threshold
//! between M−2 and M−1, a type that appeared, a type that is missing this month.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use underlag_domain::{Amount, Personnummer, SourceId};

use super::warnings::{amount_with_unit, figure, percent_sv};
use crate::month::Month;
use crate::overview::{IncomeType, Line, MemberMonth, Side};
use crate::warning::{FigureValue, Warning, WarningKind};

/// The comparison key of an income type: source and benefit code, FK's group prefix
/// dropped and letter case ignored.
type TypeKey = (SourceId, String);

fn key_of(source: SourceId, code: &str) -> TypeKey {
    (
        source,
        code.trim().trim_start_matches("FK:").to_ascii_uppercase(),
    )
}

/// The part of a line that belongs to one income type. A payment whose rows name two or
/// more benefits (PM's pension and bostadstillägg in one payment) is compared per row
/// benefit, on the rows' gross; its net is not split.
struct Portion<'a> {
    line: &'a Line,
    income: IncomeType,
    gross: Option<Amount>,
    net: Option<Amount>,
}

fn portions(line: &Line) -> Vec<(TypeKey, Portion<'_>)> {
    let mut row_codes: Vec<(&str, &str)> = Vec::new();
    for row in &line.rows {
        if let Some(code) = row.benefit_code.as_deref()
            && !row_codes.iter().any(|(c, _)| *c == code)
        {
            row_codes.push((code, row.benefit.as_deref().unwrap_or(code)));
        }
    }
    if row_codes.len() < 2 {
        return vec![(
            key_of(line.income.source, &line.income.code),
            Portion {
                line,
                income: line.income.clone(),
                gross: line.gross.amount(),
                net: line.net.amount(),
            },
        )];
    }
    row_codes
        .into_iter()
        .map(|(code, label)| {
            let gross = line
                .rows
                .iter()
                .filter(|r| r.benefit_code.as_deref() == Some(code))
                .map(|r| r.gross.amount())
                .sum::<Option<Amount>>();
            (
                key_of(line.income.source, code),
                Portion {
                    line,
                    income: IncomeType {
                        source: line.income.source,
                        code: code.to_owned(),
                        label: label.to_owned(),
                    },
                    gross,
                    net: None,
                },
            )
        })
        .collect()
}

/// Every type with a line in the month, with its portions.
fn types(month: &MemberMonth) -> BTreeMap<TypeKey, Vec<Portion<'_>>> {
    let mut out: BTreeMap<TypeKey, Vec<Portion<'_>>> = BTreeMap::new();
    for line in &month.lines {
        for (key, portion) in portions(line) {
            out.entry(key).or_default().push(portion);
        }
    }
    out
}

/// What the comparisons may rely on: which months the look-up covered, which sources
/// answered completely.
pub(crate) struct Comparable<'a> {
    /// Per month of the member (same order): whether the look-up covered it.
    pub(crate) queried: &'a [bool],
    /// The sources that answered completely (data without gaps, or a definite "no match").
    pub(crate) complete_sources: &'a [SourceId],
}

/// New and missing types between each pair of consecutive months shown.
pub(crate) fn new_and_missing(
    member: &Personnummer,
    months: &[MemberMonth],
    comparable: &Comparable<'_>,
) -> Vec<Warning> {
    let mut out = Vec::new();
    for i in 1..months.len() {
        if !(comparable.queried[i - 1] && comparable.queried[i]) {
            continue;
        }
        let (prev, cur) = (&months[i - 1], &months[i]);
        let (before, now) = (types(prev), types(cur));
        let usable = |k: &TypeKey| comparable.complete_sources.contains(&k.0);
        for (k, lines) in now
            .iter()
            .filter(|(k, _)| usable(k) && !before.contains_key(*k))
        {
            let income = &lines[0].income;
            out.push(Warning {
                kind: WarningKind::NewIncomeType,
                member: member.clone(),
                source: k.0,
                month: Some(cur.month),
                income: Some(income.clone()),
                cause: format!(
                    "Ny inkomsttyp i {}: {} från {} fanns inte i {}",
                    cur.month.label_sv(),
                    income.label,
                    lines[0].line.provenance.payer,
                    prev.month.label_sv()
                ),
                figures: line_figures(lines, cur.month),
            });
        }
        for (k, lines) in before
            .iter()
            .filter(|(k, _)| usable(k) && !now.contains_key(*k))
        {
            let income = &lines[0].income;
            out.push(Warning {
                kind: WarningKind::IncomeTypeMissing,
                member: member.clone(),
                source: k.0,
                month: Some(cur.month),
                income: Some(income.clone()),
                cause: format!(
                    "{} från {} fanns i {} men saknas ännu i {}",
                    income.label,
                    lines[0].line.provenance.payer,
                    prev.month.label_sv(),
                    cur.month.label_sv()
                ),
                figures: line_figures(lines, prev.month),
            });
        }
    }
    out
}

fn line_figures(portions: &[Portion<'_>], month: Month) -> Vec<crate::warning::WarningFigure> {
    portions
        .iter()
        .filter_map(|p| {
            let gross = p.gross?;
            Some(figure(
                format!(
                    "{} {} ({})",
                    p.line.side.label_sv(),
                    month.label_sv(),
                    p.line.unit.label_sv()
                ),
                FigureValue::Amount(gross),
            ))
        })
        .collect()
}

/// Which amount a change is measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    Gross,
    Net,
}

/// The effected, summable amount of a type in a month, on `measure`; `None` when some line
/// lacks it or there is no such line.
fn effected_sum(portions: &[Portion<'_>], measure: Measure) -> Option<Amount> {
    let mut summed = portions
        .iter()
        .filter(|p| p.line.side == Side::Effected && p.line.in_totals)
        .peekable();
    summed.peek()?;
    summed
        .map(|p| match measure {
            Measure::Gross => p.gross,
            Measure::Net => p.net,
        })
        .sum::<Option<Amount>>()
}

/// Whether `now` differs from `before` by more than `threshold_percent` of `before`. Exact:
/// `|now − before| × 100 > threshold × |before|`, so a change of exactly the threshold is
/// not flagged. From zero, any change is flagged.
pub(crate) fn exceeds(before: Amount, now: Amount, threshold_percent: Decimal) -> bool {
    let change = (now.value() - before.value()).abs();
    if before.value().is_zero() {
        return !change.is_zero();
    }
    change * Decimal::ONE_HUNDRED > threshold_percent * before.value().abs()
}

/// Income changes beyond the threshold between the comparison month (M−2, `months[c]`) and
/// the control month (M−1, `months[c + 1]`), on effected payments: gross, or net where a
/// gross is missing in either month.
pub(crate) fn changes(
    member: &Personnummer,
    comparison: &MemberMonth,
    control: &MemberMonth,
    threshold_percent: Decimal,
) -> Vec<Warning> {
    let (before, now) = (types(comparison), types(control));
    let mut out = Vec::new();
    for (k, now_lines) in &now {
        let Some(before_lines) = before.get(k) else {
            continue;
        };
        let measured = [Measure::Gross, Measure::Net].into_iter().find_map(|m| {
            Some((
                m,
                effected_sum(before_lines, m)?,
                effected_sum(now_lines, m)?,
            ))
        });
        let Some((measure, a, b)) = measured else {
            continue;
        };
        if !exceeds(a, b, threshold_percent) {
            continue;
        }
        let income = &now_lines[0].income;
        let word = match measure {
            Measure::Gross => "Brutto",
            Measure::Net => "Netto",
        };
        let mut figures = vec![
            figure(
                format!("{word} {}", comparison.month.label_sv()),
                FigureValue::Amount(a),
            ),
            figure(
                format!("{word} {}", control.month.label_sv()),
                FigureValue::Amount(b),
            ),
        ];
        let change_text = if a.value().is_zero() {
            format!(
                "från {} till {}",
                amount_with_unit(a, crate::Unit::Paid),
                amount_with_unit(b, crate::Unit::Paid)
            )
        } else {
            let pct = (b.value() - a.value()) * Decimal::ONE_HUNDRED / a.value().abs();
            figures.push(figure("Förändring", FigureValue::Percent(pct.round_dp(2))));
            let sign = if pct.is_sign_positive() { "+" } else { "" };
            format!("med {sign}{} %", percent_sv(pct))
        };
        figures.push(figure("Gräns", FigureValue::Percent(threshold_percent)));
        out.push(Warning {
            kind: WarningKind::IncomeChanged,
            member: member.clone(),
            source: k.0,
            month: Some(control.month),
            income: Some(income.clone()),
            cause: format!(
                "{} från {} ändrades {change_text} mellan {} och {}, mer än gränsen {} %",
                income.label,
                now_lines[0].line.provenance.payer,
                comparison.month.label_sv(),
                control.month.label_sv(),
                percent_sv(threshold_percent)
            ),
            figures,
        });
    }
    out
}
