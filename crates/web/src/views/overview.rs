//! The overview page's view model, from underlag-overview's [`Overview`]: month columns with
//! their roles, warnings first, per member the sources and the income lines by type (planned
//! and effected apart), and the totals that name what they lack.

use std::collections::BTreeSet;

use underlag_domain::SourceId;
use underlag_overview::{
    Figure, FigureValue, Line, MonthRole, Overview, Side, SourceStatus, Total, WarningKind,
    source_label,
};

use crate::format;

/// One month column.
pub struct MonthHead {
    /// `2026-10`.
    pub key: String,
    /// `oktober 2026`.
    pub label: String,
    /// `M`, `M-1`, `M-2` or empty.
    pub role: &'static str,
    /// `Kontrollmånad (M−1)`, …
    pub role_label: Option<&'static str>,
    /// CSS class for highlighted months.
    pub class: &'static str,
    /// Whether the period covered the whole month.
    pub queried: bool,
}

/// One warning.
pub struct WarningView {
    /// snake_case kind.
    pub kind: String,
    /// Swedish heading.
    pub heading: &'static str,
    /// Source slug.
    pub source: &'static str,
    /// Member (12 digits).
    pub member: String,
    /// Member, readable.
    pub member_display: String,
    /// Month key, if any.
    pub month: String,
    /// The cause.
    pub cause: String,
    /// The figures: (label, value).
    pub figures: Vec<(String, String)>,
    /// Whether it is about missing data (shown as an error).
    pub severe: bool,
}

/// One source's state for a member.
pub struct SourceView {
    /// Slug.
    pub slug: &'static str,
    /// Swedish name.
    pub label: &'static str,
    /// Outcome wire name.
    pub outcome: &'static str,
    /// Swedish status text.
    pub status: &'static str,
    /// Whether data is missing (not answered, invalid, partial).
    pub missing: bool,
    /// Retrieved time, or empty.
    pub retrieved: String,
    /// Whether the answer is older than the look-up.
    pub stale: bool,
}

/// One amount in a cell.
pub struct AmountView {
    /// Effected or planned.
    pub side: &'static str,
    /// Gross, Swedish (or "uppgift saknas: …").
    pub gross: String,
    /// Gross, plain, when known.
    pub gross_value: String,
    /// Net, Swedish.
    pub net: String,
    /// Net, plain, when known.
    pub net_value: String,
    /// Unit code and label.
    pub unit: &'static str,
    /// Unit label (`kr/dag`).
    pub unit_label: &'static str,
    /// Whether it is added into totals.
    pub in_totals: bool,
    /// Flags in Swedish (preliminär, retroaktiv), and dates.
    pub notes: Vec<String>,
}

/// One cell: the amounts of a type in a month.
pub struct CellView {
    /// Month key.
    pub month: String,
    /// CSS class of the month.
    pub class: &'static str,
    /// The amounts.
    pub amounts: Vec<AmountView>,
}

/// One income type row of a member (one side).
pub struct IncomeRowView {
    /// Source slug.
    pub source: &'static str,
    /// Source name.
    pub source_label: &'static str,
    /// Type code.
    pub code: String,
    /// Type label.
    pub label: String,
    /// Planned or effected.
    pub side: &'static str,
    /// Swedish side.
    pub side_label: &'static str,
    /// Cells per month.
    pub cells: Vec<CellView>,
}

