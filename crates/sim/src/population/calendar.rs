//! Date arithmetic for building histories relative to the reference date: months, payment
//! days, weekdays and ISO weeks. Pure functions; no clock.

use jiff::civil::{Date, ISOWeekDate, Weekday};
use underlag_domain::Period;

/// The date `day` (clamped to the month's length) of the month `months` away from `anchor`'s
/// month (negative = earlier).
pub(crate) fn month_day(anchor: Date, months: i32, day: i8) -> Date {
    let index = i32::from(anchor.year()) * 12 + i32::from(anchor.month()) - 1 + months;
    let year = index.div_euclid(12) as i16;
    let month = (index.rem_euclid(12) + 1) as i8;
    let first = Date::new(year, month, 1).unwrap_or(anchor);
    let day = day.clamp(1, first.days_in_month());
    Date::new(year, month, day).unwrap_or(first)
}

/// The whole calendar month `months` away from `anchor`'s month.
pub(crate) fn month_period(anchor: Date, months: i32) -> Period {
    let first = month_day(anchor, months, 1);
    let last = month_day(anchor, months, 31);
    Period::new(first, last).unwrap_or_else(|_| single_day(first))
}

/// A one-day period.
pub(crate) fn single_day(d: Date) -> Period {
    // Invariant: a period with `from == to` is never inverted, so this cannot fail.
    Period::new(d, d).expect("a one-day period is never inverted")
}

/// `d` plus (or minus) a number of days, saturating at the calendar's ends.
pub(crate) fn add_days(d: Date, days: i64) -> Date {
    d.saturating_add(jiff::Span::new().days(days))
}

/// The period from `from` to `to`, or a single day when they are inverted.
pub(crate) fn period(from: Date, to: Date) -> Period {
    Period::new(from, to).unwrap_or_else(|_| single_day(from))
}

/// Number of weekdays (Monday–Friday) in `period`, minus those inside any of `excluded`.
pub(crate) fn weekdays(period: &Period, excluded: &[Period]) -> u32 {
    let mut count = 0;
    let mut d = period.from();
    while d <= period.to() {
        let weekend = matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday);
        let skip = excluded.iter().any(|p| p.from() <= d && d <= p.to());
        if !weekend && !skip {
            count += 1;
        }
        d = add_days(d, 1);
    }
    count
}

/// The ISO week of `d` as `yyyyWW` (CSN's notation).
pub(crate) fn iso_week(d: Date) -> String {
    let w = d.iso_week_date();
    format!("{:04}{:02}", w.year(), w.week())
}

/// The Monday of ISO week `week` (1–52) in ISO year `year`.
pub(crate) fn week_monday(year: i16, week: i8) -> Date {
    // Invariant: weeks 1–52 exist in every ISO year; callers pass constants in that range.
    ISOWeekDate::new(year, week.clamp(1, 52), Weekday::Monday)
        .map(|w| w.date())
        .expect("ISO weeks 1-52 exist in every year")
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn months_and_weeks() {
        assert_eq!(month_day(date(2026, 11, 1), -11, 31), date(2025, 12, 31));
        assert_eq!(month_day(date(2026, 3, 15), -1, 31), date(2026, 2, 28));
        assert_eq!(month_day(date(2026, 11, 1), 2, 25), date(2027, 1, 25));
        assert_eq!(iso_week(date(2026, 1, 1)), "202601");
        assert_eq!(week_monday(2025, 35), date(2025, 8, 25));
        let oct = month_period(date(2026, 11, 1), -1);
        assert_eq!(weekdays(&oct, &[]), 22);
        let first_week = period(date(2026, 10, 1), date(2026, 10, 7));
        assert_eq!(weekdays(&oct, &[first_week]), 17);
    }
}
