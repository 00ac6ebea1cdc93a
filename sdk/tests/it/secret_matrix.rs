//! No secret of a call leaks through any error or log line, whatever the service echoes.
//!
//! A distinct marker is planted in each secret slot: the access key secret, the security
//! token and the pre-shared key inside `IkeConfig` (the signature is whatever the client
//! computes, read back from the requests the server received). A hostile "service" on
//! loopback quotes the whole request back (URL, body, headers, decoded parameters, the
//! V1 string to sign), JSON-escaped as a real JSON answer does, in every field of its
//! answer. Each error kind (service error, signature mismatch, decode error of the body
//! and of a field, transport error, timeout) is driven for V1 and V3, GET and POST, with
//! TRACE logs captured, and everything the caller can see (`Display`, `Debug`, every
//! field, the source chain, the logs) is searched for each marker.
//!
//! The markers mix alphanumerics with characters that every encoding changes (space,
//! `+/=&"\`, non-ASCII): the alphanumeric core of a marker survives every encoding
//! (percent-encoding once or twice, form encoding, JSON or Rust escaping, nested JSON),
//! so searching for the core finds the marker in any of them, known or not.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::{Recorded, Reply, serve};
use alibabacloud_vpn::config::{HttpMethod, SignatureVersion, Timeouts};
use alibabacloud_vpn::error::ProvideServiceError;
use alibabacloud_vpn::retry::RetryConfig;
use alibabacloud_vpn::sign::{percent_encode, v1};
use alibabacloud_vpn::transport::{
    HttpError, HttpRequest, HttpResponse, HttpTransport, ReqwestTransport,
};
use alibabacloud_vpn::types::IkeConfig;
use alibabacloud_vpn::{Client, Credentials, SdkError};
use futures_util::future::BoxFuture;
use serde_json::json;

const SECRET: &str = "AkSecretMARKER1 +/=&\"\\é漢";
const TOKEN: &str = "StsTokenMARKER2 +/=&\"\\é漢";
const PSK: &str = "PskMARKER3 +/=&\"\\é漢";
/// A pre-shared key the service generated and returns in its answer body.
const SERVER_PSK: &str = "SrvPskMARKER4 +/=&\"\\é漢";
/// What must never be seen: the alphanumeric core of each marker.
const CORES: &[&str] = &[
    "AkSecretMARKER1",
    "StsTokenMARKER2",
    "PskMARKER3",
    "SrvPskMARKER4",
];

const WIRES: [(SignatureVersion, HttpMethod); 4] = [
    (SignatureVersion::V1, HttpMethod::Get),
    (SignatureVersion::V1, HttpMethod::Post),
    (SignatureVersion::V3, HttpMethod::Get),
    (SignatureVersion::V3, HttpMethod::Post),
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Service,
    SignatureMismatch,
    /// A body that is not JSON (caught before the output type is decoded).
    DecodeBody,
    /// A JSON body whose fields do not fit the output type.
    DecodeField,
    Transport,
    Timeout,
}

/// Everything the request carried, quoted back as a careless service would.
fn echo(r: &Recorded) -> String {
    let params = r.params();
    let signed: Vec<(&str, &str)> = params
        .iter()
        .filter(|(k, _)| k != "Signature")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let string_to_sign = v1::string_to_sign(&r.method, &signed);
    let decoded: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!(
        "target={} body={} headers={:?} params={} sts={string_to_sign}",
        r.target,
        String::from_utf8_lossy(&r.body),
        r.headers,
        decoded.join("&"),
    )
}

fn answer(kind: Kind, r: &Recorded) -> Reply {
    let e = echo(r);
    match kind {
        Kind::Service => Reply::json(
            400,
            &json!({
                "Code": format!("InvalidParameter.{e}"),
                "Message": format!("The parameters {e} are invalid."),
                "RequestId": e,
                "HostId": e,
                "Recommend": format!("https://diag/?q={e}"),
            })
            .to_string(),
        ),
        Kind::SignatureMismatch => Reply::json(
            400,
            &json!({
                "Code": "SignatureDoesNotMatch",
                "Message": format!("Specified signature is not matched with our calculation. server string to sign is:{e}"),
                "RequestId": "r-sig",
            })
            .to_string(),
        ),
        Kind::DecodeBody => Reply::json(200, &format!("<html><pre>{e}</pre>{{\"Psk\": \"{SERVER_PSK}")),
        Kind::DecodeField => Reply::json(
            200,
            &json!({
                "RequestId": "r-decode",
                "CreateTime": e,
                "VpnConnectionId": {"Echo": e},
                "IkeConfig": {"Psk": SERVER_PSK, "IkeVersion": "ikev2"},
            })
            .to_string(),
        ),
        Kind::Transport => Reply::Close,
        Kind::Timeout => Reply::Hang,
    }
}

/// A user's transport that puts the URL and body into its errors.
#[derive(Debug)]
struct Careless(ReqwestTransport);

impl HttpTransport for Careless {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        Box::pin(async move {
            let url = request.url.clone();
            let body = String::from_utf8_lossy(&request.body).into_owned();
            self.0.send(request).await.map_err(|e| {
                HttpError::new(e.kind, format!("{} {url} with {body} failed", e.message))
                    .with_source(std::io::Error::other(format!("while sending {url}")))
            })
        })
    }
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What the caller can see of an error: its `Display`, `Debug` (plain and pretty), each
/// field, and its source chain.
fn visible<E: ProvideServiceError + 'static>(err: &SdkError<E>) -> String {
    let mut out = format!("{err}\n{err:?}\n{err:#?}\n");
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        out.push_str(&format!("source: {s} / {s:?}\n"));
        source = s.source();
    }
    match err {
        SdkError::Service(e) => {
            let s = e.service_error();
            out.push_str(&format!(
                "{} {} {:?} {:?} {:?}\n",
                s.code, s.message, s.request_id, s.host_id, s.recommend
            ));
        }
        SdkError::Decode(d) => {
            out.push_str(&format!(
                "{} {} {:?} {}\n",
                d.message, d.path, d.request_id, d.body
            ));
        }
        SdkError::Transport(t) => out.push_str(&format!("{}\n", t.message)),
        _ => {}
    }
    out
}

