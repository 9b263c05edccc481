//! Story parts for Försäkringskassan and Pensionsmyndigheten: general person information,
//! aktivitetsstöd, barnbidrag, bostadsbidrag, underhållsstöd, allmän pension and
//! bostadstillägg, with effected and preliminary payments.

use jiff::civil::Date;
use underlag_domain::{Amount, Period};

use super::Builder;
use super::labour::AKTIVITETSSTOD;
use crate::population::calendar::{add_days, month_day, month_period, period, weekdays};
use crate::population::names::GIVEN_NAMES;
use crate::population::{
    Child, DecisionBasis, FkBenefit, FkCase, FkDecision, FkDeduction, FkFacts, FkPayment,
    FkPaymentKind, PaymentState, PmBenefit, PmCompensation, PmDecision, PmPayment, PmRow,
    PostalAddress, SyntheticPerson, whole_kronor,
};

const STREETS: &[&str] = &[
    "Storgatan",
    "Skolvägen",
    "Björkvägen",
    "Kyrkogatan",
    "Ringvägen",
    "Parkvägen",
    "Sjövägen",
];

/// (postort, postal-code prefix, län, kommun).
const TOWNS: &[(&str, &str, &str, &str)] = &[
    ("SUNDSVALL", "852", "22", "81"),
    ("GÖTEBORG", "413", "14", "80"),
    ("STOCKHOLM", "118", "01", "80"),
    ("MALMÖ", "214", "12", "80"),
    ("UMEÅ", "903", "24", "80"),
    ("ÖREBRO", "703", "18", "80"),
];

pub(crate) fn state(b: &Builder, payout_on: Date) -> PaymentState {
    if payout_on <= b.today {
        PaymentState::Effected
    } else {
        PaymentState::Preliminary
    }
}

/// The person's FK facts, created with general person information on first use.
pub(crate) fn fk<'a>(
    b: &mut Builder,
    p: &'a mut SyntheticPerson,
    civil_status: u8,
) -> &'a mut FkFacts {
    let protected = p.protected;
    // Decided by the number, not the random stream, so the rest of the population is unchanged.
    let sekretessmarkering = p.personnummer.expose().ends_with(['0', '2', '4', '6', '8']);
    p.fk.get_or_insert_with(|| {
        let (town, prefix, lan, kommun) = *b.rng.pick(TOWNS);
        let address = PostalAddress {
            street: format!("{} {}", b.rng.pick(STREETS), b.rng.range(1, 80)),
            postal_code: format!("{prefix}{:02}", b.rng.range(10, 99)),
            town: town.to_owned(),
        };
        FkFacts {
            civil_status,
            // A person with sekretessmarkering is registered at a real address that FK holds;
            // it is the gateway's duty to withhold it. Every other protected person (skyddad
            // folkbokföring) has no address of their own in FK's records.
            address: (!protected || sekretessmarkering).then_some(address),
            registered_in: (lan.to_owned(), kommun.to_owned()),
            children: Vec::new(),
            cases: Vec::new(),
            payments: Vec::new(),
            pm_decisions: Vec::new(),
            pm_payments: Vec::new(),
            pm_claims: Vec::new(),
            deviations: Vec::new(),
            pm_state: None,
        }
    })
}

/// The housing basis LEFI gives with a bostadsbidrag decision of `gross` kronor a month,
/// derived from the amount so that no random draw is spent on it.
fn housing_basis(gross: i64) -> DecisionBasis {
    let total = 4_000 + gross * 2;
    DecisionBasis::Housing {
        total_cost: Amount::from_kronor(total),
        counted_cost: Amount::from_kronor(total.min(5_300 + gross / 2)),
        incomes: vec![Amount::from_kronor(180_000 + gross * 12)],
        children: Vec::new(),
    }
}

/// One PM payment row in whole kronor.
pub(crate) fn pm_row(
    benefit: PmBenefit,
    forman: &'static str,
    kind: &'static str,
    kronor: i64,
) -> PmRow {
    PmRow {
        benefit,
        forman,
        kind,
        amount: Amount::from_kronor(kronor),
    }
}

