//! Transit-router VPN attachment operations end to end: CreateVpnAttachment,
//! DeleteVpnAttachment, ModifyVpnAttachmentAttribute, DescribeVpnAttachments,
//! CreateVcoRouteEntry, DeleteVcoRouteEntry, ModifyVcoRouteEntryWeight,
//! DescribeVcoRouteEntries, CheckVpnBgpEnabled and DescribeVpnCrossAccountAuthorizations.
//! Each has a success path and a documented error path, and an attachment with routes
//! is driven as a flow (created, waited for, routed, re-weighted, deleted); the tests
//! rotate through the four wire combinations.

use std::time::Duration;

use e2e::alibabacloud_vpn::operation::check_vpn_bgp_enabled::CheckVpnBgpEnabledError;
use e2e::alibabacloud_vpn::operation::create_vco_route_entry::CreateVcoRouteEntryError;
use e2e::alibabacloud_vpn::operation::create_vpn_attachment::CreateVpnAttachmentError;
use e2e::alibabacloud_vpn::operation::delete_vco_route_entry::DeleteVcoRouteEntryError;
use e2e::alibabacloud_vpn::operation::delete_vpn_attachment::DeleteVpnAttachmentError;
use e2e::alibabacloud_vpn::operation::describe_vco_route_entries::DescribeVcoRouteEntriesError;
use e2e::alibabacloud_vpn::operation::describe_vpn_attachments::DescribeVpnAttachmentsError;
use e2e::alibabacloud_vpn::operation::describe_vpn_cross_account_authorizations::DescribeVpnCrossAccountAuthorizationsError;
use e2e::alibabacloud_vpn::operation::modify_vco_route_entry_weight::ModifyVcoRouteEntryWeightError;
use e2e::alibabacloud_vpn::operation::modify_vpn_attachment_attribute::ModifyVpnAttachmentAttributeError;
use e2e::alibabacloud_vpn::types::{
    BgpConfig, IkeConfig, IkeVersion, TunnelBgpConfig, TunnelRole, VpnAttachmentTunnelModification,
    VpnAttachmentTunnelSpecification, VpnEncryptionAlgorithm, VpnRouteEntryType,
};
use e2e::vpn_emulator::{FaultRule, Quotas};
use e2e::{
    TestEnv, Wire, assert_request_id, assert_resource_id, assert_service_error, emulator_builder,
};

const ROUTE: &str = "192.168.10.0/24";

/// Creates a single-tunnel attachment to a fresh customer gateway and returns its id.
async fn attachment(env: &TestEnv, ip: &str) -> String {
    let cgw = env.seed_customer_gateway(ip);
    let out = env
        .client
        .create_vpn_attachment()
        .customer_gateway_id(&cgw)
        .local_subnet("10.0.0.0/24")
        .remote_subnet("192.168.0.0/16")
        .send()
        .await
        .expect("CreateVpnAttachment succeeds");
    assert_resource_id(out.vpn_connection_id.as_deref(), "vco-")
}

/// Adds the route `dest` with `weight` through the attachment itself.
async fn add_route(env: &TestEnv, att: &str, dest: &str, weight: i32) {
    env.client
        .create_vco_route_entry()
        .vpn_connection_id(att)
        .next_hop(att)
        .route_dest(dest)
        .weight(weight)
        .send()
        .await
        .expect("CreateVcoRouteEntry succeeds");
}

/// An emulator whose attachments stay `init` for `delay`.
async fn slow_env(delay: Duration, wire: Wire) -> TestEnv {
    TestEnv::with(emulator_builder().activation_delay(delay), wire).await
}

