//! Validation helpers called by the generated `validate()` methods, before any I/O.
//!
//! Each helper checks one documented rule and names the wire parameter when it fails.

use crate::error::{ValidationError, ValidationRule};

/// Which request rules a generated `validate` checks. Required members are always checked;
/// value rules (allowed values, ranges, lengths, patterns, prefixes) only when
/// [`values`](Self::values) says so: the client's setting
/// ([`ClientBuilder::value_checks`](crate::config::ClientBuilder::value_checks)) when
/// sending, only required members in an input builder's `build()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checks {
    values: bool,
}

impl Checks {
    /// Required members and value rules.
    pub const ALL: Checks = Checks { values: true };
    /// Required members only.
    pub const REQUIRED: Checks = Checks { values: false };

    /// Whether value rules are checked.
    pub const fn values(self) -> bool {
        self.values
    }
}

/// Fails with [`ValidationRule::Missing`] when a required value is absent.
pub fn required<T>(value: &Option<T>, parameter: &str) -> Result<(), ValidationError> {
    match value {
        Some(_) => Ok(()),
        None => Err(ValidationError::new(parameter, ValidationRule::Missing)),
    }
}

/// Checks a number against allowed discrete `values` and inclusive `ranges` (the value
/// must be in their union; an empty pair means any value).
pub fn allowed(
    parameter: &str,
    value: i64,
    values: &[i64],
    ranges: &[(i64, i64)],
) -> Result<(), ValidationError> {
    if values.is_empty() && ranges.is_empty() {
        return Ok(());
    }
    if values.contains(&value) || ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&value)) {
        return Ok(());
    }
    let mut parts: Vec<String> = ranges
        .iter()
        .map(|(lo, hi)| format!("{lo} to {hi}"))
        .collect();
    parts.extend(values.iter().map(i64::to_string));
    let allowed = if parts.len() == 1 {
        parts.remove(0)
    } else {
        format!("one of {}", parts.join(", "))
    };
    Err(ValidationError::new(
        parameter,
        ValidationRule::NotAllowed {
            value: value.to_string(),
            allowed,
        },
    ))
}

/// Fails when `value` is one of the `forbidden` values (e.g. reserved ports).
pub fn not_forbidden(
    parameter: &str,
    value: i64,
    forbidden: &[i64],
) -> Result<(), ValidationError> {
    if forbidden.contains(&value) {
        Err(ValidationError::new(
            parameter,
            ValidationRule::Forbidden {
                value: value.to_string(),
            },
        ))
    } else {
        Ok(())
    }
}

/// Checks a string's length in characters.
pub fn length(
    parameter: &str,
    value: &str,
    min: Option<u32>,
    max: Option<u32>,
) -> Result<(), ValidationError> {
    let actual = value.chars().count();
    let too_short = min.is_some_and(|m| actual < m as usize);
    let too_long = max.is_some_and(|m| actual > m as usize);
    if too_short || too_long {
        Err(ValidationError::new(
            parameter,
            ValidationRule::Length { actual, min, max },
        ))
    } else {
        Ok(())
    }
}

/// Checks a string against a compiled pattern.
pub fn pattern(
    parameter: &str,
    value: &str,
    re: &regex_lite::Regex,
    description: &str,
) -> Result<(), ValidationError> {
    if re.is_match(value) {
        Ok(())
    } else {
        Err(ValidationError::new(
            parameter,
            ValidationRule::Pattern {
                description: description.to_string(),
            },
        ))
    }
}

/// Fails when the string starts with one of the forbidden prefixes.
pub fn no_prefix(parameter: &str, value: &str, prefixes: &[&str]) -> Result<(), ValidationError> {
    match prefixes.iter().find(|p| value.starts_with(**p)) {
        Some(p) => Err(ValidationError::new(
            parameter,
            ValidationRule::Prefix {
                prefix: (*p).to_string(),
            },
        )),
        None => Ok(()),
    }
}

/// Fails when the string contains non-ASCII characters.
pub fn ascii(parameter: &str, value: &str) -> Result<(), ValidationError> {
    if value.is_ascii() {
        Ok(())
    } else {
        Err(ValidationError::new(parameter, ValidationRule::NotAscii))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_reports_union_of_ranges_and_values() {
        assert!(allowed("Period", 3, &[12, 24, 36], &[(1, 9)]).is_ok());
        assert!(allowed("Period", 24, &[12, 24, 36], &[(1, 9)]).is_ok());
        let e = allowed("Period", 10, &[12, 24, 36], &[(1, 9)]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid parameter `Period`: 10 is not allowed (must be one of 1 to 9, 12, 24, 36)"
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(length("Name", "网关", Some(2), Some(100)).is_ok());
        let e = length("Name", "a", Some(2), Some(100)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid parameter `Name`: length 1 is out of range (2 to 100 characters)"
        );
    }

    #[test]
    fn prefix_and_ascii_rules_name_the_parameter() {
        let e = no_prefix("Description", "http://x", &["http://", "https://"]).unwrap_err();
        assert_eq!(e.parameter, "Description");
        assert!(ascii("ClientToken", "tökén").is_err());
        assert!(
            required::<i32>(&None, "VpcId")
                .unwrap_err()
                .to_string()
                .contains("`VpcId`")
        );
    }
}
