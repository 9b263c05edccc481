//! CSN's ärenden: support form and status, applied and granted periods, and the payment plan.

use underlag_domain::model::{
    Code, DecisionStatus, Frequency, Payment, PaymentRow, PaymentState, SourceData,
    StudyAppliedPeriod, StudyCase, StudyGrantedPeriod, TypedAmount,
};
use underlag_domain::{Period, Severity};

use crate::mapping::{At, Mapper};

/// Code lists of support forms and amount types.
pub(crate) const STODFORM: &str = "csn-stodform";
pub(crate) const BELOPPSTYP: &str = "csn-beloppstyp";

/// Maps one ärende to a study case and its payments.
pub(crate) fn map_case(m: &mut Mapper<'_>, arende: &At<'_>, data: &mut SourceData) {
    let form = arende.text_of("stodform").unwrap_or_default();
    if form.is_empty() {
        m.problem(
            arende.join("stodform"),
            Severity::Error,
            "an ärende has no stodform",
        );
    }
    let support_form = m.code(STODFORM, form, arende.text_of("klartext"));
    let applied = arende
        .child("soktaTider")
        .map(|s| s.children("soktTid"))
        .unwrap_or_default()
        .iter()
        .map(|t| applied(m, t))
        .collect();
    let granted = arende
        .child("BeviljadeTider")
        .map(|b| b.children("BeviljadTid"))
        .unwrap_or_default()
        .iter()
        .filter_map(|t| granted(m, t))
        .collect();
    for utbetalning in arende
        .child("UtbetalningsPlan")
        .map(|p| p.children("Utbetalning"))
        .unwrap_or_default()
    {
        if let Some(payment) = payment(m, &utbetalning, &support_form) {
            data.payments.push(payment);
        }
    }
    data.study_support.push(StudyCase {
        status: status(m, arende),
        support_form,
        applied,
        granted,
    });
}

fn status(m: &mut Mapper<'_>, arende: &At<'_>) -> DecisionStatus {
    match arende.text_of("status") {
        None => DecisionStatus::Other(String::new()),
        Some("BESLUTAD" | "BESLUTAT") => DecisionStatus::Final,
        Some("INITIERAD" | "INITIERAT") => DecisionStatus::Pending,
        Some("AVSLUTAD" | "AVSLUTAT") => DecisionStatus::Ended,
        Some(other) => {
            m.warn(
                arende.join("status"),
                "unknown case status; the code is kept",
            );
            DecisionStatus::Other(other.to_owned())
        }
    }
}

fn applied(m: &mut Mapper<'_>, tid: &At<'_>) -> StudyAppliedPeriod {
    let from = m.compact_date(tid, "soktfrom");
    let to = m.compact_date(tid, "sokttom");
    let period = match (from, to) {
        (Some(a), Some(b)) => m.combine(tid, ("soktfrom", Some(a)), ("sokttom", Some(b))),
        _ => None,
    };
    StudyAppliedPeriod {
        period,
        extent_percent: m.integer(tid, "soktomfattning"),
        loan_applied: tid.text_of("soktlan") == Some("J"),
    }
}

fn weeks(m: &mut Mapper<'_>, at: &At<'_>, start: &str, end: &str) -> Option<Period> {
    let (Some(first), Some(last)) = (at.text_of(start), at.text_of(end)) else {
        m.problem(
            at.join(start),
            Severity::Error,
            format!("'{start}' or '{end}' is missing"),
        );
        return None;
    };
    match Period::from_iso_weeks(first, last) {
        Ok(period) => Some(period),
        Err(_) => {
            m.unreadable(
                at.join(end),
                "an ISO week period (yyyyWW, start before end)",
            );
            None
        }
    }
}

fn granted(m: &mut Mapper<'_>, tid: &At<'_>) -> Option<StudyGrantedPeriod> {
    let period = weeks(m, tid, "starttid", "sluttid");
    let pace_percent = if tid.has("takt") {
        m.integer(tid, "takt")
    } else {
        m.integer(tid, "gr_takt")
    };
    let amounts = amounts(m, tid);
    Some(StudyGrantedPeriod {
        period: period?,
        pace_percent,
        amounts,
    })
}

fn amounts(m: &mut Mapper<'_>, at: &At<'_>) -> Vec<TypedAmount> {
    let belopp = at
        .child("Beloppen")
        .map(|b| b.children("Belopp"))
        .unwrap_or_default();
    belopp
        .iter()
        .filter_map(|b| {
            let kind = b.text_of("beloppstyp");
            let amount = m.amount(b, "belopp");
            let total = m.amount(b, "totbelopp");
            if kind.is_none() || b.text_of("belopp").is_none() {
                m.problem(
                    b.join("belopp"),
                    Severity::Error,
                    "an amount without type or value",
                );
            }
            Some(TypedAmount {
                kind: m.checked_code(
                    b.join("beloppstyp"),
                    BELOPPSTYP,
                    kind?,
                    b.text_of("klartext"),
                ),
                amount: amount?,
                frequency: Some(Frequency::Weekly),
                total,
            })
        })
        .collect()
}

fn payment(m: &mut Mapper<'_>, utbetalning: &At<'_>, benefit: &Code) -> Option<Payment> {
    let state = match utbetalning.text_of("utbetstatus") {
        Some("Planerad") => PaymentState::Planned,
        Some("Utbetald" | "UTBETALAD") => PaymentState::Effected,
        _ => {
            m.problem(
                utbetalning.join("utbetstatus"),
                Severity::Error,
                "a payment is neither planned nor paid",
            );
            return None;
        }
    };
    let tider = utbetalning
        .child("Utbetaldatider")
        .map(|u| u.children("Utbetaldtid"))
        .unwrap_or_default();
    let covers = tider
        .iter()
        .filter(|t| t.has("startvecka") || t.has("slutvecka"))
        .filter_map(|t| weeks(m, t, "startvecka", "slutvecka"))
        .reduce(|a, b| {
            let (from, to) = (a.from().min(b.from()), a.to().max(b.to()));
            Period::new(from, to).unwrap_or(a)
        });
    let mut rows = Vec::new();
    for tid in &tider {
        let weeks_covered = if tid.has("startvecka") || tid.has("slutvecka") {
            weeks(m, tid, "startvecka", "slutvecka")
        } else {
            None
        };
        let belopp = tid
            .child("Beloppen")
            .map(|b| b.children("Belopp"))
            .unwrap_or_default();
        for b in &belopp {
            let Some(kind) = b.text_of("beloppstyp") else {
                continue;
            };
            rows.push(PaymentRow {
                amount_type: Some(m.checked_code(
                    b.join("beloppstyp"),
                    BELOPPSTYP,
                    kind,
                    b.text_of("klartext"),
                )),
                covers: weeks_covered,
                // `totbelopp` is the row's share of the payment; `belopp` is CSN's weekly
                // rate, which the row has no place for (the granted period carries it).
                gross: m.amount(b, "totbelopp"),
                ..PaymentRow::default()
            });
        }
    }
    let mut payment = Payment::new("CSN", benefit.clone(), state);
    payment.payout_on = m.compact_date(utbetalning, "utbetdatum");
    payment.covers = covers;
    payment.gross = m.amount(utbetalning, "totbelopp");
    payment.rows = rows;
    Some(payment)
}
