//! The runtime over real HTTP on loopback: signing on the wire, parameter filling,
//! retries, timeouts and error mapping.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::support::{Recorded, Reply, closed_port, serve};
use alibabacloud_vpn::config::{HttpMethod, SignatureVersion, Timeouts};
use alibabacloud_vpn::error::TimeoutKind;
use alibabacloud_vpn::operation::OperationMeta;
use alibabacloud_vpn::params::Params;
use alibabacloud_vpn::retry::RetryConfig;
use alibabacloud_vpn::sign::{v1, v3};
use alibabacloud_vpn::transport::{HttpError, HttpRequest, HttpResponse, HttpTransport};
use alibabacloud_vpn::{Client, ClientBuilder, Credentials, SdkError};
use futures_util::future::BoxFuture;

const DESCRIBE: OperationMeta = OperationMeta {
    action: "DescribeVpnGateways",
    read_only: true,
    idempotency_token: None,
};
const CREATE: OperationMeta = OperationMeta {
    action: "CreateVpnGateway",
    read_only: false,
    idempotency_token: Some("ClientToken"),
};
const DELETE_NO_TOKEN: OperationMeta = OperationMeta {
    action: "DeleteVpnRouteEntry",
    read_only: false,
    idempotency_token: None,
};

const OK: &str = r#"{"RequestId":"req-ok","TotalCount":0}"#;

fn fast_retries() -> RetryConfig {
    RetryConfig::default()
        .with_base_delay(Duration::from_millis(1))
        .with_throttle_base_delay(Duration::from_millis(1))
        .with_max_delay(Duration::from_millis(20))
}

fn builder(url: &str) -> ClientBuilder {
    Client::builder()
        .region_id("cn-hangzhou")
        .endpoint(url)
        .credentials(Credentials::new("test-ak", "test-secret"))
        .retry(fast_retries())
}

fn describe_params() -> Params {
    let mut p = Params::new();
    p.insert("VpcId", "vpc-1");
    p.insert("Description", "a b*~+/é");
    p
}

/// Checks a V1 request's signature exactly as the service does.
fn v1_signature_ok(r: &Recorded, secret: &str) -> bool {
    let mut params = r.params();
    let Some(i) = params.iter().position(|(k, _)| k == "Signature") else {
        return false;
    };
    let (_, sig) = params.remove(i);
    let refs: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    v1::signature(secret, &v1::string_to_sign(&r.method, &refs)) == sig
}

/// Checks a V3 request's signature exactly as the service does.
fn v3_signature_ok(r: &Recorded, secret: &str) -> bool {
    let Some((_, signed, sig)) = r.header("authorization").and_then(v3::parse_authorization) else {
        return false;
    };
    if r.header("x-acs-content-sha256") != Some(v3::hash_payload(&r.body).as_str()) {
        return false;
    }
    let query = crate::support::decode_form(r.query());
    let q: Vec<(&str, &str)> = query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let names: Vec<&str> = signed.split(';').collect();
    let headers: Vec<(&str, &str)> = r
        .headers
        .iter()
        .filter(|(n, _)| names.contains(&n.as_str()))
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let (canonical, _) = v3::canonical_request(
        &r.method,
        r.path(),
        &q,
        &headers,
        &v3::hash_payload(&r.body),
    );
    v3::signature(secret, &v3::string_to_sign(&canonical)) == sig
}

