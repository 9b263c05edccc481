//! Skatteverket, Transportstyrelsen and Migrationsverket facts: capital income, tax-account
//! payouts, vehicles and permits.

use jiff::civil::Date;
use underlag_domain::{Amount, Period};

use super::within;

/// Capital income for one taxation year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapitalYear {
    /// `Taxeringsar`.
    pub taxation_year: i16,
    /// `SummaIntakterPaKapital`, whole kronor.
    pub total_income: Amount,
    /// `OverskottPaKapital`, whole kronor.
    pub surplus: Amount,
}

/// A payout from the tax account (skatt att återfå).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxPayout {
    /// `Belopp`, whole kronor.
    pub amount: Amount,
    /// `Bokforingsdatum`.
    pub booked_on: Date,
}

/// What Skatteverket holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkvFacts {
    /// Capital income per taxation year, oldest first.
    pub capital: Vec<CapitalYear>,
    /// Tax-account payouts, oldest first.
    pub payouts: Vec<TaxPayout>,
    /// A `StatusPersonuppgiftKod` other than 0/1 sent with the data (`999`, as in the real
    /// fixture); `None` = 0 with data, 1 without.
    pub status: Option<&'static str>,
}

impl SkvFacts {
    /// The one `Kapitaluppgift` SKV reports for `period`: the latest taxation year not after
    /// the period's last year.
    pub fn capital_for(&self, period: &Period) -> Option<&CapitalYear> {
        self.capital
            .iter()
            .rev()
            .find(|c| c.taxation_year <= period.to().year())
    }

    /// The one `Skattekontouppgift` SKV reports for `period`: the latest payout booked in it.
    pub fn payout_for(&self, period: &Period) -> Option<&TaxPayout> {
        self.payouts
            .iter()
            .rev()
            .find(|p| within(period, p.booked_on))
    }
}

/// A vehicle (`fordon`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vehicle {
    /// `regnr`: always starts with `Q`, a letter Swedish plates never use, so no synthetic
    /// plate can be a real one.
    pub registration: String,
    /// `fabrikat`.
    pub make: &'static str,
    /// `fordonsar`.
    pub model_year: i16,
    /// `fordonsslag` (PERSONBIL, MOTORCYKEL, …).
    pub kind: &'static str,
    /// `handelsbeteckning`.
    pub trade_name: &'static str,
}

/// What Transportstyrelsen holds. Vehicles are reported regardless of period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TnsFacts {
    /// Vehicles currently held.
    pub vehicles: Vec<Vehicle>,
}

/// Permanent or time-limited (`giltighetstid`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PermitValidity {
    /// `PERMANENT`.
    Permanent,
    /// `TIDBEGRANSAT`.
    TimeLimited,
}

impl PermitValidity {
    /// The wire value.
    pub fn code(self) -> &'static str {
        match self {
            PermitValidity::Permanent => "PERMANENT",
            PermitValidity::TimeLimited => "TIDBEGRANSAT",
        }
    }
}

/// A Migrationsverket case (`svar`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermitCase {
    /// `anledning` and `anledningNamn`.
    pub reason: (&'static str, &'static str),
    /// `ansokningsdatum`.
    pub applied_on: Date,
    /// `arendeTyp` and `arendeTypNamn` (UAT).
    pub case_type: (&'static str, &'static str),
    /// `beslutsKod` and `beslutsKodNamn` (BEV).
    pub decision: (&'static str, &'static str),
    /// `beslutsTyp` and `beslutsTypNamn` (PUT, TUT).
    pub decision_type: (&'static str, &'static str),
    /// `beslutsdatum`.
    pub decided_on: Date,
    /// `fromDatum`/`tomDatum`, for time-limited permits.
    pub valid: Option<Period>,
    /// `fromDatum` of a permanent permit (no end), where Migrationsverket gives it.
    pub starts_on: Option<Date>,
    /// `giltighetstid`.
    pub validity: PermitValidity,
}

/// What Migrationsverket holds. MIV's request has no period: everything is reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MivFacts {
    /// `hemland`.
    pub home_country: &'static str,
    /// `inresedatum`.
    pub entered_on: Date,
    /// Cases, oldest first.
    pub cases: Vec<PermitCase>,
    /// Dates carry a UTC offset (`2021-11-05+01:00`), as in the real MIV fixture.
    pub offset_dates: bool,
}
