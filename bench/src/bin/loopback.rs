//! End to end on loopback: N calls of DescribeVpnGateway and of CreateCustomerGateway
//! against one emulator (signature verification on, activation delay 0), at each
//! concurrency, for every contender, in interleaved rounds; prints requests per second
//! and the overhead per call over the floor as ratios from the same run.
//!
//! At concurrency 1 the contenders of a round take turns in blocks of `--block` calls
//! (default 20; each turn begins with one untimed call), so that every contender samples
//! the same moments of the machine: on a shared 2-core VM, back-to-back segments of a
//! second or so differ by up to 50% for the same client, turns of a few milliseconds do
//! not. `--segments` restores one segment per contender per round (as at concurrency 64,
//! where calls overlap and turns make no sense).
//!
//! Contenders (each with its own HTTP client and connection):
//! - `floor`: raw reqwest (0.12, rustls, configured like the SDK's transport) sending
//!   requests that were signed before the clock started (one per call: the emulator
//!   refuses a reused nonce), in the SDK's default wire form (V1, POST);
//! - `hand-written`: the same reqwest client doing what a hand-written client cannot
//!   skip: signing each call in the loop (fresh nonce and timestamp, with this crate's
//!   public `sign::v1`) and parsing the answer into a `serde_json::Value`;
//! - `sdk`: this SDK, defaults (V1 HMAC-SHA1, POST), fluent builder -> typed output;
//! - `sdk-v3`: this SDK with ACS3-HMAC-SHA256;
//! - `peer-async`: `aliyun-openapi-core-rust-sdk` 1.1.0 `client::rpc::RPClient` (its
//!   current API, async), V1 GET, body read as text;
//! - `peer-blocking`: the same crate's deprecated blocking `rpc::Client`, on
//!   `spawn_blocking` threads.
//!
//! Fairness: the server does the same work for every contender (it verifies every
//! signature, and every call succeeds: the emulator is reset and re-seeded before each
//! measured segment or round of turns, and CreateCustomerGateway rotates regions so no
//! quota is hit). The floor pays nothing for signing in the timed loop; that cost is part
//! of what the overhead figures show for the others (`hand-written` shows how much of it
//! any client pays).
//!
//! Usage:
//!   loopback [--calls N] [--peer-calls N] [--rounds R] [--warmup N] [--concurrency 1,64]
//!            [--contenders floor,hand-written,sdk,sdk-v3,peer-async,peer-blocking]
//!            [--ops describe,create] [--endpoint URL] [--json FILE] [--shared-runtime]
//!            [--segments] [--block N]
//!
//! Without `--endpoint` the emulator runs in this process, on its own Tokio runtime
//! (`--shared-runtime`: on the client's); with it, the program drives an external
//! `vpn-emulator` (reset and seeded through its control endpoint), as `python_peer.sh`
//! does. Both runtimes have one worker per core.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use alibabacloud_vpn::config::{HttpMethod, SignatureVersion};
use alibabacloud_vpn::{Client, Credentials};
use futures_util::future::BoxFuture;
use serde_json::json;
use vpn_bench::{KEY_ID, KEY_SECRET, PresignedRequest, REGION, create_target, presign_v1_post};
use vpn_emulator::{Emulator, VpnGatewaySeed};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Contender {
    Floor,
    HandWritten,
    Sdk,
    SdkV3,
    PeerAsync,
    PeerBlocking,
}

impl Contender {
    fn is_peer(self) -> bool {
        matches!(self, Contender::PeerAsync | Contender::PeerBlocking)
    }

