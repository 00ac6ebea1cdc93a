//! A whole answer: the `<Action>Response` envelope, the request id (`RequestId`, then
//! `requestId`, then the `x-acs-request-id` header) and the output, in one pass over the
//! body; the tree pass with paths only when that one fails.

use super::*;

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

/// The text of a request id member: a non-empty string, a number or a boolean.
pub(super) struct RequestIdText;

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
pub(super) const REQUEST_ID: &str = "RequestId";
pub(super) const REQUEST_ID_LOWER: &str = "requestId";

/// A whole success answer: the `<Action>Response` envelope (an object whose only member
/// is that key, holding an object) is looked through, and a body without `RequestId`
/// gets the request id from `requestId` or the header. The same rules as the parsed-tree
/// path in `response`, in one pass.
pub(super) struct Answer<'a, O> {
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
