//! Story parts for Skatteverket, Transportstyrelsen and Migrationsverket: capital income and
//! tax-account payouts, vehicles, residence permits.

use underlag_domain::Amount;

use super::Builder;
use crate::population::calendar::{add_days, month_day, period};
use crate::population::{
    CapitalYear, MivFacts, PermitCase, PermitValidity, SkvFacts, SyntheticPerson, TaxPayout,
    TnsFacts, Vehicle,
};

/// (fabrikat, fordonsslag, handelsbeteckning).
const VEHICLES: &[(&str, &str, &str)] = &[
    ("VOLVO", "PERSONBIL", "V70"),
    ("VOLKSWAGEN", "PERSONBIL", "GOLF"),
    ("TOYOTA", "PERSONBIL", "COROLLA"),
    ("SAAB", "PERSONBIL", "9-3"),
    ("KIA", "PERSONBIL", "CEED"),
    ("HONDA", "MOTORCYKEL", "CB500F"),
    ("YAMAHA", "MOTORCYKEL", "MT-07"),
    ("PIAGGIO", "MOPED", "ZIP 50"),
    ("BRENDERUP", "SLÄPVAGN", "1205S"),
];

const COUNTRIES: &[&str] = &[
    "SYRIEN",
    "AFGHANISTAN",
    "ERITREA",
    "SOMALIA",
    "IRAK",
    "UKRAINA",
    "INDIEN",
    "IRAN",
    "TURKIET",
    "THAILAND",
];

const REASONS: &[(&str, &str)] = &[
    ("ARB", "Arbete"),
    ("ANK", "Anknytning"),
    ("SKY", "Skyddsbehov"),
    ("STU", "Studier"),
];

const UAT: (&str, &str) = ("UAT", "UPPEHÅLLS- OCH ARBETSTILLSTÅND");
const BEV: (&str, &str) = ("BEV", "ANSÖKAN BEVILJAS");
const PUT: (&str, &str) = ("PUT", "PERMANENT UPPEHÅLLSTILLSTÅND");
const TUT: (&str, &str) = ("TUT", "TIDSBEGRÄNSAT UPPEHÅLLSTILLSTÅND");

/// Capital income for the last three taxation years and a tax-account payout each June up
/// to the reference date.
pub(crate) fn capital(b: &mut Builder, p: &mut SyntheticPerson) {
    let this_year = b.today.year();
    let mut capital = Vec::new();
    let mut payouts = Vec::new();
    for year in (this_year - 2)..=this_year {
        let income = b.rng.range(10, 2500) * 100;
        let surplus = if b.rng.percent(15) {
            0
        } else {
            income * b.rng.range(30, 100) / 100
        };
        capital.push(CapitalYear {
            taxation_year: year,
            total_income: Amount::from_kronor(income),
            surplus: Amount::from_kronor(surplus),
        });
        let booked_on = month_day(
            jiff::civil::Date::new(year, 6, 1).unwrap_or(b.today),
            0,
            b.rng.range(5, 20) as i8,
        );
        if booked_on <= b.today {
            payouts.push(TaxPayout {
                amount: Amount::from_kronor(b.rng.range(500, 15_000)),
                booked_on,
            });
        }
    }
    p.skv = Some(SkvFacts {
        capital,
        payouts,
        status: None,
    });
}

/// One or two vehicles (rarely three).
pub(crate) fn vehicles(b: &mut Builder, p: &mut SyntheticPerson) {
    let count = if b.rng.percent(10) {
        3
    } else {
        b.rng.range(1, 2)
    };
    let mut vehicles = Vec::new();
    for _ in 0..count {
        let (make, kind, trade_name) = *b.rng.pick(VEHICLES);
        vehicles.push(Vehicle {
            registration: b.plate(),
            make,
            model_year: b.today.year() - b.rng.range(1, 25) as i16,
            kind,
            trade_name,
        });
    }
    p.tns = Some(TnsFacts { vehicles });
}

/// A residence permit. Permanent: an earlier time-limited permit, then a permanent one.
/// Time-limited: a chain of two-year permits since entry (`entered_months_ago`, random when
/// `None`), the last one valid on the reference date.
pub(crate) fn permit(
    b: &mut Builder,
    p: &mut SyntheticPerson,
    permanent: bool,
    entered_months_ago: Option<i32>,
) {
    let reason = *b.rng.pick(REASONS);
    let home_country = *b.rng.pick(COUNTRIES);
    let months_ago = entered_months_ago.unwrap_or_else(|| {
        if permanent {
            b.rng.range(48, 144) as i32
        } else {
            b.rng.range(8, 72) as i32
        }
    });
    let entered_on = month_day(b.today, -months_ago, b.rng.range(1, 28) as i8);
    let time_limited = |applied_on, decided_on| {
        let valid_to = add_days(month_day(decided_on, 24, decided_on.day()), -1);
        PermitCase {
            reason,
            applied_on,
            case_type: UAT,
            decision: BEV,
            decision_type: TUT,
            decided_on,
            valid: Some(period(decided_on, valid_to)),
            starts_on: None,
            validity: PermitValidity::TimeLimited,
        }
    };
    let first_applied = add_days(entered_on, 20);
    let first = time_limited(first_applied, add_days(first_applied, 150));
    let mut cases = vec![first];
    if permanent {
        let put_applied = add_days(cases[0].valid.map_or(b.today, |v| v.to()), -60);
        cases.push(PermitCase {
            reason,
            applied_on: put_applied,
            case_type: UAT,
            decision: BEV,
            decision_type: PUT,
            decided_on: add_days(put_applied, 120),
            valid: None,
            starts_on: None,
            validity: PermitValidity::Permanent,
        });
    } else {
        // Extensions, each from the day after the previous one ends, until one is valid today.
        while let Some(last) = cases
            .last()
            .and_then(|c| c.valid)
            .filter(|v| v.to() < b.today)
        {
            let from = add_days(last.to(), 1);
            let mut next = time_limited(add_days(from, -90), add_days(from, -30));
            next.valid = Some(period(from, add_days(month_day(from, 24, from.day()), -1)));
            cases.push(next);
        }
    }
    p.miv = Some(MivFacts {
        home_country,
        entered_on,
        cases,
        offset_dates: false,
    });
}
