//! Dry runs end to end: every operation whose spec names a dry-run member (`DryRun`) is
//! checked in full and answered `DryRunOperation` (400) when it would have succeeded, and
//! nothing changes: no record, no answer replayed for its `ClientToken`. A check that
//! fails answers its own error. Of the 2019 reference's operations only creates and one
//! modify take `DryRun`; those are tried here. The other kinds are tried beside their
//! operations: a delete (`DeleteIpsecServer`) and an update (`UpdateIpsecServer`) in
//! `ipsec_server_operations.rs`, a binding (`AssociateVpnGatewayWithCertificate`) in
//! `gateway_extras.rs`, the attachment creates in `attachment_operations.rs`.

use e2e::alibabacloud_vpn::error::SdkError;
use e2e::alibabacloud_vpn::operation::create_vpn_route_entry::CreateVpnRouteEntryError;
use e2e::alibabacloud_vpn::types::{IkeConfig, IkeVersion};
use e2e::{TestEnv, Wire};

/// Asserts that `result` is the dry-run answer: `DryRunOperation`, HTTP 400, a request
/// id, recognised by `is_dry_run`.
#[track_caller]
fn assert_dry_run<T: std::fmt::Debug, E>(result: Result<T, SdkError<E>>)
where
    E: e2e::alibabacloud_vpn::error::ProvideServiceError,
{
    let err = result.expect_err("a dry run never succeeds");
    assert!(err.is_dry_run(), "not a dry-run answer: {err}");
    assert_eq!(err.code(), Some("DryRunOperation"));
    assert_eq!(err.http_status(), Some(400));
    assert_eq!(
        err.message(),
        Some("Request validation has been passed with DryRun flag set.")
    );
    assert!(err.request_id().is_some_and(|id| !id.is_empty()));
    assert!(!err.is_retryable(), "a dry-run answer is final");
}

#[tokio::test]
async fn a_dry_run_create_is_answered_dry_run_operation_and_creates_nothing() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let (gateway, connection) = env.gateway_with_connection().await;
    let route = || {
        env.client
            .create_vpn_route_entry()
            .vpn_gateway_id(&gateway)
            .route_dest("10.10.0.0/24")
            .next_hop(&connection)
            .weight(0)
            .publish_vpc(false)
            .client_token("dry-run-then-real")
    };

    assert_dry_run(route().dry_run(true).send().await);
    let listed = env
        .client
        .describe_vpn_route_entries()
        .vpn_gateway_id(&gateway)
        .send()
        .await
        .expect("DescribeVpnRouteEntries succeeds");
    assert_eq!(listed.total_count, Some(0), "the dry run created a route");
    let journal = env.journal_for("CreateVpnRouteEntry");
    assert_eq!(journal.len(), 1);
    assert_eq!(journal[0].error_code.as_deref(), Some("DryRunOperation"));
    assert_eq!(
        journal[0].params.get("DryRun").map(String::as_str),
        Some("true")
    );
    assert!(!journal[0].replayed);

    // The token was not used up: the real call with the same token (and otherwise the
    // same parameters) creates the route, and is not answered as a mismatch or a replay.
    route()
        .dry_run(false)
        .send()
        .await
        .expect("the real call after a dry run succeeds");
    let listed = env
        .client
        .describe_vpn_route_entries()
        .vpn_gateway_id(&gateway)
        .send()
        .await
        .expect("DescribeVpnRouteEntries succeeds");
    assert_eq!(listed.total_count, Some(1));
    assert!(!env.journal_for("CreateVpnRouteEntry")[1].replayed);
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn a_dry_run_still_answers_the_errors_of_checks_that_fail() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let (gateway, connection) = env.gateway_with_connection().await;
    let route = |gateway: &str, next_hop: &str| {
        env.client
            .create_vpn_route_entry()
            .vpn_gateway_id(gateway)
            .route_dest("10.20.0.0/24")
            .next_hop(next_hop)
            .weight(0)
            .publish_vpc(false)
            .dry_run(true)
    };

    // Not found: the gateway, then the next hop.
    let err = route("vpn-doesnotexist000000000", &connection)
        .send()
        .await
        .expect_err("an unknown gateway fails");
    assert!(!err.is_dry_run());
    assert!(matches!(
        err.as_service_error(),
        Some(CreateVpnRouteEntryError::InvalidVpnGatewayInstanceIdNotFound(_))
    ));
    let err = route(&gateway, "vco-doesnotexist000000000")
        .send()
        .await
        .expect_err("an unknown next hop fails");
    assert!(!err.is_dry_run(), "{err}");
    assert_eq!(err.http_status(), Some(404), "{err}");

    // A guard: the gateway is being configured.
    env.set_gateway_status(&gateway, Some("updating"));
    let err = route(&gateway, &connection)
        .send()
        .await
        .expect_err("a gateway that is not active refuses");
    assert!(matches!(
        err.as_service_error(),
        Some(CreateVpnRouteEntryError::VpnGatewayConfiguring(_))
    ));
    env.set_gateway_status(&gateway, None);

    // A rule of a hook: the same route twice (the first one real).
    route(&gateway, &connection)
        .dry_run(false)
        .send()
        .await
        .expect("the route is created");
    let err = route(&gateway, &connection)
        .send()
        .await
        .expect_err("a duplicate route fails");
    assert!(!err.is_dry_run(), "{err}");

    // A quota: one SSL-VPN server per gateway.
    let (ssl_gateway, _server) = env.gateway_with_ssl_server().await;
    let err = env
        .client
        .create_ssl_vpn_server()
        .vpn_gateway_id(&ssl_gateway)
        .client_ip_pool("192.168.200.0/24")
        .local_subnet("10.1.0.0/16")
        .dry_run(true)
        .send()
        .await
        .expect_err("a second server is over the quota");
    assert_eq!(err.code(), Some("Resource.QuotaFull"), "{err}");
}

