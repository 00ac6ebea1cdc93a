//! Dual-tunnel IPsec-VPN connections and BGP end to end: a gateway created with two
//! vSwitches, two customer gateways with ASNs, a connection with BGP on both tunnels
//! (created, waited for, described, changed one tunnel at a time with
//! ModifyTunnelAttribute and through ModifyVpnConnectionAttribute, its configuration
//! downloaded), BGP on a single-tunnel connection, and the errors: a single-tunnel
//! connection without a customer gateway, tunnels on a one-vSwitch gateway, an unknown
//! tunnel.

use std::time::{Duration, Instant};

use e2e::alibabacloud_vpn::Client;
use e2e::alibabacloud_vpn::operation::create_vpn_connection::CreateVpnConnectionError;
use e2e::alibabacloud_vpn::operation::delete_customer_gateway::DeleteCustomerGatewayError;
use e2e::alibabacloud_vpn::operation::describe_vpn_connection::DescribeVpnConnectionOutput;
use e2e::alibabacloud_vpn::operation::modify_tunnel_attribute::ModifyTunnelAttributeError;
use e2e::alibabacloud_vpn::types::{
    BgpConfig, IkeConfig, IkeVersion, IpsecConfig, TunnelAttributeModification, TunnelBgpConfig,
    TunnelModification, TunnelOptions, TunnelOptionsSpecification, TunnelRole, VpnConnectionStatus,
    VpnEncryptionAlgorithm, VpnPfsGroup,
};
use e2e::{TestEnv, Wire, assert_resource_id, assert_service_error};

/// A gateway with two vSwitches and two customer gateways with ASNs 65001 and 65002:
/// `(gateway, [customer gateways])`.
async fn dual_gateway(env: &TestEnv) -> (String, [String; 2]) {
    let gateway = env
        .client
        .create_vpn_gateway()
        .vpc_id("vpc-dual")
        .bandwidth(10)
        .vswitch_id("vsw-zone-a")
        .disaster_recovery_vswitch_id("vsw-zone-b")
        .send()
        .await
        .expect("CreateVpnGateway with two vSwitches succeeds")
        .vpn_gateway_id
        .expect("a gateway id");
    let mut cgws = Vec::new();
    for (ip, asn) in [("198.51.100.1", "65001"), ("198.51.100.2", "65002")] {
        let cgw = env
            .client
            .create_customer_gateway()
            .ip_address(ip)
            .asn(asn)
            .auth_key("bgp-md5-key")
            .send()
            .await
            .expect("CreateCustomerGateway with an ASN succeeds")
            .customer_gateway_id
            .expect("a customer gateway id");
        cgws.push(cgw);
    }
    let [first, second]: [String; 2] = cgws.try_into().expect("two customer gateways");
    (gateway, [first, second])
}

/// Tunnel `n` (0 or 1) to `cgw`: IKEv2 with its own key, BGP in 169.254.1n.0/30.
fn tunnel(n: u8, cgw: &str, role: TunnelRole) -> TunnelOptionsSpecification {
    TunnelOptionsSpecification::builder()
        .customer_gateway_id(cgw)
        .role(role)
        .tunnel_ike_config(
            IkeConfig::builder()
                .ike_version(IkeVersion::Ikev2)
                .psk(format!("tunnel-{n}-key-000"))
                .build(),
        )
        .tunnel_ipsec_config(
            IpsecConfig::builder()
                .ipsec_enc_alg(VpnEncryptionAlgorithm::Aes256)
                .build(),
        )
        .tunnel_bgp_config(
            TunnelBgpConfig::builder()
                .local_asn(65500)
                .tunnel_cidr(format!("169.254.1{n}.0/30"))
                .local_bgp_ip(format!("169.254.1{n}.1"))
                .build(),
        )
        .build()
}

