//! Structures: one pass over an object's members, each dispatched by its wire name to the
//! generated [`Structure`] impl; unknown members skipped.

use super::*;

/// A member name, borrowed from the input when it has no escapes.
pub(super) struct Key<'de>(pub(super) Cow<'de, str>);

pub(super) struct KeySeed;

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

pub(super) struct StructVisitor<T>(pub(super) PhantomData<T>);

/// One member's value, decoded into the structure.
pub(super) struct Member<'a, T> {
    pub(super) out: &'a mut T,
    pub(super) key: &'a str,
    pub(super) seen: &'a mut u64,
}

impl<'de, T: Structure> DeserializeSeed<'de> for Member<'_, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.out.decode_member(self.key, d, self.seen)
    }
}

pub(super) fn finish<T: Structure, E: de::Error>(out: T, seen: u64) -> Result<T, E> {
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
