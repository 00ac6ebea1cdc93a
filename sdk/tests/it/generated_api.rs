//! The generated API, end to end through the real client with an in-memory transport:
//! validation before any I/O, the region default, wire encoding (JSON-string
//! parameters, secrets), lenient decoding, typed errors, open enums, paginators and
//! waiters.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use alibabacloud_vpn::config::HttpMethod;
use alibabacloud_vpn::decode::Decode;
use alibabacloud_vpn::error::{ValidationError, ValidationRule};
use alibabacloud_vpn::operation::Operation;
use alibabacloud_vpn::operation::create_vpn_connection::CreateVpnConnectionInput;
use alibabacloud_vpn::operation::describe_vpn_gateway::{
    DescribeVpnGatewayError, DescribeVpnGatewayOutput,
};
use alibabacloud_vpn::operation::describe_vpn_gateways::{
    DescribeVpnGatewaysInput, DescribeVpnGatewaysOutput,
};
use alibabacloud_vpn::retry::RetryConfig;
use alibabacloud_vpn::time::EpochMillis;
use alibabacloud_vpn::transport::{HttpError, HttpRequest, HttpResponse, HttpTransport};
use alibabacloud_vpn::types::{
    IkeConfig, IkeVersion, VpnEncryptionAlgorithm, VpnGateway, VpnGatewayStatus,
};
use alibabacloud_vpn::waiter::WaiterError;
use alibabacloud_vpn::{Client, Credentials, SdkError, ServiceError};
use futures_util::future::BoxFuture;
use serde_json::json;

type Handler = dyn Fn(&[(String, String)]) -> HttpResponse + Send + Sync;

/// A transport that answers from a closure over the request's parameters and records
/// every request's parameters.
struct Fake {
    handler: Box<Handler>,
    seen: Mutex<Vec<Vec<(String, String)>>>,
}

impl std::fmt::Debug for Fake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fake")
    }
}

impl HttpTransport for Fake {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        let query = request.url.split_once('?').map(|(_, q)| q).unwrap_or("");
        let params: Vec<(String, String)> = query
            .split('&')
            .filter(|kv| !kv.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                let decode = |s: &str| {
                    percent_encoding::percent_decode_str(s)
                        .decode_utf8_lossy()
                        .into_owned()
                };
                (decode(k), decode(v))
            })
            .collect();
        let answer = (self.handler)(&params);
        self.seen.lock().unwrap().push(params);
        Box::pin(async move { Ok(answer) })
    }
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn fake(
    handler: impl Fn(&[(String, String)]) -> HttpResponse + Send + Sync + 'static,
) -> Arc<Fake> {
    Arc::new(Fake {
        handler: Box::new(handler),
        seen: Mutex::new(Vec::new()),
    })
}

fn client_with(transport: Arc<Fake>, region: Option<&str>) -> Client {
    let mut b = Client::builder()
        .endpoint("https://vpc.example.test")
        .credentials(Credentials::new("test-ak", "test-secret"))
        .http_method(HttpMethod::Get)
        .retry(RetryConfig::disabled())
        .transport(transport);
    if let Some(r) = region {
        b = b.region_id(r);
    }
    b.build().unwrap()
}

fn ok(body: serde_json::Value) -> HttpResponse {
    HttpResponse::new(200, body.to_string())
}

fn requests(f: &Fake) -> Vec<Vec<(String, String)>> {
    f.seen.lock().unwrap().clone()
}

// ----- validation -------------------------------------------------------------------

#[tokio::test]
async fn invalid_values_fail_before_any_request() {
    let t = fake(|_| ok(json!({})));
    let client = client_with(t.clone(), Some("cn-hangzhou"));
    let err = client
        .create_vpn_gateway()
        .vpc_id("vpc-1")
        .bandwidth(7)
        .send()
        .await
        .unwrap_err();
    let SdkError::Validation(v) = err else {
        panic!("expected a validation error, got {err:?}")
    };
    assert_eq!(v.parameter, "Bandwidth");
    assert!(matches!(v.rule, ValidationRule::NotAllowed { ref value, .. } if value == "7"));
    assert!(requests(&t).is_empty());
}

