//! ClientToken: a repeat replays the first answer and creates nothing; different
//! parameters with the same token are refused.

use crate::support::*;

#[tokio::test]
async fn repeated_client_token_replays_and_creates_nothing() {
    let emu = emulator().await;
    let params = [
        ("RegionId", REGION),
        ("IpAddress", "192.0.2.1"),
        ("ClientToken", "tok-1"),
    ];
    let first = call(&emu, "CreateCustomerGateway", &params).await.ok();
    let second = call(&emu, "CreateCustomerGateway", &params).await.ok();
    assert_ne!(first.str("RequestId"), second.str("RequestId"));
    let strip = |mut v: serde_json::Value| {
        v.as_object_mut().unwrap().remove("RequestId");
        v
    };
    assert_eq!(strip(first.json.clone()), strip(second.json.clone()));
    let list = call(&emu, "DescribeCustomerGateways", &[("RegionId", REGION)])
        .await
        .ok();
    assert_eq!(list.json["TotalCount"], 1);
    assert!(emu.journal()[1].replayed);
}

#[tokio::test]
async fn same_token_different_parameters_is_idempotent_parameter_mismatch() {
    let emu = emulator().await;
    call(
        &emu,
        "CreateCustomerGateway",
        &[
            ("RegionId", REGION),
            ("IpAddress", "192.0.2.2"),
            ("ClientToken", "tok-2"),
        ],
    )
    .await
    .ok();
    call(
        &emu,
        "CreateCustomerGateway",
        &[
            ("RegionId", REGION),
            ("IpAddress", "192.0.2.3"),
            ("ClientToken", "tok-2"),
        ],
    )
    .await
    .err(400, "IdempotentParameterMismatch");
}

#[tokio::test]
async fn tokens_are_per_action_and_failures_are_not_remembered() {
    let emu = emulator().await;
    let gw = create_gateway(&emu, &[]).await;
    // A failed call does not pin the token.
    call(
        &emu,
        "DeleteCustomerGateway",
        &[
            ("RegionId", REGION),
            ("CustomerGatewayId", "cgw-none"),
            ("ClientToken", "t3"),
        ],
    )
    .await
    .err(404, "InvalidCustomerGatewayInstanceId.NotFound");
    let cgw = create_cgw(&emu, "192.0.2.4").await;
    call(
        &emu,
        "DeleteCustomerGateway",
        &[
            ("RegionId", REGION),
            ("CustomerGatewayId", &cgw),
            ("ClientToken", "t3"),
        ],
    )
    .await
    .ok();
    // The same token on another Action is independent.
    call(
        &emu,
        "DeleteVpnGateway",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &gw),
            ("ClientToken", "t3"),
        ],
    )
    .await
    .ok();
}

#[tokio::test]
async fn a_token_is_forgotten_after_the_configured_window() {
    let emu = vpn_emulator::Emulator::builder()
        .activation_delay(std::time::Duration::ZERO)
        .idempotency_window(std::time::Duration::from_millis(100))
        .start()
        .await
        .unwrap();
    let create = |ip: &'static str| {
        let emu = &emu;
        async move {
            call(
                emu,
                "CreateCustomerGateway",
                &[
                    ("RegionId", REGION),
                    ("IpAddress", ip),
                    ("ClientToken", "tok-w"),
                ],
            )
            .await
        }
    };
    create("192.0.2.10").await.ok();
    create("192.0.2.11")
        .await
        .err(400, "IdempotentParameterMismatch");
    // Well past the window (the store compares against the clock; no timing is asserted).
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    create("192.0.2.11").await.ok();
    let list = call(&emu, "DescribeCustomerGateways", &[("RegionId", REGION)])
        .await
        .ok();
    assert_eq!(list.json["TotalCount"], 2);
}
