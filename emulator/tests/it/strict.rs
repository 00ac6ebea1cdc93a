//! Parameters an operation does not declare: recorded in the journal as unknown, and
//! refused with `InvalidParameter` naming them in strict mode; the spec's common
//! parameters and the official SDKs' plumbing are always accepted.

use std::time::Duration;

use vpn_emulator::Emulator;

use crate::support::*;

const CGW: [(&str, &str); 2] = [("RegionId", REGION), ("IpAddress", "203.0.113.77")];

async fn lenient() -> Emulator {
    Emulator::builder()
        .activation_delay(Duration::ZERO)
        .start()
        .await
        .expect("emulator starts")
}

#[tokio::test]
async fn an_undeclared_parameter_is_recorded_and_ignored_by_default() {
    let emu = lenient().await;
    let mut params = CGW.to_vec();
    params.push(("Descripton", "typo"));
    let r = call(&emu, "CreateCustomerGateway", &params).await.ok();
    assert_eq!(r.json["Description"], "", "the misspelt member was dropped");
    let entry = emu.journal().pop().unwrap();
    assert_eq!(entry.unknown_params, ["Descripton"]);
    assert_eq!(entry.status, Some(200));
}

#[tokio::test]
async fn strict_mode_refuses_an_undeclared_parameter_naming_it() {
    let emu = emulator().await;
    let mut params = CGW.to_vec();
    params.push(("Descripton", "typo"));
    params.push(("Zone", "a"));
    let r = call(&emu, "CreateCustomerGateway", &params)
        .await
        .err(400, "InvalidParameter");
    let message = r.str("Message");
    assert!(message.contains("\"Descripton\""), "{message}");
    assert!(message.contains("CreateCustomerGateway"), "{message}");
    let entry = emu.journal().pop().unwrap();
    assert_eq!(entry.unknown_params, ["Descripton", "Zone"]);
    // Nothing was created.
    let list = call(&emu, "DescribeCustomerGateways", &[("RegionId", REGION)])
        .await
        .ok();
    assert_eq!(list.json["TotalCount"], 0);
    // A parameter of another operation is unknown here too.
    let r = call(
        &emu,
        "DescribeVpnGateways",
        &[("RegionId", REGION), ("IpAddress", "203.0.113.77")],
    )
    .await
    .err(400, "InvalidParameter");
    assert!(r.str("Message").contains("\"IpAddress\""));
}

#[tokio::test]
async fn strict_mode_accepts_common_parameters_and_sdk_plumbing() {
    let emu = emulator().await;
    // `call` sends the V1 common parameters (Format, AccessKeyId, Signature...).
    let mut params = CGW.to_vec();
    params.extend([
        ("SignatureType", ""),
        ("OwnerId", "1234567890"),
        ("OwnerAccount", "owner@example.com"),
        ("ResourceOwnerId", "1234567890"),
        ("ResourceOwnerAccount", "owner@example.com"),
    ]);
    call(&emu, "CreateCustomerGateway", &params).await.ok();
    // V3 carries its plumbing in headers; the query holds only the operation's members.
    v3_call(
        &emu,
        &V3::new(&emu),
        "DescribeCustomerGateways",
        &[("RegionId", REGION)],
    )
    .await
    .ok();
    assert!(emu.journal().iter().all(|e| e.unknown_params.is_empty()));
}
