//! IPsec servers and the two SSL-VPN client operations end to end: CreateIpsecServer,
//! UpdateIpsecServer, DeleteIpsecServer, ListIpsecServers (next-token pages),
//! ListIpsecServerLogs, DescribeSslVpnClients and DescribeSslVpnClientCert. Each has a
//! success path and a documented error path; the flow at the end creates a server on a
//! new gateway, waits for the gateway, lists with the next-token paginator, changes it,
//! reads its logs and deletes it. The tests rotate through the four wire combinations.

use std::time::Duration;

use e2e::alibabacloud_vpn::error::{ProvideServiceError, SdkError};
use e2e::alibabacloud_vpn::operation::create_ipsec_server::CreateIpsecServerError;
use e2e::alibabacloud_vpn::operation::delete_ipsec_server::DeleteIpsecServerError;
use e2e::alibabacloud_vpn::operation::describe_ssl_vpn_client_cert::DescribeSslVpnClientCertError;
use e2e::alibabacloud_vpn::operation::describe_ssl_vpn_clients::DescribeSslVpnClientsError;
use e2e::alibabacloud_vpn::operation::list_ipsec_server_logs::ListIpsecServerLogsError;
use e2e::alibabacloud_vpn::operation::list_ipsec_servers::ListIpsecServersError;
use e2e::alibabacloud_vpn::operation::update_ipsec_server::UpdateIpsecServerError;
use e2e::alibabacloud_vpn::types::{
    IkeVersion, IpsecServerIkeConfig, IpsecServerIpsecConfig, SslVpnClientCertStatus,
    VpnAuthenticationAlgorithm, VpnGatewayStatus, VpnPfsGroup,
};
use e2e::{
    REGION, TestEnv, Wire, assert_request_id, assert_resource_id, assert_service_error,
    client_builder, emulator_builder,
};

/// Asserts that `result` is the answer to a dry run whose checks passed.
#[track_caller]
fn assert_dry_run<T: std::fmt::Debug, E: ProvideServiceError>(result: Result<T, SdkError<E>>) {
    let err = result.expect_err("a dry run never succeeds");
    assert!(err.is_dry_run(), "not a dry-run answer: {err}");
    assert_eq!(
        (err.code(), err.http_status()),
        (Some("DryRunOperation"), Some(400))
    );
}

/// Log range used by the tests: ten minutes, on the emulator's 20-second grid.
const FROM: i64 = 1_671_003_600;
const TO: i64 = FROM + 600;

/// Creates an IPsec server (pool 10.8.0.0/24, local 192.168.0.0/24) on `gateway`.
async fn create_server(env: &TestEnv, gateway: &str) -> String {
    let created = env
        .client
        .create_ipsec_server()
        .vpn_gateway_id(gateway)
        .client_ip_pool("10.8.0.0/24")
        .local_subnet("192.168.0.0/24")
        .psk_enabled(true)
        .send()
        .await
        .expect("CreateIpsecServer succeeds");
    assert_resource_id(created.ipsec_server_id.as_deref(), "iss-")
}