async fn signed_call_works(version: SignatureVersion, method: HttpMethod) -> Recorded {
    let server = serve(move |r, _| {
        let ok = match version {
            SignatureVersion::V1 => v1_signature_ok(r, "test-secret"),
            _ => v3_signature_ok(r, "test-secret"),
        };
        if ok {
            Reply::json(200, OK)
        } else {
            Reply::json(400, r#"{"Code":"SignatureDoesNotMatch","Message":"bad"}"#)
        }
    })
    .await;
    let client = builder(&server.url())
        .credentials(Credentials::new("test-ak", "test-secret").with_security_token("sts-tok"))
        .signature_version(version)
        .http_method(method)
        .build()
        .unwrap();
    let raw = client.invoke(&DESCRIBE, describe_params()).await.unwrap();
    assert_eq!(raw.request_id.as_deref(), Some("req-ok"));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    let r = reqs.into_iter().next().unwrap();
    assert_eq!(r.param("Description").as_deref(), Some("a b*~+/é"));
    assert_eq!(r.param("RegionId").as_deref(), Some("cn-hangzhou"));
    r
}

#[tokio::test]
async fn v1_post_sends_common_params_in_query_and_operation_params_in_signed_body() {
    let r = signed_call_works(SignatureVersion::V1, HttpMethod::Post).await;
    assert_eq!(r.method, "POST");
    assert!(r.query().contains("Signature="));
    assert!(!r.query().contains("VpcId"));
    assert!(String::from_utf8_lossy(&r.body).contains("VpcId=vpc-1"));
    assert_eq!(r.param("SecurityToken").as_deref(), Some("sts-tok"));
    assert_eq!(r.param("SignatureMethod").as_deref(), Some("HMAC-SHA1"));
    assert_eq!(r.param("Format").as_deref(), Some("JSON"));
    let nonce = r.param("SignatureNonce").unwrap();
    assert_eq!(uuid::Uuid::parse_str(&nonce).unwrap().get_version_num(), 4);
    let ts = r.param("Timestamp").unwrap();
    assert_eq!(ts.len(), 20, "{ts}");
    assert!(ts.ends_with('Z') && ts.as_bytes()[10] == b'T', "{ts}");
}

#[tokio::test]
async fn v1_get_sends_everything_in_the_signed_query() {
    let r = signed_call_works(SignatureVersion::V1, HttpMethod::Get).await;
    assert_eq!(r.method, "GET");
    assert!(r.body.is_empty());
    assert!(r.query().contains("VpcId=vpc-1"));
}

#[tokio::test]
async fn v3_post_signs_headers_and_hashes_the_form_body() {
    let r = signed_call_works(SignatureVersion::V3, HttpMethod::Post).await;
    assert_eq!(r.method, "POST");
    assert_eq!(r.query(), "");
    assert_eq!(r.header("x-acs-action"), Some("DescribeVpnGateways"));
    assert_eq!(r.header("x-acs-version"), Some("2016-04-28"));
    assert_eq!(r.header("x-acs-security-token"), Some("sts-tok"));
    assert!(r.param("Signature").is_none());
    assert!(r.param("SecurityToken").is_none());
}

#[tokio::test]
async fn v3_get_signs_the_query() {
    let r = signed_call_works(SignatureVersion::V3, HttpMethod::Get).await;
    assert_eq!(r.method, "GET");
    assert!(r.query().contains("VpcId=vpc-1"));
}

#[tokio::test]
async fn user_agent_names_the_sdk_and_version() {
    let server = serve(|_, _| Reply::json(200, OK)).await;
    let client = builder(&server.url()).build().unwrap();
    client.invoke(&DESCRIBE, Params::new()).await.unwrap();
    assert_eq!(
        server.requests()[0].header("user-agent"),
        Some(concat!("alibabacloud-vpn-rust/", env!("CARGO_PKG_VERSION")))
    );
}

#[tokio::test]
async fn explicit_region_id_is_kept_and_envelope_is_stripped() {
    let server = serve(|_, _| {
        Reply::json(
            200,
            r#"{"DescribeVpnGatewaysResponse":{"RequestId":"env-id","TotalCount":3}}"#,
        )
    })
    .await;
    let client = builder(&server.url()).build().unwrap();
    let mut p = Params::new();
    p.insert("RegionId", "cn-shanghai");
    let raw = client.invoke(&DESCRIBE, p).await.unwrap();
    assert_eq!(raw.json["TotalCount"], 3);
    assert_eq!(raw.request_id.as_deref(), Some("env-id"));
    assert_eq!(
        server.requests()[0].param("RegionId").as_deref(),
        Some("cn-shanghai")
    );
}

#[tokio::test]
async fn client_token_is_filled_once_and_sent_on_every_attempt() {
    let server = serve(|_, i| {
        if i < 2 {
            Reply::json(
                503,
                r#"{"Code":"ServiceUnavailable","Message":"try later"}"#,
            )
        } else {
            Reply::json(200, r#"{"RequestId":"r","VpnGatewayId":"vpn-1"}"#)
        }
    })
    .await;
    let client = builder(&server.url()).build().unwrap();
    client.invoke(&CREATE, Params::new()).await.unwrap();
    let tokens: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.param("ClientToken").unwrap())
        .collect();
    assert_eq!(tokens.len(), 3);
    assert!(tokens.iter().all(|t| t == &tokens[0]), "{tokens:?}");
    assert_eq!(
        uuid::Uuid::parse_str(&tokens[0]).unwrap().get_version_num(),
        4
    );
    // Each attempt is signed afresh: new nonce every time.
    let nonces: std::collections::HashSet<String> = server
        .requests()
        .iter()
        .map(|r| r.param("SignatureNonce").unwrap())
        .collect();
    assert_eq!(nonces.len(), 3);
}

#[tokio::test]
async fn callers_client_token_is_kept() {
    let server = serve(|_, _| Reply::json(200, OK)).await;
    let client = builder(&server.url()).build().unwrap();
    let mut p = Params::new();
    p.insert("ClientToken", "mine");
    client.invoke(&CREATE, p).await.unwrap();
    assert_eq!(
        server.requests()[0].param("ClientToken").as_deref(),
        Some("mine")
    );
}

#[tokio::test]
async fn exhausted_retries_record_the_attempt_count() {
    let server = serve(|_, _| {
        Reply::json(
            500,
            r#"{"Code":"InternalError","Message":"boom","RequestId":"r500"}"#,
        )
    })
    .await;
    let client = builder(&server.url()).build().unwrap();
    let err = client.invoke(&DESCRIBE, Params::new()).await.unwrap_err();
    let SdkError::Service(s) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (s.code.as_str(), s.http_status, s.attempts),
        ("InternalError", 500, 3)
    );
    assert_eq!(s.request_id.as_deref(), Some("r500"));
    assert_eq!(server.count(), 3);
    assert!(err.to_string().contains("after 3 attempts"), "{err}");
}