/// Creates the dual-tunnel connection with BGP on both tunnels; returns its id.
async fn create_dual(client: &Client, gateway: &str, cgws: &[String; 2]) -> String {
    let created = client
        .create_vpn_connection()
        .vpn_gateway_id(gateway)
        .local_subnet("10.0.0.0/16")
        .remote_subnet("192.168.0.0/16")
        .name("dual")
        .enable_tunnels_bgp(true)
        .tunnel_options_specification(tunnel(0, &cgws[0], TunnelRole::Master))
        .tunnel_options_specification(tunnel(1, &cgws[1], TunnelRole::Slave))
        .send()
        .await
        .expect("CreateVpnConnection with two tunnels succeeds");
    assert_resource_id(created.vpn_connection_id.as_deref(), "vco-")
}

async fn describe(client: &Client, id: &str) -> DescribeVpnConnectionOutput {
    client
        .describe_vpn_connection()
        .vpn_connection_id(id)
        .send()
        .await
        .expect("DescribeVpnConnection succeeds")
}

/// The tunnel with index `index` (1 or 2).
#[track_caller]
fn tunnel_at(conn: &DescribeVpnConnectionOutput, index: i32) -> &TunnelOptions {
    conn.tunnel_options_specification
        .iter()
        .find(|t| t.tunnel_index == Some(index))
        .unwrap_or_else(|| panic!("no tunnel {index} in {conn:?}"))
}