#[tokio::test]
async fn create_ipsec_server_fills_the_documented_defaults_and_a_secret_key() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let gateway = env.seed_ssl_gateway();

    let created = env
        .client
        .create_ipsec_server()
        .vpn_gateway_id(&gateway)
        .client_ip_pool("10.8.0.0/24")
        .local_subnet("192.168.0.0/24,192.168.1.0/24")
        .ip_sec_server_name("remote-staff")
        .psk_enabled(true)
        .ike_config(
            IpsecServerIkeConfig::builder()
                .ike_version(IkeVersion::Ikev1)
                .build(),
        )
        .client_token("create-iss-1")
        .send()
        .await
        .expect("CreateIpsecServer succeeds");
    let id = assert_resource_id(created.ipsec_server_id.as_deref(), "iss-");
    assert_eq!(created.ipsec_server_name.as_deref(), Some("remote-staff"));
    assert_eq!(created.vpn_gateway_id.as_deref(), Some(gateway.as_str()));
    assert_eq!(created.region_id.as_deref(), Some(REGION));
    assert_request_id(Some(&created.request_id));
    let when = created.creation_time.expect("a creation time");
    assert!(when.ends_with('Z') && when.contains('T'), "{when}");

    let listed = env
        .client
        .list_ipsec_servers()
        .ipsec_server_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.total_count, Some(1));
    let server = &listed.ipsec_servers[0];
    assert_eq!(server.ipsec_server_name.as_deref(), Some("remote-staff"));
    assert_eq!(server.client_ip_pool.as_deref(), Some("10.8.0.0/24"));
    assert_eq!(server.psk_enabled, Some(true));
    assert_eq!(server.effect_immediately, Some(false));
    let ike = server.ike_config.as_ref().expect("IKE settings");
    assert_eq!(ike.ike_version, Some(IkeVersion::Ikev1), "the key sent");
    assert_eq!(ike.ike_auth_alg, Some(VpnAuthenticationAlgorithm::Sha1));
    assert_eq!(ike.ike_pfs, Some(VpnPfsGroup::Group2));
    assert_eq!(ike.ike_lifetime, Some(86_400));
    assert_eq!(ike.local_id, server.internet_ip, "LocalId is the gateway");
    let ipsec = server.ipsec_config.as_ref().expect("IPsec settings");
    assert_eq!(ipsec.ipsec_auth_alg, Some(VpnAuthenticationAlgorithm::Sha1));
    // A 16-character key was generated, and no Debug output shows it.
    let psk = server.psk.clone().expect("a generated pre-shared key");
    assert_eq!(psk.len(), 16);
    let shown = format!("{listed:?} {server:?}");
    assert!(!shown.contains(&psk), "the key leaks in {shown}");
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn create_ipsec_server_refuses_what_the_service_refuses() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let plain = env.seed_gateway();
    assert_service_error!(
        env.client
            .create_ipsec_server()
            .vpn_gateway_id(&plain)
            .client_ip_pool("10.8.0.0/24")
            .local_subnet("192.168.0.0/24")
            .psk_enabled(true)
            .send()
            .await,
        CreateIpsecServerError::VpnGatewaySslVpnDisabled,
        "VpnGateway.SslVpnDisabled",
        400
    );
    assert_service_error!(
        env.client
            .create_ipsec_server()
            .vpn_gateway_id("vpn-doesnotexist000000000")
            .client_ip_pool("10.8.0.0/24")
            .local_subnet("192.168.0.0/24")
            .psk_enabled(true)
            .send()
            .await,
        CreateIpsecServerError::InvalidVpnGatewayInstanceIdNotFound,
        "InvalidVpnGatewayInstanceId.NotFound",
        404
    );
    let gateway = env.seed_ssl_gateway();
    // The pool overlaps the local blocks; a local block that is no CIDR block.
    assert_service_error!(
        env.client
            .create_ipsec_server()
            .vpn_gateway_id(&gateway)
            .client_ip_pool("192.168.0.128/25")
            .local_subnet("10.0.0.0/8,192.168.0.0/24")
            .psk_enabled(true)
            .send()
            .await,
        CreateIpsecServerError::IllegalParamClientIpPool,
        "IllegalParam.ClientIpPool",
        400
    );
    assert_service_error!(
        env.client
            .create_ipsec_server()
            .vpn_gateway_id(&gateway)
            .client_ip_pool("10.8.0.0/24")
            .local_subnet("192.168.0.0/24,192.168.1")
            .psk_enabled(true)
            .send()
            .await,
        CreateIpsecServerError::IllegalParamLocalSubnet,
        "IllegalParam.LocalSubnet",
        400
    );
    // A dry run passes every check and creates nothing.
    assert_dry_run(
        env.client
            .create_ipsec_server()
            .vpn_gateway_id(&gateway)
            .client_ip_pool("10.8.0.0/24")
            .local_subnet("192.168.0.0/24")
            .psk_enabled(true)
            .dry_run(true)
            .send()
            .await,
    );
    let none = env.client.list_ipsec_servers().send().await.unwrap();
    assert_eq!(none.total_count, Some(0), "the dry run created nothing");
    // One IPsec server per gateway.
    create_server(&env, &gateway).await;
    assert_service_error!(
        env.client
            .create_ipsec_server()
            .vpn_gateway_id(&gateway)
            .client_ip_pool("10.9.0.0/24")
            .local_subnet("192.168.0.0/24")
            .psk_enabled(true)
            .send()
            .await,
        CreateIpsecServerError::OperationFailedIPsecServerExist,
        "OperationFailed.IPsecServerExist",
        400
    );
    // A gateway still applying a change.
    let busy = env.seed_ssl_gateway();
    env.set_gateway_status(&busy, Some("updating"));
    assert_service_error!(
        env.client
            .create_ipsec_server()
            .vpn_gateway_id(&busy)
            .client_ip_pool("10.8.0.0/24")
            .local_subnet("192.168.0.0/24")
            .psk_enabled(true)
            .send()
            .await,
        CreateIpsecServerError::VpnGatewayConfiguring,
        "VpnGateway.Configuring",
        400
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn update_ipsec_server_changes_only_what_it_is_given() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let gateway = env.seed_ssl_gateway();
    let id = create_server(&env, &gateway).await;
    let before = env
        .client
        .list_ipsec_servers()
        .ipsec_server_id(&id)
        .send()
        .await
        .unwrap()
        .ipsec_servers
        .remove(0);

    let updated = env
        .client
        .update_ipsec_server()
        .ipsec_server_id(&id)
        .ipsec_server_name("renamed")
        .client_ip_pool("10.9.0.0/24")
        .psk("a-new-key-0123")
        .ipsec_config(
            IpsecServerIpsecConfig::builder()
                .ipsec_pfs(VpnPfsGroup::Disabled)
                .build(),
        )
        .send()
        .await
        .expect("UpdateIpsecServer succeeds");
    assert_request_id(Some(&updated.request_id));

    let after = env
        .client
        .list_ipsec_servers()
        .ipsec_server_id(&id)
        .send()
        .await
        .unwrap()
        .ipsec_servers
        .remove(0);
    assert_eq!(after.ipsec_server_name.as_deref(), Some("renamed"));
    assert_eq!(after.client_ip_pool.as_deref(), Some("10.9.0.0/24"));
    assert_eq!(after.local_subnet, before.local_subnet, "untouched");
    assert_eq!(after.psk.as_deref(), Some("a-new-key-0123"));
    let ipsec = after.ipsec_config.unwrap();
    assert_eq!(ipsec.ipsec_pfs, Some(VpnPfsGroup::Disabled));
    assert_eq!(
        ipsec.ipsec_lifetime,
        before.ipsec_config.unwrap().ipsec_lifetime,
        "the other keys stay"
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn update_ipsec_server_documented_errors() {
    let env = TestEnv::start(Wire::V3_GET).await;
    assert_service_error!(
        env.client
            .update_ipsec_server()
            .ipsec_server_id("iss-doesnotexist000000000")
            .ipsec_server_name("x")
            .send()
            .await,
        UpdateIpsecServerError::InvalidIpsecServerIdNotFound,
        "InvalidIpsecServerId.NotFound",
        404
    );
    let gateway = env.seed_ssl_gateway();
    let id = create_server(&env, &gateway).await;
    assert_service_error!(
        env.client
            .update_ipsec_server()
            .ipsec_server_id(&id)
            .client_ip_pool("192.168.0.0/16")
            .send()
            .await,
        UpdateIpsecServerError::IllegalParamClientIpPool,
        "IllegalParam.ClientIpPool",
        400
    );
    assert_dry_run(
        env.client
            .update_ipsec_server()
            .ipsec_server_id(&id)
            .ipsec_server_name("dry")
            .dry_run(true)
            .send()
            .await,
    );
    let server = env
        .client
        .list_ipsec_servers()
        .ipsec_server_id(&id)
        .send()
        .await
        .unwrap()
        .ipsec_servers
        .remove(0);
    assert_eq!(server.client_ip_pool.as_deref(), Some("10.8.0.0/24"));
    assert_ne!(server.ipsec_server_name.as_deref(), Some("dry"));
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn delete_ipsec_server_removes_it_once() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let gateway = env.seed_ssl_gateway();
    let id = create_server(&env, &gateway).await;
    assert_dry_run(
        env.client
            .delete_ipsec_server()
            .ipsec_server_id(&id)
            .dry_run(true)
            .send()
            .await,
    );
    let deleted = env
        .client
        .delete_ipsec_server()
        .ipsec_server_id(&id)
        .send()
        .await
        .expect("DeleteIpsecServer succeeds");
    assert_request_id(Some(&deleted.request_id));
    let left = env.client.list_ipsec_servers().send().await.unwrap();
    assert_eq!(left.total_count, Some(0));
    assert_service_error!(
        env.client
            .delete_ipsec_server()
            .ipsec_server_id(&id)
            .send()
            .await,
        DeleteIpsecServerError::InvalidIpsecServerIdNotFound,
        "InvalidIpsecServerId.NotFound",
        404
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn list_ipsec_servers_pages_by_token_and_refuses_a_foreign_token() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let mut created = Vec::new();
    for _ in 0..23 {
        let gateway = env.seed_ssl_gateway();
        created.push(create_server(&env, &gateway).await);
    }

    let pages = env
        .client
        .list_ipsec_servers()
        .into_paginator()
        .page_size(10)
        .send()
        .try_collect()
        .await
        .expect("every page");
    let sizes: Vec<usize> = pages.iter().map(|p| p.ipsec_servers.len()).collect();
    assert_eq!(sizes, [10, 10, 3]);
    assert!(pages.iter().all(|p| p.total_count == Some(23)));
    assert_eq!(pages[2].next_token.as_deref().unwrap_or(""), "", "the end");
    let listed: Vec<String> = pages
        .iter()
        .flat_map(|p| &p.ipsec_servers)
        .map(|s| s.ipsec_server_id.clone().unwrap())
        .collect();
    assert_eq!(listed, created, "every server once, in creation order");

    // Each later request carried the token of the answer before; the first none.
    let sent: Vec<Option<String>> = env
        .journal_for("ListIpsecServers")
        .iter()
        .map(|e| e.params.get("NextToken").cloned())
        .collect();
    assert_eq!(sent.len(), 3);
    assert_eq!(sent[0], None);
    assert_eq!(sent[1], pages[0].next_token);
    assert_eq!(sent[2], pages[1].next_token);

    // The item stream, with a filter; the default page size is the spec's.
    let one_gateway = env
        .client
        .list_ipsec_servers()
        .ipsec_server_id(&created[4])
        .ipsec_server_id(&created[20])
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(one_gateway.len(), 2);

    let err = assert_service_error!(
        env.client
            .list_ipsec_servers()
            .next_token("caeba0bbb2be03f84eb48b699f0a0000")
            .send()
            .await,
        ListIpsecServersError::Unhandled,
        "InvalidParameter",
        400
    );
    assert!(err.to_string().contains("NextToken"), "{err}");
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn list_ipsec_server_logs_synthesises_the_range_deterministically() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let gateway = env.seed_ssl_gateway();
    let id = create_server(&env, &gateway).await;

    let lines = env
        .client
        .list_ipsec_server_logs()
        .ipsec_server_id(&id)
        .from(FROM)
        .to(TO)
        .into_paginator()
        .page_size(50)
        .items()
        .try_collect()
        .await
        .expect("every log line");
    // One line every 20 seconds, both ends included.
    assert_eq!(lines.len(), 31);
    assert!(
        lines[0].starts_with("2022-12-14 07:40:00 charon: "),
        "{}",
        lines[0]
    );
    assert!(lines.iter().all(|l| l.contains("charon: ")));
    // The same range answers the same lines; MinutePeriod from From is the same range.
    let again = env
        .client
        .list_ipsec_server_logs()
        .ipsec_server_id(&id)
        .from(FROM)
        .minute_period(10)
        .page_size(50)
        .send()
        .await
        .unwrap();
    assert_eq!(again.data, lines);
    assert_eq!(again.count, Some(31));
    assert_eq!(again.is_completed, Some(true));
    let first_page = env
        .client
        .list_ipsec_server_logs()
        .ipsec_server_id(&id)
        .from(FROM)
        .to(TO)
        .send()
        .await
        .unwrap();
    assert_eq!(
        (first_page.count, first_page.is_completed),
        (Some(10), Some(false))
    );

    assert_service_error!(
        env.client
            .list_ipsec_server_logs()
            .ipsec_server_id("iss-doesnotexist000000000")
            .minute_period(5)
            .send()
            .await,
        ListIpsecServerLogsError::InvalidIpsecServerIdNotFound,
        "InvalidIpsecServerId.NotFound",
        404
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn describe_ssl_vpn_clients_lists_one_client_per_live_certificate() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let (gateway, server) = env.gateway_with_ssl_server().await;
    let mut certs = Vec::new();
    for name in ["alice", "bob", "carol"] {
        certs.push(env.create_client_cert(&server, name).await);
    }

    let clients = env
        .client
        .describe_ssl_vpn_clients()
        .vpn_gateway_id(&gateway)
        .into_paginator()
        .page_size(2)
        .items()
        .try_collect()
        .await
        .expect("every client");
    let names: Vec<String> = clients
        .iter()
        .map(|c| c.common_name.clone().unwrap())
        .collect();
    let expected: Vec<String> = certs.iter().map(|c| format!("CN={c}")).collect();
    assert_eq!(names, expected);
    // Addresses from the server's pool (192.168.100.0/24), one per client.
    let private: Vec<&str> = clients
        .iter()
        .map(|c| c.private_ip.as_deref().unwrap())
        .collect();
    assert_eq!(private, ["192.168.100.2", "192.168.100.3", "192.168.100.4"]);
    assert!(
        clients
            .iter()
            .all(|c| c.status.as_deref() == Some("online"))
    );
    assert!(clients.iter().all(|c| c.connected_time.is_some()));

    let page = env
        .client
        .describe_ssl_vpn_clients()
        .vpn_gateway_id(&gateway)
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(3));
    assert_eq!(page.vpn_gateway_id.as_deref(), Some(gateway.as_str()));
    assert_eq!(page.client_info_list, clients, "the same answer every time");

    assert_service_error!(
        env.client
            .describe_ssl_vpn_clients()
            .vpn_gateway_id("vpn-doesnotexist000000000")
            .send()
            .await,
        DescribeSslVpnClientsError::InvalidVpnGatewayInstanceIdNotFound,
        "InvalidVpnGatewayInstanceId.NotFound",
        404
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn describe_ssl_vpn_client_cert_gives_the_key_material_and_config() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let (_, server) = env.gateway_with_ssl_server().await;
    let cert = env.create_client_cert(&server, "alice").await;

    let got = env
        .client
        .describe_ssl_vpn_client_cert()
        .ssl_vpn_client_cert_id(&cert)
        .send()
        .await
        .expect("DescribeSslVpnClientCert succeeds");
    assert_eq!(got.ssl_vpn_client_cert_id.as_deref(), Some(cert.as_str()));
    assert_eq!(got.ssl_vpn_server_id.as_deref(), Some(server.as_str()));
    assert_eq!(got.name.as_deref(), Some("alice"));
    assert_eq!(got.status, Some(SslVpnClientCertStatus::Normal));
    assert!(got.end_time > got.create_time);
    for pem in [&got.ca_cert, &got.client_cert] {
        assert!(
            pem.as_deref()
                .unwrap()
                .starts_with("-----BEGIN CERTIFICATE-----\n")
        );
    }
    let key = got.client_key.clone().expect("the client key");
    assert!(key.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
    let config = got.client_config.clone().expect("a client configuration");
    assert!(
        config.contains("remote ") && config.contains(" 1194"),
        "{config}"
    );
    assert!(config.contains(&format!("cert {cert}.crt")), "{config}");
    assert!(config.contains("cipher AES-128-CBC"), "{config}");
    // The private key never shows in Debug output.
    let shown = format!("{got:?}");
    let body = key.lines().nth(1).unwrap();
    assert!(!shown.contains(body), "the key leaks in {shown}");

    assert_service_error!(
        env.client
            .describe_ssl_vpn_client_cert()
            .ssl_vpn_client_cert_id("vsc-doesnotexist000000000")
            .send()
            .await,
        DescribeSslVpnClientCertError::InvalidSslVpnClientCertIdNotFound,
        "InvalidSslVpnClientCertId.NotFound",
        404
    );
    env.assert_all_sent_as_wire();
}

/// Waits, polling every 20 ms, until the gateway is `active` again.
async fn wait_active(env: &TestEnv, gateway: &str) {
    let gw = env
        .client
        .wait_until_vpn_gateway_active(gateway)
        .min_delay(Duration::from_millis(20))
        .max_delay(Duration::from_millis(40))
        .max_wait(Duration::from_secs(20))
        .await
        .expect("the gateway becomes active");
    assert_eq!(gw.status, Some(VpnGatewayStatus::Active));
}

async fn gateway_status(env: &TestEnv, gateway: &str) -> Option<VpnGatewayStatus> {
    env.client
        .describe_vpn_gateway()
        .vpn_gateway_id(gateway)
        .send()
        .await
        .unwrap()
        .status
}

#[tokio::test]
async fn an_ipsec_server_from_creation_to_deletion_with_its_logs() {
    let delay = Duration::from_millis(300);
    let env = TestEnv::with(emulator_builder().activation_delay(delay), Wire::V1_GET).await;
    let gateway = env
        .client
        .create_vpn_gateway()
        .vpc_id("vpc-e2eipsecserver0000000")
        .bandwidth(5)
        .enable_ssl(true)
        .send()
        .await
        .expect("CreateVpnGateway succeeds")
        .vpn_gateway_id
        .unwrap();
    wait_active(&env, &gateway).await;

    // Creating is asynchronous: the gateway is updating until the server is ready.
    let id = create_server(&env, &gateway).await;
    assert_eq!(
        gateway_status(&env, &gateway).await,
        Some(VpnGatewayStatus::Updating)
    );
    wait_active(&env, &gateway).await;

    let servers = env
        .client
        .list_ipsec_servers()
        .vpn_gateway_id(&gateway)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(servers.len(), 1);
    assert_eq!(servers[0].ipsec_server_id.as_deref(), Some(id.as_str()));
    assert_eq!(servers[0].max_connections, Some(5), "the gateway's quota");

    // A rename applies at once; a new pool takes the gateway through updating again.
    env.client
        .update_ipsec_server()
        .ipsec_server_id(&id)
        .ipsec_server_name("renamed")
        .send()
        .await
        .unwrap();
    assert_eq!(
        gateway_status(&env, &gateway).await,
        Some(VpnGatewayStatus::Active)
    );
    env.client
        .update_ipsec_server()
        .ipsec_server_id(&id)
        .client_ip_pool("10.9.0.0/24")
        .send()
        .await
        .unwrap();
    assert_eq!(
        gateway_status(&env, &gateway).await,
        Some(VpnGatewayStatus::Updating)
    );
    wait_active(&env, &gateway).await;

    let logs = env
        .client
        .list_ipsec_server_logs()
        .ipsec_server_id(&id)
        .from(FROM)
        .minute_period(2)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(logs.len(), 7, "two minutes of lines every 20 s");
    assert!(
        logs.iter().any(|l| l.contains("10.9.0.")),
        "the new pool: {logs:?}"
    );

    env.client
        .delete_ipsec_server()
        .ipsec_server_id(&id)
        .send()
        .await
        .unwrap();
    wait_active(&env, &gateway).await;
    let left = env
        .client
        .list_ipsec_servers()
        .vpn_gateway_id(&gateway)
        .send()
        .await
        .unwrap();
    assert!(left.ipsec_servers.is_empty());
    // Another wire on the same emulator sees the same state.
    let v3 = client_builder(&env.emu, Wire::V3_POST).build().unwrap();
    let seen = v3.list_ipsec_servers().send().await.unwrap();
    assert_eq!(seen.total_count, Some(0));
}