pub(crate) fn percent_of(amount_kr: i64, percent: i64) -> i64 {
    (amount_kr * percent + 50) / 100
}

/// The FK side of a programme: the aktivitetsstöd case matching the AF decision, with
/// monthly payments (each month paid on the 26th of the next; up to one month ahead of the
/// reference date as preliminary).
pub(crate) fn aktivitetsstod(b: &mut Builder, p: &mut SyntheticPerson) {
    let Some(decision) = p.af.as_ref().and_then(|af| {
        af.decisions
            .iter()
            .find(|d| d.compensation == AKTIVITETSSTOD)
            .cloned()
    }) else {
        return;
    };
    let daily = *b.rng.pick(&[365_i64, 480, 560, 680, 754, 910]);
    let garnished = b.rng.percent(10);
    let measure = *b.rng.pick(&[53_u32, 40, 99]);
    let horizon = month_day(b.today, 1, 31);
    let mut payments = Vec::new();
    for m in 0..48 {
        let month = month_period(decision.from, m);
        let payout_on = month_day(month.from(), 1, 26);
        if payout_on > horizon || month.from() > decision.to {
            break;
        }
        let covers = period(month.from().max(decision.from), month.to().min(decision.to));
        let days = weekdays(&covers, &[]);
        let gross = daily * i64::from(days);
        let tax = percent_of(gross, 30);
        let deductions = if garnished {
            vec![FkDeduction {
                code: "INF",
                amount: Amount::from_kronor(500),
            }]
        } else {
            Vec::new()
        };
        let other: i64 = if garnished { 500 } else { 0 };
        payments.push(FkPayment {
            benefit: FkBenefit::Aktivitetsstod,
            state: state(b, payout_on),
            payout_on,
            covers,
            gross: Amount::from_kronor(gross),
            tax: Amount::from_kronor(tax),
            deductions,
            net: Amount::from_kronor(gross - tax - other),
            days: Some(days),
            kind: FkPaymentKind::Monthly,
            month_only: false,
        });
    }
    let case = FkCase {
        benefit: FkBenefit::Aktivitetsstod,
        started: add_days(decision.from, -10),
        active: true,
        child: None,
        measure: Some(measure),
        decisions: vec![FkDecision {
            compensation: Some((1, "Aktivitetsstöd")),
            days: Some(weekdays(&period(decision.from, decision.to), &[])),
            karens: Some(false),
            ..FkDecision::basic(
                add_days(decision.from, -3),
                decision.from,
                Some(decision.to),
                Amount::from_kronor(daily),
                0,
            )
        }],
        co_applicants: Vec::new(),
        rejected: false,
    };
    let facts = fk(b, p, 1);
    facts.cases.push(case);
    facts.payments.extend(payments);
    facts.payments.sort_by_key(|x| x.payout_on);
}

fn birth_year(p: &SyntheticPerson) -> i32 {
    p.personnummer
        .expose()
        .get(..4)
        .and_then(|y| y.parse().ok())
        .unwrap_or(1980)
}

/// Monthly payments of one benefit for months `first..=0` relative to the reference date,
/// paid on `day`, with the month's gross amount from `gross_for` (0 = nothing paid).
fn monthly_payments(
    b: &Builder,
    benefit: FkBenefit,
    first: i32,
    day: i8,
    gross_for: impl Fn(&Period) -> i64,
) -> Vec<FkPayment> {
    (first..=0)
        .filter_map(|m| {
            let covers = month_period(b.today, m);
            let gross = gross_for(&covers);
            (gross > 0).then(|| {
                let payout_on = month_day(b.today, m, day);
                FkPayment {
                    benefit,
                    state: state(b, payout_on),
                    payout_on,
                    covers,
                    gross: Amount::from_kronor(gross),
                    tax: Amount::ZERO,
                    deductions: Vec::new(),
                    net: Amount::from_kronor(gross),
                    days: None,
                    kind: FkPaymentKind::Monthly,
                    month_only: false,
                }
            })
        })
        .collect()
}

