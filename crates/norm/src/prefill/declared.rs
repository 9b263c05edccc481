//! Prefill from what the applicant declared in a digital application
//! ([`underlag_overview::Declaration`]): each declared cost becomes a cost line entered as
//! "uppgett av sökande" with the application's reference and time, each declared income an
//! income line whose origin is [`IncomeOrigin::DeclaredByApplicant`]. Declared incomes stand
//! beside the sources' lines; they never replace a source that did not answer (that source
//! stays unanswered), and the case worker decides what counts.

use underlag_domain::Personnummer;
use underlag_overview::{DECLARED_BY_APPLICANT, Declaration, DeclaredCostKind, Unit};

use crate::calculation::{NormWarning, NormWarningKind};
use crate::input::{Cost, CostKind, Household, Income, IncomeOrigin};

fn cost_kind(kind: DeclaredCostKind) -> CostKind {
    match kind {
        DeclaredCostKind::Rent => CostKind::Housing,
        DeclaredCostKind::Electricity => CostKind::HouseholdElectricity,
        DeclaredCostKind::HomeInsurance => CostKind::HomeInsurance,
        DeclaredCostKind::Travel => CostKind::WorkTravel,
        DeclaredCostKind::Other => CostKind::Other,
    }
}

impl Household {
    /// Adds the costs and incomes of `declaration`, with their provenance; `declared_at` is
    /// its time as the page shows it, and `member_of` gives the household member index of a
    /// declared income's person (an income of a person outside the household is left out
    /// with a warning).
    pub fn add_declared(
        &mut self,
        declaration: &Declaration,
        declared_at: &str,
        member_of: impl Fn(&Personnummer) -> Option<usize>,
    ) {
        let provenance = format!(
            "{DECLARED_BY_APPLICANT} (ansökan {}, {declared_at})",
            declaration.reference
        );
        for cost in &declaration.costs {
            let kind = cost_kind(cost.kind);
            self.costs.push(Cost {
                kind,
                label: (kind == CostKind::Other).then(|| cost.label.clone()),
                amount: cost.amount,
                entered_by: provenance.clone(),
            });
        }
        for income in &declaration.incomes {
            let Some(member) = member_of(&income.person) else {
                self.carried_warnings.push(NormWarning {
                    kind: NormWarningKind::FromOverview,
                    text: format!(
                        "{} ({DECLARED_BY_APPLICANT}) gäller en person som inte finns i hushållet och är inte ifylld.",
                        income.label
                    ),
                });
                continue;
            };
            self.incomes.push(Income {
                member,
                code: format!("ansokan:{}", income.code),
                label: format!("{} ({})", income.label, income.payer),
                amount: income.amount,
                unit: Unit::Paid,
                origin: IncomeOrigin::DeclaredByApplicant {
                    reference: declaration.reference.clone(),
                    declared_at: declared_at.to_owned(),
                },
                employment: income.code == "lon",
                earned_earlier_in_year: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;
    use underlag_domain::Amount;
    use underlag_overview::{DeclaredCost, DeclaredIncome, Month};

    use super::*;

    #[test]
    fn declared_figures_keep_their_provenance() {
        let applicant = Personnummer::parse_canonical("198603052393").unwrap();
        let stranger = Personnummer::parse_canonical("198805122390").unwrap();
        let declaration = Declaration {
            reference: "ANS-2345678923".into(),
            declared_at: Timestamp::UNIX_EPOCH,
            month: Month::parse("2026-12").unwrap(),
            kind_label: "Ny ansökan".into(),
            co_applicant: None,
            costs: vec![DeclaredCost {
                kind: DeclaredCostKind::Rent,
                label: "Hyra".into(),
                amount: Amount::from_kronor(6500),
            }],
            incomes: vec![
                DeclaredIncome {
                    person: applicant.clone(),
                    code: "lon".into(),
                    label: "Lön".into(),
                    payer: "AB".into(),
                    amount: Amount::from_kronor(12000),
                },
                DeclaredIncome {
                    person: stranger,
                    code: "annan".into(),
                    label: "Annan inkomst".into(),
                    payer: "X".into(),
                    amount: Amount::from_kronor(1),
                },
            ],
            attachments: Vec::new(),
        };
        let mut household = Household {
            month: Month::parse("2026-12").unwrap(),
            members: Vec::new(),
            others_in_dwelling: 0,
            costs: Vec::new(),
            incomes: Vec::new(),
            unanswered: Vec::new(),
            carried_warnings: Vec::new(),
        };
        household.add_declared(&declaration, "2026-12-04 10:15", |p| {
            (p == &applicant).then_some(0)
        });
        assert_eq!(household.costs.len(), 1);
        assert_eq!(household.costs[0].kind, CostKind::Housing);
        assert!(
            household.costs[0]
                .entered_by
                .starts_with("uppgett av sökande (ansökan ANS-")
        );
        assert_eq!(
            household.incomes.len(),
            1,
            "the stranger's income is left out"
        );
        assert!(household.incomes[0].employment);
        assert_eq!(
            household.incomes[0].origin,
            IncomeOrigin::DeclaredByApplicant {
                reference: "ANS-2345678923".into(),
                declared_at: "2026-12-04 10:15".into()
            }
        );
        assert_eq!(household.carried_warnings.len(), 1);
    }
}
