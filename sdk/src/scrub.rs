//! Scrubbing a call's secrets out of everything the SDK hands back or logs.
//!
//! A [`Scrubber`] knows every secret value of one call: the access key secret and
//! security token it was signed with, the signature it carried, and every parameter
//! value the spec marks secret (the pre-shared key inside `IkeConfig`'s JSON text, and
//! that text itself). The service can echo any of them back (its
//! `SignatureDoesNotMatch` message quotes the string to sign; a proxy's error page can
//! quote the URL), and not only as sent: percent-encoded once (query, form body) or
//! twice (the V1 string to sign), JSON-escaped (inside a JSON-string parameter, inside a
//! JSON error message, or both), with non-ASCII as `\u` escapes, form-encoded, or
//! Rust-escaped in a decode error's message. The scrubber replaces each of those forms
//! with [`REDACTED`] wherever it occurs, in every text field of an error and in log
//! lines.
//!
//! Values recorded under a secret member's name inside a kept response body (a `Psk`
//! the service generated) are found and scrubbed from that body too.
//!
//! Secrets shorter than [`MIN_SECRET_LEN`] bytes are not searched for: replacing them
//! would mangle ordinary text without protecting anything.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, OnceLock};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

use crate::credentials::Credentials;
use crate::error::{DecodeError, Error, SdkError};
use crate::params::Params;
use crate::sign::percent_encode;

pub use crate::redact::REDACTED;

/// Secrets shorter than this (in bytes) are not scrubbed.
pub const MIN_SECRET_LEN: usize = 4;

/// The secrets of one call and how to find them in text. Cheap to clone; the encoded
/// forms are computed once, on first use (a call that succeeds without logging never
/// computes them).
#[derive(Clone, Default)]
pub struct Scrubber {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    secrets: Vec<String>,
    forms: OnceLock<Vec<String>>,
}

impl fmt::Debug for Scrubber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scrubber")
            .field("secrets", &self.inner.secrets.len())
            .finish()
    }
}

impl Scrubber {
    /// A scrubber for these secret values (short ones are ignored).
    pub fn new<I, S>(secrets: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut list: Vec<String> = Vec::new();
        for s in secrets {
            let s = s.as_ref();
            if s.len() >= MIN_SECRET_LEN && !list.iter().any(|x| x == s) {
                list.push(s.to_string());
            }
        }
        Self {
            inner: Arc::new(Inner {
                secrets: list,
                forms: OnceLock::new(),
            }),
        }
    }

    /// The scrubber of one attempt: the secret parameter values, the credentials'
    /// secret and token, and the signature sent.
    pub fn for_attempt(
        params: &Params,
        credentials: &Credentials,
        signature: Option<&str>,
    ) -> Self {
        let credentials = std::iter::once(credentials.access_key_secret())
            .chain(credentials.security_token())
            .chain(signature);
        Self::new(params.secret_values().chain(credentials))
    }

    /// A scrubber that also knows `more`.
    fn with(&self, more: Vec<String>) -> Self {
        if more.is_empty() {
            return self.clone();
        }
        Self::new(self.inner.secrets.iter().cloned().chain(more))
    }

    fn forms(&self) -> &[String] {
        self.inner.forms.get_or_init(|| {
            let mut forms: Vec<String> = Vec::new();
            for s in &self.inner.secrets {
                for f in encodings(s) {
                    if !forms.contains(&f) {
                        forms.push(f);
                    }
                }
            }
            forms
        })
    }

    /// Whether `text` holds a secret in any known form.
    pub fn finds_secret_in(&self, text: &str) -> bool {
        !self.inner.secrets.is_empty() && self.forms().iter().any(|f| text.contains(f.as_str()))
    }

