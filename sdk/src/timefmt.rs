//! The wire timestamp format, `YYYY-MM-DDThh:mm:ssZ` (UTC), used by `Timestamp`,
//! `x-acs-date` and credential expiry times.

use std::time::SystemTime;

use time::OffsetDateTime;
#[cfg(any(feature = "ecs", feature = "sts", feature = "credentials-uri", test))]
use time::format_description::FormatItem;
#[cfg(any(feature = "ecs", feature = "sts", feature = "credentials-uri", test))]
use time::macros::format_description;

#[cfg(any(feature = "ecs", feature = "sts", feature = "credentials-uri", test))]
const FORMAT: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// Formats `t` as `YYYY-MM-DDThh:mm:ssZ` in UTC with the `time` crate's formatter (the
/// reference [`Timestamp`] is tested against).
#[cfg(test)]
pub(crate) fn format(t: SystemTime) -> String {
    OffsetDateTime::from(t)
        .format(FORMAT)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_string())
}

/// A `YYYY-MM-DDThh:mm:ssZ` timestamp held on the stack: what each attempt signs,
/// without formatting machinery or allocation.
pub(crate) struct Timestamp([u8; 20]);

impl Timestamp {
    /// The current time.
    pub(crate) fn now() -> Self {
        Self::at(SystemTime::now())
    }

    /// The time `t` (years past 9999 are written as 9999).
    pub(crate) fn at(t: SystemTime) -> Self {
        let t = OffsetDateTime::from(t);
        let mut b = *b"0000-00-00T00:00:00Z";
        let mut put = |at: usize, digits: usize, n: u32| {
            let mut n = n;
            for i in (at..at + digits).rev() {
                b[i] = b'0' + (n % 10) as u8;
                n /= 10;
            }
        };
        put(0, 4, t.year().clamp(0, 9999) as u32);
        put(5, 2, u32::from(u8::from(t.month())));
        put(8, 2, u32::from(t.day()));
        put(11, 2, u32::from(t.hour()));
        put(14, 2, u32::from(t.minute()));
        put(17, 2, u32::from(t.second()));
        Self(b)
    }

    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII digits and separators are ever written.
        std::str::from_utf8(&self.0).unwrap_or("1970-01-01T00:00:00Z")
    }
}

/// Parses `YYYY-MM-DDThh:mm:ssZ` (UTC).
#[cfg(any(feature = "ecs", feature = "sts", feature = "credentials-uri", test))]
pub(crate) fn parse(s: &str) -> Option<SystemTime> {
    time::PrimitiveDateTime::parse(s.trim(), FORMAT)
        .ok()
        .map(|t| t.assume_utc().into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn formats_and_parses_utc_seconds() {
        let t = UNIX_EPOCH + Duration::from_secs(1_704_067_200);
        assert_eq!(format(t), "2024-01-01T00:00:00Z");
        assert_eq!(parse("2024-01-01T00:00:00Z"), Some(t));
        assert_eq!(parse("2024-01-01 00:00:00"), None);
        let now = Timestamp::now();
        assert_eq!(now.as_str().len(), 20);
        assert!(now.as_str().ends_with('Z'));
    }

    #[test]
    fn the_stack_timestamp_matches_the_formatter() {
        for secs in [
            0,
            59,
            1_704_067_200,
            1_709_210_096,
            951_782_400,
            4_102_444_799,
        ] {
            let t = UNIX_EPOCH + Duration::from_secs(secs);
            assert_eq!(Timestamp::at(t).as_str(), format(t), "{secs}");
        }
    }
}
