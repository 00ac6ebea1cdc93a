//! The rules of a member, evaluated: the one implementation of [`Constraints`] and
//! [`Format`] checks. The spec validator uses it to check defaults and examples; the
//! emulator uses it to validate requests. Each caller words its own messages from the
//! [`Violation`] it gets back.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use crate::formats;
use crate::model::{Constraints, Format};

/// A numeric value to check.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// An integer (`integer`, `long`).
    Int(i64),
    /// A floating-point number (`float`).
    Float(f64),
}

impl Number {
    fn equals(self, n: i64) -> bool {
        match self {
            Number::Int(x) => x == n,
            Number::Float(x) => x == n as f64,
        }
    }

    fn within(self, min: i64, max: i64) -> bool {
        match self {
            Number::Int(x) => (min..=max).contains(&x),
            Number::Float(x) => x >= min as f64 && x <= max as f64,
        }
    }
}

/// Which rule a value breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// A number that `forbidden_values` lists.
    ForbiddenValue,
    /// A number outside `values` and `ranges`.
    NotAllowed,
    /// A string shorter than `min_length` characters.
    TooShort(u32),
    /// A string longer than `max_length` characters.
    TooLong(u32),
    /// A string with non-ASCII characters where `ascii` is set.
    NotAscii,
    /// A string starting with one of `forbidden_prefixes`.
    ForbiddenPrefix(String),
    /// A string that does not match `pattern` (given here).
    Pattern(String),
}

impl Constraints {
    /// The first numeric rule `n` breaks: `forbidden_values`, then `values`/`ranges`.
    pub fn check_number(&self, n: Number) -> Option<Violation> {
        if self.forbidden_values.iter().any(|v| n.equals(*v)) {
            return Some(Violation::ForbiddenValue);
        }
        let restricted = !self.values.is_empty() || !self.ranges.is_empty();
        let allowed = self.values.iter().any(|v| n.equals(*v))
            || self.ranges.iter().any(|r| n.within(r.min, r.max));
        (restricted && !allowed).then_some(Violation::NotAllowed)
    }

    /// The first string rule `s` breaks, in the order: lengths, ASCII, forbidden
    /// prefixes, pattern. Lengths count characters, not bytes. A pattern that does not
    /// compile accepts everything (the spec validator reports it).
    pub fn check_string(&self, s: &str) -> Option<Violation> {
        let len = s.chars().count();
        if let Some(min) = self.min_length
            && len < min as usize
        {
            return Some(Violation::TooShort(min));
        }
        if let Some(max) = self.max_length
            && len > max as usize
        {
            return Some(Violation::TooLong(max));
        }
        if self.ascii && !s.is_ascii() {
            return Some(Violation::NotAscii);
        }
        if let Some(prefix) = self
            .forbidden_prefixes
            .iter()
            .find(|p| !p.is_empty() && s.starts_with(p.as_str()))
        {
            return Some(Violation::ForbiddenPrefix(prefix.clone()));
        }
        if let Some(pattern) = &self.pattern
            && !matches_pattern(pattern, s)
        {
            return Some(Violation::Pattern(pattern.clone()));
        }
        None
    }

    /// Whether `values`/`ranges` allow something but `forbidden_values` takes all of it.
    pub fn forbids_everything(&self) -> bool {
        if self.forbidden_values.is_empty() || (self.values.is_empty() && self.ranges.is_empty()) {
            return false;
        }
        let forbidden: std::collections::BTreeSet<i64> =
            self.forbidden_values.iter().copied().collect();
        self.values.iter().all(|v| forbidden.contains(v))
            && self.ranges.iter().all(|r| {
                r.min > r.max || {
                    let size = i128::from(r.max) - i128::from(r.min) + 1;
                    forbidden.range(r.min..=r.max).count() as i128 == size
                }
            })
    }
}

impl Format {
    /// Whether text `s` is a value of this format. `epoch_millis` is a property of
    /// `long` numbers, so every text passes here.
    pub fn accepts(self, s: &str) -> bool {
        match self {
            Format::Ipv4 => formats::parse_ipv4(s).is_some(),
            Format::Cidr => formats::parse_cidr(s).is_some(),
            Format::CidrList => formats::parse_cidr_list(s).is_some(),
            Format::DateTime => formats::parse_date_time(s).is_some(),
            Format::EpochMillis => true,
        }
    }
}

/// Whether `s` matches `pattern`, compiling each pattern once per process.
fn matches_pattern(pattern: &str, s: &str) -> bool {
    static CACHE: OnceLock<Mutex<HashMap<String, Option<regex_lite::Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let re = {
        let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
        cache
            .entry(pattern.to_string())
            .or_insert_with(|| regex_lite::Regex::new(pattern).ok())
            .clone()
    };
    re.is_none_or(|re| re.is_match(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Range;

    fn strings() -> Constraints {
        Constraints {
            min_length: Some(2),
            max_length: Some(4),
            pattern: Some("^[a-z]+$".into()),
            forbidden_prefixes: vec!["ab".into()],
            ascii: true,
            ..Constraints::default()
        }
    }

    #[test]
    fn string_rules_in_order() {
        let c = strings();
        assert_eq!(c.check_string("x"), Some(Violation::TooShort(2)));
        assert_eq!(c.check_string("xxxxx"), Some(Violation::TooLong(4)));
        assert_eq!(c.check_string("é1"), Some(Violation::NotAscii));
        assert_eq!(
            c.check_string("abc"),
            Some(Violation::ForbiddenPrefix("ab".into()))
        );
        assert_eq!(
            c.check_string("XY"),
            Some(Violation::Pattern("^[a-z]+$".into()))
        );
        assert_eq!(c.check_string("xyz"), None);
        // Lengths are characters.
        let c = Constraints {
            max_length: Some(2),
            ..Constraints::default()
        };
        assert_eq!(c.check_string("东西"), None);
    }

    #[test]
    fn number_rules() {
        let c = Constraints {
            values: vec![5, 10],
            ranges: vec![Range { min: 100, max: 200 }],
            forbidden_values: vec![150],
            ..Constraints::default()
        };
        assert_eq!(c.check_number(Number::Int(10)), None);
        assert_eq!(c.check_number(Number::Int(120)), None);
        assert_eq!(c.check_number(Number::Float(120.5)), None);
        assert_eq!(
            c.check_number(Number::Int(150)),
            Some(Violation::ForbiddenValue)
        );
        assert_eq!(c.check_number(Number::Int(11)), Some(Violation::NotAllowed));
        let open = Constraints {
            forbidden_values: vec![22],
            ..Constraints::default()
        };
        assert_eq!(open.check_number(Number::Int(23)), None);
        assert!(!open.forbids_everything());
        let all = Constraints {
            ranges: vec![Range { min: 1, max: 2 }],
            forbidden_values: vec![1, 2],
            ..Constraints::default()
        };
        assert!(all.forbids_everything());
    }

    #[test]
    fn formats() {
        assert!(Format::Ipv4.accepts("10.0.0.1"));
        assert!(!Format::Ipv4.accepts("10.0.0.256"));
        assert!(Format::Cidr.accepts("10.0.0.0/8"));
        assert!(Format::CidrList.accepts("10.0.0.0/8,192.168.0.0/16"));
        assert!(Format::DateTime.accepts("2019-09-12T08:00:00Z"));
        assert!(!Format::DateTime.accepts("yesterday"));
    }
}