#[tokio::test]
async fn create_vpn_attachment_makes_a_connection_without_a_gateway() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let cgw = env.seed_customer_gateway("198.51.100.31");

    let out = env
        .client
        .create_vpn_attachment()
        .customer_gateway_id(&cgw)
        .local_subnet("10.0.0.0/24,10.0.1.0/24")
        .remote_subnet("192.168.0.0/16")
        .name("to-tr")
        .ike_config(IkeConfig::builder().ike_version(IkeVersion::Ikev2).build())
        .send()
        .await
        .expect("CreateVpnAttachment succeeds");

    let id = assert_resource_id(out.vpn_connection_id.as_deref(), "vco-");
    assert_request_id(Some(out.request_id.as_str()));
    assert_eq!(out.name.as_deref(), Some("to-tr"));
    assert_eq!(out.success, Some(true));
    assert!(out.create_time.is_some());

    let described = env
        .client
        .describe_vpn_connection()
        .vpn_connection_id(&id)
        .send()
        .await
        .expect("DescribeVpnConnection describes the attachment");
    assert_eq!(described.vpn_gateway_id, None, "no VPN gateway");
    assert_eq!(described.customer_gateway_id.as_deref(), Some(cgw.as_str()));
    assert_eq!(described.attach_type.as_deref(), Some("NO_ASSOCIATED"));
    assert_eq!(described.state.as_deref(), Some("active"));
    let ike = described.ike_config.expect("the IKE settings");
    assert_eq!(ike.ike_version, Some(IkeVersion::Ikev2));
    assert_eq!(ike.remote_id.as_deref(), Some("198.51.100.31"));
    assert_eq!(
        ike.psk.as_ref().map(String::len),
        Some(16),
        "a generated key"
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn create_vpn_attachment_with_two_tunnels_names_and_indexes_them() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let a = env.seed_customer_gateway("198.51.100.32");
    let b = env.seed_customer_gateway("198.51.100.33");
    let tunnel = |cgw: &str, index: i32| {
        VpnAttachmentTunnelSpecification::builder()
            .customer_gateway_id(cgw)
            .tunnel_index(index)
            .tunnel_bgp_config(TunnelBgpConfig::builder().local_asn(65_010).build())
            .build()
    };

    let out = env
        .client
        .create_vpn_attachment()
        .local_subnet("10.0.0.0/24")
        .remote_subnet("192.168.0.0/16")
        .enable_tunnels_bgp(true)
        .tunnel_options_specification(tunnel(&a, 1))
        .tunnel_options_specification(tunnel(&b, 2))
        .send()
        .await
        .expect("a dual-tunnel attachment is created");
    let id = out.vpn_connection_id.unwrap();

    let described = env
        .client
        .describe_vpn_connection()
        .vpn_connection_id(&id)
        .send()
        .await
        .unwrap();
    let tunnels = &described.tunnel_options_specification;
    assert_eq!(tunnels.len(), 2);
    assert_eq!(tunnels[0].customer_gateway_id.as_deref(), Some(a.as_str()));
    assert_eq!(tunnels[0].role, Some(TunnelRole::Master));
    assert_eq!(tunnels[1].role, Some(TunnelRole::Slave));
    assert!(
        tunnels[1]
            .tunnel_id
            .as_deref()
            .is_some_and(|t| t.starts_with("tun-"))
    );
    assert_eq!(described.enable_tunnels_bgp, Some(true));
}

#[tokio::test]
async fn create_vpn_attachment_to_an_unknown_customer_gateway_is_not_found() {
    let env = TestEnv::start(Wire::V1_POST).await;
    assert_service_error!(
        env.client
            .create_vpn_attachment()
            .customer_gateway_id("cgw-doesnotexist000000000")
            .local_subnet("10.0.0.0/24")
            .remote_subnet("192.168.0.0/16")
            .send()
            .await,
        CreateVpnAttachmentError::InvalidCustomerGatewayInstanceIdNotFound,
        "InvalidCustomerGatewayInstanceId.NotFound",
        404
    );
}

#[tokio::test]
async fn create_vpn_attachment_dry_run_checks_and_creates_nothing() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let cgw = env.seed_customer_gateway("198.51.100.34");
    let err = assert_service_error!(
        env.client
            .create_vpn_attachment()
            .customer_gateway_id(&cgw)
            .local_subnet("10.0.0.0/24")
            .remote_subnet("192.168.0.0/16")
            .dry_run(true)
            .send()
            .await,
        CreateVpnAttachmentError::Unhandled,
        "DryRunOperation",
        400
    );
    assert!(err.is_dry_run(), "{err}");
    let listed = env.client.describe_vpn_attachments().send().await.unwrap();
    assert_eq!(listed.total_count, Some(0));
}

