//! Loading an official riksnorm table for a year (`underlag norm import FILE`) over the
//! estimated one.

use super::parse::{checksum, parse_cells};
use super::*;

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

impl RuleBook {
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
