//! The month view's output types: months, members, lines, totals.

use jiff::Timestamp;
use jiff::civil::Date;
use rust_decimal::Decimal;
use underlag_domain::{Period, Personnummer, SourceId};

use crate::figure::{Figure, Total};
use crate::input::OverviewRules;
use crate::month::{Month, MonthRole};
use crate::warning::Warning;

/// The household's month view.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Overview {
    /// The month applied for (M).
    pub application_month: Month,
    /// The months shown, oldest first, ending with M.
    pub months: Vec<MonthColumn>,
    /// One entry per household member, in the order given.
    pub members: Vec<MemberOverview>,
    /// The household's totals per month, in the order of [`Overview::months`].
    pub household: Vec<MonthTotals>,
    /// Every warning, in a stable order (member, month, source, kind).
    pub warnings: Vec<Warning>,
    /// Whether any member has protected identity (the page shows a banner).
    pub any_protected: bool,
    /// The rules the overview was built with.
    pub rules: OverviewRules,
}

/// One month column.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MonthColumn {
    /// The month.
    pub month: Month,
    /// Its role relative to M.
    pub role: MonthRole,
    /// Swedish name, e.g. `oktober 2026`.
    pub label: String,
    /// Swedish role name, e.g. `Kontrollmånad (M−1)`; absent for earlier months.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_label: Option<&'static str>,
    /// Whether the look-up's period covers the whole month. When not, the month's totals lack
    /// every income source.
    pub queried: bool,
}

/// One household member's part of the overview. Holds no name and no address-like data: a
/// member is identified by personnummer only.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MemberOverview {
    /// The member.
    pub personnummer: Personnummer,
    /// Whether any source marks the member's identity as protected.
    pub protected: bool,
    /// Every source, in the contract's order, with how it answered.
    pub sources: Vec<SourceState>,
    /// One entry per month, in the order of [`Overview::months`].
    pub months: Vec<MemberMonth>,
    /// Yearly facts that belong to no month (capital income per taxation year).
    pub annual: Vec<AnnualLine>,
    /// Payments that cannot be placed in a month (no payout day and no payout month), shown
    /// apart and in no total.
    pub unplaced: Vec<Line>,
}

/// How one source answered for one member.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SourceState {
    /// The source.
    pub source: SourceId,
    /// Its Swedish name for headings.
    pub label: &'static str,
    /// How it answered.
    pub status: SourceStatus,
    /// The outcome's wire name (`ok`, `timed_out`, …).
    pub outcome: &'static str,
    /// When the answer was retrieved (`hämtad`), when the source was called.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retrieved_at: Option<Timestamp>,
    /// Whether the answer is from before the current look-up.
    pub stale: bool,
    /// Whether the source can carry incomes (and so make a total incomplete).
    pub carries_income: bool,
}

/// A source's answer, in the terms of the overview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceStatus {
    /// Answered with data.
    Answered,
    /// Answered with data, but said part of it is missing.
    PartiallyAnswered,
    /// Answered that it knows nothing of the person: a true "nothing".
    NoMatch,
    /// Did not answer (timed out, unavailable).
    NotAnswered,
    /// Answered invalidly, or with an error of its own.
    Invalid,
    /// Not asked.
    NotRequested,
    /// The organisation may not receive its data.
    NotEntitled,
}

impl SourceStatus {
    /// Swedish text, e.g. `Svarade inte — uppgifter saknas, inte noll`.
    pub fn label_sv(self) -> &'static str {
        match self {
            Self::Answered => "Svarade",
            Self::PartiallyAnswered => "Svarade ofullständigt — delar saknas, inte noll",
            Self::NoMatch => "Svarade: inga uppgifter om personen",
            Self::NotAnswered => "Svarade inte — uppgifter saknas, inte noll",
            Self::Invalid => "Svarade felaktigt — uppgifter saknas, inte noll",
            Self::NotRequested => "Tillfrågades inte",
            Self::NotEntitled => "Organisationen får inte ta del av uppgifterna",
        }
    }

    /// Whether the answer can be relied on as complete (data or a definite "nothing").
    pub fn is_complete_answer(self) -> bool {
        matches!(self, Self::Answered | Self::NoMatch)
    }
}

/// One member's month: the lines and their totals.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MemberMonth {
    /// The month.
    pub month: Month,
    /// Every income or benefit line of the month: effected first, then planned; each by
    /// source and type.
    pub lines: Vec<Line>,
    /// The member's totals for the month.
    pub totals: MonthTotals,
}

/// Totals of a month, planned and effected kept apart.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MonthTotals {
    /// The month.
    pub month: Month,
    /// Paid out (effected payments, by payout date).
    pub effected: SideTotals,
    /// Planned (planned payments by planned date; decided monthly amounts where no payment
    /// of the benefit exists in the month).
    pub planned: SideTotals,
}

/// Gross and net totals of one side.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SideTotals {
    /// Sum of gross amounts.
    pub gross: Total,
    /// Sum of net amounts (paid out after tax and deductions).
    pub net: Total,
}

/// Planned or effected.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Paid out (initiated, not necessarily received).
    Effected,
    /// Planned or preliminary: may still change.
    Planned,
}

impl Side {
    /// Swedish text.
    pub fn label_sv(self) -> &'static str {
        match self {
            Self::Effected => "Utbetalt",
            Self::Planned => "Planerat",
        }
    }
}

