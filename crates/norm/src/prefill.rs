//! Prefill of income lines from the household month view (the audited composite answer, as
//! [`underlag_overview::Overview`]): the application month M's lines, each referencing its
//! source payment; a source that did not answer completely adds no lines, is listed as
//! unanswered (never read as zero) and makes the result incomplete.
//!
//! The months follow the overview: the calculation is for M (the application month); M's
//! effected and planned lines are prefilled (the overview already lets a decided or granted
//! amount stand in only where no payment of the benefit exists in M). The overview's
//! comparison of the control month M−1 with the comparison month M−2 (changes beyond the
//! threshold, new and missing income types) is carried over as warnings.
//!
//! Earned income (AGI): each employer's declared net pay for M is an income line from
//! employment (jobbstimulans may apply), referencing its declaration (employer as payer, the
//! declared month, specifikationsnummer); corrected and early declarations of M are carried
//! as warnings. AGI that did not answer blocks its lines like any source; AGI not entitled or
//! not requested is carried as the overview's note ("Lön … hämtades inte"), not as
//! unanswered.

use underlag_domain::{Amount, SourceId};
use underlag_overview::{GapReason, Line, LineBasis, Overview, SourceStatus, WarningKind};

use crate::calculation::{NormWarning, NormWarningKind};
use crate::input::{Household, Income, IncomeOrigin, SourcePayment, UnansweredSource};

/// What the prefill added.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Prefilled {
    /// Income lines, one per line of the overview in M.
    pub incomes: Vec<Income>,
    /// Sources whose lines were not prefilled.
    pub unanswered: Vec<UnansweredSource>,
    /// Warnings for the case worker (carried from the overview, and net amounts not stated).
    pub warnings: Vec<NormWarning>,
}

fn gap_of(source: SourceId, status: SourceStatus) -> Option<GapReason> {
    match status {
        // Earned income not fetched (no legal basis, or not asked for) is the overview's
        // note, carried as a warning, not an unanswered source (as in the overview's totals).
        SourceStatus::NotRequested | SourceStatus::NotEntitled if source == SourceId::Agi => None,
        SourceStatus::Answered | SourceStatus::NoMatch => None,
        SourceStatus::PartiallyAnswered => Some(GapReason::PartialAnswer),
        SourceStatus::NotAnswered => Some(GapReason::NotAnswered),
        SourceStatus::Invalid => Some(GapReason::InvalidAnswer),
        SourceStatus::NotRequested => Some(GapReason::NotRequested),
        SourceStatus::NotEntitled => Some(GapReason::NotEntitled),
    }
}

fn income_of(
    line: &Line,
    member: usize,
    month: underlag_overview::Month,
) -> Option<(Income, bool)> {
    let (amount, net_known): (Amount, bool) = match (line.net.amount(), line.gross.amount()) {
        (Some(net), _) => (net, true),
        (None, Some(gross)) => (gross, false),
        (None, None) => return None,
    };
    Some((
        Income {
            member,
            code: line.income.code.clone(),
            label: line.income.label.clone(),
            amount,
            unit: line.unit,
            origin: IncomeOrigin::Source(SourcePayment {
                source: line.provenance.source,
                side: line.side,
                basis: line.basis,
                payout_on: line.payout_on,
                covers: line.provenance.covers,
                payer: line.provenance.payer.clone(),
                month,
                specification_number: line.specification_number.clone(),
            }),
            // Pay an employer declared (AGI) is income from employment: jobbstimulans may
            // apply. A child's own work income needs what was earned earlier in the year,
            // which AGI's month does not give: see `Household::add_prefilled`.
            employment: line.basis == LineBasis::EmployerDeclaration,
            earned_earlier_in_year: None,
        },
        net_known,
    ))
}

