//! Builders of answers for the overview's tests: members, source results, payments,
//! decisions, and a look-up for application month October 2026.

use jiff::Timestamp;
use jiff::civil::{Date, date};
use underlag_domain::model::{
    Code, Decision, DecisionStatus, Frequency, Payment, PaymentClass, PaymentState, PaymentType,
    SourceData,
};
use underlag_domain::{Amount, Outcome, Period, Personnummer, SourceId, SourceResult};
use underlag_overview::{Lookup, MemberAnswers, Month, Overview, OverviewRules, build};

/// The all-sources person of the simulator.
pub(crate) const APPLICANT: &str = "198603052393";
/// The family-benefits person of the simulator (household of two).
pub(crate) const PARTNER: &str = "198805122390";
/// A protected person of the simulator.
pub(crate) const PROTECTED: &str = "200205082381";

pub(crate) fn pnr(text: &str) -> Personnummer {
    Personnummer::parse_canonical(text).unwrap()
}

pub(crate) fn month(text: &str) -> Month {
    Month::parse(text).unwrap()
}

pub(crate) fn kr(kronor: i64) -> Amount {
    Amount::from_kronor(kronor)
}

pub(crate) fn period(from: Date, to: Date) -> Period {
    Period::new(from, to).unwrap()
}

/// When the current look-up started.
pub(crate) fn started() -> Timestamp {
    "2026-10-20T08:00:00Z".parse().unwrap()
}

/// When the answers of the current look-up were retrieved.
pub(crate) fn retrieved() -> Timestamp {
    "2026-10-20T08:00:02Z".parse().unwrap()
}

/// Application month `m` (yyyy-mm), period from the first of M−2 to the last of M.
pub(crate) fn lookup_for(m: &str) -> Lookup {
    let application_month = month(m);
    Lookup {
        application_month,
        period: period(
            application_month.plus(-2).first_day(),
            application_month.last_day(),
        ),
        started_at: started(),
    }
}

/// Application month October 2026, period 2026-08-01 – 2026-10-31.
pub(crate) fn lookup() -> Lookup {
    lookup_for("2026-10")
}

pub(crate) fn ok(source: SourceId, data: SourceData) -> SourceResult {
    SourceResult {
        source,
        outcome: Outcome::Ok {
            data: Box::new(data),
            warnings: Vec::new(),
        },
        latency_ms: Some(12),
        retrieved_at: Some(retrieved()),
        attempts: 1,
        raw: None,
    }
}

pub(crate) fn with_outcome(source: SourceId, outcome: Outcome) -> SourceResult {
    SourceResult {
        source,
        outcome,
        latency_ms: Some(5),
        retrieved_at: Some(retrieved()),
        attempts: 2,
        raw: None,
    }
}

pub(crate) fn no_match(source: SourceId) -> SourceResult {
    with_outcome(
        source,
        Outcome::NoMatch {
            warnings: Vec::new(),
        },
    )
}

pub(crate) fn timed_out(source: SourceId) -> SourceResult {
    SourceResult {
        retrieved_at: None,
        ..with_outcome(source, Outcome::TimedOut)
    }
}

/// Results for all seven sources: the given ones, and "no match" for the rest.
pub(crate) fn answers(given: Vec<SourceResult>) -> Vec<SourceResult> {
    let mut out = given;
    for source in SourceId::ALL {
        if !out.iter().any(|r| r.source == source) {
            out.push(no_match(source));
        }
    }
    out
}

pub(crate) fn data_with_payments(payments: Vec<Payment>) -> SourceData {
    SourceData {
        payments,
        ..SourceData::default()
    }
}

/// An effected payment paid on `payout`, covering the month before.
pub(crate) fn paid(payer: &str, benefit: &str, payout: Date, gross: i64, net: i64) -> Payment {
    let mut p = Payment::new(payer, Code::new(benefit), PaymentState::Effected);
    p.payout_on = Some(payout);
    let covered = Month::of(payout).previous();
    p.covers = Some(covered.period());
    p.gross = Some(kr(gross));
    p.tax = Some(kr(gross - net));
    p.net = Some(kr(net));
    p
}

/// A planned payment on `payout`.
pub(crate) fn planned(payer: &str, benefit: &str, payout: Date, gross: i64, net: i64) -> Payment {
    let mut p = paid(payer, benefit, payout, gross, net);
    p.state = PaymentState::Planned;
    p.payment_type = Some(PaymentType {
        class: PaymentClass::Preliminary,
        code: Code::new("preliminarautbetalningar"),
    });
    p
}

/// A granted decision with an amount in `frequency` over `from`–`to`.
pub(crate) fn decision(
    benefit: &str,
    decided_by: &str,
    amount: i64,
    frequency: Frequency,
    from: Date,
    to: Date,
) -> Decision {
    let mut d = Decision::new(Code::new(benefit), DecisionStatus::Granted, decided_by);
    d.amount = Some(kr(amount));
    d.frequency = Some(frequency);
    d.period = Some(period(from, to));
    d.decided_on = Some(from);
    d
}

/// Builds the overview of one member with the default rules.
pub(crate) fn overview_of(member: &Personnummer, results: &[SourceResult]) -> Overview {
    build(
        &lookup(),
        &[MemberAnswers {
            personnummer: member,
            results,
        }],
        &OverviewRules::default(),
    )
    .unwrap()
}

/// The index of month `m` among the overview's months.
pub(crate) fn index(overview: &Overview, m: &str) -> usize {
    overview
        .months
        .iter()
        .position(|c| c.month == month(m))
        .unwrap()
}

/// The payout day `d` of month `m` (yyyy-mm).
pub(crate) fn day(m: &str, d: i8) -> Date {
    let month = month(m);
    date(month.year(), month.number(), d)
}
