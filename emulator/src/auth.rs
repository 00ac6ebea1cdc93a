//! Signature checks, using the SDK's own signing functions
//! (`alibabacloud_vpn::sign`) so client and emulator share one implementation.
//!
//! * V1 (HMAC-SHA1): `AccessKeyId`, `Signature`, `SignatureMethod=HMAC-SHA1`,
//!   `SignatureVersion=1.0`, `SignatureNonce`, `Timestamp` among the query/form
//!   parameters; every parameter but `Signature` is signed.
//! * V3 (ACS3-HMAC-SHA256): `Authorization: ACS3-HMAC-SHA256 Credential=..,
//!   SignedHeaders=..,Signature=..`; the canonical request is rebuilt over exactly the
//!   headers named in `SignedHeaders` and the SHA-256 of the body actually received.
//!
//! Failures: `MissingParameter` (a V1 common parameter is absent, or the nonce is
//! empty), `IncompleteSignature` (wrong method/version, malformed `Authorization`,
//! `x-acs-date` / nonce / action not signed), `IllegalTimestamp` (missing, anything but
//! exactly `YYYY-MM-DDThh:mm:ssZ`, or more than the allowed skew — 15 minutes by default —
//! from the emulator's clock), `InvalidAccessKeyId.NotFound`,
//! `SignatureDoesNotMatch` (the message carries the server's string to sign, as the
//! service's does) and `SignatureNonceUsed`. A correctly signed request then has its
//! `SecurityToken` checked against the temporary credentials the emulator issued (see
//! [`crate::sts`]).

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use alibabacloud_vpn::sign::{v1, v3};
use serde::Serialize;
use time::OffsetDateTime;

use crate::errors::ApiError;
use crate::params::Incoming;
use crate::sts::Issuer;

/// Which signature scheme a request used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SignatureVersion {
    /// HMAC-SHA1 `Signature` parameter.
    V1,
    /// `ACS3-HMAC-SHA256` `Authorization` header.
    V3,
}

impl SignatureVersion {
    /// Detects the scheme: an `Authorization` header means V3, anything else V1.
    pub fn detect(req: &Incoming) -> Self {
        if req.header("authorization").is_some() {
            SignatureVersion::V3
        } else {
            SignatureVersion::V1
        }
    }
}

/// The access key pair the emulator trusts.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// AccessKey ID.
    pub access_key_id: String,
    /// AccessKey secret.
    pub access_key_secret: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"***")
            .finish()
    }
}

/// Nonces seen recently, keyed by access key id and nonce, with when they were seen
/// (Unix seconds). Entries older than twice the allowed skew are forgotten.
///
/// It has a lock of its own, apart from the emulator's state lock: signatures are
/// verified before that lock is taken, so a flood of badly signed requests never holds
/// up good ones.
#[derive(Debug, Default)]
pub struct NonceCache {
    inner: Mutex<Nonces>,
}

#[derive(Debug, Default)]
struct Nonces {
    seen: HashMap<(String, String), i64>,
    /// Size at which the next sweep of expired nonces runs; it doubles with the live set,
    /// so sweeping costs amortised O(1) per request instead of a scan on every request.
    sweep_at: usize,
}

impl NonceCache {
    fn lock(&self) -> MutexGuard<'_, Nonces> {
        match self.inner.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Records the nonce; `false` when it was already used within the window.
    pub fn check_and_insert(&self, key_id: &str, nonce: &str, now: i64, window: Duration) -> bool {
        let window = i64::try_from(window.as_secs()).unwrap_or(i64::MAX / 4);
        let mut n = self.lock();
        if n.seen.len() >= n.sweep_at.max(1024) {
            n.seen
                .retain(|_, t| now.saturating_sub(*t) <= window.saturating_mul(2));
            n.sweep_at = (n.seen.len() * 2).max(1024);
        }
        let key = (key_id.to_string(), nonce.to_string());
        match n.seen.get(&key) {
            Some(t) if now.saturating_sub(*t) <= window.saturating_mul(2) => false,
            _ => {
                n.seen.insert(key, now);
                true
            }
        }
    }

    /// Forgets every nonce.
    pub fn clear(&self) {
        let mut n = self.lock();
        n.seen = HashMap::new();
        n.sweep_at = 0;
    }
}

