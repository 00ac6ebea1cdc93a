//! The HTTP control endpoint.

use serde_json::{Value, json};

use crate::support::*;

async fn post(url: &str, body: Value) -> (u16, Value) {
    let r = http().post(url).json_body(body).send().await.unwrap();
    let status = r.status().as_u16();
    (
        status,
        serde_json::from_str(&r.text().await.unwrap()).unwrap(),
    )
}

trait JsonBody {
    fn json_body(self, v: Value) -> Self;
}

impl JsonBody for reqwest::RequestBuilder {
    fn json_body(self, v: Value) -> Self {
        self.header("content-type", "application/json")
            .body(v.to_string())
    }
}

#[tokio::test]
async fn control_endpoint_covers_the_handle() {
    let emu = emulator().await;
    let base = format!("{}/_emulator", emu.endpoint());
    let health: Value = serde_json::from_str(
        &http()
            .get(format!("{base}/health"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    let operations = vpn_emulator::spec::load().expect("spec").operations.len();
    assert_eq!(health, json!({"status": "ok", "operations": operations}));

    let (s, v) = post(&format!("{base}/faults"), json!({"action": "DescribeVpnGateways", "kind": "throttle", "times": 1, "time_left_ms": 2500})).await;
    assert_eq!(s, 200, "{v}");
    let r = call(&emu, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .err(400, "Throttling.User");
    assert!(
        r.headers["x-ratelimit-user-api"]
            .to_str()
            .unwrap()
            .contains("TimeLeft:2500")
    );
    call(&emu, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .ok();

    let (s, v) = post(
        &format!("{base}/seed/vpn-gateway"),
        json!({"region": REGION, "status": "active", "enable_ssl": true}),
    )
    .await;
    assert_eq!(s, 200);
    let gw = v["VpnGatewayId"].as_str().unwrap().to_string();
    let (_, v) = post(
        &format!("{base}/seed/customer-gateway"),
        json!({"region": REGION, "ip_address": "198.51.100.7"}),
    )
    .await;
    assert!(v["CustomerGatewayId"].as_str().unwrap().starts_with("cgw-"));
    let (s, _) = post(
        &format!("{base}/vpn-gateway-status"),
        json!({"region": REGION, "id": gw, "status": "updating"}),
    )
    .await;
    assert_eq!(s, 200);
    let one = call(
        &emu,
        "DescribeVpnGateway",
        &[("RegionId", REGION), ("VpnGatewayId", &gw)],
    )
    .await
    .ok();
    assert_eq!(one.json["Status"], "updating");

    let (s, _) = post(&format!("{base}/quirks"), json!({"enabled": true})).await;
    assert_eq!(s, 200);
    let r = call(&emu, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .ok();
    assert!(r.json.get("DescribeVpnGatewaysResponse").is_some());
    post(&format!("{base}/quirks"), json!({"enabled": false})).await;
    let (s, _) = post(&format!("{base}/activation-delay"), json!({"ms": 0})).await;
    assert_eq!(s, 200);

    let journal: Value = serde_json::from_str(
        &http()
            .get(format!("{base}/journal"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    let entries = journal.as_array().unwrap();
    assert!(entries.len() >= 4);
    assert_eq!(entries[0]["action"], "DescribeVpnGateways");
    assert_eq!(entries[0]["error_code"], "Throttling.User");
    assert_eq!(entries[0]["signature_version"], "v1");
    assert_eq!(entries[0]["params"]["Signature"], "***");

    let (s, _) = post(&format!("{base}/reset"), json!({})).await;
    assert_eq!(s, 200);
    call(
        &emu,
        "DescribeVpnGateway",
        &[("RegionId", REGION), ("VpnGatewayId", &gw)],
    )
    .await
    .err(404, "InvalidVpnGatewayInstanceId.NotFound");
    let (s, v) = post(&format!("{base}/faults"), json!({"kind": "nope"})).await;
    assert_eq!(s, 400, "{v}");
    let r = http().get(format!("{base}/nothing")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 404);
}
