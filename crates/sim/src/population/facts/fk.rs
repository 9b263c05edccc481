//! FK and Pensionsmyndigheten facts (LEFI v9): cases, decisions and payments.

use jiff::civil::Date;
use underlag_domain::{Amount, Period, Personnummer};

use super::within;

mod benefit;
pub use benefit::FkBenefit;

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

/// The calculation basis (`underlag`) LEFI gives with some decisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionBasis {
    /// Bostadsbidrag: housing cost (total and as counted), incomes and the children at home.
    Housing {
        /// `totalBostadskostnad` per month.
        total_cost: Amount,
        /// `reduceradBostadskostnad` per month (the cost counted).
        counted_cost: Amount,
        /// `inkomster`: the household's yearly incomes counted.
        incomes: Vec<Amount>,
        /// `hemmavarandeBarn`.
        children: Vec<Child>,
    },
    /// Bostadstillägg: yearly gross housing cost and the net costs after BT and after
    /// äldreförsörjningsstöd.
    PensionHousing {
        /// `arsbruttokostnad`.
        yearly_gross: Amount,
        /// `bostadstillaggsnettokostnad`.
        net_bt: Amount,
        /// `forsorjningsstodsarsnettokostnad`.
        net_afs: Amount,
    },
    /// Vårdbidrag: the child cared for, and whether the benefit is shared between parents.
    Care {
        /// `barn`.
        child: Child,
        /// `delat`.
        shared: bool,
    },
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
    /// Decided gross amount (`beslutatBruttobelopp`): per day when `periodicity` is 0 and
    /// the benefit is paid per day, else per period of `periodicity`. For the sickness and
    /// parental lists, which carry no decided amount, the amount per compensated day
    /// (`ersattningsdagar`).
    pub gross: Amount,
    /// LEFI `periodicitet`: 0 none (per day), 1 monthly, 4 yearly.
    pub periodicity: u8,
    /// LEFI `ersattning` code, where the benefit has one (aktivitetsstöd 1, underhållsstöd 1).
    pub compensation: Option<(u32, &'static str)>,
    /// `dagar`: the number of days decided (per-day benefits).
    pub days: Option<u32>,
    /// `karens`: whether a qualifying day applies.
    pub karens: Option<bool>,
    /// `ersattningsniva` (sickness lists, as text: "80", "75").
    pub level: Option<&'static str>,
    /// `omfattning` as a fraction (taljare, namnare): 1/1 full, 1/2 half, …
    pub extent: Option<(u32, u32)>,
    /// `samordnatBruttobelopp`: the amount after coordination with other benefits.
    pub coordinated: Option<Amount>,
    /// `beslutsutfall` (sickness lists): `BEVILJAN`, `AVSLAG`.
    pub outcome: Option<&'static str>,
    /// `delforman` (code, text).
    pub sub_benefit: Option<(&'static str, &'static str)>,
    /// `underlag`.
    pub basis: Option<DecisionBasis>,
}

impl FkDecision {
    /// A decision with only the common fields; the optional LEFI fields are unset.
    pub fn basic(
        decided_on: Date,
        from: Date,
        to: Option<Date>,
        gross: Amount,
        periodicity: u8,
    ) -> Self {
        Self {
            decided_on,
            definitive: true,
            from,
            to,
            gross,
            periodicity,
            compensation: None,
            days: None,
            karens: None,
            level: None,
            extent: None,
            coordinated: None,
            outcome: None,
            sub_benefit: None,
            basis: None,
        }
    }
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
    /// Decisions, oldest first; none while the application is pending.
    pub decisions: Vec<FkDecision>,
    /// `medsokande`: co-applicants (bostadsbidrag, bostadstillägg).
    pub co_applicants: Vec<Child>,
    /// `avslaget`: the application was rejected.
    pub rejected: bool,
}

