//! Scalars (strings, booleans, numbers) and open enums, each from any JSON form the
//! service uses for it: a number or a boolean as text, and text as a number or a boolean.

use super::*;

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
pub(super) fn integer_from_f64(v: f64) -> Option<i64> {
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

pub(super) struct EnumVisitor<T>(pub(super) PhantomData<T>);

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
