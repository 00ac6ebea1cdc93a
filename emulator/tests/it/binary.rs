//! The `vpn-emulator` binary: first stdout line is the endpoint; it answers; it stops on
//! SIGTERM; `--strict` refuses undeclared parameters.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use alibabacloud_vpn::sign::{percent_encode, v1};
use serde_json::Value;

/// Starts the binary with `extra` flags; returns it and its endpoint (its first line).
async fn spawn(extra: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vpn-emulator"))
        .args([
            "--bind",
            "127.0.0.1:0",
            "--access-key-id",
            "binid",
            "--access-key-secret",
            "binsecret",
            "--activation-delay-ms",
            "0",
        ])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn vpn-emulator");
    let stdout = child.stdout.take().unwrap();
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    })
    .await
    .unwrap()
    .unwrap();
    (child, line.trim().to_string())
}

/// A V1-signed GET of `CreateCustomerGateway` with `extra` parameters: status and body.
async fn create_customer_gateway(endpoint: &str, extra: &[(&str, &str)]) -> (u16, Value) {
    let ts = crate::support::now_iso(0);
    let nonce = crate::support::nonce();
    let mut pairs = vec![
        ("Action", "CreateCustomerGateway"),
        ("Version", "2016-04-28"),
        ("AccessKeyId", "binid"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", nonce.as_str()),
        ("Timestamp", ts.as_str()),
        ("RegionId", "cn-hangzhou"),
        ("IpAddress", "203.0.113.200"),
    ];
    pairs.extend_from_slice(extra);
    let sig = v1::signature("binsecret", &v1::string_to_sign("GET", &pairs));
    pairs.push(("Signature", sig.as_str()));
    let q: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect();
    let resp = reqwest::get(format!("{endpoint}/?{}", q.join("&")))
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (
        status,
        serde_json::from_str(&resp.text().await.unwrap()).unwrap(),
    )
}

#[tokio::test]
async fn binary_with_strict_refuses_undeclared_parameters() {
    let (mut child, endpoint) = spawn(&["--strict"]).await;
    let (status, v) = create_customer_gateway(&endpoint, &[("Colour", "blue")]).await;
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        (status, v["Code"].as_str()),
        (400, Some("InvalidParameter")),
        "{v}"
    );
    assert!(v["Message"].as_str().unwrap().contains("\"Colour\""), "{v}");
}

#[tokio::test]
async fn binary_prints_endpoint_serves_and_stops() {
    let (mut child, endpoint) = spawn(&[]).await;
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{endpoint}");

    let (status, v) = create_customer_gateway(&endpoint, &[]).await;
    assert_eq!(status, 200);
    assert!(v["CustomerGatewayId"].as_str().unwrap().starts_with("cgw-"));

    let health = reqwest::get(format!("{endpoint}/_emulator/health"))
        .await
        .unwrap();
    assert_eq!(health.status().as_u16(), 200);

    let pid = child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let status = tokio::task::spawn_blocking(move || {
        for _ in 0..100 {
            if let Some(s) = child.try_wait().unwrap() {
                return Some(s);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        None
    })
    .await
    .unwrap();
    let status = status.expect("the emulator stops within 5 s of SIGTERM");
    assert!(status.success(), "{status:?}");
    assert!(
        reqwest::get(format!("{endpoint}/_emulator/health"))
            .await
            .is_err()
    );
}

#[test]
fn help_documents_what_is_served_and_every_option() {
    let out = Command::new(env!("CARGO_BIN_EXE_vpn-emulator"))
        .arg("--help")
        .output()
        .expect("run vpn-emulator --help");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "VPN Gateway API",
        "AssumeRole",
        "/_emulator/",
        "--bind",
        "--access-key-id",
        "--access-key-secret",
        "--activation-delay-ms",
        "--quirks",
        "--seed",
        "--no-verify-signatures",
        "--sts-credential-lifetime-secs",
        "--version",
    ] {
        assert!(text.contains(needle), "--help lacks {needle:?}:\n{text}");
    }
}
