//! Real-world shapes layered on a story: Pensionsmyndigheten paying pension and
//! bostadstillägg in one payment, PM claims, a change of a-kassa, a fund that could not
//! answer, Skatteverket's status 999, dates with a UTC offset, a permanent permit's start
//! date.

use super::Builder;
use crate::population::calendar::{add_days, month_day};
use crate::population::{
    FundFacts, PermitValidity, PmBenefit, PmClaim, PmPayment, SyntheticPerson,
};

/// Merges each month's allmän pension and bostadstillägg into one PM payment whose rows
/// split between the two benefit groups, as Pensionsmyndigheten pays them.
pub(crate) fn pm_split_payments(p: &mut SyntheticPerson) {
    let Some(fk) = p.fk.as_mut() else { return };
    let mut merged: Vec<PmPayment> = Vec::new();
    for pay in fk.pm_payments.drain(..) {
        match merged
            .iter_mut()
            .find(|m| m.payout_on == pay.payout_on && m.benefit != pay.benefit)
        {
            Some(m) => {
                m.gross = m.gross.plus(pay.gross);
                m.tax = m.tax.plus(pay.tax);
                m.net = m.net.plus(pay.net);
                m.rows.extend(pay.rows);
            }
            None => merged.push(pay),
        }
    }
    fk.pm_payments = merged;
}

/// A claim that arrived at Pensionsmyndigheten recently and is not decided yet.
pub(crate) fn pm_claim(b: &mut Builder, p: &mut SyntheticPerson) {
    let received_on = add_days(b.today, -b.rng.range(3, 45));
    let benefit = if b.rng.percent(60) {
        PmBenefit::BostadsInkomststod
    } else {
        PmBenefit::AllmanPension
    };
    let id = format!("PMA-{:08}", b.serial());
    let claimed_from = month_day(b.today, 1, 1);
    let claimed_to = (benefit == PmBenefit::BostadsInkomststod).then(|| month_day(b.today, 12, 31));
    if let Some(fk) = p.fk.as_mut() {
        fk.pm_claims.push(PmClaim {
            id,
            received_on,
            benefit,
            claimed_from,
            claimed_to,
        });
    }
}

/// The person changed a-kassa: the fund's payments before the change stay with it, the rest
/// are paid by a second fund, which AF now reports.
pub(crate) fn change_of_fund(b: &mut Builder, p: &mut SyntheticPerson, second: &str) {
    let Some(so) = p.so.as_mut() else { return };
    let Some(first) = so.funds.first_mut() else {
        return;
    };
    if first.name == second || first.payments.len() < 2 {
        return;
    }
    let cut = first.payments.len() / 2;
    let later = first.payments.split_off(cut);
    let changed_on = later.first().map_or(b.today, |x| x.covers.from());
    first.suspensions.retain(|s| s.from() < changed_on);
    so.funds.push(FundFacts {
        name: second.to_owned(),
        payments: later,
        suspensions: Vec::new(),
        entitlement_decided_on: Some(add_days(changed_on, -10)),
        payment_applied: true,
        status: "all clear",
    });
    if let Some(af) = p.af.as_mut() {
        af.unemployment_fund = Some(second.to_owned());
    }
}

/// A second fund that holds data but could not answer completely.
pub(crate) fn incomplete_fund(b: &mut Builder, p: &mut SyntheticPerson, name: &str) {
    let status = if b.rng.percent(50) {
        "no answer"
    } else {
        "technical error"
    };
    if let Some(so) = p.so.as_mut()
        && so.funds.iter().all(|f| f.name != name)
    {
        so.funds.push(FundFacts {
            name: name.to_owned(),
            payments: Vec::new(),
            suspensions: Vec::new(),
            entitlement_decided_on: None,
            payment_applied: false,
            status,
        });
    }
}

/// Skatteverket sends status 999 with the data, as in the real fixture.
pub(crate) fn skv_status_999(p: &mut SyntheticPerson) {
    if let Some(skv) = p.skv.as_mut() {
        skv.status = Some("999");
    }
}

/// AF's and Migrationsverket's dates carry a UTC offset.
pub(crate) fn offset_dates(p: &mut SyntheticPerson) {
    if let Some(af) = p.af.as_mut() {
        af.offset_dates = true;
    }
    if let Some(miv) = p.miv.as_mut() {
        miv.offset_dates = true;
    }
}

/// A permanent permit carries its start date (`fromDatum`, the decision date).
pub(crate) fn permanent_start_date(p: &mut SyntheticPerson) {
    if let Some(miv) = p.miv.as_mut() {
        for c in &mut miv.cases {
            if c.validity == PermitValidity::Permanent {
                c.starts_on = Some(c.decided_on);
            }
        }
    }
}

/// Whether any PM payment splits between groups.
pub(crate) fn has_split_pm_payment(p: &SyntheticPerson) -> bool {
    p.fk.as_ref().is_some_and(|fk| {
        fk.pm_payments
            .iter()
            .any(|x| x.rows.iter().any(|r| r.benefit != x.benefit))
    })
}