/// The income lines of M for the overview's members; `members[k]` is the household member
/// index of the overview's member `k` (the overview lists members in the order looked up).
pub fn prefill(overview: &Overview, members: &[usize]) -> Prefilled {
    let month = overview.application_month;
    let queried = overview
        .months
        .iter()
        .find(|c| c.month == month)
        .is_some_and(|c| c.queried);
    let mut out = Prefilled {
        incomes: Vec::new(),
        unanswered: Vec::new(),
        warnings: Vec::new(),
    };
    for (k, member) in overview.members.iter().enumerate() {
        let Some(&index) = members.get(k) else {
            continue;
        };
        let blocked: Vec<(SourceId, GapReason)> = member
            .sources
            .iter()
            .filter(|s| s.carries_income)
            .filter_map(|s| {
                if !queried {
                    return Some((s.source, GapReason::PeriodNotQueried));
                }
                gap_of(s.source, s.status).map(|g| (s.source, g))
            })
            .collect();
        for (source, reason) in &blocked {
            out.unanswered.push(UnansweredSource {
                member: index,
                source: *source,
                reason: *reason,
            });
        }
        let Some(member_month) = member.months.iter().find(|m| m.month == month) else {
            continue;
        };
        for line in &member_month.lines {
            if blocked.iter().any(|(s, _)| *s == line.provenance.source) {
                continue;
            }
            if let Some((income, net_known)) = income_of(line, index, month) {
                if !net_known {
                    out.warnings.push(NormWarning {
                        kind: NormWarningKind::FromOverview,
                        text: format!(
                            "{}: källan anger inget nettobelopp; bruttobeloppet är ifyllt. Justera för skatt om beloppet är skattepliktigt.",
                            income.label
                        ),
                    });
                }
                out.incomes.push(income);
            }
        }
        if !member.unplaced.is_empty() {
            out.warnings.push(NormWarning {
                kind: NormWarningKind::FromOverview,
                text: format!(
                    "{} utbetalningar saknar utbetalningsdag och månad och är inte ifyllda.",
                    member.unplaced.len()
                ),
            });
        }
    }
    for w in &overview.warnings {
        let carried = matches!(
            w.kind,
            WarningKind::IncomeChanged
                | WarningKind::NewIncomeType
                | WarningKind::IncomeTypeMissing
                | WarningKind::EarnedIncomeNotFetched
        ) || (matches!(
            w.kind,
            WarningKind::CorrectedDeclaration | WarningKind::DeclaredBeforePayout
        ) && w.month == Some(month));
        if carried {
            out.warnings.push(NormWarning {
                kind: NormWarningKind::FromOverview,
                text: format!(
                    "{}{}: {}",
                    w.kind.label_sv(),
                    w.month
                        .map(|m| format!(" ({})", m.label_sv()))
                        .unwrap_or_default(),
                    w.cause
                ),
            });
        }
    }
    out
}

impl Household {
    /// Adds prefilled lines and the unanswered sources to the household.
    ///
    /// A child's or school youth's declared pay (AGI) is prefilled as not from employment:
    /// 12 kap. 9 § needs what the child earned earlier in the year, which the case worker
    /// enters; a warning says so.
    pub fn add_prefilled(&mut self, prefilled: &Prefilled) {
        for income in &prefilled.incomes {
            let mut income = income.clone();
            if income.employment
                && let Some(member) = self.members.get(income.member)
                && crate::calculation::is_child(member)
            {
                income.employment = false;
                self.carried_warnings.push(NormWarning {
                    kind: NormWarningKind::FromOverview,
                    text: format!(
                        "{} ({}): lön för barn eller skolungdom — ange vad som tjänats tidigare under året och markera raden som arbetsinkomst för att tillämpa 12 kap. 9 §.",
                        income.label, member.label
                    ),
                });
            }
            self.incomes.push(income);
        }
        self.unanswered.extend(prefilled.unanswered.iter().cloned());
        self.carried_warnings
            .extend(prefilled.warnings.iter().cloned());
    }
}

mod declared;

#[cfg(test)]
mod tests;