#[tokio::test]
async fn value_checks_off_leaves_value_rules_to_the_service_but_not_required_members() {
    let t = fake(|_| ok(json!({"RequestId": "r", "VpnGatewayId": "vpn-1"})));
    let client = Client::builder()
        .endpoint("https://vpc.example.test")
        .credentials(Credentials::new("test-ak", "test-secret"))
        .retry(RetryConfig::disabled())
        .http_method(HttpMethod::Get)
        .region_id("cn-hangzhou")
        .value_checks(false)
        .transport(t.clone())
        .build()
        .unwrap();
    assert!(!client.config().value_checks());
    let out = client
        .create_vpn_gateway()
        .vpc_id("vpc-1")
        .bandwidth(7)
        .name("1 starts with a digit")
        .send()
        .await
        .unwrap();
    assert_eq!(out.vpn_gateway_id.as_deref(), Some("vpn-1"));
    let sent = requests(&t);
    assert_eq!(sent.len(), 1);
    assert_eq!(param(&sent[0], "Bandwidth"), Some("7"));
    assert_eq!(param(&sent[0], "Name"), Some("1 starts with a digit"));
    // Required members are still checked, before anything is sent.
    let err = client
        .create_vpn_gateway()
        .bandwidth(7)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, SdkError::Validation(ref v) if v.parameter == "VpcId"),
        "{err:?}"
    );
    assert_eq!(requests(&t).len(), 1);
}

/// Builds an input (which checks required members only) and then runs every rule, as
/// sending through a client with value checks on does.
fn checked<I: Operation>(built: Result<I, ValidationError>) -> Result<I, ValidationError> {
    let input = built?;
    input.validate(alibabacloud_vpn::validate::Checks::ALL)?;
    Ok(input)
}

#[tokio::test]
async fn missing_required_parameter_is_named() {
    let client = client_with(fake(|_| ok(json!({}))), Some("cn-hangzhou"));
    let err = client
        .create_vpn_gateway()
        .bandwidth(5)
        .send()
        .await
        .unwrap_err();
    let v = match err {
        SdkError::Validation(v) => v,
        other => panic!("{other:?}"),
    };
    assert_eq!(v.parameter, "VpcId");
    assert_eq!(v.rule, ValidationRule::Missing);
}

#[test]
fn every_kind_of_rule_names_its_parameter() {
    use alibabacloud_vpn::operation::create_ssl_vpn_server::CreateSslVpnServerInput;
    let base = || {
        CreateSslVpnServerInput::builder()
            .vpn_gateway_id("vpn-1")
            .client_ip_pool("192.168.0.0/16")
            .local_subnet("10.0.0.0/8")
    };
    assert!(base().build().is_ok());
    let rule = |r: Result<CreateSslVpnServerInput, _>| {
        let e: ValidationError = checked(r).unwrap_err();
        (e.parameter, e.rule)
    };
    assert_eq!(
        rule(base().port(443).build()),
        (
            "Port".into(),
            ValidationRule::Forbidden {
                value: "443".into()
            }
        )
    );
    assert!(
        matches!(rule(base().port(70000).build()), (p, ValidationRule::NotAllowed { .. }) if p == "Port")
    );
    assert!(
        matches!(rule(base().name("x").build()), (p, ValidationRule::Length { actual: 1, .. }) if p == "Name")
    );
    assert!(
        matches!(rule(base().name("1abc").build()), (p, ValidationRule::Pattern { .. }) if p == "Name")
    );
    assert_eq!(
        rule(base().client_token("tökén").build()),
        ("ClientToken".into(), ValidationRule::NotAscii)
    );
    let long_token = "x".repeat(65);
    assert!(
        matches!(rule(base().client_token(long_token).build()), (p, ValidationRule::Length { .. }) if p == "ClientToken")
    );
}

