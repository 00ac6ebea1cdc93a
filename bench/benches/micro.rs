//! Micro benchmarks: signing, request encoding, answer decoding and code generation, each
//! group with a baseline measured in the same run (`baseline/...`). `report_micro.py`
//! turns criterion's estimates into the ratio tables of BENCHMARKS.md.
//!
//! Run: `cd bench && cargo bench --bench micro` (or `bench/run-all.sh`).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use alibabacloud_vpn::config::{HttpMethod, SignatureVersion};
use alibabacloud_vpn::decode::Decode;
use alibabacloud_vpn::operation::Operation;
use alibabacloud_vpn::operation::describe_vpn_gateway::DescribeVpnGatewayInput;
use alibabacloud_vpn::operation::describe_vpn_gateways::{
    DescribeVpnGatewaysInput, DescribeVpnGatewaysOutput,
};
use alibabacloud_vpn::retry::RetryConfig;
use alibabacloud_vpn::sign::{v1, v3};
use alibabacloud_vpn::{Client, Credentials};
use base64::Engine as _;
use criterion::{
    BenchmarkGroup, Criterion, criterion_group, criterion_main, measurement::WallTime,
};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::Value;
use vpn_bench::alloc_count::{CountingAllocator, PerCall, allocations_per_call};
use vpn_bench::{
    CREATE_VPN_CONNECTION_ANSWER, CannedTransport, KEY_ID, KEY_SECRET, REGION,
    create_vpn_connection_input, create_vpn_connection_params_by_hand, describe_vpn_gateway_answer,
    describe_vpn_gateways_page, presign_v1_post, sign_fixture_params,
};

/// Every benchmark runs under the counting allocator (one relaxed atomic add per
/// allocation, for every contender alike); `allocations` reads it.
#[global_allocator]
static ALLOC: CountingAllocator = CountingAllocator;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

fn client_with(transport: CannedTransport, version: SignatureVersion) -> Client {
    client_with_retry(transport, version, RetryConfig::default())
}

fn client_with_retry(
    transport: CannedTransport,
    version: SignatureVersion,
    retry: RetryConfig,
) -> Client {
    Client::builder()
        .endpoint("http://127.0.0.1:9")
        .region_id(REGION)
        .credentials(Credentials::new(KEY_ID, KEY_SECRET))
        .signature_version(version)
        .http_method(HttpMethod::Post)
        .retry(retry)
        .transport(Arc::new(transport))
        .build()
        .expect("a client")
}

fn sign_v1(c: &mut Criterion) {
    let params = sign_fixture_params();
    let string_to_sign = v1::string_to_sign("POST", &params);
    let key = format!("{KEY_SECRET}&");
    let mut g = c.benchmark_group("sign_v1");
    g.bench_function("baseline/hmac_sha1_raw", |b| {
        b.iter(|| {
            let mut mac = Hmac::<sha1::Sha1>::new_from_slice(black_box(key.as_bytes())).unwrap();
            mac.update(black_box(string_to_sign.as_bytes()));
            mac.finalize().into_bytes()
        })
    });
    g.bench_function("baseline/hmac_sha1_base64", |b| {
        b.iter(|| {
            let mut mac = Hmac::<sha1::Sha1>::new_from_slice(black_box(key.as_bytes())).unwrap();
            mac.update(black_box(string_to_sign.as_bytes()));
            base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
        })
    });
    g.bench_function("sdk/signature", |b| {
        b.iter(|| v1::signature(black_box(KEY_SECRET), black_box(&string_to_sign)))
    });
    g.bench_function("sdk/canonicalize_and_sign", |b| {
        b.iter(|| {
            let sts = v1::string_to_sign("POST", black_box(&params));
            v1::signature(KEY_SECRET, &sts)
        })
    });
    g.finish();
}

