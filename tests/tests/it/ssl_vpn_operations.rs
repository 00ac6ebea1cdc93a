//! SSL-VPN operations end to end: CreateSslVpnServer, ModifySslVpnServer,
//! DescribeSslVpnServers, DeleteSslVpnServer, CreateSslVpnClientCert,
//! ModifySslVpnClientCert, DescribeSslVpnClientCerts, DeleteSslVpnClientCert,
//! DescribeVpnSslServerLogs. Each has a success path and a documented error path; the
//! tests rotate through the four wire combinations.

use e2e::alibabacloud_vpn::operation::create_ssl_vpn_client_cert::CreateSslVpnClientCertError;
use e2e::alibabacloud_vpn::operation::create_ssl_vpn_server::CreateSslVpnServerError;
use e2e::alibabacloud_vpn::operation::delete_ssl_vpn_client_cert::DeleteSslVpnClientCertError;
use e2e::alibabacloud_vpn::operation::delete_ssl_vpn_server::DeleteSslVpnServerError;
use e2e::alibabacloud_vpn::operation::describe_ssl_vpn_client_certs::DescribeSslVpnClientCertsError;
use e2e::alibabacloud_vpn::operation::describe_ssl_vpn_servers::DescribeSslVpnServersError;
use e2e::alibabacloud_vpn::operation::describe_vpn_ssl_server_logs::DescribeVpnSslServerLogsError;
use e2e::alibabacloud_vpn::operation::modify_ssl_vpn_client_cert::ModifySslVpnClientCertError;
use e2e::alibabacloud_vpn::operation::modify_ssl_vpn_server::ModifySslVpnServerError;
use e2e::alibabacloud_vpn::time::EpochMillis;
use e2e::alibabacloud_vpn::types::{SslVpnCipher, SslVpnClientCertStatus, SslVpnProto};
use e2e::vpn_emulator::{FaultRule, Quotas};
use e2e::{
    REGION, TestEnv, Wire, assert_request_id, assert_resource_id, assert_service_error,
    emulator_builder,
};

#[tokio::test]
async fn create_ssl_vpn_server_applies_the_documented_defaults() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let gateway = env.seed_ssl_gateway();

    let created = env
        .client
        .create_ssl_vpn_server()
        .vpn_gateway_id(&gateway)
        .client_ip_pool("192.168.100.0/24")
        .local_subnet("10.0.0.0/8,172.16.0.0/16")
        .name("remote-staff")
        .send()
        .await
        .expect("CreateSslVpnServer succeeds");

    let id = assert_resource_id(created.ssl_vpn_server_id.as_deref(), "vss-");
    assert_eq!(created.name.as_deref(), Some("remote-staff"));

    let listed = env
        .client
        .describe_ssl_vpn_servers()
        .ssl_vpn_server_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.total_count, Some(1));
    let server = &listed.ssl_vpn_servers[0];
    assert_eq!(server.vpn_gateway_id.as_deref(), Some(gateway.as_str()));
    assert_eq!(server.client_ip_pool.as_deref(), Some("192.168.100.0/24"));
    assert_eq!(
        server.local_subnet.as_deref(),
        Some("10.0.0.0/8,172.16.0.0/16")
    );
    assert_eq!(server.proto, Some(SslVpnProto::Udp));
    assert_eq!(server.port, Some(1194));
    assert_eq!(server.cipher, Some(SslVpnCipher::Aes128Cbc));
    assert_eq!(server.compress, Some(false));
    assert_eq!(server.region_id.as_deref(), Some(REGION));
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn create_ssl_vpn_server_on_an_unknown_gateway_is_not_found() {
    let env = TestEnv::start(Wire::V1_GET).await;

    assert_service_error!(
        env.client
            .create_ssl_vpn_server()
            .vpn_gateway_id("vpn-doesnotexist000000000")
            .client_ip_pool("192.168.100.0/24")
            .local_subnet("10.0.0.0/8")
            .send()
            .await,
        CreateSslVpnServerError::InvalidVpnGatewayInstanceIdNotFound,
        "InvalidVpnGatewayInstanceId.NotFound",
        404
    );
}

#[tokio::test]
async fn create_ssl_vpn_server_twice_on_one_gateway_is_resource_quota_full() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let (gateway, _) = env.gateway_with_ssl_server().await;

    assert_service_error!(
        env.client
            .create_ssl_vpn_server()
            .vpn_gateway_id(&gateway)
            .client_ip_pool("192.168.200.0/24")
            .local_subnet("10.0.0.0/8")
            .send()
            .await,
        CreateSslVpnServerError::ResourceQuotaFull,
        "Resource.QuotaFull",
        400
    );
}

