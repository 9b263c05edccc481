//! CSN facts: study-support cases with applied and granted periods and payment plans.

use jiff::civil::Date;
use underlag_domain::{Amount, Period};

use super::within;

/// Which CSN support form (`stodform`) and so which sub-tree of `Person` a case sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsnSupportForm {
    /// `GRUND`: studiemedel for studies in Sweden (sub-tree `Studiemedel`).
    Studiemedel,
    /// `SH`: studiehjälp (sub-tree `Studiehjalp`).
    Studiehjalp,
    /// `GRUNDU`: studiemedel for studies abroad (sub-tree `Studiemedel`).
    StudiemedelUtomlands,
    /// `SSSTÖD`: studiestartsstöd (sub-tree `Studiestartsstod`).
    Studiestartsstod,
}

impl CsnSupportForm {
    /// The `stodform` code.
    pub fn code(self) -> &'static str {
        match self {
            CsnSupportForm::Studiemedel => "GRUND",
            CsnSupportForm::Studiehjalp => "SH",
            CsnSupportForm::StudiemedelUtomlands => "GRUNDU",
            CsnSupportForm::Studiestartsstod => "SSSTÖD",
        }
    }

    /// The `klartext`.
    pub fn label(self) -> &'static str {
        match self {
            CsnSupportForm::Studiemedel => "Studiemedel för studier i Sverige",
            CsnSupportForm::Studiehjalp => "Studiehjälp",
            CsnSupportForm::StudiemedelUtomlands => "Studiemedel för studier utomlands",
            CsnSupportForm::Studiestartsstod => "Studiestartsstöd",
        }
    }

    /// The sub-tree of `Person` the form's cases sit in.
    pub fn tree(self) -> &'static str {
        match self {
            CsnSupportForm::Studiemedel | CsnSupportForm::StudiemedelUtomlands => "Studiemedel",
            CsnSupportForm::Studiehjalp => "Studiehjalp",
            CsnSupportForm::Studiestartsstod => "Studiestartsstod",
        }
    }
}

/// An amount of one `beloppstyp`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsnAmount {
    /// `beloppstyp` (GRUNDB, GRUNDL, STUDB).
    pub kind: &'static str,
    /// `klartext`.
    pub label: &'static str,
    /// `belopp`: whole kronor per week (per month for studiehjälp).
    pub amount: Amount,
    /// `totbelopp`: whole kronor over the period or payment.
    pub total: Amount,
}

/// A period applied for (`soktTid`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsnApplied {
    /// `soktfrom`.
    pub from: Date,
    /// `sokttom`.
    pub to: Date,
    /// `soktomfattning` in percent.
    pub extent_percent: u32,
    /// `soktlan` = `J`.
    pub loan: bool,
}

/// A granted period (`BeviljadTid`), in ISO weeks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsnGranted {
    /// `starttid` (`yyyyWW`).
    pub start_week: String,
    /// `sluttid` (`yyyyWW`).
    pub end_week: String,
    /// The same span as dates (Monday of the first week to Sunday of the last).
    pub span: Period,
    /// `takt` in percent.
    pub pace_percent: u32,
    /// Amounts per type.
    pub amounts: Vec<CsnAmount>,
    /// `totbelopp`.
    pub total: Amount,
}

/// A payment in the payment plan (`Utbetalning`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsnPayment {
    /// `utbetdatum`.
    pub payout_on: Date,
    /// `Utbetald` (effected) or `Planerad` (preliminary).
    pub state: super::PaymentState,
    /// `startvecka` (`yyyyWW`).
    pub start_week: String,
    /// `slutvecka` (`yyyyWW`).
    pub end_week: String,
    /// Amounts per type.
    pub amounts: Vec<CsnAmount>,
    /// `totbelopp`.
    pub total: Amount,
}

/// A CSN case (`Arende`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsnCase {
    /// `lopnummer`.
    pub number: u32,
    /// `stodform`.
    pub support_form: CsnSupportForm,
    /// `status` (BESLUTAD, AVSLUTAD).
    pub status: &'static str,
    /// Applied periods.
    pub applied: Vec<CsnApplied>,
    /// Granted periods.
    pub granted: Vec<CsnGranted>,
    /// Payment plan.
    pub payments: Vec<CsnPayment>,
}

impl CsnCase {
    /// Whether the case is reported for `period`: a granted or applied period overlaps it,
    /// or a payment falls in it.
    pub fn is_in(&self, period: &Period) -> bool {
        self.granted.iter().any(|g| g.span.overlaps(period))
            || self
                .applied
                .iter()
                .any(|a| a.from <= period.to() && a.to >= period.from())
            || self.payments.iter().any(|p| within(period, p.payout_on))
    }

    /// Payments whose date lies in `period`.
    pub fn payments_in(&self, period: &Period) -> Vec<&CsnPayment> {
        self.payments
            .iter()
            .filter(|p| within(period, p.payout_on))
            .collect()
    }
}

/// What CSN holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsnFacts {
    /// Cases, oldest first.
    pub cases: Vec<CsnCase>,
    /// CSN answers with its older v3.0 message (v3.0 namespaces, no
    /// `Omstallningsstudiestod`), as in the real fixture.
    pub v3: bool,
}

impl CsnFacts {
    /// Cases reported for `period`.
    pub fn cases_in(&self, period: &Period) -> Vec<&CsnCase> {
        self.cases.iter().filter(|c| c.is_in(period)).collect()
    }
}
