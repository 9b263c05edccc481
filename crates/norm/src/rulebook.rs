//! The rule book: riksnorm tables per year with per-cell provenance, the yearly uplifts, the
//! prisbasbelopp, and the dated calculation rules, loaded from `spec/norm/`.

use std::collections::BTreeMap;
use std::str::FromStr;

use jiff::civil::Date;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use underlag_domain::Amount;

use crate::cell::CellKey;
use crate::error::{NormError, bad_data};

mod import;
mod parse;

pub use import::ImportFile;

const EMBEDDED_RIKSNORM: &str = include_str!("../../../spec/norm/riksnorm.toml");
const EMBEDDED_RULES: &str = include_str!("../../../spec/norm/rules.toml");

/// How well a cell is sourced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    /// Two independent sources print the same amount.
    Verified,
    /// The issuing authority's own text (the ordinance, the government's notice), one source.
    Official,
    /// One secondary source.
    SingleSource,
    /// Derived; not printed anywhere for the year.
    Inferred,
    /// Loaded by an operator from the official table, with the source recorded.
    Imported,
}

impl CellStatus {
    /// Swedish text.
    pub fn label_sv(self) -> &'static str {
        match self {
            Self::Verified => "verifierad (två oberoende källor)",
            Self::Official => "officiell källa",
            Self::SingleSource => "en källa",
            Self::Inferred => "härledd",
            Self::Imported => "inläst officiell tabell",
        }
    }

    fn parse(text: &str, file: &str) -> Result<Self, NormError> {
        Ok(match text {
            "verified" => Self::Verified,
            "official" => Self::Official,
            "single_source" => Self::SingleSource,
            "inferred" => Self::Inferred,
            "imported" => Self::Imported,
            _ => return Err(bad_data(file, "unknown cell status")),
        })
    }

    /// Whether a published total with this status may be used on its own (partial years).
    fn is_authoritative(self) -> bool {
        matches!(self, Self::Verified | Self::Official | Self::Imported)
    }
}

/// The project's judgement of a whole table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableStatus {
    /// Usable for every household whose cells it has.
    Verified,
    /// Only the published household totals may be used.
    Partial,
    /// Refused.
    Unverified,
    /// Loaded by an operator from the official text; usable.
    Imported,
}

impl TableStatus {
    /// Swedish text.
    pub fn label_sv(self) -> &'static str {
        match self {
            Self::Verified => "verifierad",
            Self::Partial => "ofullständig (bara publicerade summor)",
            Self::Unverified => "inte verifierad",
            Self::Imported => "inläst officiell tabell",
        }
    }

    fn parse(text: &str, file: &str) -> Result<Self, NormError> {
        Ok(match text {
            "verified" => Self::Verified,
            "partial" => Self::Partial,
            "unverified" => Self::Unverified,
            _ => return Err(bad_data(file, "unknown table status")),
        })
    }

    /// Whether every cell of the table may be used.
    pub fn is_usable(self) -> bool {
        matches!(self, Self::Verified | Self::Imported)
    }
}

/// A cited source.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SourceRef {
    /// The tag (`S2`).
    pub id: String,
    /// What it is.
    pub title: String,
    /// Where.
    pub url: String,
    /// `official` or `secondary`.
    pub kind: String,
}

/// One amount of a table with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cell {
    /// Kr per month.
    pub amount: Amount,
    /// How well it is sourced.
    pub status: CellStatus,
    /// The sources that print it (tags of [`RuleBook::sources`], or an import's source text).
    pub sources: Vec<String>,
}

/// A household shape whose total a partial year publishes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum PublishedShape {
    /// One adult, nobody else.
    SingleAdult,
    /// Two adults living as partners, nobody else.
    Couple,
}

impl PublishedShape {
    /// Swedish text.
    pub fn label_sv(self) -> &'static str {
        match self {
            Self::SingleAdult => "ensamstående vuxen utan barn",
            Self::Couple => "sambor utan barn",
        }
    }
}

/// A household total the authority publishes (personal plus common costs).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PublishedTotal {
    /// Kr per month.
    pub amount: Amount,
    /// How well it is sourced.
    pub status: CellStatus,
    /// The sources.
    pub sources: Vec<String>,
    /// The cells it is the sum of, when the split is known.
    pub parts: Vec<CellKey>,
}

/// Who loaded a table and from where.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportRecord {
    /// The official source, as the operator recorded it (SFS number, title).
    pub source: String,
    /// Where it can be read, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The riksnorm of one year.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RiksnormTable {
    /// The norm year (the table is in force 1 January – 31 December).
    pub year: i16,
    /// The judgement of the whole table.
    pub status: TableStatus,
    /// The legal reference of the amounts.
    pub legal_ref: String,
    /// How it was checked.
    pub verification: String,
    /// The table's sources.
    pub sources: Vec<String>,
    /// The amounts.
    pub cells: BTreeMap<CellKey, Cell>,
    /// Published totals (partial years).
    pub totals: BTreeMap<PublishedShape, PublishedTotal>,
    /// Set when an operator imported the table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imported: Option<ImportRecord>,
}

impl RiksnormTable {
    /// A cell the calculation may use: the table must be usable and have the cell.
    pub fn usable_cell(&self, key: CellKey) -> Result<&Cell, NormError> {
        if !self.status.is_usable() {
            return Err(NormError::YearNotVerified {
                year: self.year,
                status: Some(self.status),
            });
        }
        self.cells.get(&key).ok_or(NormError::CellMissing {
            year: self.year,
            cell: key,
        })
    }

    /// A published total the calculation may use on its own.
    pub fn usable_total(&self, shape: PublishedShape) -> Option<&PublishedTotal> {
        self.totals
            .get(&shape)
            .filter(|t| t.status.is_authoritative())
    }

