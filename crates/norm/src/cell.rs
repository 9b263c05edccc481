//! The cells of a riksnorm table: the personal costs per age band and the common household
//! costs per household size.

use std::fmt;

/// One amount of a riksnorm table.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum CellKey {
    /// Child under 1 year, eating lunch at home.
    ChildUnder1,
    /// Child 1–2 years, eating lunch at home.
    Child1To2,
    /// Child 3 years, eating lunch at home.
    Child3,
    /// Child 4–6 years, eating lunch at home.
    Child4To6,
    /// Child under 1 year, lunch at preschool (not at home 5 days a week).
    ChildUnder1WithoutLunch,
    /// Child 1–2 years, lunch at preschool.
    Child1To2WithoutLunch,
    /// Child 3 years, lunch at preschool.
    Child3WithoutLunch,
    /// Child 4–6 years, lunch at preschool.
    Child4To6WithoutLunch,
    /// Child 7–10 years.
    Child7To10,
    /// Child 11–14 years.
    Child11To14,
    /// Child 15–18 years.
    Child15To18,
    /// Young person 19–20 years still at school and living at home (skolungdom).
    Youth19To20,
    /// One adult living alone or without a partner (ensamstående).
    SingleAdult,
    /// Two adults living as partners (sambor), both together.
    Couple,
    /// Common household costs for a household of this many people (1–7).
    Common(u8),
}

impl CellKey {
    /// Every cell a full table has, in the order the tables print them.
    pub const ALL: [CellKey; 21] = [
        CellKey::ChildUnder1,
        CellKey::Child1To2,
        CellKey::Child3,
        CellKey::Child4To6,
        CellKey::ChildUnder1WithoutLunch,
        CellKey::Child1To2WithoutLunch,
        CellKey::Child3WithoutLunch,
        CellKey::Child4To6WithoutLunch,
        CellKey::Child7To10,
        CellKey::Child11To14,
        CellKey::Child15To18,
        CellKey::Youth19To20,
        CellKey::SingleAdult,
        CellKey::Couple,
        CellKey::Common(1),
        CellKey::Common(2),
        CellKey::Common(3),
        CellKey::Common(4),
        CellKey::Common(5),
        CellKey::Common(6),
        CellKey::Common(7),
    ];

    /// The key as written in `spec/norm/riksnorm.toml` (`child_1_2`, `common_3`).
    pub fn data_key(self) -> String {
        match self {
            Self::ChildUnder1 => "child_under_1".into(),
            Self::Child1To2 => "child_1_2".into(),
            Self::Child3 => "child_3".into(),
            Self::Child4To6 => "child_4_6".into(),
            Self::ChildUnder1WithoutLunch => "child_under_1_without_lunch".into(),
            Self::Child1To2WithoutLunch => "child_1_2_without_lunch".into(),
            Self::Child3WithoutLunch => "child_3_without_lunch".into(),
            Self::Child4To6WithoutLunch => "child_4_6_without_lunch".into(),
            Self::Child7To10 => "child_7_10".into(),
            Self::Child11To14 => "child_11_14".into(),
            Self::Child15To18 => "child_15_18".into(),
            Self::Youth19To20 => "youth_19_20".into(),
            Self::SingleAdult => "single_adult".into(),
            Self::Couple => "couple".into(),
            Self::Common(n) => format!("common_{n}"),
        }
    }

    /// Parses a data key; `None` for an unknown one.
    pub fn from_data_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.data_key() == key)
    }

    /// Swedish name, e.g. `Barn 1–2 år` or `Gemensamma hushållskostnader, 3 personer`.
    pub fn label_sv(self) -> String {
        match self {
            Self::ChildUnder1 => "Barn under 1 år".into(),
            Self::Child1To2 => "Barn 1–2 år".into(),
            Self::Child3 => "Barn 3 år".into(),
            Self::Child4To6 => "Barn 4–6 år".into(),
            Self::ChildUnder1WithoutLunch => "Barn under 1 år, utan lunch hemma".into(),
            Self::Child1To2WithoutLunch => "Barn 1–2 år, utan lunch hemma".into(),
            Self::Child3WithoutLunch => "Barn 3 år, utan lunch hemma".into(),
            Self::Child4To6WithoutLunch => "Barn 4–6 år, utan lunch hemma".into(),
            Self::Child7To10 => "Barn 7–10 år".into(),
            Self::Child11To14 => "Barn 11–14 år".into(),
            Self::Child15To18 => "Barn 15–18 år".into(),
            Self::Youth19To20 => "Skolungdom 19–20 år".into(),
            Self::SingleAdult => "Ensamstående vuxen".into(),
            Self::Couple => "Sambor, två vuxna".into(),
            Self::Common(1) => "Gemensamma hushållskostnader, 1 person".into(),
            Self::Common(n) => format!("Gemensamma hushållskostnader, {n} personer"),
        }
    }

    /// The cell for a child's personal costs by age; `lunch_at_home` picks the variant for
    /// ages 0–6. `None` for ages outside 0–20; 19–20 is the skolungdom cell (whether a 19- or
    /// 20-year-old counts as one is the household rule's decision).
    pub fn for_child(age: u8, lunch_at_home: bool) -> Option<Self> {
        Some(match (age, lunch_at_home) {
            (0, true) => Self::ChildUnder1,
            (0, false) => Self::ChildUnder1WithoutLunch,
            (1..=2, true) => Self::Child1To2,
            (1..=2, false) => Self::Child1To2WithoutLunch,
            (3, true) => Self::Child3,
            (3, false) => Self::Child3WithoutLunch,
            (4..=6, true) => Self::Child4To6,
            (4..=6, false) => Self::Child4To6WithoutLunch,
            (7..=10, _) => Self::Child7To10,
            (11..=14, _) => Self::Child11To14,
            (15..=18, _) => Self::Child15To18,
            (19..=20, _) => Self::Youth19To20,
            _ => return None,
        })
    }
}

impl fmt::Display for CellKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.data_key())
    }
}