#[test]
fn forbidden_prefix_is_reported() {
    use alibabacloud_vpn::operation::modify_vpn_gateway_attribute::ModifyVpnGatewayAttributeInput;
    // Matches the description pattern (starts with a letter) but has a forbidden prefix.
    let e = ModifyVpnGatewayAttributeInput::builder()
        .vpn_gateway_id("vpn-1")
        .description("http://example.com")
        .build();
    let e = checked(e).unwrap_err();
    assert_eq!(e.parameter, "Description");
    assert_eq!(
        e.rule,
        ValidationRule::Prefix {
            prefix: "http://".into()
        }
    );
}

#[test]
fn json_string_members_are_validated_with_dotted_names() {
    let e = CreateVpnConnectionInput::builder()
        .customer_gateway_id("cgw-1")
        .vpn_gateway_id("vpn-1")
        .local_subnet("10.0.0.0/24")
        .remote_subnet("10.1.0.0/24")
        .ike_config(IkeConfig::builder().ike_lifetime(90_000).build())
        .build();
    let e = checked(e).unwrap_err();
    assert_eq!(e.parameter, "IkeConfig.IkeLifetime");
    assert!(e.to_string().contains("`IkeConfig.IkeLifetime`"), "{e}");
}

// ----- the region ---------------------------------------------------------------------

#[tokio::test]
async fn region_defaults_from_the_client_and_can_be_set_per_call() {
    let t = fake(|_| ok(json!({"RequestId": "r"})));
    let client = client_with(t.clone(), Some("cn-hangzhou"));
    client.describe_vpn_gateways().send().await.unwrap();
    client
        .describe_vpn_gateways()
        .region_id("cn-shanghai")
        .send()
        .await
        .unwrap();
    let seen = requests(&t);
    assert_eq!(param(&seen[0], "RegionId"), Some("cn-hangzhou"));
    assert_eq!(param(&seen[1], "RegionId"), Some("cn-shanghai"));
    assert_eq!(param(&seen[1], "Action"), Some("DescribeVpnGateways"));
}

#[tokio::test]
async fn region_is_required_only_after_the_client_default_is_applied() {
    // A builder without a region still builds...
    let input = DescribeVpnGatewaysInput::builder().build().unwrap();
    // ...and sending it through a client without a region fails before any I/O.
    let t = fake(|_| ok(json!({})));
    let client = client_with(t.clone(), None);
    let err = client.send(input).await.unwrap_err();
    match err {
        SdkError::Validation(v) => {
            assert_eq!(v.parameter, "RegionId");
            assert_eq!(v.rule, ValidationRule::Missing);
        }
        other => panic!("{other:?}"),
    }
    assert!(requests(&t).is_empty());
}

#[tokio::test]
async fn a_whole_input_can_be_sent() {
    let t = fake(|_| ok(json!({"RequestId": "r", "TotalCount": 0})));
    let client = client_with(t.clone(), Some("cn-hangzhou"));
    let input = DescribeVpnGatewaysInput::builder()
        .vpc_id("vpc-9")
        .build()
        .unwrap();
    let out = input.clone().send_with(&client).await.unwrap();
    assert_eq!(out.total_count, Some(0));
    client.send(input).await.unwrap();
    assert_eq!(param(&requests(&t)[1], "VpcId"), Some("vpc-9"));
}

// ----- wire encoding and secrets ------------------------------------------------------

