//! Lenient JSON decoding used by the generated output types, straight from the bytes.
//!
//! The service answers with a flat JSON object and native types, but the reference's
//! examples (and some real answers) vary: numbers and booleans as strings, one object
//! where a list belongs, a missing list wrapper, an `<Action>Response` envelope. Every
//! one of those decodes here. Unknown members are skipped; unknown enum values are kept.
//!
//! Decoding is serde: every generated structure implements [`Structure`] (one `match` on
//! the member's wire name), and the visitors here accept the lenient forms. A call's
//! answer is decoded in one pass over its bytes ([`answer`] does the same for a body given to it), without a
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

/// A scalar decoded from whatever JSON scalar carries it; `None` (or `Err` with what was
/// expected) when the value cannot be coerced.
pub(crate) trait Scalar: Sized {
    /// What the value should be, for error messages (`an integer`).
    const EXPECTED: &'static str;
    fn from_text(text: &str) -> Result<Self, &'static str>;
    /// Takes an owned string without copying it, when the type can.
    fn take_string(text: String) -> Result<Self, String> {
        Err(text)
    }
    fn from_i64(v: i64) -> Option<Self>;
    fn from_u64(v: u64) -> Option<Self>;
    fn from_f64(v: f64) -> Option<Self>;
    fn from_bool(v: bool) -> Option<Self>;
}

pub(crate) struct ScalarVisitor<T>(PhantomData<T>);

impl<T> ScalarVisitor<T> {
    pub(crate) fn new() -> Self {
        Self(PhantomData)
    }
}

