//! Canonical earned income: Skatteverket's employer declarations on individual level
//! (arbetsgivardeklaration på individnivå, AGI), one line per employer and month.

use jiff::civil::Date;

use crate::amount::Amount;
use crate::organisationsnummer::Organisationsnummer;
use crate::period::Period;

/// An employer (the declarant, *arbetsgivare*).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Employer {
    /// Its organisationsnummer (AGI field 201, `AgRegistreradId`).
    pub organisationsnummer: Organisationsnummer,
    /// Its name as registered, when the source gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// One employer's individual declaration (*individuppgift*) for the person and one month, as
/// it stands after every correction: a later declaration with the same specification number
/// (field 570) replaces the earlier one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EarnedIncome {
    /// The employer.
    pub employer: Employer,
    /// The redovisningsperiod (field 006): the calendar month the pay was paid out in.
    pub month: Period,
    /// The specification number (field 570) that identifies the declaration within the
    /// employer and month.
    pub specification_number: String,
    /// Cash pay that is the basis for employer contributions (field 011, *kontant ersättning*):
    /// the gross pay.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gross: Option<Amount>,
    /// Cash pay that is not the basis for employer contributions (field 131).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gross_without_contributions: Option<Amount>,
    /// Taxable benefits other than car (field 012).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taxable_benefits: Option<Amount>,
    /// Taxable car benefit (field 013).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub car_benefit: Option<Amount>,
    /// Deduction for expenses in the work (field 019).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expense_deduction: Option<Amount>,
    /// Deducted preliminary tax (field 001).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax: Option<Amount>,
    /// Cash pay (011 and 131) less the preliminary tax: what reached the person, before any
    /// garnishment. Only when every part is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net: Option<Amount>,
    /// Whether an earlier declaration with the same specification number was replaced.
    pub corrected: bool,
    /// How many earlier declarations were replaced.
    #[serde(skip_serializing_if = "is_zero")]
    pub replaced: u32,
    /// When Skatteverket received the declaration in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub received_on: Option<Date>,
    /// The declaration was received before its month began: the pay is declared but may not
    /// have been paid yet.
    pub declared_before_payout: bool,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[cfg(test)]
mod tests {
    use super::is_zero;

    /// Mutation survivor (issue 16): `is_zero` (which leaves a zero count of replaced
    /// declarations out of the JSON) returning a constant or with `==` turned into `!=`.
    #[test]
    fn only_zero_replaced_declarations_are_left_out() {
        assert!(is_zero(&0));
        assert!(!is_zero(&1));
    }
}