#[test]
fn json_string_parameter_is_one_json_value_and_secret() {
    let input = CreateVpnConnectionInput::builder()
        .customer_gateway_id("cgw-1")
        .vpn_gateway_id("vpn-1")
        .local_subnet("10.0.0.0/24")
        .remote_subnet("10.1.0.0/24")
        .ike_config(
            IkeConfig::builder()
                .ike_version(IkeVersion::Ikev2)
                .ike_enc_alg("3des")
                .psk("s3cret-psk")
                .ike_lifetime(3600)
                .build(),
        )
        .build()
        .unwrap();
    let params = input.to_params();
    let ike: serde_json::Value = serde_json::from_str(params.get("IkeConfig").unwrap()).unwrap();
    assert_eq!(
        ike,
        json!({"IkeVersion": "ikev2", "IkeEncAlg": "3des", "Psk": "s3cret-psk", "IkeLifetime": 3600})
    );
    assert!(params.is_secret("IkeConfig"));
    assert!(!params.contains("IkeConfig.Psk"));
    for shown in [
        format!("{params:?}"),
        format!("{input:?}"),
        format!("{:?}", input.ike_config),
    ] {
        assert!(!shown.contains("s3cret-psk"), "{shown}");
    }
    assert!(format!("{input:?}").contains("redacted"));
    assert_eq!(
        input.ike_config.as_ref().unwrap().ike_enc_alg,
        Some(VpnEncryptionAlgorithm::TripleDes)
    );
}

#[test]
fn scalars_use_their_wire_text() {
    use alibabacloud_vpn::operation::create_vpn_route_entry::CreateVpnRouteEntryInput;
    let params = CreateVpnRouteEntryInput::builder()
        .vpn_gateway_id("vpn-1")
        .route_dest("10.0.0.0/24")
        .next_hop("vco-1")
        .weight(100)
        .publish_vpc(true)
        .overlay_mode("Ipsec")
        .build()
        .unwrap()
        .to_params();
    assert_eq!(params.get("Weight"), Some("100"));
    assert_eq!(params.get("PublishVpc"), Some("true"));
    assert_eq!(params.get("OverlayMode"), Some("Ipsec"));
    assert!(
        !params.contains("RegionId"),
        "the region is the client's to fill"
    );
}

// ----- decoding -----------------------------------------------------------------------

#[test]
fn decoding_tolerates_the_documented_variants() {
    let native = json!({
        "RequestId": "r", "TotalCount": 2, "PageNumber": 1, "PageSize": 10,
        "VpnGateways": {"VpnGateway": [
            {"VpnGatewayId": "vpn-1", "Status": "active", "CreateTime": 1568275200000i64,
             "Tags": {"Tag": [{"Key": "k", "Value": "v"}]}},
            {"VpnGatewayId": "vpn-2", "Status": "teleporting"}
        ]}
    });
    let out = DescribeVpnGatewaysOutput::decode(&native, "").unwrap();
    assert_eq!(out.total_count, Some(2));
    assert_eq!(out.vpn_gateways.len(), 2);
    assert_eq!(out.vpn_gateways[0].status, Some(VpnGatewayStatus::Active));
    assert_eq!(
        out.vpn_gateways[0].create_time,
        Some(EpochMillis::from_millis(1_568_275_200_000))
    );
    assert_eq!(out.vpn_gateways[0].tags[0].key.as_deref(), Some("k"));
    assert_eq!(
        out.vpn_gateways[1].status,
        Some(VpnGatewayStatus::Unknown("teleporting".into()))
    );

    // Numbers as strings, one object where a list belongs, no wrapper, unknown fields.
    // (An `<Action>Response` envelope is the client's to strip, before decoding: see
    // `runtime_http.rs`.)
    let odd = json!({
        "RequestId": "r", "TotalCount": "1", "PageNumber": "1", "Extra": {"x": 1},
        "VpnGateways": {"VpnGateway": {"VpnGatewayId": "vpn-1", "SslMaxConnections": "5",
                                       "Tags": [{"Key": "k"}]}}
    });
    let out = DescribeVpnGatewaysOutput::decode(&odd, "").unwrap();
    assert_eq!(out.total_count, Some(1));
    assert_eq!(out.vpn_gateways.len(), 1);
    assert_eq!(out.vpn_gateways[0].ssl_max_connections, Some(5));
    assert_eq!(out.vpn_gateways[0].tags.len(), 1);

    let bare = json!({"RequestId": "r3", "VpnGateways": [{"VpnGatewayId": "vpn-3"}]});
    let out = DescribeVpnGatewaysOutput::decode(&bare, "").unwrap();
    assert_eq!(out.vpn_gateways[0].vpn_gateway_id.as_deref(), Some("vpn-3"));
    assert_eq!(out.request_id, "r3");
}