/// The body and headers of the V3 signing benchmarks (a DescribeVpnGateway POST).
fn sign_v3_fixture() -> (&'static str, Vec<(&'static str, &'static str)>) {
    let body = "RegionId=cn-hangzhou&VpnGatewayId=vpn-bp1q8bgx4xnkm2ogj0abc";
    let headers: Vec<(&str, &str)> = vec![
        ("host", "vpc.aliyuncs.com"),
        ("x-acs-action", "DescribeVpnGateway"),
        ("x-acs-version", "2016-04-28"),
        ("x-acs-date", "2026-11-28T19:45:56Z"),
        (
            "x-acs-signature-nonce",
            "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        ),
        (
            "x-acs-content-sha256",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
        ("accept", "application/json"),
        ("user-agent", "alibabacloud-vpn-rust/0.1.0"),
        ("content-type", "application/x-www-form-urlencoded"),
    ];
    (body, headers)
}

fn sign_v3(c: &mut Criterion) {
    let (body, headers) = sign_v3_fixture();
    let hashed = v3::hash_payload(body.as_bytes());
    let (canonical, _) = v3::canonical_request("POST", "/", &[], &headers, &hashed);
    let string_to_sign = v3::string_to_sign(&canonical);
    let mut g = c.benchmark_group("sign_v3");
    g.bench_function("baseline/hmac_sha256_raw", |b| {
        b.iter(|| {
            let mut mac =
                Hmac::<sha2::Sha256>::new_from_slice(black_box(KEY_SECRET.as_bytes())).unwrap();
            mac.update(black_box(string_to_sign.as_bytes()));
            mac.finalize().into_bytes()
        })
    });
    g.bench_function("sdk/signature", |b| {
        b.iter(|| v3::signature(black_box(KEY_SECRET), black_box(&string_to_sign)))
    });
    g.bench_function("sdk/hash_canonicalize_and_sign", |b| {
        b.iter(|| {
            let hashed = v3::hash_payload(black_box(body.as_bytes()));
            let (canonical, signed) =
                v3::canonical_request("POST", "/", &[], black_box(&headers), &hashed);
            let sig = v3::signature(KEY_SECRET, &v3::string_to_sign(&canonical));
            v3::authorization(KEY_ID, &signed, &sig)
        })
    });
    g.finish();
}

fn encode(c: &mut Criterion) {
    let input = create_vpn_connection_input();
    let rt = runtime();
    let mut g = c.benchmark_group("encode_create_vpn_connection");
    g.bench_function("baseline/hand_written_pairs", |b| {
        b.iter(create_vpn_connection_params_by_hand)
    });
    g.bench_function("sdk/to_params", |b| {
        b.iter(|| black_box(&input).to_params())
    });
    g.bench_function("sdk/build_validate_to_params", |b| {
        b.iter(|| create_vpn_connection_input().to_params())
    });
    for (name, version) in [
        ("sdk/send_in_memory_v1", SignatureVersion::V1),
        ("sdk/send_in_memory_v3", SignatureVersion::V3),
    ] {
        let client = client_with(CannedTransport::new(CREATE_VPN_CONNECTION_ANSWER), version);
        g.bench_function(name, |b| {
            b.to_async(&rt)
                .iter(|| async { client.send(black_box(input.clone())).await.unwrap() })
        });
    }
    g.finish();
}

/// The whole client-side work of one DescribeVpnGateway call, network excluded: the
/// SDK through an in-memory transport, against what a hand-written client must do at
/// least (sign and encode the request, parse the answer into a `Value`).
fn call(c: &mut Criterion) {
    let answer = describe_vpn_gateway_answer();
    let rt = runtime();
    let mut g = c.benchmark_group("call_describe_vpn_gateway_in_memory");
    g.bench_function("baseline/presign_and_parse_value", |b| {
        b.iter(|| {
            let req = presign_v1_post(
                "http://127.0.0.1:9",
                "DescribeVpnGateway",
                &[
                    ("RegionId", REGION),
                    ("VpnGatewayId", "vpn-bp1q8bgx4xnkm2ogj0000"),
                ],
            );
            let v: Value = serde_json::from_str(black_box(&answer)).unwrap();
            (req, v)
        })
    });
    for (name, version) in [
        ("sdk/send_in_memory_v1", SignatureVersion::V1),
        ("sdk/send_in_memory_v3", SignatureVersion::V3),
    ] {
        let client = client_with(CannedTransport::new(answer.clone()), version);
        let input = DescribeVpnGatewayInput::builder()
            .vpn_gateway_id("vpn-bp1q8bgx4xnkm2ogj0000")
            .build()
            .unwrap();
        g.bench_function(name, |b| {
            b.to_async(&rt)
                .iter(|| async { client.send(black_box(input.clone())).await.unwrap() })
        });
    }
    // The client-wide retry quota on the success path: the same call with the quota
    // turned off.
    let client = client_with_retry(
        CannedTransport::new(answer.clone()),
        SignatureVersion::V1,
        RetryConfig::default().without_quota(),
    );
    let input = DescribeVpnGatewayInput::builder()
        .vpn_gateway_id("vpn-bp1q8bgx4xnkm2ogj0000")
        .build()
        .unwrap();
    g.bench_function("sdk/send_in_memory_v1_without_retry_quota", |b| {
        b.to_async(&rt)
            .iter(|| async { client.send(black_box(input.clone())).await.unwrap() })
    });
    g.finish();
}

/// The same page through serde's derive: strict, typed, no leniency (a reference point,
/// not something the SDK could use as is: the service's answers vary).
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct SerdePage {
    request_id: String,
    total_count: i32,
    page_number: i32,
    page_size: i32,
    vpn_gateways: SerdeGateways,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct SerdeGateways {
    #[serde(rename = "VpnGateway")]
    items: Vec<SerdeGateway>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct SerdeGateway {
    vpn_gateway_id: String,
    vpc_id: String,
    v_switch_id: String,
    internet_ip: String,
    create_time: i64,
    end_time: i64,
    spec: String,
    name: String,
    description: String,
    status: String,
    business_status: String,
    charge_type: String,
    ipsec_vpn: String,
    ssl_vpn: String,
    ssl_max_connections: i64,
    tags: SerdeTags,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct SerdeTags {
    #[serde(rename = "Tag")]
    items: Vec<SerdeTag>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct SerdeTag {
    key: String,
    value: String,
}

fn decode(c: &mut Criterion) {
    let page = describe_vpn_gateways_page(50);
    let rt = runtime();
    let mut g = c.benchmark_group("decode_describe_vpn_gateways_50");
    g.bench_function("baseline/serde_json_value", |b| {
        b.iter(|| serde_json::from_str::<Value>(black_box(&page)).unwrap())
    });
    g.bench_function("baseline/serde_derive_struct", |b| {
        b.iter(|| serde_json::from_str::<SerdePage>(black_box(&page)).unwrap())
    });
    g.bench_function("sdk/from_bytes", |b| {
        b.iter(|| {
            alibabacloud_vpn::decode::answer::<DescribeVpnGatewaysOutput>(
                "DescribeVpnGateways",
                black_box(page.as_bytes()),
            )
            .unwrap()
        })
    });
    g.bench_function("sdk/value_then_decode", |b| {
        b.iter(|| {
            let v: Value = serde_json::from_str(black_box(&page)).unwrap();
            DescribeVpnGatewaysOutput::decode(&v, "").unwrap()
        })
    });
    let value: Value = serde_json::from_str(&page).unwrap();
    g.bench_function("sdk/decode_only", |b| {
        b.iter(|| DescribeVpnGatewaysOutput::decode(black_box(&value), "").unwrap())
    });
    let transport = CannedTransport::new(page.clone());
    let client = client_with(transport, SignatureVersion::V1);
    let input = DescribeVpnGatewaysInput::builder()
        .page_size(50)
        .build()
        .unwrap();
    g.bench_function("sdk/send_in_memory_v1", |b| {
        b.to_async(&rt)
            .iter(|| async { client.send(black_box(input.clone())).await.unwrap() })
    });
    g.finish();
}

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

fn read_spec_files(dir: &Path) -> Vec<String> {
    let mut files = vec![dir.join("service.json")];
    let mut ops: Vec<PathBuf> = std::fs::read_dir(dir.join("operations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    ops.sort();
    files.extend(ops);
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

fn codegen_benches(c: &mut Criterion) {
    let dir = spec_dir();
    let spec = codegen::spec::load_dir(&dir).expect("the spec loads");
    let mut g = c.benchmark_group("codegen");
    configure_slow(&mut g);
    g.bench_function("baseline/read_and_parse_json", |b| {
        b.iter(|| {
            read_spec_files(black_box(&dir))
                .iter()
                .map(|s| serde_json::from_str::<Value>(s).unwrap())
                .collect::<Vec<Value>>()
        })
    });
    g.bench_function("load_dir", |b| {
        b.iter(|| codegen::spec::load_dir(black_box(&dir)).unwrap())
    });
    g.bench_function("generate", |b| {
        b.iter(|| codegen::generate(black_box(&spec)).unwrap())
    });
    g.bench_function("load_and_generate", |b| {
        b.iter(|| codegen::generate(&codegen::spec::load_dir(black_box(&dir)).unwrap()).unwrap())
    });
    g.finish();
}

fn configure_slow(g: &mut BenchmarkGroup<'_, WallTime>) {
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10));
}

/// Heap allocations per whole call of the main benchmarks, counted over 1000 calls on
/// this thread (the in-memory transport answers on the same thread), written to
/// `target/criterion/allocations.json` for `report_micro.py`.
fn allocations(_: &mut Criterion) {
    const N: u32 = 1000;
    let rt = runtime();
    let mut rows: Vec<(&str, &str, PerCall)> = Vec::new();

    let params = sign_fixture_params();
    rows.push((
        "sign_v1",
        "sdk/canonicalize_and_sign",
        allocations_per_call(N, || {
            let sts = v1::string_to_sign("POST", black_box(&params));
            black_box(v1::signature(KEY_SECRET, &sts));
        }),
    ));
    let (body, headers) = sign_v3_fixture();
    rows.push((
        "sign_v3",
        "sdk/hash_canonicalize_and_sign",
        allocations_per_call(N, || {
            let hashed = v3::hash_payload(black_box(body.as_bytes()));
            let (canonical, signed) =
                v3::canonical_request("POST", "/", &[], black_box(&headers), &hashed);
            let sig = v3::signature(KEY_SECRET, &v3::string_to_sign(&canonical));
            black_box(v3::authorization(KEY_ID, &signed, &sig));
        }),
    ));

    let input = create_vpn_connection_input();
    rows.push((
        "encode_create_vpn_connection",
        "baseline/hand_written_pairs",
        allocations_per_call(N, || {
            black_box(create_vpn_connection_params_by_hand());
        }),
    ));
    rows.push((
        "encode_create_vpn_connection",
        "sdk/to_params",
        allocations_per_call(N, || {
            black_box(black_box(&input).to_params());
        }),
    ));
    for (name, version) in [
        ("sdk/send_in_memory_v1", SignatureVersion::V1),
        ("sdk/send_in_memory_v3", SignatureVersion::V3),
    ] {
        let client = client_with(CannedTransport::new(CREATE_VPN_CONNECTION_ANSWER), version);
        rows.push((
            "encode_create_vpn_connection",
            name,
            allocations_per_call(N, || {
                black_box(rt.block_on(client.send(input.clone())).unwrap());
            }),
        ));
    }

    let answer = describe_vpn_gateway_answer();
    rows.push((
        "call_describe_vpn_gateway_in_memory",
        "baseline/presign_and_parse_value",
        allocations_per_call(N, || {
            let req = presign_v1_post(
                "http://127.0.0.1:9",
                "DescribeVpnGateway",
                &[
                    ("RegionId", REGION),
                    ("VpnGatewayId", "vpn-bp1q8bgx4xnkm2ogj0000"),
                ],
            );
            let v: Value = serde_json::from_str(black_box(&answer)).unwrap();
            black_box((req, v));
        }),
    ));
    let describe = DescribeVpnGatewayInput::builder()
        .vpn_gateway_id("vpn-bp1q8bgx4xnkm2ogj0000")
        .build()
        .unwrap();
    for (name, version) in [
        ("sdk/send_in_memory_v1", SignatureVersion::V1),
        ("sdk/send_in_memory_v3", SignatureVersion::V3),
    ] {
        let client = client_with(CannedTransport::new(answer.clone()), version);
        rows.push((
            "call_describe_vpn_gateway_in_memory",
            name,
            allocations_per_call(N, || {
                black_box(rt.block_on(client.send(describe.clone())).unwrap());
            }),
        ));
    }

    let page = describe_vpn_gateways_page(50);
    rows.push((
        "decode_describe_vpn_gateways_50",
        "baseline/serde_json_value",
        allocations_per_call(N / 10, || {
            black_box(serde_json::from_str::<Value>(black_box(&page)).unwrap());
        }),
    ));
    rows.push((
        "decode_describe_vpn_gateways_50",
        "baseline/serde_derive_struct",
        allocations_per_call(N / 10, || {
            black_box(serde_json::from_str::<SerdePage>(black_box(&page)).unwrap());
        }),
    ));
    rows.push((
        "decode_describe_vpn_gateways_50",
        "sdk/from_bytes",
        allocations_per_call(N / 10, || {
            black_box(
                alibabacloud_vpn::decode::answer::<DescribeVpnGatewaysOutput>(
                    "DescribeVpnGateways",
                    black_box(page.as_bytes()),
                )
                .unwrap(),
            );
        }),
    ));
    let client = client_with(CannedTransport::new(page.clone()), SignatureVersion::V1);
    let list = DescribeVpnGatewaysInput::builder()
        .page_size(50)
        .build()
        .unwrap();
    rows.push((
        "decode_describe_vpn_gateways_50",
        "sdk/send_in_memory_v1",
        allocations_per_call(N / 10, || {
            black_box(rt.block_on(client.send(list.clone())).unwrap());
        }),
    ));

    let json: Vec<serde_json::Value> = rows
        .iter()
        .map(|(group, bench, per)| {
            serde_json::json!({
                "group": group,
                "bench": bench,
                "allocations": per.allocations,
                "bytes": per.bytes,
            })
        })
        .collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/criterion");
    std::fs::create_dir_all(&dir).expect("creating target/criterion");
    std::fs::write(
        dir.join("allocations.json"),
        serde_json::to_string_pretty(&json).unwrap(),
    )
    .expect("writing allocations.json");
    for (group, bench, per) in &rows {
        println!(
            "allocations {group}/{bench}: {:.1} per call ({:.0} bytes)",
            per.allocations, per.bytes
        );
    }
}

criterion_group!(
    benches,
    allocations,
    sign_v1,
    sign_v3,
    encode,
    call,
    decode,
    codegen_benches
);
criterion_main!(benches);