    /// `text` with every form of every secret replaced by [`REDACTED`]. Overlapping
    /// matches (of one secret, or of two) are redacted as one span, so no piece of a
    /// secret survives next to a redaction.
    pub fn text<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.inner.secrets.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for form in self.forms() {
            let mut from = 0;
            while let Some(at) = text[from..].find(form.as_str()) {
                let start = from + at;
                spans.push((start, start + form.len()));
                // Overlapping occurrences count too: resume one character further.
                from = start + text[start..].chars().next().map_or(1, char::len_utf8);
            }
        }
        if spans.is_empty() {
            return Cow::Borrowed(text);
        }
        spans.sort_unstable();
        let mut out = String::with_capacity(text.len());
        let mut done = 0;
        let mut iter = spans.into_iter().peekable();
        while let Some((start, mut end)) = iter.next() {
            while let Some(&(s, e)) = iter.peek() {
                if s > end {
                    break;
                }
                end = end.max(e);
                iter.next();
            }
            out.push_str(&text[done..start]);
            out.push_str(REDACTED);
            done = end;
        }
        out.push_str(&text[done..]);
        Cow::Owned(out)
    }

    /// `text` scrubbed, as a [`fmt::Display`] for log fields (computed only when the
    /// line is written).
    pub fn display<'a>(&'a self, text: &'a str) -> impl fmt::Display + 'a {
        Scrubbed(self, text)
    }

    fn owned(&self, text: String) -> String {
        match self.text(&text) {
            Cow::Borrowed(_) => text,
            Cow::Owned(s) => s,
        }
    }

    /// The error with every text field scrubbed: code, message, request id, host id and
    /// recommendation of a service error; message, path, request id and raw body of a
    /// decode error; message and source of a transport error; messages of the other
    /// kinds.
    pub fn error(&self, error: Error) -> Error {
        match error {
            SdkError::Service(mut s) => {
                s.code = self.owned(s.code);
                s.message = self.owned(s.message);
                s.request_id = s.request_id.map(|v| self.owned(v));
                s.host_id = s.host_id.map(|v| self.owned(v));
                s.recommend = s.recommend.map(|v| self.owned(v));
                SdkError::Service(s)
            }
            SdkError::Decode(d) => SdkError::Decode(self.decode_error(d)),
            SdkError::Transport(mut t) => {
                t.message = self.owned(t.message);
                t.source = t.source.map(|source| self.source(source));
                SdkError::Transport(t)
            }
            SdkError::Credentials(mut c) => {
                c.message = self.owned(c.message);
                c.tried = c.tried.into_iter().map(|t| self.owned(t)).collect();
                SdkError::Credentials(c)
            }
            SdkError::Config(mut c) => {
                c.message = self.owned(c.message);
                SdkError::Config(c)
            }
            other @ (SdkError::Validation(_) | SdkError::Timeout(_)) => other,
        }
    }

    /// The decode error with every text field scrubbed, including the values its body
    /// holds under the name of a member the spec marks secret.
    pub fn decode_error(&self, mut d: DecodeError) -> DecodeError {
        let this = self.with(harvest(&d.body, crate::generated::SECRET_MEMBERS));
        d.message = this.owned(d.message);
        d.path = this.owned(d.path);
        d.request_id = d.request_id.map(|v| this.owned(v));
        d.body = this.owned(d.body);
        d
    }

    /// The source kept when it shows no secret (so callers can still downcast it),
    /// else its message chain, scrubbed, in its place.
    fn source(
        &self,
        source: Box<dyn std::error::Error + Send + Sync>,
    ) -> Box<dyn std::error::Error + Send + Sync> {
        let mut chain = Vec::new();
        let mut next: Option<&(dyn std::error::Error + 'static)> = Some(source.as_ref());
        while let Some(e) = next {
            chain.push(e.to_string());
            next = e.source();
        }
        let debug = format!("{source:?}");
        if !chain.iter().any(|c| self.finds_secret_in(c)) && !self.finds_secret_in(&debug) {
            return source;
        }
        Box::new(ScrubbedError(self.text(&chain.join(": ")).into_owned()))
    }
}

struct Scrubbed<'a>(&'a Scrubber, &'a str);

impl fmt::Display for Scrubbed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.text(self.1))
    }
}