/// The signature a recorded request carried.
fn signature(r: &Recorded) -> String {
    match r.header("authorization") {
        Some(auth) => {
            alibabacloud_vpn::sign::v3::parse_authorization(auth)
                .unwrap()
                .2
        }
        None => r.param("Signature").unwrap(),
    }
}

/// The pieces of a signature every encoding leaves intact (base64 runs between `+/=`).
fn signature_pieces(sig: &str) -> Vec<String> {
    sig.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| p.len() >= 8)
        .map(str::to_string)
        .chain([
            sig.to_string(),
            percent_encode(sig),
            percent_encode(&percent_encode(sig)),
        ])
        .collect()
}

/// Runs one call of `kind` over one wire; returns what leaked (empty when nothing did).
async fn leaks(kind: Kind, version: SignatureVersion, method: HttpMethod) -> Vec<String> {
    let server = serve(move |r, _| answer(kind, r)).await;
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // While a single dispatcher exists, tracing decides whether a callsite is wanted
    // from the subscriber of the thread that first reaches it (a test running in
    // parallel, without one); a second, silent dispatcher makes it ask them all.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    let _guard = tracing::subscriber::set_default(subscriber);
    // Callsites first reached by other tests before this subscriber existed keep a
    // cached "not interested"; ask them again.
    tracing::callsite::rebuild_interest_cache();
    let mut builder = Client::builder()
        .region_id("cn-hangzhou")
        .endpoint(server.url())
        .credentials(Credentials::new("LTAI-matrix-id", SECRET).with_security_token(TOKEN))
        .signature_version(version)
        .http_method(method)
        .retry(
            RetryConfig::default()
                .with_max_attempts(2)
                .with_base_delay(Duration::from_millis(1)),
        )
        .timeouts(Timeouts::new().with_attempt(Duration::from_millis(300)));
    if kind == Kind::Transport {
        let inner = ReqwestTransport::new(Duration::from_secs(5)).unwrap();
        builder = builder.transport(Arc::new(Careless(inner)));
    }
    let client = builder.build().unwrap();
    let err = client
        .create_vpn_connection()
        .vpn_gateway_id("vpn-matrix")
        .customer_gateway_id("cgw-matrix")
        .local_subnet("10.0.0.0/24")
        .remote_subnet("10.1.0.0/24")
        .ike_config(IkeConfig::builder().psk(PSK).build())
        .send()
        .await
        .unwrap_err();
    let shown = visible(&err);
    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    let wire = format!("{kind:?} {version:?} {method:?}");
    let mut found = Vec::new();
    // The call did what the kind says, and the echo did reach the caller (scrubbed).
    let expected = matches!(
        (&err, kind),
        (
            SdkError::Service(_),
            Kind::Service | Kind::SignatureMismatch
        ) | (SdkError::Decode(_), Kind::DecodeBody | Kind::DecodeField)
            | (SdkError::Transport(_), Kind::Transport)
            | (SdkError::Timeout(_), Kind::Timeout)
    );
    if !expected {
        found.push(format!("{wire}: unexpected error {err:?}"));
    }
    if kind != Kind::Timeout && !shown.contains("** redacted **") {
        found.push(format!("{wire}: nothing was echoed and scrubbed: {shown}"));
    }
    if !logs.contains("sending request") {
        found.push(format!("{wire}: no logs captured"));
    }
    let requests = server.requests();
    if requests.is_empty() {
        found.push(format!("{wire}: no request reached the server"));
    }
    for core in CORES {
        if shown.contains(core) {
            found.push(format!("{wire}: {core} in the error:\n{shown}"));
        }
        if logs.contains(core) {
            found.push(format!("{wire}: {core} in the logs:\n{logs}"));
        }
    }
    for piece in requests
        .iter()
        .flat_map(|r| signature_pieces(&signature(r)))
    {
        if shown.contains(&piece) {
            found.push(format!(
                "{wire}: signature piece {piece} in the error:\n{shown}"
            ));
        }
        if logs.contains(&piece) {
            found.push(format!(
                "{wire}: signature piece {piece} in the logs:\n{logs}"
            ));
        }
    }
    found
}

async fn check(kind: Kind) {
    let mut all = Vec::new();
    for (version, method) in WIRES {
        all.extend(leaks(kind, version, method).await);
    }
    assert!(
        all.is_empty(),
        "{} leak(s):\n{}",
        all.len(),
        all.join("\n\n")
    );
}

#[tokio::test]
async fn service_errors_echoing_the_request_leak_nothing() {
    check(Kind::Service).await;
}

#[tokio::test]
async fn signature_mismatch_quoting_the_string_to_sign_leaks_nothing() {
    check(Kind::SignatureMismatch).await;
}

#[tokio::test]
async fn undecodable_bodies_leak_nothing() {
    check(Kind::DecodeBody).await;
}

#[tokio::test]
async fn bodies_that_do_not_fit_the_output_type_leak_nothing() {
    check(Kind::DecodeField).await;
}

#[tokio::test]
async fn transport_errors_quoting_the_request_leak_nothing() {
    check(Kind::Transport).await;
}

#[tokio::test]
async fn timeouts_leak_nothing_in_logs() {
    check(Kind::Timeout).await;
}
