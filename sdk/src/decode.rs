//! Lenient JSON decoding used by the generated output types.
//!
//! The service answers with a flat JSON object and native types, but the reference's
//! examples (and some real answers) vary: numbers and booleans as strings, one object
//! where a list belongs, a missing list wrapper, an `<Action>Response` envelope. Every
//! one of those decodes here. A value that cannot be coerced is a [`DecodeError`] naming
//! its JSON path; nothing here panics.

use serde_json::{Map, Value};

use crate::error::DecodeError;

/// Decoding from a JSON value, leniently. Implemented by scalars, `Vec<T>`, and every
/// generated structure and enum.
pub trait Decode: Sized {
    /// Decodes `value`; `path` is the JSON path of `value`, for error messages.
    fn decode(value: &Value, path: &str) -> Result<Self, DecodeError>;
}

/// Calls `f` with a JSON path written from `parts`, on the stack when it is short (the
/// usual case), so that decoding allocates nothing for paths it only needs when it
/// fails.
fn with_path<R>(parts: std::fmt::Arguments<'_>, f: impl FnOnce(&str) -> R) -> R {
    use std::io::Write as _;
    let mut buf = [0u8; 160];
    let mut cursor = &mut buf[..];
    if cursor.write_fmt(parts).is_ok() {
        let len = 160 - cursor.len();
        if let Ok(path) = std::str::from_utf8(&buf[..len]) {
            return f(path);
        }
    }
    f(&parts.to_string())
}

/// `path.key`, or `key` at the top.
fn with_key<R>(path: &str, key: &str, f: impl FnOnce(&str) -> R) -> R {
    if path.is_empty() {
        f(key)
    } else {
        with_path(format_args!("{path}.{key}"), f)
    }
}

fn type_error(path: &str, expected: &str, value: &Value) -> DecodeError {
    let got = match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
    };
    DecodeError::at(path, format!("expected {expected}, found {got}"))
}

impl Decode for String {
    fn decode(value: &Value, path: &str) -> Result<Self, DecodeError> {
        match value {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            other => Err(type_error(path, "a string", other)),
        }
    }
}

impl Decode for bool {
    fn decode(value: &Value, path: &str) -> Result<Self, DecodeError> {
        match value {
            Value::Bool(b) => Ok(*b),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(false),
            Value::Number(n) if n.as_i64() == Some(1) => Ok(true),
            Value::Number(n) if n.as_i64() == Some(0) => Ok(false),
            other => Err(type_error(path, "a boolean", other)),
        }
    }
}

fn decode_i64(value: &Value, path: &str, expected: &str) -> Result<i64, DecodeError> {
    match value {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Ok(i)
            } else if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18) {
                Ok(f as i64)
            } else {
                Err(type_error(path, expected, value))
            }
        }
        Value::String(s) => s
            .trim()
            .parse::<i64>()
            .map_err(|_| type_error(path, expected, value)),
        other => Err(type_error(path, expected, other)),
    }
}

impl Decode for i64 {
    fn decode(value: &Value, path: &str) -> Result<Self, DecodeError> {
        decode_i64(value, path, "an integer")
    }
}

impl Decode for i32 {
    fn decode(value: &Value, path: &str) -> Result<Self, DecodeError> {
        let v = decode_i64(value, path, "a 32-bit integer")?;
        i32::try_from(v).map_err(|_| type_error(path, "a 32-bit integer", value))
    }
}

impl Decode for f64 {
    fn decode(value: &Value, path: &str) -> Result<Self, DecodeError> {
        match value {
            Value::Number(n) => n
                .as_f64()
                .ok_or_else(|| type_error(path, "a number", value)),
            Value::String(s) => s
                .trim()
                .parse::<f64>()
                .map_err(|_| type_error(path, "a number", value)),
            other => Err(type_error(path, "a number", other)),
        }
    }
}

impl Decode for f32 {
    fn decode(value: &Value, path: &str) -> Result<Self, DecodeError> {
        f64::decode(value, path).map(|v| v as f32)
    }
}

impl<T: Decode> Decode for Vec<T> {
    /// A bare list; a single value where a list belongs is a one-item list; `null` or an
    /// empty string is an empty list.
    fn decode(value: &Value, path: &str) -> Result<Self, DecodeError> {
        match value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| with_path(format_args!("{path}[{i}]"), |p| T::decode(v, p)))
                .collect(),
            Value::Null => Ok(Vec::new()),
            Value::String(s) if s.is_empty() => Ok(Vec::new()),
            single => Ok(vec![with_path(format_args!("{path}[0]"), |p| {
                T::decode(single, p)
            })?]),
        }
    }
}

