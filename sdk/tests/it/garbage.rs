//! No bytes from the network make the runtime panic: random and hostile bodies and
//! broken HTTP answers from a loopback server all end in errors.

use std::time::Duration;

use crate::support::{Reply, serve};
use alibabacloud_vpn::operation::OperationMeta;
use alibabacloud_vpn::params::Params;
use alibabacloud_vpn::retry::RetryConfig;
use alibabacloud_vpn::{Client, Credentials, SdkError};
use rand::{Rng, SeedableRng};

const DESCRIBE: OperationMeta = OperationMeta {
    action: "DescribeVpnGateways",
    read_only: true,
    idempotency_token: None,
};

fn client(url: &str) -> Client {
    Client::builder()
        .region_id("cn-hangzhou")
        .endpoint(url)
        .credentials(Credentials::new("ak", "secret"))
        .retry(RetryConfig::disabled())
        .build()
        .unwrap()
}

fn hostile_bodies() -> Vec<Vec<u8>> {
    let mut bodies: Vec<Vec<u8>> = [
        "",
        "null",
        "[]",
        "\"text\"",
        "42",
        "{",
        "{}",
        "{\"Code\":null}",
        "{\"Code\":{\"nested\":true}}",
        "{\"Code\":12345,\"Message\":[1,2]}",
        "{\"Error\":{\"Code\":\"Inner\",\"Message\":\"m\"}}",
        "{\"DescribeVpnGatewaysResponse\":\"not an object\"}",
        "{\"DescribeVpnGatewaysResponse\":{\"Code\":\"X\"}}",
        "<?xml version=\"1.0\"?><Error><Code>X</Code></Error>",
        "\u{feff}{\"RequestId\":\"bom\"}",
        "{\"a\":\"\\ud800\"}",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    bodies.push(vec![0xff, 0xfe, 0x00, 0x80, 0xc3]);
    bodies.push("[".repeat(10_000).into_bytes());
    bodies.push(format!("{{\"RequestId\":\"{}\"}}", "x".repeat(200_000)).into_bytes());
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x5eed);
    for _ in 0..40 {
        let len = rng.gen_range(0..512);
        bodies.push((0..len).map(|_| rng.r#gen::<u8>()).collect());
    }
    bodies
}

#[tokio::test]
async fn garbage_bodies_never_panic() {
    let bodies = hostile_bodies();
    let statuses = [200u16, 201, 302, 400, 404, 429, 500, 503];
    let cases: Vec<(u16, Vec<u8>)> = statuses
        .iter()
        .flat_map(|s| bodies.iter().map(move |b| (*s, b.clone())))
        .collect();
    let served = cases.clone();
    let server = serve(move |_, i| {
        let (status, body) = served[i % served.len()].clone();
        Reply::bytes(status, body)
    })
    .await;
    let client = client(&server.url());
    for (status, body) in &cases {
        let result = client.invoke(&DESCRIBE, Params::new()).await;
        match result {
            Ok(raw) => assert!((200..300).contains(status) && raw.json.is_object()),
            Err(SdkError::Decode(d)) => {
                assert_eq!(d.http_status, *status);
                assert_eq!(d.body, String::from_utf8_lossy(body));
            }
            Err(SdkError::Service(s)) => assert_eq!(s.http_status, *status),
            Err(SdkError::Transport(_)) => {}
            Err(other) => panic!("status {status}: unexpected {other:?}"),
        }
    }
}

#[tokio::test]
async fn broken_http_answers_are_transport_errors() {
    let answers: Vec<Vec<u8>> = vec![
        b"garbage\r\n\r\n".to_vec(),
        b"HTTP/1.1 abc OK\r\n\r\n".to_vec(),
        b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nshort".to_vec(),
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n".to_vec(),
        vec![0u8; 64],
        b"HTTP/1.1 200 OK\r\nbad header line\r\n\r\n{}".to_vec(),
    ];
    let served = answers.clone();
    let server = serve(move |_, i| Reply::Raw(served[i % served.len()].clone())).await;
    let client = client(&server.url());
    for answer in &answers {
        let result = tokio::time::timeout(
            Duration::from_secs(5),
            client.invoke(&DESCRIBE, Params::new()),
        )
        .await
        .expect("no hang");
        match result {
            Err(SdkError::Transport(_)) | Err(SdkError::Decode(_)) => {}
            other => panic!("{:?}: {other:?}", String::from_utf8_lossy(answer)),
        }
    }
}
