//! Times on the wire: [`EpochMillis`], milliseconds since the Unix epoch.
//!
//! The service sends creation and expiry times (`CreateTime`, `EndTime`) as a `long`
//! count of milliseconds since 1970-01-01T00:00:00Z. Generated types hold them as
//! [`EpochMillis`] so they cannot be confused with other numbers, and convert to
//! [`SystemTime`] and [`time::OffsetDateTime`] on demand.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::decode::Decode;

/// A point in time as milliseconds since the Unix epoch (UTC). Negative values are
/// before 1970.
///
/// ```
/// use alibabacloud_vpn::time::EpochMillis;
///
/// let t = EpochMillis::from_millis(1_568_275_200_000);
/// assert_eq!(t.as_millis(), 1_568_275_200_000);
/// assert_eq!(t.to_string(), "2019-09-12T08:00:00Z");
/// assert_eq!(t.to_offset_date_time().unwrap().year(), 2019);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EpochMillis(i64);

impl EpochMillis {
    /// The time `millis` milliseconds after the Unix epoch.
    pub const fn from_millis(millis: i64) -> Self {
        Self(millis)
    }

    /// Milliseconds since the Unix epoch, as sent on the wire.
    pub const fn as_millis(self) -> i64 {
        self.0
    }

    /// The current time.
    pub fn now() -> Self {
        Self::from(SystemTime::now())
    }

    /// This time as a [`SystemTime`]. Saturates at the limits of the platform's
    /// `SystemTime` (which on common platforms covers every `i64` millisecond value).
    pub fn to_system_time(self) -> SystemTime {
        let offset = Duration::from_millis(self.0.unsigned_abs());
        let shifted = if self.0 >= 0 {
            UNIX_EPOCH.checked_add(offset)
        } else {
            UNIX_EPOCH.checked_sub(offset)
        };
        shifted.unwrap_or(UNIX_EPOCH)
    }

    /// This time as a UTC [`time::OffsetDateTime`]; an error when it lies outside the
    /// range that type supports (years -9999 to 9999).
    pub fn to_offset_date_time(self) -> Result<time::OffsetDateTime, time::error::ComponentRange> {
        time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1_000_000)
    }
}

impl From<i64> for EpochMillis {
    fn from(millis: i64) -> Self {
        Self(millis)
    }
}

impl From<EpochMillis> for i64 {
    fn from(t: EpochMillis) -> Self {
        t.0
    }
}

impl From<SystemTime> for EpochMillis {
    /// Converts, truncating to whole milliseconds and saturating at the `i64` limits.
    fn from(t: SystemTime) -> Self {
        let millis = match t.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_millis()).unwrap_or(i64::MAX),
            Err(before) => i64::try_from(before.duration().as_millis())
                .map(|m| -m)
                .unwrap_or(i64::MIN),
        };
        Self(millis)
    }
}

impl From<EpochMillis> for SystemTime {
    fn from(t: EpochMillis) -> Self {
        t.to_system_time()
    }
}

impl From<time::OffsetDateTime> for EpochMillis {
    /// Converts, truncating to whole milliseconds.
    fn from(t: time::OffsetDateTime) -> Self {
        // The supported years (+-9999) are far inside the i64 millisecond range.
        Self((t.unix_timestamp_nanos() / 1_000_000) as i64)
    }
}

impl TryFrom<EpochMillis> for time::OffsetDateTime {
    type Error = time::error::ComponentRange;

    fn try_from(t: EpochMillis) -> Result<Self, Self::Error> {
        t.to_offset_date_time()
    }
}

impl fmt::Display for EpochMillis {
    /// RFC 3339 in UTC (`2019-09-12T08:00:00Z`, with milliseconds when non-zero); the
    /// raw number of milliseconds when the time is out of the displayable range.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let formatted = self.to_offset_date_time().ok().and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        });
        match formatted {
            Some(text) => f.write_str(&text),
            None => write!(f, "{}ms since the epoch", self.0),
        }
    }
}

impl crate::decode::Scalar for EpochMillis {
    /// What a value that is not text must be (text may also be an RFC 3339 time).
    const EXPECTED: &'static str = "an integer";

    /// A numeric string, or an RFC 3339 timestamp, which some answers use instead.
    fn from_text(text: &str) -> Result<Self, &'static str> {
        if let Ok(millis) = text.trim().parse::<i64>() {
            return Ok(Self(millis));
        }
        time::OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339)
            .map(Self::from)
            .map_err(|_| "milliseconds since the epoch or an RFC 3339 time")
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(Self(v))
    }
    fn from_u64(v: u64) -> Option<Self> {
        <i64 as crate::decode::Scalar>::from_u64(v).map(Self)
    }
    fn from_f64(v: f64) -> Option<Self> {
        <i64 as crate::decode::Scalar>::from_f64(v).map(Self)
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}

impl Decode for EpochMillis {
    /// A number of milliseconds (a JSON number or a numeric string); also accepts an RFC
    /// 3339 timestamp string, which some answers use instead.
    fn deserialize_lenient<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(crate::decode::ScalarVisitor::<Self>::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn converts_to_system_time_and_back() {
        let t = EpochMillis::from_millis(1_500);
        assert_eq!(
            t.to_system_time(),
            UNIX_EPOCH + Duration::from_millis(1_500)
        );
        assert_eq!(EpochMillis::from(t.to_system_time()), t);
        let before = EpochMillis::from_millis(-2_000);
        assert_eq!(EpochMillis::from(before.to_system_time()), before);
    }

    #[test]
    fn converts_to_offset_date_time() {
        let t = EpochMillis::from_millis(1_568_275_200_123);
        let dt = time::OffsetDateTime::try_from(t).unwrap();
        assert_eq!(dt.unix_timestamp(), 1_568_275_200);
        assert_eq!(dt.millisecond(), 123);
        assert_eq!(EpochMillis::from(dt), t);
        assert!(
            EpochMillis::from_millis(i64::MAX)
                .to_offset_date_time()
                .is_err()
        );
    }

    #[test]
    fn displays_rfc3339_or_raw_millis() {
        assert_eq!(
            EpochMillis::from_millis(1_568_275_200_000).to_string(),
            "2019-09-12T08:00:00Z"
        );
        assert_eq!(
            EpochMillis::from_millis(i64::MAX).to_string(),
            format!("{}ms since the epoch", i64::MAX)
        );
    }

    #[test]
    fn decodes_numbers_numeric_strings_and_rfc3339() {
        let expected = EpochMillis::from_millis(1_568_275_200_000);
        assert_eq!(
            EpochMillis::decode(&json!(1_568_275_200_000i64), "t").unwrap(),
            expected
        );
        assert_eq!(
            EpochMillis::decode(&json!("1568275200000"), "t").unwrap(),
            expected
        );
        assert_eq!(
            EpochMillis::decode(&json!("2019-09-12T08:00:00Z"), "t").unwrap(),
            expected
        );
        let e = EpochMillis::decode(&json!("yesterday"), "A.CreateTime").unwrap_err();
        assert_eq!(e.path, "A.CreateTime");
        assert!(EpochMillis::decode(&json!(true), "t").is_err());
    }
}