/// A source whose data is missing, shown as its own row with "uppgift saknas".
pub struct MissingRowView {
    /// Source slug.
    pub source: &'static str,
    /// Why, in Swedish ("Försäkringskassan svarade inte").
    pub why: String,
    /// Month keys and classes.
    pub months: Vec<(String, &'static str)>,
}

/// A yearly line (capital income).
pub struct AnnualView {
    /// Label.
    pub label: String,
    /// Taxation year.
    pub year: i32,
    /// Total income.
    pub total_income: String,
    /// Surplus.
    pub surplus: String,
    /// Retrieved.
    pub retrieved: String,
}

/// One member.
pub struct MemberView {
    /// 12 digits.
    pub key: String,
    /// Readable.
    pub display: String,
    /// 1-based.
    pub index: usize,
    /// Protected identity.
    pub protected: bool,
    /// Sources.
    pub sources: Vec<SourceView>,
    /// Income rows.
    pub rows: Vec<IncomeRowView>,
    /// Missing sources.
    pub missing: Vec<MissingRowView>,
    /// Yearly facts.
    pub annual: Vec<AnnualView>,
    /// Payments in no month.
    pub unplaced: usize,
}

/// One total cell.
pub struct TotalCell {
    /// Month key.
    pub month: String,
    /// CSS class.
    pub class: &'static str,
    /// Whether complete.
    pub known: bool,
    /// Plain gross sum of what is known (empty when nothing is known).
    pub value: String,
    /// Swedish gross text.
    pub text: String,
    /// Swedish net text.
    pub net: String,
    /// Plain net sum.
    pub net_value: String,
    /// Slugs of the sources it lacks, space-separated.
    pub missing_sources: String,
    /// "Summa utan …" in Swedish, when partial.
    pub lacking: String,
}

/// One totals row: a member or the household, one side.
pub struct TotalRow {
    /// `hushall` or 12 digits.
    pub member: String,
    /// Row heading.
    pub label: String,
    /// Side.
    pub side: &'static str,
    /// Side, Swedish.
    pub side_label: &'static str,
    /// Cells.
    pub cells: Vec<TotalCell>,
}

/// The whole page.
pub struct OverviewView {
    /// Months.
    pub months: Vec<MonthHead>,
    /// Warnings.
    pub warnings: Vec<WarningView>,
    /// Members.
    pub members: Vec<MemberView>,
    /// Totals.
    pub totals: Vec<TotalRow>,
    /// Any protected member.
    pub protected: bool,
    /// The change threshold, Swedish.
    pub threshold: String,
}

fn role_code(role: MonthRole) -> (&'static str, &'static str) {
    match role {
        MonthRole::Application => ("M", "month-m"),
        MonthRole::Control => ("M-1", "month-m1"),
        MonthRole::Comparison => ("M-2", "month-m2"),
        MonthRole::Earlier => ("", ""),
    }
}

fn kind_code(kind: WarningKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn figure_text(figure: &Figure) -> (String, String) {
    match figure {
        Figure::Known { amount } => (format::amount_sv(*amount), format::amount_plain(*amount)),
        Figure::Missing { reason, .. } => (
            format!("uppgift saknas ({})", reason.label_sv()),
            String::new(),
        ),
    }
}

fn figure_value(value: &FigureValue) -> String {
    match value {
        FigureValue::Amount(a) => format::amount_sv(*a),
        FigureValue::Percent(p) => format!("{} %", format::number_sv(p.round_dp(1))),
        FigureValue::Date(d) => format::date(*d),
        FigureValue::Timestamp(t) => format::timestamp(*t),
        FigureValue::Period(p) => format::period(p),
        FigureValue::Text(t) => t.clone(),
    }
}

fn side_code(side: Side) -> &'static str {
    match side {
        Side::Effected => "effected",
        Side::Planned => "planned",
    }
}

fn amount_view(line: &Line) -> AmountView {
    let (gross, gross_value) = figure_text(&line.gross);
    let (net, net_value) = figure_text(&line.net);
    let mut notes = Vec::new();
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

fn unit_static(code: &str) -> &'static str {
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

fn total_cell(total: &Total, net: &Total, month: String, class: &'static str) -> TotalCell {
    let lacking = total.lacking();
    let sources: BTreeSet<SourceId> = lacking.iter().map(|g| g.source).collect();
    let missing_sources = sources
        .iter()
        .map(|s| s.slug())
        .collect::<Vec<_>>()
        .join(" ");
    let mut reasons: Vec<String> = Vec::new();
    for gap in lacking {
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
    let (text, value) = match total.known_amount() {
        Some(a) => (format::amount_sv(a), format::amount_plain(a)),
        None => ("uppgift saknas".to_owned(), String::new()),
    };
    let (net_text, net_value) = match net.known_amount() {
        Some(a) => (format::amount_sv(a), format::amount_plain(a)),
        None => ("uppgift saknas".to_owned(), String::new()),
    };
    TotalCell {
        month,
        class,
        known: total.is_complete(),
        value,
        text,
        net: net_text,
        net_value,
        missing_sources,
        lacking: lacking_text,
    }
}

impl OverviewView {
    /// The view of `overview`.
    pub fn new(overview: &Overview) -> Self {
        let months: Vec<MonthHead> = overview
            .months
            .iter()
            .map(|m| {
                let (role, class) = role_code(m.role);
                MonthHead {
                    key: m.month.to_string(),
                    label: m.label.clone(),
                    role,
                    role_label: m.role_label,
                    class,
                    queried: m.queried,
                }
            })
            .collect();
        let member_index = |pnr: &str| {
            overview
                .members
                .iter()
                .position(|m| m.personnummer.expose() == pnr)
                .map_or(0, |i| i + 1)
        };
        let warnings = overview
            .warnings
            .iter()
            .map(|w| WarningView {
                kind: kind_code(w.kind),
                heading: w.kind.label_sv(),
                source: w.source.slug(),
                member: w.member.expose().to_owned(),
                member_display: format!(
                    "Medlem {} ({})",
                    member_index(w.member.expose()),
                    format::personnummer(w.member.expose())
                ),
                month: w.month.map(|m| m.to_string()).unwrap_or_default(),
                cause: w.cause.clone(),
                figures: w
                    .figures
                    .iter()
                    .map(|f| (f.label.clone(), figure_value(&f.value)))
                    .collect(),
                severe: matches!(
                    w.kind,
                    WarningKind::SourceDidNotAnswer
                        | WarningKind::SourceAnsweredInvalidly
                        | WarningKind::SourceAnsweredPartially
                ),
            })
            .collect();
        let mut members = Vec::new();
        let mut totals = Vec::new();
        for (i, member) in overview.members.iter().enumerate() {
            let key = member.personnummer.expose().to_owned();
            let sources = member
                .sources
                .iter()
                .map(|s| SourceView {
                    slug: s.source.slug(),
                    label: s.label,
                    outcome: s.outcome,
                    status: s.status.label_sv(),
                    missing: matches!(
                        s.status,
                        SourceStatus::NotAnswered
                            | SourceStatus::Invalid
                            | SourceStatus::PartiallyAnswered
                    ),
                    retrieved: s.retrieved_at.map(format::timestamp).unwrap_or_default(),
                    stale: s.stale,
                })
                .collect();
            // Income rows: one per (source, type, side), in the order lines first appear.
            let mut rows: Vec<IncomeRowView> = Vec::new();
            for (col, month) in member.months.iter().enumerate() {
                for line in &month.lines {
                    let side = side_code(line.side);
                    let pos = rows.iter().position(|r| {
                        r.source == line.income.source.slug()
                            && r.code == line.income.code
                            && r.side == side
                    });
                    let pos = match pos {
                        Some(p) => p,
                        None => {
                            rows.push(IncomeRowView {
                                source: line.income.source.slug(),
                                source_label: source_label(line.income.source),
                                code: line.income.code.clone(),
                                label: line.income.label.clone(),
                                side,
                                side_label: line.side.label_sv(),
                                cells: months
                                    .iter()
                                    .map(|m| CellView {
                                        month: m.key.clone(),
                                        class: m.class,
                                        amounts: Vec::new(),
                                    })
                                    .collect(),
                            });
                            rows.len() - 1
                        }
                    };
                    if let Some(cell) = rows[pos].cells.get_mut(col) {
                        cell.amounts.push(amount_view(line));
                    }
                }
            }
            rows.sort_by(|a, b| (a.source, &a.code, a.side).cmp(&(b.source, &b.code, b.side)));
            let missing = member
                .sources
                .iter()
                .filter(|s| s.carries_income && !s.status.is_complete_answer())
                .map(|s| MissingRowView {
                    source: s.source.slug(),
                    why: format!("{}: {}", s.label, s.status.label_sv()),
                    months: months.iter().map(|m| (m.key.clone(), m.class)).collect(),
                })
                .collect();
            let annual = member
                .annual
                .iter()
                .map(|a| AnnualView {
                    label: a.income.label.clone(),
                    year: a.taxation_year,
                    total_income: figure_text(&a.total_income).0,
                    surplus: figure_text(&a.surplus).0,
                    retrieved: a
                        .provenance
                        .retrieved_at
                        .map(format::timestamp)
                        .unwrap_or_default(),
                })
                .collect();
            for (side, label) in [(Side::Effected, "Utbetalt"), (Side::Planned, "Planerat")] {
                totals.push(TotalRow {
                    member: key.clone(),
                    label: format!("Medlem {} ({})", i + 1, format::personnummer(&key)),
                    side: side_code(side),
                    side_label: label,
                    cells: member
                        .months
                        .iter()
                        .zip(&months)
                        .map(|(m, head)| {
                            let t = match side {
                                Side::Effected => &m.totals.effected,
                                Side::Planned => &m.totals.planned,
                            };
                            total_cell(&t.gross, &t.net, head.key.clone(), head.class)
                        })
                        .collect(),
                });
            }
            members.push(MemberView {
                display: format::personnummer(&key),
                key,
                index: i + 1,
                protected: member.protected,
                sources,
                rows,
                missing,
                annual,
                unplaced: member.unplaced.len(),
            });
        }
        for (side, label) in [(Side::Effected, "Utbetalt"), (Side::Planned, "Planerat")] {
            totals.push(TotalRow {
                member: "hushall".into(),
                label: "Hushållet".into(),
                side: side_code(side),
                side_label: label,
                cells: overview
                    .household
                    .iter()
                    .zip(&months)
                    .map(|(t, head)| {
                        let t = match side {
                            Side::Effected => &t.effected,
                            Side::Planned => &t.planned,
                        };
                        total_cell(&t.gross, &t.net, head.key.clone(), head.class)
                    })
                    .collect(),
            });
        }
        Self {
            months,
            warnings,
            members,
            totals,
            protected: overview.any_protected,
            threshold: format!(
                "{} %",
                format::number_sv(overview.rules.change_threshold_percent)
            ),
        }
    }
}
