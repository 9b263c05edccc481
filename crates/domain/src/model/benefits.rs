//! Canonical benefit data: decisions, payments, study support and unemployment funds.

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::Code;
use crate::amount::Amount;
use crate::period::Period;

/// How often a decided amount recurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// Once.
    Once,
    /// Per day.
    Daily,
    /// Per week.
    Weekly,
    /// Per month.
    Monthly,
    /// Per quarter.
    Quarterly,
    /// Per half year.
    HalfYearly,
    /// Per year.
    Yearly,
}

/// Where a decision stands. Unknown provider statuses stay [`DecisionStatus::Other`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "code")]
pub enum DecisionStatus {
    /// Granted (bifall / beviljad).
    Granted,
    /// Rejected (avslag).
    Rejected,
    /// Preliminary or interim (preliminärt / interimistiskt).
    Preliminary,
    /// Final (slutligt / definitivt); may still be appealed.
    Final,
    /// Under handling (initierad, ansökan inkommen).
    Pending,
    /// Ended (avslutad).
    Ended,
    /// A provider status with no canonical meaning; the code is kept.
    Other(String),
}

/// A decision on a benefit.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Decision {
    /// The benefit (kodverk code), e.g. FK `BOB`, PM `PM:BTI`, AF `ErsattningTyp`.
    pub benefit: Code,
    /// Sub-benefit or compensation type, where the provider has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_benefit: Option<Code>,
    /// The period the decision covers; `None` when open-ended or unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// The period may continue beyond `period.to` (open-ended decision).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub open_ended: bool,
    /// When the decision was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_on: Option<Date>,
    /// Decided gross amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// How often the decided amount recurs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Frequency>,
    /// Extent in percent (omfattning).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extent_percent: Option<Decimal>,
    /// Status of the decision.
    pub status: DecisionStatus,
    /// Which authority decided (`FK`, `PM`, `AF`, `CSN`).
    pub decided_by: String,
}

/// Whether a payment is only planned or has been initiated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentState {
    /// Planned or preliminary: may still change.
    Planned,
    /// Effected: the payout was initiated (not necessarily received).
    Effected,
}

/// One deduction from a payment (tax, enforcement, offset…).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Deduction {
    /// Deduction type (kodverk `beloppstyp`: PS, SS, INF, SOC, KVI, …).
    pub kind: Code,
    /// The amount deducted (positive).
    pub amount: Amount,
}

/// A payment of a benefit.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Payment {
    /// Who pays (`FK`, `PM`, `CSN`, or the a-kassa's name).
    pub payer: String,
    /// What is paid (benefit code).
    pub benefit: Code,
    /// Planned or effected.
    pub state: PaymentState,
    /// Payout date (initiated, not necessarily received).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payout_on: Option<Date>,
    /// The period the payment covers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub covers: Option<Period>,
    /// Gross amount before tax and deductions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gross: Option<Amount>,
    /// Preliminary tax withheld.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax: Option<Amount>,
    /// Deductions other than (or including, as the provider states) tax.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deductions: Vec<Deduction>,
    /// Net after tax (a-kassa `NettoEfterSkatt`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_after_tax: Option<Amount>,
    /// Net paid out after all deductions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net: Option<Amount>,
    /// Compensated days, where the provider counts days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<Decimal>,
}

/// An amount of a given type within a study-support grant.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TypedAmount {
    /// Beloppstyp (GRUNDB, GRUNDL, STUDB, …).
    pub kind: Code,
    /// Amount per week or per payment, as the provider states it.
    pub amount: Amount,
    /// Total over the period, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<Amount>,
}

/// A period applied for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StudyAppliedPeriod {
    /// From and to as applied ("0" dates become `None`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// Extent of studies in percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extent_percent: Option<u32>,
    /// Whether a loan was applied for.
    pub loan_applied: bool,
}

/// A granted period with its amounts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StudyGrantedPeriod {
    /// From the Monday of the start week to the Sunday of the end week.
    pub period: Period,
    /// Pace of studies in percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pace_percent: Option<u32>,
    /// Amounts per beloppstyp.
    pub amounts: Vec<TypedAmount>,
}

/// A CSN case (ärende) for one form of support.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StudyCase {
    /// Stödform (GRUND, SH, HUT, SSSTÖD, OSS, …).
    pub support_form: Code,
    /// Case status (BESLUTAD, INITIERAD, AVSLUTAD).
    pub status: DecisionStatus,
    /// Periods applied for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub applied: Vec<StudyAppliedPeriod>,
    /// Periods granted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub granted: Vec<StudyGrantedPeriod>,
}

/// One unemployment fund's answer, apart from its payments.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UnemploymentFund {
    /// The fund that answered.
    pub fund: String,
    /// The fund's own status text.
    pub status: String,
    /// Suspension periods (avstängningar).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suspensions: Vec<Period>,
    /// Date of the decision on the right to compensation, when made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entitlement_decided_on: Option<Date>,
    /// Whether an application for payment has been submitted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_applied: Option<bool>,
}
