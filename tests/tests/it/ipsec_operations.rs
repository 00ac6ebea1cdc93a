//! IPsec-VPN connection operations end to end: CreateVpnConnection,
//! ModifyVpnConnectionAttribute, DescribeVpnConnections, DescribeVpnConnection,
//! DownloadVpnConnectionConfig, DeleteVpnConnection. Each has a success path and a
//! documented error path; the tests rotate through the four wire combinations.

use e2e::alibabacloud_vpn::operation::create_vpn_connection::CreateVpnConnectionError;
use e2e::alibabacloud_vpn::operation::delete_vpn_connection::DeleteVpnConnectionError;
use e2e::alibabacloud_vpn::operation::describe_vpn_connection::DescribeVpnConnectionError;
use e2e::alibabacloud_vpn::operation::describe_vpn_connections::DescribeVpnConnectionsError;
use e2e::alibabacloud_vpn::operation::download_vpn_connection_config::DownloadVpnConnectionConfigError;
use e2e::alibabacloud_vpn::operation::modify_vpn_connection_attribute::ModifyVpnConnectionAttributeError;
use e2e::alibabacloud_vpn::types::{
    HealthCheckConfig, IkeConfig, IkeMode, IkeVersion, IpsecConfig, VpnAuthenticationAlgorithm,
    VpnConnectionStatus, VpnEncryptionAlgorithm, VpnPfsGroup,
};
use e2e::vpn_emulator::FaultRule;
use e2e::{TestEnv, Wire, assert_request_id, assert_resource_id, assert_service_error};

#[tokio::test]
async fn create_vpn_connection_applies_given_settings_and_defaults_the_rest() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let gateway = env.seed_gateway();
    let cgw = env.seed_customer_gateway("198.51.100.20");

    let created = env
        .client
        .create_vpn_connection()
        .vpn_gateway_id(&gateway)
        .customer_gateway_id(&cgw)
        .local_subnet("10.0.0.0/24,10.0.1.0/24")
        .remote_subnet("192.168.0.0/24")
        .name("to-branch")
        .effect_immediately(true)
        .ike_config(
            IkeConfig::builder()
                .ike_version(IkeVersion::Ikev2)
                .ike_enc_alg(VpnEncryptionAlgorithm::Aes256)
                .psk("s3cret-psk-value")
                .build(),
        )
        .ipsec_config(
            IpsecConfig::builder()
                .ipsec_auth_alg(VpnAuthenticationAlgorithm::Sha1)
                .ipsec_lifetime(3600)
                .build(),
        )
        .health_check_config(
            HealthCheckConfig::builder()
                .enable("true")
                .dip("10.0.0.1")
                .sip("192.168.0.1")
                .interval("3")
                .retry("3")
                .build(),
        )
        .send()
        .await
        .expect("CreateVpnConnection succeeds");

    let id = assert_resource_id(created.vpn_connection_id.as_deref(), "vco-");
    assert_eq!(created.name.as_deref(), Some("to-branch"));
    assert!(created.create_time.is_some());

    let conn = env
        .client
        .describe_vpn_connection()
        .vpn_connection_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(conn.vpn_gateway_id.as_deref(), Some(gateway.as_str()));
    assert_eq!(conn.customer_gateway_id.as_deref(), Some(cgw.as_str()));
    assert_eq!(
        conn.local_subnet.as_deref(),
        Some("10.0.0.0/24,10.0.1.0/24")
    );
    assert_eq!(conn.effect_immediately, Some(true));
    let ike = conn.ike_config.expect("IKE settings");
    assert_eq!(ike.ike_version, Some(IkeVersion::Ikev2));
    assert_eq!(ike.ike_enc_alg, Some(VpnEncryptionAlgorithm::Aes256));
    assert_eq!(ike.psk.as_deref(), Some("s3cret-psk-value"));
    // Omitted keys take the documented defaults.
    assert_eq!(ike.ike_mode, Some(IkeMode::Main));
    assert_eq!(ike.ike_auth_alg, Some(VpnAuthenticationAlgorithm::Md5));
    assert_eq!(ike.ike_pfs, Some(VpnPfsGroup::Group2));
    assert_eq!(ike.ike_lifetime, Some(86_400));
    assert_eq!(ike.remote_id.as_deref(), Some("198.51.100.20"));
    let ipsec = conn.ipsec_config.expect("IPsec settings");
    assert_eq!(ipsec.ipsec_auth_alg, Some(VpnAuthenticationAlgorithm::Sha1));
    assert_eq!(ipsec.ipsec_lifetime, Some(3600));
    assert_eq!(ipsec.ipsec_enc_alg, Some(VpnEncryptionAlgorithm::Aes));
    let health = conn.vco_health_check.expect("a health check");
    assert_eq!(health.enable.as_deref(), Some("true"));
    assert_eq!(health.dip.as_deref(), Some("10.0.0.1"));
    assert_eq!(health.interval, Some(3));

    // The pre-shared key never shows in the journal.
    let sent = &env.journal_for("CreateVpnConnection")[0].params["IkeConfig"];
    assert!(!sent.contains("s3cret-psk-value"), "{sent}");
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn create_vpn_connection_to_an_unknown_customer_gateway_is_not_found() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let gateway = env.seed_gateway();

    assert_service_error!(
        env.client
            .create_vpn_connection()
            .vpn_gateway_id(&gateway)
            .customer_gateway_id("cgw-doesnotexist000000000")
            .local_subnet("10.0.0.0/24")
            .remote_subnet("192.168.0.0/24")
            .send()
            .await,
        CreateVpnConnectionError::InvalidCustomerGatewayInstanceIdNotFound,
        "InvalidCustomerGatewayInstanceId.NotFound",
        404
    );
}