/// Requests whose parameters and body together exceed this many bytes are expensive to
/// verify (the string to sign is built and hashed over all of them).
pub const LARGE_REQUEST_BYTES: usize = 64 << 10;

/// Lets one large request at a time be verified, so that a flood of large, badly signed
/// requests keeps at most one worker busy and ordinary requests find another free.
#[derive(Debug)]
pub struct LargeRequestGate(tokio::sync::Semaphore);

impl Default for LargeRequestGate {
    fn default() -> Self {
        Self(tokio::sync::Semaphore::new(1))
    }
}

impl LargeRequestGate {
    /// Verifies `req` (see [`verify`]), waiting its turn first when it is large.
    pub async fn verify(
        &self,
        req: &Incoming,
        creds: &Credentials,
        sts: &Issuer,
        nonces: &NonceCache,
        now: i64,
        max_skew: Duration,
    ) -> Result<SignatureVersion, ApiError> {
        let size = req.body.len()
            + req
                .query
                .iter()
                .map(|(k, v)| k.len() + v.len())
                .sum::<usize>();
        let _turn = if size > LARGE_REQUEST_BYTES {
            // The semaphore is never closed; if it were, verifying anyway is harmless.
            self.0.acquire().await.ok()
        } else {
            None
        };
        verify(req, creds, sts, nonces, now, max_skew)
    }
}

/// Verifies the request's signature, by the trusted key or by temporary credentials
/// `sts` issued, then its security token. `now` is Unix seconds.
pub fn verify(
    req: &Incoming,
    creds: &Credentials,
    sts: &Issuer,
    nonces: &NonceCache,
    now: i64,
    max_skew: Duration,
) -> Result<SignatureVersion, ApiError> {
    let keys = Keys { creds, sts };
    let (version, key_id, token) = match SignatureVersion::detect(req) {
        SignatureVersion::V1 => (
            SignatureVersion::V1,
            verify_v1(req, &keys, nonces, now, max_skew)?,
            req.param("SecurityToken"),
        ),
        SignatureVersion::V3 => (
            SignatureVersion::V3,
            verify_v3(req, &keys, nonces, now, max_skew)?,
            req.header("x-acs-security-token"),
        ),
    };
    sts.check_token(&key_id, token, now)?;
    Ok(version)
}

/// The keys a request may be signed with.
struct Keys<'a> {
    creds: &'a Credentials,
    sts: &'a Issuer,
}

impl Keys<'_> {
    fn secret(&self, key_id: &str) -> Result<String, ApiError> {
        self.sts
            .secret_for(key_id, self.creds)
            .ok_or_else(|| common("InvalidAccessKeyId.NotFound"))
    }
}

fn common(code: &str) -> ApiError {
    ApiError::of(None, code)
}

fn check_timestamp(
    name: &str,
    value: Option<&str>,
    now: i64,
    max_skew: Duration,
) -> Result<(), ApiError> {
    let Some(value) = value else {
        return Err(ApiError::with_message(
            None,
            "IllegalTimestamp",
            format!(
                "The input parameter \"{name}\" that is mandatory for processing this request is not supplied."
            ),
        ));
    };
    let Some(t) = parse_utc_timestamp(value) else {
        return Err(ApiError::with_message(
            None,
            "IllegalTimestamp",
            format!(
                "The input parameter \"{name}\" is not a valid ISO 8601 UTC time (YYYY-MM-DDThh:mm:ssZ)."
            ),
        ));
    };
    let skew = (t.unix_timestamp() - now).unsigned_abs();
    if skew > max_skew.as_secs() {
        return Err(ApiError::with_message(
            None,
            "IllegalTimestamp",
            format!(
                "The input parameter \"{name}\" ({value}) is more than {} seconds away from the server time.",
                max_skew.as_secs()
            ),
        ));
    }
    Ok(())
}

/// The one timestamp form the service accepts: `YYYY-MM-DDThh:mm:ssZ` (UTC, upper-case
/// `T` and `Z`, no fraction, no offset).
const TIMESTAMP: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// Parses a timestamp in exactly the form [`TIMESTAMP`] describes.
fn parse_utc_timestamp(value: &str) -> Option<OffsetDateTime> {
    // Twenty ASCII characters with the separators in place: no sign, no wider year.
    let b = value.as_bytes();
    let shape = b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        });
    if !shape {
        return None;
    }
    time::PrimitiveDateTime::parse(value, TIMESTAMP)
        .ok()
        .map(time::PrimitiveDateTime::assume_utc)
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn mismatch(string_to_sign: &str) -> ApiError {
    ApiError::with_message(
        None,
        "SignatureDoesNotMatch",
        format!(
            "Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}"
        ),
    )
}

