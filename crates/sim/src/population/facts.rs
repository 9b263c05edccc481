//! Per-source facts about one synthetic person, in plain Rust structs.
//!
//! The agency renderers read these to build each provider's native answer, and the gateway's
//! end-to-end tests read them to check that an answer matches the story. They say nothing
//! about wire formats. The `*_in(period)` helpers state exactly which facts an agency
//! returns for a requested period, so the simulator and the tests cannot disagree.

mod agi;
mod fk;
mod holdings;
mod kfm;
mod labour;
mod study;

pub use agi::{AgiDeclaration, AgiFacts, Employer};
pub use fk::{
    Child, DecisionBasis, FkBenefit, FkCase, FkDecision, FkDeduction, FkFacts, FkPayment,
    FkPaymentKind, LefiDeviation, PaymentState, PmBenefit, PmClaim, PmCompensation, PmDecision,
    PmPayment, PmRow, PostalAddress,
};
pub use holdings::{
    CapitalYear, MivFacts, PermitCase, PermitValidity, SkvFacts, TaxPayout, TnsFacts, Vehicle,
};
pub use kfm::{KfmDebt, KfmDebtRelief, KfmFacts, KfmGarnishment};
pub use labour::{AfDecision, AfFacts, FundFacts, SoFacts, SoPayment};
pub use study::{CsnAmount, CsnApplied, CsnCase, CsnFacts, CsnGranted, CsnPayment, CsnSupportForm};

/// Whether `date` lies in `period` (both ends inclusive).
pub(crate) fn within(period: &underlag_domain::Period, date: jiff::civil::Date) -> bool {
    period.from() <= date && date <= period.to()
}

/// Whole kronor of an amount (rounded towards zero); for the sources that carry integers.
pub fn whole_kronor(amount: underlag_domain::Amount) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    amount.value().trunc().to_i64().unwrap_or_default()
}
