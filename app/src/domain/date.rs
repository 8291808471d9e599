//! Calendar dates without a time zone library: dd/mm/yyyy on screen, ISO in storage.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Offset of Asia/Ho_Chi_Minh from UTC (no daylight saving time).
pub const VN_OFFSET_SECONDS: i64 = 7 * 3600;

/// A calendar date. Ordered chronologically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a text is not a date (Vietnamese message).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Ngày «{0}» không hợp lệ, hãy nhập theo dạng ngày/tháng/năm, ví dụ 20/01/2019.")]
pub struct DateError(pub String);

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl Date {
    /// A date after every real one, for open-ended periods.
    pub const MAX: Date = Date { year: 9999, month: 12, day: 31 };

    /// Builds a date, refusing impossible ones (31/02, month 13, years outside 1900–2200).
    pub fn new(year: i32, month: u8, day: u8) -> Result<Self, DateError> {
        let ok = (1900..=2200).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        if ok { Ok(Self { year, month, day }) } else { Err(DateError(format!("{day:02}/{month:02}/{year:04}"))) }
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month (1–12).
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Parses `dd/mm/yyyy` (also `d/m/yyyy`, `dd-mm-yyyy` and `dd.mm.yyyy`), as people type it.
    pub fn parse_vn(text: &str) -> Result<Self, DateError> {
        let err = || DateError(text.trim().to_string());
        let parts: Vec<&str> = text.trim().split(['/', '-', '.']).collect();
        let [d, m, y] = parts.as_slice() else {
            return Err(err());
        };
        if y.len() != 4 {
            return Err(err());
        }
        let (d, m, y) = (d.parse().map_err(|_| err())?, m.parse().map_err(|_| err())?, y.parse().map_err(|_| err())?);
        Self::new(y, m, d).map_err(|_| err())
    }

    /// Parses the storage form `yyyy-mm-dd`.
    pub fn parse_iso(text: &str) -> Result<Self, DateError> {
        let err = || DateError(text.to_string());
        let mut it = text.splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (it.next(), it.next(), it.next()) else {
            return Err(err());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(err());
        }
        Self::new(y.parse().map_err(|_| err())?, m.parse().map_err(|_| err())?, d.parse().map_err(|_| err())?)
    }

    /// Accepts either the screen form or the storage form.
    pub fn parse_any(text: &str) -> Result<Self, DateError> {
        Self::parse_iso(text.trim()).or_else(|_| Self::parse_vn(text))
    }

    /// `yyyy-mm-dd`.
    pub fn to_iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `dd/mm/yyyy`, as every screen shows dates.
    pub fn to_vn(self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }

    /// The day before.
    pub fn pred(self) -> Self {
        Self::from_days(self.to_days() - 1)
    }

    /// The calendar date in Viet Nam at a UTC instant given in milliseconds since the epoch.
    pub fn from_unix_millis_vn(millis: i64) -> Self {
        Self::from_days((millis / 1000 + VN_OFFSET_SECONDS).div_euclid(86_400))
    }

    /// Whole years from `self` to `later` (an age).
    pub fn years_until(self, later: Date) -> i32 {
        let mut years = later.year - self.year;
        if (later.month, later.day) < (self.month, self.day) {
            years -= 1;
        }
        years
    }
}

/// `dd/mm/yyyy HH:MM` in Viet Nam time for a UTC instant in milliseconds.
pub fn format_timestamp_vn(millis: i64) -> String {
    let local = millis / 1000 + VN_OFFSET_SECONDS;
    let date = Date::from_days(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    format!("{} {:02}:{:02}", date.to_vn(), secs / 3600, secs % 3600 / 60)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_vn())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse_any(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_the_way_people_type_dates() {
        let d = Date::new(2019, 1, 20).unwrap();
        assert_eq!(Date::parse_vn("20/01/2019"), Ok(d));
        assert_eq!(Date::parse_vn(" 20/1/2019 "), Ok(d));
        assert_eq!(Date::parse_vn("20-01-2019"), Ok(d));
        assert_eq!(d.to_vn(), "20/01/2019");
        assert_eq!(d.to_iso(), "2019-01-20");
        assert_eq!(Date::parse_any("2019-01-20"), Ok(d));
    }

    #[test]
    fn refuses_impossible_dates_with_a_vietnamese_message() {
        for bad in ["31/02/2019", "29/02/2019", "00/01/2019", "1/13/2019", "20/01/19", "hôm qua", ""] {
            let err = Date::parse_vn(bad).unwrap_err();
            assert!(err.to_string().contains("không hợp lệ"), "{bad}");
        }
        assert!(Date::parse_vn("29/02/2020").is_ok());
        assert!(Date::parse_iso("2019-1-20").is_err());
    }

    #[test]
    fn day_arithmetic() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().to_days(), 0);
        assert_eq!(Date::new(2025, 7, 1).unwrap().pred(), Date::new(2025, 6, 30).unwrap());
        assert_eq!(Date::new(2024, 3, 1).unwrap().pred(), Date::new(2024, 2, 29).unwrap());
        let born = Date::new(1990, 5, 10).unwrap();
        assert_eq!(born.years_until(Date::new(2019, 5, 9).unwrap()), 28);
        assert_eq!(born.years_until(Date::new(2019, 5, 10).unwrap()), 29);
    }

    #[test]
    fn viet_nam_time_is_utc_plus_seven() {
        // 2019-01-19T17:30:00Z is 00:30 on 20/01/2019 in Viet Nam.
        let millis = Date::new(2019, 1, 19).unwrap().to_days() * 86_400_000 + (17 * 3600 + 1800) * 1000;
        assert_eq!(Date::from_unix_millis_vn(millis), Date::new(2019, 1, 20).unwrap());
        assert_eq!(format_timestamp_vn(millis), "20/01/2019 00:30");
    }

    proptest! {
        #[test]
        fn days_round_trip(days in -25_000i64..80_000) {
            let d = Date::from_days(days);
            prop_assert_eq!(d.to_days(), days);
            prop_assert_eq!(Date::parse_vn(&d.to_vn()), Ok(d));
            prop_assert_eq!(Date::parse_iso(&d.to_iso()), Ok(d));
        }
    }
}