/// An underlying error whose text held a secret: its message chain, scrubbed.
#[derive(Debug)]
struct ScrubbedError(String);

impl fmt::Display for ScrubbedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ScrubbedError {}

/// What `application/x-www-form-urlencoded` leaves as is (besides alphanumerics).
const FORM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

/// Every form `s` can take on the wire or in an error: JSON-escaped zero, one or two
/// levels deep (as is, or with non-ASCII and `/` escaped too), Rust-escaped, and each of
/// those as is, percent-encoded once or twice (upper- or lower-case hex) and
/// form-encoded.
fn encodings(s: &str) -> Vec<String> {
    let mut bases = vec![s.to_string()];
    for once in [json_escape(s, false), json_escape(s, true)] {
        bases.push(json_escape(&once, false));
        bases.push(once.replace('/', "\\/"));
        bases.push(once);
    }
    bases.push(s.escape_debug().to_string());
    bases.push(upper_unicode_escapes(&json_escape(s, true)));
    let mut out: Vec<String> = Vec::new();
    let mut push = |f: String| {
        if !f.is_empty() && !out.contains(&f) {
            out.push(f);
        }
    };
    for b in bases {
        let once = percent_encode(&b);
        let twice = percent_encode(&once);
        push(lower_hex(&once));
        push(lower_hex(&twice));
        push(
            utf8_percent_encode(&b, FORM)
                .to_string()
                .replace("%20", "+"),
        );
        push(once);
        push(twice);
        push(b);
    }
    out
}

/// JSON string escaping without the quotes; `ascii` also escapes non-ASCII as `\uXXXX`
/// (UTF-16, lower-case hex, as Python's `json.dumps` writes it).
fn json_escape(s: &str, ascii: bool) -> String {
    let quoted = serde_json::to_string(s).unwrap_or_default();
    let inner = quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or(&quoted);
    if !ascii {
        return inner.to_string();
    }
    let mut out = String::with_capacity(inner.len());
    for c in inner.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

/// `\uabcd` escapes with upper-case hex (as Java and .NET write them).
fn upper_unicode_escapes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("\\u") {
        out.push_str(&rest[..at + 2]);
        rest = &rest[at + 2..];
        let hex_len = rest.len().min(4);
        out.push_str(&rest[..hex_len].to_ascii_uppercase());
        rest = &rest[hex_len..];
    }
    out.push_str(rest);
    out
}

