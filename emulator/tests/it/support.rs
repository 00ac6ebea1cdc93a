//! Test helpers: a minimal signing client (V1 and V3) and spec conformance checks.

use std::collections::BTreeMap;
use std::time::Duration;

use alibabacloud_vpn::sign::{percent_encode, v1, v3};
use serde_json::Value;
use vpn_emulator::Emulator;

pub const REGION: &str = "cn-hangzhou";
pub const VERSION: &str = "2016-04-28";

/// An emulator with no activation delay, a fixed seed, and strict about parameters
/// (so that no test passes while a parameter it sends is silently dropped).
pub async fn emulator() -> Emulator {
    Emulator::builder()
        .activation_delay(Duration::ZERO)
        .seed(7)
        .strict(true)
        .start()
        .await
        .expect("emulator starts")
}

/// An answer: status, headers, parsed JSON body.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub json: Value,
}

impl Resp {
    pub fn code(&self) -> &str {
        self.json["Code"].as_str().unwrap_or("")
    }

    pub fn str(&self, key: &str) -> String {
        self.json[key].as_str().unwrap_or_default().to_string()
    }

    #[track_caller]
    pub fn ok(self) -> Self {
        assert_eq!(self.status, 200, "expected success, got {}", self.json);
        self
    }

    #[track_caller]
    pub fn err(self, status: u16, code: &str) -> Self {
        assert_eq!(
            (self.status, self.code()),
            (status, code),
            "body: {}",
            self.json
        );
        for key in ["RequestId", "HostId", "Code", "Message", "Recommend"] {
            assert!(
                self.json.get(key).is_some(),
                "error body lacks {key}: {}",
                self.json
            );
        }
        self
    }
}

/// How to sign and send a V1 request.
#[derive(Debug, Clone)]
pub struct V1 {
    pub method: &'static str,
    pub access_key_id: String,
    pub secret: String,
    pub timestamp: Option<String>,
    pub nonce: Option<String>,
    /// POST: parameters in the form body instead of the query.
    pub in_body: bool,
    /// Replace the computed signature.
    pub signature: Option<String>,
    /// Version parameter.
    pub version: String,
}

impl V1 {
    pub fn new(emu: &Emulator) -> Self {
        Self {
            method: "GET",
            access_key_id: emu.access_key_id(),
            secret: emu.access_key_secret(),
            timestamp: None,
            nonce: None,
            in_body: false,
            signature: None,
            version: VERSION.into(),
        }
    }
}

pub fn now_iso(offset_secs: i64) -> String {
    let t = time::OffsetDateTime::now_utc() + time::Duration::seconds(offset_secs);
    t.format(time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
    ))
    .unwrap()
}

