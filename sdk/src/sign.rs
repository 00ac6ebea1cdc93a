//! Request signing: Alibaba Cloud RPC signature V1 (HMAC-SHA1) and V3
//! (ACS3-HMAC-SHA256).
//!
//! These are pure functions over strings, shared by the client (which signs) and the
//! emulator (which verifies). The algorithms follow the official SDKs exactly; the unit
//! tests below reproduce every official test vector.
//!
//! * [`percent_encode`]: RFC 3986 encoding used by both versions.
//! * [`v1`]: `Signature` parameter = Base64(HMAC-SHA1(secret + "&", string to sign)).
//! * [`v3`]: `Authorization` header over a canonical request, HMAC-SHA256.

use hmac::{Hmac, Mac};

/// Everything but `A-Z a-z 0-9 - _ . ~` is encoded: the set the encoders below are
/// tested against (`percent_encoding`'s own encoder over it).
#[cfg(test)]
const RFC3986: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes `s` (as UTF-8) per RFC 3986: only `A-Z a-z 0-9 - _ . ~` stay literal,
/// every other byte becomes `%XY` with upper-case hex (space is `%20`, `*` is `%2A`).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 2);
    encode_into(&mut out, s);
    out
}

/// Whether a byte stays literal in RFC 3986 encoding (`A-Z a-z 0-9 - _ . ~`): the
/// complement of the `RFC3986` set.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// Appends `s`, percent-encoded as [`percent_encode`] does, to `out`: runs of literal
/// bytes are copied whole, every other byte is the crate's `%XY`.
pub(crate) fn encode_into(out: &mut String, s: &str) {
    let mut literal_from = 0;
    for (i, b) in s.bytes().enumerate() {
        if !is_unreserved(b) {
            // `literal_from..i` holds only ASCII, so both ends are char boundaries.
            if literal_from < i {
                out.push_str(&s[literal_from..i]);
            }
            out.push_str(percent_encoding::percent_encode_byte(b));
            literal_from = i + 1;
        }
    }
    if literal_from < s.len() {
        out.push_str(&s[literal_from..]);
    }
}

/// Appends `s` percent-encoded twice (`percent_encode(&percent_encode(s))`) to `out`, in
/// one pass: the first encoding's escapes `%XY` become `%25XY` and everything it leaves
/// literal is unreserved, so the second leaves it literal too.
fn encode_twice_into(out: &mut String, s: &str) {
    let mut literal_from = 0;
    for (i, b) in s.bytes().enumerate() {
        if !is_unreserved(b) {
            if literal_from < i {
                out.push_str(&s[literal_from..i]);
            }
            out.push_str("%25");
            out.push_str(&percent_encoding::percent_encode_byte(b)[1..]);
            literal_from = i + 1;
        }
    }
    if literal_from < s.len() {
        out.push_str(&s[literal_from..]);
    }
}

/// Sorts `(name, value)` pairs by name (byte order), then by value, so repeated names
/// canonicalise deterministically.
fn sorted<'a>(params: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut v = params.to_vec();
    v.sort_unstable();
    v
}

/// A capacity hint for the encoded form of `pairs` (most characters stay literal).
fn encoded_len_hint(pairs: &[(&str, &str)]) -> usize {
    pairs
        .iter()
        .map(|(k, v)| k.len() + v.len() + v.len() / 4 + 2)
        .sum()
}

/// Signature V1 (HMAC-SHA1, `SignatureVersion=1.0`).
pub mod v1 {
    use super::*;
    use base64::Engine as _;
    use sha1::Sha1;

    /// The `SignatureMethod` parameter value.
    pub const SIGNATURE_METHOD: &str = "HMAC-SHA1";
    /// The `SignatureVersion` parameter value.
    pub const SIGNATURE_VERSION: &str = "1.0";

    /// The canonicalised query string: pairs sorted by name, names and values
    /// percent-encoded, joined as `k=v` with `&`. Empty values stay as `k=`.
    pub fn canonical_query(params: &[(&str, &str)]) -> String {
        let mut out = String::with_capacity(encoded_len_hint(params));
        write_query(&mut out, &sorted(params));
        out
    }

