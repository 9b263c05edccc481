//! Canonical enforcement data (Kronofogden): debts for collection, wage garnishment
//! (*löneutmätning*) and debt relief (*skuldsanering*).

use jiff::civil::Date;

use super::{Code, Employer};
use crate::amount::Amount;

/// Whether a debt is a public or a private claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// An *allmänt mål*: a claim of the state or a municipality (tax, fees, repayments).
    Public,
    /// An *enskilt mål*: a private creditor's claim.
    Private,
}

/// One debt registered for collection at Kronofogden.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EnforcementDebt {
    /// Public or private.
    pub kind: ClaimKind,
    /// The kind of claim (kodverk `kfm-skuldtyp`).
    pub claim_type: Code,
    /// The creditor (*borgenär*), when the source names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creditor: Option<String>,
    /// The amount owed.
    pub amount: Amount,
    /// When it was registered for collection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_on: Option<Date>,
}

/// An ongoing or ended wage garnishment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WageGarnishment {
    /// Its status (kodverk `kfm-utmatningsstatus`).
    pub status: Code,
    /// The reserved amount (*förbehållsbelopp*) per month: what the person keeps.
    pub reserved_amount: Amount,
    /// The amount the employer withholds per month.
    pub monthly_amount: Amount,
    /// The employer that withholds it.
    pub employer: Employer,
    /// The decision date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_on: Option<Date>,
}

/// Debt relief (*skuldsanering*).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DebtRelief {
    /// Its status (kodverk `kfm-skuldsaneringsstatus`).
    pub status: Code,
    /// What the person pays per month under the payment plan, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_amount: Option<Amount>,
    /// When the payment plan starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// When the payment plan ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
}