impl FkCase {
    /// Whether the application has no decision yet ("ansökan inkommen, ej beslutad").
    pub fn is_pending(&self) -> bool {
        self.decisions.is_empty() && self.active && !self.rejected
    }

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
    /// Compensated days, where counted (per-day benefits).
    pub days: Option<u32>,
    /// LEFI `typ`: how the payment is made.
    pub kind: FkPaymentKind,
    /// The payout date is given to the month only (`datum` as `yyyy-mm`), as FK's
    /// preliminary payments sometimes are.
    pub month_only: bool,
}

/// LEFI `typ` of a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FkPaymentKind {
    /// 1: the regular monthly payment.
    Monthly,
    /// 2: paid per day as days are reported (sickness and parental benefits).
    Daily,
    /// 3: a retro payment for an earlier period.
    Retro,
}

impl FkPaymentKind {
    /// The `typ` code and its text.
    pub fn code(self) -> (i64, &'static str) {
        match self {
            FkPaymentKind::Monthly => (1, "Månad"),
            FkPaymentKind::Daily => (2, "Daglig"),
            FkPaymentKind::Retro => (3, "Retro"),
        }
    }
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
    /// Bostadstillägg basis: the co-applicant (spouse), when BTI and married.
    pub co_applicant: Option<Personnummer>,
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
    /// Rows (`utbetalningsrader`); one payment may split between benefit groups (pension
    /// and bostadstillägg).
    pub rows: Vec<PmRow>,
}

/// One row of a PM payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PmRow {
    /// The row's `formansgrupp`.
    pub benefit: PmBenefit,
    /// `utbetalningsforman` (`PM:AP38`, `PM:BTP`).
    pub forman: &'static str,
    /// `beloppstyp` (`PM:GARP`, `PM:IP`, `PM:BTP`).
    pub kind: &'static str,
    /// Whole kronor.
    pub amount: Amount,
}

/// A PM claim (LEFI top-level `ansprak`): an application that has arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PmClaim {
    /// `ansprakid`.
    pub id: String,
    /// `ankomstdatum`.
    pub received_on: Date,
    /// `formansgrupp`.
    pub benefit: PmBenefit,
    /// `yrkadPeriod.from`.
    pub claimed_from: Date,
    /// `yrkadPeriod.tom`, when the claim is for a limited time.
    pub claimed_to: Option<Date>,
}

/// A LEFI deviation (`avvikelser`): a group LEFI could not deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LefiDeviation {
    /// The FK group code (`FK:SJP`, …) whose case list is withheld.
    pub group: &'static str,
    /// `INTERNT_FEL` or `OBEHORIG`.
    pub code: &'static str,
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
    /// PM claims (applications).
    pub pm_claims: Vec<PmClaim>,
    /// Groups LEFI reports as deviations instead of data.
    pub deviations: Vec<LefiDeviation>,
    /// Pensionsmyndigheten's `tillstand` when not `OK` (code, text): PM then delivers nothing.
    pub pm_state: Option<(&'static str, &'static str)>,
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

    /// FK cases with at least one decision overlapping `period`, and pending applications
    /// that arrived by its end.
    pub fn cases_in(&self, period: &Period) -> Vec<&FkCase> {
        self.cases
            .iter()
            .filter(|c| {
                !c.decisions_in(period).is_empty() || (c.is_pending() && c.started <= period.to())
            })
            .collect()
    }

    /// PM claims that arrived by the end of `period`.
    pub fn pm_claims_in(&self, period: &Period) -> Vec<&PmClaim> {
        self.pm_claims
            .iter()
            .filter(|c| c.received_on <= period.to())
            .collect()
    }

    /// Whether LEFI withholds `group` with a deviation.
    pub fn deviation_for(&self, group: &str) -> Option<&LefiDeviation> {
        self.deviations.iter().find(|d| d.group == group)
    }

    /// PM decisions taken on or before the end of `period` (PM reports its standing decisions).
    pub fn pm_decisions_in(&self, period: &Period) -> Vec<&PmDecision> {
        self.pm_decisions
            .iter()
            .filter(|d| d.decided_on <= period.to())
            .collect()
    }
}
