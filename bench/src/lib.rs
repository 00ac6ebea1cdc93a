//! Shared fixtures for the benchmarks (`benches/micro.rs`) and the loopback program
//! (`src/bin/loopback.rs`). See BENCHMARKS.md at the repository root.

use std::fmt;
use std::sync::Arc;

use alibabacloud_vpn::operation::create_vpn_connection::CreateVpnConnectionInput;
use alibabacloud_vpn::sign::{percent_encode, v1};
use alibabacloud_vpn::transport::{HttpError, HttpRequest, HttpResponse, HttpTransport};
use alibabacloud_vpn::types::{
    IkeConfig, IkeMode, IkeVersion, VpnAuthenticationAlgorithm, VpnEncryptionAlgorithm, VpnPfsGroup,
};
use futures_util::future::BoxFuture;
use serde_json::{Value, json};

pub mod alloc_count;

/// The AccessKey pair the emulator trusts in every benchmark.
pub const KEY_ID: &str = "bench-key-id";
/// The AccessKey secret.
pub const KEY_SECRET: &str = "bench-key-secret";
/// The region every benchmark call names (except the rotating CreateCustomerGateway
/// regions, see [`create_target`]).
pub const REGION: &str = "cn-hangzhou";
/// The API version.
pub const API_VERSION: &str = "2016-04-28";

/// Customer gateways per region the emulator allows by default (`Quotas`).
pub const CUSTOMER_GATEWAYS_PER_REGION: usize = 100;

/// Region and IP address of the `i`-th CreateCustomerGateway call of a segment: a new
/// region every 100 calls (the emulator's per-region quota) and a distinct IP address
/// inside each region, so every call succeeds and the server does the same work for
/// every contender.
pub fn create_target(i: usize) -> (String, String) {
    let region = format!("bench-{}", i / CUSTOMER_GATEWAYS_PER_REGION);
    let ip = format!("203.0.113.{}", i % CUSTOMER_GATEWAYS_PER_REGION + 1);
    (region, ip)
}

/// `YYYY-MM-DDThh:mm:ssZ` (UTC), as the SDK and the official SDKs send it.
pub fn timestamp_now() -> String {
    let now = time::OffsetDateTime::now_utc();
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    now.format(&format).expect("formatting a UTC time")
}

/// One request signed ahead of time for the floor: what the SDK sends for V1 / POST (its
/// default): common parameters and `Signature` in the query, operation parameters in a
/// form body, signed together.
#[derive(Clone, Debug)]
pub struct PresignedRequest {
    /// Absolute URL with the query.
    pub url: String,
    /// `application/x-www-form-urlencoded` body.
    pub body: String,
}

/// Signs one V1 POST request with a fresh nonce and the current time.
pub fn presign_v1_post(endpoint: &str, action: &str, params: &[(&str, &str)]) -> PresignedRequest {
    let nonce = uuid::Uuid::new_v4().to_string();
    let timestamp = timestamp_now();
    let common: Vec<(&str, &str)> = vec![
        ("Action", action),
        ("Format", "JSON"),
        ("Version", API_VERSION),
        ("Timestamp", &timestamp),
        ("SignatureNonce", &nonce),
        ("SignatureMethod", v1::SIGNATURE_METHOD),
        ("SignatureVersion", v1::SIGNATURE_VERSION),
        ("AccessKeyId", KEY_ID),
    ];
    let signed: Vec<(&str, &str)> = common.iter().chain(params).copied().collect();
    let signature = v1::signature(KEY_SECRET, &v1::string_to_sign("POST", &signed));
    let url = format!(
        "{}/?{}&Signature={}",
        endpoint.trim_end_matches('/'),
        v1::canonical_query(&common),
        percent_encode(&signature)
    );
    PresignedRequest {
        url,
        body: v1::canonical_query(params),
    }
}

/// The V1 signed parameters of a typical DescribeVpnGateway call (common parameters
/// included, `Signature` excluded), for the signing micro benchmarks.
pub fn sign_fixture_params() -> Vec<(&'static str, &'static str)> {
    vec![
        ("Action", "DescribeVpnGateway"),
        ("Format", "JSON"),
        ("Version", API_VERSION),
        ("Timestamp", "2026-11-28T19:45:56Z"),
        ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("AccessKeyId", KEY_ID),
        ("RegionId", REGION),
        ("VpnGatewayId", "vpn-bp1q8bgx4xnkm2ogj0abc"),
    ]
}

