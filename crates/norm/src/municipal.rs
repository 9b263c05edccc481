//! A municipality's settings for försörjningsstöd, dated: housing-cost caps, other cost
//! norms, the income allow-list, conversion and rounding choices, thresholds.

use std::str::FromStr;

use jiff::civil::Date;
use rust_decimal::Decimal;
use underlag_domain::Amount;

use crate::error::{NormError, bad_data};

const EMBEDDED_EXEMPELKOMMUN: &str = include_str!("../../../spec/norm/kommuner/exempelkommun.toml");

/// How the result is rounded for payout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayoutRounding {
    /// Kept in öre.
    None,
    /// To the nearest whole krona (half away from zero).
    NearestKrona,
    /// Down to whole kronor (towards zero).
    DownToKrona,
}

impl PayoutRounding {
    /// Swedish text.
    pub fn label_sv(self) -> &'static str {
        match self {
            Self::None => "ingen avrundning (öre behålls)",
            Self::NearestKrona => "avrundning till närmaste hela krona",
            Self::DownToKrona => "avrundning nedåt till hela kronor",
        }
    }
}

/// How an amount per week becomes an amount per month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeekConversion {
    /// × 52 ÷ 12.
    Weeks52,
    /// ÷ 7 × 365 ÷ 12.
    Days365,
}

/// When a child's work income above the yearly limit counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChildrenIncomeSpread {
    /// The part of this month's income that passes the limit, given what the child earned
    /// earlier in the calendar year.
    MonthReceived,
}

/// A housing-cost cap for a household shape.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HousingCap {
    /// Number of adults (1 or 2).
    pub adults: u8,
    /// Number of children.
    pub children: u8,
    /// The cap, kr per month.
    pub amount: Amount,
}

/// A standard cost amount (e.g. household electricity).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OtherNorm {
    /// The cost kind it is for (`household_electricity`).
    pub kind: String,
    /// Swedish label.
    pub label: String,
    /// Fixed part per household.
    pub base: Amount,
    /// Part per person.
    pub per_person: Amount,
}

/// An income the municipality does not count.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NotCounted {
    /// The income code.
    pub code: String,
    /// The rule id it follows.
    pub rule: String,
    /// Swedish reason.
    pub reason: String,
}

/// Whether an income code is counted, per the allow-list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IncomeListing<'a> {
    /// On the list of counted incomes.
    Counted,
    /// On the list of incomes not counted.
    NotCounted(&'a NotCounted),
    /// On neither list: counted, and flagged for the case worker.
    Unlisted,
}

/// One dated version of the settings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SettingsVersion {
    /// First day in force (until the next version).
    pub valid_from: Date,
    /// Who decided it.
    pub decided_by: String,
    /// Payout rounding.
    pub payout_rounding: PayoutRounding,
    /// Week conversion.
    pub week_conversion: WeekConversion,
    /// Children's income spread.
    pub children_income: ChildrenIncomeSpread,
    /// The change threshold between M−2 and M−1, percent.
    pub change_threshold_percent: Decimal,
    /// Housing caps.
    pub housing_caps: Vec<HousingCap>,
    /// Other cost norms.
    pub other_norms: Vec<OtherNorm>,
    /// Codes counted (a trailing `*` matches a prefix).
    pub counted: Vec<String>,
    /// Codes not counted.
    pub not_counted: Vec<NotCounted>,
}

fn normalise_code(code: &str) -> String {
    let lower = code.trim().to_lowercase();
    lower.strip_prefix("fk:").unwrap_or(&lower).to_owned()
}

fn code_matches(pattern: &str, code: &str) -> bool {
    let p = normalise_code(pattern);
    let c = normalise_code(code);
    match p.strip_suffix('*') {
        Some(prefix) => c.starts_with(prefix),
        None => p == c,
    }
}

impl SettingsVersion {
    /// How the allow-list treats an income code (FK's `FK:` prefix and letter case ignored,
    /// as in the overview). The not-counted list wins over the counted one.
    pub fn listing(&self, code: &str) -> IncomeListing<'_> {
        if let Some(n) = self
            .not_counted
            .iter()
            .find(|n| code_matches(&n.code, code))
        {
            return IncomeListing::NotCounted(n);
        }
        if self.counted.iter().any(|p| code_matches(p, code)) {
            IncomeListing::Counted
        } else {
            IncomeListing::Unlisted
        }
    }

    /// The housing cap for a household of `adults` adults and `children` children, when one
    /// is set.
    pub fn housing_cap(&self, adults: u8, children: u8) -> Option<&HousingCap> {
        self.housing_caps
            .iter()
            .find(|c| c.adults == adults && c.children == children)
    }
}