/// A parent with barnbidrag for 1–3 children, bostadsbidrag (most) and underhållsstöd
/// (single parents), over the last `months` months.
pub(crate) fn family(b: &mut Builder, p: &mut SyntheticPerson, months: i32) {
    let single = b.rng.percent(50);
    let this_year = i32::from(b.today.year());
    let oldest = (birth_year(p) + 20).max(this_year - 15);
    let youngest = (this_year - 1).min(2023);
    let mut children = Vec::new();
    for _ in 0..b.rng.range(1, 3) {
        let Some(number) = b.child_number(oldest.min(youngest)..=youngest) else {
            break;
        };
        let Some(born) = number.birth_date() else {
            continue;
        };
        let name = format!("{} {}", b.rng.pick(GIVEN_NAMES), p.family_name);
        children.push(Child {
            personnummer: number,
            name,
            born,
        });
    }
    if children.is_empty() {
        return;
    }
    let first = 1 - months;
    let window_start = month_day(b.today, first, 1);
    let mut cases = Vec::new();
    for c in &children {
        cases.push(FkCase {
            benefit: FkBenefit::Barnbidrag,
            started: add_days(c.born, 14),
            active: true,
            child: Some(c.clone()),
            measure: None,
            decisions: vec![FkDecision::basic(
                add_days(c.born, 20),
                month_day(c.born, 1, 1),
                None,
                Amount::from_kronor(1250),
                1,
            )],
            co_applicants: Vec::new(),
            rejected: false,
        });
    }
    let born: Vec<Date> = children.iter().map(|c| month_day(c.born, 1, 1)).collect();
    let mut payments = monthly_payments(b, FkBenefit::Barnbidrag, first, 20, |m| {
        let n = born.iter().filter(|d| **d <= m.from()).count();
        let extra = match n {
            2 => 150,
            n if n >= 3 => 730,
            _ => 0,
        };
        1250 * n as i64 + extra
    });
    if b.rng.percent(70) {
        let (case, mut paid) = bostadsbidrag(b, window_start, first);
        cases.push(case);
        payments.append(&mut paid);
    }
    if single {
        let mut starts = Vec::new();
        for c in &children {
            let age = this_year - i32::from(c.born.year());
            let monthly = match age {
                0..=10 => 1673,
                11..=14 => 1823,
                _ => 2223,
            };
            let from = month_day(c.born, 1, 1).max(window_start);
            starts.push((from, monthly));
            cases.push(FkCase {
                benefit: FkBenefit::Underhallsstod,
                started: add_days(from, -25),
                active: true,
                child: Some(c.clone()),
                measure: None,
                decisions: vec![FkDecision {
                    compensation: Some((1, "Helt")),
                    ..FkDecision::basic(
                        add_days(from, -10),
                        from,
                        None,
                        Amount::from_kronor(monthly),
                        1,
                    )
                }],
                co_applicants: Vec::new(),
                rejected: false,
            });
        }
        payments.extend(monthly_payments(
            b,
            FkBenefit::Underhallsstod,
            first,
            25,
            |m| {
                starts
                    .iter()
                    .filter(|(from, _)| *from <= m.from())
                    .map(|(_, kr)| kr)
                    .sum()
            },
        ));
    }
    payments.sort_by_key(|x| (x.payout_on, x.benefit));
    let civil = if single { *b.rng.pick(&[1_u8, 5]) } else { 2 };
    let facts = fk(b, p, civil);
    facts.children = children;
    facts.cases.extend(cases);
    facts.payments.extend(payments);
}