#[tokio::test]
async fn create_vpn_attachment_over_the_region_quota_is_refused() {
    let quotas = Quotas {
        vpn_attachments_per_region: 1,
        ..Quotas::default()
    };
    let env = TestEnv::with(emulator_builder().quotas(quotas), Wire::V1_GET).await;
    attachment(&env, "198.51.100.35").await;
    let cgw = env.seed_customer_gateway("198.51.100.36");
    assert_service_error!(
        env.client
            .create_vpn_attachment()
            .customer_gateway_id(&cgw)
            .local_subnet("10.0.0.0/24")
            .remote_subnet("192.168.0.0/16")
            .send()
            .await,
        CreateVpnAttachmentError::ResourceQuotaFull,
        "Resource.QuotaFull",
        400
    );
}

#[tokio::test]
async fn delete_vpn_attachment_takes_its_routes_with_it() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let att = attachment(&env, "198.51.100.37").await;
    add_route(&env, &att, ROUTE, 100).await;

    let out = env
        .client
        .delete_vpn_attachment()
        .vpn_connection_id(&att)
        .send()
        .await
        .expect("DeleteVpnAttachment succeeds");
    assert_request_id(Some(out.request_id.as_str()));

    let listed = env.client.describe_vpn_attachments().send().await.unwrap();
    assert_eq!(listed.total_count, Some(0));
    assert_service_error!(
        env.client
            .describe_vco_route_entries()
            .vpn_connection_id(&att)
            .send()
            .await,
        DescribeVcoRouteEntriesError::InvalidVpnConnectionInstanceIdNotFound,
        "InvalidVpnConnectionInstanceId.NotFound",
        404
    );
    assert_service_error!(
        env.client
            .delete_vpn_attachment()
            .vpn_connection_id(&att)
            .send()
            .await,
        DeleteVpnAttachmentError::InvalidVpnConnectionInstanceIdNotFound,
        "InvalidVpnConnectionInstanceId.NotFound",
        404
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn delete_vpn_attachment_while_it_is_set_up_is_configuring() {
    let env = slow_env(Duration::from_secs(60), Wire::V3_GET).await;
    let att = attachment(&env, "198.51.100.38").await;
    assert_service_error!(
        env.client
            .delete_vpn_attachment()
            .vpn_connection_id(&att)
            .send()
            .await,
        DeleteVpnAttachmentError::VpnConnectionConfiguring,
        "VpnConnection.Configuring",
        400
    );
}

#[tokio::test]
async fn modify_vpn_attachment_attribute_merges_ike_settings_and_answers_them() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let cgw = env.seed_customer_gateway("198.51.100.39");
    let created = env
        .client
        .create_vpn_attachment()
        .customer_gateway_id(&cgw)
        .local_subnet("10.0.0.0/24")
        .remote_subnet("192.168.0.0/16")
        .ike_config(
            IkeConfig::builder()
                .ike_version(IkeVersion::Ikev2)
                .psk("first-key-value")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let att = created.vpn_connection_id.unwrap();

    let out = env
        .client
        .modify_vpn_attachment_attribute()
        .vpn_connection_id(&att)
        .name("renamed")
        .ike_config(
            IkeConfig::builder()
                .ike_enc_alg(VpnEncryptionAlgorithm::Aes256)
                .build(),
        )
        .bgp_config(
            BgpConfig::builder()
                .enable_bgp("true")
                .local_asn("65011")
                .tunnel_cidr("169.254.11.0/30")
                .local_bgp_ip("169.254.11.1")
                .build(),
        )
        .send()
        .await
        .expect("ModifyVpnAttachmentAttribute succeeds");

    assert_eq!(out.name.as_deref(), Some("renamed"));
    assert_eq!(out.vpn_connection_id.as_deref(), Some(att.as_str()));
    let ike = out.ike_config.expect("the IKE settings");
    assert_eq!(ike.ike_enc_alg, Some(VpnEncryptionAlgorithm::Aes256));
    assert_eq!(ike.ike_version, Some(IkeVersion::Ikev2), "kept");
    let bgp = out.vpn_bgp_config.expect("the BGP settings");
    assert_eq!(bgp.enable_bgp.as_deref(), Some("true"));
    assert_eq!(bgp.local_asn, Some(65_011));
    assert_eq!(out.status.as_deref(), Some("ipsec_sa_established"));
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn modify_vpn_attachment_attribute_changes_one_tunnel_of_two() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let a = env.seed_customer_gateway("198.51.100.40");
    let b = env.seed_customer_gateway("198.51.100.41");
    let c = env.seed_customer_gateway("198.51.100.42");
    let spec = |cgw: &str, index: i32| {
        VpnAttachmentTunnelSpecification::builder()
            .customer_gateway_id(cgw)
            .tunnel_index(index)
            .build()
    };
    let att = env
        .client
        .create_vpn_attachment()
        .local_subnet("10.0.0.0/24")
        .remote_subnet("192.168.0.0/16")
        .tunnel_options_specification(spec(&a, 1))
        .tunnel_options_specification(spec(&b, 2))
        .send()
        .await
        .unwrap()
        .vpn_connection_id
        .unwrap();

    let out = env
        .client
        .modify_vpn_attachment_attribute()
        .vpn_connection_id(&att)
        .tunnel_options_specification(
            VpnAttachmentTunnelModification::builder()
                .tunnel_index(2)
                .customer_gateway_id(&c)
                .build(),
        )
        .send()
        .await
        .expect("the second tunnel changes");
    let tunnels = &out.tunnel_options_specification;
    assert_eq!(tunnels.len(), 2);
    assert_eq!(tunnels[0].customer_gateway_id.as_deref(), Some(a.as_str()));
    assert_eq!(tunnels[1].customer_gateway_id.as_deref(), Some(c.as_str()));
}

#[tokio::test]
async fn modify_vpn_attachment_attribute_to_an_unknown_customer_gateway_is_not_found() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let att = attachment(&env, "198.51.100.43").await;
    assert_service_error!(
        env.client
            .modify_vpn_attachment_attribute()
            .vpn_connection_id(&att)
            .customer_gateway_id("cgw-doesnotexist000000000")
            .send()
            .await,
        ModifyVpnAttachmentAttributeError::InvalidCustomerGatewayInstanceIdNotFound,
        "InvalidCustomerGatewayInstanceId.NotFound",
        404
    );
    assert_service_error!(
        env.client
            .modify_vpn_attachment_attribute()
            .vpn_connection_id("vco-doesnotexist000000000")
            .name("x")
            .send()
            .await,
        ModifyVpnAttachmentAttributeError::InvalidVpnConnectionInstanceIdNotFound,
        "InvalidVpnConnectionInstanceId.NotFound",
        404
    );
}