pub fn nonce() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn encode(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

async fn finish(resp: reqwest::Response) -> Resp {
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let text = resp.text().await.expect("body");
    let json = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    Resp {
        status,
        headers,
        json,
    }
}

pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// Sends a V1-signed request.
pub async fn v1_call(emu: &Emulator, opts: &V1, action: &str, params: &[(&str, &str)]) -> Resp {
    v1_send(emu, opts, action, params).await.expect("transport")
}

/// Sends a V1-signed request, returning transport errors.
pub async fn v1_send(
    emu: &Emulator,
    opts: &V1,
    action: &str,
    params: &[(&str, &str)],
) -> Result<Resp, reqwest::Error> {
    let mut pairs: Vec<(String, String)> = vec![
        ("Action".into(), action.into()),
        ("Version".into(), opts.version.clone()),
        ("Format".into(), "JSON".into()),
        ("AccessKeyId".into(), opts.access_key_id.clone()),
        ("SignatureMethod".into(), "HMAC-SHA1".into()),
        ("SignatureVersion".into(), "1.0".into()),
        (
            "SignatureNonce".into(),
            opts.nonce.clone().unwrap_or_else(nonce),
        ),
        (
            "Timestamp".into(),
            opts.timestamp.clone().unwrap_or_else(|| now_iso(0)),
        ),
    ];
    pairs.extend(params.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let refs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let sts = v1::string_to_sign(opts.method, &refs);
    let sig = opts
        .signature
        .clone()
        .unwrap_or_else(|| v1::signature(&opts.secret, &sts));
    pairs.push(("Signature".into(), sig));
    let client = http();
    let url = format!("{}/", emu.endpoint());
    let resp = if opts.method == "GET" {
        client
            .get(format!("{url}?{}", encode(&pairs)))
            .send()
            .await?
    } else if opts.in_body {
        client
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(encode(&pairs))
            .send()
            .await?
    } else {
        client
            .post(format!("{url}?{}", encode(&pairs)))
            .send()
            .await?
    };
    Ok(finish(resp).await)
}

/// A V1 GET with defaults.
pub async fn call(emu: &Emulator, action: &str, params: &[(&str, &str)]) -> Resp {
    v1_call(emu, &V1::new(emu), action, params).await
}

/// How to sign and send a V3 request.
#[derive(Debug, Clone)]
pub struct V3 {
    pub access_key_id: String,
    pub secret: String,
    pub date: Option<String>,
    pub nonce: Option<String>,
    /// Headers changed after signing.
    pub tamper: Vec<(String, String)>,
    /// Sign only these headers (by name) instead of all signable ones.
    pub sign_only: Option<Vec<&'static str>>,
    /// Form body pairs.
    pub form: Vec<(String, String)>,
    /// Body bytes sent instead of the signed form body.
    pub body_override: Option<String>,
}

impl V3 {
    pub fn new(emu: &Emulator) -> Self {
        Self {
            access_key_id: emu.access_key_id(),
            secret: emu.access_key_secret(),
            date: None,
            nonce: None,
            tamper: Vec::new(),
            sign_only: None,
            form: Vec::new(),
            body_override: None,
        }
    }
}

/// Sends a V3-signed POST: `params` in the query, `opts.form` in the body.
pub async fn v3_call(emu: &Emulator, opts: &V3, action: &str, params: &[(&str, &str)]) -> Resp {
    let body = encode(&opts.form);
    let hashed = v3::hash_payload(body.as_bytes());
    let host = emu.local_addr().to_string();
    let mut headers: Vec<(String, String)> = vec![
        ("host".into(), host),
        ("x-acs-action".into(), action.into()),
        ("x-acs-version".into(), VERSION.into()),
        (
            "x-acs-date".into(),
            opts.date.clone().unwrap_or_else(|| now_iso(0)),
        ),
        (
            "x-acs-signature-nonce".into(),
            opts.nonce.clone().unwrap_or_else(nonce),
        ),
        ("x-acs-content-sha256".into(), hashed.clone()),
    ];
    if !opts.form.is_empty() {
        headers.push((
            "content-type".into(),
            "application/x-www-form-urlencoded".into(),
        ));
    }
    let signed: Vec<(&str, &str)> = headers
        .iter()
        .filter(|(n, _)| {
            opts.sign_only
                .as_ref()
                .is_none_or(|only| only.contains(&n.as_str()))
        })
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let (canonical, signed_headers) = v3::canonical_request("POST", "/", params, &signed, &hashed);
    let sig = v3::signature(&opts.secret, &v3::string_to_sign(&canonical));
    let auth = v3::authorization(&opts.access_key_id, &signed_headers, &sig);
    for (n, v) in &opts.tamper {
        if let Some(slot) = headers.iter_mut().find(|(h, _)| h == n) {
            slot.1 = v.clone();
        } else {
            headers.push((n.clone(), v.clone()));
        }
    }
    let query: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mut req = http()
        .post(format!("{}/?{}", emu.endpoint(), encode(&query)))
        .header("authorization", auth);
    for (n, v) in &headers {
        if n != "host" {
            req = req.header(n.as_str(), v.as_str());
        }
    }
    let resp = req
        .body(opts.body_override.clone().unwrap_or(body))
        .send()
        .await
        .expect("transport");
    finish(resp).await
}

// ---- conformance ----

/// Asserts that a success body uses only the operation's response members, with the JSON
/// types the spec declares (wrapped lists, nested structures), and has a `RequestId`.
#[track_caller]
pub fn assert_conforms(action: &str, body: &Value) {
    let spec = vpn_emulator::spec::load().expect("spec");
    let op = &spec.operations[action];
    let obj = body
        .as_object()
        .unwrap_or_else(|| panic!("{action}: not an object: {body}"));
    let id = obj["RequestId"].as_str().expect("RequestId");
    assert_eq!(id.len(), 36, "{action}: RequestId {id}");
    assert_eq!(id, id.to_ascii_uppercase());
    check_members(spec, action, &op.response, obj);
}

fn check_members(
    spec: &vpn_spec::Spec,
    at: &str,
    members: &BTreeMap<String, vpn_spec::Member>,
    obj: &serde_json::Map<String, Value>,
) {
    for (key, value) in obj {
        let member = members
            .get(key)
            .unwrap_or_else(|| panic!("{at}: \"{key}\" is not a spec member (value {value})"));
        check_type(
            spec,
            &format!("{at}.{key}"),
            &member.ty,
            member.items.as_deref(),
            member.wrapper.as_deref(),
            value,
        );
    }
}

fn check_type(
    spec: &vpn_spec::Spec,
    at: &str,
    ty: &str,
    items: Option<&str>,
    wrapper: Option<&str>,
    v: &Value,
) {
    match ty {
        "string" => assert!(v.is_string(), "{at}: expected string, got {v}"),
        "integer" | "long" => assert!(v.is_i64(), "{at}: expected integer, got {v}"),
        "float" => assert!(v.is_number(), "{at}: expected number, got {v}"),
        "boolean" => assert!(v.is_boolean(), "{at}: expected boolean, got {v}"),
        "list" => {
            let list = match wrapper {
                Some(w) => {
                    let o = v
                        .as_object()
                        .unwrap_or_else(|| panic!("{at}: expected wrapper object, got {v}"));
                    assert_eq!(o.len(), 1, "{at}: wrapper has extra keys: {v}");
                    &o[w]
                }
                None => v,
            };
            let list = list
                .as_array()
                .unwrap_or_else(|| panic!("{at}: expected list, got {v}"));
            for (i, item) in list.iter().enumerate() {
                check_type(
                    spec,
                    &format!("{at}[{i}]"),
                    items.unwrap_or("string"),
                    None,
                    None,
                    item,
                );
            }
        }
        shape => match &spec.shapes[shape] {
            vpn_spec::Shape::Enum { .. } => {
                assert!(v.is_string(), "{at}: expected enum string, got {v}")
            }
            vpn_spec::Shape::Structure { members, .. } => {
                let o = v
                    .as_object()
                    .unwrap_or_else(|| panic!("{at}: expected object, got {v}"));
                check_members(spec, at, members, o);
            }
        },
    }
}

// ---- fixtures ----

/// Creates an active VPN gateway through the API; returns its id.
pub async fn create_gateway(emu: &Emulator, extra: &[(&str, &str)]) -> String {
    let mut params = vec![
        ("RegionId", REGION),
        ("VpcId", "vpc-test0000000000000000"),
        ("Bandwidth", "5"),
    ];
    params.extend_from_slice(extra);
    call(emu, "CreateVpnGateway", &params)
        .await
        .ok()
        .str("VpnGatewayId")
}

/// Creates a customer gateway; returns its id.
pub async fn create_cgw(emu: &Emulator, ip: &str) -> String {
    call(
        emu,
        "CreateCustomerGateway",
        &[("RegionId", REGION), ("IpAddress", ip)],
    )
    .await
    .ok()
    .str("CustomerGatewayId")
}

/// Creates an IPsec connection; returns its id.
pub async fn create_connection(emu: &Emulator, gw: &str, cgw: &str) -> String {
    call(
        emu,
        "CreateVpnConnection",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", gw),
            ("CustomerGatewayId", cgw),
            ("LocalSubnet", "10.0.0.0/24"),
            ("RemoteSubnet", "192.168.0.0/24"),
        ],
    )
    .await
    .ok()
    .str("VpnConnectionId")
}

/// The query string of a V1-signed GET of `action` for the given key pair.
pub fn signed_v1_query(
    access_key_id: &str,
    secret: &str,
    action: &str,
    params: &[(&str, &str)],
) -> String {
    let nonce = nonce();
    let ts = now_iso(0);
    let mut pairs: Vec<(String, String)> = [
        ("Action", action),
        ("Version", VERSION),
        ("Format", "JSON"),
        ("AccessKeyId", access_key_id),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", nonce.as_str()),
        ("Timestamp", ts.as_str()),
    ]
    .iter()
    .chain(params)
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let refs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let sig = v1::signature(secret, &v1::string_to_sign("GET", &refs));
    pairs.push(("Signature".into(), sig));
    encode(&pairs)
}
