//! Payments in both LEFI models: FK's `utbetalningsuppgift` (effected) and
//! `preliminarautbetalningar` (planned), PM's `utbetalningar` and `preliminaraUtbetalningar` —
//! each counted once.

use std::collections::HashSet;

use jiff::civil::Date;
use rust_decimal::Decimal;
use underlag_domain::model::{Code, Deduction, Payment, PaymentState};
use underlag_domain::{Amount, Period, Severity};

use super::pm::coded;
use super::values::{self, PM_FORMANSGRUPP};
use crate::mapping::{At, Mapper, checked_difference, checked_sum};

/// Code list of FK amount types (`beloppstyp`: PS, SS, INF, …).
const BELOPPSTYP: &str = "fk-beloppstyp";
/// Code list of PM deduction types (`PM:PS`, `PM:UTMATNING`, …).
const AVDRAGSTYP: &str = "pm-avdragstyp";
/// PM deduction types that are tax.
const PM_TAX: [&str; 4] = ["PM:PS", "PM:PST", "PM:SS", "PM:SST"];

/// Which list a payment came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Model {
    Fk,
    Pm,
}

/// Every payment of the answer, with duplicates between the lists removed (and reported).
pub(crate) fn map(m: &mut Mapper<'_>, root: &At<'_>) -> Vec<Payment> {
    let mut found = Vec::new();
    if let Some(fi) = root.child("formansinformation") {
        for (list, state) in [
            ("utbetalningsuppgift", PaymentState::Effected),
            ("preliminarautbetalningar", PaymentState::Planned),
        ] {
            for at in fi.children(list) {
                found.push((Model::Fk, at.path().to_owned(), fk_payment(m, &at, state)));
            }
        }
    }
    for (list, state) in [
        ("utbetalningar", PaymentState::Effected),
        ("preliminaraUtbetalningar", PaymentState::Planned),
    ] {
        for at in root.children(list) {
            found.push((Model::Pm, at.path().to_owned(), pm_payment(m, &at, state)));
        }
    }
    dedup(m, found)
}

type Key = (
    String,
    Option<Date>,
    Option<Period>,
    Option<Amount>,
    Option<Amount>,
);

fn key(p: &Payment) -> Key {
    (
        p.benefit.code.clone(),
        p.payout_on,
        p.covers,
        p.gross,
        p.net,
    )
}

/// A planned payment that is also listed as effected is counted as effected only; a payment
/// FK lists on Pensionsmyndigheten's behalf that PM's own list also holds is counted once.
fn dedup(m: &mut Mapper<'_>, found: Vec<(Model, String, Payment)>) -> Vec<Payment> {
    let effected: HashSet<(String, Key)> = found
        .iter()
        .filter(|(_, _, p)| p.state == PaymentState::Effected)
        .map(|(_, _, p)| (p.payer.clone(), key(p)))
        .collect();
    let effected_flag = |p: &Payment| p.state == PaymentState::Effected;
    let pm_own: HashSet<(bool, Key)> = found
        .iter()
        .filter(|(model, _, _)| *model == Model::Pm)
        .map(|(_, _, p)| (effected_flag(p), key(p)))
        .collect();
    let mut out = Vec::with_capacity(found.len());
    for (model, path, payment) in found {
        if payment.state == PaymentState::Planned
            && effected.contains(&(payment.payer.clone(), key(&payment)))
        {
            m.warn(
                path,
                "a planned payment is also listed as effected; it is counted once, as effected",
            );
            continue;
        }
        if model == Model::Fk
            && payment.payer == "PM"
            && pm_own.contains(&(effected_flag(&payment), key(&payment)))
        {
            m.warn(
                path,
                "a payment is listed in both FK's and PM's model; it is counted once",
            );
            continue;
        }
        out.push(payment);
    }
    out
}

