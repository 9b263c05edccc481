//! Canonical benefit data: decisions, payments, study support and unemployment funds.

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::Code;
use crate::amount::Amount;
use crate::period::Period;

/// The unit of an amount: how often it recurs, or per what it is stated (an amount per day is
/// `daily`; a one-off amount is `once`).
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
#[derive(Debug, Clone)]
pub struct Decision {
    /// The benefit (kodverk code), e.g. FK `BOB`, PM `PM:BTI`, AF `ErsattningTyp`.
    pub benefit: Code,
    /// Sub-benefit or compensation type, where the provider has one.
    pub sub_benefit: Option<Code>,
    /// The period the decision covers; `None` when unknown. For an open-ended decision only
    /// its first day counts: `period.to` is not an end and is never shown (on the wire the
    /// period has no `to`).
    pub period: Option<Period>,
    /// The decision runs on from `period.from` with no end date (tills vidare).
    pub open_ended: bool,
    /// When the decision was made.
    pub decided_on: Option<Date>,
    /// Decided gross amount, per [`Decision::frequency`].
    pub amount: Option<Amount>,
    /// The unit of `amount` and `coordinated_amount`: per day, month, year, or once. Set
    /// whenever an amount is.
    pub frequency: Option<Frequency>,
    /// Extent in percent (omfattning).
    pub extent_percent: Option<Decimal>,
    /// Status of the decision.
    pub status: DecisionStatus,
    /// Which authority decided (`FK`, `PM`, `AF`, `CSN`).
    pub decided_by: String,
    /// When the application arrived (LEFI `startades`, PM `ankomstdatum`).
    pub applied_on: Option<Date>,
    /// The gross amount after coordination with other benefits (`samordnatBruttobelopp`), in
    /// the unit of `frequency`.
    pub coordinated_amount: Option<Amount>,
    /// Compensated days (`dagar`).
    pub days: Option<Decimal>,
    /// Whether a waiting day (karensdag) applies (`karens`).
    pub waiting_day: Option<bool>,
    /// Compensation level (`ersattningsniva`), as the provider states it.
    pub compensation_level: Option<Code>,
    /// Kind of activity or programme the decision concerns (aktivitetsstöd `atgardstyp`,
    /// programme code).
    pub activity: Option<Code>,
    /// Amounts per compensated day (sjukpenning, föräldrapenning, programme days…).
    pub daily_amounts: Vec<DayAmount>,
    /// Co-applicants (`medsokande`, bostadsbidrag and bostadstillägg).
    pub co_applicants: Vec<RelatedPerson>,
    /// The calculation basis (`underlag`): housing costs, incomes, children counted…
    pub basis: Vec<BasisItem>,
}

/// An open-ended decision's period on the wire: its first day only.
#[derive(serde::Serialize)]
struct OpenEndedPeriod {
    from: jiff::civil::Date,
}

// Written by hand for one rule: an open-ended decision's period has no `to` (no end date
// anywhere); otherwise as derived, optional fields left out when empty.
impl serde::Serialize for Decision {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Decision", 19)?;
        out.serialize_field("benefit", &self.benefit)?;
        match &self.sub_benefit {
            Some(v) => out.serialize_field("sub_benefit", v)?,
            None => out.skip_field("sub_benefit")?,
        }
        match (&self.period, self.open_ended) {
            (Some(p), true) => {
                out.serialize_field("period", &OpenEndedPeriod { from: p.from() })?
            }
            (Some(p), false) => out.serialize_field("period", p)?,
            (None, _) => out.skip_field("period")?,
        }
        if self.open_ended {
            out.serialize_field("open_ended", &true)?;
        } else {
            out.skip_field("open_ended")?;
        }
        match &self.decided_on {
            Some(v) => out.serialize_field("decided_on", v)?,
            None => out.skip_field("decided_on")?,
        }
        match &self.amount {
            Some(v) => out.serialize_field("amount", v)?,
            None => out.skip_field("amount")?,
        }
        match &self.frequency {
            Some(v) => out.serialize_field("frequency", v)?,
            None => out.skip_field("frequency")?,
        }
        match &self.extent_percent {
            Some(v) => out.serialize_field("extent_percent", v)?,
            None => out.skip_field("extent_percent")?,
        }
        out.serialize_field("status", &self.status)?;
        out.serialize_field("decided_by", &self.decided_by)?;
        match &self.applied_on {
            Some(v) => out.serialize_field("applied_on", v)?,
            None => out.skip_field("applied_on")?,
        }
        match &self.coordinated_amount {
            Some(v) => out.serialize_field("coordinated_amount", v)?,
            None => out.skip_field("coordinated_amount")?,
        }
        match &self.days {
            Some(v) => out.serialize_field("days", v)?,
            None => out.skip_field("days")?,
        }
        match &self.waiting_day {
            Some(v) => out.serialize_field("waiting_day", v)?,
            None => out.skip_field("waiting_day")?,
        }
        match &self.compensation_level {
            Some(v) => out.serialize_field("compensation_level", v)?,
            None => out.skip_field("compensation_level")?,
        }
        match &self.activity {
            Some(v) => out.serialize_field("activity", v)?,
            None => out.skip_field("activity")?,
        }
        if self.daily_amounts.is_empty() {
            out.skip_field("daily_amounts")?;
        } else {
            out.serialize_field("daily_amounts", &self.daily_amounts)?;
        }
        if self.co_applicants.is_empty() {
            out.skip_field("co_applicants")?;
        } else {
            out.serialize_field("co_applicants", &self.co_applicants)?;
        }
        if self.basis.is_empty() {
            out.skip_field("basis")?;
        } else {
            out.serialize_field("basis", &self.basis)?;
        }
        out.end()
    }
}