    /// Appends already sorted pairs as `k=v&...`, names and values percent-encoded.
    pub(crate) fn write_query<'a>(
        out: &mut String,
        sorted: impl IntoIterator<Item = &'a (&'a str, &'a str)>,
    ) {
        for (i, (k, v)) in sorted.into_iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            encode_into(out, k);
            out.push('=');
            encode_into(out, v);
        }
    }

    /// `METHOD & %2F & percent_encode(canonical_query(params))`. `params` are every
    /// signed parameter (query and form body), without `Signature`.
    pub fn string_to_sign(method: &str, params: &[(&str, &str)]) -> String {
        string_to_sign_sorted(method, &sorted(params))
    }

    /// [`string_to_sign`] of pairs already in canonical order, written in one pass.
    pub(crate) fn string_to_sign_sorted(method: &str, sorted: &[(&str, &str)]) -> String {
        let mut out = String::with_capacity(method.len() + 5 + encoded_len_hint(sorted) * 3 / 2);
        out.push_str(method);
        out.push_str("&%2F&");
        for (i, (k, v)) in sorted.iter().enumerate() {
            if i > 0 {
                out.push_str("%26");
            }
            encode_twice_into(&mut out, k);
            out.push_str("%3D");
            encode_twice_into(&mut out, v);
        }
        out
    }

    /// Base64(HMAC-SHA1(key = `secret` + "&", `string_to_sign`)).
    pub fn signature(secret: &str, string_to_sign: &str) -> String {
        // The key `secret&`, on the stack for any usual secret length.
        let mut buf = [0u8; 128];
        let digest = match buf.get_mut(..secret.len() + 1) {
            Some(key) => {
                key[..secret.len()].copy_from_slice(secret.as_bytes());
                key[secret.len()] = b'&';
                hmac_sha1_digest(key, string_to_sign)
            }
            None => hmac_sha1_digest(format!("{secret}&").as_bytes(), string_to_sign),
        };
        base64::engine::general_purpose::STANDARD.encode(digest)
    }

    fn hmac_sha1_digest(key: &[u8], data: &str) -> [u8; 20] {
        let mut mac = Hmac::<Sha1>::new_from_slice(key).expect("HMAC accepts any key length");
        mac.update(data.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// Raw HMAC-SHA1 with the key used as given (no `&` appended).
    #[cfg(test)]
    pub(crate) fn hmac_sha1(key: &[u8], data: &str) -> Vec<u8> {
        hmac_sha1_digest(key, data).to_vec()
    }
}

/// Signature V3 (`ACS3-HMAC-SHA256`).
pub mod v3 {
    use std::borrow::Cow;

    use super::*;
    use sha2::{Digest, Sha256};

    /// The algorithm name that starts the string to sign and the `Authorization` value.
    pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

    /// Lower-case hex of a SHA-256 digest, without allocating.
    fn push_hex(out: &mut String, digest: &[u8]) {
        let mut buf = [0u8; 64];
        let hex = hex::encode_to_slice(digest, &mut buf[..digest.len() * 2])
            .ok()
            .and_then(|()| std::str::from_utf8(&buf[..digest.len() * 2]).ok())
            .unwrap_or_default();
        out.push_str(hex);
    }

    /// Hex SHA-256 of the request body (the `x-acs-content-sha256` header value).
    pub fn hash_payload(body: &[u8]) -> String {
        let mut out = String::with_capacity(64);
        push_hex(&mut out, &Sha256::digest(body));
        out
    }

    /// The canonical query string: pairs sorted by name; names are not encoded, values
    /// are percent-encoded; an empty value gives `k=`.
    pub fn canonical_query(query: &[(&str, &str)]) -> String {
        let mut out = String::with_capacity(encoded_len_hint(query));
        write_query(&mut out, &sorted(query));
        out
    }

    fn write_query(out: &mut String, sorted: &[(&str, &str)]) {
        for (i, (k, v)) in sorted.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(k);
            out.push('=');
            encode_into(out, v);
        }
    }

    /// Whether a header takes part in the V3 signature (`host`, `content-type`,
    /// `x-acs-*`); `name` must be lower case.
    pub fn is_signed_header(name: &str) -> bool {
        name == "host" || name == "content-type" || name.starts_with("x-acs-")
    }

    /// The canonical request and the signed-headers list (`;`-joined).
    ///
    /// Signs the `host`, `content-type` and `x-acs-*` headers present in `headers`:
    /// names are lower-cased, values trimmed, repeated names merged with their values
    /// sorted and joined by `,`. An empty `path` is `/`.
    pub fn canonical_request(
        method: &str,
        path: &str,
        query: &[(&str, &str)],
        headers: &[(&str, &str)],
        hashed_payload: &str,
    ) -> (String, String) {
        // Names borrowed when already lower case (the usual case), lowered otherwise.
        let mut names: Vec<Cow<'_, str>> = headers
            .iter()
            .map(|(name, _)| {
                if name.bytes().any(|b| b.is_ascii_uppercase()) {
                    Cow::Owned(name.to_ascii_lowercase())
                } else {
                    Cow::Borrowed(*name)
                }
            })
            .filter(|name| is_signed_header(name))
            .collect();
        names.sort_unstable();
        names.dedup();
        let request = write_canonical_request(method, path, query, headers, &names, hashed_payload);
        let mut signed = String::with_capacity(names.iter().map(|n| n.len() + 1).sum());
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                signed.push(';');
            }
            signed.push_str(name);
        }
        (request, signed)
    }

    /// The canonical request over exactly the headers in `signed_headers` (lower-case
    /// names, as listed in an `Authorization` header's `SignedHeaders`, in that order).
    ///
    /// This is what a verifier needs: official SDKs may sign more than `host`,
    /// `content-type` and `x-acs-*` (the Python SDK also signs `accept` and `user-agent`).
    /// Header names in `headers` are matched case-insensitively; repeated headers are
    /// merged with `,` after sorting their trimmed values.
    pub fn canonical_request_with_signed_headers(
        method: &str,
        path: &str,
        query: &[(&str, &str)],
        headers: &[(&str, &str)],
        signed_headers: &[String],
        hashed_payload: &str,
    ) -> String {
        write_canonical_request(method, path, query, headers, signed_headers, hashed_payload)
    }

    fn write_canonical_request<N: AsRef<str>>(
        method: &str,
        path: &str,
        query: &[(&str, &str)],
        headers: &[(&str, &str)],
        signed_headers: &[N],
        hashed_payload: &str,
    ) -> String {
        let header_hint: usize = headers.iter().map(|(n, v)| n.len() + v.len() + 2).sum();
        let mut out = String::with_capacity(
            method.len()
                + path.len()
                + encoded_len_hint(query)
                + 2 * header_hint
                + hashed_payload.len()
                + 8,
        );
        out.push_str(method);
        out.push('\n');
        if path.is_empty() {
            out.push('/');
        } else if path.contains(['+', '*']) || path.contains("%7E") {
            out.push_str(
                &path
                    .replace('+', "%20")
                    .replace('*', "%2A")
                    .replace("%7E", "~"),
            );
        } else {
            out.push_str(path);
        }
        out.push('\n');
        write_query(&mut out, &sorted(query));
        out.push('\n');
        for name in signed_headers {
            let name = name.as_ref();
            let mut matching = headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim());
            out.push_str(name);
            out.push(':');
            match (matching.next(), matching.next()) {
                (None, _) => {}
                (Some(only), None) => out.push_str(only),
                (Some(a), Some(b)) => {
                    let mut values: Vec<&str> = [a, b].into_iter().chain(matching).collect();
                    values.sort_unstable();
                    out.push_str(&values.join(","));
                }
            }
            out.push('\n');
        }
        out.push('\n');
        for (i, name) in signed_headers.iter().enumerate() {
            if i > 0 {
                out.push(';');
            }
            out.push_str(name.as_ref());
        }
        out.push('\n');
        out.push_str(hashed_payload);
        out
    }

    /// `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request.
    pub fn string_to_sign(canonical_request: &str) -> String {
        let mut out = String::with_capacity(ALGORITHM.len() + 1 + 64);
        out.push_str(ALGORITHM);
        out.push('\n');
        push_hex(&mut out, &Sha256::digest(canonical_request.as_bytes()));
        out
    }

    /// Hex HMAC-SHA256(key = `secret`, `string_to_sign`).
    pub fn signature(secret: &str, string_to_sign: &str) -> String {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key");
        mac.update(string_to_sign.as_bytes());
        let mut out = String::with_capacity(64);
        push_hex(&mut out, &mac.finalize().into_bytes());
        out
    }

    /// The `Authorization` header value:
    /// `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<list>,Signature=<hex>`.
    pub fn authorization(access_key_id: &str, signed_headers: &str, signature: &str) -> String {
        let mut out = String::with_capacity(
            ALGORITHM.len() + 40 + access_key_id.len() + signed_headers.len() + signature.len(),
        );
        out.push_str(ALGORITHM);
        out.push_str(" Credential=");
        out.push_str(access_key_id);
        out.push_str(",SignedHeaders=");
        out.push_str(signed_headers);
        out.push_str(",Signature=");
        out.push_str(signature);
        out
    }

    /// Parses an `Authorization` value built by [`authorization`] into
    /// `(access key id, signed headers, signature)`; `None` when it is not one.
    pub fn parse_authorization(value: &str) -> Option<(String, String, String)> {
        let rest = value.trim().strip_prefix(ALGORITHM)?;
        if !rest.starts_with(' ') {
            return None;
        }
        let (mut id, mut signed, mut sig) = (None, None, None);
        for part in rest.trim().split(',') {
            let (k, v) = part.trim().split_once('=')?;
            let slot = match k {
                "Credential" => &mut id,
                "SignedHeaders" => &mut signed,
                "Signature" => &mut sig,
                _ => return None,
            };
            if slot.replace(v.to_string()).is_some() {
                return None;
            }
        }
        Some((id?, signed?, sig?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use percent_encoding::utf8_percent_encode;

    fn b64(bytes: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    // ---- §2.4 percent-encoding ----

    #[test]
    fn percent_encode_matches_java_acs_url_encoder() {
        assert_eq!(
            percent_encode("123abc!@#$%^&*()-=_+ ~|\\/"),
            "123abc%21%40%23%24%25%5E%26%2A%28%29-%3D_%2B%20~%7C%5C%2F"
        );
    }

    #[test]
    fn percent_encode_differs_from_plain_form_encoding_exactly_by_the_fixups() {
        // JAVA-CORE `AcsURLEncoderTest.encode`: plain URLEncoder output, before the
        // `*`, `~` and space fix-ups.
        let plain = "123abc%21%40%23%24%25%5E%26*%28%29-%3D_%2B%20%7E%7C%5C%2F";
        let fixed = plain.replace('*', "%2A").replace("%7E", "~");
        assert_eq!(percent_encode("123abc!@#$%^&*()-=_+ ~|\\/"), fixed);
    }

    #[test]
    fn percent_encode_canonical_query_string_python_vector() {
        assert_eq!(
            v1::canonical_query(&[("test", " ~/*-+")]),
            "test=%20~%2F%2A-%2B"
        );
        assert_eq!(
            v3::canonical_query(&[("test", " ~/*-+")]),
            "test=%20~%2F%2A-%2B"
        );
    }

    #[test]
    fn percent_encode_url_formed_map_credentials_go_vector() {
        assert_eq!(
            v1::canonical_query(&[
                ("key", "value"),
                ("key2", "http://domain/?key=value&key2=value2")
            ]),
            "key=value&key2=http%3A%2F%2Fdomain%2F%3Fkey%3Dvalue%26key2%3Dvalue2"
        );
    }

    #[test]
    fn the_byte_loop_encodes_as_the_crate_does() {
        let mut samples: Vec<String> = vec![
            String::new(),
            "plain".into(),
            "a b*~+/=&%".into(),
            "中文é😀x".into(),
            "%%%".into(),
            "\u{0}\u{7f}".into(),
        ];
        samples.push((0u8..=127).map(char::from).collect());
        for s in &samples {
            let expected = utf8_percent_encode(s, RFC3986).to_string();
            assert_eq!(percent_encode(s), expected, "{s:?}");
            let mut twice = String::new();
            encode_twice_into(&mut twice, s);
            assert_eq!(
                twice,
                utf8_percent_encode(&expected, RFC3986).to_string(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn percent_encode_utf8_and_upper_hex() {
        assert_eq!(percent_encode("中"), "%E4%B8%AD");
        assert_eq!(percent_encode("a:b"), "a%3Ab");
    }

    // ---- §4 V1 vectors ----

    #[test]
    fn v1_vector_1_darabonba_go_empty_method() {
        let sts = v1::string_to_sign("", &[("test", "ok")]);
        assert_eq!(sts, "&%2F&test%3Dok");
        assert_eq!(
            v1::signature("accessKeySecret", &sts),
            "jHx/oHoHNrbVfhncHEvPdHXZwHU="
        );
    }

    #[test]
    fn v1_vector_2_darabonba_python_query_and_body() {
        let sts = v1::string_to_sign("GET", &[("query", "test"), ("body", "test")]);
        assert_eq!(sts, "GET&%2F&body%3Dtest%26query%3Dtest");
        assert_eq!(
            v1::signature("secret", &sts),
            "XlUyV4sXjOuX5FnjUz9IF9tm5rU="
        );
    }

    #[test]
    fn v1_vector_3_sdk_go_v1_composer() {
        let params = [
            ("AccessKeyId", "accessKeyId"),
            ("Action", ""),
            ("Format", "JSON"),
            ("RegionId", "regionId"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "MOCK_UUID"),
            ("SignatureType", ""),
            ("SignatureVersion", "1.0"),
            ("Timestamp", "mock date"),
            ("Version", ""),
        ];
        let sts = v1::string_to_sign("GET", &params);
        assert_eq!(
            sts,
            "GET&%2F&AccessKeyId%3DaccessKeyId%26Action%3D%26Format%3DJSON%26RegionId%3DregionId%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3DMOCK_UUID%26SignatureType%3D%26SignatureVersion%3D1.0%26Timestamp%3Dmock%2520date%26Version%3D"
        );
        assert_eq!(
            v1::signature("accessKeySecret", &sts),
            "7loPmFjvDnzOVnQeQNj85S6nFGY="
        );
    }

    #[test]
    fn v1_vector_8_ecs_documentation() {
        let params = [
            ("AccessKeyId", "testid"),
            ("Action", "DescribeRegions"),
            ("Format", "XML"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
            ("SignatureVersion", "1.0"),
            ("Timestamp", "2016-02-23T12:46:24Z"),
            ("Version", "2014-05-26"),
        ];
        let sts = v1::string_to_sign("GET", &params);
        assert_eq!(
            sts,
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
        );
        assert_eq!(
            v1::signature("testsecret", &sts),
            "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
        );
    }

    #[test]
    fn v1_vector_9_credentials_go_string_to_sign() {
        assert_eq!(v1::string_to_sign("", &[]), "&%2F&");
        assert_eq!(v1::string_to_sign("", &[("q", "value")]), "&%2F&q%3Dvalue");
        let url = "http://domain/?q=value&q2=value2";
        assert_eq!(
            v1::string_to_sign("", &[("q", url)]),
            "&%2F&q%3Dhttp%253A%252F%252Fdomain%252F%253Fq%253Dvalue%2526q2%253Dvalue2"
        );
        // Body parameters are merged with the query and sorted.
        assert_eq!(
            v1::string_to_sign("", &[("q", url), ("bq", "bq")]),
            "&%2F&bq%3Dbq%26q%3Dhttp%253A%252F%252Fdomain%252F%253Fq%253Dvalue%2526q2%253Dvalue2"
        );
    }

    #[test]
    fn v1_vector_10_sdk_go_v1_form_then_query() {
        assert_eq!(
            v1::string_to_sign("GET", &[("key", "value")]),
            "GET&%2F&key%3Dvalue"
        );
        assert_eq!(
            v1::string_to_sign("GET", &[("key", "value"), ("q", "value")]),
            "GET&%2F&key%3Dvalue%26q%3Dvalue"
        );
    }

    #[test]
    fn v1_vector_11_java_composer() {
        assert_eq!(
            v1::string_to_sign(
                "GET",
                &[("queryKey2", "queryValue2"), ("queryKey1", "queryValue1")]
            ),
            "GET&%2F&queryKey1%3DqueryValue1%26queryKey2%3DqueryValue2"
        );
    }

    #[test]
    fn v1_hmac_sha1_primitive_vectors() {
        assert_eq!(
            b64(&v1::hmac_sha1(b"secret", "source")),
            "Jv4yi8SobFhg5t1C7nWLbhBSFZQ="
        );
        assert_eq!(
            b64(&v1::hmac_sha1(b"secret", "中文unicode")),
            "szlfHs3WVaO/HgY3Cg7/uyXDaRw="
        );
        assert_eq!(
            b64(&v1::hmac_sha1(b"secret", "中文")),
            "CqCYIa39h9SSWuXnTz8F5hh9UPA="
        );
        // Java signs with the key exactly as given...
        assert_eq!(
            b64(&v1::hmac_sha1(b"sk#$!~~~", "abc~!@#")),
            "7eV3A584uvdgKVk8Ck8r9ukg1gE="
        );
        // ...while `v1::signature` appends the `&`.
        assert_eq!(
            v1::signature("sk#$!~~~", "abc~!@#"),
            "EJPY0SiMjCaIk4VjU7s8OKfAXrk="
        );
    }

    #[test]
    fn v1_derived_create_vpn_connection_vector() {
        let params = [
            ("AccessKeyId", "testid"),
            ("Action", "CreateVpnConnection"),
            ("Format", "json"),
            ("Version", "2016-04-28"),
            ("Timestamp", "2024-01-01T00:00:00Z"),
            ("SignatureNonce", "0123456789abcdef0123456789abcdef"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureVersion", "1.0"),
            ("RegionId", "cn-hangzhou"),
            ("VpnGatewayId", "vpn-test"),
            ("CustomerGatewayId", "cgw-test"),
            ("LocalSubnet", "10.0.0.0/24,10.0.1.0/24"),
            ("RemoteSubnet", "192.168.0.0/24"),
            ("IkeConfig", r#"{"IkeVersion":"ikev2","Psk":"a b*~"}"#),
            ("Tags.1.Key", "env"),
            ("Tags.1.Value", "prod test"),
            ("EffectImmediately", "true"),
        ];
        assert_eq!(
            v1::canonical_query(&params),
            "AccessKeyId=testid&Action=CreateVpnConnection&CustomerGatewayId=cgw-test&EffectImmediately=true&Format=json&IkeConfig=%7B%22IkeVersion%22%3A%22ikev2%22%2C%22Psk%22%3A%22a%20b%2A~%22%7D&LocalSubnet=10.0.0.0%2F24%2C10.0.1.0%2F24&RegionId=cn-hangzhou&RemoteSubnet=192.168.0.0%2F24&SignatureMethod=HMAC-SHA1&SignatureNonce=0123456789abcdef0123456789abcdef&SignatureVersion=1.0&Tags.1.Key=env&Tags.1.Value=prod%20test&Timestamp=2024-01-01T00%3A00%3A00Z&Version=2016-04-28&VpnGatewayId=vpn-test"
        );
        let sts = v1::string_to_sign("POST", &params);
        assert_eq!(
            v1::signature("testsecret", &sts),
            "ATq1CPzjBlMGFM8QFfXzpukrzYo="
        );
    }

    // ---- §3 V3 vectors ----

    #[test]
    fn v3_get_authorization_darabonba_vector() {
        let (canonical, signed) = v3::canonical_request(
            "",
            "",
            &[("test", "ok"), ("empty", "")],
            &[("x-acs-test", "http"), ("x-acs-TEST", "https")],
            "55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23",
        );
        assert_eq!(
            canonical,
            "\n/\nempty=&test=ok\nx-acs-test:http,https\n\nx-acs-test\n55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23"
        );
        assert_eq!(signed, "x-acs-test");
        let sig = v3::signature("secret", &v3::string_to_sign(&canonical));
        assert_eq!(
            v3::authorization("acesskey", &signed, &sig),
            "ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=x-acs-test,Signature=4ab59fffe3c5738ff8a2729f90cc04fe18b02a4b15b2102cbaf92f9ff3df2ea3"
        );
    }

    #[test]
    fn v3_hash_vectors() {
        assert_eq!(
            v3::hash_payload(b"test"),
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
        );
        assert_eq!(
            v3::hash_payload(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn v3_java_composer_canonical_request() {
        // The Java composer's expected text stops at the signed-headers line; ours
        // appends the hashed payload as its sixth line.
        let (canonical, signed) = v3::canonical_request(
            "GET",
            "http://www.aliyun.com/pathValue1",
            &[
                ("queryKey1", "queryValue1"),
                ("queryKey2", "queryValue2"),
                ("queryKey3", ""),
                ("queryKey4", "queryValue4"),
            ],
            &[
                ("Content-Type", "Content-Type-Value"),
                ("x-acs-content-sha256", "null"),
                ("x-acs-signature-version", "3.0"),
                ("accept", "application/json"),
            ],
            "HASH",
        );
        assert_eq!(
            canonical,
            "GET\nhttp://www.aliyun.com/pathValue1\nqueryKey1=queryValue1&queryKey2=queryValue2&queryKey3=&queryKey4=queryValue4\ncontent-type:Content-Type-Value\nx-acs-content-sha256:null\nx-acs-signature-version:3.0\n\ncontent-type;x-acs-content-sha256;x-acs-signature-version\nHASH"
        );
        assert_eq!(
            signed,
            "content-type;x-acs-content-sha256;x-acs-signature-version"
        );
    }

    #[test]
    fn v3_mock_server_signed_headers_list() {
        let headers = [
            ("host", "vpc.aliyuncs.com"),
            ("x-acs-version", "2016-04-28"),
            ("x-acs-action", "DescribeVpnGateways"),
            ("user-agent", "ua"),
            ("x-acs-date", "2024-01-01T00:00:00Z"),
            ("x-acs-signature-nonce", "n"),
            ("accept", "application/json"),
            ("x-acs-content-sha256", "h"),
            ("x-acs-accesskey-id", "ak"),
            ("x-acs-security-token", "tok"),
            ("x-acs-credentials-provider", "static"),
            ("content-type", "application/x-www-form-urlencoded"),
        ];
        let (_, signed) = v3::canonical_request("POST", "/", &[], &headers, "h");
        assert_eq!(
            signed,
            "content-type;host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version"
        );
    }

    #[test]
    fn v3_header_values_are_trimmed() {
        let (c, _) = v3::canonical_request("GET", "/", &[], &[("Host", "  h  ")], "p");
        assert!(c.contains("\nhost:h\n"), "{c}");
    }

    #[test]
    fn v3_authorization_round_trips_through_parse() {
        let value = v3::authorization("ak", "host;x-acs-date", "abc");
        assert_eq!(
            v3::parse_authorization(&value),
            Some(("ak".into(), "host;x-acs-date".into(), "abc".into()))
        );
        assert_eq!(v3::parse_authorization("Bearer x"), None);
        assert_eq!(
            v3::parse_authorization("ACS3-HMAC-SHA256 Credential=a"),
            None
        );
        assert_eq!(
            v3::parse_authorization(
                "ACS3-HMAC-SHA256 Credential=a,Credential=b,SignedHeaders=h,Signature=s"
            ),
            None
        );
        assert_eq!(
            v3::parse_authorization("ACS3-HMAC-SHA256Credential=a,SignedHeaders=h,Signature=s"),
            None
        );
    }

    // ---- vectors computed by the official SDKs' own code ----
    //
    // Computed with the signing functions of the PyPI packages the interop suite pins:
    // `alibabacloud-tea-openapi` 0.4.6 (`Utils.get_rpcsignature`, `Utils.get_authorization`)
    // and, for V1, `aliyun-python-sdk-core` 2.16.1 (`rpc_signature_composer`'s string to
    // sign and signature, which agree). The packages ship no test files of their own.

    #[test]
    fn v1_official_python_vector_describe_vpn_gateway() {
        // Given out of order: the string to sign sorts.
        let params = [
            ("VpnGatewayId", "vpn-bp1q8bgx4xnkm2ogj0abc"),
            ("Action", "DescribeVpnGateway"),
            ("Format", "JSON"),
            ("Version", "2016-04-28"),
            ("Timestamp", "2026-11-28T19:45:56Z"),
            ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureVersion", "1.0"),
            ("AccessKeyId", "bench-key-id"),
            ("RegionId", "cn-hangzhou"),
        ];
        let sts = v1::string_to_sign("POST", &params);
        assert_eq!(
            sts,
            "POST&%2F&AccessKeyId%3Dbench-key-id%26Action%3DDescribeVpnGateway%26Format%3DJSON%26RegionId%3Dcn-hangzhou%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2026-11-28T19%253A45%253A56Z%26Version%3D2016-04-28%26VpnGatewayId%3Dvpn-bp1q8bgx4xnkm2ogj0abc"
        );
        assert_eq!(
            v1::signature("bench-key-secret", &sts),
            "h13Jyv5oWuajKwdtGggWAjIgN7Q="
        );
    }

    #[test]
    fn v1_official_python_vector_every_character_class() {
        let params = [
            ("Tags.1.Value", "é!'()*"),
            ("IkeConfig", r#"{"Psk":"a b*~+/=&","LocalId":"中文"}"#),
            ("Name", ""),
            ("AccessKeyId", "LTAI"),
            ("Tags.1.Key", "k e y"),
            ("Action", "CreateVpnConnection"),
            ("SecurityToken", "tok+/=="),
            ("RegionId", "cn-hangzhou"),
        ];
        let sts = v1::string_to_sign("GET", &params);
        assert_eq!(
            sts,
            "GET&%2F&AccessKeyId%3DLTAI%26Action%3DCreateVpnConnection%26IkeConfig%3D%257B%2522Psk%2522%253A%2522a%2520b%252A~%252B%252F%253D%2526%2522%252C%2522LocalId%2522%253A%2522%25E4%25B8%25AD%25E6%2596%2587%2522%257D%26Name%3D%26RegionId%3Dcn-hangzhou%26SecurityToken%3Dtok%252B%252F%253D%253D%26Tags.1.Key%3Dk%2520e%2520y%26Tags.1.Value%3D%25C3%25A9%2521%2527%2528%2529%252A"
        );
        assert_eq!(
            v1::signature("s3cr3t/+=&", &sts),
            "1+k9zXrI5ZQf8kO6ma+m1woDWTQ="
        );
        // The one-pass string to sign is the two-pass definition.
        assert_eq!(
            sts,
            format!("GET&%2F&{}", percent_encode(&v1::canonical_query(&params)))
        );
    }

    #[test]
    fn v1_long_secrets_sign_like_short_ones() {
        // Keys longer than the stack buffer take the allocating path: same HMAC.
        let long = "k".repeat(300);
        let expected = {
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD
                .encode(v1::hmac_sha1(format!("{long}&").as_bytes(), "data"))
        };
        assert_eq!(v1::signature(&long, "data"), expected);
        let edge = "k".repeat(127);
        assert_eq!(
            v1::signature(&edge, "data"),
            base64::engine::general_purpose::STANDARD
                .encode(v1::hmac_sha1(format!("{edge}&").as_bytes(), "data"))
        );
    }

    #[test]
    fn v3_official_python_vector_post() {
        let headers = [
            ("X-Acs-Action", "DescribeVpnGateway"),
            ("host", "vpc.aliyuncs.com"),
            ("x-acs-version", "2016-04-28"),
            ("x-acs-date", "2026-11-28T19:45:56Z"),
            (
                "x-acs-signature-nonce",
                "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
            ),
            (
                "x-acs-content-sha256",
                "3b6da090aea86eb249f41f8ad4420a63885cc7280c442450c943d5da3bb6a38f",
            ),
            ("accept", "application/json"),
            ("user-agent", "not signed"),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ];
        let hashed =
            v3::hash_payload(b"RegionId=cn-hangzhou&VpnGatewayId=vpn-bp1q8bgx4xnkm2ogj0abc");
        assert_eq!(
            hashed,
            "3b6da090aea86eb249f41f8ad4420a63885cc7280c442450c943d5da3bb6a38f"
        );
        let (canonical, signed) = v3::canonical_request("POST", "/", &[], &headers, &hashed);
        let sig = v3::signature("bench-key-secret", &v3::string_to_sign(&canonical));
        assert_eq!(
            v3::authorization("bench-key-id", &signed, &sig),
            "ACS3-HMAC-SHA256 Credential=bench-key-id,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=5b27ce111e0030daec6d60a0f0b3d4ab07f88399fc26bf281d1f1814a92163ef"
        );
    }

    #[test]
    fn v3_official_python_vector_get_with_sts_and_encoded_query() {
        let query = [
            ("Tags.1.Value", "中 文"),
            ("RegionId", "cn-hangzhou"),
            ("IkeConfig", r#"{"Psk":"a b*~+/=&"}"#),
            ("Name", ""),
        ];
        let headers = [
            ("host", "127.0.0.1:8080"),
            ("x-acs-action", "CreateVpnConnection"),
            ("x-acs-version", "2016-04-28"),
            ("x-acs-date", "2024-01-01T00:00:00Z"),
            ("x-acs-signature-nonce", "n-1"),
            ("x-acs-content-sha256", &v3::hash_payload(b"")),
            ("x-acs-accesskey-id", "STS.ak"),
            ("x-acs-security-token", "tok+/="),
        ];
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, &**v)).collect();
        let (canonical, signed) =
            v3::canonical_request("GET", "/", &query, &headers, &v3::hash_payload(b""));
        let sig = v3::signature("sec/+=", &v3::string_to_sign(&canonical));
        assert_eq!(
            v3::authorization("STS.ak", &signed, &sig),
            "ACS3-HMAC-SHA256 Credential=STS.ak,SignedHeaders=host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version,Signature=9f60bf596a0418b09cb9f2d1de2d536ae6249ebd10bb23bf79fd10206ea9634e"
        );
    }
}
