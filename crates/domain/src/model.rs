//! The canonical model every source is normalised into.
//!
//! One [`SourceData`] per source answer. Each source fills the sections it has; empty sections
//! mean "the source said nothing of this kind", which is only meaningful together with an
//! `ok` outcome (see [`crate::outcome`]). Amounts are exact SEK, dates are civil dates,
//! periods are inclusive. Coded values keep the provider's code and, where the kodverk
//! knows it, a Swedish label.

mod benefits;
mod earnings;
mod enforcement;
mod holdings;
mod people;

pub use benefits::{
    BasisItem, DayAmount, Decision, DecisionStatus, Deduction, Frequency, Payment, PaymentClass,
    PaymentRow, PaymentState, PaymentType, RelatedPerson, StudyAppliedPeriod, StudyCase,
    StudyGrantedPeriod, TypedAmount, UnemploymentFund,
};
pub use earnings::{EarnedIncome, Employer};
pub use enforcement::{ClaimKind, DebtRelief, EnforcementDebt, WageGarnishment};
pub use holdings::{
    CapitalIncome, Permit, PermitValidity, TaxAccountPayout, TaxStatus, TaxStatusScope, Vehicle,
};
pub use people::{
    ActivityReport, ActivityReportStatus, Address, JobSeeker, PersonInfo, ProtectionKind,
    ProtectionMarker,
};

/// A provider's code together with its kodverk label, when known.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Code {
    /// The code as the provider sent it (e.g. `BOB`, `PUT`, `GRUNDB`).
    pub code: String,
    /// The Swedish label from the kodverk, or the provider's own text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Code {
    /// A code without a label yet.
    pub fn new(code: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            label: None,
        }
    }

    /// A code with a label.
    pub fn labelled(code: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            label: Some(label.into()),
        }
    }
}

/// A provider-internal status worth showing the case worker (LEFI `avvikelser`, AF status
/// codes, CSN "Ej träff", a-kassa fund status, Transportstyrelsen `felresultat`, SKV status,
/// AGI corrections).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Notice {
    /// The provider's code.
    pub code: String,
    /// What the provider said, or the kodverk label.
    pub text: String,
    /// Which part of the answer it concerns (e.g. a LEFI group, a fund name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concerns: Option<String>,
}

/// Everything one source said about the person, in canonical form.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct SourceData {
    /// Identity details and protection markers as this source knows them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<PersonInfo>,
    /// Decisions on benefits (FK, PM, AF, CSN decisions on ersättning).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
    /// Planned and effected payments, never double-counted between the two.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub payments: Vec<Payment>,
    /// Registration as job seeker (AF).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_seeker: Option<JobSeeker>,
    /// Study support cases (CSN).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub study_support: Vec<StudyCase>,
    /// Capital income per taxation year (SKV).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub capital_income: Vec<CapitalIncome>,
    /// Payouts from the tax account (SKV).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tax_account_payouts: Vec<TaxAccountPayout>,
    /// Skatteverket's status codes: for the person, capital data and tax-account data.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tax_statuses: Vec<TaxStatus>,
    /// Per unemployment fund: status, suspensions, application (a-kassor). Payments go to
    /// [`SourceData::payments`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unemployment_funds: Vec<UnemploymentFund>,
    /// Vehicles the person holds (Transportstyrelsen).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vehicles: Vec<Vehicle>,
    /// Residence and work permits (Migrationsverket).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub permits: Vec<Permit>,
    /// Earned income per employer and month, after corrections (AGI).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub earned_income: Vec<EarnedIncome>,
    /// Debts registered for collection (Kronofogden).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub enforcement_debts: Vec<EnforcementDebt>,
    /// Wage garnishments (Kronofogden).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub wage_garnishments: Vec<WageGarnishment>,
    /// Debt relief (Kronofogden).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub debt_relief: Option<DebtRelief>,
    /// Provider-internal statuses, surfaced uniformly.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<Notice>,
}

impl SourceData {
    /// Whether any protection marker was set by this source.
    pub fn is_protected(&self) -> bool {
        self.person
            .as_ref()
            .is_some_and(|p| !p.protection.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mutation survivor (issue 16): a labelled code keeps both.
    #[test]
    fn a_labelled_code_keeps_code_and_label() {
        let code = Code::labelled("1", "Ogift");
        assert_eq!(code.code, "1");
        assert_eq!(code.label.as_deref(), Some("Ogift"));
    }

    /// Mutation survivor (issue 16): protection is read per source; no person, or a person
    /// without a marker, is not protected.
    #[test]
    fn a_source_is_protected_only_with_a_marker() {
        assert!(!SourceData::default().is_protected());
        let unmarked = SourceData {
            person: Some(PersonInfo::default()),
            ..SourceData::default()
        };
        assert!(!unmarked.is_protected());
        let marked = SourceData {
            person: Some(PersonInfo {
                protection: vec![ProtectionMarker {
                    source: crate::SourceId::Fk,
                    kind: ProtectionKind::Protected,
                    field: "skyddad".into(),
                }],
                ..PersonInfo::default()
            }),
            ..SourceData::default()
        };
        assert!(marked.is_protected());
    }
}