fn fk_payment(m: &mut Mapper<'_>, at: &At<'_>, state: PaymentState) -> Payment {
    let payer = match at.child("foretag").and_then(|f| f.text_of("id")) {
        Some("1003") => "PM",
        Some("1001") | None => "FK",
        Some(_) => {
            m.warn(
                at.join("foretag/id"),
                "unknown paying authority; read as FK",
            );
            "FK"
        }
    };
    let details = at.children("utbetalningsdetalj");
    let benefit = at
        .child("formansfamilj")
        .or_else(|| details.first().and_then(|d| d.child("forman")))
        .and_then(|f| {
            f.text_of("id")
                .map(|id| values::benefit(m, id, f.text_of("beskrivning")))
        })
        .unwrap_or_else(|| {
            m.warn(at.join("formansfamilj"), "a payment names no benefit");
            Code::new("")
        });
    let gross = values::amount(m, at, "bruttobelopp");
    let tax = values::amount(m, at, "skattebelopp");
    let all_deductions = values::amount(m, at, "avdragsbelopp");
    let mut deductions = Vec::new();
    let mut days: Option<Decimal> = None;
    for detail in &details {
        let kind = values::code(m, detail, "beloppstyp", BELOPPSTYP);
        let tax_row = values::amount(m, detail, "skattebelopp");
        let deduction_row = values::amount(m, detail, "avdragsbelopp");
        match (deduction_row, kind) {
            (Some(amount), Some(kind)) => deductions.push(Deduction { kind, amount }),
            (Some(amount), None) => {
                deductions.push(Deduction {
                    kind: unspecified(),
                    amount,
                });
            }
            (None, _) if tax_row.is_none() => {
                if let Some(d) = m.integer::<i64>(detail, "dagar") {
                    days = days.unwrap_or_default().checked_add(Decimal::from(d));
                }
            }
            (None, _) => {}
        }
    }
    // Deductions besides tax: from the rows, or the difference of the totals without rows.
    let other = all_deductions.and_then(|all| checked_difference(all, tax.unwrap_or_default()));
    if details.is_empty() {
        if let Some(amount) = other.filter(|a| *a != Amount::ZERO) {
            deductions.push(Deduction {
                kind: unspecified(),
                amount,
            });
        }
    } else if let Some(other) = other
        && checked_sum(deductions.iter().map(|d| d.amount)) != Some(other)
    {
        m.problem(
            at.join("avdragsbelopp"),
            Severity::Warning,
            "the deduction rows do not add up to the payment's deductions less tax",
        );
    }
    let (covers, _) = values::period(m, at, "period");
    Payment {
        payer: payer.to_owned(),
        benefit,
        state,
        payout_on: values::day(m, at, "datum"),
        covers,
        gross,
        tax,
        deductions,
        net_after_tax: None,
        net: values::amount(m, at, "nettobelopp"),
        days,
    }
}

fn unspecified() -> Code {
    Code::labelled("OAV", "Ospecificerade avdrag")
}

fn pm_payment(m: &mut Mapper<'_>, at: &At<'_>, state: PaymentState) -> Payment {
    let mut groups: Vec<Code> = Vec::new();
    for row in at.children("utbetalningsrader") {
        if let Some(group) = coded(m, &row, "formansgrupp", PM_FORMANSGRUPP)
            && !groups.iter().any(|g| g.code == group.code)
        {
            groups.push(group);
        }
    }
    let benefit = match groups.len() {
        0 => Code::new("PM"),
        1 => groups.remove(0),
        _ => Code::labelled(
            "PM",
            format!(
                "Flera förmånsgrupper: {}",
                groups
                    .iter()
                    .map(|g| g.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    };
    let mut tax: Option<Amount> = None;
    let mut deductions = Vec::new();
    for avdrag in at.children("avdrag") {
        let Some(amount) = m.amount(&avdrag, "belopp") else {
            continue;
        };
        let kind = coded(m, &avdrag, "avdragstyp", AVDRAGSTYP).unwrap_or_else(unspecified);
        if PM_TAX.contains(&kind.code.as_str()) {
            tax = checked_sum([tax.unwrap_or_default(), amount]);
            if tax.is_none() {
                m.unreadable(avdrag.join("belopp"), "an amount that can be added up");
            }
        } else {
            deductions.push(Deduction { kind, amount });
        }
    }
    let covers = at
        .child("utbetalningsperiod")
        .and_then(|p| m.period(&p, "from", "tom"));
    Payment {
        payer: "PM".to_owned(),
        benefit,
        state,
        payout_on: m.date(at, "utbetalningsdatum"),
        covers,
        gross: m.amount(at, "bruttobelopp"),
        tax,
        deductions,
        net_after_tax: None,
        net: m.amount(at, "nettobelopp"),
        days: None,
    }
}
