//! Lenient decoding against the emulator's quirky answers (the variants the API
//! reference's examples show): numbers and booleans as strings, a one-item list as its
//! single element, and an `<Action>Response` envelope. Typed values must decode exactly
//! as they do from the service's plain answers.

use e2e::alibabacloud_vpn::operation::describe_vpn_gateway::DescribeVpnGatewayError;
use e2e::alibabacloud_vpn::types::{
    IkeVersion, SslVpnCipher, SslVpnProto, VpnConnectionStatus, VpnGatewayBusinessStatus,
    VpnGatewayStatus,
};
use e2e::vpn_emulator::{Quirks, VpnGatewaySeed};
use e2e::{REGION, TestEnv, Wire, assert_request_id, assert_service_error, emulator_builder};

async fn quirky(quirks: Quirks, wire: Wire) -> TestEnv {
    TestEnv::with(emulator_builder().quirks(quirks), wire).await
}

/// Lists one tagged gateway: a one-item list, a one-item tag list, numbers, an enum.
async fn describe_vpn_gateways_decodes(quirks: Quirks, wire: Wire) {
    let env = quirky(quirks, wire).await;
    let mut seed = VpnGatewaySeed::active(REGION).with_ssl();
    seed.tags = vec![("team".into(), "network".into())];
    seed.bandwidth = Some(20);
    let id = env.emu.seed_vpn_gateway(seed);

    let out = env
        .client
        .describe_vpn_gateways()
        .send()
        .await
        .unwrap_or_else(|e| panic!("{quirks:?}: {e}"));

    assert_eq!(out.total_count, Some(1));
    assert_eq!(out.page_number, Some(1));
    assert_eq!(out.page_size, Some(10));
    assert_request_id(Some(out.request_id.as_str()));
    assert_eq!(out.vpn_gateways.len(), 1);
    let gw = &out.vpn_gateways[0];
    assert_eq!(gw.vpn_gateway_id.as_deref(), Some(id.as_str()));
    assert_eq!(gw.status, Some(VpnGatewayStatus::Active));
    assert_eq!(gw.business_status, Some(VpnGatewayBusinessStatus::Normal));
    assert_eq!(gw.ssl_max_connections, Some(5));
    assert_eq!(gw.spec.as_deref(), Some("20M"));
    assert!(
        gw.create_time
            .is_some_and(|t| t.as_millis() > 1_600_000_000_000)
    );
    assert_eq!(gw.tags.len(), 1);
    assert_eq!(gw.tags[0].key.as_deref(), Some("team"));
    assert_eq!(gw.tags[0].value.as_deref(), Some("network"));
    assert_eq!(env.emu.quirks(), quirks, "the quirks were on");
}

#[tokio::test]
async fn one_item_lists_and_stringly_numbers_decode_with_every_quirk_on() {
    describe_vpn_gateways_decodes(Quirks::all(), Wire::V1_GET).await;
}

#[tokio::test]
async fn stringly_scalars_alone_decode() {
    let quirks = Quirks {
        stringly_scalars: true,
        ..Quirks::none()
    };
    describe_vpn_gateways_decodes(quirks, Wire::V1_POST).await;
}

#[tokio::test]
async fn collapsed_single_item_lists_alone_decode() {
    let quirks = Quirks {
        collapse_single_lists: true,
        ..Quirks::none()
    };
    describe_vpn_gateways_decodes(quirks, Wire::V3_GET).await;
}

#[tokio::test]
async fn the_response_envelope_alone_is_stripped() {
    let quirks = Quirks {
        envelope: true,
        ..Quirks::none()
    };
    describe_vpn_gateways_decodes(quirks, Wire::V3_POST).await;
}

#[tokio::test]
async fn a_connection_flow_decodes_nested_stringly_values() {
    let env = quirky(Quirks::all(), Wire::V3_POST).await;
    let gateway = env.seed_gateway();
    let cgw = env
        .client
        .create_customer_gateway()
        .ip_address("198.51.100.70")
        .send()
        .await
        .expect("CreateCustomerGateway decodes");
    assert!(cgw.create_time.is_some(), "a stringly CreateTime decodes");
    let cgw = cgw.customer_gateway_id.unwrap();
    let id = env.create_connection(&gateway, &cgw).await;

    let conn = env
        .client
        .describe_vpn_connection()
        .vpn_connection_id(&id)
        .send()
        .await
        .expect("DescribeVpnConnection decodes");

    assert_eq!(conn.vpn_connection_id.as_deref(), Some(id.as_str()));
    assert_eq!(conn.effect_immediately, Some(false));
    assert_eq!(conn.status, Some(VpnConnectionStatus::IpsecSaEstablished));
    let ike = conn.ike_config.unwrap();
    assert_eq!(ike.ike_lifetime, Some(86_400));
    assert_eq!(ike.ike_version, Some(IkeVersion::Ikev2));
    assert_eq!(conn.ipsec_config.unwrap().ipsec_lifetime, Some(86_400));

    let listed = env
        .client
        .describe_vpn_connections()
        .send()
        .await
        .expect("DescribeVpnConnections decodes");
    assert_eq!(listed.total_count, Some(1));
    assert_eq!(listed.vpn_connections.len(), 1);
    assert_eq!(
        listed.vpn_connections[0]
            .ike_config
            .as_ref()
            .unwrap()
            .ike_lifetime,
        Some(86_400)
    );
}

