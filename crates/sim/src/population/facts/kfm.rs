//! Kronofogden: debts for collection, wage garnishment and debt relief.

use jiff::civil::Date;
use underlag_domain::Amount;

use super::Employer;

/// One debt registered for collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KfmDebt {
    /// A public claim (allmänt mål), else a private one (enskilt mål).
    pub public: bool,
    /// `skuldtyp` (kodverk `kfm-skuldtyp`).
    pub kind: &'static str,
    /// The creditor.
    pub creditor: &'static str,
    /// The amount owed.
    pub amount: Amount,
    /// When it was registered.
    pub registered_on: Date,
}

/// An ongoing wage garnishment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KfmGarnishment {
    /// The reserved amount per month (förbehållsbelopp).
    pub reserved_amount: Amount,
    /// The amount withheld per month.
    pub monthly_amount: Amount,
    /// The employer that withholds it.
    pub employer: Employer,
    /// The decision date.
    pub decided_on: Date,
}

/// Debt relief.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KfmDebtRelief {
    /// `status` (kodverk `kfm-skuldsaneringsstatus`).
    pub status: &'static str,
    /// The monthly amount under the payment plan, once granted.
    pub monthly_amount: Option<Amount>,
    /// The payment plan's first day.
    pub from: Option<Date>,
    /// The payment plan's last day.
    pub to: Option<Date>,
}

/// What Kronofogden holds about the person as a debtor. Reported regardless of period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KfmFacts {
    /// Debts for collection.
    pub debts: Vec<KfmDebt>,
    /// Wage garnishments.
    pub garnishments: Vec<KfmGarnishment>,
    /// Debt relief, if any.
    pub debt_relief: Option<KfmDebtRelief>,
}

impl KfmFacts {
    /// The sum of public (`true`) or private (`false`) claims.
    pub fn sum(&self, public: bool) -> Amount {
        self.debts
            .iter()
            .filter(|d| d.public == public)
            .fold(Amount::ZERO, |sum, d| sum.plus(d.amount))
    }
}
