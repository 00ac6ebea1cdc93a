//! The parameters of one request: query and form body merged (the body wins on a repeated
//! name), plus the typed values that validation produced.

use std::collections::BTreeMap;

use bytes::Bytes;
use serde_json::{Map, Value};

/// A request as the pipeline sees it: method, raw path, headers, decoded query and form
/// pairs (in arrival order), and the raw body.
#[derive(Debug, Clone, Default)]
pub struct Incoming {
    /// HTTP method, upper case (`GET`, `POST`).
    pub method: String,
    /// The path as sent (percent-encoded), e.g. `/`.
    pub path: String,
    /// Headers with lower-cased names, in arrival order.
    pub headers: Vec<(String, String)>,
    /// Decoded query pairs.
    pub query: Vec<(String, String)>,
    /// Decoded `application/x-www-form-urlencoded` body pairs (empty otherwise).
    pub form: Vec<(String, String)>,
    /// The raw body.
    pub body: Bytes,
}

impl Incoming {
    /// The first value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of header `name` (lower case).
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Query and form pairs, query first (every pair; repeated names kept).
    pub fn all_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.query
            .iter()
            .chain(self.form.iter())
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The merged parameter map: query then form, a later value replacing an earlier one.
    pub fn merged(&self) -> BTreeMap<String, String> {
        self.all_pairs()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// Parameter `name` from the merged map.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.form
            .iter()
            .rev()
            .chain(self.query.iter().rev())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Decodes `a=b&c=d` (`+` is a space; invalid UTF-8 is replaced, never a panic).
pub fn decode_pairs(raw: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(raw)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The validated parameters of an operation: typed JSON values (integers as numbers,
/// booleans as booleans, JSON-string structures as objects, documented defaults filled
/// for absent top-level parameters) and the raw strings as sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params {
    /// Typed values by wire name.
    pub values: Map<String, Value>,
    /// The operation's parameters exactly as sent (no defaults), by wire name.
    pub raw: BTreeMap<String, String>,
}

impl Params {
    /// A string (or enum) parameter.
    pub fn str(&self, name: &str) -> Option<&str> {
        self.values.get(name).and_then(Value::as_str)
    }

    /// A string parameter, or `""`.
    pub fn str_or_empty(&self, name: &str) -> &str {
        self.str(name).unwrap_or("")
    }

    /// An integer parameter.
    pub fn int(&self, name: &str) -> Option<i64> {
        self.values.get(name).and_then(Value::as_i64)
    }

    /// A boolean parameter.
    pub fn bool(&self, name: &str) -> Option<bool> {
        self.values.get(name).and_then(Value::as_bool)
    }

    /// A structure parameter (a JSON-string parameter, parsed).
    pub fn object(&self, name: &str) -> Option<&Map<String, Value>> {
        self.values.get(name).and_then(Value::as_object)
    }

    /// Whether the caller sent the parameter (defaults do not count).
    pub fn sent(&self, name: &str) -> bool {
        self.raw.contains_key(name)
    }

    /// Whether the caller sent the parameter, as `Name` or, for a flattened list, as
    /// `Name.1...` (defaults do not count).
    pub fn given(&self, name: &str) -> bool {
        self.sent(name)
            || self.raw.keys().any(|k| {
                k.strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with('.'))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_overrides_query() {
        let inc = Incoming {
            query: decode_pairs(b"A=1&B=2"),
            form: decode_pairs(b"B=3"),
            ..Default::default()
        };
        assert_eq!(inc.param("B"), Some("3"));
        assert_eq!(inc.merged().get("B").map(String::as_str), Some("3"));
        assert_eq!(inc.param("A"), Some("1"));
    }

    #[test]
    fn bad_utf8_does_not_panic() {
        let pairs = decode_pairs(b"A=%FF%FE&B=+x+");
        assert_eq!(pairs[1].1, " x ");
        assert!(pairs[0].1.contains('\u{FFFD}'));
    }
}