/// The kind of fact a line comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineBasis {
    /// A payment (FK, PM, CSN, an a-kassa).
    Payment,
    /// A decided amount (FK, PM), standing for the planned side where no payment of the
    /// benefit exists in the month.
    Decision,
    /// A granted study-support amount (CSN), where no CSN payment exists in the month.
    StudyGrant,
    /// A payout from the tax account (Skatteverket).
    TaxAccountPayout,
    /// Pay declared by an employer in its arbetsgivardeklaration på individnivå (AGI): one
    /// employer's declaration for the person and one redovisningsperiod.
    EmployerDeclaration,
}

/// The unit of a line's amounts. Only [`Unit::Paid`] and [`Unit::PerMonth`] are added into a
/// month's totals; the others are shown as stated and kept out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// An amount paid out (a payment's total for what it covers).
    Paid,
    /// Per day.
    PerDay,
    /// Per week.
    PerWeek,
    /// Per month.
    PerMonth,
    /// Per quarter.
    PerQuarter,
    /// Per half year.
    PerHalfYear,
    /// Per year.
    PerYear,
}

impl Unit {
    /// Swedish text, e.g. `kr/dag`.
    pub fn label_sv(self) -> &'static str {
        match self {
            Self::Paid => "kr",
            Self::PerDay => "kr/dag",
            Self::PerWeek => "kr/vecka",
            Self::PerMonth => "kr/månad",
            Self::PerQuarter => "kr/kvartal",
            Self::PerHalfYear => "kr/halvår",
            Self::PerYear => "kr/år",
        }
    }

    /// Whether amounts in this unit are added into a month's totals.
    pub fn is_monthly_summable(self) -> bool {
        matches!(self, Self::Paid | Self::PerMonth)
    }
}

/// An income or benefit type: what the comparison between months is keyed on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct IncomeType {
    /// The source.
    pub source: SourceId,
    /// The benefit code as the source states it (`AS`, `PM:AP`, `Arbetsloshetsersattning`, a
    /// CSN support form, `Skatteaterbetalning`).
    pub code: String,
    /// Swedish label (from the kodverk, else the code).
    pub label: String,
}

/// Where a figure comes from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Provenance {
    /// The source.
    pub source: SourceId,
    /// The source's Swedish name.
    pub source_label: &'static str,
    /// Who pays or decided, in Swedish (Försäkringskassan, Pensionsmyndigheten (via LEFI), an
    /// a-kassa's name, CSN, Skatteverket).
    pub payer: String,
    /// When the answer was retrieved (`hämtad`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retrieved_at: Option<Timestamp>,
    /// The period the figure covers (`avser period`), when the source states it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub covers: Option<Period>,
}

/// One income or benefit in one month.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Line {
    /// What it is.
    pub income: IncomeType,
    /// Planned or effected.
    pub side: Side,
    /// Which kind of fact it comes from.
    pub basis: LineBasis,
    /// Gross, in [`Line::unit`].
    pub gross: Figure,
    /// Preliminary tax withheld.
    pub tax: Figure,
    /// Net paid out after tax and all deductions.
    pub net: Figure,
    /// The unit of the amounts, as the source states it.
    pub unit: Unit,
    /// Whether the line is added into the month's totals (its unit is monthly or a payment).
    pub in_totals: bool,
    /// The payout day, or the planned one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payout_on: Option<Date>,
    /// Compensated days, when the source counts days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<Decimal>,
    /// The provider says the payment is preliminary, or it is planned.
    pub preliminary: bool,
    /// A retroactive payment: the provider says so, or it covers a period that starts before
    /// the month preceding the payout month.
    pub retro: bool,
    /// Where it comes from: source, retrieved, covered period. For a decided or granted
    /// amount, the period covered is the part of this month its decision or grant covers.
    pub provenance: Provenance,
    /// For a decided or granted amount: the period of the decision or grant itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis_period: Option<BasisPeriod>,
    /// The split of the gross by benefit and amount type, as the source states it
    /// (informational: rows are never added into totals besides their payment).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<RowFigure>,
    /// For an employer's declaration (AGI): its specifikationsnummer (field 570), which
    /// identifies the declaration within the employer and month.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub specification_number: Option<String>,
}

/// The period of a decision or grant; a decision in force until further notice has no end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct BasisPeriod {
    /// First day.
    pub from: Date,
    /// Last day; `None` when open-ended (tills vidare).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
}

impl BasisPeriod {
    /// Swedish text, e.g. `2026-05-01 – 2027-02-28` or `från 2017-02-01, tills vidare`.
    pub fn label_sv(&self) -> String {
        match self.to {
            Some(to) => format!("{} – {}", self.from, to),
            None => format!("från {}, tills vidare", self.from),
        }
    }
}

/// One row of a payment's split.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowFigure {
    /// The code of the row's benefit or benefit group (`PM:AP`, `BOB`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub benefit_code: Option<String>,
    /// Benefit or benefit group of the row, Swedish label or code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub benefit: Option<String>,
    /// The code of the row's amount type (`GRUNDB`, `INF`, `PM:GARP`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_type_code: Option<String>,
    /// Amount type, Swedish label or code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_type: Option<String>,
    /// The row's gross.
    pub gross: Figure,
    /// The period the row covers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub covers: Option<Period>,
}

/// A yearly fact (capital income for a taxation year), outside the monthly totals.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AnnualLine {
    /// What it is (`Kapitalinkomst`).
    pub income: IncomeType,
    /// Taxation year (taxeringsår).
    pub taxation_year: i32,
    /// Summa intäkter på kapital.
    pub total_income: Figure,
    /// Överskott av kapital.
    pub surplus: Figure,
    /// Where it comes from.
    pub provenance: Provenance,
}