#[tokio::test]
async fn modify_ssl_vpn_server_replaces_sent_settings_and_keeps_the_others() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let (_, id) = env.gateway_with_ssl_server().await;

    let out = env
        .client
        .modify_ssl_vpn_server()
        .ssl_vpn_server_id(&id)
        .proto(SslVpnProto::Tcp)
        .port(1443)
        .cipher(SslVpnCipher::Aes256Cbc)
        .compress(true)
        .send()
        .await
        .expect("ModifySslVpnServer succeeds");

    assert_eq!(out.ssl_vpn_server_id.as_deref(), Some(id.as_str()));
    assert_eq!(out.proto, Some(SslVpnProto::Tcp));
    assert_eq!(out.port, Some(1443));
    assert_eq!(out.cipher, Some(SslVpnCipher::Aes256Cbc));
    assert_eq!(out.compress, Some(true));
    assert_eq!(out.client_ip_pool.as_deref(), Some("192.168.100.0/24"));
    assert_eq!(out.max_connections, Some(5));

    let server = &env
        .client
        .describe_ssl_vpn_servers()
        .ssl_vpn_server_id(&id)
        .send()
        .await
        .unwrap()
        .ssl_vpn_servers[0];
    assert_eq!(server.port, Some(1443));
    assert_eq!(server.proto, Some(SslVpnProto::Tcp));
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn modify_ssl_vpn_server_while_the_gateway_is_updating_is_configuring() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let (gateway, id) = env.gateway_with_ssl_server().await;
    env.set_gateway_status(&gateway, Some("updating"));

    assert_service_error!(
        env.client
            .modify_ssl_vpn_server()
            .ssl_vpn_server_id(&id)
            .port(1443)
            .send()
            .await,
        ModifySslVpnServerError::VpnGatewayConfiguring,
        "VpnGateway.Configuring",
        400
    );
}

#[tokio::test]
async fn describe_ssl_vpn_servers_filters_by_vpn_gateway() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let (gateway, id) = env.gateway_with_ssl_server().await;
    env.gateway_with_ssl_server().await;

    let out = env
        .client
        .describe_ssl_vpn_servers()
        .vpn_gateway_id(&gateway)
        .send()
        .await
        .expect("DescribeSslVpnServers succeeds");

    assert_eq!(out.total_count, Some(1));
    assert_eq!(
        out.ssl_vpn_servers[0].ssl_vpn_server_id.as_deref(),
        Some(id.as_str())
    );
    assert!(out.ssl_vpn_servers[0].internet_ip.is_some());
    let all = env.client.describe_ssl_vpn_servers().send().await.unwrap();
    assert_eq!(all.total_count, Some(2));
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn describe_ssl_vpn_servers_refused_by_policy_is_forbidden() {
    let env = TestEnv::start(Wire::V1_POST).await;
    env.emu
        .add_fault(FaultRule::error("DescribeSslVpnServers", "Forbidden").times(1));

    assert_service_error!(
        env.client.describe_ssl_vpn_servers().send().await,
        DescribeSslVpnServersError::Forbidden,
        "Forbidden",
        403
    );
}

#[tokio::test]
async fn delete_ssl_vpn_server_removes_it() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let (_, id) = env.gateway_with_ssl_server().await;

    let out = env
        .client
        .delete_ssl_vpn_server()
        .ssl_vpn_server_id(&id)
        .send()
        .await
        .expect("DeleteSslVpnServer succeeds");
    assert_request_id(Some(out.request_id.as_str()));

    let listed = env.client.describe_ssl_vpn_servers().send().await.unwrap();
    assert_eq!(listed.total_count, Some(0));
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn delete_ssl_vpn_server_while_the_gateway_is_updating_is_configuring() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let (gateway, id) = env.gateway_with_ssl_server().await;
    env.set_gateway_status(&gateway, Some("updating"));

    assert_service_error!(
        env.client
            .delete_ssl_vpn_server()
            .ssl_vpn_server_id(&id)
            .send()
            .await,
        DeleteSslVpnServerError::VpnGatewayConfiguring,
        "VpnGateway.Configuring",
        400
    );
    env.set_gateway_status(&gateway, None);
    let listed = env.client.describe_ssl_vpn_servers().send().await.unwrap();
    assert_eq!(listed.total_count, Some(1), "the server is still there");
}

