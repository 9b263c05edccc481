//! The costs an applicant gives (*utgifter*): rent, electricity, home insurance, travel and
//! other costs, each an amount for the month applied for.

use underlag_domain::Amount;

/// A kind of cost the form asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CostKind {
    /// Hyra (boendekostnad).
    Rent,
    /// Hushållsel.
    Electricity,
    /// Hemförsäkring.
    HomeInsurance,
    /// Resor (till arbete, vård).
    Travel,
    /// Övriga kostnader (with a description).
    Other,
}

impl CostKind {
    /// Every kind, in the form's order.
    pub const ALL: [CostKind; 5] = [
        CostKind::Rent,
        CostKind::Electricity,
        CostKind::HomeInsurance,
        CostKind::Travel,
        CostKind::Other,
    ];

    /// The stable code, in forms and in the store.
    pub fn code(self) -> &'static str {
        match self {
            CostKind::Rent => "hyra",
            CostKind::Electricity => "el",
            CostKind::HomeInsurance => "hemforsakring",
            CostKind::Travel => "resor",
            CostKind::Other => "ovrigt",
        }
    }

    /// The Swedish label.
    pub fn label(self) -> &'static str {
        match self {
            CostKind::Rent => "Hyra",
            CostKind::Electricity => "El",
            CostKind::HomeInsurance => "Hemförsäkring",
            CostKind::Travel => "Resor",
            CostKind::Other => "Övriga kostnader",
        }
    }

    /// The kind a code names.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One cost for the month applied for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cost {
    /// What it is.
    pub kind: CostKind,
    /// How much, in kronor per month (not negative).
    pub amount: Amount,
    /// What it is for (required for [`CostKind::Other`], else empty).
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for kind in CostKind::ALL {
            assert_eq!(CostKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(CostKind::from_code("bil"), None);
    }
}
