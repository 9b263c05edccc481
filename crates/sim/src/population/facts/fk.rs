//! FK and Pensionsmyndigheten facts (LEFI v9): cases, decisions and payments.

use jiff::civil::Date;
use underlag_domain::{Amount, Period, Personnummer};

use super::within;

/// Whether a payment is only planned or has been initiated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentState {
    /// Preliminary (LEFI `preliminarautbetalningar`, CSN `Planerad`): after the reference date.
    Preliminary,
    /// Effected (LEFI `utbetalningsuppgift`, CSN `Utbetald`): on or before the reference date.
    Effected,
}

/// A child, as FK knows it (barnbidrag, underhållsstöd, GEPI `barn`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    /// The child's number (from the published test lists; the child is not itself a
    /// population member).
    pub personnummer: Personnummer,
    /// Given name and family name.
    pub name: String,
    /// Birth date (always the date in the personnummer).
    pub born: Date,
}

/// A postal address (withheld by FK for protected persons).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostalAddress {
    /// Address lines.
    pub street: String,
    /// Postal code.
    pub postal_code: String,
    /// Town.
    pub town: String,
}

/// FK benefit groups the population uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FkBenefit {
    /// Aktivitetsstöd (decided by AF, paid by FK): `FK:AS`.
    Aktivitetsstod,
    /// Barnbidrag: `FK:ABB`.
    Barnbidrag,
    /// Bostadsbidrag: `FK:BOB`.
    Bostadsbidrag,
    /// Underhållsstöd received: `FK:US`.
    Underhallsstod,
}

impl FkBenefit {
    /// The LEFI group code (`FK:AS`, …).
    pub fn group_code(self) -> &'static str {
        match self {
            FkBenefit::Aktivitetsstod => "FK:AS",
            FkBenefit::Barnbidrag => "FK:ABB",
            FkBenefit::Bostadsbidrag => "FK:BOB",
            FkBenefit::Underhallsstod => "FK:US",
        }
    }

    /// The benefit code without prefix, as in `formansfamilj` and `forman` (`AS`, `ABB`, …).
    pub fn code(self) -> &'static str {
        self.group_code().trim_start_matches("FK:")
    }

    /// The Swedish name.
    pub fn name_sv(self) -> &'static str {
        match self {
            FkBenefit::Aktivitetsstod => "Aktivitetsstöd",
            FkBenefit::Barnbidrag => "Barnbidrag",
            FkBenefit::Bostadsbidrag => "Bostadsbidrag",
            FkBenefit::Underhallsstod => "Underhållsstöd",
        }
    }
}

/// A decision in an FK case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FkDecision {
    /// When it was made (`fattades`).
    pub decided_on: Date,
    /// `definitivt`.
    pub definitive: bool,
    /// First day decided.
    pub from: Date,
    /// Last day decided; `None` for an open-ended decision.
    pub to: Option<Date>,
    /// Decided gross amount (`beslutatBruttobelopp`): per day for aktivitetsstöd, per month
    /// otherwise.
    pub gross: Amount,
    /// LEFI `periodicitet`: 0 none (per day), 1 monthly.
    pub periodicity: u8,
    /// LEFI `ersattning` code, where the benefit has one (aktivitetsstöd 1, underhållsstöd 1).
    pub compensation: Option<(u32, &'static str)>,
}

impl FkDecision {
    /// Whether the decision period shares a day with `period` (open-ended runs forever).
    pub fn overlaps(&self, period: &Period) -> bool {
        self.from <= period.to() && self.to.is_none_or(|to| to >= period.from())
    }
}

/// An FK case (ärende).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FkCase {
    /// Which benefit.
    pub benefit: FkBenefit,
    /// When the application arrived (`startades`).
    pub started: Date,
    /// `aktivt`.
    pub active: bool,
    /// The child the case concerns (barnbidrag, underhållsstöd).
    pub child: Option<Child>,
    /// Aktivitetsstöd `atgardstyp` (e.g. 53 = jobb- och utvecklingsgarantin).
    pub measure: Option<u32>,
    /// Decisions, oldest first.
    pub decisions: Vec<FkDecision>,
}

impl FkCase {
    /// The decisions an answer for `period` carries (those overlapping it).
    pub fn decisions_in(&self, period: &Period) -> Vec<&FkDecision> {
        self.decisions
            .iter()
            .filter(|d| d.overlaps(period))
            .collect()
    }
}

/// One deduction other than tax on an FK payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FkDeduction {
    /// LEFI `beloppstyp` (INF = utmätning, …).
    pub code: &'static str,
    /// Amount deducted.
    pub amount: Amount,
}

