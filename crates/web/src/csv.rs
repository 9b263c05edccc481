//! The overview as CSV for the case file: UTF-8 with a byte-order mark, semicolon-separated
//! with decimal comma (what Swedish Excel opens as columns and numbers without an import
//! dialogue), CRLF line ends, fields quoted when needed, and no formula injection: a cell
//! that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`.

use underlag_overview::{Figure, MonthRole, Overview, Side, Total, source_label};

use crate::format;

/// The header row.
pub const HEADER: [&str; 12] = [
    "Ärende",
    "Ansökningsmånad",
    "Medlem",
    "Månad",
    "Månadsroll",
    "Källa",
    "Typ",
    "Utbetalning",
    "Brutto",
    "Netto",
    "Enhet",
    "Status",
];

/// One cell, made safe: formula characters neutralised, quoted when it holds `;`, `"` or a
/// line break.
pub fn cell(text: &str) -> String {
    let mut text = text.to_owned();
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        text.insert(0, '\'');
    }
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn row(out: &mut String, cells: &[String]) {
    let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    out.push_str(&line.join(";"));
    out.push_str("\r\n");
}

fn amount(figure: &Figure) -> String {
    match figure {
        Figure::Known { amount } => format::decimal_sv(amount.value())
            .replace('\u{a0}', "")
            .replace('−', "-"),
        Figure::Missing { .. } => String::new(),
    }
}

fn total_amount(total: &Total) -> String {
    total
        .known_amount()
        .map(|a| {
            format::decimal_sv(a.value())
                .replace('\u{a0}', "")
                .replace('−', "-")
        })
        .unwrap_or_default()
}

fn total_status(total: &Total) -> String {
    let lacking = total.lacking();
    if lacking.is_empty() {
        return "komplett".into();
    }
    let mut parts: Vec<String> = Vec::new();
    for gap in lacking {
        let text = format!("{} {}", source_label(gap.source), gap.reason.label_sv());
        if !parts.contains(&text) {
            parts.push(text);
        }
    }
    format!("summa utan: {}", parts.join(", "))
}

fn role(role: MonthRole) -> &'static str {
    match role {
        MonthRole::Application => "M",
        MonthRole::Control => "M-1",
        MonthRole::Comparison => "M-2",
        MonthRole::Earlier => "",
    }
}

/// The CSV text of `overview` for case `case_id`.
pub fn overview_csv(case_id: &str, overview: &Overview) -> String {
    let mut out = String::from("\u{feff}");
    row(&mut out, &HEADER.map(str::to_owned));
    let m = overview.application_month.to_string();
    for member in &overview.members {
        let pnr = format::personnummer(member.personnummer.expose());
        for (month, column) in member.months.iter().zip(&overview.months) {
            let base = |source: &str, kind: &str, side: &str| {
                vec![
                    case_id.to_owned(),
                    m.clone(),
                    pnr.clone(),
                    month.month.to_string(),
                    role(column.role).to_owned(),
                    source.to_owned(),
                    kind.to_owned(),
                    side.to_owned(),
                ]
            };
            for line in &month.lines {
                let mut cells = base(
                    source_label(line.income.source),
                    &line.income.label,
                    line.side.label_sv(),
                );
                let mut status = Vec::new();
                if line.preliminary {
                    status.push("preliminär");
                }
                if line.retro {
                    status.push("retroaktiv");
                }
                if !line.in_totals {
                    status.push("ingår inte i summan");
                }
                cells.extend([
                    amount(&line.gross),
                    amount(&line.net),
                    line.unit.label_sv().to_owned(),
                    status.join(", "),
                ]);
                row(&mut out, &cells);
            }
            for state in member
                .sources
                .iter()
                .filter(|s| s.carries_income && !s.status.is_complete_answer())
            {
                let mut cells = base(state.label, "", "");
                cells.extend([
                    String::new(),
                    String::new(),
                    String::new(),
                    format!("uppgift saknas: {}", state.status.label_sv()),
                ]);
                row(&mut out, &cells);
            }
            for side in [Side::Effected, Side::Planned] {
                let t = match side {
                    Side::Effected => &month.totals.effected,
                    Side::Planned => &month.totals.planned,
                };
                let mut cells = base("", "Summa", side.label_sv());
                cells.extend([
                    total_amount(&t.gross),
                    total_amount(&t.net),
                    "kr".into(),
                    total_status(&t.gross),
                ]);
                row(&mut out, &cells);
            }
        }
    }
    for (totals, column) in overview.household.iter().zip(&overview.months) {
        for side in [Side::Effected, Side::Planned] {
            let t = match side {
                Side::Effected => &totals.effected,
                Side::Planned => &totals.planned,
            };
            row(
                &mut out,
                &[
                    case_id.to_owned(),
                    m.clone(),
                    "Hushållet".into(),
                    column.month.to_string(),
                    role(column.role).to_owned(),
                    String::new(),
                    "Summa".into(),
                    side.label_sv().into(),
                    total_amount(&t.gross),
                    total_amount(&t.net),
                    "kr".into(),
                    total_status(&t.gross),
                ],
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_injection_is_neutralised() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-1,00"), "'-1,00");
        assert_eq!(cell("@SUM"), "'@SUM");
        assert_eq!(cell("a;b"), "\"a;b\"");
        assert_eq!(cell("10560,00"), "10560,00");
    }
}