    fn name(self) -> &'static str {
        match self {
            Contender::Floor => "floor",
            Contender::HandWritten => "hand-written",
            Contender::Sdk => "sdk",
            Contender::SdkV3 => "sdk-v3",
            Contender::PeerAsync => "peer-async",
            Contender::PeerBlocking => "peer-blocking",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Contender::Floor => "raw reqwest, pre-signed V1 POST (floor)",
            Contender::HandWritten => {
                "raw reqwest, V1 POST signed per call, answer parsed into a serde_json::Value"
            }
            Contender::Sdk => "alibabacloud-vpn (this SDK), V1 POST",
            Contender::SdkV3 => "alibabacloud-vpn (this SDK), V3 POST",
            Contender::PeerAsync => "aliyun-openapi-core-rust-sdk 1.1.0 RPClient (async), V1 GET",
            Contender::PeerBlocking => {
                "aliyun-openapi-core-rust-sdk 1.1.0 rpc::Client (blocking), V1 GET"
            }
        }
    }

    fn parse(s: &str) -> Result<Self, String> {
        Ok(match s {
            "floor" => Contender::Floor,
            "hand-written" => Contender::HandWritten,
            "sdk" => Contender::Sdk,
            "sdk-v3" => Contender::SdkV3,
            "peer-async" => Contender::PeerAsync,
            "peer-blocking" => Contender::PeerBlocking,
            other => return Err(format!("unknown contender `{other}`")),
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Op {
    Describe,
    Create,
}

impl Op {
    fn action(self) -> &'static str {
        match self {
            Op::Describe => "DescribeVpnGateway",
            Op::Create => "CreateCustomerGateway",
        }
    }

    fn parse(s: &str) -> Result<Self, String> {
        Ok(match s {
            "describe" => Op::Describe,
            "create" => Op::Create,
            other => return Err(format!("unknown op `{other}`")),
        })
    }
}

struct Args {
    calls: usize,
    peer_calls: usize,
    rounds: usize,
    warmup: usize,
    concurrency: Vec<usize>,
    contenders: Vec<Contender>,
    ops: Vec<Op>,
    endpoint: Option<String>,
    json: Option<String>,
    shared_runtime: bool,
    /// At concurrency 1, run every contender's segment of a round back to back instead of
    /// alternating the contenders call by call.
    segments: bool,
    /// Calls per turn when the contenders take turns (concurrency 1).
    block: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        calls: 1000,
        peer_calls: 100,
        rounds: 5,
        warmup: 200,
        concurrency: vec![1, 64],
        contenders: vec![
            Contender::Floor,
            Contender::HandWritten,
            Contender::Sdk,
            Contender::SdkV3,
            Contender::PeerAsync,
            Contender::PeerBlocking,
        ],
        ops: vec![Op::Describe, Op::Create],
        endpoint: None,
        json: None,
        shared_runtime: false,
        segments: false,
        block: 20,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--calls" => a.calls = value()?.parse().map_err(|e| format!("--calls: {e}"))?,
            "--peer-calls" => {
                a.peer_calls = value()?.parse().map_err(|e| format!("--peer-calls: {e}"))?
            }
            "--rounds" => a.rounds = value()?.parse().map_err(|e| format!("--rounds: {e}"))?,
            "--warmup" => a.warmup = value()?.parse().map_err(|e| format!("--warmup: {e}"))?,
            "--concurrency" => {
                a.concurrency = value()?
                    .split(',')
                    .map(|c| c.trim().parse::<usize>().map_err(|e| format!("{c}: {e}")))
                    .collect::<Result<_, _>>()?
            }
            "--contenders" => {
                a.contenders = value()?
                    .split(',')
                    .map(|c| Contender::parse(c.trim()))
                    .collect::<Result<_, _>>()?
            }
            "--ops" => {
                a.ops = value()?
                    .split(',')
                    .map(|c| Op::parse(c.trim()))
                    .collect::<Result<_, _>>()?
            }
            "--endpoint" => a.endpoint = Some(value()?),
            "--json" => a.json = Some(value()?),
            "--shared-runtime" => a.shared_runtime = true,
            "--segments" => a.segments = true,
            "--block" => a.block = value()?.parse().map_err(|e| format!("--block: {e}"))?,
            "-h" | "--help" => {
                return Err(
                    "usage: loopback [--calls N] [--peer-calls N] [--rounds R] [--warmup N] \
                     [--concurrency 1,64] [--contenders floor,hand-written,sdk,sdk-v3,peer-async,peer-blocking] \
                     [--ops describe,create] [--endpoint URL] [--json FILE]"
                        .into(),
                );
            }
            other => return Err(format!("unknown argument `{other}` (try --help)")),
        }
    }
    if a.calls == 0 || a.peer_calls == 0 || a.rounds == 0 || a.concurrency.contains(&0) {
        return Err("--calls, --rounds and every --concurrency must be positive".into());
    }
    if !a.contenders.contains(&Contender::Floor) {
        a.contenders.insert(0, Contender::Floor);
    }
    Ok(a)
}