/// Percent-encoded text with its hex digits in lower case.
fn lower_hex(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut hex_left = 0;
    for c in s.chars() {
        if c == '%' {
            hex_left = 2;
            out.push(c);
        } else if hex_left > 0 {
            hex_left -= 1;
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The string values `body` holds under one of `names` (compared ignoring case), in
/// the JSON and in JSON texts nested in its strings; when the body is not JSON, the
/// values that follow `"name":` (or its escaped form) in the text.
fn harvest(body: &str, names: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    if names.is_empty() || body.is_empty() {
        return found;
    }
    match serde_json::from_str::<Value>(body) {
        Ok(value) => walk(&value, names, &mut found, 0),
        Err(_) => scan(body, names, &mut found),
    }
    found
}

fn walk(value: &Value, names: &[&str], found: &mut Vec<String>, depth: usize) {
    // JSON in JSON in JSON...: a few levels are plenty; bounded against hostile input.
    if depth > 8 {
        return;
    }
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if let Value::String(s) = v
                    && names.iter().any(|n| n.eq_ignore_ascii_case(k))
                {
                    found.push(s.clone());
                }
                walk(v, names, found, depth + 1);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| walk(v, names, found, depth + 1)),
        Value::String(s) if s.trim_start().starts_with(['{', '[']) => {
            match serde_json::from_str::<Value>(s) {
                Ok(inner) => walk(&inner, names, found, depth + 1),
                Err(_) => scan(s, names, found),
            }
        }
        _ => {}
    }
}

/// A lenient search of non-JSON text (a truncated body): `"Name": "value"` and its
/// backslash-escaped form.
fn scan(text: &str, names: &[&str], found: &mut Vec<String>) {
    let lower = text.to_ascii_lowercase();
    for name in names {
        for quote in ["\"", "\\\""] {
            let key = format!("{quote}{}{quote}", name.to_ascii_lowercase());
            let mut from = 0;
            while let Some(at) = lower[from..].find(&key) {
                let after = from + at + key.len();
                from = after;
                let rest = text[after..].trim_start();
                let Some(rest) = rest.strip_prefix(':') else {
                    continue;
                };
                let Some(rest) = rest.trim_start().strip_prefix(quote) else {
                    continue;
                };
                let end = rest.find(quote).unwrap_or(rest.len());
                let raw = &rest[..end];
                found.push(raw.to_string());
                if let Ok(unescaped) = serde_json::from_str::<String>(&format!("\"{raw}\"")) {
                    found.push(unescaped);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ServiceError;

    const PSK: &str = "Psk-marker 7+/=&\"\\é漢";

    #[test]
    fn every_encoding_is_scrubbed() {
        let s = Scrubber::new([PSK]);
        let json = serde_json::to_string(PSK).unwrap();
        let nested = serde_json::to_string(&format!("{{\"Psk\":{json}}}")).unwrap();
        let once = percent_encode(PSK);
        let twice = percent_encode(&once);
        let ascii = json_escape(PSK, true);
        for text in [
            PSK.to_string(),
            json.clone(),
            nested,
            once.clone(),
            twice.clone(),
            lower_hex(&once),
            percent_encode(&percent_encode(&json_escape(PSK, false))),
            ascii.clone(),
            upper_unicode_escapes(&ascii),
            format!("{PSK:?}"),
            utf8_percent_encode(PSK, FORM)
                .to_string()
                .replace("%20", "+"),
        ] {
            let out = s.text(&text);
            assert!(!out.contains("marker"), "{text} -> {out}");
            assert!(out.contains(REDACTED), "{text} -> {out}");
        }
    }

    #[test]
    fn overlapping_secrets_leave_no_piece() {
        let s = Scrubber::new(["1234abcd", "abcdefgh"]);
        assert_eq!(s.text("x1234abcdefghy"), format!("x{REDACTED}y"));
        let s = Scrubber::new(["abab"]);
        assert_eq!(s.text("abababab"), REDACTED);
    }

    #[test]
    fn short_secrets_and_clean_text_are_left_alone() {
        assert_eq!(Scrubber::new(["&"]).text("a&b"), "a&b");
        assert!(matches!(
            Scrubber::new(["secret"]).text("nothing here"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn service_errors_are_scrubbed_in_every_field() {
        let s = Scrubber::new(["hunter22"]);
        let mut e = ServiceError::new(400, "Code.hunter22", "msg hunter22");
        e.request_id = Some("hunter22".into());
        e.host_id = Some("h-hunter22".into());
        e.recommend = Some("see hunter22".into());
        let out = s.error(SdkError::Service(e));
        assert!(!format!("{out} {out:?}").contains("hunter22"), "{out:?}");
    }

    #[test]
    fn secrets_named_in_a_kept_body_are_found() {
        let body = r#"{"IkeConfig":{"Psk":"server-made-psk","IkeVersion":"ikev1"},"Note":"{\"Psk\":\"nested-psk1\"}"}"#;
        let mut d = DecodeError::at("X", "bad");
        d.body = body.into();
        let d = Scrubber::default().decode_error(d);
        assert!(!d.body.contains("server-made"), "{}", d.body);
        assert!(!d.body.contains("nested-psk1"), "{}", d.body);
        assert!(d.body.contains("ikev1"), "{}", d.body);
        let mut d = DecodeError::at("X", "bad");
        d.body = r#"<html>{"Psk": "truncated-psk"#.into();
        let d = Scrubber::default().decode_error(d);
        assert!(!d.body.contains("truncated"), "{}", d.body);
    }
}