/// Polls until both tunnels are `ipsec_sa_established` (a bounded number of looks);
/// returns the last answer.
async fn wait_until_up(client: &Client, id: &str) -> DescribeVpnConnectionOutput {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let conn = describe(client, id).await;
        let up = conn
            .tunnel_options_specification
            .iter()
            .all(|t| t.status == Some(VpnConnectionStatus::IpsecSaEstablished));
        if up || Instant::now() > deadline {
            return conn;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_dual_tunnel_connection_runs_bgp_on_both_tunnels() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let (gateway, cgws) = dual_gateway(&env).await;
    let gw = env
        .client
        .describe_vpn_gateway()
        .vpn_gateway_id(&gateway)
        .send()
        .await
        .unwrap();
    assert_eq!(gw.vswitch_id.as_deref(), Some("vsw-zone-a"));
    assert_eq!(
        gw.disaster_recovery_vswitch_id.as_deref(),
        Some("vsw-zone-b")
    );
    let second_ip = gw
        .disaster_recovery_internet_ip
        .clone()
        .expect("a gateway with two vSwitches has a second public address");
    assert_ne!(gw.internet_ip.as_ref(), Some(&second_ip));

    // Negotiation takes a while: nothing is up right after the create. (The gateway's
    // status is fixed, so that the long delay does not send it back to `init`.)
    env.set_gateway_status(&gateway, Some("active"));
    env.emu.set_activation_delay(Duration::from_secs(3600));
    let id = create_dual(&env.client, &gateway, &cgws).await;
    let fresh = describe(&env.client, &id).await;
    assert_eq!(fresh.tunnel_options_specification.len(), 2);
    for t in &fresh.tunnel_options_specification {
        assert_eq!(t.status, Some(VpnConnectionStatus::IkeSaNotEstablished));
        let bgp = t.tunnel_bgp_config.as_ref().expect("BGP settings");
        assert_eq!(bgp.bgp_status.as_deref(), Some("false"));
    }

    env.emu.set_activation_delay(Duration::from_millis(50));
    let conn = wait_until_up(&env.client, &id).await;
    assert_eq!(conn.enable_tunnels_bgp, Some(true));
    assert_eq!(conn.customer_gateway_id, None, "the tunnels name the peers");
    assert_eq!(conn.name.as_deref(), Some("dual"));
    let (first, second) = (tunnel_at(&conn, 1), tunnel_at(&conn, 2));
    let first_id = assert_resource_id(first.tunnel_id.as_deref(), "tun-");
    let second_id = assert_resource_id(second.tunnel_id.as_deref(), "tun-");
    assert_ne!(first_id, second_id);
    for (t, cgw, role, ip, asn, n) in [
        (
            first,
            &cgws[0],
            TunnelRole::Master,
            gw.internet_ip.clone(),
            65001,
            0,
        ),
        (
            second,
            &cgws[1],
            TunnelRole::Slave,
            Some(second_ip.clone()),
            65002,
            1,
        ),
    ] {
        assert_eq!(t.status, Some(VpnConnectionStatus::IpsecSaEstablished));
        assert_eq!(t.customer_gateway_id.as_deref(), Some(cgw.as_str()));
        assert_eq!(t.role, Some(role));
        assert_eq!(t.internet_ip, ip);
        assert_eq!(t.state.as_deref(), Some("active"));
        assert_eq!(
            (t.enable_dpd, t.enable_nat_traversal),
            (Some(true), Some(true))
        );
        let ike = t.tunnel_ike_config.as_ref().expect("IKE settings");
        assert_eq!(ike.ike_version, Some(IkeVersion::Ikev2));
        assert_eq!(
            ike.psk.as_deref(),
            Some(format!("tunnel-{n}-key-000").as_str())
        );
        assert_eq!(
            ike.ike_pfs,
            Some(VpnPfsGroup::Group2),
            "defaults fill the rest"
        );
        assert_eq!(ike.local_id, ip, "the gateway end of this tunnel");
        let ipsec = t.tunnel_ipsec_config.as_ref().expect("IPsec settings");
        assert_eq!(ipsec.ipsec_enc_alg, Some(VpnEncryptionAlgorithm::Aes256));
        let bgp = t.tunnel_bgp_config.as_ref().expect("BGP settings");
        assert_eq!(bgp.local_asn, Some(65500));
        assert_eq!(bgp.peer_asn, Some(asn), "the customer gateway's ASN");
        assert_eq!(
            bgp.tunnel_cidr.as_deref(),
            Some(format!("169.254.1{n}.0/30").as_str())
        );
        assert_eq!(
            bgp.peer_bgp_ip.as_deref(),
            Some(format!("169.254.1{n}.2").as_str())
        );
        assert_eq!(bgp.bgp_status.as_deref(), Some("success"));
    }
    assert_ne!(
        first.zone_no, second.zone_no,
        "the tunnels sit in two zones"
    );

    // The listing shows the tunnels too.
    let listed = env
        .client
        .describe_vpn_connections()
        .vpn_gateway_id(&gateway)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.vpn_connections.len(), 1);
    assert_eq!(
        listed.vpn_connections[0].tunnel_options_specification.len(),
        2
    );

    // One tunnel changes; the other keeps its settings.
    let changed = env
        .client
        .modify_tunnel_attribute()
        .vpn_connection_id(&id)
        .tunnel_id(&second_id)
        .tunnel_options_specification(
            TunnelAttributeModification::builder()
                .enable_dpd(false)
                .tunnel_ike_config(
                    IkeConfig::builder()
                        .ike_enc_alg(VpnEncryptionAlgorithm::Aes192)
                        .build(),
                )
                .tunnel_bgp_config(
                    TunnelBgpConfig::builder()
                        .tunnel_cidr("169.254.21.0/30")
                        .local_bgp_ip("169.254.21.2")
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .expect("ModifyTunnelAttribute succeeds");
    assert_eq!(changed.tunnel_id.as_deref(), Some(second_id.as_str()));
    assert_eq!(changed.enable_dpd, Some(false));
    assert_eq!(changed.role, Some(TunnelRole::Slave));
    assert_eq!(
        changed.customer_gateway_id.as_deref(),
        Some(cgws[1].as_str())
    );
    let ike = changed.tunnel_ike_config.expect("IKE settings");
    assert_eq!(ike.ike_enc_alg, Some(VpnEncryptionAlgorithm::Aes192));
    assert_eq!(ike.ike_version, Some(IkeVersion::Ikev2), "kept");
    assert_eq!(ike.psk.as_deref(), Some("tunnel-1-key-000"), "kept");
    let bgp = changed.tunnel_bgp_config.expect("BGP settings");
    assert_eq!(bgp.enable_bgp, Some(true));
    assert_eq!(bgp.local_asn, Some(65500), "kept");
    assert_eq!(bgp.peer_bgp_ip.as_deref(), Some("169.254.21.1"));
    assert_eq!(bgp.peer_asn, Some(65002));

    let after = describe(&env.client, &id).await;
    let (first_after, second_after) = (tunnel_at(&after, 1), tunnel_at(&after, 2));
    assert_eq!(first_after, first, "the other tunnel is untouched");
    assert_eq!(second_after.enable_dpd, Some(false));
    assert_eq!(
        second_after
            .tunnel_bgp_config
            .as_ref()
            .and_then(|b| b.tunnel_cidr.as_deref()),
        Some("169.254.21.0/30")
    );

    // Through ModifyVpnConnectionAttribute: tunnels named by id, BGP switched off.
    let modified = env
        .client
        .modify_vpn_connection_attribute()
        .vpn_connection_id(&id)
        .enable_tunnels_bgp(false)
        .tunnel_options_specification(
            TunnelModification::builder()
                .tunnel_id(&first_id)
                .role(TunnelRole::Master)
                .tunnel_ipsec_config(
                    IpsecConfig::builder()
                        .ipsec_pfs(VpnPfsGroup::Group14)
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .expect("ModifyVpnConnectionAttribute with tunnel changes succeeds");
    assert_eq!(modified.enable_tunnels_bgp, Some(false));
    assert_eq!(modified.tunnel_options_specification.len(), 2);
    let last = describe(&env.client, &id).await;
    let first_last = tunnel_at(&last, 1);
    let ipsec = first_last.tunnel_ipsec_config.as_ref().unwrap();
    assert_eq!(ipsec.ipsec_pfs, Some(VpnPfsGroup::Group14));
    assert_eq!(
        ipsec.ipsec_enc_alg,
        Some(VpnEncryptionAlgorithm::Aes256),
        "kept"
    );
    assert_eq!(tunnel_at(&last, 2).enable_dpd, Some(false), "kept");
    for t in &last.tunnel_options_specification {
        let status = t
            .tunnel_bgp_config
            .as_ref()
            .and_then(|b| b.bgp_status.as_deref());
        assert_eq!(status, Some("false"), "BGP is off on the tunnels");
    }

    // The peer's configuration lists each tunnel and its BGP session.
    let config = env
        .client
        .download_vpn_connection_config()
        .vpn_connection_id(&id)
        .send()
        .await
        .unwrap()
        .vpn_connection_config
        .expect("a configuration");
    let tunnels: Vec<&str> = config
        .tunnels_config
        .iter()
        .filter_map(|t| t.tunnel_id.as_deref())
        .collect();
    assert_eq!(tunnels, [first_id.as_str(), second_id.as_str()]);
    assert_eq!(config.bgp_configs.len(), 2);
    assert_eq!(config.bgp_configs[0].local_asn, Some(65500));
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn a_single_tunnel_connection_describes_its_bgp_with_the_peer_asn() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let gateway = env.seed_gateway();
    let cgw = env
        .client
        .create_customer_gateway()
        .ip_address("198.51.100.30")
        .asn("4200000001")
        .auth_key("md5-key-single")
        .send()
        .await
        .unwrap()
        .customer_gateway_id
        .unwrap();
    let id = env
        .client
        .create_vpn_connection()
        .vpn_gateway_id(&gateway)
        .customer_gateway_id(&cgw)
        .local_subnet("10.1.0.0/16")
        .remote_subnet("192.168.1.0/24")
        .bgp_config(
            BgpConfig::builder()
                .enable_bgp("true")
                .local_asn("65100")
                .tunnel_cidr("169.254.30.0/30")
                .local_bgp_ip("169.254.30.1")
                .build(),
        )
        .send()
        .await
        .expect("CreateVpnConnection with BgpConfig succeeds")
        .vpn_connection_id
        .unwrap();
    let conn = describe(&env.client, &id).await;
    assert!(conn.tunnel_options_specification.is_empty());
    let bgp = conn.vpn_bgp_config.expect("VpnBgpConfig");
    assert_eq!(bgp.enable_bgp.as_deref(), Some("true"));
    assert_eq!(bgp.local_asn, Some(65100));
    assert_eq!(bgp.peer_asn, Some(4_200_000_001), "a 4-byte ASN");
    assert_eq!(bgp.peer_bgp_ip.as_deref(), Some("169.254.30.2"));
    assert_eq!(bgp.auth_key.as_deref(), Some("md5-key-single"));
    assert_eq!(bgp.status.as_deref(), Some("success"));
}

#[tokio::test]
async fn a_single_tunnel_connection_without_a_customer_gateway_is_refused() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let gateway = env.seed_gateway();
    let err = assert_service_error!(
        env.client
            .create_vpn_connection()
            .vpn_gateway_id(&gateway)
            .local_subnet("10.0.0.0/24")
            .remote_subnet("192.168.0.0/24")
            .send()
            .await,
        CreateVpnConnectionError::Unhandled,
        "MissingParameter",
        400
    );
    let message = err.message().unwrap_or_default();
    assert!(message.contains("CustomerGatewayId"), "{message}");
    let listed = env.client.describe_vpn_connections().send().await.unwrap();
    assert_eq!(listed.total_count, Some(0), "nothing was created");
}

#[tokio::test]
async fn a_gateway_with_one_vswitch_refuses_tunnels() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let gateway = env.seed_gateway();
    let cgws = [
        env.seed_customer_gateway("198.51.100.41"),
        env.seed_customer_gateway("198.51.100.42"),
    ];
    let err = assert_service_error!(
        env.client
            .create_vpn_connection()
            .vpn_gateway_id(&gateway)
            .local_subnet("10.0.0.0/24")
            .remote_subnet("192.168.0.0/24")
            .tunnel_options_specification(tunnel(0, &cgws[0], TunnelRole::Master))
            .tunnel_options_specification(tunnel(1, &cgws[1], TunnelRole::Slave))
            .send()
            .await,
        CreateVpnConnectionError::Unhandled,
        "InvalidParameter",
        400
    );
    let message = err.message().unwrap_or_default();
    assert!(message.contains("TunnelOptionsSpecification"), "{message}");
    let listed = env.client.describe_vpn_connections().send().await.unwrap();
    assert_eq!(listed.total_count, Some(0), "nothing was created");
}

#[tokio::test]
async fn a_tunnel_needs_an_existing_customer_gateway() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let (gateway, cgws) = dual_gateway(&env).await;
    assert_service_error!(
        env.client
            .create_vpn_connection()
            .vpn_gateway_id(&gateway)
            .local_subnet("10.0.0.0/24")
            .remote_subnet("192.168.0.0/24")
            .tunnel_options_specification(tunnel(0, &cgws[0], TunnelRole::Master))
            .tunnel_options_specification(tunnel(1, "cgw-nope", TunnelRole::Slave))
            .send()
            .await,
        CreateVpnConnectionError::InvalidCustomerGatewayInstanceIdNotFound,
        "InvalidCustomerGatewayInstanceId.NotFound",
        404
    );
}

#[tokio::test]
async fn modify_tunnel_attribute_refuses_tunnels_the_connection_does_not_have() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let (gateway, cgws) = dual_gateway(&env).await;
    let dual = create_dual(&env.client, &gateway, &cgws).await;
    let change = || {
        TunnelAttributeModification::builder()
            .enable_nat_traversal(false)
            .build()
    };
    assert_service_error!(
        env.client
            .modify_tunnel_attribute()
            .vpn_connection_id(&dual)
            .tunnel_id("tun-nope")
            .tunnel_options_specification(change())
            .send()
            .await,
        ModifyTunnelAttributeError::InvalidTunnelIdNotFound,
        "InvalidTunnelId.NotFound",
        404
    );
    assert_service_error!(
        env.client
            .modify_tunnel_attribute()
            .vpn_connection_id("vco-nope")
            .tunnel_id("tun-nope")
            .send()
            .await,
        ModifyTunnelAttributeError::InvalidVpnConnectionInstanceIdNotFound,
        "InvalidVpnConnectionInstanceId.NotFound",
        404
    );
    // A single-tunnel connection has no tunnels to name.
    let (_, single) = env.gateway_with_connection().await;
    let tunnel_id = tunnel_at(&describe(&env.client, &dual).await, 1)
        .tunnel_id
        .clone()
        .unwrap();
    assert_service_error!(
        env.client
            .modify_tunnel_attribute()
            .vpn_connection_id(&single)
            .tunnel_id(&tunnel_id)
            .tunnel_options_specification(change())
            .send()
            .await,
        ModifyTunnelAttributeError::InvalidTunnelIdNotFound,
        "InvalidTunnelId.NotFound",
        404
    );
    // Nothing changed on the dual-tunnel connection.
    let conn = describe(&env.client, &dual).await;
    for t in &conn.tunnel_options_specification {
        assert_eq!(t.enable_nat_traversal, Some(true));
    }
}