/// A CreateVpnConnection input with every top-level member and a full `IkeConfig`
/// (sent as a JSON string), built through the generated builders.
pub fn create_vpn_connection_input() -> CreateVpnConnectionInput {
    let ike = IkeConfig::builder()
        .psk("pre-shared-key-1234")
        .ike_version(IkeVersion::Ikev2)
        .ike_mode(IkeMode::Main)
        .ike_enc_alg(VpnEncryptionAlgorithm::Aes256)
        .ike_auth_alg(VpnAuthenticationAlgorithm::Sha1)
        .ike_pfs(VpnPfsGroup::Group14)
        .ike_lifetime(86_400)
        .local_id("116.62.69.10")
        .remote_id("203.0.113.7")
        .build();
    CreateVpnConnectionInput::builder()
        .region_id(REGION)
        .vpn_gateway_id("vpn-bp1q8bgx4xnkm2ogj0abc")
        .customer_gateway_id("cgw-bp1aw0a5nff03xp1pcqc")
        .local_subnet("10.0.0.0/16,10.1.0.0/16")
        .remote_subnet("192.168.0.0/16")
        .effect_immediately(true)
        .name("bench-connection")
        .ike_config(ike)
        .build()
        .expect("a valid CreateVpnConnection input")
}

/// The same parameters as [`create_vpn_connection_input`], written by hand (the
/// encoding baseline): the `IkeConfig` JSON through `serde_json::to_string` of a
/// `json!` value, and plain `(String, String)` pairs.
pub fn create_vpn_connection_params_by_hand() -> Vec<(String, String)> {
    let ike = json!({
        "IkeAuthAlg": "sha1",
        "IkeEncAlg": "aes256",
        "IkeLifetime": 86_400,
        "IkeMode": "main",
        "IkePfs": "group14",
        "IkeVersion": "ikev2",
        "LocalId": "116.62.69.10",
        "Psk": "pre-shared-key-1234",
        "RemoteId": "203.0.113.7",
    });
    vec![
        (
            "CustomerGatewayId".into(),
            "cgw-bp1aw0a5nff03xp1pcqc".into(),
        ),
        ("EffectImmediately".into(), true.to_string()),
        ("IkeConfig".into(), ike.to_string()),
        ("LocalSubnet".into(), "10.0.0.0/16,10.1.0.0/16".into()),
        ("Name".into(), "bench-connection".into()),
        ("RegionId".into(), REGION.into()),
        ("RemoteSubnet".into(), "192.168.0.0/16".into()),
        ("VpnGatewayId".into(), "vpn-bp1q8bgx4xnkm2ogj0abc".into()),
    ]
}

/// One gateway as the service describes it (every documented member, two tags).
fn gateway_json(i: usize) -> Value {
    json!({
        "VpnGatewayId": format!("vpn-bp1q8bgx4xnkm2ogj{i:04}"),
        "VpcId": "vpc-bp1ub1yt9cvakoelj0abc",
        "VSwitchId": "vsw-bp1y9ovl1cu9ou4tv0abc",
        "InternetIp": format!("116.62.69.{}", i % 250 + 1),
        "CreateTime": 1_492_753_580_000_i64 + i as i64,
        "EndTime": 1_495_382_400_000_i64,
        "Spec": "5M",
        "Name": format!("gateway-{i}"),
        "Description": "benchmark gateway",
        "Status": "active",
        "BusinessStatus": "Normal",
        "ChargeType": "PayByTraffic",
        "IpsecVpn": "enable",
        "SslVpn": "disable",
        "SslMaxConnections": 5,
        "Tags": {"Tag": [
            {"Key": "env", "Value": "prod"},
            {"Key": "team", "Value": "network"}
        ]}
    })
}

/// A DescribeVpnGateway answer (one gateway, every documented member).
pub fn describe_vpn_gateway_answer() -> String {
    let mut v = gateway_json(0);
    v["RequestId"] = json!("DF11D6F6-E35A-41C3-9B20-6FC8A901FE65");
    v.to_string()
}