/// Decodes a list that the service wraps: `{"VpnGateway": [...]}` under `VpnGateways`.
/// Also accepts the list without its wrapper, one object instead of a list (inside or
/// outside the wrapper), an empty wrapper object, and `null`.
pub fn wrapped_list<T: Decode>(
    value: &Value,
    wrapper: &str,
    path: &str,
) -> Result<Vec<T>, DecodeError> {
    match value {
        Value::Object(map) => match map.get(wrapper) {
            Some(inner) => with_path(format_args!("{path}.{wrapper}"), |p| {
                Vec::<T>::decode(inner, p)
            }),
            None if map.is_empty() => Ok(Vec::new()),
            // An object without the wrapper key: a single item placed directly.
            None => Ok(vec![with_path(format_args!("{path}[0]"), |p| {
                T::decode(value, p)
            })?]),
        },
        other => Vec::<T>::decode(other, path),
    }
}

/// Expects an object, leniently: `null` counts as an empty object.
pub fn object<'a>(value: &'a Value, path: &str) -> Result<&'a Map<String, Value>, DecodeError> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(EMPTY.get_or_init(Map::new)),
        other => Err(type_error(path, "an object", other)),
    }
}

/// Decodes an optional member of `map`: absent or `null` gives `None`.
pub fn field<T: Decode>(
    map: &Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<T>, DecodeError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => with_key(path, key, |p| T::decode(v, p)).map(Some),
    }
}

/// Decodes a member of `map` every answer has: absent or `null` is an error naming it.
pub fn required_field<T: Decode>(
    map: &Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<T, DecodeError> {
    match map.get(key) {
        None | Some(Value::Null) => Err(DecodeError::at(
            join(path, key),
            "missing: every answer of the API has it",
        )),
        Some(v) => T::decode(v, &join(path, key)),
    }
}

/// Decodes an optional wrapped-list member of `map`.
pub fn list_field<T: Decode>(
    map: &Map<String, Value>,
    key: &str,
    wrapper: Option<&str>,
    path: &str,
) -> Result<Option<Vec<T>>, DecodeError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => with_key(path, key, |p| match wrapper {
            Some(w) => wrapped_list(v, w, p).map(Some),
            None => Vec::<T>::decode(v, p).map(Some),
        }),
    }
}

/// Joins a JSON path and a key.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_and_booleans_decode_from_strings() {
        assert_eq!(i32::decode(&json!("42"), "x").unwrap(), 42);
        assert_eq!(i64::decode(&json!(" 7 "), "x").unwrap(), 7);
        assert!(bool::decode(&json!("true"), "x").unwrap());
        assert!(!bool::decode(&json!("False"), "x").unwrap());
    }

    #[test]
    fn uncoercible_value_names_its_path() {
        let e = i32::decode(&json!("forty"), "VpnGateways.VpnGateway[0].Bandwidth").unwrap_err();
        assert_eq!(e.path, "VpnGateways.VpnGateway[0].Bandwidth");
        assert!(e.message.contains("\"forty\""), "{}", e.message);
        assert!(i32::decode(&json!(3_000_000_000i64), "n").is_err());
    }

    #[test]
    fn paths_are_the_same_on_the_stack_and_on_the_heap() {
        let deep = "a".repeat(200);
        assert_eq!(with_key("", "K", str::to_string), "K");
        assert_eq!(with_key("P", "K", str::to_string), "P.K");
        assert_eq!(with_key(&deep, "K", str::to_string), format!("{deep}.K"));
        let items: Result<Vec<i32>, _> = Decode::decode(&json!([1, "x"]), "L");
        assert_eq!(items.unwrap_err().path, "L[1]");
        let nested: Result<Option<Vec<i32>>, _> = list_field(
            json!({"T": {"W": [1, 2, "z"]}}).as_object().unwrap(),
            "T",
            Some("W"),
            "Top",
        );
        assert_eq!(nested.unwrap_err().path, "Top.T.W[2]");
    }

    #[test]
    fn wrapped_list_accepts_every_variant() {
        let full: Vec<String> = wrapped_list(&json!({"Tag": ["a", "b"]}), "Tag", "Tags").unwrap();
        assert_eq!(full, ["a", "b"]);
        let single: Vec<String> = wrapped_list(&json!({"Tag": "a"}), "Tag", "Tags").unwrap();
        assert_eq!(single, ["a"]);
        let bare: Vec<String> = wrapped_list(&json!(["a"]), "Tag", "Tags").unwrap();
        assert_eq!(bare, ["a"]);
        let empty: Vec<String> = wrapped_list(&json!({}), "Tag", "Tags").unwrap();
        assert!(empty.is_empty());
    }
}
