//! Periods and the date notations providers use: ISO dates, `yyyymmdd`, ISO weeks
//! (`yyyyWW`) and "0 = not decided".

use std::fmt;

use jiff::civil::{Date, ISOWeekDate, Weekday};

/// The earliest day a caller may ask about: no agency holds data from before 1900, and a
/// date such as year 0000 is a client fault rather than a question.
pub const EARLIEST_REQUESTED_DATE: Date = jiff::civil::date(1900, 1, 1);

/// An inclusive date range with `from <= to`.
#[derive(
    Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "PeriodFields")]
pub struct Period {
    from: Date,
    to: Date,
}

/// A period as stored (a saved beräkningsunderlag), read back through [`Period::new`].
#[derive(serde::Deserialize)]
struct PeriodFields {
    from: Date,
    to: Date,
}

impl TryFrom<PeriodFields> for Period {
    type Error = PeriodError;

    fn try_from(fields: PeriodFields) -> Result<Self, PeriodError> {
        Period::new(fields.from, fields.to)
    }
}

/// Why a period or a provider date was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// `from` is after `to`.
    #[error("the period ends before it starts")]
    Inverted,
    /// The text is not a date in the expected notation. The message never repeats the text
    /// (it may have been sent by a caller); the variant keeps it for the code that reads
    /// provider data.
    #[error("is not a date in the expected format")]
    BadDate(String),
    /// The text is not an ISO week `yyyyWW`.
    #[error("is not an ISO week (yyyyWW)")]
    BadWeek(String),
    /// A caller asked about a day before [`EARLIEST_REQUESTED_DATE`].
    #[error("must not start before 1900-01-01")]
    BeforeEarliest,
}

impl Period {
    /// Builds a period, refusing `from > to`.
    pub fn new(from: Date, to: Date) -> Result<Self, PeriodError> {
        if from > to {
            Err(PeriodError::Inverted)
        } else {
            Ok(Self { from, to })
        }
    }

    /// Builds a period a caller asks about: as [`Period::new`], and refusing any day before
    /// [`EARLIEST_REQUESTED_DATE`]. Provider data goes through [`Period::new`], which
    /// accepts any date the provider sends.
    pub fn requested(from: Date, to: Date) -> Result<Self, PeriodError> {
        if from < EARLIEST_REQUESTED_DATE || to < EARLIEST_REQUESTED_DATE {
            return Err(PeriodError::BeforeEarliest);
        }
        Self::new(from, to)
    }

    /// First day, inclusive.
    pub fn from(&self) -> Date {
        self.from
    }

    /// Last day, inclusive.
    pub fn to(&self) -> Date {
        self.to
    }

    /// Number of days covered, counting both ends.
    pub fn days(&self) -> i32 {
        (self.to - self.from).get_days() + 1
    }

    /// Whether the two periods share at least one day.
    pub fn overlaps(&self, other: &Period) -> bool {
        self.from <= other.to && other.from <= self.to
    }

    /// Whether `other` lies entirely inside this period.
    pub fn contains(&self, other: &Period) -> bool {
        self.from <= other.from && other.to <= self.to
    }

    /// The period Monday–Sunday of an ISO week written `yyyyWW` (CSN's granted periods).
    pub fn from_iso_week(text: &str) -> Result<Self, PeriodError> {
        let (from, to) = iso_week_bounds(text)?;
        Self::new(from, to)
    }

    /// The period from the Monday of week `start` to the Sunday of week `end`.
    pub fn from_iso_weeks(start: &str, end: &str) -> Result<Self, PeriodError> {
        Self::new(iso_week_bounds(start)?.0, iso_week_bounds(end)?.1)
    }
}

fn iso_week_bounds(text: &str) -> Result<(Date, Date), PeriodError> {
    let bad = || PeriodError::BadWeek(text.to_owned());
    let t = text.trim();
    if t.len() != 6 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let year: i16 = t[..4].parse().map_err(|_| bad())?;
    let week: i8 = t[4..].parse().map_err(|_| bad())?;
    let monday = ISOWeekDate::new(year, week, Weekday::Monday).map_err(|_| bad())?;
    let sunday = ISOWeekDate::new(year, week, Weekday::Sunday).map_err(|_| bad())?;
    Ok((monday.date(), sunday.date()))
}

