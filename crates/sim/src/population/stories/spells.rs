//! A benefit spell: one FK case with its decisions and the payments that follow from them,
//! as LEFI gives them (per-day amounts for the daily benefits, monthly ones otherwise; a
//! retro payment when the decision came late; payout dates to the month for some
//! preliminary payments).

use jiff::civil::Date;
use underlag_domain::{Amount, Period};

use super::Builder;
use super::benefits::{fk, percent_of, state};
use crate::population::calendar::{add_days, month_day, month_period, period};
use crate::population::{
    Child, FkBenefit, FkCase, FkDecision, FkPayment, FkPaymentKind, SyntheticPerson,
};

/// What a spell is paid.
pub(crate) struct Spell {
    /// The benefit.
    pub(crate) benefit: FkBenefit,
    /// First day.
    pub(crate) from: Date,
    /// Last day; `None` = open-ended.
    pub(crate) to: Option<Date>,
    /// Kronor per day (per-day benefits) or per month.
    pub(crate) amount: i64,
    /// Extent as a fraction.
    pub(crate) extent: (u32, u32),
    /// Preliminary tax in percent.
    pub(crate) tax_percent: i64,
    /// Payout day of the month.
    pub(crate) pay_day: i8,
    /// The first months are paid in one retro payment (the decision came late).
    pub(crate) retro: bool,
    /// Preliminary payments carry their date to the month only.
    pub(crate) month_only: bool,
    /// The child concerned, if any.
    pub(crate) child: Option<Child>,
}

impl Spell {
    /// A spell with the common defaults: full extent, 30 % tax, paid on the 25th.
    pub(crate) fn new(benefit: FkBenefit, from: Date, to: Option<Date>, amount: i64) -> Self {
        Self {
            benefit,
            from,
            to,
            amount,
            extent: (1, 1),
            tax_percent: 30,
            pay_day: 25,
            retro: false,
            month_only: false,
            child: None,
        }
    }
}

/// Calendar days in `p`.
fn days_in(p: &Period) -> u32 {
    u32::try_from((p.to() - p.from()).get_days() + 1).unwrap_or(0)
}

/// The decision template for a spell: per day (`periodicitet` 0) or monthly (1).
pub(crate) fn decision_for(
    s: &Spell,
    decided_on: Date,
    from: Date,
    to: Option<Date>,
) -> FkDecision {
    let per_day = s.benefit.per_day();
    let mut d = FkDecision::basic(
        decided_on,
        from,
        to,
        Amount::from_kronor(s.amount),
        if per_day { 0 } else { 1 },
    );
    if per_day {
        d.days = to.map(|t| days_in(&period(from, t)));
    }
    d.extent = Some(s.extent);
    d
}

/// Adds the case (with `decisions`) and its payments to the person's FK facts.
pub(crate) fn add_case(
    b: &mut Builder,
    p: &mut SyntheticPerson,
    s: &Spell,
    decisions: Vec<FkDecision>,
    civil_status: u8,
) {
    let payments = if decisions.is_empty() {
        Vec::new()
    } else {
        payments(b, s)
    };
    let started = decisions.first().map_or(add_days(b.today, -12), |d| {
        add_days(d.from, -14).min(d.decided_on)
    });
    let case = FkCase {
        benefit: s.benefit,
        started,
        active: s.to.is_none_or(|t| t >= b.today),
        child: s.child.clone(),
        measure: None,
        decisions,
        co_applicants: Vec::new(),
        rejected: false,
    };
    let facts = fk(b, p, civil_status);
    facts.cases.push(case);
    facts.payments.extend(payments);
    facts.payments.sort_by_key(|x| (x.payout_on, x.benefit));
}

/// A pending application: a case that arrived `days_ago` days ago without a decision.
pub(crate) fn add_pending(
    b: &mut Builder,
    p: &mut SyntheticPerson,
    benefit: FkBenefit,
    days_ago: i64,
    civil_status: u8,
) {
    let started = add_days(b.today, -days_ago);
    let case = FkCase {
        benefit,
        started,
        active: true,
        child: None,
        measure: None,
        decisions: Vec::new(),
        co_applicants: Vec::new(),
        rejected: false,
    };
    fk(b, p, civil_status).cases.push(case);
}

/// How far back a spell's payments are kept: LEFI answers at most two years, and the
/// longest stories reach three years back.
const HISTORY_MONTHS: i32 = 40;

/// The monthly payments of a spell, from [`HISTORY_MONTHS`] before the reference date up to
/// a month after it.
fn payments(b: &Builder, s: &Spell) -> Vec<FkPayment> {
    let horizon = month_day(b.today, 1, 31);
    let per_day = s.benefit.per_day();
    let first = s.from.max(month_day(b.today, -HISTORY_MONTHS, 1));
    let mut out: Vec<FkPayment> = Vec::new();
    for m in 0..60 {
        let month = month_period(first, m);
        let end = s.to.unwrap_or(horizon);
        if month.from() > end {
            break;
        }
        let covers = period(month.from().max(s.from), month.to().min(end));
        // Per-day benefits are paid after the month; monthly ones within it.
        let payout_on = if per_day {
            month_day(covers.from(), 1, s.pay_day)
        } else {
            month_day(covers.from(), 0, s.pay_day)
        };
        if payout_on > horizon {
            break;
        }
        let days = days_in(&covers);
        let gross = if per_day {
            s.amount * i64::from(days) * i64::from(s.extent.0) / i64::from(s.extent.1.max(1))
        } else {
            s.amount
        };
        let tax = percent_of(gross, s.tax_percent);
        let st = state(b, payout_on);
        out.push(FkPayment {
            benefit: s.benefit,
            state: st,
            payout_on,
            covers,
            gross: Amount::from_kronor(gross),
            tax: Amount::from_kronor(tax),
            deductions: Vec::new(),
            net: Amount::from_kronor(gross - tax),
            days: per_day.then_some(days),
            kind: if per_day {
                FkPaymentKind::Daily
            } else {
                FkPaymentKind::Monthly
            },
            month_only: s.month_only && st == crate::population::PaymentState::Preliminary,
        });
    }
    if s.retro && out.len() >= 3 {
        // The decision came late: the first two months are paid together, as one retro
        // payment on the third month's payout date.
        let second = out.remove(1);
        let first = out.remove(0);
        let payout_on = out[0].payout_on;
        let gross = first.gross.plus(second.gross);
        let tax = first.tax.plus(second.tax);
        let net = first.net.plus(second.net);
        out.insert(
            0,
            FkPayment {
                benefit: s.benefit,
                state: state(b, payout_on),
                payout_on,
                covers: period(first.covers.from(), second.covers.to()),
                gross,
                tax,
                deductions: Vec::new(),
                net,
                days: first.days.zip(second.days).map(|(a, c)| a + c),
                kind: FkPaymentKind::Retro,
                month_only: false,
            },
        );
    }
    out
}
