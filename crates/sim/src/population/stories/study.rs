//! Story parts for CSN: studiemedel per academic year (granted ISO weeks, applied periods,
//! a payment plan paid on the 25th in four-week chunks) and studiehjälp for pupils.

use jiff::civil::Date;
use underlag_domain::Amount;

use super::Builder;
use crate::population::calendar::{
    add_days, iso_week, month_day, month_period, period, week_monday,
};
use crate::population::{
    CsnAmount, CsnApplied, CsnCase, CsnFacts, CsnGranted, CsnPayment, CsnSupportForm, PaymentState,
    SyntheticPerson,
};

/// Studiemedel per week at full pace (whole kronor).
const GRUNDB_PER_WEEK: i64 = 832;
const GRUNDL_PER_WEEK: i64 = 1908;
/// Studiebidrag per month (studiehjälp).
const STUDB_PER_MONTH: i64 = 1250;

/// A semester as Monday of the first week to Sunday of the last.
#[derive(Clone, Copy)]
struct Semester {
    start: Date,
    end: Date,
}

impl Semester {
    fn weeks(&self) -> i64 {
        i64::from(((self.end - self.start).get_days() + 1) / 7)
    }
}

/// Autumn (weeks 35 to 2) and spring (weeks 3 to 22) of the academic year starting in `year`.
fn academic_year(year: i16) -> [Semester; 2] {
    [
        Semester {
            start: week_monday(year, 35),
            end: add_days(week_monday(year + 1, 2), 6),
        },
        Semester {
            start: week_monday(year + 1, 3),
            end: add_days(week_monday(year + 1, 22), 6),
        },
    ]
}

/// The academic year in progress (or about to start) at `today`.
fn current_academic_year(today: Date) -> i16 {
    if today.month() >= 7 {
        today.year()
    } else {
        today.year() - 1
    }
}

fn state(b: &Builder, d: Date) -> PaymentState {
    if d <= b.today {
        PaymentState::Effected
    } else {
        PaymentState::Preliminary
    }
}

fn amount(kind: &'static str, label: &'static str, per: i64, count: i64) -> CsnAmount {
    CsnAmount {
        kind,
        label,
        amount: Amount::from_kronor(per),
        total: Amount::from_kronor(per * count),
    }
}

fn grund_amounts(pace: u32, loan: bool, weeks: i64) -> Vec<CsnAmount> {
    let pace = i64::from(pace);
    let mut amounts = vec![amount(
        "GRUNDB",
        "Bidrag",
        GRUNDB_PER_WEEK * pace / 100,
        weeks,
    )];
    if loan {
        amounts.push(amount("GRUNDL", "Lån", GRUNDL_PER_WEEK * pace / 100, weeks));
    }
    amounts
}

fn total(amounts: &[CsnAmount]) -> Amount {
    amounts.iter().map(|a| a.total).sum()
}

/// A studiemedel case for the academic year starting in `year`.
fn grund_case(b: &mut Builder, year: i16, pace: u32, loan: bool, status: &'static str) -> CsnCase {
    let semesters = academic_year(year);
    let mut granted = Vec::new();
    let mut payments = Vec::new();
    for s in semesters {
        let amounts = grund_amounts(pace, loan, s.weeks());
        granted.push(CsnGranted {
            start_week: iso_week(s.start),
            end_week: iso_week(s.end),
            span: period(s.start, s.end),
            pace_percent: pace,
            total: total(&amounts),
            amounts,
        });
        let mut chunk_start = s.start;
        while chunk_start <= s.end {
            let chunk_end = add_days(chunk_start, 27).min(s.end);
            let weeks = i64::from(((chunk_end - chunk_start).get_days() + 1) / 7);
            let payout_on = month_day(chunk_start, -1, 25);
            let amounts = grund_amounts(pace, loan, weeks);
            payments.push(CsnPayment {
                payout_on,
                state: state(b, payout_on),
                start_week: iso_week(chunk_start),
                end_week: iso_week(chunk_end),
                total: total(&amounts),
                amounts,
            });
            chunk_start = add_days(chunk_end, 1);
        }
    }
    CsnCase {
        number: b.serial() % 1000,
        support_form: CsnSupportForm::Studiemedel,
        status,
        applied: vec![CsnApplied {
            from: semesters[0].start,
            to: semesters[1].end,
            extent_percent: pace,
            loan,
        }],
        granted,
        payments,
    }
}

/// A studiehjälp case for the school year starting in `year`: studiebidrag September–June,
/// paid on the 18th.
fn studiehjalp_case(b: &mut Builder, year: i16, status: &'static str) -> CsnCase {
    let start = week_monday(year, 34);
    let end = add_days(week_monday(year + 1, 24), 6);
    let mut payments = Vec::new();
    for k in 0..10 {
        let september = Date::new(year, 9, 1).unwrap_or(start);
        let month = month_period(september, k);
        let payout_on = month_day(month.from(), 0, 18);
        let amounts = vec![amount("STUDB", "Studiebidrag", STUDB_PER_MONTH, 1)];
        payments.push(CsnPayment {
            payout_on,
            state: state(b, payout_on),
            start_week: iso_week(month.from()),
            end_week: iso_week(month.to()),
            total: total(&amounts),
            amounts,
        });
    }
    let amounts = vec![amount("STUDB", "Studiebidrag", STUDB_PER_MONTH, 10)];
    CsnCase {
        number: b.serial() % 1000,
        support_form: CsnSupportForm::Studiehjalp,
        status,
        applied: vec![CsnApplied {
            from: start,
            to: end,
            extent_percent: 100,
            loan: false,
        }],
        granted: vec![CsnGranted {
            start_week: iso_week(start),
            end_week: iso_week(end),
            span: period(start, end),
            pace_percent: 100,
            total: total(&amounts),
            amounts,
        }],
        payments,
    }
}