/// The server under test: the emulator in this process, or an external one driven
/// through its control endpoint.
enum Server {
    InProcess(Emulator),
    External {
        endpoint: String,
        http: reqwest::Client,
    },
}

impl Server {
    fn endpoint(&self) -> String {
        match self {
            Server::InProcess(e) => e.endpoint(),
            Server::External { endpoint, .. } => endpoint.clone(),
        }
    }

    /// Forgets resources, nonces, tokens and the journal, then seeds one active VPN
    /// gateway; returns its id.
    async fn reset_and_seed(&self) -> String {
        match self {
            Server::InProcess(e) => {
                e.reset();
                e.seed_vpn_gateway(VpnGatewaySeed::active(REGION))
            }
            Server::External { endpoint, http } => {
                let reset = http
                    .post(format!("{endpoint}/_emulator/reset"))
                    .send()
                    .await
                    .expect("POST /_emulator/reset");
                assert!(reset.status().is_success(), "reset: {}", reset.status());
                let seeded: serde_json::Value = http
                    .post(format!("{endpoint}/_emulator/seed/vpn-gateway"))
                    .header("content-type", "application/json")
                    .body(json!({"region": REGION, "status": "active"}).to_string())
                    .send()
                    .await
                    .expect("POST /_emulator/seed/vpn-gateway")
                    .bytes()
                    .await
                    .map(|b| serde_json::from_slice(&b).expect("seed answer is JSON"))
                    .expect("seed answer");
                seeded["VpnGatewayId"]
                    .as_str()
                    .expect("seed answer has VpnGatewayId")
                    .to_string()
            }
        }
    }
}

/// What one measured segment produced.
#[derive(Clone, Debug)]
struct Segment {
    elapsed: Duration,
    latencies_ns: Vec<u64>,
    errors: usize,
    first_error: Option<String>,
}

impl Segment {
    fn with_capacity(calls: usize) -> Self {
        Segment {
            elapsed: Duration::ZERO,
            latencies_ns: Vec::with_capacity(calls),
            errors: 0,
            first_error: None,
        }
    }

    /// Counts a failed call, keeping the first error.
    fn note(&mut self, outcome: Result<(), String>) {
        if let Err(e) = outcome {
            self.errors += 1;
            self.first_error.get_or_insert(e);
        }
    }
}

/// Runs `calls` calls of `call(i)` on `concurrency` tasks pulling indexes from a shared
/// counter; times the whole segment and each call.
async fn run_segment<F, Fut>(calls: usize, concurrency: usize, call: F) -> Segment
where
    F: Fn(usize) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<(), String>> + Send + 'static,
{
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency.min(calls))
        .map(|_| {
            let next = next.clone();
            let call = call.clone();
            tokio::spawn(async move {
                let mut part = Segment::with_capacity(calls / concurrency + 1);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= calls {
                        break;
                    }
                    let t = Instant::now();
                    let outcome = call(i).await;
                    part.latencies_ns.push(t.elapsed().as_nanos() as u64);
                    part.note(outcome);
                }
                part
            })
        })
        .collect();
    let mut seg = Segment::with_capacity(calls);
    for w in workers {
        let part = w.await.expect("a worker panicked");
        seg.latencies_ns.extend(part.latencies_ns);
        seg.errors += part.errors;
        if seg.first_error.is_none() {
            seg.first_error = part.first_error;
        }
    }
    seg.elapsed = started.elapsed();
    seg
}