#[tokio::test]
async fn create_ssl_vpn_client_cert_makes_a_normal_certificate_valid_three_years() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let (_, server) = env.gateway_with_ssl_server().await;

    let created = env
        .client
        .create_ssl_vpn_client_cert()
        .ssl_vpn_server_id(&server)
        .name("alice-laptop")
        .send()
        .await
        .expect("CreateSslVpnClientCert succeeds");

    let id = assert_resource_id(created.ssl_vpn_client_cert_id.as_deref(), "vsc-");
    assert_eq!(created.name.as_deref(), Some("alice-laptop"));
    let cert = &env
        .client
        .describe_ssl_vpn_client_certs()
        .ssl_vpn_client_cert_id(&id)
        .send()
        .await
        .unwrap()
        .ssl_vpn_client_cert_keys[0];
    assert_eq!(cert.ssl_vpn_server_id.as_deref(), Some(server.as_str()));
    assert_eq!(cert.status, Some(SslVpnClientCertStatus::Normal));
    let start = cert.create_time.unwrap().as_millis();
    let end = cert.end_time.unwrap().as_millis();
    assert_eq!(end - start, 3 * 365 * 24 * 3600 * 1000);
    assert!((start - EpochMillis::now().as_millis()).abs() < 60_000);
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn create_ssl_vpn_client_cert_beyond_the_server_quota_is_resource_quota_full() {
    let quotas = Quotas {
        client_certs_per_server: 1,
        ..Quotas::default()
    };
    let env = TestEnv::with(emulator_builder().quotas(quotas), Wire::V1_POST).await;
    let (_, server) = env.gateway_with_ssl_server().await;
    env.create_client_cert(&server, "first-cert").await;

    assert_service_error!(
        env.client
            .create_ssl_vpn_client_cert()
            .ssl_vpn_server_id(&server)
            .name("second-cert")
            .send()
            .await,
        CreateSslVpnClientCertError::ResourceQuotaFull,
        "Resource.QuotaFull",
        400
    );
}

#[tokio::test]
async fn modify_ssl_vpn_client_cert_renames_it() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let (_, server) = env.gateway_with_ssl_server().await;
    let id = env.create_client_cert(&server, "old-name").await;

    let out = env
        .client
        .modify_ssl_vpn_client_cert()
        .ssl_vpn_client_cert_id(&id)
        .name("new-name")
        .send()
        .await
        .expect("ModifySslVpnClientCert succeeds");

    assert_eq!(out.ssl_vpn_client_cert_id.as_deref(), Some(id.as_str()));
    assert_eq!(out.name.as_deref(), Some("new-name"));
    let listed = env
        .client
        .describe_ssl_vpn_client_certs()
        .name("new-name")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.total_count, Some(1));
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn modify_ssl_vpn_client_cert_refused_for_a_sub_user_is_forbidden_sub_user() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let (_, server) = env.gateway_with_ssl_server().await;
    let id = env.create_client_cert(&server, "old-name").await;
    env.emu
        .add_fault(FaultRule::error("ModifySslVpnClientCert", "Forbidden.SubUser").times(1));

    assert_service_error!(
        env.client
            .modify_ssl_vpn_client_cert()
            .ssl_vpn_client_cert_id(&id)
            .name("new-name")
            .send()
            .await,
        ModifySslVpnClientCertError::ForbiddenSubUser,
        "Forbidden.SubUser",
        403
    );
}

#[tokio::test]
async fn modify_ssl_vpn_client_cert_of_an_unknown_id_is_an_unhandled_not_found() {
    // The operation documents no not-found code: `Unhandled`, code kept.
    let env = TestEnv::start(Wire::V1_GET).await;

    assert_service_error!(
        env.client
            .modify_ssl_vpn_client_cert()
            .ssl_vpn_client_cert_id("vsc-doesnotexist000000000")
            .name("new-name")
            .send()
            .await,
        ModifySslVpnClientCertError::Unhandled,
        "InvalidSslVpnClientCertId.NotFound",
        404
    );
}

