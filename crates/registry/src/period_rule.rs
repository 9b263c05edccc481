//! The one rule for how long a query's period may be: at most a configured number of
//! calendar months (`binding.max_period_months`, 24 by default: LEFI's own limit).
//!
//! The binding refuses a longer period, and one starting after today, with a stable reason
//! (`period_too_long`, `period_in_future`) and an audit record ([`PeriodRule::check`]). The
//! doors (REST, SOAP) refuse, as a malformed request and before the core, a period longer
//! than any period within the limit can be, and never less than two years
//! ([`PeriodRule::max_days`]: 731 days for 24 months). That bound is derived from the same
//! limit, so it never refuses a period the binding would allow, and there is one setting, not
//! two. Its floor of two years (LEFI's own limit, no provider answers more) keeps a limit a
//! municipality tightened an audited refusal of the binding rather than a door's 400.

use jiff::Span;
use jiff::civil::{Date, date};
use underlag_domain::Period;

use crate::policy::{Reason, Refusal};

/// The longest period a query may ask about, in calendar months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PeriodRule {
    max_months: u32,
}

impl Default for PeriodRule {
    /// Two years, as LEFI's own limit.
    fn default() -> Self {
        Self::new(Self::DEFAULT_MAX_MONTHS)
    }
}

impl PeriodRule {
    /// The default limit: 24 months (LEFI v9 answers 400 to a longer period).
    pub const DEFAULT_MAX_MONTHS: u32 = 24;

    /// A rule allowing periods of at most `max_months` calendar months: `to` must fall
    /// before `from` plus that many months (12 allows 2025-11-01..2026-10-31 but not
    /// ..2026-11-01).
    pub const fn new(max_months: u32) -> Self {
        Self { max_months }
    }

    /// The limit, in calendar months.
    pub const fn max_months(self) -> u32 {
        self.max_months
    }

    /// Whether `period` is longer than the limit. Beyond the calendar's range only an absurd
    /// limit gets here, and then nothing is longer.
    pub fn is_too_long(self, period: Period) -> bool {
        self.first_day_beyond(period.from())
            .is_some_and(|beyond| period.to() >= beyond)
    }

    /// The doors' bound on a well-formed period, in days: the most days a period within the
    /// limit, or within two years when the limit is tighter, can span (731 for 24 months and
    /// less: two years with a 29 February). A tightened limit is thus left to the binding,
    /// whose refusal is audited.
    pub fn max_days(self) -> i32 {
        Self::new(self.max_months.max(Self::DEFAULT_MAX_MONTHS)).longest_allowed_days()
    }

    /// The most days a period within the limit can span, whatever day it starts on.
    /// `i32::MAX` when the limit reaches beyond the calendar.
    pub fn longest_allowed_days(self) -> i32 {
        // A span of whole months is longest from the first of a month (a later start day is
        // clamped at a short month's end, never lengthened). The Gregorian month lengths
        // repeat every four years from 2000 (a leap year) until 2100, and a century that is
        // not a leap year only shortens a span, so the 48 months from 2000-01-01 meet the
        // longest one for every limit up to 100 years.
        let mut longest = 0;
        for month in 0..48 {
            let Some(from) = date(2000, 1, 1).checked_add(Span::new().months(month)).ok() else {
                return i32::MAX;
            };
            let Some(beyond) = self.first_day_beyond(from) else {
                return i32::MAX;
            };
            let days = (beyond - from).get_days();
            longest = longest.max(days);
        }
        longest
    }

    /// The binding's check of one period (`field` names it in a refusal): not starting after
    /// `today` (`period_in_future`) and not longer than the limit (`period_too_long`).
    pub fn check(self, field: &str, period: Period, today: Date) -> Result<(), Refusal> {
        if period.from() > today {
            return Err(Refusal::new(
                Reason::PeriodInFuture,
                field,
                "must not start after today",
            ));
        }
        if self.is_too_long(period) {
            return Err(Refusal::new(
                Reason::PeriodTooLong,
                field,
                format!("must not be longer than {} months", self.max_months),
            ));
        }
        Ok(())
    }