#[tokio::test]
async fn describe_vpn_attachments_pages_through_every_attachment() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let mut created = Vec::new();
    for i in 0..5 {
        created.push(attachment(&env, &format!("198.51.100.{}", 50 + i)).await);
    }

    let items = env
        .client
        .describe_vpn_attachments()
        .into_paginator()
        .page_size(2)
        .items()
        .try_collect()
        .await
        .expect("every page arrives");
    let ids: Vec<String> = items
        .iter()
        .map(|a| a.instance_id.clone().unwrap())
        .collect();
    assert_eq!(ids, created, "every attachment once, in creation order");
    assert_eq!(items[0].attach_type.as_deref(), Some("NO_ASSOCIATED"));
    assert_eq!(items[0].cross_account_authorized, Some(false));
    assert_eq!(env.journal_for("DescribeVpnAttachments").len(), 3);

    let one = env
        .client
        .describe_vpn_attachments()
        .vpn_connection_id(&created[3])
        .send()
        .await
        .unwrap();
    assert_eq!(one.total_count, Some(1));
    assert_eq!(
        one.vpn_attachments[0].instance_id.as_deref(),
        Some(created[3].as_str())
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn describe_vpn_attachments_refused_by_ram_is_forbidden() {
    let env = TestEnv::start(Wire::V1_GET).await;
    env.emu
        .add_fault(FaultRule::error("DescribeVpnAttachments", "Forbidden").times(1));
    assert_service_error!(
        env.client.describe_vpn_attachments().send().await,
        DescribeVpnAttachmentsError::Forbidden,
        "Forbidden",
        403
    );
}

#[tokio::test]
async fn create_vco_route_entry_echoes_the_route() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let att = attachment(&env, "198.51.100.60").await;

    let out = env
        .client
        .create_vco_route_entry()
        .vpn_connection_id(&att)
        .next_hop(&att)
        .route_dest(ROUTE)
        .weight(100)
        .description("primary")
        .send()
        .await
        .expect("CreateVcoRouteEntry succeeds");
    assert_eq!(out.route_dest.as_deref(), Some(ROUTE));
    assert_eq!(out.next_hop.as_deref(), Some(att.as_str()));
    assert_eq!(out.weight, Some(100));
    assert_eq!(out.state.as_deref(), Some("normal"));
    assert_eq!(out.description.as_deref(), Some("primary"));
    assert!(out.create_time.is_some());
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn create_vco_route_entry_refuses_duplicates_and_forbidden_destinations() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let att = attachment(&env, "198.51.100.61").await;
    add_route(&env, &att, ROUTE, 100).await;
    let create = |dest: &'static str, weight: i32| {
        env.client
            .create_vco_route_entry()
            .vpn_connection_id(&att)
            .next_hop(&att)
            .route_dest(dest)
            .weight(weight)
            .send()
    };

    assert_service_error!(
        create(ROUTE, 0).await,
        CreateVcoRouteEntryError::InvalidVpnRouteEntryAlreadyExist,
        "InvalidVpnRouteEntry.AlreadyExist",
        400
    );
    assert_service_error!(
        create("0.0.0.0/0", 100).await,
        CreateVcoRouteEntryError::IllegalParamRouteDest,
        "IllegalParam.RouteDest",
        400
    );
    assert_service_error!(
        create("100.64.8.0/24", 100).await,
        CreateVcoRouteEntryError::IllegalParamRouteDest,
        "IllegalParam.RouteDest",
        400
    );
    let listed = env
        .client
        .describe_vco_route_entries()
        .vpn_connection_id(&att)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.total_count, Some(1), "only the first route");
}