/// The key id of a correctly signed V1 request.
fn verify_v1(
    req: &Incoming,
    keys: &Keys<'_>,
    nonces: &NonceCache,
    now: i64,
    max_skew: Duration,
) -> Result<String, ApiError> {
    for name in [
        "AccessKeyId",
        "Signature",
        "SignatureMethod",
        "SignatureVersion",
        "SignatureNonce",
    ] {
        if req.param(name).is_none() {
            return Err(ApiError::missing(name));
        }
    }
    // An empty nonce is no nonce: replays could not be told apart.
    if req.param("SignatureNonce").is_some_and(str::is_empty) {
        return Err(ApiError::missing("SignatureNonce"));
    }
    if req.param("SignatureMethod") != Some(v1::SIGNATURE_METHOD)
        || req.param("SignatureVersion") != Some(v1::SIGNATURE_VERSION)
    {
        return Err(common("IncompleteSignature"));
    }
    check_timestamp("Timestamp", req.param("Timestamp"), now, max_skew)?;
    let key_id = req.param("AccessKeyId").unwrap_or_default();
    let secret = keys.secret(key_id)?;
    let signed: Vec<(&str, &str)> = req.all_pairs().filter(|(k, _)| *k != "Signature").collect();
    let string_to_sign = v1::string_to_sign(&req.method, &signed);
    let expected = v1::signature(&secret, &string_to_sign);
    if !constant_time_eq(&expected, req.param("Signature").unwrap_or_default()) {
        return Err(mismatch(&string_to_sign));
    }
    let nonce = req.param("SignatureNonce").unwrap_or_default();
    if !nonces.check_and_insert(key_id, nonce, now, max_skew) {
        return Err(common("SignatureNonceUsed"));
    }
    Ok(key_id.to_string())
}

/// The V3 canonical request over exactly the headers named in `SignedHeaders`, or `None`
/// when a named header is absent.
///
/// Built by the SDK's `v3::canonical_request`. That function signs only `host`,
/// `content-type` and `x-acs-*` (what the Go SDK and this project's SDK sign); Alibaba's
/// Python SDK (`alibabacloud_tea_openapi`) signs *every* header it sends (`user-agent`,
/// `accept`, ...), so when other names are listed the header block (and only it) is
/// rebuilt over the named set with the same rules (lower-case names, trimmed values,
/// repeated names merged with sorted values joined by `,`, sorted by name); method, URI,
/// query and payload lines stay the SDK's.
fn canonical_request(req: &Incoming, names: &[String], hashed: &str) -> Option<String> {
    let present: Vec<(&str, &str)> = req
        .headers
        .iter()
        .filter(|(n, _)| names.iter().any(|s| s == n))
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    if names.iter().any(|n| !present.iter().any(|(p, _)| p == n)) {
        return None;
    }
    let query: Vec<(&str, &str)> = req
        .query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    Some(v3::canonical_request_with_signed_headers(
        &req.method,
        &req.path,
        &query,
        &present,
        names,
        hashed,
    ))
}

