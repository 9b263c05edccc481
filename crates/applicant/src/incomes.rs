//! The incomes an applicant declares (*inkomster*): who in the household receives it, what
//! kind, from whom, and how much in the month applied for.

use underlag_domain::Amount;

/// Who in the household receives an income.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Declarant {
    /// The signed-in applicant.
    Applicant,
    /// The co-applicant.
    CoApplicant,
}

impl Declarant {
    /// The stable code (`sokande`, `medsokande`).
    pub fn code(self) -> &'static str {
        match self {
            Declarant::Applicant => "sokande",
            Declarant::CoApplicant => "medsokande",
        }
    }

    /// The Swedish label.
    pub fn label(self) -> &'static str {
        match self {
            Declarant::Applicant => "Sökande",
            Declarant::CoApplicant => "Medsökande",
        }
    }

    /// The declarant a code names.
    pub fn from_code(code: &str) -> Option<Self> {
        [Declarant::Applicant, Declarant::CoApplicant]
            .into_iter()
            .find(|d| d.code() == code)
    }
}

/// A kind of income the form offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IncomeKind {
    /// Lön.
    Salary,
    /// Ersättning från Försäkringskassan, a-kassa, pension eller liknande.
    Benefit,
    /// Studiemedel.
    StudyFunds,
    /// Underhållsbidrag.
    Maintenance,
    /// Annan inkomst.
    Other,
}

impl IncomeKind {
    /// Every kind, in the form's order.
    pub const ALL: [IncomeKind; 5] = [
        IncomeKind::Salary,
        IncomeKind::Benefit,
        IncomeKind::StudyFunds,
        IncomeKind::Maintenance,
        IncomeKind::Other,
    ];

    /// The stable code, in forms and in the store.
    pub fn code(self) -> &'static str {
        match self {
            IncomeKind::Salary => "lon",
            IncomeKind::Benefit => "ersattning",
            IncomeKind::StudyFunds => "studiemedel",
            IncomeKind::Maintenance => "underhall",
            IncomeKind::Other => "annan",
        }
    }

    /// The Swedish label.
    pub fn label(self) -> &'static str {
        match self {
            IncomeKind::Salary => "Lön",
            IncomeKind::Benefit => "Ersättning (t.ex. Försäkringskassan, a-kassa, pension)",
            IncomeKind::StudyFunds => "Studiemedel",
            IncomeKind::Maintenance => "Underhållsbidrag",
            IncomeKind::Other => "Annan inkomst",
        }
    }

    /// The kind a code names.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One income the applicant declares for the month applied for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredIncome {
    /// Who receives it.
    pub who: Declarant,
    /// What kind.
    pub kind: IncomeKind,
    /// From whom (employer, agency, …), as the applicant wrote it.
    pub payer: String,
    /// How much, in kronor for the month (not negative).
    pub amount: Amount,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for kind in IncomeKind::ALL {
            assert_eq!(IncomeKind::from_code(kind.code()), Some(kind));
        }
        for who in [Declarant::Applicant, Declarant::CoApplicant] {
            assert_eq!(Declarant::from_code(who.code()), Some(who));
        }
        assert_eq!(IncomeKind::from_code("lotto"), None);
    }
}
