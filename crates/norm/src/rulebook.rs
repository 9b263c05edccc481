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

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RiksnormFile {
    #[serde(default)]
    source: Vec<SourceWire>,
    #[serde(default)]
    table: Vec<TableWire>,
    #[serde(default)]
    uplift: Vec<UpliftWire>,
    #[serde(default)]
    prisbasbelopp: Vec<PrisbasbeloppWire>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceWire {
    id: String,
    title: String,
    url: String,
    kind: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TableWire {
    year: i16,
    status: String,
    legal_ref: String,
    sources: Vec<String>,
    cell_status: String,
    verification: String,
    amounts: BTreeMap<String, i64>,
    #[serde(default)]
    confirmed: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    totals: BTreeMap<String, TotalWire>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TotalWire {
    amount: i64,
    sources: Vec<String>,
    status: String,
    #[serde(default)]
    parts: Vec<String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct UpliftWire {
    year: i16,
    percent: String,
    source: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PrisbasbeloppWire {
    year: i16,
    amount: i64,
    source: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    rule: Vec<RuleWire>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleWire {
    id: String,
    title: String,
    valid_from: String,
    valid_to: Option<String>,
    legal_ref: String,
    text: String,
    percent: Option<String>,
    months: Option<u32>,
    prisbasbelopp_share: Option<String>,
}

/// An official table an operator loads for a year (`underlag norm import FILE`).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportFile {
    /// The norm year.
    pub year: i16,
    /// The official source (SFS number and title).
    pub source: String,
    /// Where it can be read.
    #[serde(default)]
    pub url: Option<String>,
    /// The legal reference; defaults to 2 kap. 1 § socialtjänstförordningen.
    #[serde(default)]
    pub legal_ref: Option<String>,
    /// The amounts by cell key (`child_1_2 = 3010`).
    pub amounts: BTreeMap<String, i64>,
}

impl ImportFile {
    /// Parses an import file (TOML). The error names the key at fault, not its value.
    pub fn parse(text: &str) -> Result<Self, NormError> {
        toml::from_str(text).map_err(|e| bad_data("import", e.message().to_owned()))
    }
}

fn parse_date(text: &str, file: &str, field: &str) -> Result<Date, NormError> {
    Date::from_str(text).map_err(|_| bad_data(file, format!("{field} is not a date yyyy-mm-dd")))
}

fn parse_decimal(text: &str, file: &str, field: &str) -> Result<Decimal, NormError> {
    Decimal::from_str(text).map_err(|_| bad_data(file, format!("{field} is not a number")))
}

fn parse_cells(
    amounts: &BTreeMap<String, i64>,
    file: &str,
) -> Result<BTreeMap<CellKey, Amount>, NormError> {
    let mut cells = BTreeMap::new();
    for (key, amount) in amounts {
        let cell = CellKey::from_data_key(key)
            .ok_or_else(|| bad_data(file, format!("unknown cell key `{key}`")))?;
        if !(1..=100_000).contains(amount) {
            return Err(bad_data(
                file,
                format!("cell `{key}` must be between 1 and 100000 kr"),
            ));
        }
        cells.insert(cell, Amount::from_kronor(*amount));
    }
    Ok(cells)
}

/// FNV-1a, 64 bits: a stable checksum of the rule data for the version id (not a security
/// measure; the audit chain carries the integrity).
fn checksum(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0u8]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

impl RuleBook {
    /// An imported cell may differ from the estimate by this much before it is flagged.
    pub const IMPORT_TOLERANCE_KR: i64 = 30;

    /// The rule book built from the files under `spec/norm/` compiled into the binary.
    pub fn embedded() -> Result<Self, NormError> {
        Self::parse(EMBEDDED_RIKSNORM, EMBEDDED_RULES)
    }

    /// Parses `riksnorm.toml` and `rules.toml`. The error names the file and the key.
    pub fn parse(riksnorm: &str, rules: &str) -> Result<Self, NormError> {
        const RN: &str = "spec/norm/riksnorm.toml";
        const RU: &str = "spec/norm/rules.toml";
        let file: RiksnormFile =
            toml::from_str(riksnorm).map_err(|e| bad_data(RN, e.message().to_owned()))?;
        let sources: Vec<SourceRef> = file
            .source
            .into_iter()
            .map(|s| SourceRef {
                id: s.id,
                title: s.title,
                url: s.url,
                kind: s.kind,
            })
            .collect();
        let known_source = |id: &str| sources.iter().any(|s| s.id == id);
        let mut tables = BTreeMap::new();
        for t in file.table {
            let where_ = format!("{RN} table {}", t.year);
            let status = TableStatus::parse(&t.status, &where_)?;
            let cell_status = CellStatus::parse(&t.cell_status, &where_)?;
            for s in t.sources.iter().chain(t.confirmed.values().flatten()) {
                if !known_source(s) {
                    return Err(bad_data(&where_, format!("unknown source `{s}`")));
                }
            }
            let mut cells = BTreeMap::new();
            for (key, amount) in parse_cells(&t.amounts, &where_)? {
                let confirmed = t.confirmed.get(&key.data_key());
                let mut cell_sources = t.sources.clone();
                if let Some(more) = confirmed {
                    cell_sources.extend(more.iter().cloned());
                }
                cells.insert(
                    key,
                    Cell {
                        amount,
                        status: if confirmed.is_some() {
                            CellStatus::Verified
                        } else {
                            cell_status
                        },
                        sources: cell_sources,
                    },
                );
            }
            for key in t.confirmed.keys() {
                if CellKey::from_data_key(key).is_none_or(|k| !cells.contains_key(&k)) {
                    return Err(bad_data(
                        &where_,
                        format!("`confirmed` names `{key}`, which has no amount"),
                    ));
                }
            }
            let mut totals = BTreeMap::new();
            for (key, total) in t.totals {
                let shape = match key.as_str() {
                    "single_adult" => PublishedShape::SingleAdult,
                    "couple" => PublishedShape::Couple,
                    _ => return Err(bad_data(&where_, format!("unknown total `{key}`"))),
                };
                let parts = total
                    .parts
                    .iter()
                    .map(|p| {
                        CellKey::from_data_key(p)
                            .ok_or_else(|| bad_data(&where_, format!("unknown part `{p}`")))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let amount = Amount::from_kronor(total.amount);
                if !parts.is_empty() {
                    let sum: Option<Amount> = parts
                        .iter()
                        .map(|p| cells.get(p).map(|c: &Cell| c.amount))
                        .sum();
                    if sum != Some(amount) {
                        return Err(bad_data(
                            &where_,
                            format!("total `{key}` is not the sum of its parts"),
                        ));
                    }
                }
                totals.insert(
                    shape,
                    PublishedTotal {
                        amount,
                        status: CellStatus::parse(&total.status, &where_)?,
                        sources: total.sources,
                        parts,
                    },
                );
            }
            let table = RiksnormTable {
                year: t.year,
                status,
                legal_ref: t.legal_ref,
                verification: t.verification,
                sources: t.sources,
                cells,
                totals,
                imported: None,
            };
            if tables.insert(t.year, table).is_some() {
                return Err(bad_data(RN, format!("two tables for {}", t.year)));
            }
        }
        let mut uplifts = BTreeMap::new();
        for u in file.uplift {
            let percent = parse_decimal(&u.percent, RN, "uplift.percent")?;
            uplifts.insert(
                u.year,
                Uplift {
                    year: u.year,
                    percent,
                    source: u.source,
                },
            );
        }
        let mut prisbasbelopp = BTreeMap::new();
        for p in file.prisbasbelopp {
            prisbasbelopp.insert(
                p.year,
                Prisbasbelopp {
                    year: p.year,
                    amount: Amount::from_kronor(p.amount),
                    source: p.source,
                },
            );
        }
        let rules_file: RulesFile =
            toml::from_str(rules).map_err(|e| bad_data(RU, e.message().to_owned()))?;
        let mut dated = Vec::new();
        for r in rules_file.rule {
            let where_ = format!("{RU} rule {}", r.id);
            let valid_from = parse_date(&r.valid_from, &where_, "valid_from")?;
            let valid_to = r
                .valid_to
                .as_deref()
                .map(|t| parse_date(t, &where_, "valid_to"))
                .transpose()?;
            if valid_to.is_some_and(|to| to < valid_from) {
                return Err(bad_data(&where_, "valid_to is before valid_from"));
            }
            dated.push(DatedRule {
                id: r.id,
                title: r.title,
                valid_from,
                valid_to,
                legal_ref: r.legal_ref,
                text: r.text,
                percent: r
                    .percent
                    .as_deref()
                    .map(|p| parse_decimal(p, &where_, "percent"))
                    .transpose()?,
                months: r.months,
                prisbasbelopp_share: r
                    .prisbasbelopp_share
                    .as_deref()
                    .map(|p| parse_decimal(p, &where_, "prisbasbelopp_share"))
                    .transpose()?,
            });
        }
        for (i, a) in dated.iter().enumerate() {
            for b in &dated[i + 1..] {
                let overlap = a.id == b.id
                    && a.valid_from <= b.valid_to.unwrap_or(Date::MAX)
                    && b.valid_from <= a.valid_to.unwrap_or(Date::MAX);
                if overlap {
                    return Err(bad_data(
                        RU,
                        format!("two entries of `{}` are in force on the same day", a.id),
                    ));
                }
            }
        }
        Ok(Self {
            version: checksum(&[riksnorm, rules]),
            sources,
            tables,
            uplifts,
            prisbasbelopp,
            rules: dated,
        })
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

    /// The built-in rule book with the imported tables' files applied in order (the
    /// operator's imports, oldest first: a later import of a year replaces an earlier one).
    pub fn with_imports<'a>(files: impl IntoIterator<Item = &'a str>) -> Result<Self, NormError> {
        let mut book = Self::embedded()?;
        for text in files {
            book.import(&ImportFile::parse(text)?)?;
        }
        Ok(book)
    }

    /// Loads an official table for a year (the operator's `underlag norm import`). The table
    /// must have every cell but the "without lunch" variants; it becomes usable, its cells
    /// carry the recorded source, and cells differing from the estimate by more than
    /// [`RuleBook::IMPORT_TOLERANCE_KR`] are flagged. A verified table is never overwritten.
    pub fn import(&mut self, file: &ImportFile) -> Result<ImportReport, NormError> {
        let where_ = format!("import {}", file.year);
        if !(1990..=2200).contains(&file.year) {
            return Err(bad_data(&where_, "year must be between 1990 and 2200"));
        }
        if self
            .tables
            .get(&file.year)
            .is_some_and(|t| t.status == TableStatus::Verified)
        {
            return Err(NormError::ImportOverVerified { year: file.year });
        }
        if file.source.trim().is_empty() {
            return Err(bad_data(&where_, "source must name the official text"));
        }
        let cells = parse_cells(&file.amounts, &where_)?;
        for required in CellKey::ALL {
            let optional = matches!(
                required,
                CellKey::ChildUnder1WithoutLunch
                    | CellKey::Child1To2WithoutLunch
                    | CellKey::Child3WithoutLunch
                    | CellKey::Child4To6WithoutLunch
            );
            if !optional && !cells.contains_key(&required) {
                return Err(bad_data(
                    &where_,
                    format!("amounts lacks `{}`", required.data_key()),
                ));
            }
        }
        let estimate = self.estimate(file.year);
        let flagged = estimate
            .as_ref()
            .map(|est| {
                cells
                    .iter()
                    .filter_map(|(k, imported)| {
                        let e = est.get(k)?;
                        let diff = imported.minus(*e).value().abs();
                        (diff > Decimal::from(Self::IMPORT_TOLERANCE_KR)).then_some(ImportFlag {
                            cell: *k,
                            imported: *imported,
                            estimate: *e,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let source_text = file.source.trim().to_owned();
        let table = RiksnormTable {
            year: file.year,
            status: TableStatus::Imported,
            legal_ref: file.legal_ref.clone().unwrap_or_else(|| {
                format!(
                    "2 kap. 1 § socialtjänstförordningen (2001:937), belopp för {}",
                    file.year
                )
            }),
            verification: format!("Inläst av operatör från: {source_text}"),
            sources: vec![source_text.clone()],
            cells: cells
                .iter()
                .map(|(k, a)| {
                    (
                        *k,
                        Cell {
                            amount: *a,
                            status: CellStatus::Imported,
                            sources: vec![source_text.clone()],
                        },
                    )
                })
                .collect(),
            totals: BTreeMap::new(),
            imported: Some(ImportRecord {
                source: source_text,
                url: file.url.clone(),
            }),
        };
        let count = table.cells.len();
        self.tables.insert(file.year, table);
        let amounts_text: String = file
            .amounts
            .iter()
            .map(|(k, v)| format!("{k}={v};"))
            .collect();
        self.version = checksum(&[&self.version, &file.year.to_string(), &amounts_text]);
        Ok(ImportReport {
            year: file.year,
            cells: count,
            flagged,
            no_estimate: estimate.is_none().then(|| {
                format!(
                    "Ingen uppskattning för {}: det saknas en tidigare verifierad tabell eller en publicerad uppräkning.",
                    file.year
                )
            }),
        })
    }
}
