//! Skatteverket's employer declarations on individual level (AGI): what the employers
//! declared for the person, every declaration received, corrections included.

use jiff::civil::Date;
use underlag_domain::{Amount, Period};

/// A synthetic employer. The organisation numbers are synthetic (valid check digits in a
/// series chosen for the simulator); the names are invented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Employer {
    /// Organisationsnummer, 10 digits (AGI field 201).
    pub organisationsnummer: &'static str,
    /// Registered name.
    pub name: &'static str,
}

/// One individual declaration (individuppgift) as received by Skatteverket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgiDeclaration {
    /// The employer.
    pub employer: Employer,
    /// The first day of the redovisningsperiod (the month of payout, field 006).
    pub month: Date,
    /// Specifikationsnummer (field 570); a later declaration with the same number, employer
    /// and month replaces the earlier.
    pub specification_number: u32,
    /// The day Skatteverket received it.
    pub received_on: Date,
    /// Cash pay, basis for employer contributions (field 011).
    pub gross: Amount,
    /// Taxable benefits other than car (field 012), if any.
    pub benefits: Option<Amount>,
    /// Deducted preliminary tax (field 001).
    pub tax: Amount,
}

impl AgiDeclaration {
    /// The redovisningsperiod as a period.
    pub fn month_period(&self) -> Period {
        let last = self.month.last_of_month();
        Period::new(self.month, last).unwrap_or_else(|_| {
            Period::new(self.month, self.month).expect("a one-day period is never inverted")
        })
    }
}

/// What Skatteverket's AGI register holds for the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgiFacts {
    /// Every declaration received on or before the reference date, in the order received.
    pub declarations: Vec<AgiDeclaration>,
}

impl AgiFacts {
    /// The declarations AGI sends for `period`: every one whose month overlaps it,
    /// corrections included, in the order received.
    pub fn declarations_in(&self, period: &Period) -> Vec<&AgiDeclaration> {
        self.declarations
            .iter()
            .filter(|d| d.month_period().overlaps(period))
            .collect()
    }

    /// The declarations in force for `period` (the latest received per employer, month and
    /// specifikationsnummer), as the adapter reads them.
    pub fn in_force_in(&self, period: &Period) -> Vec<&AgiDeclaration> {
        let all = self.declarations_in(period);
        all.iter()
            .enumerate()
            .filter(|(i, d)| {
                !all[i + 1..].iter().any(|later| {
                    later.employer == d.employer
                        && later.month == d.month
                        && later.specification_number == d.specification_number
                })
            })
            .map(|(_, d)| *d)
            .collect()
    }

    /// Whether any declaration was corrected.
    pub fn has_correction(&self) -> bool {
        self.declarations.iter().enumerate().any(|(i, d)| {
            self.declarations[i + 1..].iter().any(|later| {
                later.employer == d.employer
                    && later.month == d.month
                    && later.specification_number == d.specification_number
            })
        })
    }
}