/// Parses an ISO date, tolerating a trailing offset as in `1997-09-12+02:00` or `2016-11-18Z`.
pub fn parse_iso_date(text: &str) -> Result<Date, PeriodError> {
    let t = text.trim();
    let date_part = t
        .get(..10)
        .ok_or_else(|| PeriodError::BadDate(t.to_owned()))?;
    let rest = &t[10..];
    let offset_ok = rest.is_empty()
        || rest == "Z"
        || matches!(
            rest.as_bytes(),
            [b'+' | b'-', h1, h2, b':', m1, m2]
                if [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit())
        );
    if !offset_ok {
        return Err(PeriodError::BadDate(t.to_owned()));
    }
    date_part
        .parse::<Date>()
        .map_err(|_| PeriodError::BadDate(t.to_owned()))
}

/// Parses `yyyymmdd`, where `0` means "not decided" and gives `None`.
pub fn parse_compact_date(text: &str) -> Result<Option<Date>, PeriodError> {
    let t = text.trim();
    if t == "0" || t.is_empty() {
        return Ok(None);
    }
    let bad = || PeriodError::BadDate(t.to_owned());
    if t.len() != 8 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let y: i16 = t[..4].parse().map_err(|_| bad())?;
    let m: i8 = t[4..6].parse().map_err(|_| bad())?;
    let d: i8 = t[6..].parse().map_err(|_| bad())?;
    Date::new(y, m, d).map(Some).map_err(|_| bad())
}

impl fmt::Debug for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..={}", self.from, self.to)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} – {}", self.from, self.to)
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn inverted_period_is_refused() {
        assert_eq!(
            Period::new(date(2026, 2, 1), date(2026, 1, 1)),
            Err(PeriodError::Inverted)
        );
        assert_eq!(
            Period::new(date(2026, 1, 1), date(2026, 1, 1))
                .unwrap()
                .days(),
            1
        );
    }

    #[test]
    fn period_in_year_0000_is_refused() {
        let year_zero = parse_iso_date("0000-01-01").unwrap();
        assert_eq!(
            Period::requested(year_zero, date(2026, 1, 1)),
            Err(PeriodError::BeforeEarliest)
        );
        assert_eq!(
            Period::requested(date(1899, 12, 31), date(1899, 12, 31)),
            Err(PeriodError::BeforeEarliest)
        );
        assert!(Period::requested(EARLIEST_REQUESTED_DATE, date(1900, 1, 31)).is_ok());
        assert_eq!(
            Period::requested(date(2026, 2, 1), date(2026, 1, 1)),
            Err(PeriodError::Inverted)
        );
        // Provider data keeps every date it carries.
        assert!(Period::new(year_zero, date(2026, 1, 1)).is_ok());
    }

    #[test]
    fn date_errors_never_repeat_the_text() {
        let e = parse_iso_date("19900101-2385").unwrap_err();
        assert!(!e.to_string().contains("2385"), "{e}");
        let e = Period::from_iso_week("9001012385").unwrap_err();
        assert!(!e.to_string().contains("2385"), "{e}");
    }

    #[test]
    fn iso_weeks() {
        let w = Period::from_iso_week("202601").unwrap();
        assert_eq!((w.from(), w.to()), (date(2025, 12, 29), date(2026, 1, 4)));
        let span = Period::from_iso_weeks("202535", "202602").unwrap();
        assert_eq!(
            (span.from(), span.to()),
            (date(2025, 8, 25), date(2026, 1, 11))
        );
        assert!(Period::from_iso_week("202554").is_err());
        assert!(Period::from_iso_week("2026W1").is_err());
    }

    #[test]
    fn provider_date_notations() {
        assert_eq!(
            parse_iso_date("1997-09-12+02:00").unwrap(),
            date(1997, 9, 12)
        );
        assert_eq!(parse_iso_date("2016-11-18").unwrap(), date(2016, 11, 18));
        assert!(parse_iso_date("2016-11-31").is_err());
        assert!(parse_iso_date("2016-11-18junk").is_err());
        assert!(parse_iso_date("2016-11-18+ab:cd").is_err());
        assert_eq!(
            parse_iso_date("2016-11-18-05:00").unwrap(),
            date(2016, 11, 18)
        );
        assert_eq!(
            parse_compact_date("20260125").unwrap(),
            Some(date(2026, 1, 25))
        );
        assert_eq!(parse_compact_date("0").unwrap(), None);
        assert!(parse_compact_date("20261301").is_err());
    }

    #[test]
    fn overlap_and_containment() {
        let a = Period::new(date(2026, 1, 1), date(2026, 3, 31)).unwrap();
        let b = Period::new(date(2026, 3, 31), date(2026, 4, 30)).unwrap();
        assert!(a.overlaps(&b) && !a.contains(&b));
    }
}
