//! Payments in both LEFI models: FK's `utbetalningsuppgift` (effected) and
//! `preliminarautbetalningar` (planned), PM's `utbetalningar` and `preliminaraUtbetalningar` —
//! each counted once.

use std::collections::HashSet;

use jiff::civil::Date;
use rust_decimal::Decimal;
use underlag_domain::model::{
    Code, Deduction, Payment, PaymentClass, PaymentRow, PaymentState, PaymentType,
};
use underlag_domain::{Amount, Period, Severity};

use super::pm::coded;
use super::values::{self, PM_FORMANSGRUPP};
use crate::mapping::{At, Mapper, checked_difference, checked_sum};

/// Code list of FK amount types (`beloppstyp`: PS, SS, INF, …).
const BELOPPSTYP: &str = "fk-beloppstyp";
/// Code list of FK payment types (`typ`).
const UTBETALNINGSTYP: &str = "fk-utbetalningstyp";
/// Code list of PM payable amount types (`PM:GARP`, `PM:BTP`, …).
const PM_BELOPPSTYP: &str = "pm-beloppstyp";
/// Code list of PM payment benefits (`PM:BTP`, `PM:AP37`, …).
const PM_UTBETALNINGSFORMAN: &str = "pm-utbetalningsforman";
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
    let mut payment = Payment::new(payer, benefit, state);
    (payment.payout_on, payment.payout_within) = payout_date(m, at, "datum");
    payment.covers = covers;
    payment.gross = gross;
    payment.tax = tax;
    payment.deductions = deductions;
    payment.net = values::amount(m, at, "nettobelopp");
    payment.days = days;
    payment.payment_type = fk_type(m, at, state);
    payment.rows = details.iter().map(|d| fk_row(m, d)).collect();
    payment
}

/// A payout date; a date given only to the month (or year) becomes the period it lies within.
fn payout_date(m: &mut Mapper<'_>, at: &At<'_>, name: &str) -> (Option<Date>, Option<Period>) {
    let Some(text) = at.text_of(name) else {
        return (None, None);
    };
    match values::bounds(text) {
        Some((first, last)) if first == last => (Some(first), None),
        Some((first, last)) => (None, Period::new(first, last).ok()),
        None => {
            m.unreadable(at.join(name), "a date");
            (None, None)
        }
    }
}

/// LEFI `typ`: 0 local, 1 month, 2 daily, 3 retro, 4 presumptive. Without `typ`, a payment in
/// the preliminary list is preliminary.
fn fk_type(m: &mut Mapper<'_>, at: &At<'_>, state: PaymentState) -> Option<PaymentType> {
    let Some(typ) = at.child("typ") else {
        return (state == PaymentState::Planned).then(|| PaymentType {
            class: PaymentClass::Preliminary,
            code: Code::labelled("preliminarautbetalningar", "Preliminär utbetalning"),
        });
    };
    let id = typ.text_of("id")?;
    let code = m.checked_code(
        typ.join("id"),
        UTBETALNINGSTYP,
        id,
        typ.text_of("beskrivning"),
    );
    let class = match id.trim() {
        "1" | "2" => PaymentClass::Regular,
        "3" => PaymentClass::Retroactive,
        "4" => PaymentClass::Preliminary,
        _ => PaymentClass::Other,
    };
    Some(PaymentType { class, code })
}

/// One `utbetalningsdetalj` as a row of the payment.
fn fk_row(m: &mut Mapper<'_>, detail: &At<'_>) -> PaymentRow {
    PaymentRow {
        benefit: detail.child("forman").and_then(|f| {
            f.text_of("id")
                .map(|id| values::benefit(m, id, f.text_of("beskrivning")))
        }),
        amount_type: values::code(m, detail, "beloppstyp", BELOPPSTYP),
        covers: values::period(m, detail, "period").0,
        gross: values::amount(m, detail, "bruttobelopp"),
        tax: values::amount(m, detail, "skattebelopp"),
        deductions: values::amount(m, detail, "avdragsbelopp"),
        days: m.integer::<i64>(detail, "dagar").map(Decimal::from),
        hours: m.integer::<i64>(detail, "timmar").map(Decimal::from),
        extent_percent: detail
            .child("omfattning")
            .and_then(|o| values::extent_percent(m, &o)),
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
    let mut payment = Payment::new("PM", benefit, state);
    (payment.payout_on, payment.payout_within) = payout_date(m, at, "utbetalningsdatum");
    payment.covers = covers;
    payment.gross = m.amount(at, "bruttobelopp");
    payment.tax = tax;
    payment.deductions = deductions;
    payment.net = m.amount(at, "nettobelopp");
    payment.rows = at
        .children("utbetalningsrader")
        .iter()
        .map(|row| PaymentRow {
            // The benefit group, else the payment benefit (`PM:BTP`, `PM:AP37`, …).
            benefit: coded(m, row, "formansgrupp", PM_FORMANSGRUPP)
                .or_else(|| coded(m, row, "utbetalningsforman", PM_UTBETALNINGSFORMAN)),
            amount_type: row.child("beloppstyp").and_then(|t| {
                let code = t.text_of("kod")?;
                Some(m.checked_code(t.join("kod"), PM_BELOPPSTYP, code, t.text_of("beskrivning")))
            }),
            gross: m.amount(row, "belopp"),
            ..PaymentRow::default()
        })
        .collect();
    if state == PaymentState::Planned {
        payment.payment_type = Some(PaymentType {
            class: PaymentClass::Preliminary,
            code: Code::labelled("preliminaraUtbetalningar", "Preliminär utbetalning"),
        });
    }
    payment
}