#[tokio::test]
async fn create_vco_route_entry_dry_run_and_unknown_attachment() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let att = attachment(&env, "198.51.100.62").await;
    let err = assert_service_error!(
        env.client
            .create_vco_route_entry()
            .vpn_connection_id(&att)
            .next_hop(&att)
            .route_dest(ROUTE)
            .weight(100)
            .dry_run(true)
            .send()
            .await,
        CreateVcoRouteEntryError::Unhandled,
        "DryRunOperation",
        400
    );
    assert!(err.is_dry_run(), "{err}");
    assert_service_error!(
        env.client
            .create_vco_route_entry()
            .vpn_connection_id("vco-doesnotexist000000000")
            .next_hop(&att)
            .route_dest(ROUTE)
            .weight(100)
            .send()
            .await,
        CreateVcoRouteEntryError::InvalidVpnConnectionInstanceIdNotFound,
        "InvalidVpnConnectionInstanceId.NotFound",
        404
    );
    let listed = env
        .client
        .describe_vco_route_entries()
        .vpn_connection_id(&att)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.total_count, Some(0), "the dry run added nothing");
}

#[tokio::test]
async fn create_vco_route_entry_before_the_attachment_is_set_up_is_configuring() {
    let env = slow_env(Duration::from_secs(60), Wire::V1_GET).await;
    let att = attachment(&env, "198.51.100.63").await;
    assert_service_error!(
        env.client
            .create_vco_route_entry()
            .vpn_connection_id(&att)
            .next_hop(&att)
            .route_dest(ROUTE)
            .weight(100)
            .send()
            .await,
        CreateVcoRouteEntryError::VpnConnectionConfiguring,
        "VpnConnection.Configuring",
        400
    );
}