    /// The first day a period starting on `from` may not reach (`None` beyond the calendar).
    fn first_day_beyond(self, from: Date) -> Option<Date> {
        Span::new()
            .try_months(i64::from(self.max_months))
            .and_then(|span| from.checked_add(span))
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(from: Date, to: Date) -> Period {
        Period::new(from, to).unwrap()
    }

    /// The doors refused periods over 731 days and the binding periods of 24 months or more,
    /// two limits set apart; the doors' bound is now derived from the binding's and is the
    /// same number for the default.
    #[test]
    fn the_default_rule_gives_the_doors_731_days() {
        assert_eq!(PeriodRule::default().max_months(), 24);
        assert_eq!(PeriodRule::default().max_days(), 731);
        assert_eq!(PeriodRule::new(12).longest_allowed_days(), 366);
        assert_eq!(PeriodRule::new(1).longest_allowed_days(), 31);
        assert_eq!(PeriodRule::new(120).longest_allowed_days(), 3653);
        // A raised limit raises the doors' bound with it (no second setting to keep in step).
        assert_eq!(PeriodRule::new(36).max_days(), 1096);
    }

    /// A municipality that tightens the limit gets the binding's audited `period_too_long`
    /// for a period between its limit and two years, not a door's unaudited 400.
    #[test]
    fn a_tightened_limit_is_the_bindings_refusal_not_the_doors() {
        let tightened = PeriodRule::new(12);
        assert_eq!(tightened.max_days(), 731);
        let thirteen_months = period(date(2025, 1, 1), date(2026, 1, 31));
        assert!(thirteen_months.days() <= tightened.max_days());
        assert!(tightened.is_too_long(thirteen_months));
    }

    #[test]
    fn the_longest_allowed_period_has_exactly_max_days() {
        // 2024 is a leap year: 2024-01-01..2025-12-31 is 24 months and 731 days.
        let longest = period(date(2024, 1, 1), date(2025, 12, 31));
        let rule = PeriodRule::default();
        assert!(!rule.is_too_long(longest));
        assert_eq!(longest.days(), rule.max_days());
        assert!(rule.is_too_long(period(date(2024, 1, 1), date(2026, 1, 1))));
    }

    /// Whatever the start day and the limit (as the settings allow, 1 to 120 months), a
    /// period the binding allows is never longer than the doors' bound, and the bound is met.
    #[test]
    fn no_allowed_period_is_longer_than_max_days() {
        for months in 1..=120 {
            let rule = PeriodRule::new(months);
            let bound = rule.longest_allowed_days();
            assert!(bound <= rule.max_days());
            let mut met = false;
            let mut from = date(1999, 11, 1);
            while from < date(2105, 1, 1) {
                let beyond = rule.first_day_beyond(from).unwrap();
                let longest = period(from, beyond.yesterday().unwrap());
                assert!(!rule.is_too_long(longest));
                assert!(longest.days() <= bound, "{months} months from {from}");
                met |= longest.days() == bound;
                from = from.checked_add(Span::new().days(13)).unwrap();
            }
            assert!(met, "{months} months: the bound is never reached");
        }
    }

    #[test]
    fn an_absurd_limit_means_no_limit_rather_than_a_panic() {
        let rule = PeriodRule::new(u32::MAX);
        assert_eq!(rule.max_days(), i32::MAX);
        assert_eq!(rule.longest_allowed_days(), i32::MAX);
        assert!(!rule.is_too_long(period(date(1900, 1, 1), date(2100, 1, 1))));
    }

    #[test]
    fn check_refuses_future_and_overlong_periods_by_field() {
        let today = date(2026, 11, 22);
        let rule = PeriodRule::default();
        assert_eq!(
            rule.check(
                "period",
                period(date(2026, 11, 23), date(2026, 12, 1)),
                today
            )
            .unwrap_err()
            .reason,
            Reason::PeriodInFuture
        );
        let refusal = rule
            .check(
                "source_periods.CSN",
                period(date(2020, 1, 1), date(2026, 1, 1)),
                today,
            )
            .unwrap_err();
        assert_eq!(refusal.reason, Reason::PeriodTooLong);
        assert_eq!(refusal.field, "source_periods.CSN");
        assert_eq!(refusal.message, "must not be longer than 24 months");
        assert!(
            rule.check(
                "period",
                period(date(2026, 1, 1), date(2026, 10, 31)),
                today
            )
            .is_ok()
        );
    }
}