impl Decision {
    /// A decision with only its benefit, status and decider set.
    pub fn new(benefit: Code, status: DecisionStatus, decided_by: impl Into<String>) -> Self {
        Self {
            benefit,
            sub_benefit: None,
            period: None,
            open_ended: false,
            decided_on: None,
            amount: None,
            frequency: None,
            extent_percent: None,
            status,
            decided_by: decided_by.into(),
            applied_on: None,
            coordinated_amount: None,
            days: None,
            waiting_day: None,
            compensation_level: None,
            activity: None,
            daily_amounts: Vec::new(),
            co_applicants: Vec::new(),
            basis: Vec::new(),
        }
    }

    /// Whether this is an application not yet decided ("ansökan inkommen …, ej beslutad").
    pub fn is_pending_application(&self) -> bool {
        self.status == DecisionStatus::Pending && self.decided_on.is_none()
    }
}

/// The amount of one compensated day.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DayAmount {
    /// The day.
    pub day: Date,
    /// The gross amount for the day.
    pub amount: Amount,
    /// Compensation level or kind for the day (e.g. föräldrapenning `niva`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<Code>,
    /// Deducted for a waiting day (`karensavdragsbelopp`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiting_day_deduction: Option<Amount>,
}

/// Another person named in a decision (co-applicant, child).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RelatedPerson {
    /// Identity number, when given and valid. Withheld when the person is protected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<crate::personnummer::Personnummer>,
    /// All names in one string. Withheld when the person is protected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The person has protected identity (`skyddad`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub protected: bool,
}

/// One item of a decision's calculation basis (`underlag`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BasisItem {
    /// What the item is (kodverk `fk-underlag`, `pm-underlag`), e.g. `totalBostadskostnad`.
    pub kind: Code,
    /// The amount, when the item is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// The unit of `amount`, when the provider says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Frequency>,
    /// A count (e.g. children living at home), when the item is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// A yes/no fact (e.g. `delat`), when the item is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<bool>,
    /// A number that is not an amount (a factor, a share in percent), when the item is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<Decimal>,
}

impl BasisItem {
    /// An amount item.
    pub fn amount(kind: Code, amount: Amount, frequency: Option<Frequency>) -> Self {
        Self {
            kind,
            amount: Some(amount),
            frequency,
            count: None,
            flag: None,
            number: None,
        }
    }
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

/// What kind of payout a payment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentClass {
    /// A regular recurring payout (monthly, daily, per payment plan).
    Regular,
    /// A retroactive payout for an earlier period.
    Retroactive,
    /// A preliminary (presumptive) payout that may be adjusted.
    Preliminary,
    /// Another kind (e.g. a local payout); the code says which.
    Other,
}

/// A payment's type as the provider states it, classified.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PaymentType {
    /// The classification.
    pub class: PaymentClass,
    /// The provider's code (LEFI `typ`: 0 local, 1 month, 2 daily, 3 retro, 4 presumptive).
    pub code: Code,
}

/// One row of a payment: a part of its gross by benefit and amount type (LEFI
/// `utbetalningsdetalj`, PM `utbetalningsrader`, CSN `Beloppen`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct PaymentRow {
    /// The benefit or benefit group of the row (e.g. PM `PM:AP` vs `PM:BTI`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub benefit: Option<Code>,
    /// The amount type (LEFI `beloppstyp`, PM `PM:GARP`/`PM:BTP`, CSN `GRUNDB`/`GRUNDL`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_type: Option<Code>,
    /// The period the row covers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub covers: Option<Period>,
    /// Gross (or the row's amount where the provider gives only one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gross: Option<Amount>,
    /// Tax on the row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax: Option<Amount>,
    /// Deductions on the row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deductions: Option<Amount>,
    /// Compensated days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<Decimal>,
    /// Compensated hours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours: Option<Decimal>,
    /// Extent in percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extent_percent: Option<Decimal>,
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
    /// Regular, retroactive or preliminary, as the provider states it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_type: Option<PaymentType>,
    /// The month (or year) of the payout, when the provider gives no day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payout_within: Option<Period>,
    /// The split of the gross by benefit and amount type.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<PaymentRow>,
}

impl Payment {
    /// A payment with only payer, benefit and state set.
    pub fn new(payer: impl Into<String>, benefit: Code, state: PaymentState) -> Self {
        Self {
            payer: payer.into(),
            benefit,
            state,
            payout_on: None,
            covers: None,
            gross: None,
            tax: None,
            deductions: Vec::new(),
            net_after_tax: None,
            net: None,
            days: None,
            payment_type: None,
            payout_within: None,
            rows: Vec::new(),
        }
    }
}

/// An amount of a given type within a study-support grant.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TypedAmount {
    /// Beloppstyp (GRUNDB, GRUNDL, STUDB, …).
    pub kind: Code,
    /// Amount per week or per payment, as the provider states it (see `frequency`).
    pub amount: Amount,
    /// The unit of `amount` (CSN states granted amounts per week).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Frequency>,
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

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::{Decision, DecisionStatus};
    use crate::model::Code;

    /// Mutation survivor (issue 16): `is_pending_application` returning a constant, or with
    /// `&&`/`==` swapped, went unnoticed.
    #[test]
    fn only_an_undecided_pending_decision_is_a_pending_application() {
        let pending = Decision::new(Code::new("BOB"), DecisionStatus::Pending, "FK");
        assert!(pending.is_pending_application());
        let mut decided = pending.clone();
        decided.decided_on = Some(date(2026, 1, 15));
        assert!(!decided.is_pending_application());
        let granted = Decision::new(Code::new("BOB"), DecisionStatus::Granted, "FK");
        assert!(!granted.is_pending_application());
    }
}
