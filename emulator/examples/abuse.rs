//! Measures what hostile, unauthenticated clients cost the emulator (a measurement, not a
//! test: nothing here asserts a time).
//!
//! 1. Idempotency tokens: resident set growth over 100,000 `ClientToken` modifies (with
//!    a one-second token window).
//! 2. Memory: the process's resident set (`VmRSS`) before and after 100 unsigned POST
//!    requests with a 1 MiB form body each, and after the journal is cleared.
//! 3. Lock contention: the median and 90th-percentile latency of signed
//!    `DescribeVpnGateways` calls made one at a time by the SDK, alone and while 8 tasks
//!    flood the emulator with wrongly signed requests carrying a 256 KiB parameter.
//!
//! ```sh
//! cargo run --release -p vpn-emulator --example abuse
//! ```
//!
//! Linux only (reads `/proc/self/status`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use alibabacloud_vpn::sign::{percent_encode, v1};
use alibabacloud_vpn::{Client, Credentials};
use vpn_emulator::Emulator;

const REGION: &str = "cn-hangzhou";

fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

fn junk(bytes: usize) -> String {
    "x".repeat(bytes)
}

/// A V1 form body, signed with `secret` (a wrong one makes `SignatureDoesNotMatch`).
fn signed_body(secret: &str, extra: &str) -> (String, String) {
    let nonce = uuid::Uuid::new_v4().to_string();
    let ts = time::OffsetDateTime::now_utc()
        .format(&time::macros::format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
        ))
        .unwrap();
    let pairs: Vec<(&str, &str)> = vec![
        ("Action", "DescribeVpnGateways"),
        ("Version", "2016-04-28"),
        ("Format", "JSON"),
        ("AccessKeyId", "testid"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", &nonce),
        ("Timestamp", &ts),
        ("RegionId", REGION),
        ("Junk", extra),
    ];
    let sts = v1::string_to_sign("POST", &pairs);
    let sig = v1::signature(secret, &sts);
    let body = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    (body, sig)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

async fn good_calls(client: &Client, n: usize) -> (Duration, Duration) {
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        client.describe_vpn_gateways().send().await.unwrap();
        times.push(start.elapsed());
    }
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.9))
}

/// Starts the emulator on a runtime of its own (two worker threads), so that the
/// clients' work is not scheduled on its threads.
fn start_emulator(window: Duration) -> Emulator {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let emu = Emulator::builder()
                .activation_delay(Duration::ZERO)
                .idempotency_window(window)
                .start()
                .await
                .unwrap();
            tx.send(emu).unwrap();
            std::future::pending::<()>().await;
        });
    });
    rx.recv().unwrap()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // A short token window, so that the 100,000 modifies outlive it many times over.
    let window = Duration::from_secs(1);
    let emu = start_emulator(window);
    let url = emu.endpoint();
    let http = reqwest::Client::new();

    let client = Client::builder()
        .endpoint(&url)
        .region_id(REGION)
        .credentials(Credentials::new(
            emu.access_key_id(),
            emu.access_key_secret(),
        ))
        .build()
        .unwrap();
    // 1. Idempotency tokens (first, while the heap holds nothing freed to reuse).
    let cgw = emu.seed_customer_gateway(REGION, "203.0.113.7");
    let before = rss_mib();
    for i in 0..100_000 {
        client
            .modify_customer_gateway_attribute()
            .customer_gateway_id(&cgw)
            .name(format!("name-{i}"))
            .client_token(format!("token-{i}"))
            .send()
            .await
            .unwrap();
    }
    let after = rss_mib();
    println!(
        "idempotency: 100,000 ClientToken modifies ({window:?} window): RSS {before:.1} -> {after:.1} MiB (+{:.1})",
        after - before
    );

    // 2. Memory.
    let body_1m = format!(
        "Action=DescribeVpnGateways&Version=2016-04-28&RegionId={REGION}&Junk={}",
        junk((1 << 20) - 100)
    );
    let before = rss_mib();
    for _ in 0..100 {
        let r = http
            .post(&url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body_1m.clone())
            .send()
            .await
            .unwrap();
        let _ = r.bytes().await;
    }
    let after = rss_mib();
    emu.clear_journal();
    let cleared = rss_mib();
    println!(
        "memory: 100 unsigned 1 MiB requests: RSS {before:.1} -> {after:.1} MiB (+{:.1}); after clearing the journal {cleared:.1} MiB",
        after - before
    );

    // 3. Good calls under a flood of wrongly signed ones.
    good_calls(&client, 50).await; // warm up
    let (p50, p90) = good_calls(&client, 300).await;
    println!(
        "latency alone: p50 {:.2} ms, p90 {:.2} ms",
        p50.as_secs_f64() * 1e3,
        p90.as_secs_f64() * 1e3
    );
    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(AtomicU64::new(0));
    // One body, sent over and over (its nonce is never recorded: the signature is
    // checked first), so that the flood costs the clients little.
    let (body, sig) = signed_body("wrong-secret", &junk(256 << 10));
    let bad = bytes::Bytes::from(format!("{body}&Signature={}", percent_encode(&sig)));
    let mut flood = Vec::new();
    for _ in 0..8 {
        let (stop, sent, bad, http, url) = (
            stop.clone(),
            sent.clone(),
            bad.clone(),
            http.clone(),
            url.clone(),
        );
        flood.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                if let Ok(r) = http
                    .post(&url)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(bad.clone())
                    .send()
                    .await
                {
                    let _ = r.bytes().await;
                }
                sent.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    let flood_before = sent.load(Ordering::Relaxed);
    let (p50, p90) = good_calls(&client, 300).await;
    let flood_rate =
        (sent.load(Ordering::Relaxed) - flood_before) as f64 / started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    for f in flood {
        let _ = f.await;
    }
    println!(
        "latency under a flood of wrongly signed 256 KiB requests ({flood_rate:.0}/s): p50 {:.2} ms, p90 {:.2} ms",
        p50.as_secs_f64() * 1e3,
        p90.as_secs_f64() * 1e3
    );
}