impl<'de, T: Scalar> Visitor<'de> for ScalarVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTED)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        T::from_bool(v).ok_or_else(|| type_error(T::EXPECTED, Found::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::from_i64(v).ok_or_else(|| type_error(T::EXPECTED, Found::I64(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        T::from_u64(v).ok_or_else(|| type_error(T::EXPECTED, Found::U64(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        T::from_f64(v).ok_or_else(|| type_error(T::EXPECTED, Found::F64(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::from_text(v).map_err(|expected| type_error(expected, Found::Str(v)))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
        match T::take_string(v) {
            Ok(t) => Ok(t),
            Err(v) => self.visit_str(&v),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Err(type_error(T::EXPECTED, Found::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<T, E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<T, A::Error> {
        Err(type_error(T::EXPECTED, Found::Array))
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<T, A::Error> {
        Err(type_error(T::EXPECTED, Found::Object))
    }
}

impl Scalar for String {
    const EXPECTED: &'static str = "a string";
    fn from_text(text: &str) -> Result<Self, &'static str> {
        Ok(text.to_owned())
    }
    fn take_string(text: String) -> Result<Self, String> {
        Ok(text)
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(v.to_string())
    }
    fn from_u64(v: u64) -> Option<Self> {
        Some(v.to_string())
    }
    fn from_f64(v: f64) -> Option<Self> {
        Some(float_text(v))
    }
    fn from_bool(v: bool) -> Option<Self> {
        Some(v.to_string())
    }
}

impl Scalar for bool {
    const EXPECTED: &'static str = "a boolean";
    fn from_text(text: &str) -> Result<Self, &'static str> {
        if text.eq_ignore_ascii_case("true") {
            Ok(true)
        } else if text.eq_ignore_ascii_case("false") {
            Ok(false)
        } else {
            Err(Self::EXPECTED)
        }
    }
    fn from_i64(v: i64) -> Option<Self> {
        match v {
            1 => Some(true),
            0 => Some(false),
            _ => None,
        }
    }
    fn from_u64(v: u64) -> Option<Self> {
        i64::try_from(v).ok().and_then(Self::from_i64)
    }
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
    fn from_bool(v: bool) -> Option<Self> {
        Some(v)
    }
}

/// An integral number, also written as a float without a fraction (`3.0`) or as text.
fn integer_from_f64(v: f64) -> Option<i64> {
    (v.fract() == 0.0 && v.abs() < 9.2e18).then_some(v as i64)
}

impl Scalar for i64 {
    const EXPECTED: &'static str = "an integer";
    fn from_text(text: &str) -> Result<Self, &'static str> {
        text.trim().parse().map_err(|_| Self::EXPECTED)
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(v)
    }
    fn from_u64(v: u64) -> Option<Self> {
        i64::try_from(v).ok()
    }
    fn from_f64(v: f64) -> Option<Self> {
        integer_from_f64(v)
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}

impl Scalar for i32 {
    const EXPECTED: &'static str = "a 32-bit integer";
    fn from_text(text: &str) -> Result<Self, &'static str> {
        let wide: i64 = text.trim().parse().map_err(|_| Self::EXPECTED)?;
        i32::try_from(wide).map_err(|_| Self::EXPECTED)
    }
    fn from_i64(v: i64) -> Option<Self> {
        i32::try_from(v).ok()
    }
    fn from_u64(v: u64) -> Option<Self> {
        i32::try_from(v).ok()
    }
    fn from_f64(v: f64) -> Option<Self> {
        integer_from_f64(v).and_then(Self::from_i64)
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}

impl Scalar for f64 {
    const EXPECTED: &'static str = "a number";
    fn from_text(text: &str) -> Result<Self, &'static str> {
        text.trim().parse().map_err(|_| Self::EXPECTED)
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(v as f64)
    }
    fn from_u64(v: u64) -> Option<Self> {
        Some(v as f64)
    }
    fn from_f64(v: f64) -> Option<Self> {
        Some(v)
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}

impl Scalar for f32 {
    const EXPECTED: &'static str = "a number";
    fn from_text(text: &str) -> Result<Self, &'static str> {
        f64::from_text(text).map(|v| v as f32)
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(v as f32)
    }
    fn from_u64(v: u64) -> Option<Self> {
        Some(v as f32)
    }
    fn from_f64(v: f64) -> Option<Self> {
        Some(v as f32)
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}

macro_rules! scalar_decode {
    ($($t:ty),*) => {$(
        impl Decode for $t {
            fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(ScalarVisitor::<Self>::new())
            }
        }
    )*};
}

scalar_decode!(String, bool, i64, i32, f64, f32);

/// Decodes an open enum from its wire text (a number or a boolean counts as its text),
/// without copying the text of a value the enum knows.
pub fn text_enum<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    d.deserialize_any(EnumVisitor::<T>(PhantomData))
}

struct EnumVisitor<T>(PhantomData<T>);

impl<'de, T: for<'a> From<&'a str> + From<String>> Visitor<'de> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(<String as Scalar>::EXPECTED)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::from(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
        Ok(T::from(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        ScalarVisitor::<String>::new().visit_bool(v).map(T::from)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        ScalarVisitor::<String>::new().visit_i64(v).map(T::from)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        ScalarVisitor::<String>::new().visit_u64(v).map(T::from)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        ScalarVisitor::<String>::new().visit_f64(v).map(T::from)
    }
    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        ScalarVisitor::<String>::new().visit_unit().map(T::from)
    }
    fn visit_none<E: de::Error>(self) -> Result<T, E> {
        self.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        ScalarVisitor::<String>::new().visit_seq(seq).map(T::from)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        ScalarVisitor::<String>::new().visit_map(map).map(T::from)
    }
}

/// Decodes the answer `body` to `action` (a success) into its output, as a call does:
/// in one pass, or through a parsed tree when that fails.
pub fn answer<O: Structure>(action: &str, body: &[u8]) -> Result<O, DecodeError> {
    if let Some((output, _)) = from_body::<O>(body, action, None) {
        return Ok(output);
    }
    let response = crate::transport::HttpResponse::new(200, body.to_vec());
    match crate::response::decode::<O>(action, &response) {
        Ok((output, _)) => output,
        Err(crate::error::SdkError::Decode(e)) => Err(e),
        Err(other) => Err(DecodeError::at("", other.to_string())),
    }
}

/// Decodes `T` with [`Decode`]: the seed for items and values.
struct Lenient<T>(PhantomData<T>);

impl<'de, T: Decode> DeserializeSeed<'de> for Lenient<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::deserialize_lenient(d)
    }
}

/// `Option<T>`: `null` is `None`; any other value is `T`'s (also when a deserializer
/// hands it over without `visit_some`, as serde's value deserializers do).
struct OptionVisitor<T>(PhantomData<T>);

impl<'de, T: Decode> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        T::deserialize_lenient(d).map(Some)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<T>, E> {
        T::deserialize_lenient(BoolDeserializer::new(v)).map(Some)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<T>, E> {
        T::deserialize_lenient(I64Deserializer::new(v)).map(Some)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<T>, E> {
        T::deserialize_lenient(U64Deserializer::new(v)).map(Some)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<T>, E> {
        T::deserialize_lenient(F64Deserializer::new(v)).map(Some)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<T>, E> {
        T::deserialize_lenient(StrDeserializer::new(v)).map(Some)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Option<T>, E> {
        T::deserialize_lenient(BorrowedStrDeserializer::new(v)).map(Some)
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Option<T>, E> {
        T::deserialize_lenient(StringDeserializer::new(v)).map(Some)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<T>, A::Error> {
        T::deserialize_lenient(SeqAccessDeserializer::new(seq)).map(Some)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
        T::deserialize_lenient(MapAccessDeserializer::new(map)).map(Some)
    }
}

/// A list, leniently: a bare list, one value where a list belongs (a one-item list),
/// `null` or an empty string (an empty list); with a `wrapper`, also
/// `{"<wrapper>": <any of those>}`, an empty object, and one object without the wrapper
/// key (a one-item list).
struct ListVisitor<'w, T> {
    wrapper: Option<&'w str>,
    item: PhantomData<T>,
}

impl<'w, T> ListVisitor<'w, T> {
    fn new(wrapper: Option<&'w str>) -> Self {
        Self {
            wrapper,
            item: PhantomData,
        }
    }

    fn one<E>(item: Result<T, E>) -> Result<Vec<T>, E> {
        item.map(|item| vec![item])
    }
}

impl<'de, T: Decode> Visitor<'de> for ListVisitor<'_, T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(256));
        while let Some(item) = seq.next_element_seed(Lenient::<T>(PhantomData))? {
            items.push(item);
        }
        Ok(items)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }
    fn visit_none<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Vec<T>, E> {
        Self::one(T::deserialize_lenient(BoolDeserializer::new(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Vec<T>, E> {
        Self::one(T::deserialize_lenient(I64Deserializer::new(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Vec<T>, E> {
        Self::one(T::deserialize_lenient(U64Deserializer::new(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Vec<T>, E> {
        Self::one(T::deserialize_lenient(F64Deserializer::new(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<T>, E> {
        if v.is_empty() {
            return Ok(Vec::new());
        }
        Self::one(T::deserialize_lenient(StrDeserializer::new(v)))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Vec<T>, E> {
        if v.is_empty() {
            return Ok(Vec::new());
        }
        Self::one(T::deserialize_lenient(BorrowedStrDeserializer::new(v)))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Vec<T>, E> {
        if v.is_empty() {
            return Ok(Vec::new());
        }
        Self::one(T::deserialize_lenient(StringDeserializer::new(v)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
        let Some(wrapper) = self.wrapper else {
            return Self::one(T::deserialize_lenient(MapAccessDeserializer::new(map)));
        };
        let Some(first) = map.next_key_seed(KeySeed)? else {
            return Ok(Vec::new());
        };
        if first.0 != wrapper {
            // One item placed directly, unless the wrapper key comes later.
            let mut rest = PutBack {
                first: Some(first),
                map,
                wrapper,
                found: None,
            };
            let item = T::deserialize_lenient(MapAccessDeserializer::new(&mut rest))?;
            return Ok(rest.found.unwrap_or_else(|| vec![item]));
        }
        let mut items = map.next_value_seed(ListSeed::<T>::new(None))?;
        // The wrapper wins over anything beside it (the last one, as in a parsed tree).
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if key.0 == wrapper {
                items = map.next_value_seed(ListSeed::<T>::new(None))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(items)
    }
}

/// The map of an object that held no wrapper key first: its first key given back, and
/// the wrapper's list taken aside when the key comes later.
struct PutBack<'de, 'w, A, T> {
    first: Option<Key<'de>>,
    map: A,
    wrapper: &'w str,
    found: Option<Vec<T>>,
}

impl<'de, A: MapAccess<'de>, T: Decode> MapAccess<'de> for PutBack<'de, '_, A, T> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let key = match self.first.take() {
            Some(key) => key,
            None => loop {
                match self.map.next_key_seed(KeySeed)? {
                    None => return Ok(None),
                    Some(key) if key.0 == self.wrapper => {
                        self.found = Some(self.map.next_value_seed(ListSeed::<T>::new(None))?);
                    }
                    Some(key) => break key,
                }
            },
        };
        match key.0 {
            Cow::Borrowed(k) => seed.deserialize(BorrowedStrDeserializer::new(k)).map(Some),
            Cow::Owned(k) => seed.deserialize(StringDeserializer::new(k)).map(Some),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

struct ListSeed<'w, T>(Option<&'w str>, PhantomData<T>);

impl<'w, T> ListSeed<'w, T> {
    fn new(wrapper: Option<&'w str>) -> Self {
        Self(wrapper, PhantomData)
    }
}

impl<'de, T: Decode> DeserializeSeed<'de> for ListSeed<'_, T> {
    type Value = Vec<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_any(ListVisitor::new(self.0))
    }
}

impl<T: Decode> Decode for Vec<T> {
    /// A bare list; a single value where a list belongs is a one-item list; `null` or an
    /// empty string is an empty list.
    fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ListVisitor::new(None))
    }
}

/// A member name, borrowed from the input when it has no escapes.
struct Key<'de>(Cow<'de, str>);

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key<'de>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v)))
    }
}

/// Decodes a structure: an object (`null` counts as an empty one), its members by
/// [`Structure::decode_member`], then the check that the required ones were there.
pub fn structure<'de, D: Deserializer<'de>, T: Structure>(d: D) -> Result<T, D::Error> {
    d.deserialize_any(StructVisitor::<T>(PhantomData))
}

struct StructVisitor<T>(PhantomData<T>);

/// One member's value, decoded into the structure.
struct Member<'a, T> {
    out: &'a mut T,
    key: &'a str,
    seen: &'a mut u64,
}

impl<'de, T: Structure> DeserializeSeed<'de> for Member<'_, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.out.decode_member(self.key, d, self.seen)
    }
}

fn finish<T: Structure, E: de::Error>(out: T, seen: u64) -> Result<T, E> {
    for (bit, name) in T::REQUIRED.iter().enumerate() {
        if seen & 1u64.checked_shl(bit as u32).unwrap_or(0) == 0 {
            return Err(E::custom(format_args!("{MISSING_MARK}{name}")));
        }
    }
    Ok(out)
}

impl<'de, T: Structure> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::default();
        let mut seen = 0u64;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            map.next_value_seed(Member {
                out: &mut out,
                key: &key.0,
                seen: &mut seen,
            })?;
        }
        finish(out, seen)
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        finish(T::default(), 0)
    }
    fn visit_none<E: de::Error>(self) -> Result<T, E> {
        self.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        Err(type_error("an object", Found::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Err(type_error("an object", Found::I64(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        Err(type_error("an object", Found::U64(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        Err(type_error("an object", Found::F64(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Err(type_error("an object", Found::Str(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<T, A::Error> {
        Err(type_error("an object", Found::Array))
    }
}

/// An optional member: `null` is `None`. (One dispatch on the value: `null` or the
/// value handed to `T`, rather than serde's `deserialize_option` and then `T`'s own.)
pub fn optional<'de, D: Deserializer<'de>, T: Decode>(d: D) -> Result<Option<T>, D::Error> {
    d.deserialize_any(OptionVisitor::<T>(PhantomData))
}

/// A member every answer has: decoded into `slot`, and bit `bit` of `seen` set (cleared
/// again by a later `null`, as the last of repeated keys counts).
pub fn required<'de, D: Deserializer<'de>, T: Decode>(
    d: D,
    slot: &mut T,
    seen: &mut u64,
    bit: u32,
) -> Result<(), D::Error> {
    let mask = 1u64.checked_shl(bit).unwrap_or(0);
    match optional(d)? {
        Some(value) => {
            *slot = value;
            *seen |= mask;
        }
        None => *seen &= !mask,
    }
    Ok(())
}

/// A list member, `wrapper` naming the key of a wrapped list (`{"Tag": [...]}`):
/// `null` is an empty list.
pub fn list<'de, D: Deserializer<'de>, T: Decode>(
    d: D,
    wrapper: Option<&str>,
) -> Result<Vec<T>, D::Error> {
    d.deserialize_any(ListVisitor::new(wrapper))
}

/// An unknown member's value, skipped.
pub fn skip<'de, D: Deserializer<'de>>(d: D) -> Result<(), D::Error> {
    <IgnoredAny as de::Deserialize>::deserialize(d).map(drop)
}

/// A list that the service wraps (`{"VpnGateway": [...]}` under `VpnGateways`) in a
/// parsed JSON `value` at `path`; the same forms as a wrapped list member.
pub fn wrapped_list<T: Decode>(
    value: &Value,
    wrapper: &str,
    path: &str,
) -> Result<Vec<T>, DecodeError> {
    let mut track = serde_path_to_error::Track::new();
    let tracked = serde_path_to_error::Deserializer::new(value, &mut track);
    list(tracked, Some(wrapper)).map_err(|e| error_at(path, &track.path(), &e))
}

/// The text of a request id member: a non-empty string, a number or a boolean.
struct RequestIdText;

impl<'de> DeserializeSeed<'de> for RequestIdText {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RequestIdText {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a request id")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<String>, E> {
        Ok((!v.is_empty()).then(|| v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Option<String>, E> {
        Ok((!v.is_empty()).then_some(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<String>, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<String>, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<String>, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<String>, E> {
        Ok(Some(float_text(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<String>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

/// The wire name of the request id every answer carries (`RequestId`; `requestId` in
/// some answers, and the `x-acs-request-id` header when the body has neither).
const REQUEST_ID: &str = "RequestId";
const REQUEST_ID_LOWER: &str = "requestId";

/// A whole success answer: the `<Action>Response` envelope (an object whose only member
/// is that key, holding an object) is looked through, and a body without `RequestId`
/// gets the request id from `requestId` or the header. The same rules as the parsed-tree
/// path in `response`, in one pass.
struct Answer<'a, O> {
    action: Option<&'a str>,
    header_request_id: Option<&'a str>,
    output: PhantomData<O>,
}

impl<'de, O: Structure> DeserializeSeed<'de> for Answer<'_, O> {
    type Value = Option<(O, Option<String>)>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, O: Structure> Visitor<'de> for Answer<'_, O> {
    /// `None` when the value is not an object (not an envelope, or not an answer).
    type Value = Option<(O, Option<String>)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = O::default();
        let mut seen = 0u64;
        let mut members = 0usize;
        let mut envelope = None;
        let mut has_request_id = false;
        let mut request_id = None;
        let mut lower_request_id = None;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            members += 1;
            let key = key.0;
            let is_envelope = members == 1
                && self
                    .action
                    .is_some_and(|a| key.strip_suffix("Response") == Some(a));
            if is_envelope {
                envelope = map.next_value_seed(Answer::<O> {
                    action: None,
                    header_request_id: self.header_request_id,
                    output: PhantomData,
                })?;
            } else if key == REQUEST_ID {
                has_request_id = true;
                if let Some(id) = map.next_value_seed(RequestIdText)? {
                    request_id = Some(id.clone());
                    out.decode_member(REQUEST_ID, StringDeserializer::new(id), &mut seen)?;
                }
            } else if key == REQUEST_ID_LOWER {
                lower_request_id = map.next_value_seed(RequestIdText)?;
                if let Some(id) = &lower_request_id {
                    out.decode_member(REQUEST_ID_LOWER, StrDeserializer::new(id), &mut seen)?;
                }
            } else {
                map.next_value_seed(Member {
                    out: &mut out,
                    key: &key,
                    seen: &mut seen,
                })?;
            }
        }
        if members == 1 && envelope.is_some() {
            return Ok(envelope);
        }
        if !has_request_id {
            request_id = lower_request_id.or_else(|| self.header_request_id.map(str::to_owned));
            if let Some(id) = &request_id {
                out.decode_member(REQUEST_ID, StrDeserializer::new(id), &mut seen)?;
            }
        }
        finish(out, seen).map(|out| Some((out, request_id)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// Decodes the body of a success answer to `action` straight into its output, with the
/// request id it carries (for logs), in one pass and without JSON paths. `None` when
/// this pass cannot decode it: the caller then takes the parsed-tree path, which says
/// what is wrong and where (or decodes what this pass refused).
pub(crate) fn from_body<O: Structure>(
    body: &[u8],
    action: &str,
    header_request_id: Option<&str>,
) -> Option<(O, Option<String>)> {
    // Checked as UTF-8 once, in bulk, rather than string by string.
    let text = std::str::from_utf8(body).ok()?;
    let mut de = serde_json::Deserializer::from_str(text);
    let answer = Answer::<O> {
        action: Some(action),
        header_request_id,
        output: PhantomData,
    };
    let out = answer.deserialize(&mut de).ok()??;
    de.end().ok()?;
    Some(out)
}

/// Whether the one-pass decoding of `body` as an answer to `action` gives what the
/// parsed-tree path gives: `None` when the one pass refuses it (the tree path then
/// decides), for the property tests.
#[cfg(test)]
pub(crate) fn agrees<O: Structure + PartialEq>(action: &str, body: &[u8]) -> Option<bool> {
    let (fast, _) = from_body::<O>(body, action, None)?;
    let response = crate::transport::HttpResponse::new(200, body.to_vec());
    let slow = crate::response::interpret(action, &response)
        .ok()
        .and_then(|raw| O::decode(&raw.json, "").ok());
    Some(slow.is_some_and(|slow| slow == fast))
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
