//! What the applicant declared in a digital application, beside the sources' answers:
//! costs and incomes *uppgett av sökande*, each with when it was declared and in which
//! application. Declared figures are never mixed into a source's lines or the month's
//! totals: they are their own provenance, shown apart and labelled as such.

use jiff::Timestamp;
use underlag_domain::{Amount, Personnummer};

use crate::month::Month;

/// The label every declared figure carries.
pub const DECLARED_BY_APPLICANT: &str = "uppgett av sökande";

/// A kind of cost an applicant can declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeclaredCostKind {
    /// Rent (boendekostnad).
    Rent,
    /// Household electricity.
    Electricity,
    /// Home insurance.
    HomeInsurance,
    /// Travel.
    Travel,
    /// Another cost, described by the applicant.
    Other,
}

/// A declared cost for the month applied for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DeclaredCost {
    /// What kind.
    pub kind: DeclaredCostKind,
    /// The Swedish label (with the applicant's description for an other cost).
    pub label: String,
    /// Kronor for the month.
    pub amount: Amount,
}

/// A declared income for the month applied for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DeclaredIncome {
    /// Who receives it (the applicant or the co-applicant).
    #[serde(skip)]
    pub person: Personnummer,
    /// The kind's code in the application (`lon`, `ersattning`, `studiemedel`, …).
    pub code: String,
    /// The Swedish label.
    pub label: String,
    /// The payer as the applicant wrote it.
    pub payer: String,
    /// Kronor for the month.
    pub amount: Amount,
}

/// One application's declared figures, with their provenance.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Declaration {
    /// The application's reference number.
    pub reference: String,
    /// When the application was received (every figure was declared then).
    pub declared_at: Timestamp,
    /// The month applied for.
    pub month: Month,
    /// `Ny ansökan` or `Månadsansökan (återansökan)`.
    pub kind_label: String,
    /// Whether a co-applicant is named, and when they confirmed (if they have).
    pub co_applicant: Option<Option<Timestamp>>,
    /// The costs.
    pub costs: Vec<DeclaredCost>,
    /// The incomes.
    pub incomes: Vec<DeclaredIncome>,
    /// The attachments' file names.
    pub attachments: Vec<String>,
}

impl Declaration {
    /// The sum of the declared costs (a declared sum: never added to a source's total).
    pub fn total_costs(&self) -> Amount {
        self.costs
            .iter()
            .fold(Amount::ZERO, |sum, c| sum.plus(c.amount))
    }

    /// The sum of the declared incomes (a declared sum: never added to a source's total).
    pub fn total_incomes(&self) -> Amount {
        self.incomes
            .iter()
            .fold(Amount::ZERO, |sum, i| sum.plus(i.amount))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_sums_add_only_declared_figures() {
        let person = Personnummer::parse_canonical("198603052393").unwrap();
        let d = Declaration {
            reference: "ANS-2345678923".into(),
            declared_at: Timestamp::UNIX_EPOCH,
            month: Month::parse("2026-12").unwrap(),
            kind_label: "Ny ansökan".into(),
            co_applicant: None,
            costs: vec![
                DeclaredCost {
                    kind: DeclaredCostKind::Rent,
                    label: "Hyra".into(),
                    amount: Amount::from_kronor(6500),
                },
                DeclaredCost {
                    kind: DeclaredCostKind::Electricity,
                    label: "El".into(),
                    amount: Amount::from_ore(41250),
                },
            ],
            incomes: vec![DeclaredIncome {
                person,
                code: "lon".into(),
                label: "Lön".into(),
                payer: "AB".into(),
                amount: Amount::from_kronor(100),
            }],
            attachments: Vec::new(),
        };
        assert_eq!(d.total_costs(), Amount::from_ore(691250));
        assert_eq!(d.total_incomes(), Amount::from_kronor(100));
    }
}
