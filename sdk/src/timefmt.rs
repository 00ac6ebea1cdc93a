//! The wire timestamp format, `YYYY-MM-DDThh:mm:ssZ` (UTC), used by `Timestamp`,
//! `x-acs-date` and credential expiry times.

use std::time::SystemTime;

use time::OffsetDateTime;
use time::format_description::FormatItem;
use time::macros::format_description;

const FORMAT: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// Formats `t` as `YYYY-MM-DDThh:mm:ssZ` in UTC.
pub(crate) fn format(t: SystemTime) -> String {
    OffsetDateTime::from(t)
        .format(FORMAT)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_string())
}

/// The current time as `YYYY-MM-DDThh:mm:ssZ`.
pub(crate) fn now() -> String {
    format(SystemTime::now())
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
        let now = now();
        assert_eq!(now.len(), 20);
        assert!(now.ends_with('Z'));
    }
}