    /// The difference the "more than seven" rule adds per extra member: common(7) − common(6).
    pub fn per_member_beyond_seven(&self) -> Result<Amount, NormError> {
        let seven = self.usable_cell(CellKey::Common(7))?.amount;
        let six = self.usable_cell(CellKey::Common(6))?.amount;
        Ok(seven.minus(six))
    }
}

/// One dated entry of a calculation rule.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DatedRule {
    /// The rule id (`inkomst.jobbstimulans`).
    pub id: String,
    /// Swedish title.
    pub title: String,
    /// First day in force.
    pub valid_from: Date,
    /// Last day in force; `None` until further notice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<Date>,
    /// The legal reference.
    pub legal_ref: String,
    /// The rule in plain Swedish.
    pub text: String,
    /// A percentage the rule uses (jobbstimulans: 25).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent: Option<Decimal>,
    /// A duration in months (jobbstimulans: 24).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub months: Option<u32>,
    /// The share of a prisbasbelopp (children's income: 1, before 2013-07-01 0.5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prisbasbelopp_share: Option<Decimal>,
}

impl DatedRule {
    /// Whether the entry is in force on `day`.
    pub fn in_force_on(&self, day: Date) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|to| day <= to)
    }

    /// Its validity as Swedish text, e.g. `gäller från 2025-07-01`.
    pub fn validity_sv(&self) -> String {
        match self.valid_to {
            Some(to) => format!("gällde {} – {}", self.valid_from, to),
            None => format!("gäller från {}", self.valid_from),
        }
    }
}

/// A yearly uplift decision.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Uplift {
    /// The norm year it produced.
    pub year: i16,
    /// Percent, e.g. 0.7.
    pub percent: Decimal,
    /// The source tag.
    pub source: String,
}

/// The prisbasbelopp of a calendar year.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Prisbasbelopp {
    /// The year.
    pub year: i16,
    /// The amount.
    pub amount: Amount,
    /// The source tag.
    pub source: String,
}

/// A cell of an imported table that differs from the estimate (the previous verified table
/// with the published uplifts) by more than [`RuleBook::IMPORT_TOLERANCE_KR`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportFlag {
    /// The cell.
    pub cell: CellKey,
    /// The imported amount.
    pub imported: Amount,
    /// The estimate.
    pub estimate: Amount,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportReport {
    /// The year loaded.
    pub year: i16,
    /// How many cells.
    pub cells: usize,
    /// Cells that differ from the estimate by more than the tolerance (check them against the
    /// official text before use).
    pub flagged: Vec<ImportFlag>,
    /// Why no comparison was possible, when none was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_estimate: Option<String>,
}

/// The whole rule book.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RuleBook {
    /// A short identifier of the rule data (a checksum of the files and imports), recorded
    /// with every calculation.
    pub version: String,
    /// Cited sources.
    pub sources: Vec<SourceRef>,
    /// Tables by year.
    pub tables: BTreeMap<i16, RiksnormTable>,
    /// Uplifts by year.
    pub uplifts: BTreeMap<i16, Uplift>,
    /// Prisbasbelopp by year.
    pub prisbasbelopp: BTreeMap<i16, Prisbasbelopp>,
    /// The dated rules.
    pub rules: Vec<DatedRule>,
}

impl RuleBook {
    /// An imported cell may differ from the estimate by this much before it is flagged.
    pub const IMPORT_TOLERANCE_KR: i64 = 30;

    /// The rule book built from the files under `spec/norm/` compiled into the binary.
    pub fn embedded() -> Result<Self, NormError> {
        Self::parse(EMBEDDED_RIKSNORM, EMBEDDED_RULES)
    }

    /// The year's table, whatever its status; the calculation checks usability per cell.
    pub fn table(&self, year: i16) -> Result<&RiksnormTable, NormError> {
        self.tables
            .get(&year)
            .ok_or(NormError::YearNotVerified { year, status: None })
    }

    /// The entry of rule `id` in force on `day`.
    pub fn rule(&self, id: &str, day: Date) -> Result<&DatedRule, NormError> {
        self.rules
            .iter()
            .find(|r| r.id == id && r.in_force_on(day))
            .ok_or_else(|| NormError::RuleNotInForce {
                rule: id.to_owned(),
                month: format!("{:04}-{:02}", day.year(), day.month()),
            })
    }

    /// A source by tag.
    pub fn source(&self, id: &str) -> Option<&SourceRef> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The estimate of a year's cells: the latest usable table before it, raised by each
    /// year's published uplift in turn and rounded to the nearest 10 kr each year (the
    /// amounts are published rounded to tens). `None` when an uplift is missing or there is
    /// no earlier usable table. Never used to compute: only to check an imported table.
    pub fn estimate(&self, year: i16) -> Option<BTreeMap<CellKey, Amount>> {
        let (base_year, base) = self
            .tables
            .range(..year)
            .rev()
            .find(|(_, t)| t.status.is_usable())?;
        let mut cells: BTreeMap<CellKey, Decimal> = base
            .cells
            .iter()
            .map(|(k, c)| (*k, c.amount.value()))
            .collect();
        for y in (base_year + 1)..=year {
            let uplift = self.uplifts.get(&y)?;
            let factor = Decimal::ONE + uplift.percent / Decimal::ONE_HUNDRED;
            for value in cells.values_mut() {
                let raised = *value * factor / Decimal::TEN;
                *value = raised.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
                    * Decimal::TEN;
            }
        }
        cells
            .into_iter()
            .map(|(k, v)| v.to_i64().map(|kr| (k, Amount::from_kronor(kr))))
            .collect()
    }
}
