//! Quirks mode: the reference's answer variants.

use vpn_emulator::Quirks;

use crate::support::*;

#[tokio::test]
async fn quirks_stringify_collapse_and_envelope() {
    let emu = emulator().await;
    create_cgw(&emu, "192.0.2.77").await;
    emu.set_quirks(Quirks::all());
    let r = call(&emu, "DescribeCustomerGateways", &[("RegionId", REGION)])
        .await
        .ok();
    let body = &r.json["DescribeCustomerGatewaysResponse"];
    assert_eq!(body["PageNumber"], "1");
    assert_eq!(body["TotalCount"], "1");
    let one = &body["CustomerGateways"]["CustomerGateway"];
    assert!(one.is_object(), "one item collapses to an object: {one}");
    assert!(one["CreateTime"].is_string());
    assert!(body["RequestId"].is_string());
    // Errors keep the plain envelope.
    call(
        &emu,
        "DescribeCustomerGateway",
        &[("RegionId", REGION), ("CustomerGatewayId", "cgw-x")],
    )
    .await
    .err(404, "InvalidCustomerGatewayInstanceId.NotFound");
    emu.set_quirks(Quirks::none());
    let r = call(&emu, "DescribeCustomerGateways", &[("RegionId", REGION)])
        .await
        .ok();
    assert_eq!(r.json["PageNumber"], 1);
}

#[tokio::test]
async fn quirks_switches_are_independent() {
    let emu = emulator().await;
    emu.set_quirks(Quirks {
        envelope: true,
        ..Quirks::none()
    });
    let r = call(&emu, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .ok();
    assert_eq!(r.json["DescribeVpnGatewaysResponse"]["PageSize"], 10);
}
