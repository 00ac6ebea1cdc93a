//! Redaction for logs and `Debug` output: secrets never leave the process in text.
//!
//! The SDK logs URLs and headers only through these helpers. They replace the values of
//! the signing parameters (`Signature`, `AccessKeyId`, `SecurityToken`, `BearerToken`)
//! and of the credential headers (`Authorization`, `x-acs-security-token`, ...) with
//! [`REDACTED`].

use std::fmt;

/// What a redacted value is replaced with.
pub const REDACTED: &str = "** redacted **";

/// Query or form parameters whose values are never logged.
pub const SENSITIVE_PARAMS: &[&str] = &["Signature", "AccessKeyId", "SecurityToken", "BearerToken"];

/// Headers (lower case) whose values are never logged.
pub const SENSITIVE_HEADERS: &[&str] = &[
    "authorization",
    "x-acs-security-token",
    "x-acs-accesskey-id",
    "x-acs-bearer-token",
    "x-aliyun-ecs-metadata-token",
    "proxy-authorization",
    "cookie",
];

/// Whether a parameter's value must be redacted.
pub fn is_sensitive_param(name: &str) -> bool {
    SENSITIVE_PARAMS
        .iter()
        .any(|p| p.eq_ignore_ascii_case(name))
}

/// Whether a header's value must be redacted.
pub fn is_sensitive_header(name: &str) -> bool {
    SENSITIVE_HEADERS
        .iter()
        .any(|h| h.eq_ignore_ascii_case(name))
}

/// A header value fit for a log: the value, or [`REDACTED`] for credential headers.
pub fn header_value<'a>(name: &str, value: &'a str) -> &'a str {
    if is_sensitive_header(name) {
        REDACTED
    } else {
        value
    }
}

/// The URL with the values of sensitive query parameters replaced; everything else as
/// given. Works on any string (no parsing that could fail).
pub fn url(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    // User info (`user:password@host`) is never logged either.
    let base = match base.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = match rest.find('/') {
                Some(i) => rest.split_at(i),
                None => (rest, ""),
            };
            match authority.rsplit_once('@') {
                Some((_, host)) => format!("{scheme}://{REDACTED}@{host}{path}"),
                None => base.to_string(),
            }
        }
        None => base.to_string(),
    };
    match query {
        None => base,
        Some(q) => format!("{base}?{}", form(q)),
    }
}

/// A `k=v&k=v` string with the values of sensitive parameters replaced.
pub fn form(encoded: &str) -> String {
    encoded
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if is_sensitive_param(&decode_name(k)) => format!("{k}={REDACTED}"),
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn decode_name(k: &str) -> String {
    percent_encoding::percent_decode_str(k)
        .decode_utf8_lossy()
        .into_owned()
}

/// Debug-formats headers with credential values redacted.
/// A value marked [sensitive](http::HeaderValue::set_sensitive) is redacted whatever its
/// name.
pub(crate) struct Headers<'a>(pub &'a http::HeaderMap);

impl fmt::Debug for Headers<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(n, v)| {
                let text = if v.is_sensitive() {
                    std::borrow::Cow::Borrowed(REDACTED)
                } else {
                    String::from_utf8_lossy(v.as_bytes())
                };
                (n.as_str(), header_value(n.as_str(), &text).to_string())
            }))
            .finish()
    }
}

/// `text` with every form of each secret (as is, percent-encoded once or twice,
/// JSON-escaped, nested in a JSON-string parameter...) replaced by [`REDACTED`]; the
/// client scrubs whole errors the same way.
pub fn scrub(text: &str, secrets: &[&str]) -> String {
    crate::scrub::Scrubber::new(secrets).text(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_redacts_signing_parameters_only() {
        let u =
            "https://vpc.aliyuncs.com/?AccessKeyId=ak&Action=X&Signature=abc%3D&SecurityToken=tok";
        assert_eq!(
            url(u),
            "https://vpc.aliyuncs.com/?AccessKeyId=** redacted **&Action=X&Signature=** redacted **&SecurityToken=** redacted **"
        );
        assert_eq!(url("http://h/"), "http://h/");
        assert_eq!(
            url("http://u:p@h:1/x?a=b"),
            "http://** redacted **@h:1/x?a=b"
        );
    }

    #[test]
    fn header_values_are_redacted_by_name() {
        assert_eq!(header_value("Authorization", "ACS3 x"), REDACTED);
        assert_eq!(header_value("x-acs-security-token", "t"), REDACTED);
        assert_eq!(header_value("x-acs-action", "Describe"), "Describe");
    }
}