fn sdk_client(endpoint: &str, version: SignatureVersion) -> Client {
    Client::builder()
        .endpoint(endpoint)
        .region_id(REGION)
        .credentials(Credentials::new(KEY_ID, KEY_SECRET))
        .signature_version(version)
        .http_method(HttpMethod::Post)
        .build()
        .expect("an SDK client")
}

/// The floor's HTTP client: reqwest configured as the SDK's `ReqwestTransport`.
fn floor_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .redirect(reqwest::redirect::Policy::none())
        .pool_idle_timeout(Duration::from_secs(60))
        .tcp_nodelay(true)
        .build()
        .expect("a reqwest client")
}

/// The operation parameters of call `i` (without the common parameters).
fn op_params(op: Op, gateway: &str, i: usize) -> Vec<(String, String)> {
    match op {
        Op::Describe => vec![
            ("RegionId".into(), REGION.into()),
            ("VpnGatewayId".into(), gateway.into()),
        ],
        Op::Create => {
            let (region, ip) = create_target(i);
            vec![
                ("ClientToken".into(), uuid::Uuid::new_v4().to_string()),
                ("IpAddress".into(), ip),
                ("RegionId".into(), region),
            ]
        }
    }
}

fn expect_success(body: &str, op: Op) -> Result<(), String> {
    let key = match op {
        Op::Describe => "\"VpnGatewayId\"",
        Op::Create => "\"CustomerGatewayId\"",
    };
    if body.contains(key) && !body.contains("\"Code\"") {
        Ok(())
    } else {
        Err(body.chars().take(300).collect())
    }
}

struct Contenders {
    endpoint: String,
    floor: reqwest::Client,
    /// The hand-written contender's own client (every contender has its own connection).
    hand: reqwest::Client,
    sdk: Client,
    sdk_v3: Client,
    peer: aliyun_openapi_core_rust_sdk::client::rpc::RPClient,
}

#[allow(deprecated)]
fn peer_blocking_call(endpoint: &str, op: Op, params: &[(String, String)]) -> Result<(), String> {
    let client = aliyun_openapi_core_rust_sdk::RPClient::new(
        KEY_ID.to_string(),
        KEY_SECRET.to_string(),
        endpoint.to_string(),
        vpn_bench::API_VERSION.to_string(),
    );
    let query: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let body = client
        .get(op.action())
        .query(query.iter())
        .send()
        .map_err(|e| e.to_string())?;
    expect_success(&body, op)
}

/// POSTs a form body (the floor's and the hand-written client's wire form) and returns
/// the answer's body when its status is a success, else the start of the body as the error.
async fn post_form(
    http: &reqwest::Client,
    url: &str,
    body: String,
) -> Result<bytes::Bytes, String> {
    let resp = http
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = resp.status();
    let body = resp.bytes().await.map_err(|e| e.to_string())?;
    if status.is_success() {
        Ok(body)
    } else {
        Err(String::from_utf8_lossy(&body).chars().take(300).collect())
    }
}

/// One call of a contender, boxed so that contenders of different types can alternate.
type CallFn = Arc<dyn Fn(usize) -> BoxFuture<'static, Result<(), String>> + Send + Sync>;

/// Boxes a contender's call closure.
fn boxed<F, Fut>(call: F) -> CallFn
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), String>> + Send + 'static,
{
    Arc::new(move |i| Box::pin(call(i)))
}

