//! A walk through every group: create, describe, modify, delete, with every success
//! answer checked against the spec's response members and JSON types.

use std::time::Duration;

use serde_json::Value;
use vpn_emulator::Emulator;

use crate::support::*;

async fn ok(emu: &Emulator, action: &str, params: &[(&str, &str)]) -> Value {
    let r = call(emu, action, params).await.ok();
    assert_conforms(action, &r.json);
    r.json
}

#[tokio::test]
async fn vpn_gateway_lifecycle_init_then_active() {
    let emu = Emulator::builder()
        .activation_delay(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let created = ok(
        &emu,
        "CreateVpnGateway",
        &[
            ("RegionId", REGION),
            ("VpcId", "vpc-a"),
            ("Bandwidth", "10"),
            ("Name", "gw1"),
            ("EnableSsl", "true"),
            ("SslConnections", "20"),
        ],
    )
    .await;
    let id = created["VpnGatewayId"].as_str().unwrap().to_string();
    assert!(id.starts_with("vpn-") && id.len() == 24, "{id}");
    assert_eq!(created["Name"], "gw1");
    assert!(created["OrderId"].is_i64());

    let one = ok(
        &emu,
        "DescribeVpnGateway",
        &[("RegionId", REGION), ("VpnGatewayId", &id)],
    )
    .await;
    assert_eq!(one["Status"], "init");
    assert_eq!(one["Spec"], "10M");
    assert_eq!(one["SslVpn"], "enable");
    assert_eq!(one["IpsecVpn"], "enable");
    assert_eq!(one["SslMaxConnections"], 20);
    assert_eq!(one["BusinessStatus"], "Normal");
    assert_eq!(one["Tags"], serde_json::json!({"Tag": []}));
    tokio::time::sleep(Duration::from_millis(350)).await;
    let one = ok(
        &emu,
        "DescribeVpnGateway",
        &[("RegionId", REGION), ("VpnGatewayId", &id)],
    )
    .await;
    assert_eq!(one["Status"], "active");

    let list = ok(
        &emu,
        "DescribeVpnGateways",
        &[("RegionId", REGION), ("Status", "active")],
    )
    .await;
    assert_eq!(list["TotalCount"], 1);
    assert_eq!(
        list["VpnGateways"]["VpnGateway"][0]["VpnGatewayId"],
        id.as_str()
    );
    let none = ok(
        &emu,
        "DescribeVpnGateways",
        &[("RegionId", REGION), ("VpcId", "vpc-other")],
    )
    .await;
    assert_eq!(none["TotalCount"], 0);
    assert_eq!(none["VpnGateways"]["VpnGateway"], serde_json::json!([]));
    // Regions are separate.
    let other = ok(&emu, "DescribeVpnGateways", &[("RegionId", "cn-beijing")]).await;
    assert_eq!(other["TotalCount"], 0);

    let modified = ok(
        &emu,
        "ModifyVpnGatewayAttribute",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &id),
            ("Name", "gw2"),
            ("Description", "the gateway"),
        ],
    )
    .await;
    assert_eq!(modified["Name"], "gw2");
    assert_eq!(modified["Description"], "the gateway");
    assert!(modified["IntranetIp"].is_string());

    ok(
        &emu,
        "DeleteVpnGateway",
        &[("RegionId", REGION), ("VpnGatewayId", &id)],
    )
    .await;
    call(
        &emu,
        "DescribeVpnGateway",
        &[("RegionId", REGION), ("VpnGatewayId", &id)],
    )
    .await
    .err(404, "InvalidVpnGatewayInstanceId.NotFound");
}