/// A municipality's settings, all versions.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MunicipalSettings {
    /// The municipality's key (`exempelkommun`).
    pub municipality: String,
    /// Its name.
    pub name: String,
    /// Versions, oldest first.
    pub versions: Vec<SettingsVersion>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsFile {
    municipality: String,
    name: String,
    version: Vec<VersionWire>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct VersionWire {
    valid_from: String,
    decided_by: String,
    payout_rounding: String,
    week_conversion: String,
    children_income: String,
    change_threshold_percent: String,
    #[serde(default)]
    housing_cap: Vec<CapWire>,
    #[serde(default)]
    other_norm: Vec<OtherNormWire>,
    incomes: IncomesWire,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CapWire {
    adults: u8,
    children: u8,
    amount: i64,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct OtherNormWire {
    kind: String,
    label: String,
    base: i64,
    per_person: i64,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct IncomesWire {
    counted: Vec<String>,
    not_counted: Vec<NotCountedWire>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NotCountedWire {
    code: String,
    rule: String,
    reason: String,
}

impl MunicipalSettings {
    /// The fixture municipality's settings, compiled in from `spec/norm/kommuner/`.
    pub fn exempelkommun() -> Result<Self, NormError> {
        Self::parse(
            EMBEDDED_EXEMPELKOMMUN,
            "spec/norm/kommuner/exempelkommun.toml",
        )
    }

    /// Parses a settings file; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Self, NormError> {
        let wire: SettingsFile =
            toml::from_str(text).map_err(|e| bad_data(file, e.message().to_owned()))?;
        let mut versions = Vec::new();
        for v in wire.version {
            let valid_from = Date::from_str(&v.valid_from)
                .map_err(|_| bad_data(file, "valid_from is not a date yyyy-mm-dd"))?;
            versions.push(SettingsVersion {
                valid_from,
                decided_by: v.decided_by,
                payout_rounding: match v.payout_rounding.as_str() {
                    "none" => PayoutRounding::None,
                    "nearest_krona" => PayoutRounding::NearestKrona,
                    "down_to_krona" => PayoutRounding::DownToKrona,
                    _ => return Err(bad_data(file, "unknown payout_rounding")),
                },
                week_conversion: match v.week_conversion.as_str() {
                    "weeks_52" => WeekConversion::Weeks52,
                    "days_365" => WeekConversion::Days365,
                    _ => return Err(bad_data(file, "unknown week_conversion")),
                },
                children_income: match v.children_income.as_str() {
                    "month_received" => ChildrenIncomeSpread::MonthReceived,
                    _ => return Err(bad_data(file, "unknown children_income")),
                },
                change_threshold_percent: Decimal::from_str(&v.change_threshold_percent)
                    .map_err(|_| bad_data(file, "change_threshold_percent is not a number"))?,
                housing_caps: v
                    .housing_cap
                    .into_iter()
                    .map(|c| HousingCap {
                        adults: c.adults,
                        children: c.children,
                        amount: Amount::from_kronor(c.amount),
                    })
                    .collect(),
                other_norms: v
                    .other_norm
                    .into_iter()
                    .map(|o| OtherNorm {
                        kind: o.kind,
                        label: o.label,
                        base: Amount::from_kronor(o.base),
                        per_person: Amount::from_kronor(o.per_person),
                    })
                    .collect(),
                counted: v.incomes.counted,
                not_counted: v
                    .incomes
                    .not_counted
                    .into_iter()
                    .map(|n| NotCounted {
                        code: n.code,
                        rule: n.rule,
                        reason: n.reason,
                    })
                    .collect(),
            });
        }
        versions.sort_by_key(|v| v.valid_from);
        if versions
            .windows(2)
            .any(|w| w[0].valid_from == w[1].valid_from)
        {
            return Err(bad_data(file, "two versions start on the same day"));
        }
        if versions.is_empty() {
            return Err(bad_data(file, "no [[version]]"));
        }
        Ok(Self {
            municipality: wire.municipality,
            name: wire.name,
            versions,
        })
    }

    /// The version in force on `day`.
    pub fn in_force(&self, day: Date) -> Result<&SettingsVersion, NormError> {
        self.versions
            .iter()
            .rev()
            .find(|v| v.valid_from <= day)
            .ok_or_else(|| NormError::MunicipalityNotInForce {
                month: format!("{:04}-{:02}", day.year(), day.month()),
            })
    }
}