/// Runs `calls` calls of `who` at `concurrency` and times them.
async fn measure(
    c: &Arc<Contenders>,
    who: Contender,
    op: Op,
    calls: usize,
    concurrency: usize,
    gateway: &str,
) -> Segment {
    let call = caller(c, who, op, 0..calls, gateway);
    run_segment(calls, concurrency, move |i| call(i)).await
}

/// Contender `who`'s call number `i` (0-based) of `op`; `indexes` are the calls' numbers
/// in the emulator's state (which customer gateway a create makes), so that contenders
/// sharing one state never create the same one. Work done here is outside the timing
/// (the floor's requests are signed here).
fn caller(
    c: &Arc<Contenders>,
    who: Contender,
    op: Op,
    indexes: std::ops::Range<usize>,
    gateway: &str,
) -> CallFn {
    let base = indexes.start;
    let calls = indexes.len();
    match who {
        Contender::Floor => {
            // Signed before the clock starts: one request per call (fresh nonce each).
            let prepared: Arc<Vec<PresignedRequest>> = Arc::new(
                (0..calls)
                    .map(|i| {
                        let p = op_params(op, gateway, base + i);
                        let refs: Vec<(&str, &str)> =
                            p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                        presign_v1_post(&c.endpoint, op.action(), &refs)
                    })
                    .collect(),
            );
            let http = c.floor.clone();
            boxed(move |i| {
                let http = http.clone();
                let prepared = prepared.clone();
                async move {
                    let req = &prepared[i];
                    post_form(&http, &req.url, req.body.clone()).await.map(drop)
                }
            })
        }
        Contender::HandWritten => {
            // What a hand-written client must do at the least: sign each call (a fresh
            // nonce and timestamp) and parse the answer.
            let http = c.hand.clone();
            let endpoint = c.endpoint.clone();
            let gateway = gateway.to_string();
            boxed(move |i| {
                let http = http.clone();
                let params = op_params(op, &gateway, base + i);
                let endpoint = endpoint.clone();
                async move {
                    let refs: Vec<(&str, &str)> = params
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect();
                    let req = presign_v1_post(&endpoint, op.action(), &refs);
                    let body = post_form(&http, &req.url, req.body).await?;
                    let answer: serde_json::Value =
                        serde_json::from_slice(&body).map_err(|e| e.to_string())?;
                    std::hint::black_box(answer);
                    Ok(())
                }
            })
        }
        Contender::Sdk | Contender::SdkV3 => {
            let client = if who == Contender::Sdk {
                c.sdk.clone()
            } else {
                c.sdk_v3.clone()
            };
            let targets: Arc<Vec<(String, String)>> =
                Arc::new(indexes.map(create_target).collect());
            let gateway = gateway.to_string();
            boxed(move |i| {
                let client = client.clone();
                let targets = targets.clone();
                let gateway = gateway.clone();
                async move {
                    match op {
                        Op::Describe => client
                            .describe_vpn_gateway()
                            .vpn_gateway_id(gateway)
                            .send()
                            .await
                            .map(drop)
                            .map_err(|e| e.to_string()),
                        Op::Create => {
                            let (region, ip) = &targets[i];
                            client
                                .create_customer_gateway()
                                .region_id(region.as_str())
                                .ip_address(ip.as_str())
                                .send()
                                .await
                                .map(drop)
                                .map_err(|e| e.to_string())
                        }
                    }
                }
            })
        }
        Contender::PeerAsync => {
            let peer = c.peer.clone();
            let gateway = gateway.to_string();
            boxed(move |i| {
                let peer = peer.clone();
                // Parameters are built in the timed loop, as a caller of this API would
                // (the ClientToken included, for the same server work as the others).
                let params = op_params(op, &gateway, base + i);
                async move {
                    let body = peer
                        .version(vpn_bench::API_VERSION)
                        .get(op.action())
                        .query(params)
                        .text()
                        .await
                        .map_err(|e| e.to_string())?;
                    expect_success(&body, op)
                }
            })
        }
        Contender::PeerBlocking => {
            let endpoint = format!("{}/", c.endpoint);
            let gateway = gateway.to_string();
            boxed(move |i| {
                let endpoint = endpoint.clone();
                let params = op_params(op, &gateway, base + i);
                async move {
                    tokio::task::spawn_blocking(move || peer_blocking_call(&endpoint, op, &params))
                        .await
                        .map_err(|e| e.to_string())?
                }
            })
        }
    }
}

