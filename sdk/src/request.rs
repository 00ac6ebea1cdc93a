//! Turns an operation's parameters into one signed HTTP request (one attempt).
//!
//! | | V1 (HMAC-SHA1) | V3 (ACS3-HMAC-SHA256) |
//! |---|---|---|
//! | GET | query: common + operation parameters + `Signature` | query: operation parameters; common values in `x-acs-*` headers; `Authorization` |
//! | POST | query: common parameters + `Signature`; form body: operation parameters (signed with the query) | form body: operation parameters (hashed into `x-acs-content-sha256`); headers as for GET |
//!
//! Common V1 parameters: `Action`, `Format=JSON`, `Version`, `Timestamp`,
//! `SignatureNonce`, `SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`, `AccessKeyId`
//! and, with STS credentials, `SecurityToken`.

use bytes::Bytes;

use crate::config::{HttpMethod, SignatureVersion};
use crate::credentials::Credentials;
use crate::endpoint::Endpoint;
use crate::params::Params;
use crate::sign::{percent_encode, v1, v3};
use crate::transport::{HttpRequest, Method};

/// Names the runtime sets itself in V1; operation parameters never override them.
const V1_COMMON: &[&str] = &[
    "Action",
    "Format",
    "Version",
    "Timestamp",
    "SignatureNonce",
    "SignatureMethod",
    "SignatureVersion",
    "AccessKeyId",
    "SecurityToken",
    "Signature",
];

const FORM: &str = "application/x-www-form-urlencoded";

/// Everything one attempt's request is built from.
pub(crate) struct WireRequest<'a> {
    pub action: &'a str,
    /// The API version (`2016-04-28` for VPC, `2015-04-01` for STS).
    pub version: &'a str,
    pub endpoint: &'a Endpoint,
    pub method: HttpMethod,
    pub signature: SignatureVersion,
    pub credentials: &'a Credentials,
    pub params: &'a Params,
    /// Unique per attempt (`SignatureNonce` / `x-acs-signature-nonce`).
    pub nonce: &'a str,
    /// `YYYY-MM-DDThh:mm:ssZ`.
    pub timestamp: &'a str,
    pub user_agent: &'a str,
}

/// `k=v&...`, names and values percent-encoded, in canonical (sorted) order.
fn encode_pairs(pairs: &[(&str, &str)]) -> String {
    v1::canonical_query(pairs)
}

fn url(endpoint: &Endpoint, query: &str) -> String {
    if query.is_empty() {
        endpoint.url()
    } else {
        format!("{}?{query}", endpoint.url())
    }
}

/// Builds the signed request.
pub(crate) fn build(w: &WireRequest<'_>) -> HttpRequest {
    match w.signature {
        SignatureVersion::V1 => build_v1(w),
        SignatureVersion::V3 => build_v3(w),
    }
}

fn build_v1(w: &WireRequest<'_>) -> HttpRequest {
    let mut common: Vec<(&str, &str)> = vec![
        ("Action", w.action),
        ("Format", "JSON"),
        ("Version", w.version),
        ("Timestamp", w.timestamp),
        ("SignatureNonce", w.nonce),
        ("SignatureMethod", v1::SIGNATURE_METHOD),
        ("SignatureVersion", v1::SIGNATURE_VERSION),
        ("AccessKeyId", w.credentials.access_key_id()),
    ];
    if let Some(token) = w.credentials.security_token() {
        common.push(("SecurityToken", token));
    }
    let operation: Vec<(&str, &str)> = w
        .params
        .iter()
        .filter(|(n, _)| !V1_COMMON.contains(n))
        .collect();
    let signed: Vec<(&str, &str)> = common.iter().chain(&operation).copied().collect();
    let method = match w.method {
        HttpMethod::Get => Method::Get,
        HttpMethod::Post => Method::Post,
    };
    let string_to_sign = v1::string_to_sign(method.as_str(), &signed);
    let signature = v1::signature(w.credentials.access_key_secret(), &string_to_sign);
    let (query_pairs, body) = match w.method {
        HttpMethod::Get => (signed, String::new()),
        HttpMethod::Post => (common, encode_pairs(&operation)),
    };
    let query = format!(
        "{}&Signature={}",
        encode_pairs(&query_pairs),
        percent_encode(&signature)
    );
    let mut request = HttpRequest::new(method, url(w.endpoint, &query))
        .with_header("accept", "application/json")
        .with_header("user-agent", w.user_agent)
        .with_header("x-acs-action", w.action)
        .with_header("x-acs-version", w.version);
    if method == Method::Post {
        request = request
            .with_header("content-type", FORM)
            .with_body(Bytes::from(body));
    }
    request
}