/// The key id of a correctly signed V3 request.
fn verify_v3(
    req: &Incoming,
    keys: &Keys<'_>,
    nonces: &NonceCache,
    now: i64,
    max_skew: Duration,
) -> Result<String, ApiError> {
    let Some((key_id, signed_headers, signature)) =
        v3::parse_authorization(req.header("authorization").unwrap_or_default())
    else {
        return Err(common("IncompleteSignature"));
    };
    let mut names: Vec<String> = signed_headers
        .split(';')
        .map(|n| n.trim().to_ascii_lowercase())
        .filter(|n| !n.is_empty())
        .collect();
    names.sort();
    names.dedup();
    for required in ["x-acs-action", "x-acs-date", "x-acs-signature-nonce"] {
        if !names.iter().any(|n| n == required) {
            return Err(ApiError::with_message(
                None,
                "IncompleteSignature",
                format!(
                    "The request signature does not conform to Aliyun standards: header \"{required}\" must be signed."
                ),
            ));
        }
    }
    check_timestamp("x-acs-date", req.header("x-acs-date"), now, max_skew)?;
    let Some(nonce) = req
        .header("x-acs-signature-nonce")
        .filter(|n| !n.trim().is_empty())
    else {
        return Err(ApiError::missing("x-acs-signature-nonce"));
    };
    let secret = keys.secret(&key_id)?;
    let hashed = v3::hash_payload(&req.body);
    let Some(canonical) = canonical_request(req, &names, &hashed) else {
        return Err(mismatch("(a signed header is missing from the request)"));
    };
    let string_to_sign = v3::string_to_sign(&canonical);
    let expected = v3::signature(&secret, &string_to_sign);
    if !constant_time_eq(&expected, &signature) {
        return Err(mismatch(&string_to_sign));
    }
    if !nonces.check_and_insert(&key_id, nonce, now, max_skew) {
        return Err(common("SignatureNonceUsed"));
    }
    Ok(key_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::format_description::well_known::Rfc3339;

    #[test]
    fn only_the_documented_timestamp_form_parses() {
        assert!(parse_utc_timestamp("2024-01-01T00:00:30Z").is_some());
        for bad in [
            "2024-01-01T08:00:30+08:00",
            "2024-01-01T00:00:30.5Z",
            "2024-01-01t00:00:30Z",
            "2024-01-01T00:00:30z",
            "2024-01-01 00:00:30Z",
            "2024-01-01T00:00:30",
            "+2024-01-01T00:00:30Z",
            "2024-13-01T00:00:30Z",
            "2024-02-30T00:00:30Z",
            "2024-01-01T24:00:00Z",
            "２０２４-01-01T00:00:30Z",
            "",
        ] {
            assert!(parse_utc_timestamp(bad).is_none(), "{bad}");
        }
    }

    fn creds() -> Credentials {
        Credentials {
            access_key_id: "testid".into(),
            access_key_secret: "testsecret".into(),
        }
    }

    /// The Authorization value Alibaba's Python SDK (`alibabacloud_tea_openapi`
    /// `Utils.get_authorization`) computes for this request: it signs every header,
    /// `accept` and `user-agent` included.
    #[test]
    fn python_sdk_vector_signing_every_header_verifies() {
        let hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let headers = [
            ("host", "127.0.0.1:8080"),
            ("x-acs-version", "2016-04-28"),
            ("x-acs-action", "DescribeVpnGateways"),
            ("user-agent", "AlibabaCloud (Linux) Python/3.11 TeaDSL/2"),
            ("x-acs-date", "2024-01-01T00:00:00Z"),
            ("x-acs-signature-nonce", "0123456789abcdef"),
            ("accept", "application/json"),
            ("x-acs-content-sha256", hash),
            ("accept-encoding", "gzip"),
            (
                "authorization",
                "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=8930ce4511375f2bed0d00dfaa5cfe8c9dbc7d723d3b80bad8528353e4dcf668",
            ),
        ];
        let req = Incoming {
            method: "POST".into(),
            path: "/".into(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            query: vec![
                ("RegionId".into(), "cn-hangzhou".into()),
                ("PageSize".into(), "10".into()),
            ],
            ..Incoming::default()
        };
        let now = OffsetDateTime::parse("2024-01-01T00:00:30Z", &Rfc3339)
            .unwrap()
            .unix_timestamp();
        let nonces = NonceCache::default();
        assert_eq!(
            verify(
                &req,
                &creds(),
                &Issuer::default(),
                &nonces,
                now,
                Duration::from_secs(900)
            ),
            Ok(SignatureVersion::V3)
        );
        // Changing a signed header that only the Python SDK signs breaks it.
        let mut tampered = req.clone();
        for (n, v) in tampered.headers.iter_mut() {
            if n == "user-agent" {
                *v = "other".into();
            }
        }
        let nonces = NonceCache::default();
        let err = verify(
            &tampered,
            &creds(),
            &Issuer::default(),
            &nonces,
            now,
            Duration::from_secs(900),
        )
        .unwrap_err();
        assert_eq!(err.code, "SignatureDoesNotMatch");
    }
}