#[tokio::test]
async fn create_vpn_connection_twice_between_the_same_gateways_is_already_exists() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let gateway = env.seed_gateway();
    let cgw = env.seed_customer_gateway("198.51.100.21");
    env.create_connection(&gateway, &cgw).await;

    assert_service_error!(
        env.client
            .create_vpn_connection()
            .vpn_gateway_id(&gateway)
            .customer_gateway_id(&cgw)
            .local_subnet("10.0.0.0/24")
            .remote_subnet("192.168.0.0/24")
            .send()
            .await,
        CreateVpnConnectionError::InvalidVpnConnectionAlreadyExists,
        "InvalidVpnConnection.AlreadyExists",
        400
    );
}

#[tokio::test]
async fn modify_vpn_connection_attribute_replaces_sent_keys_and_keeps_the_others() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let (_, id) = env.gateway_with_connection().await;

    let out = env
        .client
        .modify_vpn_connection_attribute()
        .vpn_connection_id(&id)
        .name("renamed-connection")
        .remote_subnet("192.168.10.0/24")
        .ike_config(IkeConfig::builder().ike_lifetime(28_800).build())
        .send()
        .await
        .expect("ModifyVpnConnectionAttribute succeeds");

    assert_eq!(out.vpn_connection_id.as_deref(), Some(id.as_str()));
    assert_eq!(out.name.as_deref(), Some("renamed-connection"));
    assert_eq!(out.remote_subnet.as_deref(), Some("192.168.10.0/24"));
    assert_eq!(out.local_subnet.as_deref(), Some("10.0.0.0/24"));
    let ike = out.ike_config.expect("IKE settings");
    assert_eq!(ike.ike_lifetime, Some(28_800));
    assert_eq!(
        ike.ike_version,
        Some(IkeVersion::Ikev2),
        "kept from creation"
    );

    let conn = env
        .client
        .describe_vpn_connection()
        .vpn_connection_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(conn.name.as_deref(), Some("renamed-connection"));
    assert_eq!(conn.ike_config.unwrap().ike_lifetime, Some(28_800));
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn modify_vpn_connection_attribute_of_an_unknown_id_is_not_found() {
    let env = TestEnv::start(Wire::V3_POST).await;

    assert_service_error!(
        env.client
            .modify_vpn_connection_attribute()
            .vpn_connection_id("vco-doesnotexist000000000")
            .name("renamed-connection")
            .send()
            .await,
        ModifyVpnConnectionAttributeError::InvalidVpnConnectionInstanceIdNotFound,
        "InvalidVpnConnectionInstanceId.NotFound",
        404
    );
}

#[tokio::test]
async fn describe_vpn_connections_filters_by_vpn_gateway() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let (gateway, wanted) = env.gateway_with_connection().await;
    let other_gateway = env.seed_gateway();
    let other_cgw = env.seed_customer_gateway("198.51.100.22");
    env.create_connection(&other_gateway, &other_cgw).await;

    let out = env
        .client
        .describe_vpn_connections()
        .vpn_gateway_id(&gateway)
        .send()
        .await
        .expect("DescribeVpnConnections succeeds");

    assert_eq!(out.total_count, Some(1));
    assert_eq!(out.vpn_connections.len(), 1);
    let conn = &out.vpn_connections[0];
    assert_eq!(conn.vpn_connection_id.as_deref(), Some(wanted.as_str()));
    assert_eq!(conn.vpn_gateway_id.as_deref(), Some(gateway.as_str()));
    assert_eq!(conn.status, Some(VpnConnectionStatus::IpsecSaEstablished));

    let all = env.client.describe_vpn_connections().send().await.unwrap();
    assert_eq!(all.total_count, Some(2));
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn describe_vpn_connections_refused_by_policy_is_forbidden() {
    let env = TestEnv::start(Wire::V1_POST).await;
    env.emu
        .add_fault(FaultRule::error("DescribeVpnConnections", "Forbidden").times(1));

    assert_service_error!(
        env.client.describe_vpn_connections().send().await,
        DescribeVpnConnectionsError::Forbidden,
        "Forbidden",
        403
    );
}