/// One round at concurrency 1 with the contenders taking turns in blocks of `block` calls
/// (the first of each turn rotating), so that every contender samples the same moments of
/// a noisy machine. Each turn starts with one call that is not timed, so that every
/// timed call finds its contender's connection and code as a program calling in a loop
/// does. A contender's segment time is the sum of its timed calls' latencies. The peers
/// make their `peer_calls` calls in the first turns. All share one emulator state; each
/// contender's creates use their own range of customer gateways.
async fn interleaved(
    c: &Arc<Contenders>,
    args: &Args,
    op: Op,
    gateway: &str,
    round: usize,
) -> Vec<(Contender, Segment)> {
    let block = args.block.max(1);
    let span = args.calls.max(args.peer_calls) * 2 + 1;
    let plan: Vec<(Contender, usize, CallFn)> = args
        .contenders
        .iter()
        .enumerate()
        .map(|(k, &who)| {
            let timed = if who.is_peer() {
                args.peer_calls
            } else {
                args.calls
            };
            let all = timed + timed.div_ceil(block);
            let base = k * span;
            (who, timed, caller(c, who, op, base..base + all, gateway))
        })
        .collect();
    // On a runtime worker, as the segments' tasks run (not on the thread that blocks on
    // the runtime).
    tokio::spawn(async move {
        let mut segs: Vec<Segment> = plan
            .iter()
            .map(|(_, timed, _)| Segment::with_capacity(*timed))
            .collect();
        let mut next = vec![0usize; plan.len()];
        let n = plan.len();
        let mut turn = 0;
        while plan
            .iter()
            .zip(&segs)
            .any(|((_, timed, _), seg)| seg.latencies_ns.len() < *timed)
        {
            for j in 0..n {
                let k = (turn + j + round) % n;
                let (_, timed, call) = &plan[k];
                let seg = &mut segs[k];
                if seg.latencies_ns.len() >= *timed {
                    continue;
                }
                seg.note(call(next[k]).await);
                next[k] += 1;
                for _ in 0..block.min(*timed - seg.latencies_ns.len()) {
                    let t = Instant::now();
                    let outcome = call(next[k]).await;
                    let took = t.elapsed();
                    next[k] += 1;
                    seg.elapsed += took;
                    seg.latencies_ns.push(took.as_nanos() as u64);
                    seg.note(outcome);
                }
            }
            turn += 1;
        }
        plan.iter().map(|(who, _, _)| *who).zip(segs).collect()
    })
    .await
    .expect("the interleaved round panicked")
}

#[derive(Clone, Debug)]
struct Summary {
    rps: f64,
    per_call_us: f64,
    p50_us: f64,
    p99_us: f64,
    errors: usize,
    first_error: Option<String>,
    rounds_rps: Vec<f64>,
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx] as f64 / 1000.0
}

