//! Warnings as typed objects: kind, member, source, month, a Swedish cause and the figures
//! behind it.

use jiff::Timestamp;
use jiff::civil::Date;
use rust_decimal::Decimal;
use underlag_domain::{Amount, Period, Personnummer, SourceId};

use crate::month::Month;
use crate::overview::IncomeType;

/// One warning.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// What kind of warning.
    pub kind: WarningKind,
    /// The member it concerns.
    pub member: Personnummer,
    /// The source it concerns.
    pub source: SourceId,
    /// The month it concerns; `None` for a warning about a whole answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<Month>,
    /// The income type it concerns, when one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub income: Option<IncomeType>,
    /// The cause, in Swedish, e.g. "Försäkringskassan svarade inte — uppgifter saknas, inte
    /// noll".
    pub cause: String,
    /// The figures behind it (amounts, the change in percent, dates, times).
    pub figures: Vec<WarningFigure>,
}

/// The kinds of warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// The source did not answer (timed out, unavailable).
    SourceDidNotAnswer,
    /// The source answered invalidly or with an error of its own.
    SourceAnsweredInvalidly,
    /// The source answered but said part of its data is missing.
    SourceAnsweredPartially,
    /// The answer is older than the current look-up.
    AnswerOlderThanLookup,
    /// An income changed by more than the threshold between M−2 and M−1.
    IncomeChanged,
    /// An income type appeared that the previous month did not have.
    NewIncomeType,
    /// An income type of the previous month has no payment this month ("saknas ännu").
    IncomeTypeMissing,
    /// A payment is preliminary or planned, or a decided amount stands in for a payment.
    PreliminaryPayment,
    /// A retroactive payment covers an earlier period.
    RetroPayment,
    /// A payment has no payout day or month and is in no month.
    PaymentWithoutMonth,
    /// Earned income (AGI) was not fetched: no legal basis registered, or not requested.
    EarnedIncomeNotFetched,
    /// An employer declaration replaced an earlier one ("rättad deklaration").
    CorrectedDeclaration,
    /// An employer declaration was received before its month began: declared, perhaps not
    /// yet paid.
    DeclaredBeforePayout,
}

impl WarningKind {
    /// Swedish heading of the kind.
    pub fn label_sv(self) -> &'static str {
        match self {
            Self::SourceDidNotAnswer => "Källan svarade inte",
            Self::SourceAnsweredInvalidly => "Felaktigt svar",
            Self::SourceAnsweredPartially => "Ofullständigt svar",
            Self::AnswerOlderThanLookup => "Äldre svar",
            Self::IncomeChanged => "Inkomsten har ändrats",
            Self::NewIncomeType => "Ny inkomsttyp",
            Self::IncomeTypeMissing => "Saknas ännu",
            Self::PreliminaryPayment => "Preliminär utbetalning",
            Self::RetroPayment => "Retroaktiv utbetalning",
            Self::PaymentWithoutMonth => "Utbetalning utan månad",
            Self::EarnedIncomeNotFetched => "Lön hämtades inte",
            Self::CorrectedDeclaration => "Rättad deklaration",
            Self::DeclaredBeforePayout => "Deklarerad före utbetalning",
        }
    }
}

/// One figure behind a warning, with its Swedish label.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WarningFigure {
    /// What the figure is, in Swedish (e.g. `Brutto september 2026`).
    pub label: String,
    /// The figure.
    pub value: FigureValue,
}

/// The value of a figure behind a warning.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum FigureValue {
    /// An amount in SEK.
    Amount(Amount),
    /// A share in percent.
    Percent(Decimal),
    /// A day.
    Date(Date),
    /// A point in time.
    Timestamp(Timestamp),
    /// A period.
    Period(Period),
    /// A short text (a provider's code or status).
    Text(String),
}
