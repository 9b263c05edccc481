//! Calendar months (the overview's columns) and their role relative to the application month.

use std::fmt;

use jiff::civil::Date;
use underlag_domain::Period;

/// A calendar month, e.g. November 2026. Serialised as `"2026-11"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    year: i16,
    month: i8,
}

/// Why a month was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthError;

impl fmt::Display for MonthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("is not a month in the form yyyy-mm (years 1900–9998)")
    }
}

impl std::error::Error for MonthError {}

const MONTH_NAMES_SV: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

impl Month {
    /// A month from its year and number (1–12); years 1900–9998, so that every month shown
    /// and its neighbours are valid dates.
    pub fn new(year: i16, month: i8) -> Result<Self, MonthError> {
        if (1900..=9998).contains(&year) && (1..=12).contains(&month) {
            Ok(Self { year, month })
        } else {
            Err(MonthError)
        }
    }

    /// Parses `yyyy-mm` (the value of an HTML `<input type="month">`). The error never repeats
    /// the text.
    pub fn parse(text: &str) -> Result<Self, MonthError> {
        let t = text.trim();
        let (y, m) = t.split_once('-').ok_or(MonthError)?;
        if y.len() != 4 || m.len() != 2 || !(y.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit())
        {
            return Err(MonthError);
        }
        let year: i16 = y.parse().map_err(|_| MonthError)?;
        let month: i8 = m.parse().map_err(|_| MonthError)?;
        Self::new(year, month)
    }

    /// The month a day lies in.
    pub fn of(day: Date) -> Self {
        Self {
            year: day.year(),
            month: day.month(),
        }
    }

    /// The year.
    pub fn year(self) -> i16 {
        self.year
    }

    /// The month's number, 1–12.
    pub fn number(self) -> i8 {
        self.month
    }

    /// The first day.
    pub fn first_day(self) -> Date {
        jiff::civil::date(self.year, self.month, 1)
    }

    /// The last day.
    pub fn last_day(self) -> Date {
        self.first_day().last_of_month()
    }

    /// The whole month as a period.
    pub fn period(self) -> Period {
        Period::new(self.first_day(), self.last_day()).expect("a month starts before it ends")
    }

    /// The month `n` months later (`n` may be negative), across year boundaries. Saturates at
    /// the range [`Month::new`] accepts.
    pub fn plus(self, n: i32) -> Self {
        let index = i32::from(self.year) * 12 + i32::from(self.month) - 1 + n;
        let index = index.clamp(1900 * 12, 9998 * 12 + 11);
        Self {
            year: (index / 12) as i16,
            month: (index % 12 + 1) as i8,
        }
    }

    /// The month before.
    pub fn previous(self) -> Self {
        self.plus(-1)
    }

    /// How many months `self` lies after `earlier` (negative when before).
    pub fn months_after(self, earlier: Month) -> i32 {
        (i32::from(self.year) - i32::from(earlier.year)) * 12 + i32::from(self.month)
            - i32::from(earlier.month)
    }

    /// The Swedish name with the year, e.g. `november 2026`.
    pub fn label_sv(self) -> String {
        format!(
            "{} {}",
            MONTH_NAMES_SV[(self.month - 1) as usize],
            self.year
        )
    }
}

impl fmt::Display for Month {
    /// `yyyy-mm`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl serde::Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Read back through [`Month::parse`] (`yyyy-mm`).
impl<'de> serde::Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(d)?;
        Month::parse(&text).map_err(|_| serde::de::Error::custom("not a month (yyyy-mm)"))
    }
}

/// What a month is to the assessment, relative to the application month M.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MonthRole {
    /// M: the month applied for (ansökningsmånad); its payments are mostly planned.
    Application,
    /// M−1: the control month (kontrollmånad), whose incomes are checked.
    Control,
    /// M−2: the comparison month (jämförelsemånad), that M−1 is compared with.
    Comparison,
    /// Any other month shown (M−3 and earlier).
    Earlier,
}

impl MonthRole {
    /// The role of `month` when the application month is `application`.
    pub fn of(month: Month, application: Month) -> Self {
        match application.months_after(month) {
            0 => Self::Application,
            1 => Self::Control,
            2 => Self::Comparison,
            _ => Self::Earlier,
        }
    }

    /// The Swedish name of the role, e.g. `Kontrollmånad (M−1)`; `None` for an earlier month.
    pub fn label_sv(self) -> Option<&'static str> {
        match self {
            Self::Application => Some("Ansökningsmånad (M)"),
            Self::Control => Some("Kontrollmånad (M−1)"),
            Self::Comparison => Some("Jämförelsemånad (M−2)"),
            Self::Earlier => None,
        }
    }

    /// Whether the month is one the assessment highlights (M, M−1, M−2).
    pub fn is_highlighted(self) -> bool {
        self != Self::Earlier
    }
}

#[cfg(test)]
mod tests;