fn summarize(segments: &[Segment]) -> Summary {
    let mut rps: Vec<f64> = segments
        .iter()
        .map(|s| s.latencies_ns.len() as f64 / s.elapsed.as_secs_f64())
        .collect();
    let rounds_rps = rps.clone();
    let med = median(&mut rps);
    let mut all: Vec<u64> = segments
        .iter()
        .flat_map(|s| s.latencies_ns.iter().copied())
        .collect();
    all.sort_unstable();
    Summary {
        rps: med,
        per_call_us: 1e6 / med,
        p50_us: percentile(&all, 0.50),
        p99_us: percentile(&all, 0.99),
        errors: segments.iter().map(|s| s.errors).sum(),
        first_error: segments.iter().find_map(|s| s.first_error.clone()),
        rounds_rps,
    }
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("client")
        .build()
        .expect("a tokio runtime");
    // The in-process emulator gets its own runtime (as many workers as the client's), so
    // every call crosses threads as it would cross to a real server. On one shared
    // runtime, c=1 latencies turn bimodal: a call is fast when the client task and the
    // server's connection task happen to share a worker, slow when they do not, and
    // which one a contender gets is luck (`--shared-runtime` shows it).
    let server_rt = (args.endpoint.is_none() && !args.shared_runtime).then(|| {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("emulator")
            .build()
            .expect("a tokio runtime")
    });
    let start = || async {
        Emulator::builder()
            .access_key(KEY_ID, KEY_SECRET)
            .activation_delay(Duration::ZERO)
            .verify_signatures(true)
            .seed(7)
            .start()
            .await
            .expect("the emulator starts")
    };
    let server = match (&args.endpoint, &server_rt) {
        (Some(e), _) => Server::External {
            endpoint: e.trim_end_matches('/').to_string(),
            http: reqwest::Client::new(),
        },
        (None, Some(rt)) => Server::InProcess(rt.block_on(start())),
        (None, None) => Server::InProcess(client_rt.block_on(start())),
    };
    let server = client_rt.block_on(run(args, server));
    if let Server::InProcess(e) = server {
        match &server_rt {
            Some(rt) => rt.block_on(e.shutdown()),
            None => client_rt.block_on(e.shutdown()),
        }
    }
}

