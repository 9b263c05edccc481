//! Arbetsförmedlingen and a-kassa facts: job-seeker registration, activity reports, AF
//! decisions, unemployment-fund payments and suspensions.

use jiff::civil::Date;
use underlag_domain::{Amount, Period};

use super::within;

/// An AF decision on compensation (`BeslutInfo/EkonomiskaBeslut/Beslut`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AfDecision {
    /// `ErsattningTyp` (e.g. `Aktivitetsstöd`).
    pub compensation: String,
    /// `Omfattning` in percent.
    pub extent_percent: u32,
    /// `BeslutFrom`.
    pub from: Date,
    /// `BeslutTom`.
    pub to: Date,
}

/// What Arbetsförmedlingen holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AfFacts {
    /// `ArbetssokandeRegistrerad`.
    pub registered_on: Date,
    /// `ArbetssokandeAvaktualiserad`, when de-registered.
    pub deregistered_on: Option<Date>,
    /// `ArbetssokandeSKAT` (sökandekategori, as text).
    pub category: String,
    /// `ArbetssokandeOmfattning`.
    pub extent_percent: u32,
    /// Dates of submitted activity reports, oldest first.
    pub activity_reports: Vec<Date>,
    /// Decisions on compensation.
    pub decisions: Vec<AfDecision>,
    /// `Akassetillhorighet`.
    pub unemployment_fund: Option<String>,
    /// Dates carry a UTC offset (`2026-05-04+02:00`), as in the real AF fixture.
    pub offset_dates: bool,
}

impl AfFacts {
    /// The activity-report status for `period`: `("200", latest)` when a report was
    /// submitted in the period, `("501", None)` when none was.
    pub fn activity_report_in(&self, period: &Period) -> (&'static str, Option<Date>) {
        match self
            .activity_reports
            .iter()
            .rev()
            .find(|d| within(period, **d))
        {
            Some(d) => ("200", Some(*d)),
            None => ("501", None),
        }
    }

    /// Decisions overlapping `period`.
    pub fn decisions_in(&self, period: &Period) -> Vec<&AfDecision> {
        self.decisions
            .iter()
            .filter(|d| d.from <= period.to() && d.to >= period.from())
            .collect()
    }
}

/// One a-kassa payment (`Utbetalningar`): net amounts only, as the funds report them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoPayment {
    /// `Utbetalningsdatum`.
    pub payout_on: Date,
    /// `NettoEfterSkatt`.
    pub net_after_tax: Amount,
    /// `NettoEfterAvdrag`.
    pub net_after_deductions: Amount,
    /// `Ersattningsdagar`.
    pub days: u32,
    /// `AvserFrom`/`AvserTom`.
    pub covers: Period,
}

/// One unemployment fund's data about the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundFacts {
    /// `SvarandeOrganisation`.
    pub name: String,
    /// Payments, oldest first.
    pub payments: Vec<SoPayment>,
    /// Suspension periods (`Avstangningar`).
    pub suspensions: Vec<Period>,
    /// `BeslutOmRattTillErsattning`.
    pub entitlement_decided_on: Option<Date>,
    /// `AnsokanOmUtbetalningInlamnad`.
    pub payment_applied: bool,
    /// `StatusSvarandeOrganisation`: `all clear`, or a text saying the answer may be
    /// incomplete (`no answer`, `technical error`).
    pub status: &'static str,
}

impl FundFacts {
    /// Payments whose payout date lies in `period`.
    pub fn payments_in(&self, period: &Period) -> Vec<&SoPayment> {
        self.payments
            .iter()
            .filter(|p| within(period, p.payout_on))
            .collect()
    }

    /// Suspensions overlapping `period`.
    pub fn suspensions_in(&self, period: &Period) -> Vec<&Period> {
        self.suspensions
            .iter()
            .filter(|s| s.overlaps(period))
            .collect()
    }
}

/// What the a-kassor hold (through Sveriges a-kassor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoFacts {
    /// One entry per fund that has data (the simulated person belongs to one).
    pub funds: Vec<FundFacts>,
}