#[tokio::test]
async fn delete_vco_route_entry_names_the_route_by_its_weight() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let att = attachment(&env, "198.51.100.64").await;
    add_route(&env, &att, ROUTE, 100).await;
    let delete = |weight: i32| {
        env.client
            .delete_vco_route_entry()
            .vpn_connection_id(&att)
            .next_hop(&att)
            .route_dest(ROUTE)
            .weight(weight)
            .send()
    };

    assert_service_error!(
        delete(0).await,
        DeleteVcoRouteEntryError::InvalidVpnRouteEntryNotFound,
        "InvalidVpnRouteEntry.NotFound",
        404
    );
    let out = delete(100).await.expect("DeleteVcoRouteEntry succeeds");
    assert_request_id(Some(out.request_id.as_str()));
    let listed = env
        .client
        .describe_vco_route_entries()
        .vpn_connection_id(&att)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.total_count, Some(0));
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn modify_vco_route_entry_weight_changes_the_named_route_only() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let att = attachment(&env, "198.51.100.65").await;
    add_route(&env, &att, ROUTE, 100).await;
    add_route(&env, &att, "192.168.20.0/24", 100).await;
    let modify = |weight: i32| {
        env.client
            .modify_vco_route_entry_weight()
            .vpn_connection_id(&att)
            .next_hop(&att)
            .route_dest(ROUTE)
            .weight(weight)
            .new_weight(0)
            .send()
    };

    modify(100)
        .await
        .expect("ModifyVcoRouteEntryWeight succeeds");
    assert_service_error!(
        modify(100).await,
        ModifyVcoRouteEntryWeightError::InvalidVpnRouteEntryNotFound,
        "InvalidVpnRouteEntry.NotFound",
        404
    );
    let listed = env
        .client
        .describe_vco_route_entries()
        .vpn_connection_id(&att)
        .send()
        .await
        .unwrap();
    let weights: Vec<(Option<&str>, Option<i32>)> = listed
        .vco_route_entries
        .iter()
        .map(|r| (r.route_dest.as_deref(), r.weight))
        .collect();
    assert_eq!(
        weights,
        [(Some(ROUTE), Some(0)), (Some("192.168.20.0/24"), Some(100))]
    );
}

#[tokio::test]
async fn describe_vco_route_entries_pages_and_counts_the_routes() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let att = attachment(&env, "198.51.100.66").await;
    let other = attachment(&env, "198.51.100.67").await;
    for i in 0..5 {
        add_route(&env, &att, &format!("172.16.{i}.0/24"), 100).await;
    }
    add_route(&env, &other, ROUTE, 100).await;

    let routes = env
        .client
        .describe_vco_route_entries()
        .vpn_connection_id(&att)
        .into_paginator()
        .page_size(2)
        .items()
        .try_collect()
        .await
        .expect("every page arrives");
    let dests: Vec<&str> = routes
        .iter()
        .map(|r| r.route_dest.as_deref().unwrap())
        .collect();
    assert_eq!(
        dests,
        [
            "172.16.0.0/24",
            "172.16.1.0/24",
            "172.16.2.0/24",
            "172.16.3.0/24",
            "172.16.4.0/24"
        ]
    );
    assert!(
        routes
            .iter()
            .all(|r| r.route_entry_type == Some(VpnRouteEntryType::Custom))
    );

    let page = env
        .client
        .describe_vco_route_entries()
        .vpn_connection_id(&att)
        .send()
        .await
        .unwrap();
    assert_eq!(page.vpn_route_counts[0].route_count, Some(5));
    let bgp = env
        .client
        .describe_vco_route_entries()
        .vpn_connection_id(&att)
        .route_entry_type(VpnRouteEntryType::Bgp)
        .send()
        .await
        .unwrap();
    assert_eq!(bgp.total_count, Some(0), "no route learned over BGP");
}