/// An FK payment (LEFI `utbetalningsuppgift` or `preliminarautbetalningar`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FkPayment {
    /// Which benefit (`formansfamilj`).
    pub benefit: FkBenefit,
    /// Preliminary or effected.
    pub state: PaymentState,
    /// Payout date (`datum`).
    pub payout_on: Date,
    /// The period paid for.
    pub covers: Period,
    /// Gross amount.
    pub gross: Amount,
    /// Preliminary tax (PS).
    pub tax: Amount,
    /// Other deductions.
    pub deductions: Vec<FkDeduction>,
    /// Net paid out: gross − tax − deductions.
    pub net: Amount,
    /// Compensated days, where counted (aktivitetsstöd).
    pub days: Option<u32>,
}

/// Pensionsmyndigheten benefit groups the population uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PmBenefit {
    /// Allmän pension: `PM:AP`.
    AllmanPension,
    /// Bostads- och inkomststöd (bostadstillägg): `PM:BTI`.
    BostadsInkomststod,
}

impl PmBenefit {
    /// The LEFI group code.
    pub fn group_code(self) -> &'static str {
        match self {
            PmBenefit::AllmanPension => "PM:AP",
            PmBenefit::BostadsInkomststod => "PM:BTI",
        }
    }

    /// The Swedish name.
    pub fn name_sv(self) -> &'static str {
        match self {
            PmBenefit::AllmanPension => "Allmän pension",
            PmBenefit::BostadsInkomststod => "Bostads- och inkomststöd",
        }
    }
}

/// One compensation in a PM decision (`beslutadErsattning`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PmCompensation {
    /// `ersattningstyp` (`PM:GARP`, `PM:IP`, `PM:BT`).
    pub kind: &'static str,
    /// Its Swedish description.
    pub label: &'static str,
    /// Whole kronor per month (`beloppsfrekvens` MANAD).
    pub monthly: Amount,
    /// First day.
    pub from: Date,
}

/// A PM decision (LEFI top-level `beslut`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PmDecision {
    /// `beslutsid`.
    pub id: String,
    /// `formansgrupp`.
    pub benefit: PmBenefit,
    /// `beslutsdatum`.
    pub decided_on: Date,
    /// Compensations decided.
    pub compensations: Vec<PmCompensation>,
    /// Bostadstillägg basis: gross yearly housing cost, when BTI.
    pub housing_cost: Option<Amount>,
}

/// A PM payment (LEFI top-level `utbetalningar` / `preliminaraUtbetalningar`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PmPayment {
    /// The benefit group of every row.
    pub benefit: PmBenefit,
    /// Preliminary or effected.
    pub state: PaymentState,
    /// `utbetalningsdatum`.
    pub payout_on: Date,
    /// `utbetalningsperiod`.
    pub covers: Period,
    /// Whole kronor.
    pub gross: Amount,
    /// Preliminary tax (`PM:PS`), whole kronor.
    pub tax: Amount,
    /// Whole kronor.
    pub net: Amount,
    /// Rows: (`utbetalningsforman`, `beloppstyp`, amount).
    pub rows: Vec<(&'static str, &'static str, Amount)>,
}

/// What Försäkringskassan and Pensionsmyndigheten hold (LEFI v9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FkFacts {
    /// Civil status code (LEFI `civilstand`: 1 ogift, 2 gift, 5 skild, 7 änka/änkeman).
    pub civil_status: u8,
    /// Registered address; `None` for protected persons (FK withholds it).
    pub address: Option<PostalAddress>,
    /// Folkbokförd: (län, kommun) codes.
    pub registered_in: (String, String),
    /// Children (GEPI `barn`).
    pub children: Vec<Child>,
    /// FK cases.
    pub cases: Vec<FkCase>,
    /// FK payments, effected and preliminary, by date.
    pub payments: Vec<FkPayment>,
    /// PM decisions.
    pub pm_decisions: Vec<PmDecision>,
    /// PM payments, effected and preliminary, by date.
    pub pm_payments: Vec<PmPayment>,
}

impl FkFacts {
    /// FK payments in `state` whose payout date lies in `period`.
    pub fn payments_in(&self, period: &Period, state: PaymentState) -> Vec<&FkPayment> {
        self.payments
            .iter()
            .filter(|x| x.state == state && within(period, x.payout_on))
            .collect()
    }

    /// PM payments in `state` whose payout date lies in `period`.
    pub fn pm_payments_in(&self, period: &Period, state: PaymentState) -> Vec<&PmPayment> {
        self.pm_payments
            .iter()
            .filter(|x| x.state == state && within(period, x.payout_on))
            .collect()
    }

    /// FK cases with at least one decision overlapping `period`.
    pub fn cases_in(&self, period: &Period) -> Vec<&FkCase> {
        self.cases
            .iter()
            .filter(|c| !c.decisions_in(period).is_empty())
            .collect()
    }

    /// PM decisions taken on or before the end of `period` (PM reports its standing decisions).
    pub fn pm_decisions_in(&self, period: &Period) -> Vec<&PmDecision> {
        self.pm_decisions
            .iter()
            .filter(|d| d.decided_on <= period.to())
            .collect()
    }
}