#[tokio::test]
async fn modify_tunnel_attribute_is_refused_while_the_gateway_is_configuring() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let (gateway, cgws) = dual_gateway(&env).await;
    let dual = create_dual(&env.client, &gateway, &cgws).await;
    let tunnel_id = tunnel_at(&describe(&env.client, &dual).await, 1)
        .tunnel_id
        .clone()
        .unwrap();
    env.set_gateway_status(&gateway, Some("updating"));
    assert_service_error!(
        env.client
            .modify_tunnel_attribute()
            .vpn_connection_id(&dual)
            .tunnel_id(&tunnel_id)
            .tunnel_options_specification(
                TunnelAttributeModification::builder()
                    .enable_dpd(false)
                    .build()
            )
            .send()
            .await,
        ModifyTunnelAttributeError::VpnGatewayConfiguring,
        "VpnGateway.Configuring",
        400
    );
}

#[tokio::test]
async fn a_customer_gateway_a_tunnel_uses_cannot_be_deleted() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let (gateway, cgws) = dual_gateway(&env).await;
    let dual = create_dual(&env.client, &gateway, &cgws).await;
    assert_service_error!(
        env.client
            .delete_customer_gateway()
            .customer_gateway_id(&cgws[1])
            .send()
            .await,
        DeleteCustomerGatewayError::Unhandled,
        "DependencyViolation.VpnConnection",
        400
    );
    env.client
        .delete_vpn_connection()
        .vpn_connection_id(&dual)
        .send()
        .await
        .expect("DeleteVpnConnection succeeds");
    for cgw in &cgws {
        env.client
            .delete_customer_gateway()
            .customer_gateway_id(cgw)
            .send()
            .await
            .expect("a customer gateway no tunnel uses is deleted");
    }
}

#[tokio::test]
async fn listing_by_customer_gateway_finds_a_connection_through_its_tunnels() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let (gateway, cgws) = dual_gateway(&env).await;
    let dual = create_dual(&env.client, &gateway, &cgws).await;
    let (_, single) = env.gateway_with_connection().await;
    let single_cgw = describe(&env.client, &single)
        .await
        .customer_gateway_id
        .expect("a single-tunnel connection names its customer gateway");
    for (cgw, want) in [(&cgws[0], &dual), (&cgws[1], &dual), (&single_cgw, &single)] {
        let listed = env
            .client
            .describe_vpn_connections()
            .customer_gateway_id(cgw)
            .send()
            .await
            .unwrap();
        let ids: Vec<&str> = listed
            .vpn_connections
            .iter()
            .filter_map(|c| c.vpn_connection_id.as_deref())
            .collect();
        assert_eq!(ids, [want.as_str()], "connections of {cgw}");
    }
    // The dual-tunnel connection still answers no connection-level customer gateway.
    let listed = env
        .client
        .describe_vpn_connections()
        .vpn_gateway_id(&gateway)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.vpn_connections[0].customer_gateway_id, None);
}
