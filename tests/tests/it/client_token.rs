//! `ClientToken` replays end to end, on operations the spec gives an idempotency token:
//! the same token with the same parameters answers the first answer again (a new request
//! id, nothing done twice), the same token with other parameters is
//! `IdempotentParameterMismatch`. `CreateVpnGateway` (a billable create) first, then a
//! modify and a delete.

use e2e::{TestEnv, Wire, assert_resource_id};

#[tokio::test]
async fn create_vpn_gateway_with_the_same_client_token_creates_one_gateway() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let create = |name: &str| {
        env.client
            .create_vpn_gateway()
            .vpc_id("vpc-token0000000000000000")
            .bandwidth(10)
            .name(name)
            .client_token("create-gateway-once")
    };

    let first = create("billable")
        .send()
        .await
        .expect("the first call creates");
    let again = create("billable")
        .send()
        .await
        .expect("the retry is replayed");
    let id = assert_resource_id(first.vpn_gateway_id.as_deref(), "vpn-");
    assert_eq!(again.vpn_gateway_id.as_deref(), Some(id.as_str()));
    assert_eq!(again.order_id, first.order_id);
    assert_ne!(
        again.request_id, first.request_id,
        "every answer has its own id"
    );

    let listed = env
        .client
        .describe_vpn_gateways()
        .send()
        .await
        .expect("DescribeVpnGateways succeeds");
    assert_eq!(listed.total_count, Some(1), "one gateway, not two");
    let journal = env.journal_for("CreateVpnGateway");
    assert_eq!(
        journal.iter().map(|e| e.replayed).collect::<Vec<_>>(),
        [false, true]
    );
    assert_eq!(
        journal[1].params.get("ClientToken").map(String::as_str),
        Some("create-gateway-once")
    );

    let err = create("another-name")
        .send()
        .await
        .expect_err("the token with other parameters is refused");
    assert_eq!(err.code(), Some("IdempotentParameterMismatch"), "{err}");
    assert_eq!(err.http_status(), Some(400));
    let listed = env
        .client
        .describe_vpn_gateways()
        .send()
        .await
        .expect("DescribeVpnGateways succeeds");
    assert_eq!(listed.total_count, Some(1));
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn a_repeated_modify_is_replayed_not_applied_again() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let gateway = env.seed_gateway();
    let modify = |name: &str| {
        env.client
            .modify_vpn_gateway_attribute()
            .vpn_gateway_id(&gateway)
            .name(name)
            .client_token("rename-once")
    };
    let first = modify("renamed").send().await.expect("the rename succeeds");
    assert_eq!(first.name.as_deref(), Some("renamed"));

    // Renamed again in between, without a token: the replay answers the first answer
    // and does not apply its change again.
    env.client
        .modify_vpn_gateway_attribute()
        .vpn_gateway_id(&gateway)
        .name("in-between")
        .send()
        .await
        .expect("the second rename succeeds");
    let replayed = modify("renamed")
        .send()
        .await
        .expect("the retry is replayed");
    assert_eq!(replayed.name.as_deref(), Some("renamed"));
    let now = env
        .client
        .describe_vpn_gateway()
        .vpn_gateway_id(&gateway)
        .send()
        .await
        .expect("DescribeVpnGateway succeeds");
    assert_eq!(now.name.as_deref(), Some("in-between"));
    let journal = env.journal_for("ModifyVpnGatewayAttribute");
    assert_eq!(
        journal.iter().map(|e| e.replayed).collect::<Vec<_>>(),
        [false, false, true]
    );
}

#[tokio::test]
async fn a_repeated_delete_is_answered_like_the_first_not_not_found() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let (_gateway, connection) = env.gateway_with_connection().await;
    let delete = || {
        env.client
            .delete_vpn_connection()
            .vpn_connection_id(&connection)
            .client_token("delete-once")
    };
    let first = delete().send().await.expect("the delete succeeds");
    let again = delete().send().await.expect("the retry is replayed");
    assert_ne!(again.request_id, first.request_id);
    let journal = env.journal_for("DeleteVpnConnection");
    assert_eq!(
        journal.iter().map(|e| e.replayed).collect::<Vec<_>>(),
        [false, true]
    );

    // A new token is a new request: the connection is gone.
    let err = env
        .client
        .delete_vpn_connection()
        .vpn_connection_id(&connection)
        .client_token("delete-twice")
        .send()
        .await
        .expect_err("the connection is gone");
    assert!(err.is_not_found(), "{err}");
}
