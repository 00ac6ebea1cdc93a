//! Property: whatever arrives over HTTP — any method, path, parameters (names the spec
//! knows and others, any values), encodings and bodies, signed correctly or not — the
//! emulator answers, never with a 5xx, always with a JSON body carrying the `RequestId`
//! of its `x-acs-request-id` header. (A panic in a handler would lose the answer.)
//!
//! Requests are written byte for byte on a raw TCP connection, so the encodings are the
//! test's, not an HTTP client's. One emulator verifies signatures (half of its requests
//! are signed correctly, so they reach validation and the handlers); another does not
//! (so random parameters reach the handlers directly). The case budget is fixed (see
//! [`config`]); `PROPTEST_CASES=100000 cargo test -p vpn-emulator --test it props` runs a
//! longer campaign.

use std::sync::OnceLock;
use std::time::Duration;

use alibabacloud_vpn::sign::{percent_encode, v1};
use proptest::prelude::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::runtime::Runtime;
use vpn_emulator::Emulator;

use crate::support::{REGION, VERSION, nonce, now_iso};

/// The cases run by default per property (about a millisecond each).
const CASES: u32 = 256;

fn config() -> ProptestConfig {
    if std::env::var_os("PROPTEST_CASES").is_some() {
        ProptestConfig::default()
    } else {
        ProptestConfig::with_cases(CASES)
    }
}

struct World {
    rt: Runtime,
    verifying: Emulator,
    open: Emulator,
    actions: Vec<String>,
    names: Vec<String>,
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let (verifying, open) = rt.block_on(async {
            let start = |verify| {
                Emulator::builder()
                    .activation_delay(Duration::ZERO)
                    .verify_signatures(verify)
                    .seed(11)
                    .start()
            };
            (start(true).await.unwrap(), start(false).await.unwrap())
        });
        let spec = vpn_emulator::spec::load().unwrap();
        let actions = spec.operations.keys().cloned().collect();
        let mut names: Vec<String> = spec
            .operations
            .values()
            .flat_map(|op| op.request.keys().cloned())
            .chain(spec.service.common_parameters.keys().cloned())
            .collect();
        names.sort();
        names.dedup();
        World {
            rt,
            verifying,
            open,
            actions,
            names,
        }
    })
}

/// One request, before it is written.
#[derive(Debug, Clone)]
struct Req {
    method: &'static str,
    path: String,
    action: Option<String>,
    params: Vec<(String, String)>,
    /// Parameters in the form body (else in the query).
    in_body: bool,
    /// How the query is written.
    raw_query: Option<String>,
    body: Body,
    chunked: bool,
    content_type: Option<&'static str>,
    /// Sign it (V1) with the emulator's key.
    signed: bool,
}

#[derive(Debug, Clone)]
enum Body {
    /// The parameters, form-encoded (or nothing when they are in the query).
    Params,
    /// These bytes.
    Bytes(Vec<u8>),
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => ".{0,16}",
        2 => any::<String>(),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => prop::sample::select(vec![
            "", "cn-hangzhou", "true", "{}", "[]", "{\"IkeVersion\":\"ikev2\"}", "[{\"Key\":\"k\"}]",
            "10.0.0.0/8", "1.2.3.4", "-1", "99999999999999999999", "%", "%zz", "+", "=&",
        ])
        .prop_map(str::to_string),
        1 => (1usize..3000).prop_map(|n| "x".repeat(n)),
    ]
}

fn request() -> impl Strategy<Value = Req> {
    let w = world();
    let name = prop_oneof![
        4 => prop::sample::select(w.names.clone()),
        1 => ".{1,10}",
    ];
    let action = prop_oneof![
        6 => prop::sample::select(w.actions.clone()).prop_map(Some),
        1 => ".{0,12}".prop_map(Some),
        1 => Just(None),
    ];
    let raw_query = prop_oneof![
        6 => Just(None),
        1 => "[A-Za-z0-9%=&+._~-]{0,40}".prop_map(Some),
    ];
    let body = prop_oneof![
        4 => Just(Body::Params),
        1 => prop::collection::vec(any::<u8>(), 0..256).prop_map(Body::Bytes),
        1 => ".{0,64}".prop_map(|s| Body::Bytes(s.into_bytes())),
    ];
    (
        prop::sample::select(vec![
            "GET", "GET", "GET", "POST", "POST", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
        ]),
        prop_oneof![8 => Just("/".to_string()), 1 => "/[a-z0-9/]{0,8}".prop_map(|p| p)],
        action,
        prop::collection::vec((name, value()), 0..8),
        any::<bool>(),
        raw_query,
        body,
        prop::bool::weighted(0.2),
        prop::sample::select(vec![
            Some("application/x-www-form-urlencoded"),
            Some("application/x-www-form-urlencoded; charset=UTF-8"),
            Some("application/json"),
            Some("text/plain"),
            None,
        ]),
        any::<bool>(),
    )
        .prop_map(
            |(
                method,
                path,
                action,
                params,
                in_body,
                raw_query,
                body,
                chunked,
                content_type,
                signed,
            )| Req {
                method,
                // The control endpoint answers in its own format (no RequestId).
                path: if path.starts_with("/_emulator") {
                    "/".into()
                } else {
                    path
                },
                action,
                params,
                in_body,
                raw_query,
                body,
                chunked,
                content_type,
                signed,
            },
        )
}