#[tokio::test]
async fn check_vpn_bgp_enabled_follows_the_attachments_bgp_settings() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let before = env.client.check_vpn_bgp_enabled().send().await.unwrap();
    assert_eq!(before.bgp_enabled, Some(false));
    assert_request_id(Some(before.request_id.as_str()));

    let cgw = env.seed_customer_gateway("198.51.100.70");
    env.client
        .create_vpn_attachment()
        .customer_gateway_id(&cgw)
        .local_subnet("10.0.0.0/24")
        .remote_subnet("192.168.0.0/16")
        .bgp_config(
            BgpConfig::builder()
                .enable_bgp("true")
                .local_asn("65012")
                .tunnel_cidr("169.254.12.0/30")
                .local_bgp_ip("169.254.12.1")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let after = env.client.check_vpn_bgp_enabled().send().await.unwrap();
    assert_eq!(after.bgp_enabled, Some(true));

    env.emu
        .add_fault(FaultRule::error("CheckVpnBgpEnabled", "Forbidden").times(1));
    assert_service_error!(
        env.client.check_vpn_bgp_enabled().send().await,
        CheckVpnBgpEnabledError::Forbidden,
        "Forbidden",
        403
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn describe_vpn_cross_account_authorizations_is_an_empty_page() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let att = attachment(&env, "198.51.100.71").await;

    let items = env
        .client
        .describe_vpn_cross_account_authorizations()
        .vpn_connection_id(&att)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .expect("the one page arrives");
    assert!(items.is_empty(), "the emulator has no other account");
    let page = env
        .client
        .describe_vpn_cross_account_authorizations()
        .vpn_connection_id(&att)
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(0));

    assert_service_error!(
        env.client
            .describe_vpn_cross_account_authorizations()
            .vpn_connection_id("vco-doesnotexist000000000")
            .send()
            .await,
        DescribeVpnCrossAccountAuthorizationsError::InvalidVpnConnectionInstanceIdNotFound,
        "InvalidVpnConnectionInstanceId.NotFound",
        404
    );
}

/// The flow: an attachment is created, waited for until it is available, given two
/// routes (active and standby), listed, re-weighted and deleted with its routes.
#[tokio::test]
async fn an_attachment_with_routes_from_creation_to_deletion() {
    let env = slow_env(Duration::from_millis(400), Wire::V1_GET).await;
    let att = attachment(&env, "198.51.100.80").await;
    let early = env
        .client
        .describe_vpn_connection()
        .vpn_connection_id(&att)
        .send()
        .await
        .unwrap();
    assert_eq!(early.state.as_deref(), Some("init"), "not available yet");

    let ready = env
        .client
        .wait_until_vpn_attachment_available(&att)
        .min_delay(Duration::from_millis(50))
        .max_delay(Duration::from_millis(100))
        .max_wait(Duration::from_secs(10))
        .await
        .expect("the attachment becomes available");
    assert_eq!(ready.state.as_deref(), Some("active"));
    assert!(
        env.journal_for("DescribeVpnConnection").len() >= 3,
        "the waiter polled"
    );

    add_route(&env, &att, ROUTE, 100).await;
    add_route(&env, &att, "192.168.20.0/24", 0).await;
    let listed = env
        .client
        .describe_vco_route_entries()
        .vpn_connection_id(&att)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.total_count, Some(2));

    env.client
        .modify_vco_route_entry_weight()
        .vpn_connection_id(&att)
        .next_hop(&att)
        .route_dest("192.168.20.0/24")
        .weight(0)
        .new_weight(100)
        .send()
        .await
        .expect("the standby route becomes active");
    let relisted = env
        .client
        .describe_vco_route_entries()
        .vpn_connection_id(&att)
        .send()
        .await
        .unwrap();
    assert!(
        relisted
            .vco_route_entries
            .iter()
            .all(|r| r.weight == Some(100))
    );

    env.client
        .delete_vco_route_entry()
        .vpn_connection_id(&att)
        .next_hop(&att)
        .route_dest(ROUTE)
        .weight(100)
        .send()
        .await
        .expect("one route goes");
    env.client
        .delete_vpn_attachment()
        .vpn_connection_id(&att)
        .send()
        .await
        .expect("the attachment goes, with its last route");
    let gone = env.client.describe_vpn_attachments().send().await.unwrap();
    assert_eq!(gone.total_count, Some(0));
    env.assert_all_sent_as_wire();
}