fn build_v3(w: &WireRequest<'_>) -> HttpRequest {
    let operation: Vec<(&str, &str)> = w.params.iter().collect();
    let (method, query_pairs, body) = match w.method {
        HttpMethod::Get => (Method::Get, operation, String::new()),
        HttpMethod::Post => (Method::Post, Vec::new(), encode_pairs(&operation)),
    };
    let hashed = v3::hash_payload(body.as_bytes());
    let mut headers: Vec<(String, String)> = vec![
        ("host".into(), w.endpoint.authority().into()),
        ("x-acs-action".into(), w.action.into()),
        ("x-acs-version".into(), w.version.into()),
        ("x-acs-date".into(), w.timestamp.into()),
        ("x-acs-signature-nonce".into(), w.nonce.into()),
        ("x-acs-content-sha256".into(), hashed.clone()),
        ("accept".into(), "application/json".into()),
        ("user-agent".into(), w.user_agent.into()),
    ];
    if method == Method::Post {
        headers.push(("content-type".into(), FORM.into()));
    }
    if let Some(token) = w.credentials.security_token() {
        headers.push((
            "x-acs-accesskey-id".into(),
            w.credentials.access_key_id().into(),
        ));
        headers.push(("x-acs-security-token".into(), token.into()));
    }
    let header_refs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let (canonical, signed_headers) = v3::canonical_request(
        method.as_str(),
        w.endpoint.path(),
        &query_pairs,
        &header_refs,
        &hashed,
    );
    let signature = v3::signature(
        w.credentials.access_key_secret(),
        &v3::string_to_sign(&canonical),
    );
    headers.push((
        "authorization".into(),
        v3::authorization(w.credentials.access_key_id(), &signed_headers, &signature),
    ));
    let mut request = HttpRequest::new(method, url(w.endpoint, &encode_pairs(&query_pairs)));
    request.headers = headers;
    if method == Method::Post {
        request.body = Bytes::from(body);
    }
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_form(s: &str) -> Vec<(String, String)> {
        s.split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                let d = |x: &str| {
                    percent_encoding::percent_decode_str(x)
                        .decode_utf8()
                        .unwrap()
                        .into_owned()
                };
                (d(k), d(v))
            })
            .collect()
    }

    fn params() -> Params {
        let mut p = Params::new();
        p.insert("RegionId", "cn-hangzhou");
        p.insert("IkeConfig", r#"{"Psk":"a b*~+"}"#);
        p.insert("Tags.1.Value", "prod test");
        p.insert("Action", "Evil"); // never overrides the runtime's own
        p
    }

    fn wire<'a>(
        endpoint: &'a Endpoint,
        credentials: &'a Credentials,
        params: &'a Params,
        method: HttpMethod,
        signature: SignatureVersion,
    ) -> WireRequest<'a> {
        WireRequest {
            action: "CreateVpnConnection",
            version: crate::config::API_VERSION,
            endpoint,
            method,
            signature,
            credentials,
            params,
            nonce: "nonce-1",
            timestamp: "2024-01-01T00:00:00Z",
            user_agent: "ua",
        }
    }

    /// Verifies a V1 request the way the service does.
    fn verify_v1(req: &HttpRequest, secret: &str) -> Vec<(String, String)> {
        let query = req.url.split_once('?').unwrap().1;
        let mut all = decode_form(query);
        all.extend(decode_form(std::str::from_utf8(&req.body).unwrap()));
        let sig_index = all.iter().position(|(k, _)| k == "Signature").unwrap();
        let (_, sig) = all.remove(sig_index);
        let refs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let expected = v1::signature(secret, &v1::string_to_sign(req.method.as_str(), &refs));
        assert_eq!(sig, expected);
        all
    }

    #[test]
    fn v1_get_puts_everything_in_the_signed_query() {
        let e = Endpoint::parse("http://127.0.0.1:1").unwrap();
        let c = Credentials::new("ak", "secret").with_security_token("tok");
        let p = params();
        let req = build(&wire(&e, &c, &p, HttpMethod::Get, SignatureVersion::V1));
        assert_eq!(req.method, Method::Get);
        assert!(req.body.is_empty());
        let all = verify_v1(&req, "secret");
        let get = |k: &str| all.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("Action"), Some("CreateVpnConnection"));
        assert_eq!(get("SecurityToken"), Some("tok"));
        assert_eq!(get("IkeConfig"), Some(r#"{"Psk":"a b*~+"}"#));
        assert_eq!(get("Format"), Some("JSON"));
        assert_eq!(get("Version"), Some("2016-04-28"));
        assert_eq!(all.iter().filter(|(k, _)| k == "Action").count(), 1);
    }

    #[test]
    fn v1_post_signs_query_and_form_body_together() {
        let e = Endpoint::parse("http://127.0.0.1:1").unwrap();
        let c = Credentials::new("ak", "secret");
        let p = params();
        let req = build(&wire(&e, &c, &p, HttpMethod::Post, SignatureVersion::V1));
        assert_eq!(req.method, Method::Post);
        assert_eq!(req.header("content-type"), Some(FORM));
        let body = std::str::from_utf8(&req.body).unwrap();
        assert!(body.contains("IkeConfig="), "{body}");
        assert!(!req.url.contains("IkeConfig"), "{}", req.url);
        verify_v1(&req, "secret");
    }

    fn verify_v3(req: &HttpRequest, secret: &str) {
        let (id, signed, sig) =
            v3::parse_authorization(req.header("authorization").unwrap()).unwrap();
        assert_eq!(id, "ak");
        let query = decode_form(req.url.split_once('?').map(|x| x.1).unwrap_or(""));
        let q: Vec<(&str, &str)> = query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let headers: Vec<(&str, &str)> = req
            .headers
            .iter()
            .filter(|(n, _)| signed.split(';').any(|s| s == n))
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let hashed = v3::hash_payload(&req.body);
        assert_eq!(req.header("x-acs-content-sha256"), Some(hashed.as_str()));
        let (canonical, signed_again) =
            v3::canonical_request(req.method.as_str(), "/", &q, &headers, &hashed);
        assert_eq!(signed, signed_again);
        assert_eq!(sig, v3::signature(secret, &v3::string_to_sign(&canonical)));
    }

    #[test]
    fn v3_post_hashes_the_form_body_and_signs_sts_headers() {
        let e = Endpoint::parse("http://127.0.0.1:8080").unwrap();
        let c = Credentials::new("ak", "secret").with_security_token("tok");
        let p = params();
        let req = build(&wire(&e, &c, &p, HttpMethod::Post, SignatureVersion::V3));
        assert_eq!(req.url, "http://127.0.0.1:8080/");
        assert_eq!(req.header("host"), Some("127.0.0.1:8080"));
        assert_eq!(req.header("x-acs-security-token"), Some("tok"));
        let (_, signed, _) = v3::parse_authorization(req.header("authorization").unwrap()).unwrap();
        assert_eq!(
            signed,
            "content-type;host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version"
        );
        verify_v3(&req, "secret");
    }

    #[test]
    fn v3_get_signs_the_query() {
        let e = Endpoint::parse("http://127.0.0.1:8080").unwrap();
        let c = Credentials::new("ak", "secret");
        let p = params();
        let req = build(&wire(&e, &c, &p, HttpMethod::Get, SignatureVersion::V3));
        assert!(
            req.url
                .contains("IkeConfig=%7B%22Psk%22%3A%22a%20b%2A~%2B%22%7D"),
            "{}",
            req.url
        );
        assert_eq!(
            req.header("x-acs-content-sha256"),
            Some(v3::hash_payload(b"").as_str())
        );
        assert!(req.header("x-acs-security-token").is_none());
        verify_v3(&req, "secret");
    }
}