fn encode(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The bytes of `req` for an emulator trusting `id` / `secret`.
fn wire(req: &Req, id: &str, secret: &str) -> Vec<u8> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    if let Some(a) = &req.action {
        pairs.push(("Action".into(), a.clone()));
        pairs.push(("Version".into(), VERSION.into()));
        pairs.push(("RegionId".into(), REGION.into()));
    }
    pairs.extend(req.params.iter().cloned());
    if req.signed {
        pairs.retain(|(k, _)| {
            !matches!(
                k.as_str(),
                "AccessKeyId"
                    | "Signature"
                    | "SignatureMethod"
                    | "SignatureVersion"
                    | "SignatureNonce"
                    | "Timestamp"
            )
        });
        pairs.extend([
            ("AccessKeyId".to_string(), id.to_string()),
            ("SignatureMethod".into(), "HMAC-SHA1".into()),
            ("SignatureVersion".into(), "1.0".into()),
            ("SignatureNonce".into(), nonce()),
            ("Timestamp".into(), now_iso(0)),
        ]);
        let refs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let method = if req.method == "GET" { "GET" } else { "POST" };
        let sig = v1::signature(secret, &v1::string_to_sign(method, &refs));
        pairs.push(("Signature".into(), sig));
    }
    let in_body = req.in_body && req.method != "GET" && !req.signed;
    let query = match (&req.raw_query, in_body) {
        (Some(raw), _) if !req.signed => raw.clone(),
        (_, true) => String::new(),
        _ => encode(&pairs),
    };
    let body: Vec<u8> = match &req.body {
        Body::Params if in_body => encode(&pairs).into_bytes(),
        Body::Params => Vec::new(),
        Body::Bytes(b) if !req.signed => b.clone(),
        Body::Bytes(_) => Vec::new(),
    };
    let target = if query.is_empty() {
        req.path.clone()
    } else {
        format!("{}?{query}", req.path)
    };
    let mut head = format!(
        "{} {target} HTTP/1.1\r\nhost: emulator\r\nconnection: close\r\n",
        req.method
    );
    if let Some(ct) = req.content_type.filter(|_| !req.signed || in_body) {
        head.push_str(&format!("content-type: {ct}\r\n"));
    }
    let mut out;
    if req.chunked && !body.is_empty() {
        head.push_str("transfer-encoding: chunked\r\n\r\n");
        out = head.into_bytes();
        for chunk in body.chunks(7) {
            out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
            out.extend_from_slice(chunk);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"0\r\n\r\n");
    } else {
        head.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
        out = head.into_bytes();
        out.extend_from_slice(&body);
    }
    out
}

/// Sends `bytes` and reads the whole answer: status, headers, body.
async fn exchange(
    emu: &Emulator,
    bytes: &[u8],
) -> Result<(u16, Vec<(String, String)>, Vec<u8>), String> {
    let io = async {
        let mut s = tokio::net::TcpStream::connect(emu.local_addr()).await?;
        s.write_all(bytes).await?;
        let mut answer = Vec::new();
        s.read_to_end(&mut answer).await?;
        Ok::<_, std::io::Error>(answer)
    };
    let answer = tokio::time::timeout(Duration::from_secs(20), io)
        .await
        .map_err(|_| "no answer in 20 s".to_string())?
        .map_err(|e| format!("transport: {e}"))?;
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("no complete answer: {:?}", String::from_utf8_lossy(&answer)))?;
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line: {head}"))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Ok((status, headers, answer[split + 4..].to_vec()))
}

fn check(emu: &Emulator, req: &Req) -> Result<(), TestCaseError> {
    let bytes = wire(req, &emu.access_key_id(), &emu.access_key_secret());
    let (status, headers, body) = world()
        .rt
        .block_on(exchange(emu, &bytes))
        .map_err(TestCaseError::fail)?;
    prop_assert!(
        status < 500,
        "{status} for {req:?}: {}",
        String::from_utf8_lossy(&body)
    );
    let header_id = headers
        .iter()
        .find(|(n, _)| n == "x-acs-request-id")
        .map(|(_, v)| v.clone());
    prop_assert!(header_id.is_some(), "no x-acs-request-id for {req:?}");
    let json: serde_json::Value = serde_json::from_slice(&body).map_err(|e| {
        TestCaseError::fail(format!(
            "not JSON ({e}) for {req:?}: {}",
            String::from_utf8_lossy(&body)
        ))
    })?;
    prop_assert_eq!(
        json["RequestId"].as_str(),
        header_id.as_deref(),
        "{:?}",
        req
    );
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_request_to_a_verifying_emulator_gets_an_answer_with_a_request_id(req in request()) {
        check(&world().verifying, &req)?;
    }

    #[test]
    fn every_request_to_an_open_emulator_gets_an_answer_with_a_request_id(req in request()) {
        check(&world().open, &req)?;
    }
}
