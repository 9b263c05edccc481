//! Story parts for Arbetsförmedlingen and the a-kassor: registration, activity reports,
//! programme decisions, a-kassa payments with a suspension.

use jiff::civil::Date;
use underlag_domain::Amount;

use super::Builder;
use crate::population::calendar::{add_days, month_day, month_period, period, weekdays};
use crate::population::{AfDecision, AfFacts, FundFacts, SoFacts, SoPayment, SyntheticPerson};

const FUNDS: &[&str] = &[
    "Unionens arbetslöshetskassa",
    "IF Metalls arbetslöshetskassa",
    "Kommunals arbetslöshetskassa",
    "Akademikernas a-kassa",
    "Handelsanställdas arbetslöshetskassa",
    "Byggnads arbetslöshetskassa",
    "Alfa-kassan",
];

/// Compensation type AF decides for programme participants.
pub(crate) const AKTIVITETSSTOD: &str = "Aktivitetsstöd";

/// Monthly activity reports from the month after `from` up to the reference date.
fn activity_reports(b: &mut Builder, from: Date) -> Vec<Date> {
    let day = b.rng.range(3, 14) as i8;
    (1..60)
        .map(|m| month_day(from, m, day))
        .take_while(|d| *d <= b.today)
        .collect()
}

/// AF registration for a person in a programme with aktivitetsstöd, registered `months`
/// before the reference date. The FK side is added by `benefits::aktivitetsstod`.
pub(crate) fn job_seeker(b: &mut Builder, p: &mut SyntheticPerson, months: i32) {
    let day = b.rng.range(1, 28) as i8;
    let registered_on = month_day(b.today, -months, day);
    let programme_from = add_days(registered_on, 14);
    let fund = b.rng.percent(40).then(|| (*b.rng.pick(FUNDS)).to_owned());
    p.af = Some(AfFacts {
        registered_on,
        deregistered_on: None,
        category: "Deltar i program med aktivitetsstöd".to_owned(),
        extent_percent: 100,
        activity_reports: activity_reports(b, registered_on),
        decisions: vec![programme_decision(b, programme_from)],
        unemployment_fund: fund,
        offset_dates: false,
    });
}

fn programme_decision(b: &Builder, from: Date) -> AfDecision {
    AfDecision {
        compensation: AKTIVITETSSTOD.to_owned(),
        extent_percent: 100,
        from,
        to: month_day(b.today, 3, 31),
    }
}

/// An a-kassa recipient registered at AF `months` ago, with one suspension.
pub(crate) fn akassa(b: &mut Builder, p: &mut SyntheticPerson, months: i32) {
    let day = b.rng.range(1, 28) as i8;
    let registered_on = month_day(b.today, -months, day);
    let fund = (*b.rng.pick(FUNDS)).to_owned();
    p.af = Some(AfFacts {
        registered_on,
        deregistered_on: None,
        category: "Arbetslös".to_owned(),
        extent_percent: 100,
        activity_reports: activity_reports(b, registered_on),
        decisions: Vec::new(),
        unemployment_fund: Some(fund.clone()),
        offset_dates: false,
    });
    let start = add_days(registered_on, 7);
    let fund = fund_facts(b, fund, registered_on, start, b.today);
    p.so = Some(SoFacts { funds: vec![fund] });
}

/// The all-sources timeline: registered at AF `months` ago, a-kassa until `programme_months`
/// before the reference date (with a suspension), then a programme with aktivitetsstöd.
pub(crate) fn akassa_then_programme(
    b: &mut Builder,
    p: &mut SyntheticPerson,
    months: i32,
    programme_months: i32,
) {
    let registered_on = month_day(b.today, -months, 4);
    let programme_from = month_day(b.today, -programme_months, 1);
    let fund_name = FUNDS[0].to_owned();
    p.af = Some(AfFacts {
        registered_on,
        deregistered_on: None,
        category: "Deltar i program med aktivitetsstöd".to_owned(),
        extent_percent: 100,
        activity_reports: activity_reports(b, registered_on),
        decisions: vec![programme_decision(b, programme_from)],
        unemployment_fund: Some(fund_name.clone()),
        offset_dates: false,
    });
    let start = add_days(registered_on, 7);
    let fund = fund_facts(
        b,
        fund_name,
        registered_on,
        start,
        add_days(programme_from, -1),
    );
    p.so = Some(SoFacts { funds: vec![fund] });
}

/// A fund's data: compensation from `start` to `end`, paid on the 10th of the next month
/// (only payouts on or before the reference date), a 63-day suspension two months in.
fn fund_facts(
    b: &mut Builder,
    name: String,
    registered: Date,
    start: Date,
    end: Date,
) -> FundFacts {
    let daily_ore = b.rng.range(510, 1200) * 100;
    let fee_ore = if b.rng.percent(20) { 25_000 } else { 0 };
    let suspension_start = month_day(start, 2, 5);
    let suspension = period(suspension_start, add_days(suspension_start, 62));
    let mut payments = Vec::new();
    for m in 0..40 {
        let month = month_period(start, m);
        if month.from() > end {
            break;
        }
        let payout_on = month_day(month.from(), 1, 10);
        if payout_on > b.today {
            break;
        }
        let covers = period(month.from().max(start), month.to().min(end));
        let days = weekdays(&covers, &[suspension]);
        if days == 0 {
            continue;
        }
        let gross = daily_ore * i64::from(days);
        let after_tax = gross * 70 / 100;
        payments.push(SoPayment {
            payout_on,
            net_after_tax: Amount::from_ore(after_tax),
            net_after_deductions: Amount::from_ore(after_tax - fee_ore),
            days,
            covers,
        });
    }
    let suspensions = if suspension.from() <= end.min(b.today) {
        vec![suspension]
    } else {
        Vec::new()
    };
    FundFacts {
        name,
        payments,
        suspensions,
        entitlement_decided_on: Some(add_days(registered, 21)),
        payment_applied: true,
        status: "all clear",
    }
}
