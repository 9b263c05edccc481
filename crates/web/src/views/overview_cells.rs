//! The overview's cells: amounts, totals, warning figures and month roles as Swedish text
//! and the plain values of the test hooks.

use std::collections::BTreeSet;

use underlag_domain::SourceId;
use underlag_overview::{
    Figure, FigureValue, Line, LineBasis, MonthRole, Side, Total, WarningKind, source_label,
};

use super::overview::{AmountView, TotalCell};
use crate::format;

pub(super) fn role_code(role: MonthRole) -> (&'static str, &'static str) {
    match role {
        MonthRole::Application => ("M", "month-m"),
        MonthRole::Control => ("M-1", "month-m1"),
        MonthRole::Comparison => ("M-2", "month-m2"),
        MonthRole::Earlier => ("", ""),
    }
}

pub(super) fn kind_code(kind: WarningKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub(super) fn figure_text(figure: &Figure) -> (String, String) {
    match figure {
        Figure::Known { amount } => (format::amount_sv(*amount), format::amount_plain(*amount)),
        Figure::Missing { reason, .. } => (
            format!("uppgift saknas ({})", reason.label_sv()),
            String::new(),
        ),
    }
}

pub(super) fn figure_value(value: &FigureValue) -> String {
    match value {
        FigureValue::Amount(a) => format::amount_sv(*a),
        FigureValue::Percent(p) => format!("{} %", format::number_sv(p.round_dp(1))),
        FigureValue::Date(d) => format::date(*d),
        FigureValue::Timestamp(t) => format::timestamp(*t),
        FigureValue::Period(p) => format::period(p),
        FigureValue::Text(t) => t.clone(),
    }
}

pub(super) fn side_code(side: Side) -> &'static str {
    match side {
        Side::Effected => "effected",
        Side::Planned => "planned",
    }
}

pub(super) fn amount_view(line: &Line) -> AmountView {
    let (gross, gross_value) = figure_text(&line.gross);
    let (net, net_value) = figure_text(&line.net);
    let mut notes = Vec::new();
    // Pay an employer declared (AGI): declared, not a payment; AGI gives no payout day.
    if line.basis == LineBasis::EmployerDeclaration {
        notes.push("Deklarerad lön (arbetsgivardeklaration)".into());
        notes.push(format!("Arbetsgivare {}", line.provenance.payer));
        notes.push(format!("Skatt {}", figure_text(&line.tax).0));
        if let Some(number) = &line.specification_number {
            notes.push(format!("Specifikationsnummer {number}"));
        }
    }
    if let Some(day) = line.payout_on {
        notes.push(format!("Utbetalningsdag {}", format::date(day)));
    }
    if let Some(p) = &line.provenance.covers {
        notes.push(format!("Avser {}", format::period(p)));
    }
    if let Some(days) = line.days {
        notes.push(format!("{} dagar", format::number_sv(days)));
    }
    if line.preliminary {
        notes.push("Preliminär".into());
    }
    if line.retro {
        notes.push("Retroaktiv".into());
    }
    if !line.in_totals {
        notes.push("Ingår inte i summan (inte per månad)".into());
    }
    // A payment's split by benefit and amount type: shown beneath it, never added besides it.
    for row in &line.rows {
        let what = [row.benefit.as_deref(), row.amount_type.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        notes.push(format!("varav {what}: {}", figure_text(&row.gross).0));
    }
    let unit = serde_json::to_value(line.unit)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    AmountView {
        side: side_code(line.side),
        gross,
        gross_value,
        net,
        net_value,
        unit: unit_static(&unit),
        unit_label: line.unit.label_sv(),
        in_totals: line.in_totals,
        notes,
    }
}

pub(super) fn unit_static(code: &str) -> &'static str {
    match code {
        "paid" => "paid",
        "per_day" => "per_day",
        "per_week" => "per_week",
        "per_month" => "per_month",
        "per_quarter" => "per_quarter",
        "per_half_year" => "per_half_year",
        "per_year" => "per_year",
        _ => "",
    }
}

/// A total as Swedish text and its plain known part: complete (`10 560,00 kr`), partial
/// (`10 560,00 kr + uppgift saknas`: the known part and the unknown rest, never read as a
/// whole) or unknown (`uppgift saknas`).
fn total_text(total: &Total) -> (String, String) {
    match (total.known_amount(), total.is_complete()) {
        (Some(a), true) => (format::amount_sv(a), format::amount_plain(a)),
        (Some(a), false) => (
            format!("{} + uppgift saknas", format::amount_sv(a)),
            format::amount_plain(a),
        ),
        (None, _) => ("uppgift saknas".to_owned(), String::new()),
    }
}

pub(super) fn total_cell(
    total: &Total,
    net: &Total,
    month: String,
    class: &'static str,
) -> TotalCell {
    let sources: BTreeSet<SourceId> = total.lacking().iter().map(|g| g.source).collect();
    let missing_sources = sources
        .iter()
        .map(|s| s.slug())
        .collect::<Vec<_>>()
        .join(" ");
    let mut reasons: Vec<String> = Vec::new();
    for gap in total.lacking().iter().chain(net.lacking()) {
        let text = format!("{} {}", source_label(gap.source), gap.reason.label_sv());
        if !reasons.contains(&text) {
            reasons.push(text);
        }
    }
    let lacking_text = if reasons.is_empty() {
        String::new()
    } else {
        format!("Summa utan: {}", reasons.join("; "))
    };
    let (text, value) = total_text(total);
    let (net_text, net_value) = total_text(net);
    TotalCell {
        month,
        class,
        known: total.is_complete(),
        net_known: net.is_complete(),
        value,
        text,
        net: net_text,
        net_value,
        missing_sources,
        lacking: lacking_text,
    }
}
