//! Calendar dates for the review notes and decision records: `--date
//! YYYY-MM-DD`, or today (UTC) from the system clock. The civil-date arithmetic
//! is Howard Hinnant's `civil_from_days`, so no date crate is needed.

use std::fmt;

/// A day of the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Today in UTC; the Unix epoch if the clock is set before it.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_days((secs / 86_400) as i64)
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097); // [0, 146096]
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
        let mp = (5 * doy + 2) / 153; // [0, 11], March first
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Parses `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bad = || format!("'{text}' is not a date in the form YYYY-MM-DD");
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(bad());
        }
        let digits = |range: std::ops::Range<usize>| -> Result<u32, String> {
            let part = text.get(range).ok_or_else(bad)?;
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            part.parse().map_err(|_| bad())
        };
        let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        if !(1..=12).contains(&month) {
            return Err(format!("'{text}' has no month {month}"));
        }
        let last = days_in_month(year as i32, month as u8);
        if day == 0 || day > u32::from(last) {
            return Err(format!(
                "'{text}' is not a day of the calendar ({year:04}-{month:02} has {last} days)"
            ));
        }
        Ok(Date {
            year: year as i32,
            month: month as u8,
            day: day as u8,
        })
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// clap's value parser for `--date`.
pub fn parse_arg(text: &str) -> Result<Date, String> {
    Date::parse(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_from_days() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(-1).to_string(), "1969-12-31");
        assert_eq!(Date::from_days(11_016).to_string(), "2000-02-29");
        assert_eq!(Date::from_days(19_782).to_string(), "2024-02-29");
        assert_eq!(Date::from_days(20_088).to_string(), "2024-12-31");
        assert_eq!(Date::from_days(2_932_896).to_string(), "9999-12-31");
    }

    #[test]
    fn every_day_round_trips_through_text() {
        // Walk 1999..2101 day by day: parse(show(d)) == d and days are consecutive.
        let mut previous = Date::from_days(10_591); // 1998-12-31
        for days in 10_592..47_847 {
            let d = Date::from_days(days);
            assert!(d > previous, "{d} after {previous}");
            assert_eq!(Date::parse(&d.to_string()), Ok(d));
            previous = d;
        }
        assert_eq!(previous.to_string(), "2100-12-31");
    }

    #[test]
    fn bad_dates_are_refused() {
        assert_eq!(
            Date::parse("2024-02-30"),
            Err("'2024-02-30' is not a day of the calendar (2024-02 has 29 days)".into())
        );
        assert_eq!(
            Date::parse("2023-02-29"),
            Err("'2023-02-29' is not a day of the calendar (2023-02 has 28 days)".into())
        );
        assert_eq!(
            Date::parse("2024-13-01"),
            Err("'2024-13-01' has no month 13".into())
        );
        for bad in [
            "24-01-01",
            "2024/01/01",
            "2024-1-01",
            "2024-01-0x",
            "",
            "２０２４-01-01",
        ] {
            assert_eq!(
                Date::parse(bad),
                Err(format!("'{bad}' is not a date in the form YYYY-MM-DD")),
                "{bad}"
            );
        }
    }
}