#[tokio::test]
async fn a_dry_run_modify_changes_nothing() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let (_gateway, server) = env.gateway_with_ssl_server().await;
    let before = env
        .client
        .describe_ssl_vpn_servers()
        .ssl_vpn_server_id(&server)
        .send()
        .await
        .expect("DescribeSslVpnServers succeeds");

    assert_dry_run(
        env.client
            .modify_ssl_vpn_server()
            .ssl_vpn_server_id(&server)
            .name("renamed-by-a-dry-run")
            .port(1194)
            .dry_run(true)
            .send()
            .await,
    );
    let after = env
        .client
        .describe_ssl_vpn_servers()
        .ssl_vpn_server_id(&server)
        .send()
        .await
        .expect("DescribeSslVpnServers succeeds");
    assert_eq!(after.ssl_vpn_servers, before.ssl_vpn_servers);
    assert_ne!(
        after.ssl_vpn_servers[0].name.as_deref(),
        Some("renamed-by-a-dry-run")
    );

    // Without the flag the same change is made.
    env.client
        .modify_ssl_vpn_server()
        .ssl_vpn_server_id(&server)
        .name("renamed-for-real")
        .dry_run(false)
        .send()
        .await
        .expect("ModifySslVpnServer succeeds");
    let renamed = env
        .client
        .describe_ssl_vpn_servers()
        .ssl_vpn_server_id(&server)
        .send()
        .await
        .expect("DescribeSslVpnServers succeeds");
    assert_eq!(
        renamed.ssl_vpn_servers[0].name.as_deref(),
        Some("renamed-for-real")
    );
}

#[tokio::test]
async fn every_create_that_takes_dry_run_creates_nothing_on_a_dry_run() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let gateway = env.seed_ssl_gateway();
    let customer_gateway = env.seed_customer_gateway("203.0.113.20");

    assert_dry_run(
        env.client
            .create_vpn_connection()
            .vpn_gateway_id(&gateway)
            .customer_gateway_id(&customer_gateway)
            .local_subnet("10.0.0.0/24")
            .remote_subnet("192.168.0.0/24")
            .ike_config(
                IkeConfig::builder()
                    .ike_version(IkeVersion::Ikev2)
                    .psk("dry-run-psk-123")
                    .build(),
            )
            .dry_run(true)
            .send()
            .await,
    );
    assert_dry_run(
        env.client
            .create_ssl_vpn_server()
            .vpn_gateway_id(&gateway)
            .client_ip_pool("192.168.100.0/24")
            .local_subnet("10.0.0.0/8")
            .dry_run(true)
            .send()
            .await,
    );
    let connections = env
        .client
        .describe_vpn_connections()
        .vpn_gateway_id(&gateway)
        .send()
        .await
        .expect("DescribeVpnConnections succeeds");
    assert_eq!(connections.total_count, Some(0));
    let servers = env
        .client
        .describe_ssl_vpn_servers()
        .vpn_gateway_id(&gateway)
        .send()
        .await
        .expect("DescribeSslVpnServers succeeds");
    assert_eq!(servers.total_count, Some(0));

    // The policy route, on a connection that exists.
    let connection = env.create_connection(&gateway, &customer_gateway).await;
    assert_dry_run(
        env.client
            .create_vpn_pbr_route_entry()
            .vpn_gateway_id(&gateway)
            .route_source("10.0.0.0/24")
            .route_dest("192.168.10.0/24")
            .next_hop(&connection)
            .weight(0)
            .publish_vpc(false)
            .dry_run(true)
            .send()
            .await,
    );
    let routes = env
        .client
        .describe_vpn_pbr_route_entries()
        .vpn_gateway_id(&gateway)
        .send()
        .await
        .expect("DescribeVpnPbrRouteEntries succeeds");
    assert_eq!(routes.total_count, Some(0));
    // Only the real calls left anything behind.
    let kinds: Vec<_> = env
        .journal()
        .iter()
        .filter(|e| e.error_code.as_deref() == Some("DryRunOperation"))
        .map(|e| e.action.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        kinds,
        [
            "CreateVpnConnection",
            "CreateSslVpnServer",
            "CreateVpnPbrRouteEntry"
        ]
    );
}