#[tokio::test]
async fn retries_can_be_disabled() {
    let server =
        serve(|_, _| Reply::json(503, r#"{"Code":"ServiceUnavailable","Message":"m"}"#)).await;
    let client = builder(&server.url())
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let err = client.invoke(&DESCRIBE, Params::new()).await.unwrap_err();
    assert_eq!(err.attempts(), Some(1));
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn mutating_call_without_token_is_not_retried_after_ambiguous_failure() {
    let server =
        serve(|_, _| Reply::json(503, r#"{"Code":"ServiceUnavailable","Message":"m"}"#)).await;
    let client = builder(&server.url()).build().unwrap();
    let err = client
        .invoke(&DELETE_NO_TOKEN, Params::new())
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), Some(1));
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn throttling_is_retried_for_any_operation() {
    let server = serve(|_, i| {
        if i == 0 {
            Reply::json(400, r#"{"Code":"Throttling.User","Message":"Request was denied due to user flow control."}"#)
        } else {
            Reply::json(200, OK)
        }
    })
    .await;
    let client = builder(&server.url()).build().unwrap();
    client
        .invoke(&DELETE_NO_TOKEN, Params::new())
        .await
        .unwrap();
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn client_errors_are_not_retried_and_map_every_field() {
    let server = serve(|_, _| {
        Reply::json(
            400,
            r#"{"Code":"InvalidParameter","Message":"The specified parameter is not valid.","RequestId":"r-400","HostId":"vpc.aliyuncs.com","Recommend":"https://api.aliyun.com/troubleshoot?q=InvalidParameter"}"#,
        )
    })
    .await;
    let client = builder(&server.url()).build().unwrap();
    let err = client.invoke(&DESCRIBE, Params::new()).await.unwrap_err();
    let SdkError::Service(s) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(s.code, "InvalidParameter");
    assert_eq!(s.message, "The specified parameter is not valid.");
    assert_eq!(s.request_id.as_deref(), Some("r-400"));
    assert_eq!(s.host_id.as_deref(), Some("vpc.aliyuncs.com"));
    assert!(s.recommend.as_deref().unwrap().contains("troubleshoot"));
    assert_eq!((s.http_status, s.attempts), (400, 1));
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn throttling_time_left_header_sets_the_wait() {
    let server = serve(|_, i| {
        if i == 0 {
            Reply::json(400, r#"{"Code":"Throttling.Api","Message":"m"}"#).with_header(
                "x-ratelimit-user-api",
                "Limit:10,Remain:0,TimeLeft:300,Reset:1",
            )
        } else {
            Reply::json(200, OK)
        }
    })
    .await;
    let client = builder(&server.url())
        .retry(fast_retries().with_max_delay(Duration::from_secs(5)))
        .build()
        .unwrap();
    let started = Instant::now();
    client.invoke(&DESCRIBE, Params::new()).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn throttling_time_left_is_capped_by_the_maximum_delay() {
    let server = serve(|_, i| {
        if i == 0 {
            Reply::json(400, r#"{"Code":"Throttling","Message":"m"}"#)
                .with_header("x-ratelimit-user", "TimeLeft:600000")
        } else {
            Reply::json(200, OK)
        }
    })
    .await;
    let client = builder(&server.url())
        .retry(fast_retries().with_max_delay(Duration::from_millis(50)))
        .build()
        .unwrap();
    let started = Instant::now();
    client.invoke(&DESCRIBE, Params::new()).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_hung_attempt_times_out_and_the_retry_succeeds() {
    let server = serve(|_, i| {
        if i == 0 {
            Reply::Hang
        } else {
            Reply::json(200, OK)
        }
    })
    .await;
    let client = builder(&server.url())
        .timeouts(Timeouts::default().with_attempt(Duration::from_millis(200)))
        .build()
        .unwrap();
    client.invoke(&DESCRIBE, Params::new()).await.unwrap();
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn attempt_timeouts_exhaust_into_a_timeout_error() {
    let server = serve(|_, _| Reply::Hang).await;
    let client = builder(&server.url())
        .timeouts(Timeouts::default().with_attempt(Duration::from_millis(100)))
        .build()
        .unwrap();
    let err = client.invoke(&DESCRIBE, Params::new()).await.unwrap_err();
    let SdkError::Timeout(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((t.kind, t.attempts), (TimeoutKind::Attempt, 3));
    assert_eq!(t.limit, Duration::from_millis(100));
}

#[tokio::test]
async fn the_operation_timeout_bounds_all_attempts() {
    let server = serve(|_, _| Reply::Hang).await;
    let client = builder(&server.url())
        .timeouts(
            Timeouts::default()
                .with_attempt(Duration::from_secs(10))
                .with_operation(Duration::from_millis(250)),
        )
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.invoke(&DESCRIBE, Params::new()).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    let SdkError::Timeout(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(t.kind, TimeoutKind::Operation);
    assert_eq!(t.limit, Duration::from_millis(250));
    assert_eq!(t.attempts, 1);
}

#[tokio::test]
async fn hung_mutation_without_token_is_not_retried() {
    let server = serve(|_, _| Reply::Hang).await;
    let client = builder(&server.url())
        .timeouts(Timeouts::default().with_attempt(Duration::from_millis(100)))
        .build()
        .unwrap();
    let err = client
        .invoke(&DELETE_NO_TOKEN, Params::new())
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Timeout(_)), "{err:?}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn refused_connections_are_transport_errors_retried_even_for_mutations() {
    let addr = closed_port().await;
    let client = builder(&format!("http://{addr}")).build().unwrap();
    let err = client
        .invoke(&DELETE_NO_TOKEN, Params::new())
        .await
        .unwrap_err();
    let SdkError::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(t.attempts, 3);
    assert!(!err.to_string().contains("Signature"), "{err}");
}

#[tokio::test]
async fn connection_closed_after_sending_is_ambiguous() {
    let server = serve(|_, _| Reply::Close).await;
    let client = builder(&server.url()).build().unwrap();
    let err = client
        .invoke(&DELETE_NO_TOKEN, Params::new())
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Transport(_)), "{err:?}");
    assert_eq!(
        server.count(),
        1,
        "a mutation without token must not be resent"
    );
    let err = client.invoke(&DESCRIBE, Params::new()).await.unwrap_err();
    assert_eq!(err.attempts(), Some(3));
}

#[tokio::test]
async fn missing_region_without_endpoint_is_a_config_error() {
    let client = Client::builder()
        .credentials(Credentials::new("a", "b"))
        .build()
        .unwrap();
    let err = client.invoke(&DESCRIBE, Params::new()).await.unwrap_err();
    assert!(matches!(err, SdkError::Config(_)), "{err:?}");
    assert!(err.to_string().contains("no region"), "{err}");
}

#[derive(Debug, Default)]
struct InMemory {
    urls: std::sync::Mutex<Vec<String>>,
}

impl HttpTransport for InMemory {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        self.urls.lock().unwrap().push(request.url.clone());
        Box::pin(async move { Ok(HttpResponse::new(200, r#"{"RequestId":"mem"}"#)) })
    }
}

#[tokio::test]
async fn a_custom_transport_can_be_plugged_in_and_endpoints_follow_the_region() {
    let transport = Arc::new(InMemory::default());
    let client = Client::builder()
        .region_id("eu-central-1")
        .credentials(Credentials::new("a", "b"))
        .transport(transport.clone())
        .build()
        .unwrap();
    let raw = client.invoke(&DESCRIBE, Params::new()).await.unwrap();
    assert_eq!(raw.request_id.as_deref(), Some("mem"));
    let mut p = Params::new();
    p.insert("RegionId", "cn-beijing");
    client.invoke(&DESCRIBE, p).await.unwrap();
    let urls = transport.urls.lock().unwrap().clone();
    assert!(
        urls[0].starts_with("https://vpc.eu-central-1.aliyuncs.com/?"),
        "{}",
        urls[0]
    );
    assert!(
        urls[1].starts_with("https://vpc.aliyuncs.com/?"),
        "{}",
        urls[1]
    );
}

#[test]
fn invoke_futures_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let client = Client::builder()
        .region_id("cn-hangzhou")
        .credentials(Credentials::new("a", "b"))
        .build()
        .unwrap();
    let fut = client.invoke(&DESCRIBE, Params::new());
    assert_send(&fut);
}

/// A transport whose first `failures` sends fail with `kind`, then answers 200.
#[derive(Debug)]
struct Flaky {
    kind: alibabacloud_vpn::transport::HttpErrorKind,
    failures: usize,
    calls: std::sync::Mutex<usize>,
}

impl HttpTransport for Flaky {
    fn send(&self, _request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        let n = {
            let mut calls = self.calls.lock().unwrap();
            *calls += 1;
            *calls
        };
        Box::pin(async move {
            if n <= self.failures {
                Err(HttpError::new(self.kind, "simulated"))
            } else {
                Ok(HttpResponse::new(200, r#"{"RequestId":"ok"}"#))
            }
        })
    }
}

fn flaky_client(
    kind: alibabacloud_vpn::transport::HttpErrorKind,
    failures: usize,
) -> (Client, Arc<Flaky>) {
    let transport = Arc::new(Flaky {
        kind,
        failures,
        calls: std::sync::Mutex::new(0),
    });
    let client = Client::builder()
        .region_id("cn-hangzhou")
        .credentials(Credentials::new("a", "b"))
        .retry(fast_retries())
        .transport(transport.clone())
        .build()
        .unwrap();
    (client, transport)
}

#[tokio::test]
async fn connect_timeouts_are_timeout_errors_and_safe_to_retry_for_mutations() {
    use alibabacloud_vpn::transport::HttpErrorKind;
    let (client, transport) = flaky_client(HttpErrorKind::ConnectTimeout, 1);
    client
        .invoke(&DELETE_NO_TOKEN, Params::new())
        .await
        .unwrap();
    assert_eq!(*transport.calls.lock().unwrap(), 2);

    let (client, _) = flaky_client(HttpErrorKind::ConnectTimeout, 10);
    let err = client
        .invoke(&DELETE_NO_TOKEN, Params::new())
        .await
        .unwrap_err();
    let SdkError::Timeout(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((t.kind, t.attempts), (TimeoutKind::Connect, 3));
    assert_eq!(t.limit, Duration::from_secs(5));
}

#[tokio::test]
async fn unbuildable_requests_are_not_retried() {
    use alibabacloud_vpn::transport::HttpErrorKind;
    let (client, transport) = flaky_client(HttpErrorKind::Invalid, 10);
    let err = client.invoke(&DESCRIBE, Params::new()).await.unwrap_err();
    assert!(matches!(err, SdkError::Transport(_)), "{err:?}");
    assert_eq!(*transport.calls.lock().unwrap(), 1);
}

// ----- retry quota: a timeout costs twice a retry ---------------------------------------

#[tokio::test]
async fn retries_after_timeouts_cost_the_quota_twice_as_much() {
    // Every answer is too late for the 50 ms attempt timeout.
    let slow = serve(|_, _| Reply::json(200, OK).delayed(Duration::from_millis(500))).await;
    // 25 tokens: two timeout retries (10 each) and then none, while a 5-token retry
    // after a server error would still be paid for.
    let client = builder(&slow.url())
        .retry(fast_retries().with_quota_capacity(25))
        .timeouts(Timeouts::default().with_attempt(Duration::from_millis(50)))
        .build()
        .unwrap();
    let e = client
        .invoke(&DESCRIBE, describe_params())
        .await
        .unwrap_err();
    assert!(matches!(e, SdkError::Timeout(_)), "{e:?}");
    assert_eq!(e.attempts(), Some(3));
    let e = client
        .invoke(&DESCRIBE, describe_params())
        .await
        .unwrap_err();
    assert_eq!(e.attempts(), Some(1), "5 tokens left: no timeout retry");
    assert_eq!(slow.count(), 4, "requests the server received");

    let failing = serve(|_, _| Reply::json(503, r#"{"Code":"ServiceUnavailable"}"#)).await;
    let client = builder(&failing.url())
        .retry(fast_retries().with_quota_capacity(5))
        .build()
        .unwrap();
    let e = client
        .invoke(&DESCRIBE, describe_params())
        .await
        .unwrap_err();
    assert_eq!(e.attempts(), Some(2), "5 tokens pay for one ordinary retry");
    assert_eq!(failing.count(), 2);
}

// ----- the response body limit, while streaming ----------------------------------------

/// A server that answers every connection with an endless chunked body (64 KiB chunks)
/// and counts the bytes it managed to write.
async fn endless_chunked_server() -> (std::net::SocketAddr, Arc<std::sync::atomic::AtomicUsize>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let written = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = written.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf).await;
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                            transfer-encoding: chunked\r\n\r\n";
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = format!("10000\r\n{}\r\n", " ".repeat(0x10000));
                // Stops when the client hangs up (or at 1 GiB, whichever comes first).
                for _ in 0..16 * 1024 {
                    if stream.write_all(chunk.as_bytes()).await.is_err() {
                        return;
                    }
                    counter.fetch_add(0x10000, std::sync::atomic::Ordering::Relaxed);
                }
            });
        }
    });
    (addr, written)
}

fn body_too_large(e: &SdkError) -> usize {
    let SdkError::Transport(t) = e else {
        panic!("expected a transport error, got {e:?}")
    };
    std::error::Error::source(t)
        .and_then(|s| s.downcast_ref::<alibabacloud_vpn::transport::BodyTooLarge>())
        .expect("the source is BodyTooLarge")
        .limit
}

#[tokio::test]
async fn an_endless_chunked_body_fails_at_the_limit_instead_of_being_buffered() {
    const LIMIT: usize = 1024 * 1024;
    let (addr, written) = endless_chunked_server().await;
    let client = builder(&format!("http://{addr}"))
        .max_response_bytes(LIMIT)
        .build()
        .unwrap();
    let e = client
        .invoke(&DESCRIBE, describe_params())
        .await
        .unwrap_err();
    assert_eq!(body_too_large(&e), LIMIT);
    assert_eq!(e.attempts(), Some(1), "not retried");
    assert!(
        e.to_string().contains("exceeds the limit of 1048576 bytes"),
        "{e}"
    );
    // The client hung up: the server could write at most what the socket buffers hold
    // beyond the limit, far from the 1 GiB it would send to a reader that kept going.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let sent = written.load(std::sync::atomic::Ordering::Relaxed);
    assert!(sent < 64 * LIMIT, "the server wrote {sent} bytes");
}

#[tokio::test]
async fn an_announced_length_over_the_limit_fails_before_the_body_is_read() {
    let server = serve(|_, _| Reply::bytes(200, vec![b' '; 64 * 1024])).await;
    let client = builder(&server.url())
        .max_response_bytes(1000)
        .build()
        .unwrap();
    let e = client
        .invoke(&DESCRIBE, describe_params())
        .await
        .unwrap_err();
    assert_eq!(body_too_large(&e), 1000);
    assert_eq!(server.count(), 1);
    // Under the limit, the same answer is read (and found not to be JSON).
    let client = builder(&server.url()).build().unwrap();
    let e = client
        .invoke(&DESCRIBE, describe_params())
        .await
        .unwrap_err();
    assert!(matches!(e, SdkError::Decode(_)), "{e:?}");
}

#[tokio::test]
async fn a_custom_transport_is_held_to_the_limit_too() {
    #[derive(Debug)]
    struct Big;
    impl HttpTransport for Big {
        fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
            assert_eq!(request.max_response_bytes, Some(10));
            Box::pin(async { Ok(HttpResponse::new(200, OK)) })
        }
    }
    let client = builder("http://127.0.0.1:9")
        .transport(Arc::new(Big))
        .max_response_bytes(10)
        .build()
        .unwrap();
    let e = client
        .invoke(&DESCRIBE, describe_params())
        .await
        .unwrap_err();
    assert_eq!(body_too_large(&e), 10);
}