#[tokio::test]
async fn customer_gateway_walk() {
    let emu = emulator().await;
    let c = ok(
        &emu,
        "CreateCustomerGateway",
        &[
            ("RegionId", REGION),
            ("IpAddress", "139.196.32.1"),
            ("Name", "office"),
            ("Description", "Head office"),
        ],
    )
    .await;
    let id = c["CustomerGatewayId"].as_str().unwrap().to_string();
    assert!(id.starts_with("cgw-"));
    assert_eq!(c["IpAddress"], "139.196.32.1");
    let one = ok(
        &emu,
        "DescribeCustomerGateway",
        &[("RegionId", REGION), ("CustomerGatewayId", &id)],
    )
    .await;
    assert_eq!(one["Name"], "office");
    let m = ok(
        &emu,
        "ModifyCustomerGatewayAttribute",
        &[
            ("RegionId", REGION),
            ("CustomerGatewayId", &id),
            ("Name", "branch"),
        ],
    )
    .await;
    assert_eq!(m["Name"], "branch");
    assert_eq!(m["Description"], "Head office");
    let list = ok(
        &emu,
        "DescribeCustomerGateways",
        &[("RegionId", REGION), ("CustomerGatewayId", &id)],
    )
    .await;
    assert_eq!(
        list["CustomerGateways"]["CustomerGateway"][0]["Name"],
        "branch"
    );
    ok(
        &emu,
        "DeleteCustomerGateway",
        &[("RegionId", REGION), ("CustomerGatewayId", &id)],
    )
    .await;
    call(
        &emu,
        "DeleteCustomerGateway",
        &[("RegionId", REGION), ("CustomerGatewayId", &id)],
    )
    .await
    .err(404, "InvalidCustomerGatewayInstanceId.NotFound");
}

