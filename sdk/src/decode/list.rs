//! Optional values and lists: `null`, an empty text or an empty wrapper as nothing, one
//! object where a list belongs, a list inside its wrapper object or without it.

use super::*;

/// Decodes `T` with [`Decode`]: the seed for items and values.
pub(super) struct Lenient<T>(pub(super) PhantomData<T>);

impl<'de, T: Decode> DeserializeSeed<'de> for Lenient<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::deserialize_lenient(d)
    }
}

/// `Option<T>`: `null` is `None`; any other value is `T`'s (also when a deserializer
/// hands it over without `visit_some`, as serde's value deserializers do).
pub(super) struct OptionVisitor<T>(pub(super) PhantomData<T>);

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
pub(super) struct ListVisitor<'w, T> {
    wrapper: Option<&'w str>,
    item: PhantomData<T>,
}

impl<'w, T> ListVisitor<'w, T> {
    pub(super) fn new(wrapper: Option<&'w str>) -> Self {
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
pub(super) struct PutBack<'de, 'w, A, T> {
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

pub(super) struct ListSeed<'w, T>(pub(super) Option<&'w str>, PhantomData<T>);

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