#[tokio::test]
async fn an_ssl_server_flow_decodes_stringly_booleans_and_ports() {
    let env = quirky(Quirks::all(), Wire::V1_GET).await;
    let (_, server) = env.gateway_with_ssl_server().await;

    let modified = env
        .client
        .modify_ssl_vpn_server()
        .ssl_vpn_server_id(&server)
        .compress(true)
        .port(1443)
        .send()
        .await
        .expect("ModifySslVpnServer decodes");
    assert_eq!(modified.compress, Some(true));
    assert_eq!(modified.port, Some(1443));
    assert_eq!(modified.connections, Some(0));

    let servers = env
        .client
        .describe_ssl_vpn_servers()
        .send()
        .await
        .expect("DescribeSslVpnServers decodes");
    assert_eq!(servers.ssl_vpn_servers.len(), 1);
    let s = &servers.ssl_vpn_servers[0];
    assert_eq!(s.compress, Some(true));
    assert_eq!(s.port, Some(1443));
    assert_eq!(s.proto, Some(SslVpnProto::Udp));
    assert_eq!(s.cipher, Some(SslVpnCipher::Aes128Cbc));
    assert_eq!(s.max_connections, Some(5));
}

#[tokio::test]
async fn the_paginator_handles_a_last_page_of_one_collapsed_item() {
    let env = quirky(Quirks::all(), Wire::V1_POST).await;
    let seeded: Vec<String> = (1..=11)
        .map(|i| env.seed_customer_gateway(&format!("198.51.100.{i}")))
        .collect();

    let pages = env
        .client
        .describe_customer_gateways()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .expect("every page decodes");
    let sizes: Vec<usize> = pages.iter().map(|p| p.customer_gateways.len()).collect();
    assert_eq!(sizes, [10, 1]);
    assert!(pages.iter().all(|p| p.total_count == Some(11)));

    let ids: Vec<String> = env
        .client
        .describe_customer_gateways()
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap()
        .into_iter()
        .map(|g| g.customer_gateway_id.unwrap())
        .collect();
    assert_eq!(ids, seeded);
}

#[tokio::test]
async fn completion_paging_decodes_stringly_counts_and_flags() {
    let env = quirky(Quirks::all(), Wire::V3_GET).await;
    let (_, server) = env.gateway_with_ssl_server().await;

    let pages = env
        .client
        .describe_vpn_ssl_server_logs()
        .vpn_ssl_server_id(&server)
        .into_paginator()
        .page_size(20)
        .send()
        .try_collect()
        .await
        .expect("every page decodes");

    let counts: Vec<Option<i32>> = pages.iter().map(|p| p.count).collect();
    assert_eq!(counts, [Some(20), Some(5)]);
    let done: Vec<Option<bool>> = pages.iter().map(|p| p.is_completed).collect();
    assert_eq!(done, [Some(false), Some(true)]);
    let lines: usize = pages
        .iter()
        .map(|p| p.data.as_ref().map_or(0, |d| d.logs.len()))
        .sum();
    assert_eq!(lines, 25);
}

#[tokio::test]
async fn error_answers_stay_typed_with_quirks_on() {
    let env = quirky(Quirks::all(), Wire::V3_POST).await;

    assert_service_error!(
        env.client
            .describe_vpn_gateway()
            .vpn_gateway_id("vpn-doesnotexist000000000")
            .send()
            .await,
        DescribeVpnGatewayError::InvalidVpnGatewayInstanceIdNotFound,
        "InvalidVpnGatewayInstanceId.NotFound",
        404
    );
}

#[tokio::test]
async fn empty_lists_decode_with_every_quirk_on() {
    let env = quirky(Quirks::all(), Wire::V1_GET).await;

    let gateways = env.client.describe_vpn_gateways().send().await.unwrap();
    assert_eq!(gateways.total_count, Some(0));
    assert!(gateways.vpn_gateways.is_empty());

    let lines = env
        .client
        .describe_vpn_ssl_server_logs()
        .vpn_ssl_server_id("vss-nologs0000000000000")
        .into_paginator()
        .items()
        .try_collect()
        .await
        .expect("an unknown server has no logs");
    assert!(lines.is_empty());
}