#[tokio::test]
async fn ipsec_connection_walk_with_defaults_psk_and_config_download() {
    let emu = emulator().await;
    let gw = create_gateway(&emu, &[]).await;
    let cgw = create_cgw(&emu, "203.0.113.9").await;
    let created = ok(
        &emu,
        "CreateVpnConnection",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &gw),
            ("CustomerGatewayId", &cgw),
            ("LocalSubnet", "10.0.0.0/24,10.0.1.0/24"),
            ("RemoteSubnet", "192.168.0.0/24"),
            ("Name", "tunnel-1"),
            (
                "IkeConfig",
                r#"{"IkeVersion":"ikev2","IkeLifetime":"3600"}"#,
            ),
            (
                "HealthCheckConfig",
                r#"{"enable":"true","dip":"192.168.0.1","sip":"10.0.0.1","interval":3,"retry":3}"#,
            ),
        ],
    )
    .await;
    let id = created["VpnConnectionId"].as_str().unwrap().to_string();
    assert!(id.starts_with("vco-"));
    assert_eq!(created["Name"], "tunnel-1");

    let one = ok(
        &emu,
        "DescribeVpnConnection",
        &[("RegionId", REGION), ("VpnConnectionId", &id)],
    )
    .await;
    let ike = &one["IkeConfig"];
    assert_eq!(ike["IkeVersion"], "ikev2");
    assert_eq!(ike["IkeLifetime"], 3600);
    assert_eq!(ike["IkeMode"], "main");
    assert_eq!(ike["IkeEncAlg"], "aes");
    assert_eq!(ike["IkeAuthAlg"], "md5");
    assert_eq!(ike["IkePfs"], "group2");
    assert_eq!(ike["RemoteId"], "203.0.113.9");
    let psk = ike["Psk"].as_str().unwrap();
    assert_eq!(psk.len(), 16);
    assert_eq!(one["IpsecConfig"]["IpsecLifetime"], 86400);
    assert_eq!(one["IpsecConfig"]["IpsecEncAlg"], "aes");
    assert_eq!(one["VcoHealthCheck"]["Dip"], "192.168.0.1");
    assert_eq!(one["VcoHealthCheck"]["Interval"], 3);
    assert_eq!(one["Status"], "ipsec_sa_established");
    assert_eq!(one["EffectImmediately"], false);

    // The journal never shows the pre-shared key.
    let modified = ok(
        &emu,
        "ModifyVpnConnectionAttribute",
        &[
            ("RegionId", REGION),
            ("VpnConnectionId", &id),
            ("IkeConfig", r#"{"Psk":"s3cret-psk","IkeAuthAlg":"sha1"}"#),
            ("IpsecConfig", r#"{"IpsecPfs":"group14"}"#),
            ("EffectImmediately", "true"),
            ("RemoteSubnet", "192.168.0.0/24,192.168.9.0/24"),
        ],
    )
    .await;
    assert_eq!(modified["IkeConfig"]["Psk"], "s3cret-psk");
    assert_eq!(modified["IkeConfig"]["IkeAuthAlg"], "sha1");
    assert_eq!(
        modified["IkeConfig"]["IkeVersion"], "ikev2",
        "omitted keys stay"
    );
    assert_eq!(modified["IpsecConfig"]["IpsecPfs"], "group14");
    assert_eq!(modified["EffectImmediately"], true);
    let entry = emu
        .journal()
        .into_iter()
        .find(|e| e.action.as_deref() == Some("ModifyVpnConnectionAttribute"))
        .unwrap();
    assert!(
        !entry.params["IkeConfig"].contains("s3cret"),
        "{}",
        entry.params["IkeConfig"]
    );
    assert!(entry.params["IkeConfig"].contains("***"));
    assert_eq!(entry.params["Signature"], "***");

    let cfg = ok(
        &emu,
        "DownloadVpnConnectionConfig",
        &[("RegionId", REGION), ("VpnConnectionId", &id)],
    )
    .await;
    let c = &cfg["VpnConnectionConfig"];
    assert_eq!(c["Remote"], "203.0.113.9");
    assert_eq!(c["RemoteSubnet"], "192.168.0.0/24,192.168.9.0/24");
    assert_eq!(c["IkeConfig"]["Psk"], "s3cret-psk");

    let list = ok(
        &emu,
        "DescribeVpnConnections",
        &[("RegionId", REGION), ("VpnGatewayId", &gw)],
    )
    .await;
    assert_eq!(list["TotalCount"], 1);
    assert_eq!(
        list["VpnConnections"]["VpnConnection"][0]["VpnConnectionId"],
        id.as_str()
    );
    ok(
        &emu,
        "DeleteVpnConnection",
        &[("RegionId", REGION), ("VpnConnectionId", &id)],
    )
    .await;
    let list = ok(&emu, "DescribeVpnConnections", &[("RegionId", REGION)]).await;
    assert_eq!(list["TotalCount"], 0);
    // Now the gateway can go.
    ok(
        &emu,
        "DeleteVpnGateway",
        &[("RegionId", REGION), ("VpnGatewayId", &gw)],
    )
    .await;
}

#[tokio::test]
async fn route_walk_destination_and_policy_based() {
    let emu = emulator().await;
    let gw = create_gateway(&emu, &[]).await;
    let cgw = create_cgw(&emu, "203.0.113.10").await;
    let conn = create_connection(&emu, &gw, &cgw).await;

    let r = ok(
        &emu,
        "CreateVpnRouteEntry",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &gw),
            ("RouteDest", "10.1.0.0/16"),
            ("NextHop", &conn),
            ("Weight", "0"),
            ("PublishVpc", "false"),
        ],
    )
    .await;
    assert_eq!(r["State"], "normal");
    assert_eq!(r["OverlayMode"], "Ipsec");
    assert_eq!(r["VpnInstanceId"], gw.as_str());
    ok(
        &emu,
        "PublishVpnRouteEntry",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &gw),
            ("RouteDest", "10.1.0.0/16"),
            ("NextHop", &conn),
            ("RouteType", "dbr"),
            ("PublishVpc", "true"),
        ],
    )
    .await;
    ok(
        &emu,
        "ModifyVpnRouteEntryWeight",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &gw),
            ("RouteDest", "10.1.0.0/16"),
            ("NextHop", &conn),
            ("Weight", "0"),
            ("NewWeight", "100"),
        ],
    )
    .await;
    let list = ok(
        &emu,
        "DescribeVpnRouteEntries",
        &[("RegionId", REGION), ("VpnGatewayId", &gw)],
    )
    .await;
    let e = &list["VpnRouteEntries"]["VpnRouteEntry"][0];
    assert_eq!(e["State"], "published");
    assert_eq!(e["Weight"], 100);

    let p = ok(
        &emu,
        "CreateVpnPbrRouteEntry",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &gw),
            ("RouteSource", "192.168.1.0/24"),
            ("RouteDest", "10.2.0.0/16"),
            ("NextHop", &conn),
            ("Weight", "100"),
            ("PublishVpc", "true"),
        ],
    )
    .await;
    assert_eq!(p["RouteSource"], "192.168.1.0/24");
    assert_eq!(p["State"], "published");
    ok(
        &emu,
        "ModifyVpnPbrRouteEntryWeight",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &gw),
            ("RouteSource", "192.168.1.0/24"),
            ("RouteDest", "10.2.0.0/16"),
            ("NextHop", &conn),
            ("Weight", "100"),
            ("NewWeight", "0"),
        ],
    )
    .await;
    let list = ok(
        &emu,
        "DescribeVpnPbrRouteEntries",
        &[("RegionId", REGION), ("VpnGatewayId", &gw)],
    )
    .await;
    assert_eq!(list["TotalCount"], 1);
    assert_eq!(
        list["VpnPbrRouteEntries"]["VpnPbrRouteEntry"][0]["Weight"],
        0
    );
    ok(
        &emu,
        "DeleteVpnPbrRouteEntry",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &gw),
            ("RouteSource", "192.168.1.0/24"),
            ("RouteDest", "10.2.0.0/16"),
            ("NextHop", &conn),
            ("Weight", "0"),
        ],
    )
    .await;
    ok(
        &emu,
        "DeleteVpnRouteEntry",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &gw),
            ("RouteDest", "10.1.0.0/16"),
            ("NextHop", &conn),
            ("Weight", "100"),
        ],
    )
    .await;
    let list = ok(
        &emu,
        "DescribeVpnRouteEntries",
        &[("RegionId", REGION), ("VpnGatewayId", &gw)],
    )
    .await;
    assert_eq!(list["TotalCount"], 0);
}