#[tokio::test]
async fn the_request_id_is_always_there_from_the_body_or_the_header() {
    let client = client_with(
        fake(|_| {
            HttpResponse::new(200, r#"{"TotalCount":0}"#).with_header(
                alibabacloud_vpn::transport::HeaderName::from_static("x-acs-request-id"),
                alibabacloud_vpn::transport::HeaderValue::from_static("HDR-1"),
            )
        }),
        Some("cn-hangzhou"),
    );
    let out = client.describe_vpn_gateways().send().await.unwrap();
    assert_eq!(out.request_id, "HDR-1");
    let client = client_with(
        fake(|_| HttpResponse::new(200, r#"{"requestId":"lower-1"}"#)),
        Some("cn-hangzhou"),
    );
    let out = client.describe_vpn_gateways().send().await.unwrap();
    assert_eq!(out.request_id, "lower-1");
    // Neither: the answer is not one of the API's, and says so.
    let client = client_with(
        fake(|_| HttpResponse::new(200, r#"{"TotalCount":0}"#)),
        Some("cn-hangzhou"),
    );
    match client.describe_vpn_gateways().send().await.unwrap_err() {
        SdkError::Decode(d) => {
            assert_eq!(d.path, "RequestId");
            assert_eq!(d.attempts, 1);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn uncoercible_value_is_a_decode_error_with_its_path_and_the_raw_body() {
    let body = r#"{"RequestId":"req-7","VpnGateways":{"VpnGateway":[{"CreateTime":"soon"}]}}"#;
    let client = client_with(
        fake(move |_| HttpResponse::new(200, body)),
        Some("cn-hangzhou"),
    );
    let err = client.describe_vpn_gateways().send().await.unwrap_err();
    match err {
        SdkError::Decode(d) => {
            assert_eq!(d.path, "VpnGateways.VpnGateway[0].CreateTime");
            assert_eq!(d.body, body);
            assert_eq!(d.http_status, 200);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

// ----- errors -------------------------------------------------------------------------

fn error_answer(status: u16, code: &str) -> HttpResponse {
    HttpResponse::new(
        status,
        json!({"Code": code, "Message": "nope", "RequestId": "req-err", "Recommend": "https://diag"})
            .to_string(),
    )
}

#[tokio::test]
async fn documented_error_codes_become_typed_variants() {
    let client = client_with(
        fake(|_| error_answer(404, "InvalidVpnGatewayInstanceId.NotFound")),
        Some("cn-hangzhou"),
    );
    let err = client
        .describe_vpn_gateway()
        .vpn_gateway_id("vpn-x")
        .send()
        .await
        .unwrap_err();
    let service = err.as_service_error().expect("a service error");
    assert!(matches!(
        service,
        DescribeVpnGatewayError::InvalidVpnGatewayInstanceIdNotFound(_)
    ));
    assert!(service.is_invalid_vpn_gateway_instance_id_not_found());
    assert!(!service.is_forbidden_sub_user());
    assert_eq!(service.code(), "InvalidVpnGatewayInstanceId.NotFound");
    assert_eq!(service.message(), "nope");
    assert_eq!(service.request_id(), Some("req-err"));
    assert_eq!(service.http_status(), 404);
    assert_eq!(service.recommend(), Some("https://diag"));
    assert!(
        service
            .to_string()
            .contains("InvalidVpnGatewayInstanceId.NotFound")
    );
    assert_eq!(err.code(), Some("InvalidVpnGatewayInstanceId.NotFound"));
}

#[test]
fn other_codes_are_unhandled() {
    let e = DescribeVpnGatewayError::from(ServiceError::new(400, "Throttling.User", "slow"));
    assert!(matches!(e, DescribeVpnGatewayError::Unhandled(_)));
    assert_eq!(e.code(), "Throttling.User");
    let generic: &dyn std::error::Error = &e;
    assert!(generic.to_string().contains("slow"));
}

// ----- types --------------------------------------------------------------------------

#[test]
fn enums_are_open() {
    assert_eq!(VpnGatewayStatus::from("active"), VpnGatewayStatus::Active);
    let unknown = VpnGatewayStatus::from("hibernating");
    assert_eq!(unknown, VpnGatewayStatus::Unknown("hibernating".into()));
    assert_eq!(unknown.as_str(), "hibernating");
    assert_eq!(unknown.to_string(), "hibernating");
    assert_eq!(
        VpnGatewayStatus::values(),
        ["init", "provisioning", "active", "updating", "deleting"]
    );
    assert_eq!(
        "deleting".parse::<VpnGatewayStatus>(),
        Ok(VpnGatewayStatus::Deleting)
    );
    assert_eq!(VpnEncryptionAlgorithm::TripleDes.as_str(), "3des");
}

#[test]
fn outputs_can_be_built_in_users_tests() {
    let out = DescribeVpnGatewaysOutput::builder()
        .vpn_gateways(
            VpnGateway::builder()
                .vpn_gateway_id("vpn-1")
                .status("active")
                .build(),
        )
        .vpn_gateways(VpnGateway::builder().vpn_gateway_id("vpn-2").build())
        .total_count(2)
        .request_id("req-1")
        .build();
    assert_eq!(out.vpn_gateways.len(), 2);
    assert_eq!(out.vpn_gateways[0].status, Some(VpnGatewayStatus::Active));
    let one = DescribeVpnGatewayOutput::builder()
        .create_time(EpochMillis::from_millis(5))
        .build();
    assert_eq!(one.create_time.map(EpochMillis::as_millis), Some(5));
}

// ----- pagination ---------------------------------------------------------------------

fn gateway_pages(total: usize) -> impl Fn(&[(String, String)]) -> HttpResponse {
    move |params| {
        let page: usize = param(params, "PageNumber").unwrap().parse().unwrap();
        let size: usize = param(params, "PageSize").unwrap().parse().unwrap();
        let items: Vec<_> = ((page - 1) * size..(page * size).min(total))
            .map(|i| json!({"VpnGatewayId": format!("vpn-{i}")}))
            .collect();
        ok(
            json!({"RequestId": "r", "TotalCount": total, "PageNumber": page, "PageSize": size,
                  "VpnGateways": {"VpnGateway": items}}),
        )
    }
}

#[tokio::test]
async fn paginator_walks_every_page() {
    let t = fake(gateway_pages(23));
    let client = client_with(t.clone(), Some("cn-hangzhou"));
    let items = client
        .describe_vpn_gateways()
        .vpc_id("vpc-1")
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 23);
    assert_eq!(items[22].vpn_gateway_id.as_deref(), Some("vpn-22"));
    let seen = requests(&t);
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|p| param(p, "PageSize") == Some("10")));
    assert!(seen.iter().all(|p| param(p, "VpcId") == Some("vpc-1")));

    let pages = client
        .describe_vpn_gateways()
        .into_paginator()
        .page_size(50)
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);
}

#[tokio::test]
async fn paginator_rejects_a_page_size_above_the_maximum() {
    let t = fake(gateway_pages(5));
    let client = client_with(t.clone(), Some("cn-hangzhou"));
    let err = client
        .describe_vpn_gateways()
        .into_paginator()
        .page_size(51)
        .items()
        .try_collect()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Validation(ref v) if v.parameter == "PageSize"));
    assert!(requests(&t).is_empty());
}

#[tokio::test]
async fn completion_paginator_stops_on_is_completed() {
    let t = fake(|params| {
        let page: usize = param(params, "PageNumber").unwrap().parse().unwrap();
        ok(
            json!({"RequestId": "r", "Count": 2, "IsCompleted": page == 2,
                  "Data": {"Logs": [format!("p{page}a"), format!("p{page}b")]}}),
        )
    });
    let client = client_with(t.clone(), Some("cn-hangzhou"));
    let logs = client
        .describe_vpn_ssl_server_logs()
        .vpn_ssl_server_id("vss-1")
        .into_paginator()
        .page_size(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(logs, ["p1a", "p1b", "p2a", "p2b"]);
    assert_eq!(requests(&t).len(), 2);
}

// ----- waiters ------------------------------------------------------------------------

fn statuses(sequence: &'static [&'static str]) -> impl Fn(&[(String, String)]) -> HttpResponse {
    let calls = Mutex::new(0usize);
    move |_| {
        let mut n = calls.lock().unwrap();
        let status = sequence[(*n).min(sequence.len() - 1)];
        *n += 1;
        match status {
            "gone" => error_answer(404, "InvalidVpnGatewayInstanceId.NotFound"),
            s => ok(json!({"RequestId": "r", "VpnGatewayId": "vpn-1", "Status": s})),
        }
    }
}

#[tokio::test(start_paused = true)]
async fn active_waiter_returns_the_final_output() {
    let t = fake(statuses(&["init", "provisioning", "active"]));
    let client = client_with(t.clone(), Some("cn-hangzhou"));
    let out = client
        .wait_until_vpn_gateway_active("vpn-1")
        .max_wait(Duration::from_secs(120))
        .await
        .unwrap();
    assert_eq!(out.status, Some(VpnGatewayStatus::Active));
    let seen = requests(&t);
    assert_eq!(seen.len(), 3);
    assert_eq!(param(&seen[0], "VpnGatewayId"), Some("vpn-1"));
    assert_eq!(param(&seen[0], "Action"), Some("DescribeVpnGateway"));
}

#[tokio::test(start_paused = true)]
async fn active_waiter_fails_on_a_failure_state() {
    let client = client_with(
        fake(statuses(&["updating", "deleting"])),
        Some("cn-hangzhou"),
    );
    let err = client
        .wait_until_vpn_gateway_active("vpn-1")
        .region_id("cn-shanghai")
        .wait()
        .await
        .unwrap_err();
    assert!(
        matches!(err, WaiterError::FailureState { ref state, attempts: 2, .. } if state == "deleting"),
        "{err:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn active_waiter_times_out_with_the_last_state() {
    let client = client_with(fake(statuses(&["provisioning"])), Some("cn-hangzhou"));
    let err = client
        .wait_until_vpn_gateway_active("vpn-1")
        .max_wait(Duration::from_secs(30))
        .await
        .unwrap_err();
    match err {
        WaiterError::Timeout {
            elapsed,
            last_state,
            ..
        } => {
            assert_eq!(elapsed, Duration::from_secs(30));
            assert_eq!(last_state.as_deref(), Some("provisioning"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn deleted_waiter_succeeds_when_the_gateway_is_gone() {
    let t = fake(statuses(&["deleting", "deleting", "gone"]));
    let client = client_with(t.clone(), Some("cn-hangzhou"));
    client
        .wait_until_vpn_gateway_deleted("vpn-1")
        .await
        .unwrap();
    assert_eq!(requests(&t).len(), 3);
}

#[tokio::test(start_paused = true)]
async fn waiter_reports_unexpected_errors() {
    let client = client_with(
        fake(|_| error_answer(403, "Forbidden.SubUser")),
        Some("cn-hangzhou"),
    );
    let err = client
        .wait_until_vpn_gateway_active("vpn-1")
        .await
        .unwrap_err();
    let sdk = err.as_sdk_error().expect("an SDK error");
    assert!(sdk.as_service_error().unwrap().is_forbidden_sub_user());
}