/// A student: the previous academic year (ended) and the current one (decided), with
/// studiemedel; pupils get studiehjälp instead.
pub(crate) fn student(b: &mut Builder, p: &mut SyntheticPerson, pupil: bool) {
    let year = current_academic_year(b.today);
    let cases = if pupil {
        vec![
            studiehjalp_case(b, year - 1, "AVSLUTAD"),
            studiehjalp_case(b, year, "BESLUTAD"),
        ]
    } else {
        let pace = *b.rng.pick(&[100_u32, 100, 100, 75, 50]);
        let loan = b.rng.percent(70);
        vec![
            grund_case(b, year - 1, pace, loan, "AVSLUTAD"),
            grund_case(b, year, pace, loan, "BESLUTAD"),
        ]
    };
    p.csn = Some(CsnFacts { cases, v3: false });
}

/// A CSN amount type and its weekly amount at full pace.
type Rate = (&'static str, &'static str, i64);

/// Studiestartsstöd: bidrag (and tilläggsbidrag for parents).
const STUDIESTARTSSTOD: &[Rate] = &[("STÖDB", "Studiestartsstöd bidrag", 2_215)];
const STUDIESTARTSSTOD_PARENT: &[Rate] = &[
    ("STÖDB", "Studiestartsstöd bidrag", 2_215),
    ("STÖDT", "Studiestartsstöd tilläggsbidrag", 168),
];
/// Studiemedel abroad with merkostnadslån.
const ABROAD: &[Rate] = &[
    ("GRUNDB", "Bidrag", GRUNDB_PER_WEEK),
    ("GRUNDL", "Lån", GRUNDL_PER_WEEK),
    ("MERKL", "Merkostnadslån", 1_040),
];
/// Studiemedel for a parent: bidrag, lån and tilläggsbidrag.
const PARENT: &[Rate] = &[
    ("GRUNDB", "Bidrag", GRUNDB_PER_WEEK),
    ("GRUNDL", "Lån", GRUNDL_PER_WEEK),
    ("TILB", "Tilläggsbidrag", 168),
];

fn rated(rates: &[Rate], pace: u32, weeks: i64) -> Vec<CsnAmount> {
    rates
        .iter()
        .map(|(kind, label, per)| amount(kind, label, per * i64::from(pace) / 100, weeks))
        .collect()
}

/// A case of `form` for the academic year starting in `year`, with the amount types of
/// `rates` in every grant and every payment (the per-payment split by amount type).
fn rated_case(
    b: &mut Builder,
    year: i16,
    form: CsnSupportForm,
    rates: &[Rate],
    status: &'static str,
) -> CsnCase {
    let mut case = grund_case(b, year, 100, true, status);
    case.support_form = form;
    for g in &mut case.granted {
        let weeks = i64::from(((g.span.to() - g.span.from()).get_days() + 1) / 7);
        g.amounts = rated(rates, g.pace_percent, weeks);
        g.total = total(&g.amounts);
    }
    for pay in &mut case.payments {
        let weeks = pay.amounts.first().map_or(4, |a| {
            let per = a.amount.value();
            if per.is_zero() {
                4
            } else {
                (a.total.value() / per).trunc().try_into().unwrap_or(4)
            }
        });
        pay.amounts = rated(rates, 100, weeks);
        pay.total = total(&pay.amounts);
    }
    case
}

/// A student with another support form than GRUND/SH (`variant` 0: studiestartsstöd, 1:
/// studiemedel abroad with merkostnadslån, 2: studiemedel with tilläggsbidrag, 3:
/// studiestartsstöd with tilläggsbidrag), for the current academic year.
pub(crate) fn other_form(b: &mut Builder, p: &mut SyntheticPerson, variant: usize) {
    let year = current_academic_year(b.today);
    let (form, rates) = match variant % 4 {
        0 => (CsnSupportForm::Studiestartsstod, STUDIESTARTSSTOD),
        1 => (CsnSupportForm::StudiemedelUtomlands, ABROAD),
        2 => (CsnSupportForm::Studiemedel, PARENT),
        _ => (CsnSupportForm::Studiestartsstod, STUDIESTARTSSTOD_PARENT),
    };
    let case = rated_case(b, year, form, rates, "BESLUTAD");
    p.csn = Some(CsnFacts {
        cases: vec![case],
        v3: false,
    });
}

/// Studies with studiemedel that ended: the academic year `years_back` complete academic
/// years before the reference date (1 = the last complete one).
pub(crate) fn earlier_studies(b: &mut Builder, p: &mut SyntheticPerson, years_back: i16) {
    let last_complete = current_academic_year(b.today) - 1;
    let year = last_complete - (years_back - 1);
    let case = grund_case(b, year, 100, true, "AVSLUTAD");
    p.csn
        .get_or_insert_with(|| CsnFacts {
            cases: Vec::new(),
            v3: false,
        })
        .cases
        .push(case);
}