/// A bostadsbidrag case from `start`, one decision per half-year, paid on the 26th.
fn bostadsbidrag(b: &mut Builder, start: Date, first: i32) -> (FkCase, Vec<FkPayment>) {
    let mut decisions = Vec::new();
    let mut from = start;
    while from <= month_day(b.today, 1, 1) {
        let half_end_month = if from.month() <= 6 { 6 } else { 12 };
        let to = month_day(from, i32::from(half_end_month - from.month()), 31);
        let gross = b.rng.range(150, 450) * 10;
        decisions.push(FkDecision {
            basis: Some(housing_basis(gross)),
            ..FkDecision::basic(
                add_days(from, -12),
                from,
                Some(to),
                Amount::from_kronor(gross),
                1,
            )
        });
        from = add_days(to, 1);
    }
    let amounts: Vec<(Date, Date, i64)> = decisions
        .iter()
        .map(|d| (d.from, d.to.unwrap_or(d.from), whole_kronor(d.gross)))
        .collect();
    let payments = monthly_payments(b, FkBenefit::Bostadsbidrag, first, 26, |m| {
        amounts
            .iter()
            .find(|(f, t, _)| *f <= m.from() && m.from() <= *t)
            .map_or(0, |a| a.2)
    });
    let case = FkCase {
        benefit: FkBenefit::Bostadsbidrag,
        started: add_days(start, -30),
        active: true,
        child: None,
        measure: None,
        decisions,
        co_applicants: Vec::new(),
        rejected: false,
    };
    (case, payments)
}

/// A pensioner with allmän pension (GARP + inkomstpension) and bostadstillägg from
/// Pensionsmyndigheten, over the last `months` months, paid on the 19th.
pub(crate) fn pensioner(b: &mut Builder, p: &mut SyntheticPerson, months: i32) {
    let born = p
        .personnummer
        .birth_date()
        .unwrap_or(Date::constant(1950, 1, 1));
    let pension_from = month_day(born, 65 * 12 + 1, 1);
    let garp = b.rng.range(100, 350) * 10;
    let ip = b.rng.range(600, 1400) * 10;
    let bt = b.rng.range(150, 600) * 10;
    let first = 1 - months;
    let bti_from = month_day(b.today, first, 1);
    let ap_id = format!("PM-{:08}", b.serial());
    let bti_id = format!("PM-{:08}", b.serial());
    let decisions = vec![
        PmDecision {
            id: ap_id,
            benefit: PmBenefit::AllmanPension,
            decided_on: add_days(pension_from, -40),
            compensations: vec![
                PmCompensation {
                    kind: "PM:GARP",
                    label: "Garantipension",
                    monthly: Amount::from_kronor(garp),
                    from: pension_from,
                },
                PmCompensation {
                    kind: "PM:IP",
                    label: "Inkomstpension",
                    monthly: Amount::from_kronor(ip),
                    from: pension_from,
                },
            ],
            housing_cost: None,
            co_applicant: None,
        },
        PmDecision {
            id: bti_id,
            benefit: PmBenefit::BostadsInkomststod,
            decided_on: add_days(bti_from, -20),
            compensations: vec![PmCompensation {
                kind: "PM:BT",
                label: "Bostadstillägg",
                monthly: Amount::from_kronor(bt),
                from: bti_from,
            }],
            housing_cost: Some(Amount::from_kronor(b.rng.range(600, 1200) * 100)),
            co_applicant: None,
        },
    ];
    let mut payments = Vec::new();
    for m in first..=0 {
        let payout_on = month_day(b.today, m, 19);
        let covers = month_period(b.today, m);
        let tax = percent_of(garp + ip, 25);
        payments.push(PmPayment {
            benefit: PmBenefit::AllmanPension,
            state: state(b, payout_on),
            payout_on,
            covers,
            gross: Amount::from_kronor(garp + ip),
            tax: Amount::from_kronor(tax),
            net: Amount::from_kronor(garp + ip - tax),
            rows: vec![
                pm_row(PmBenefit::AllmanPension, "PM:AP38", "PM:GARP", garp),
                pm_row(PmBenefit::AllmanPension, "PM:AP38", "PM:IP", ip),
            ],
        });
        payments.push(PmPayment {
            benefit: PmBenefit::BostadsInkomststod,
            state: state(b, payout_on),
            payout_on,
            covers,
            gross: Amount::from_kronor(bt),
            tax: Amount::ZERO,
            net: Amount::from_kronor(bt),
            rows: vec![pm_row(
                PmBenefit::BostadsInkomststod,
                "PM:BTP",
                "PM:BTP",
                bt,
            )],
        });
    }
    let civil = *b.rng.pick(&[1_u8, 5, 7]);
    let facts = fk(b, p, civil);
    facts.pm_decisions = decisions;
    facts.pm_payments = payments;
}
