//! Month totals per member and for the household: the known figures added up, everything
//! missing listed, never counted as zero.

use underlag_domain::Personnummer;

use super::sources::SourceView;
use crate::figure::{Figure, Gap, GapReason, Total, TotalBuilder};
use crate::labels::carries_income;
use crate::month::Month;
use crate::overview::{Line, MonthTotals, Side, SideTotals};

/// Which amount of a line a total adds up.
#[derive(Debug, Clone, Copy)]
enum Amount {
    Gross,
    Net,
}

impl Amount {
    fn of(self, line: &Line) -> &Figure {
        match self {
            Self::Gross => &line.gross,
            Self::Net => &line.net,
        }
    }
}

/// One member's totals for one month.
pub(crate) fn member_month(
    member: &Personnummer,
    month: Month,
    queried: bool,
    views: &[SourceView<'_>],
    lines: &[Line],
) -> MonthTotals {
    let side = |side: Side| SideTotals {
        gross: side_total(member, side, Amount::Gross, queried, views, lines),
        net: side_total(member, side, Amount::Net, queried, views, lines),
    };
    MonthTotals {
        month,
        effected: side(Side::Effected),
        planned: side(Side::Planned),
    }
}

fn side_total(
    member: &Personnummer,
    side: Side,
    amount: Amount,
    queried: bool,
    views: &[SourceView<'_>],
    lines: &[Line],
) -> Total {
    let mut total = TotalBuilder::new();
    for view in views.iter().filter(|v| carries_income(v.source())) {
        let gap = |reason| Gap {
            member: member.clone(),
            source: view.source(),
            reason,
        };
        if let Some(reason) = view.gap {
            total.add_gap(gap(reason));
        }
        if !queried {
            total.add_gap(gap(GapReason::PeriodNotQueried));
        }
        if view.answered() {
            total.mark_known_zero();
        }
    }
    for line in lines.iter().filter(|l| l.side == side) {
        if line.in_totals {
            total.add_figure(member, amount.of(line));
        } else {
            total.add_gap(Gap {
                member: member.clone(),
                source: line.income.source,
                reason: GapReason::NotMonthly,
            });
        }
    }
    total.build()
}

/// The household's totals for one month: the members' totals added up, their gaps carried.
pub(crate) fn household_month(month: Month, members: &[&MonthTotals]) -> MonthTotals {
    let add = |pick: fn(&MonthTotals) -> &Total| {
        let mut total = TotalBuilder::new();
        for m in members {
            total.add_total(pick(m));
        }
        total.build()
    };
    MonthTotals {
        month,
        effected: SideTotals {
            gross: add(|m| &m.effected.gross),
            net: add(|m| &m.effected.net),
        },
        planned: SideTotals {
            gross: add(|m| &m.planned.gross),
            net: add(|m| &m.planned.net),
        },
    }
}
