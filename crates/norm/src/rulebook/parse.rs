//! Reading `spec/norm/riksnorm.toml` and `rules.toml` into a [`RuleBook`]: the wire structs,
//! the field parsers and the rule data's checksum.

use super::*;

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

pub(super) fn parse_date(text: &str, file: &str, field: &str) -> Result<Date, NormError> {
    Date::from_str(text).map_err(|_| bad_data(file, format!("{field} is not a date yyyy-mm-dd")))
}

pub(super) fn parse_decimal(text: &str, file: &str, field: &str) -> Result<Decimal, NormError> {
    Decimal::from_str(text).map_err(|_| bad_data(file, format!("{field} is not a number")))
}

pub(super) fn parse_cells(
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
pub(super) fn checksum(parts: &[&str]) -> String {
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
}