#[tokio::test]
async fn describe_vpn_connection_returns_the_connection_flat() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let (gateway, id) = env.gateway_with_connection().await;

    let conn = env
        .client
        .describe_vpn_connection()
        .vpn_connection_id(&id)
        .send()
        .await
        .expect("DescribeVpnConnection succeeds");

    assert_eq!(conn.vpn_connection_id.as_deref(), Some(id.as_str()));
    assert_eq!(conn.vpn_gateway_id.as_deref(), Some(gateway.as_str()));
    assert_eq!(conn.remote_subnet.as_deref(), Some("192.168.0.0/24"));
    assert_eq!(conn.status, Some(VpnConnectionStatus::IpsecSaEstablished));
    assert_eq!(
        conn.vco_health_check.and_then(|h| h.enable).as_deref(),
        Some("false"),
        "no health check configured"
    );
    assert_request_id(Some(conn.request_id.as_str()));
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn describe_vpn_connection_of_an_unknown_id_is_not_found() {
    let env = TestEnv::start(Wire::V3_POST).await;

    assert_service_error!(
        env.client
            .describe_vpn_connection()
            .vpn_connection_id("vco-doesnotexist000000000")
            .send()
            .await,
        DescribeVpnConnectionError::InvalidVpnConnectionInstanceIdNotFound,
        "InvalidVpnConnectionInstanceId.NotFound",
        404
    );
}

#[tokio::test]
async fn download_vpn_connection_config_names_both_ends_and_carries_the_key() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let (gateway, id) = env.gateway_with_connection().await;
    let internet_ip = env
        .client
        .describe_vpn_gateway()
        .vpn_gateway_id(&gateway)
        .send()
        .await
        .unwrap()
        .internet_ip
        .expect("the gateway has a public IP");

    let out = env
        .client
        .download_vpn_connection_config()
        .vpn_connection_id(&id)
        .send()
        .await
        .expect("DownloadVpnConnectionConfig succeeds");

    let config = out.vpn_connection_config.expect("a configuration");
    assert_eq!(config.local.as_deref(), Some(internet_ip.as_str()));
    assert_eq!(config.remote.as_deref(), Some("203.0.113.9"));
    assert_eq!(config.local_subnet.as_deref(), Some("10.0.0.0/24"));
    assert_eq!(config.remote_subnet.as_deref(), Some("192.168.0.0/24"));
    let ike = config.ike_config.expect("IKE settings");
    assert_eq!(ike.psk.as_deref(), Some("fixture-psk-0123"));
    assert_eq!(ike.ike_version, Some(IkeVersion::Ikev2));
    assert_eq!(
        config.ipsec_config.and_then(|c| c.ipsec_pfs),
        Some(VpnPfsGroup::Group2)
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn download_vpn_connection_config_of_an_unknown_id_is_not_found() {
    let env = TestEnv::start(Wire::V1_POST).await;

    assert_service_error!(
        env.client
            .download_vpn_connection_config()
            .vpn_connection_id("vco-doesnotexist000000000")
            .send()
            .await,
        DownloadVpnConnectionConfigError::InvalidVpnConnectionInstanceIdNotFound,
        "InvalidVpnConnectionInstanceId.NotFound",
        404
    );
}

#[tokio::test]
async fn delete_vpn_connection_removes_it_and_the_routes_through_it() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let (gateway, id) = env.gateway_with_connection().await;
    env.client
        .create_vpn_route_entry()
        .vpn_gateway_id(&gateway)
        .route_dest("172.16.0.0/16")
        .next_hop(&id)
        .weight(0)
        .publish_vpc(false)
        .send()
        .await
        .unwrap();

    env.client
        .delete_vpn_connection()
        .vpn_connection_id(&id)
        .send()
        .await
        .expect("DeleteVpnConnection succeeds");

    assert_service_error!(
        env.client
            .describe_vpn_connection()
            .vpn_connection_id(&id)
            .send()
            .await,
        DescribeVpnConnectionError::InvalidVpnConnectionInstanceIdNotFound,
        "InvalidVpnConnectionInstanceId.NotFound",
        404
    );
    let routes = env
        .client
        .describe_vpn_route_entries()
        .vpn_gateway_id(&gateway)
        .send()
        .await
        .unwrap();
    assert_eq!(routes.total_count, Some(0));
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn delete_vpn_connection_while_its_gateway_is_updating_is_configuring() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let (gateway, id) = env.gateway_with_connection().await;
    env.set_gateway_status(&gateway, Some("updating"));

    assert_service_error!(
        env.client
            .delete_vpn_connection()
            .vpn_connection_id(&id)
            .send()
            .await,
        DeleteVpnConnectionError::VpnGatewayConfiguring,
        "VpnGateway.Configuring",
        400
    );
    env.set_gateway_status(&gateway, None);
    let still_there = env
        .client
        .describe_vpn_connection()
        .vpn_connection_id(&id)
        .send()
        .await;
    assert!(still_there.is_ok(), "{still_there:?}");
}

#[tokio::test]
async fn delete_vpn_connection_of_an_unknown_id_is_not_found() {
    let env = TestEnv::start(Wire::V1_GET).await;

    assert_service_error!(
        env.client
            .delete_vpn_connection()
            .vpn_connection_id("vco-doesnotexist000000000")
            .send()
            .await,
        DeleteVpnConnectionError::InvalidVpnConnectionInstanceIdNotFound,
        "InvalidVpnConnectionInstanceId.NotFound",
        404
    );
}
