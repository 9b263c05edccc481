//! What a calculation produces: the rule versions it used, its sections and income lines,
//! what it lacks, the balance (deficit, surplus or incomplete) and its warnings.

use super::*;

/// The versions of the rules a calculation used, stored with it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RuleVersion {
    /// The rule book's checksum.
    pub rulebook: String,
    /// The riksnorm year used.
    pub riksnorm_year: i16,
    /// That table's status.
    pub riksnorm_status: TableStatus,
    /// The table's legal reference.
    pub riksnorm_legal_ref: String,
    /// The municipality.
    pub municipality: String,
    /// The first day of the municipal settings version used.
    pub municipal_version_from: jiff::civil::Date,
    /// Every rule entry used: `id@valid_from`.
    pub rules: Vec<String>,
}

impl RuleVersion {
    /// One line for the audit chain and the case file: `norm <checksum> riksnorm 2026
    /// (partial) exempelkommun@2014-01-01`.
    pub fn label(&self) -> String {
        format!(
            "norm {} riksnorm {} ({}) {}@{}",
            self.rulebook,
            self.riksnorm_year,
            self.riksnorm_status.label_sv(),
            self.municipality,
            self.municipal_version_from
        )
    }
}

/// One income line of the result.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IncomeLine {
    /// The counted amount per month, with its explanation.
    pub line: ExplainedLine,
    /// The member's label.
    pub member: String,
    /// Where it comes from (source payment, or who entered it).
    pub origin: IncomeOrigin,
    /// The amount as stated.
    pub stated: Amount,
    /// The unit it was stated in.
    pub unit: Unit,
    /// Converted to a month.
    pub monthly: Amount,
    /// Whether any of it counts.
    pub counted: bool,
}

/// A section (norm, costs) and its total.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Section {
    /// The lines.
    pub lines: Vec<ExplainedLine>,
    /// Their sum.
    pub total: Amount,
}

/// What the calculation could not include.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Lacking {
    /// The member's label.
    pub member: String,
    /// The source.
    pub source: SourceId,
    /// Why.
    pub reason: GapReason,
}

impl Lacking {
    /// Swedish text: `Försäkringskassan svarade inte (Sökande)`.
    pub fn label_sv(&self) -> String {
        format!(
            "{} {} ({})",
            underlag_overview::source_label(self.source),
            self.reason.label_sv(),
            self.member
        )
    }
}

/// Deficit, surplus or even.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BalanceKind {
    /// Need above income: underskott.
    Deficit,
    /// Income above need: överskott.
    Surplus,
    /// Equal.
    Even,
}

impl BalanceKind {
    /// Swedish text.
    pub fn label_sv(self) -> &'static str {
        match self {
            Self::Deficit => "Underskott",
            Self::Surplus => "Överskott",
            Self::Even => "Jämnt",
        }
    }
}

/// The result: complete, or incomplete because a source did not answer (never computed as
/// if the missing income were zero).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Balance {
    /// Every income source answered.
    Complete {
        /// Norm plus costs.
        need: Amount,
        /// Counted incomes.
        income: Amount,
        /// Deficit or surplus, exact.
        kind: BalanceKind,
        /// |need − income|, exact.
        amount: Amount,
        /// The amount after the municipality's payout rounding.
        rounded: Amount,
        /// Why.
        explanation: Explanation,
    },
    /// Some incomes are unknown: the result is not a figure to decide from.
    Incomplete {
        /// Norm plus costs.
        need: Amount,
        /// The incomes that are known.
        known_income: Amount,
        /// Need minus known income: an upper bound of any deficit, not a deficit.
        need_minus_known_income: Amount,
        /// What is missing.
        lacking: Vec<Lacking>,
        /// Why.
        explanation: Explanation,
    },
}

impl Balance {
    /// Whether the result is complete.
    pub fn is_complete(&self) -> bool {
        matches!(self, Self::Complete { .. })
    }

    /// The deficit (underskott) when complete: positive need minus income, exact; zero when
    /// there is a surplus. `None` when incomplete.
    pub fn deficit(&self) -> Option<Amount> {
        match self {
            Self::Complete { kind, amount, .. } => Some(if *kind == BalanceKind::Deficit {
                *amount
            } else {
                Amount::ZERO
            }),
            Self::Incomplete { .. } => None,
        }
    }
}

/// A warning for the case worker.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NormWarning {
    /// What kind.
    pub kind: NormWarningKind,
    /// Swedish text.
    pub text: String,
}

/// The kinds of warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NormWarningKind {
    /// A source did not answer: its lines are not prefilled and the result is incomplete.
    SourceNotAnswered,
    /// An income is on neither of the municipality's lists.
    UnlistedIncome,
    /// The housing cost is above the municipality's cap.
    HousingAboveCap,
    /// No housing cap is set for the household's shape.
    NoHousingCap,
    /// An amount stated per day, week or year was converted.
    Converted,
    /// Carried from the month view (change between M−2 and M−1, new or missing type).
    FromOverview,
    /// A cell of the norm has a single source.
    SingleSourceCell,
}

/// The result of a calculation: a recommendation (beräkningsunderlag), not a decision.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Calculation {
    /// The month computed.
    pub month: Month,
    /// The inputs as computed.
    pub household: Household,
    /// The rules used.
    pub rule_version: RuleVersion,
    /// The riksnorm.
    pub norm: Section,
    /// Reasonable costs.
    pub costs: Section,
    /// Every income line, counted or not.
    pub incomes: Vec<IncomeLine>,
    /// The counted incomes' sum.
    pub counted_income: Amount,
    /// The result.
    pub balance: Balance,
    /// Warnings.
    pub warnings: Vec<NormWarning>,
}
