//! The overview page's view model, from underlag-overview's [`Overview`]: month columns with
//! their roles, warnings first, per member the sources and the income lines by type (planned
//! and effected apart), and the totals that name what they lack.

use underlag_overview::{Overview, Side, SourceStatus, WarningKind, source_label};

use super::overview_cells::{
    amount_view, figure_text, figure_value, kind_code, role_code, side_code, total_cell,
};
use crate::format;

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for MonthHead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MonthHead").finish_non_exhaustive()
    }
}

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

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for WarningView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WarningView").finish_non_exhaustive()
    }
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

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for SourceView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourceView").finish_non_exhaustive()
    }
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

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for AmountView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AmountView").finish_non_exhaustive()
    }
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

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for CellView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CellView").finish_non_exhaustive()
    }
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

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for IncomeRowView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IncomeRowView").finish_non_exhaustive()
    }
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

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for MissingRowView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MissingRowView").finish_non_exhaustive()
    }
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

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for AnnualView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnnualView").finish_non_exhaustive()
    }
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

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for MemberView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemberView").finish_non_exhaustive()
    }
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

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for TotalCell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TotalCell").finish_non_exhaustive()
    }
}

/// One total cell.
pub struct TotalCell {
    /// Month key.
    pub month: String,
    /// CSS class.
    pub class: &'static str,
    /// Whether the gross total is complete.
    pub known: bool,
    /// Whether the net total is complete.
    pub net_known: bool,
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

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for TotalRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TotalRow").finish_non_exhaustive()
    }
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

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for OverviewView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OverviewView").finish_non_exhaustive()
    }
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
