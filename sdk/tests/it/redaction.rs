//! Secrets never appear in `Debug` output or in logs, even at TRACE level.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::{Reply, serve};
use alibabacloud_vpn::config::{HttpMethod, SignatureVersion};
use alibabacloud_vpn::operation::OperationMeta;
use alibabacloud_vpn::params::Params;
use alibabacloud_vpn::retry::RetryConfig;
use alibabacloud_vpn::{Client, Credentials};

const AK_ID: &str = "LTAI5tRedactionTestKeyId";
const SECRET: &str = "Sup3rSecretAccessKeyValue";
const TOKEN: &str = "CAIS-sts-token-9f8e7d6c5b4a";

const CREATE: OperationMeta = OperationMeta {
    action: "CreateVpnConnection",
    read_only: false,
    idempotency_token: Some("ClientToken"),
};

fn credentials() -> Credentials {
    Credentials::new(AK_ID, SECRET).with_security_token(TOKEN)
}

#[test]
fn debug_output_of_client_config_and_credentials_hides_secrets() {
    let builder = Client::builder()
        .region_id("cn-hangzhou")
        .credentials(credentials());
    let builder_text = format!("{builder:?}");
    let client = builder.build().unwrap();
    let texts = [
        builder_text,
        format!("{client:?}"),
        format!("{:?}", client.config()),
        format!("{:#?}", client.config()),
        format!("{:?}", credentials()),
    ];
    for text in &texts {
        for secret in [SECRET, TOKEN, AK_ID] {
            assert!(!text.contains(secret), "{secret} leaked in {text}");
        }
    }
    assert!(texts[1].contains("cn-hangzhou"), "{}", texts[1]);
}

#[tokio::test]
async fn cached_credentials_stay_hidden_in_debug_output() {
    let server = serve(|_, _| Reply::json(200, r#"{"RequestId":"r"}"#)).await;
    let client = Client::builder()
        .region_id("cn-hangzhou")
        .endpoint(server.url())
        .credentials(credentials())
        .build()
        .unwrap();
    client.invoke(&CREATE, Params::new()).await.unwrap();
    let text = format!("{client:?}");
    assert!(text.contains("LTAI****"), "{text}");
    for secret in [SECRET, TOKEN, AK_ID] {
        assert!(!text.contains(secret), "{secret} leaked in {text}");
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

/// Runs a failing call (two 500s, then a `SignatureDoesNotMatch` whose message echoes
/// the whole request, as the real service does) and returns the captured TRACE logs and
/// the signatures the server saw.
async fn failing_call_logs(version: SignatureVersion, method: HttpMethod) -> (String, Vec<String>) {
    let server = serve(|r, i| {
        if i < 2 {
            Reply::json(500, r#"{"Code":"InternalError","Message":"try again","RequestId":"r-500"}"#)
        } else {
            let echoed = format!(
                "{} {} {:?}",
                r.target,
                String::from_utf8_lossy(&r.body),
                r.headers
            )
            .replace('\\', "\\\\")
            .replace('"', "\\\"");
            Reply::json(
                400,
                &format!(
                    r#"{{"Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation. server string to sign is:{echoed}","RequestId":"r-400"}}"#
                ),
            )
        }
    })
    .await;
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
    let client = Client::builder()
        .region_id("cn-hangzhou")
        .endpoint(server.url())
        .credentials(credentials())
        .signature_version(version)
        .http_method(method)
        .retry(RetryConfig::default().with_base_delay(Duration::from_millis(1)))
        .build()
        .unwrap();
    let mut params = Params::new();
    params.insert("VpnGatewayId", "vpn-123");
    let err = client.invoke(&CREATE, params).await.unwrap_err();
    assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
    let shown = format!("{err} {err:?}");
    assert!(
        shown.contains("server string to sign is:"),
        "the caller still gets the service's message: {shown}"
    );
    assert!(
        !shown.contains(TOKEN) && !shown.contains(SECRET),
        "secrets echoed by the service are scrubbed from the error: {shown}"
    );
    let signatures: Vec<String> = server
        .requests()
        .iter()
        .map(|r| match version {
            SignatureVersion::V1 => r.param("Signature").unwrap(),
            _ => {
                alibabacloud_vpn::sign::v3::parse_authorization(r.header("authorization").unwrap())
                    .unwrap()
                    .2
            }
        })
        .collect();
    assert_eq!(signatures.len(), 3);
    for signature in &signatures {
        assert!(
            !shown.contains(signature.as_str()),
            "the signature is scrubbed from the error: {shown}"
        );
    }
    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    (logs, signatures)
}

fn assert_clean(logs: &str, signatures: &[String]) {
    assert!(
        logs.contains("sending request"),
        "nothing captured:\n{logs}"
    );
    assert!(logs.contains("CreateVpnConnection"), "{logs}");
    assert!(logs.contains("request_id"), "{logs}");
    let encoded_token = alibabacloud_vpn::sign::percent_encode(TOKEN);
    for secret in [SECRET, TOKEN, AK_ID, encoded_token.as_str()] {
        assert!(!logs.contains(secret), "{secret} leaked in logs:\n{logs}");
    }
    for sig in signatures {
        assert!(
            !logs.contains(sig.as_str()),
            "signature {sig} leaked in logs:\n{logs}"
        );
        let encoded = alibabacloud_vpn::sign::percent_encode(sig);
        assert!(
            !logs.contains(encoded.as_str()),
            "signature {encoded} leaked in logs:\n{logs}"
        );
    }
}

#[tokio::test]
async fn trace_logs_of_a_failing_v1_get_call_contain_no_secrets() {
    let (logs, sigs) = failing_call_logs(SignatureVersion::V1, HttpMethod::Get).await;
    assert!(logs.contains("Signature=** redacted **"), "{logs}");
    if std::env::var_os("SHOW_LOGS").is_some() {
        println!("{logs}");
    }
    assert_clean(&logs, &sigs);
}

#[tokio::test]
async fn trace_logs_of_a_failing_v3_post_call_contain_no_secrets() {
    let (logs, sigs) = failing_call_logs(SignatureVersion::V3, HttpMethod::Post).await;
    assert!(logs.contains("authorization"), "{logs}");
    assert_clean(&logs, &sigs);
}