#[tokio::test]
async fn ssl_vpn_walk_server_certs_and_logs() {
    let emu = emulator().await;
    let gw = create_gateway(&emu, &[("EnableSsl", "true")]).await;
    let s = ok(
        &emu,
        "CreateSslVpnServer",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &gw),
            ("ClientIpPool", "10.8.0.0/16"),
            ("LocalSubnet", "172.16.0.0/16"),
            ("Name", "ssl1"),
        ],
    )
    .await;
    let vss = s["SslVpnServerId"].as_str().unwrap().to_string();
    assert!(vss.starts_with("vss-"));
    let list = ok(
        &emu,
        "DescribeSslVpnServers",
        &[("RegionId", REGION), ("VpnGatewayId", &gw)],
    )
    .await;
    let server = &list["SslVpnServers"]["SslVpnServer"][0];
    assert_eq!(server["Proto"], "UDP");
    assert_eq!(server["Port"], 1194);
    assert_eq!(server["Cipher"], "AES-128-CBC");
    assert_eq!(server["Compress"], false);
    assert_eq!(server["MaxConnections"], 5);
    assert_eq!(server["RegionId"], REGION);
    let m = ok(
        &emu,
        "ModifySslVpnServer",
        &[
            ("RegionId", REGION),
            ("SslVpnServerId", &vss),
            ("Port", "1195"),
            ("Proto", "TCP"),
            ("Compress", "true"),
            ("Cipher", "AES-256-CBC"),
        ],
    )
    .await;
    assert_eq!(m["Port"], 1195);
    assert_eq!(m["Proto"], "TCP");
    assert_eq!(m["Name"], "ssl1");
    call(
        &emu,
        "ModifySslVpnServer",
        &[
            ("RegionId", REGION),
            ("SslVpnServerId", &vss),
            ("ClientIpPool", "172.16.4.0/24"),
        ],
    )
    .await
    .err(400, "IllegalParam.ClientIpPool");

    let cert = ok(
        &emu,
        "CreateSslVpnClientCert",
        &[
            ("RegionId", REGION),
            ("SslVpnServerId", &vss),
            ("Name", "alice"),
        ],
    )
    .await;
    let vsc = cert["SslVpnClientCertId"].as_str().unwrap().to_string();
    assert!(vsc.starts_with("vsc-"));
    let renamed = ok(
        &emu,
        "ModifySslVpnClientCert",
        &[
            ("RegionId", REGION),
            ("SslVpnClientCertId", &vsc),
            ("Name", "alice2"),
        ],
    )
    .await;
    assert_eq!(renamed["Name"], "alice2");
    let certs = ok(
        &emu,
        "DescribeSslVpnClientCerts",
        &[("RegionId", REGION), ("SslVpnServerId", &vss)],
    )
    .await;
    let c = &certs["SslVpnClientCertKeys"]["SslVpnClientCertKey"][0];
    assert_eq!(c["Status"], "normal");
    assert_eq!(c["Name"], "alice2");
    assert!(c["EndTime"].as_i64().unwrap() > c["CreateTime"].as_i64().unwrap());

    let logs = ok(
        &emu,
        "DescribeVpnSslServerLogs",
        &[
            ("RegionId", REGION),
            ("VpnSslServerId", &vss),
            ("PageSize", "10"),
        ],
    )
    .await;
    assert_eq!(logs["Count"], 10);
    assert_eq!(logs["IsCompleted"], false);
    assert!(logs["Data"]["Logs"][0].as_str().unwrap().contains(&vss));
    let last = ok(
        &emu,
        "DescribeVpnSslServerLogs",
        &[
            ("RegionId", REGION),
            ("VpnSslServerId", &vss),
            ("PageSize", "10"),
            ("PageNumber", "3"),
        ],
    )
    .await;
    assert_eq!(last["Count"], 5);
    assert_eq!(last["IsCompleted"], true);

    ok(
        &emu,
        "DeleteSslVpnClientCert",
        &[("RegionId", REGION), ("SslVpnClientCertId", &vsc)],
    )
    .await;
    ok(
        &emu,
        "DeleteSslVpnServer",
        &[("RegionId", REGION), ("SslVpnServerId", &vss)],
    )
    .await;
    let list = ok(&emu, "DescribeSslVpnServers", &[("RegionId", REGION)]).await;
    assert_eq!(list["TotalCount"], 0);
    ok(
        &emu,
        "DeleteVpnGateway",
        &[("RegionId", REGION), ("VpnGatewayId", &gw)],
    )
    .await;
}

#[tokio::test]
async fn seeded_resources_are_visible_through_the_api() {
    let emu = emulator().await;
    let gw =
        emu.seed_vpn_gateway(vpn_emulator::VpnGatewaySeed::active("ap-southeast-1").with_ssl());
    let cgw = emu.seed_customer_gateway("ap-southeast-1", "198.51.100.1");
    let one = ok(
        &emu,
        "DescribeVpnGateway",
        &[("RegionId", "ap-southeast-1"), ("VpnGatewayId", &gw)],
    )
    .await;
    assert_eq!(one["Status"], "active");
    assert_eq!(one["SslVpn"], "enable");
    let c = ok(
        &emu,
        "DescribeCustomerGateway",
        &[("RegionId", "ap-southeast-1"), ("CustomerGatewayId", &cgw)],
    )
    .await;
    assert_eq!(c["IpAddress"], "198.51.100.1");
    emu.reset();
    call(
        &emu,
        "DescribeVpnGateway",
        &[("RegionId", "ap-southeast-1"), ("VpnGatewayId", &gw)],
    )
    .await
    .err(404, "InvalidVpnGatewayInstanceId.NotFound");
}