async fn run(args: Args, server: Server) -> Server {
    let endpoint = server.endpoint();
    let contenders = Arc::new(Contenders {
        floor: floor_client(),
        hand: floor_client(),
        sdk: sdk_client(&endpoint, SignatureVersion::V1),
        sdk_v3: sdk_client(&endpoint, SignatureVersion::V3),
        peer: aliyun_openapi_core_rust_sdk::client::rpc::RPClient::new(
            KEY_ID,
            KEY_SECRET,
            format!("{endpoint}/"),
        ),
        endpoint: endpoint.clone(),
    });
    let workers = tokio::runtime::Handle::current().metrics().num_workers();
    eprintln!(
        "loopback: server {} ({}), {} calls ({} for peers) x {} rounds per cell, warm-up {}, concurrency {:?}, {} runtime workers",
        endpoint,
        if args.endpoint.is_some() {
            "external"
        } else if args.shared_runtime {
            "in-process, shared runtime"
        } else {
            "in-process, own runtime"
        },
        args.calls,
        args.peer_calls,
        args.rounds,
        args.warmup,
        args.concurrency,
        workers
    );

    // Warm-up: connections, allocators, lazy statics; not recorded.
    if args.warmup > 0 {
        for &who in &args.contenders {
            for &op in &args.ops {
                let gw = server.reset_and_seed().await;
                let n = if who.is_peer() {
                    args.warmup.min(args.peer_calls)
                } else {
                    args.warmup
                };
                let seg = measure(&contenders, who, op, n, 1, &gw).await;
                if seg.errors > 0 {
                    eprintln!(
                        "warm-up: {} {}: {} errors; first: {}",
                        who.name(),
                        op.action(),
                        seg.errors,
                        seg.first_error.unwrap_or_default()
                    );
                }
            }
        }
    }

    let mut results: BTreeMap<(Op, usize, Contender), Vec<Segment>> = BTreeMap::new();
    for round in 0..args.rounds {
        for &op in &args.ops {
            for &conc in &args.concurrency {
                if conc == 1 && !args.segments {
                    let gw = server.reset_and_seed().await;
                    let segs = interleaved(&contenders, &args, op, &gw, round).await;
                    for (who, seg) in segs {
                        eprintln!(
                            "round {} {:<22} c=1   {:<14} {:>9.0} req/s (interleaved){}",
                            round + 1,
                            op.action(),
                            who.name(),
                            seg.latencies_ns.len() as f64 / seg.elapsed.as_secs_f64(),
                            if seg.errors > 0 {
                                format!("  ({} errors)", seg.errors)
                            } else {
                                String::new()
                            }
                        );
                        results.entry((op, conc, who)).or_default().push(seg);
                    }
                    continue;
                }
                // Rotate the order every round so no contender always runs first.
                let n = args.contenders.len();
                for k in 0..n {
                    let who = args.contenders[(k + round) % n];
                    let gw = server.reset_and_seed().await;
                    let calls = if who.is_peer() {
                        args.peer_calls
                    } else {
                        args.calls
                    };
                    let seg = measure(&contenders, who, op, calls, conc, &gw).await;
                    eprintln!(
                        "round {} {:<22} c={:<3} {:<14} {:>9.0} req/s{}",
                        round + 1,
                        op.action(),
                        conc,
                        who.name(),
                        seg.latencies_ns.len() as f64 / seg.elapsed.as_secs_f64(),
                        if seg.errors > 0 {
                            format!("  ({} errors)", seg.errors)
                        } else {
                            String::new()
                        }
                    );
                    results.entry((op, conc, who)).or_default().push(seg);
                }
            }
        }
    }

    let mut json_rows = Vec::new();
    println!();
    println!(
        "Median of {} rounds of {} calls ({} for the peers); ratios against the floor measured in the same run.",
        args.rounds, args.calls, args.peer_calls
    );
    for &op in &args.ops {
        for &conc in &args.concurrency {
            let floor = summarize(&results[&(op, conc, Contender::Floor)]);
            println!();
            println!("{} at concurrency {}:", op.action(), conc);
            println!(
                "| contender | req/s | time/call (us) | x floor | overhead/call over floor (us) | p50 (us) | p99 (us) | errors |"
            );
            println!("|---|---:|---:|---:|---:|---:|---:|---:|");
            for &who in &args.contenders {
                let s = summarize(&results[&(op, conc, who)]);
                let ratio = s.per_call_us / floor.per_call_us;
                let overhead = s.per_call_us - floor.per_call_us;
                println!(
                    "| {} | {:.0} | {:.1} | {:.2} | {:+.1} | {:.1} | {:.1} | {} |",
                    who.name(),
                    s.rps,
                    s.per_call_us,
                    ratio,
                    overhead,
                    s.p50_us,
                    s.p99_us,
                    s.errors
                );
                if let Some(e) = &s.first_error {
                    println!("|   first error: {} |", e.replace('|', "/"));
                }
                json_rows.push(json!({
                    "calls_per_round": if who.is_peer() { args.peer_calls } else { args.calls },
                    "op": op.action(),
                    "concurrency": conc,
                    "contender": who.name(),
                    "contender_description": who.describe(),
                    "rps": s.rps,
                    "per_call_us": s.per_call_us,
                    "ratio_to_floor": ratio,
                    "overhead_us": overhead,
                    "p50_us": s.p50_us,
                    "p99_us": s.p99_us,
                    "errors": s.errors,
                    "first_error": s.first_error,
                    "rounds_rps": s.rounds_rps,
                }));
            }
        }
    }
    if let Some(path) = &args.json {
        let doc = json!({
            "server": if args.endpoint.is_some() {
                "external"
            } else if args.shared_runtime {
                "in-process, shared runtime"
            } else {
                "in-process, own runtime"
            },
            "calls": args.calls,
            "peer_calls": args.peer_calls,
            "rounds": args.rounds,
            "warmup": args.warmup,
            "c1_schedule": if args.segments { "segments" } else { "turns" },
            "c1_block": args.block,
            "runtime_workers": workers,
            "rows": json_rows,
        });
        std::fs::write(
            path,
            serde_json::to_string_pretty(&doc).expect("JSON") + "\n",
        )
        .expect("writing --json");
    }
    server
}
