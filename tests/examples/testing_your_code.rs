//! Testing your own code that uses the SDK, two ways, whichever you prefer:
//!
//! * against the emulator (`vpn-emulator` as a dev-dependency): a stateful local
//!   service, so the code's effects can be checked by reading them back;
//! * against a stub transport (the SDK's `test-util` feature): canned answers per
//!   `Action` and the requests recorded, no server at all.
//!
//! ```text
//! cargo run -p e2e --example testing_your_code
//! ```
//!
//! The code under test is [`delete_gateways_named`]. [`check_with_emulator`] and
//! [`check_with_stub`] are what you would write as `#[tokio::test]` functions; `main`
//! runs both. In both cases the real runtime runs: validation, signing, retries,
//! decoding and typed errors.

use std::time::Duration;

use alibabacloud_vpn::test_util::StubTransport;
use alibabacloud_vpn::types::VpnGatewayStatus;
use alibabacloud_vpn::{Client, Credentials};
use vpn_emulator::{Emulator, VpnGatewaySeed};

type Failure = Box<dyn std::error::Error>;

/// The code under test: deletes every active VPN gateway of the client's region whose
/// name starts with `prefix`, and returns their ids. A gateway that is already gone
/// counts as deleted.
pub async fn delete_gateways_named(
    client: &Client,
    prefix: &str,
) -> Result<Vec<String>, alibabacloud_vpn::Error> {
    let gateways = client
        .describe_vpn_gateways()
        .into_paginator()
        .items()
        .try_collect()
        .await
        .map_err(|e| e.into_generic())?;
    let mut deleted = Vec::new();
    for g in gateways {
        let named = g.name.as_deref().is_some_and(|n| n.starts_with(prefix));
        let (Some(id), true, Some(VpnGatewayStatus::Active)) = (g.vpn_gateway_id, named, g.status)
        else {
            continue;
        };
        match client.delete_vpn_gateway().vpn_gateway_id(&id).send().await {
            Ok(_) => deleted.push(id),
            Err(e) if e.is_not_found() => deleted.push(id),
            Err(e) => return Err(e.into_generic()),
        }
    }
    Ok(deleted)
}

/// A test with the emulator: seed, run the code, read the result back.
pub async fn check_with_emulator() -> Result<(), Failure> {
    let emulator = Emulator::builder()
        .activation_delay(Duration::ZERO)
        .start()
        .await?;
    let region = "cn-hangzhou";
    let seed = |name: &str| VpnGatewaySeed {
        name: Some(name.to_string()),
        ..VpnGatewaySeed::active(region)
    };
    let doomed = emulator.seed_vpn_gateway(seed("ci-temp-1"));
    let kept = emulator.seed_vpn_gateway(seed("production"));
    let client = Client::builder()
        .endpoint(emulator.endpoint())
        .region_id(region)
        .credentials(Credentials::new(
            emulator.access_key_id(),
            emulator.access_key_secret(),
        ))
        .build()?;

    let deleted = delete_gateways_named(&client, "ci-temp-").await?;

    assert_eq!(deleted, std::slice::from_ref(&doomed));
    // Read back through the API: the doomed gateway is going, the other one is intact.
    let left = client
        .describe_vpn_gateway()
        .vpn_gateway_id(&kept)
        .send()
        .await?;
    assert_eq!(left.status, Some(VpnGatewayStatus::Active));
    let going = client
        .describe_vpn_gateway()
        .vpn_gateway_id(&doomed)
        .send()
        .await;
    assert!(
        going.as_ref().map_or_else(
            |e| e.is_not_found(),
            |g| g.status == Some(VpnGatewayStatus::Deleting)
        ),
        "{going:?}"
    );
    emulator.shutdown().await;
    Ok(())
}

/// A test with the stub transport: canned answers, then the requests checked.
pub async fn check_with_stub() -> Result<(), Failure> {
    let stub = StubTransport::new()
        .with_json(
            "DescribeVpnGateways",
            r#"{"TotalCount": 3, "PageNumber": 1, "PageSize": 10, "VpnGateways": {"VpnGateway": [
                {"VpnGatewayId": "vpn-a", "Name": "ci-temp-a", "Status": "active"},
                {"VpnGatewayId": "vpn-b", "Name": "ci-temp-b", "Status": "updating"},
                {"VpnGatewayId": "vpn-c", "Name": "production", "Status": "active"}]}}"#,
        )
        .with_error(
            "DeleteVpnGateway",
            404,
            "InvalidVpnGatewayInstanceId.NotFound",
            "The specified vpn gateway instance id does not exist.",
        );
    let client = stub.client();

    let deleted = delete_gateways_named(&client, "ci-temp-").await?;

    assert_eq!(deleted, ["vpn-a"], "already gone counts as deleted");
    let deletes: Vec<_> = stub
        .requests()
        .into_iter()
        .filter(|r| r.action == "DeleteVpnGateway")
        .collect();
    assert_eq!(
        deletes.len(),
        1,
        "updating and unrelated gateways are left alone"
    );
    assert_eq!(deletes[0].param("VpnGatewayId"), Some("vpn-a"));
    assert_eq!(deletes[0].param("RegionId"), Some("cn-hangzhou"));
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Failure> {
    check_with_emulator().await?;
    println!("with the emulator: ok");
    check_with_stub().await?;
    println!("with the stub transport: ok");
    Ok(())
}
