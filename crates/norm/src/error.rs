//! Why a calculation, a rule book or an import was refused. Every message is Swedish, names
//! the field or the rule at fault, and never repeats an input value.

use std::fmt;

use crate::cell::CellKey;
use crate::rulebook::TableStatus;

/// A refusal of the norm calculator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NormError {
    /// The year has no table the calculation may use.
    YearNotVerified {
        /// The norm year.
        year: i16,
        /// The table's status, `None` when there is no table at all.
        status: Option<TableStatus>,
    },
    /// The year's table lacks an amount this household needs (e.g. the "without lunch"
    /// variants of 2023, or any per-age cell of a partial year).
    CellMissing {
        /// The norm year.
        year: i16,
        /// The cell.
        cell: CellKey,
    },
    /// No dated entry of a rule covers the month.
    RuleNotInForce {
        /// The rule id.
        rule: String,
        /// The month, `yyyy-mm`.
        month: String,
    },
    /// No prisbasbelopp is recorded for the year (children's income limit).
    NoPrisbasbelopp {
        /// The calendar year.
        year: i16,
    },
    /// The municipality's settings have no version in force in the month.
    MunicipalityNotInForce {
        /// The month, `yyyy-mm`.
        month: String,
    },
    /// The household or an input line is not one the rules can compute; the field names it.
    InvalidInput {
        /// The field at fault, e.g. `members[2].age`.
        field: String,
        /// What is wrong, in Swedish, without the value.
        problem: String,
    },
    /// A rule or settings file, or an imported table, is malformed.
    InvalidData {
        /// Which file or table.
        file: String,
        /// What is wrong, without secrets; may name keys.
        problem: String,
    },
    /// An import would overwrite a verified table: history is not edited.
    ImportOverVerified {
        /// The norm year.
        year: i16,
    },
}

impl NormError {
    /// The field or key at fault, for problem details.
    pub fn field(&self) -> String {
        match self {
            Self::YearNotVerified { .. } | Self::CellMissing { .. } => "month".into(),
            Self::RuleNotInForce { .. } | Self::MunicipalityNotInForce { .. } => "month".into(),
            Self::NoPrisbasbelopp { .. } => "incomes".into(),
            Self::InvalidInput { field, .. } => field.clone(),
            Self::InvalidData { file, .. } => file.clone(),
            Self::ImportOverVerified { .. } => "year".into(),
        }
    }

    /// The problem in English, without the field and without input values (REST details are
    /// English; the Swedish text is [`fmt::Display`]).
    pub fn message_en(&self) -> String {
        match self {
            Self::YearNotVerified { year, status } => format!(
                "no verified riksnorm table for {year} that covers this household ({}); import the official table with `underlag norm import`",
                status.map_or("no table", |s| match s {
                    TableStatus::Partial => "only the published single and couple totals",
                    TableStatus::Unverified => "the table is single-source or inferred",
                    _ => "unusable",
                })
            ),
            Self::CellMissing { year, cell } => {
                format!("the {year} table has no verified amount for `{cell}`")
            }
            Self::RuleNotInForce { rule, month } => {
                format!("rule `{rule}` has no entry in force in {month}")
            }
            Self::NoPrisbasbelopp { year } => {
                format!("no prisbasbelopp is recorded for {year}")
            }
            Self::MunicipalityNotInForce { month } => {
                format!("the municipal settings have no version in force in {month}")
            }
            Self::InvalidInput { problem, .. } => problem.clone(),
            Self::InvalidData { problem, .. } => problem.clone(),
            Self::ImportOverVerified { year } => {
                format!("{year} has a verified table, which is never overwritten")
            }
        }
    }

    /// Whether the refusal is about missing rules (a year or rule the calculator cannot use)
    /// rather than about the input.
    pub fn is_rules_unavailable(&self) -> bool {
        matches!(
            self,
            Self::YearNotVerified { .. }
                | Self::CellMissing { .. }
                | Self::RuleNotInForce { .. }
                | Self::NoPrisbasbelopp { .. }
                | Self::MunicipalityNotInForce { .. }
        )
    }
}

impl fmt::Display for NormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::YearNotVerified { year, status } => {
                let why = match status {
                    None => "det finns ingen tabell för året".to_owned(),
                    Some(TableStatus::Unverified) => {
                        "tabellen för året har bara en källa eller är härledd och är inte verifierad"
                            .to_owned()
                    }
                    Some(TableStatus::Partial) => {
                        "för året finns bara de publicerade summorna för ensamstående och sambor, inte tabellen per ålder"
                            .to_owned()
                    }
                    Some(other) => format!("tabellens status är {}", other.label_sv()),
                };
                write!(
                    f,
                    "Riksnormen för {year} kan inte användas: {why}. Ingen beräkning görs. \
                     En operatör kan läsa in den officiella tabellen med `underlag norm import`."
                )
            }
            Self::CellMissing { year, cell } => write!(
                f,
                "Riksnormen för {year} saknar beloppet för {} i en verifierad källa. Ingen beräkning görs för hushållet.",
                cell.label_sv().to_lowercase()
            ),
            Self::RuleNotInForce { rule, month } => write!(
                f,
                "Regeln {rule} har ingen lydelse som gäller {month}. Ingen beräkning görs."
            ),
            Self::NoPrisbasbelopp { year } => write!(
                f,
                "Prisbasbeloppet för {year} finns inte i regelverket, så gränsen för barns egen arbetsinkomst kan inte räknas."
            ),
            Self::MunicipalityNotInForce { month } => write!(
                f,
                "Kommunens inställningar har ingen version som gäller {month}."
            ),
            Self::InvalidInput { field, problem } => write!(f, "Fältet {field}: {problem}"),
            Self::InvalidData { file, problem } => write!(f, "{file}: {problem}"),
            Self::ImportOverVerified { year } => write!(
                f,
                "Riksnormen för {year} finns redan som verifierad tabell och skrivs inte över: historiken ändras inte."
            ),
        }
    }
}

impl std::error::Error for NormError {}

/// A refusal for an input field.
pub(crate) fn invalid(field: impl Into<String>, problem: impl Into<String>) -> NormError {
    NormError::InvalidInput {
        field: field.into(),
        problem: problem.into(),
    }
}

/// A malformed data file or table.
pub(crate) fn bad_data(file: impl Into<String>, problem: impl Into<String>) -> NormError {
    NormError::InvalidData {
        file: file.into(),
        problem: problem.into(),
    }
}