#[tokio::test]
async fn describe_ssl_vpn_client_certs_lists_the_certificates_of_a_server() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let (_, server) = env.gateway_with_ssl_server().await;
    let (_, other_server) = env.gateway_with_ssl_server().await;
    let mine = [
        env.create_client_cert(&server, "cert-one").await,
        env.create_client_cert(&server, "cert-two").await,
    ];
    env.create_client_cert(&other_server, "cert-other").await;

    let out = env
        .client
        .describe_ssl_vpn_client_certs()
        .ssl_vpn_server_id(&server)
        .send()
        .await
        .expect("DescribeSslVpnClientCerts succeeds");

    assert_eq!(out.total_count, Some(2));
    let ids: Vec<String> = out
        .ssl_vpn_client_cert_keys
        .iter()
        .map(|c| c.ssl_vpn_client_cert_id.clone().unwrap())
        .collect();
    assert_eq!(ids, mine);
    assert!(
        out.ssl_vpn_client_cert_keys
            .iter()
            .all(|c| c.region_id.as_deref() == Some(REGION))
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn describe_ssl_vpn_client_certs_refused_by_policy_is_forbidden() {
    let env = TestEnv::start(Wire::V3_GET).await;
    env.emu
        .add_fault(FaultRule::error("DescribeSslVpnClientCerts", "Forbidden").times(1));

    assert_service_error!(
        env.client.describe_ssl_vpn_client_certs().send().await,
        DescribeSslVpnClientCertsError::Forbidden,
        "Forbidden",
        403
    );
}

#[tokio::test]
async fn delete_ssl_vpn_client_cert_removes_it_and_frees_the_server_for_deletion() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let (_, server) = env.gateway_with_ssl_server().await;
    let cert = env.create_client_cert(&server, "short-lived").await;

    env.client
        .delete_ssl_vpn_client_cert()
        .ssl_vpn_client_cert_id(&cert)
        .send()
        .await
        .expect("DeleteSslVpnClientCert succeeds");

    let listed = env
        .client
        .describe_ssl_vpn_client_certs()
        .ssl_vpn_server_id(&server)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.total_count, Some(0));
    env.client
        .delete_ssl_vpn_server()
        .ssl_vpn_server_id(&server)
        .send()
        .await
        .expect("a server without certificates can be deleted");
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn delete_ssl_vpn_client_cert_while_the_gateway_is_updating_is_configuring() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let (gateway, server) = env.gateway_with_ssl_server().await;
    let cert = env.create_client_cert(&server, "pinned").await;
    env.set_gateway_status(&gateway, Some("updating"));

    assert_service_error!(
        env.client
            .delete_ssl_vpn_client_cert()
            .ssl_vpn_client_cert_id(&cert)
            .send()
            .await,
        DeleteSslVpnClientCertError::VpnGatewayConfiguring,
        "VpnGateway.Configuring",
        400
    );
}

#[tokio::test]
async fn describe_vpn_ssl_server_logs_pages_through_every_line() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let (_, server) = env.gateway_with_ssl_server().await;
    env.create_client_cert(&server, "bob-phone").await;

    let first = env
        .client
        .describe_vpn_ssl_server_logs()
        .vpn_ssl_server_id(&server)
        .send()
        .await
        .expect("DescribeVpnSslServerLogs succeeds");
    assert_eq!(first.count, Some(10));
    assert_eq!(first.is_completed, Some(false));
    assert_eq!(first.data.as_ref().map(|d| d.logs.len()), Some(10));

    let pages = env
        .client
        .describe_vpn_ssl_server_logs()
        .vpn_ssl_server_id(&server)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .expect("every page arrives");
    let counts: Vec<Option<i32>> = pages.iter().map(|p| p.count).collect();
    assert_eq!(counts, [Some(10), Some(10), Some(5)]);
    assert_eq!(pages.last().unwrap().is_completed, Some(true));

    let lines = env
        .client
        .describe_vpn_ssl_server_logs()
        .vpn_ssl_server_id(&server)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(lines.len(), 25);
    assert!(lines.iter().all(|l| l.contains(&server)), "{lines:?}");
    assert!(
        lines.iter().any(|l| l.contains("CN=bob-phone")),
        "{lines:?}"
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn describe_vpn_ssl_server_logs_refused_by_policy_is_forbidden() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let (_, server) = env.gateway_with_ssl_server().await;
    env.emu
        .add_fault(FaultRule::error("DescribeVpnSslServerLogs", "Forbidden").times(1));

    assert_service_error!(
        env.client
            .describe_vpn_ssl_server_logs()
            .vpn_ssl_server_id(&server)
            .send()
            .await,
        DescribeVpnSslServerLogsError::Forbidden,
        "Forbidden",
        403
    );
}
