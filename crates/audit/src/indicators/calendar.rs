//! The Swedish calendar of days off: public holidays (*allmänna helgdagar*, lag (1989:253))
//! and the eves that working life treats as Sundays (midsommarafton, julafton, nyårsafton).
//!
//! Pure date arithmetic: Easter by the anonymous Gregorian algorithm, the moving Saturdays of
//! midsommar and alla helgons dag by their date windows.

use jiff::civil::{Date, Weekday};

/// Easter Sunday (påskdagen) of `year` in the Gregorian calendar.
pub fn easter_sunday(year: i16) -> Option<Date> {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// Whether `date` is a Swedish public holiday or one of the eves treated as one: nyårsdagen,
/// trettondedag jul, långfredagen, påskafton, påskdagen, annandag påsk, första maj, Kristi
/// himmelsfärdsdag, nationaldagen, pingstdagen, midsommarafton, midsommardagen, alla helgons
/// dag, julafton, juldagen, annandag jul, nyårsafton.
pub fn is_holiday(date: Date) -> bool {
    let (month, day) = (date.month(), date.day());
    let fixed = matches!(
        (month, day),
        (1, 1) | (1, 6) | (5, 1) | (6, 6) | (12, 24) | (12, 25) | (12, 26) | (12, 31)
    );
    if fixed {
        return true;
    }
    let weekday = date.weekday();
    // Midsommarafton: the Friday 19–25 June; midsommardagen: the Saturday 20–26 June.
    if month == 6
        && ((weekday == Weekday::Friday && (19..=25).contains(&day))
            || (weekday == Weekday::Saturday && (20..=26).contains(&day)))
    {
        return true;
    }
    // Alla helgons dag: the Saturday 31 October – 6 November.
    if weekday == Weekday::Saturday
        && ((month == 10 && day == 31) || (month == 11 && (1..=6).contains(&day)))
    {
        return true;
    }
    let Some(easter) = easter_sunday(date.year()) else {
        return false;
    };
    let Ok(offset) = easter.until(date).map(|span| span.get_days()) else {
        return false;
    };
    // Långfredagen, påskafton, påskdagen, annandag påsk, Kristi himmelsfärd, pingstdagen.
    matches!(offset, -2 | -1 | 0 | 1 | 39 | 49)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn easter_dates() {
        assert_eq!(easter_sunday(2024), Some(date(2024, 3, 31)));
        assert_eq!(easter_sunday(2025), Some(date(2025, 4, 20)));
        assert_eq!(easter_sunday(2026), Some(date(2026, 4, 5)));
        assert_eq!(easter_sunday(2027), Some(date(2027, 3, 28)));
        assert_eq!(easter_sunday(2038), Some(date(2038, 4, 25)));
        // Mutation survivor (issue 16): the years whose Easter the algorithm's `m` term
        // moves a week earlier (26 and 25 April would be wrong).
        assert_eq!(easter_sunday(1981), Some(date(1981, 4, 19)));
        assert_eq!(easter_sunday(2049), Some(date(2049, 4, 18)));
    }

    /// Mutation survivors (issue 16): Easter Sunday of every year 2000–2030 and of years
    /// that reach the algorithm's other branches (a golden number of 0 in 1900, 1995 and
    /// 2014; other centuries), from a published table (the dates python-dateutil's
    /// `easter()` gives, an independent implementation).
    #[test]
    fn easter_dates_agree_with_a_published_table() {
        let table: [(i16, i8, i8); 37] = [
            (2000, 4, 23),
            (2001, 4, 15),
            (2002, 3, 31),
            (2003, 4, 20),
            (2004, 4, 11),
            (2005, 3, 27),
            (2006, 4, 16),
            (2007, 4, 8),
            (2008, 3, 23),
            (2009, 4, 12),
            (2010, 4, 4),
            (2011, 4, 24),
            (2012, 4, 8),
            (2013, 3, 31),
            (2014, 4, 20),
            (2015, 4, 5),
            (2016, 3, 27),
            (2017, 4, 16),
            (2018, 4, 1),
            (2019, 4, 21),
            (2020, 4, 12),
            (2021, 4, 4),
            (2022, 4, 17),
            (2023, 4, 9),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2028, 4, 16),
            (2029, 4, 1),
            (2030, 4, 21),
            (1900, 4, 15),
            (1995, 4, 16),
            (2100, 3, 28),
            (2106, 4, 18),
            (2200, 4, 6),
            (2285, 3, 22),
        ];
        for (year, month, day) in table {
            assert_eq!(easter_sunday(year), Some(date(year, month, day)), "{year}");
        }
    }

    #[test]
    fn holidays_of_2026() {
        let holidays = [
            date(2026, 1, 1),
            date(2026, 1, 6),
            date(2026, 4, 3),   // långfredagen
            date(2026, 4, 4),   // påskafton
            date(2026, 4, 5),   // påskdagen
            date(2026, 4, 6),   // annandag påsk
            date(2026, 5, 1),   // första maj
            date(2026, 5, 14),  // Kristi himmelsfärdsdag
            date(2026, 5, 24),  // pingstdagen
            date(2026, 6, 6),   // nationaldagen
            date(2026, 6, 19),  // midsommarafton
            date(2026, 6, 20),  // midsommardagen
            date(2026, 10, 31), // alla helgons dag
            date(2026, 12, 24),
            date(2026, 12, 25),
            date(2026, 12, 26),
            date(2026, 12, 31),
        ];
        for d in holidays {
            assert!(is_holiday(d), "{d}");
        }
        let working_days = [
            date(2026, 1, 2),
            date(2026, 4, 2), // skärtorsdagen
            date(2026, 4, 7),
            date(2026, 5, 13),
            date(2026, 5, 25), // annandag pingst: no longer a holiday
            date(2026, 6, 18),
            date(2026, 6, 26), // a Friday in the window, but not midsommarafton this year
            date(2026, 11, 2),
            date(2026, 12, 23),
        ];
        for d in working_days {
            assert!(!is_holiday(d), "{d}");
        }
        // 2027: midsommarafton on 25 June, alla helgons dag on 6 November.
        assert!(is_holiday(date(2027, 6, 25)));
        assert!(is_holiday(date(2027, 6, 26)));
        assert!(is_holiday(date(2027, 11, 6)));
        assert!(!is_holiday(date(2027, 10, 30)));
        // Mutation survivor (issue 16): alla helgons dag is a Saturday at the turn of October
        // and November only; other Saturdays of October, or on a 31st, are working days.
        assert!(!is_holiday(date(2026, 10, 24)));
        assert!(!is_holiday(date(2026, 1, 31)));
        assert!(!is_holiday(date(2026, 11, 7)));
    }
}
