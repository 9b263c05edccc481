//! What the overview is built from: the look-up, the household's answers and the rules.

use jiff::Timestamp;
use rust_decimal::Decimal;
use underlag_domain::{Period, Personnummer, SourceResult};

use crate::month::Month;

/// The look-up the answers came from, as the case worker made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lookup {
    /// The month applied for (M), chosen by the case worker. M−1 is the control month, M−2
    /// the comparison month.
    pub application_month: Month,
    /// The period the composite query asked about. A month not wholly inside it is shown, but
    /// its totals lack every income source ([`crate::GapReason::PeriodNotQueried`]).
    pub period: Period,
    /// When the current look-up started. An answer retrieved before it is from an earlier
    /// look-up and is flagged ([`crate::WarningKind::AnswerOlderThanLookup`]).
    pub started_at: Timestamp,
}

/// One household member's answers: the member's personnummer and one [`SourceResult`] per
/// source (with its outcome, data, rule violations and retrieval time, `hämtad`). A source
/// missing from `results` is treated as not requested.
#[derive(Debug, Clone, Copy)]
pub struct MemberAnswers<'a> {
    /// The member.
    pub personnummer: &'a Personnummer,
    /// The sources' results, as the orchestrator returned them.
    pub results: &'a [SourceResult],
}

/// The rules of the overview, configurable per deployment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OverviewRules {
    /// An income that changes by more than this share between M−2 and M−1 is flagged; a change
    /// of exactly the threshold is not. Percent, default 12.
    pub change_threshold_percent: Decimal,
    /// How many months are shown, ending with the application month: at least 3 (M−2, M−1,
    /// M), at most [`OverviewRules::MAX_MONTHS_SHOWN`]. Default 3. The look-up's period
    /// should cover every month shown; a month it does not cover is shown with its totals
    /// lacking every income source.
    pub months_shown: u8,
}

impl OverviewRules {
    /// The most months an overview shows.
    pub const MAX_MONTHS_SHOWN: u8 = 24;

    /// Checks the rules; the error names the field at fault.
    pub fn validate(&self) -> Result<(), OverviewError> {
        if self.change_threshold_percent.is_sign_negative()
            || self.change_threshold_percent > Decimal::ONE_THOUSAND
        {
            return Err(OverviewError {
                field: "change_threshold_percent",
                problem: "must be between 0 and 1000",
            });
        }
        if !(3..=Self::MAX_MONTHS_SHOWN).contains(&self.months_shown) {
            return Err(OverviewError {
                field: "months_shown",
                problem: "must be between 3 and 24",
            });
        }
        Ok(())
    }
}

impl Default for OverviewRules {
    fn default() -> Self {
        Self {
            change_threshold_percent: Decimal::from(12),
            months_shown: 3,
        }
    }
}

/// Why an overview cannot be built: rules out of range, or no household member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverviewError {
    /// The field at fault.
    pub field: &'static str,
    /// What is wrong with it (never the value).
    pub problem: &'static str,
}

impl std::fmt::Display for OverviewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "overview {}: {}", self.field, self.problem)
    }
}

impl std::error::Error for OverviewError {}
