//! The one source of "today" for every door: the date in Sweden (Europe/Stockholm), whatever
//! the machine's time zone. Personnummer century inference, "born in the future" and period
//! checks use it, so a gateway on a UTC machine does not live in yesterday between midnight
//! and 01:00 or 02:00 Swedish time.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// Europe/Stockholm from the time zone database, or the built-in Swedish rules when the
/// machine has none (they agree for every instant since 1996).
pub fn stockholm() -> TimeZone {
    TimeZone::get("Europe/Stockholm")
        .unwrap_or_else(|_| underlag_audit::indicators::stockholm_rules())
}

/// The date in Sweden at `now`.
pub fn swedish_date(now: Timestamp) -> Date {
    now.to_zoned(stockholm()).date()
}

/// Today's date in Sweden.
pub fn today_in_sweden() -> Date {
    swedish_date(Timestamp::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_the_swedish_date_not_the_machines() {
        // 23:30 UTC on 31 December is already New Year's Day in Sweden (CET, +01:00).
        let late: Timestamp = "2026-12-31T23:30:00Z".parse().unwrap();
        assert_eq!(swedish_date(late), jiff::civil::date(2027, 1, 1));
        // 22:30 UTC on 30 June is past midnight in summer time (CEST, +02:00).
        let summer: Timestamp = "2026-06-30T22:30:00Z".parse().unwrap();
        assert_eq!(swedish_date(summer), jiff::civil::date(2026, 7, 1));
        let noon: Timestamp = "2026-06-30T12:00:00Z".parse().unwrap();
        assert_eq!(swedish_date(noon), jiff::civil::date(2026, 6, 30));
    }

    /// Mutation survivor (issue 16): `today_in_sweden` itself was never called by a test.
    #[test]
    fn today_in_sweden_is_the_swedish_date_now() {
        let before = swedish_date(Timestamp::now());
        let today = today_in_sweden();
        let after = swedish_date(Timestamp::now());
        assert!(
            before <= today && today <= after,
            "{before} {today} {after}"
        );
    }
}