/// A DescribeVpnGateways answer with `items` gateways, every documented member set
/// (tags included), as the service sends it (native JSON types, `VpnGateways` wrapped
/// as `{"VpnGateway": [...]}`).
pub fn describe_vpn_gateways_page(items: usize) -> String {
    let gateways: Vec<Value> = (0..items).map(gateway_json).collect();
    json!({
        "RequestId": "DF11D6F6-E35A-41C3-9B20-6FC8A901FE65",
        "TotalCount": items,
        "PageNumber": 1,
        "PageSize": items,
        "VpnGateways": {"VpnGateway": gateways}
    })
    .to_string()
}

/// A transport that never touches the network: it counts the requests it is given and
/// answers each with the same canned body. Plugged into the client with
/// `ClientBuilder::transport`, it measures the SDK's own per-call work (validation,
/// parameters, signing, request building, answer interpretation, decoding).
#[derive(Clone)]
pub struct CannedTransport {
    body: bytes::Bytes,
    sent: Arc<std::sync::atomic::AtomicU64>,
}

impl CannedTransport {
    /// Answers every request with HTTP 200 and `body`.
    pub fn new(body: impl Into<String>) -> Self {
        Self {
            body: bytes::Bytes::from(body.into()),
            sent: Arc::default(),
        }
    }

    /// Requests sent so far.
    pub fn sent(&self) -> u64 {
        self.sent.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl fmt::Debug for CannedTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CannedTransport")
    }
}

impl HttpTransport for CannedTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        self.sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let answer = HttpResponse::new(200, self.body.clone()).with_header(
            alibabacloud_vpn::transport::HeaderName::from_static("content-type"),
            alibabacloud_vpn::transport::HeaderValue::from_static("application/json;charset=utf-8"),
        );
        // The request is consumed here, as a network transport would consume it.
        drop(request);
        Box::pin(async move { Ok(answer) })
    }
}

/// The emulator's answer to CreateVpnConnection (shape only), for [`CannedTransport`].
pub const CREATE_VPN_CONNECTION_ANSWER: &str = r#"{"RequestId":"7DB79D0C-5F27-4AB5-995B-79BE55102F90","VpnConnectionId":"vco-bp15oes1py4i66rmd0abc","Name":"bench-connection","CreateTime":1492753580000}"#;

#[cfg(test)]
mod tests {
    use super::*;
    use alibabacloud_vpn::decode::Decode;
    use alibabacloud_vpn::operation::Operation;
    use alibabacloud_vpn::operation::describe_vpn_gateways::DescribeVpnGatewaysOutput;

    #[test]
    fn the_page_decodes_with_every_item() {
        let page = describe_vpn_gateways_page(50);
        let value: Value = serde_json::from_str(&page).unwrap();
        let out = DescribeVpnGatewaysOutput::decode(&value, "").unwrap();
        assert_eq!(out.vpn_gateways.len(), 50);
        assert_eq!(out.vpn_gateways[49].tags.len(), 2);
    }

    #[test]
    fn sdk_and_hand_written_params_agree() {
        let sdk: Vec<(String, String)> = create_vpn_connection_input()
            .to_params()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut sdk_sorted = sdk.clone();
        sdk_sorted.sort();
        let mut hand = create_vpn_connection_params_by_hand();
        hand.sort();
        assert_eq!(sdk_sorted.len(), hand.len());
        for ((sk, sv), (hk, hv)) in sdk_sorted.iter().zip(&hand) {
            assert_eq!(sk, hk);
            if sk == "IkeConfig" {
                let a: Value = serde_json::from_str(sv).unwrap();
                let b: Value = serde_json::from_str(hv).unwrap();
                assert_eq!(a, b);
            } else {
                assert_eq!(sv, hv);
            }
        }
    }

    #[test]
    fn create_targets_stay_within_the_quota() {
        assert_eq!(create_target(0), ("bench-0".into(), "203.0.113.1".into()));
        assert_eq!(
            create_target(99),
            ("bench-0".into(), "203.0.113.100".into())
        );
        assert_eq!(create_target(100), ("bench-1".into(), "203.0.113.1".into()));
    }
}
