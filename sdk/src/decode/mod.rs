//! Lenient JSON decoding used by the generated output types, straight from the bytes.
//!
//! The service answers with a flat JSON object and native types, but the reference's
//! examples (and some real answers) vary: numbers and booleans as strings, one object
//! where a list belongs, a missing list wrapper, an `<Action>Response` envelope. Every
//! one of those decodes here. Unknown members are skipped; unknown enum values are kept.
//!
//! Decoding is serde: every generated structure implements [`Structure`] (one `match` on
//! the member's wire name), and the visitors here accept the lenient forms. A call's
//! answer is decoded in one pass over its bytes ([`answer()`](fn@answer) does the same for a body given to it), without a
//! `serde_json::Value` and without JSON paths. Only when that pass fails does the
//! runtime parse a `Value` and decode it again with [`serde_path_to_error`], so that the
//! [`DecodeError`] names the path of the offending value. That second pass is the
//! reference: an answer the first pass refuses but the second takes is decoded.
//!
//! Nothing here panics, whatever the input.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{
    BoolDeserializer, BorrowedStrDeserializer, F64Deserializer, I64Deserializer,
    MapAccessDeserializer, SeqAccessDeserializer, StrDeserializer, StringDeserializer,
    U64Deserializer,
};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::error::DecodeError;

/// Decoding from JSON, leniently. Implemented by scalars, `Vec<T>`, [`EpochMillis`]
/// and every generated structure and enum.
///
/// [`EpochMillis`]: crate::time::EpochMillis
pub trait Decode: Sized {
    /// Decodes from any serde deserializer, accepting every lenient form.
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;

    /// Decodes a parsed JSON `value`; `path` is the JSON path of `value`, prefixed to
    /// the path in an error.
    fn decode(value: &Value, path: &str) -> Result<Self, DecodeError> {
        let mut track = serde_path_to_error::Track::new();
        let tracked = serde_path_to_error::Deserializer::new(value, &mut track);
        match Self::deserialize_lenient(tracked) {
            Ok(v) => Ok(v),
            Err(e) => Err(error_at(path, &track.path(), &e)),
        }
    }
}

/// A generated structure: its members by wire name.
pub trait Structure: Decode + Default {
    /// The wire names of the members every answer has, in the order of their bits in
    /// `seen` (see [`required`]).
    const REQUIRED: &'static [&'static str];

    /// Decodes the member `key` from `value` into `self`; an unknown key's value is
    /// skipped.
    fn decode_member<'de, D: Deserializer<'de>>(
        &mut self,
        key: &str,
        value: D,
        seen: &mut u64,
    ) -> Result<(), D::Error>;
}

/// The message of a required member that is absent or `null`.
const MISSING: &str = "missing: every answer of the API has it";
/// Separates the member's name from [`MISSING`] in the first pass's error text, so that
/// the error's path can name the member (the tracker only knows the structure's path).
const MISSING_MARK: char = '\u{1f}';

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

fn error_at(
    prefix: &str,
    tracked: &serde_path_to_error::Path,
    error: &serde_json::Error,
) -> DecodeError {
    let mut path = prefix.to_string();
    for segment in tracked.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => {
                path.push_str(&format!("[{index}]"));
            }
            serde_path_to_error::Segment::Map { key }
            | serde_path_to_error::Segment::Enum { variant: key } => push_key(&mut path, key),
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    let mut message = error.to_string();
    if error.line() > 0 {
        let at = format!(" at line {} column {}", error.line(), error.column());
        if let Some(bare) = message.strip_suffix(&at) {
            message = bare.to_string();
        }
    }
    if let Some(member) = message.strip_prefix(MISSING_MARK) {
        push_key(&mut path, member);
        message = MISSING.to_string();
    }
    DecodeError::at(path, message)
}

/// What a value was, for an error message.
enum Found<'a> {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(&'a str),
    Array,
    Object,
}

impl fmt::Display for Found<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::Null => f.write_str("null"),
            Found::Bool(b) => write!(f, "boolean {b}"),
            Found::I64(n) => write!(f, "number {n}"),
            Found::U64(n) => write!(f, "number {n}"),
            Found::F64(n) => match serde_json::Number::from_f64(*n) {
                Some(n) => write!(f, "number {n}"),
                None => write!(f, "number {n}"),
            },
            Found::Str(s) => write!(f, "string {s:?}"),
            Found::Array => f.write_str("an array"),
            Found::Object => f.write_str("an object"),
        }
    }
}

fn type_error<E: de::Error>(expected: &str, found: Found<'_>) -> E {
    E::custom(format_args!("expected {expected}, found {found}"))
}

/// The text of a JSON number that is not an integer, as `serde_json` writes it.
fn float_text(v: f64) -> String {
    serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string())
}

mod answer;
mod list;
mod scalar;
mod structure;

#[cfg(test)]
pub(crate) use answer::agrees;
pub use answer::answer;
pub(crate) use answer::from_body;
use list::*;
pub use scalar::text_enum;
pub(crate) use scalar::{Scalar, ScalarVisitor};
use structure::*;
pub use structure::{list, optional, required, skip, structure, wrapped_list};

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
    fn paths_name_items_and_wrappers() {
        let items: Result<Vec<i32>, _> = Decode::decode(&json!([1, "x"]), "L");
        assert_eq!(items.unwrap_err().path, "L[1]");
        let nested: Result<Vec<i32>, _> = wrapped_list(&json!({"W": [1, 2, "z"]}), "W", "Top.T");
        assert_eq!(nested.unwrap_err().path, "Top.T.W[2]");
        let deep = "a".repeat(200);
        let long: Result<Vec<i32>, _> = Decode::decode(&json!(["x"]), &deep);
        assert_eq!(long.unwrap_err().path, format!("{deep}[0]"));
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

    #[test]
    fn scalars_take_the_same_forms_from_bytes_and_from_a_tree() {
        for (text, expected) in [
            ("1", Some(1i64)),
            ("\"-3\"", Some(-3)),
            ("2.0", Some(2)),
            ("2.5", None),
            ("18446744073709551615", None),
            ("true", None),
            ("null", None),
        ] {
            let tree: Value = serde_json::from_str(text).unwrap();
            let from_tree = i64::decode(&tree, "n").ok();
            let mut de = serde_json::Deserializer::from_str(text);
            let from_bytes = i64::deserialize_lenient(&mut de).ok();
            assert_eq!((from_tree, from_bytes), (expected, expected), "{text}");
        }
        let e = String::decode(&json!([1]), "s").unwrap_err();
        assert_eq!(e.message, "expected a string, found an array");
        assert_eq!(String::decode(&json!(1.5), "s").unwrap(), "1.5");
        assert_eq!(String::decode(&json!(100.0), "s").unwrap(), "100.0");
    }
}
