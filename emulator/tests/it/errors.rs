//! Every error code the emulator produces (signature codes are in `auth`, fault codes in
//! `faults`), with its HTTP status.

use std::time::Duration;

use vpn_emulator::{Emulator, Quotas, VpnGatewaySeed};

use crate::support::*;

#[tokio::test]
async fn unknown_action_is_invalid_action_not_found() {
    let emu = emulator().await;
    call(&emu, "DescribeEverything", &[])
        .await
        .err(400, "InvalidAction.NotFound");
}

#[tokio::test]
async fn other_http_methods_are_invalid_action_not_found() {
    let emu = emulator().await;
    let resp = http()
        .put(format!("{}/?Action=DescribeVpnGateways", emu.endpoint()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    assert!(
        resp.text()
            .await
            .unwrap()
            .contains("InvalidAction.NotFound")
    );
}

#[tokio::test]
async fn wrong_version_is_invalid_version() {
    let emu = emulator().await;
    let opts = V1 {
        version: "2014-05-26".into(),
        ..V1::new(&emu)
    };
    v1_call(&emu, &opts, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .err(400, "InvalidVersion");
}

#[tokio::test]
async fn missing_required_parameter_is_missing_parameter_naming_it() {
    let emu = emulator().await;
    let r = call(&emu, "DescribeVpnGateways", &[])
        .await
        .err(400, "MissingParameter");
    assert!(r.str("Message").contains("\"RegionId\""), "{}", r.json);
    let r = call(
        &emu,
        "CreateVpnGateway",
        &[("RegionId", REGION), ("VpcId", "vpc-1")],
    )
    .await
    .err(400, "MissingParameter");
    assert!(r.str("Message").contains("\"Bandwidth\""), "{}", r.json);
}

#[tokio::test]
async fn bad_values_are_invalid_parameter_naming_them() {
    let emu = emulator().await;
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
    let cases: &[Case<'_>] = &[
        ("DescribeVpnGateways", &[("PageSize", "51")], "PageSize"),
        ("DescribeVpnGateways", &[("PageSize", "ten")], "PageSize"),
        ("DescribeVpnGateways", &[("PageNumber", "0")], "PageNumber"),
        (
            "DescribeVpnGateways",
            &[("PageNumber", "99999999999999999999999")],
            "PageNumber",
        ),
        ("DescribeVpnGateways", &[("Status", "exploded")], "Status"),
        (
            "CreateVpnGateway",
            &[("VpcId", "vpc-1"), ("Bandwidth", "7")],
            "Bandwidth",
        ),
        (
            "CreateVpnGateway",
            &[
                ("VpcId", "vpc-1"),
                ("Bandwidth", "5"),
                ("EnableSsl", "maybe"),
            ],
            "EnableSsl",
        ),
        (
            "CreateVpnGateway",
            &[("VpcId", "vpc-1"), ("Bandwidth", "5"), ("Period", "10")],
            "Period",
        ),
        (
            "DeleteVpnGateway",
            &[("VpnGatewayId", "vpn-x"), ("ClientToken", &"x".repeat(65))],
            "ClientToken",
        ),
        (
            "DeleteVpnGateway",
            &[("VpnGatewayId", "vpn-x"), ("ClientToken", "tökén")],
            "ClientToken",
        ),
    ];
    for (action, params, name) in cases {
        let mut all = vec![("RegionId", REGION)];
        all.extend_from_slice(params);
        let r = call(&emu, action, &all).await;
        let r = r.err(400, "InvalidParameter");
        assert!(
            r.str("Message").contains(&format!("\"{name}\"")),
            "{action} {params:?}: {}",
            r.json
        );
    }
}

#[tokio::test]
async fn json_string_parameters_are_validated_inside() {
    let emu = emulator().await;
    let gw = create_gateway(&emu, &[]).await;
    let cgw = create_cgw(&emu, "1.1.1.1").await;
    for (name, value, path) in [
        ("IkeConfig", "{not json", "IkeConfig"),
        ("IkeConfig", "[1,2]", "IkeConfig"),
        (
            "IkeConfig",
            r#"{"IkeLifetime":86401}"#,
            "IkeConfig.IkeLifetime",
        ),
        (
            "IkeConfig",
            r#"{"IkeLifetime":"soon"}"#,
            "IkeConfig.IkeLifetime",
        ),
        (
            "IkeConfig",
            r#"{"IkeVersion":"ikev3"}"#,
            "IkeConfig.IkeVersion",
        ),
        ("IkeConfig", r#"{"Nonsense":1}"#, "IkeConfig"),
        (
            "IpsecConfig",
            r#"{"IpsecPfs":"group99"}"#,
            "IpsecConfig.IpsecPfs",
        ),
        ("IpsecConfig", r#"{"IpsecLifetime":1e400}"#, "IpsecConfig"),
    ] {
        let r = call(
            &emu,
            "CreateVpnConnection",
            &[
                ("RegionId", REGION),
                ("VpnGatewayId", &gw),
                ("CustomerGatewayId", &cgw),
                ("LocalSubnet", "10.0.0.0/24"),
                ("RemoteSubnet", "192.168.0.0/24"),
                (name, value),
            ],
        )
        .await
        .err(400, "InvalidParameter");
        assert!(
            r.str("Message").contains(&format!("\"{path}\"")),
            "{value}: {}",
            r.json
        );
    }
}

#[tokio::test]
async fn malformed_cidr_is_invalid_parameter() {
    let emu = emulator().await;
    let gw = create_gateway(&emu, &[]).await;
    let cgw = create_cgw(&emu, "1.1.1.2").await;
    let r = call(
        &emu,
        "CreateVpnConnection",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &gw),
            ("CustomerGatewayId", &cgw),
            ("LocalSubnet", "10.0.0.0/24,banana"),
            ("RemoteSubnet", "192.168.0.0/24"),
        ],
    )
    .await
    .err(400, "InvalidParameter");
    assert!(r.str("Message").contains("LocalSubnet"));
}

#[tokio::test]
async fn bad_names_and_descriptions_use_the_documented_codes() {
    let emu = emulator().await;
    let gw = create_gateway(&emu, &[]).await;
    for name in [
        "a",
        "1starts-with-digit",
        "http://x",
        "has space",
        &"n".repeat(129),
    ] {
        call(
            &emu,
            "ModifyVpnGatewayAttribute",
            &[("RegionId", REGION), ("VpnGatewayId", &gw), ("Name", name)],
        )
        .await
        .err(400, "InvalidName");
    }
    call(
        &emu,
        "ModifyVpnGatewayAttribute",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &gw),
            ("Description", "https://x"),
        ],
    )
    .await
    .err(400, "InvalidDescription");
    // Chinese names are fine.
    call(
        &emu,
        "ModifyVpnGatewayAttribute",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &gw),
            ("Name", "网关-1"),
        ],
    )
    .await
    .ok();
}

#[tokio::test]
async fn customer_gateway_ip_errors() {
    let emu = emulator().await;
    create_cgw(&emu, "8.8.8.8").await;
    call(
        &emu,
        "CreateCustomerGateway",
        &[("RegionId", REGION), ("IpAddress", "8.8.8.8")],
    )
    .await
    .err(400, "InvalidIpAddress.AlreadyExist");
    // Another region may reuse it.
    call(
        &emu,
        "CreateCustomerGateway",
        &[("RegionId", "cn-beijing"), ("IpAddress", "8.8.8.8")],
    )
    .await
    .ok();
    for bad in ["8.8.8", "256.1.1.1", "host.example", ""] {
        call(
            &emu,
            "CreateCustomerGateway",
            &[("RegionId", REGION), ("IpAddress", bad)],
        )
        .await
        .err(400, "InvalidIpAddress.WrongFormat");
    }
}

#[tokio::test]
async fn not_found_codes() {
    let emu = emulator().await;
    let r = |a: &'static str, k: &'static str| (a, k);
    for ((action, key), status, code) in [
        (
            r("DescribeVpnGateway", "VpnGatewayId"),
            404,
            "InvalidVpnGatewayInstanceId.NotFound",
        ),
        (
            r("DescribeCustomerGateway", "CustomerGatewayId"),
            404,
            "InvalidCustomerGatewayInstanceId.NotFound",
        ),
        (
            r("DescribeVpnConnection", "VpnConnectionId"),
            404,
            "InvalidVpnConnectionInstanceId.NotFound",
        ),
        (
            r("ModifySslVpnServer", "SslVpnServerId"),
            404,
            "InvalidSslVpnServerId.NotFound",
        ),
        (
            r("ModifySslVpnClientCert", "SslVpnClientCertId"),
            404,
            "InvalidSslVpnClientCertId.NotFound",
        ),
    ] {
        call(
            &emu,
            action,
            &[("RegionId", REGION), (key, "xxx-00000000000000000000")],
        )
        .await
        .err(status, code);
    }
}

#[tokio::test]
async fn gateway_state_codes() {
    let emu = Emulator::builder()
        .activation_delay(Duration::from_secs(3600))
        .start()
        .await
        .unwrap();
    let cgw = emu.seed_customer_gateway(REGION, "2.2.2.2");
    // A new gateway stays `init` for an hour: configuring.
    let gw = create_gateway(&emu, &[]).await;
    let conn_params = |gw: &str| {
        vec![
            ("RegionId".to_string(), REGION.to_string()),
            ("VpnGatewayId".into(), gw.to_string()),
            ("CustomerGatewayId".into(), cgw.clone()),
            ("LocalSubnet".into(), "10.0.0.0/24".into()),
            ("RemoteSubnet".into(), "192.168.0.0/24".into()),
        ]
    };
    let p = conn_params(&gw);
    let refs: Vec<(&str, &str)> = p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    call(&emu, "CreateVpnConnection", &refs)
        .await
        .err(400, "VpnGateway.Configuring");
    call(
        &emu,
        "DeleteVpnGateway",
        &[("RegionId", REGION), ("VpnGatewayId", &gw)],
    )
    .await
    .err(400, "VpnGateway.Configuring");
    // Seeded states.
    let locked =
        emu.seed_vpn_gateway(VpnGatewaySeed::active(REGION).business_status("FinancialLocked"));
    let p = conn_params(&locked);
    let refs: Vec<(&str, &str)> = p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    call(&emu, "CreateVpnConnection", &refs)
        .await
        .err(400, "VpnGateway.FinancialLocked");
    let updating = emu.seed_vpn_gateway(VpnGatewaySeed::active(REGION).status("updating"));
    let p = conn_params(&updating);
    let refs: Vec<(&str, &str)> = p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    call(&emu, "CreateVpnConnection", &refs)
        .await
        .err(400, "VpnGateway.Configuring");
    // Un-fix the status: active again after `set_vpn_gateway_status(.., Some("active"))`.
    assert!(emu.set_vpn_gateway_status(REGION, &updating, Some("active")));
    call(&emu, "CreateVpnConnection", &refs).await.ok();
}

#[tokio::test]
async fn connection_already_exists_for_the_same_gateway_pair() {
    let emu = emulator().await;
    let gw = create_gateway(&emu, &[]).await;
    let cgw = create_cgw(&emu, "3.3.3.3").await;
    create_connection(&emu, &gw, &cgw).await;
    call(
        &emu,
        "CreateVpnConnection",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &gw),
            ("CustomerGatewayId", &cgw),
            ("LocalSubnet", "10.0.1.0/24"),
            ("RemoteSubnet", "192.168.1.0/24"),
        ],
    )
    .await
    .err(400, "InvalidVpnConnection.AlreadyExists");
}

#[tokio::test]
async fn dependency_violations() {
    let emu = emulator().await;
    let gw = create_gateway(&emu, &[("EnableSsl", "true")]).await;
    let cgw = create_cgw(&emu, "4.4.4.4").await;
    let conn = create_connection(&emu, &gw, &cgw).await;
    call(
        &emu,
        "DeleteVpnGateway",
        &[("RegionId", REGION), ("VpnGatewayId", &gw)],
    )
    .await
    .err(400, "DependencyViolation.VpnConnection");
    call(
        &emu,
        "DeleteCustomerGateway",
        &[("RegionId", REGION), ("CustomerGatewayId", &cgw)],
    )
    .await
    .err(400, "DependencyViolation.VpnConnection");
    call(
        &emu,
        "DeleteVpnConnection",
        &[("RegionId", REGION), ("VpnConnectionId", &conn)],
    )
    .await
    .ok();
    let vss = call(
        &emu,
        "CreateSslVpnServer",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &gw),
            ("ClientIpPool", "10.8.0.0/16"),
            ("LocalSubnet", "172.16.0.0/16"),
        ],
    )
    .await
    .ok()
    .str("SslVpnServerId");
    call(
        &emu,
        "DeleteVpnGateway",
        &[("RegionId", REGION), ("VpnGatewayId", &gw)],
    )
    .await
    .err(400, "DependencyViolation.SslVpnServer");
    call(
        &emu,
        "CreateSslVpnClientCert",
        &[("RegionId", REGION), ("SslVpnServerId", &vss)],
    )
    .await
    .ok();
    call(
        &emu,
        "DeleteSslVpnServer",
        &[("RegionId", REGION), ("SslVpnServerId", &vss)],
    )
    .await
    .err(400, "DependencyViolation.SslVpnClientCert");
}

#[tokio::test]
async fn ssl_vpn_codes() {
    let emu = emulator().await;
    let no_ssl = create_gateway(&emu, &[]).await;
    let base = |gw: &str, pool: &str, local: &str| {
        vec![
            ("RegionId".to_string(), REGION.to_string()),
            ("VpnGatewayId".into(), gw.to_string()),
            ("ClientIpPool".into(), pool.to_string()),
            ("LocalSubnet".into(), local.to_string()),
        ]
    };
    let send = |p: Vec<(String, String)>| {
        let emu = &emu;
        async move {
            let refs: Vec<(&str, &str)> = p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            call(emu, "CreateSslVpnServer", &refs).await
        }
    };
    send(base(&no_ssl, "10.8.0.0/16", "172.16.0.0/16"))
        .await
        .err(400, "VpnGateway.SslVpnDisabled");
    let gw = create_gateway(&emu, &[("EnableSsl", "true")]).await;
    send(base(&gw, "10.8.0.0/16", "172.16.0.0/16,10.8.4.0/24"))
        .await
        .err(400, "IllegalParam.ClientIpPool");
    for port in ["443", "22", "4500", "0", "65536"] {
        let mut p = base(&gw, "10.8.0.0/16", "172.16.0.0/16");
        p.push(("Port".into(), port.into()));
        let r = send(p).await.err(400, "InvalidParameter");
        assert!(r.str("Message").contains("\"Port\""));
    }
    let mut p = base(&gw, "10.8.0.0/16", "172.16.0.0/16");
    p.push(("Proto".into(), "SCTP".into()));
    send(p).await.err(400, "InvalidParameter");
    send(base(&gw, "10.8.0.0/16", "172.16.0.0/16")).await.ok();
    // One SSL-VPN server per gateway.
    send(base(&gw, "10.9.0.0/16", "172.17.0.0/16"))
        .await
        .err(400, "Resource.QuotaFull");
}

#[tokio::test]
async fn ipsec_disabled_gateway_refuses_connections() {
    let emu = emulator().await;
    let gw = create_gateway(&emu, &[("EnableIpsec", "false")]).await;
    let cgw = create_cgw(&emu, "5.5.5.5").await;
    call(
        &emu,
        "CreateVpnConnection",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &gw),
            ("CustomerGatewayId", &cgw),
            ("LocalSubnet", "10.0.0.0/24"),
            ("RemoteSubnet", "192.168.0.0/24"),
        ],
    )
    .await
    .err(400, "VpnGateway.IpsecVpnDisabled");
}

#[tokio::test]
async fn quotas_give_resource_quota_full() {
    let emu = Emulator::builder()
        .activation_delay(Duration::ZERO)
        .quotas(Quotas {
            vpn_gateways_per_region: 1,
            customer_gateways_per_region: 1,
            ..Quotas::default()
        })
        .start()
        .await
        .unwrap();
    create_gateway(&emu, &[]).await;
    call(
        &emu,
        "CreateVpnGateway",
        &[("RegionId", REGION), ("VpcId", "vpc-1"), ("Bandwidth", "5")],
    )
    .await
    .err(400, "Resource.QuotaFull");
    create_cgw(&emu, "6.6.6.6").await;
    call(
        &emu,
        "CreateCustomerGateway",
        &[("RegionId", REGION), ("IpAddress", "6.6.6.7")],
    )
    .await
    .err(400, "Resource.QuotaFull");
}

#[tokio::test]
async fn prepaid_gateway_cannot_be_released_early() {
    let emu = emulator().await;
    call(
        &emu,
        "CreateVpnGateway",
        &[
            ("RegionId", REGION),
            ("VpcId", "vpc-1"),
            ("Bandwidth", "5"),
            ("InstanceChargeType", "PREPAY"),
        ],
    )
    .await
    .err(400, "MissingParameter");
    let gw = create_gateway(&emu, &[("InstanceChargeType", "PREPAY"), ("Period", "1")]).await;
    call(
        &emu,
        "DeleteVpnGateway",
        &[("RegionId", REGION), ("VpnGatewayId", &gw)],
    )
    .await
    .err(403, "ForbiddenRelease");
}

#[tokio::test]
async fn route_codes() {
    let emu = emulator().await;
    let gw = create_gateway(&emu, &[]).await;
    let cgw = create_cgw(&emu, "7.7.7.7").await;
    let conn = create_connection(&emu, &gw, &cgw).await;
    let route = |hop: &str| {
        vec![
            ("RegionId".to_string(), REGION.to_string()),
            ("VpnGatewayId".into(), gw.clone()),
            ("RouteDest".into(), "10.1.0.0/16".into()),
            ("NextHop".into(), hop.to_string()),
            ("Weight".into(), "100".into()),
            ("PublishVpc".into(), "false".into()),
        ]
    };
    let send = |action: &'static str, p: Vec<(String, String)>| {
        let emu = &emu;
        async move {
            let refs: Vec<(&str, &str)> = p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            call(emu, action, &refs).await
        }
    };
    send("CreateVpnRouteEntry", route("vco-nothere000000000000"))
        .await
        .err(404, "InvalidVpnConnectionInstanceId.NotFound");
    send("CreateVpnRouteEntry", route(&conn)).await.ok();
    send("CreateVpnRouteEntry", route(&conn))
        .await
        .err(400, "InvalidVpnRouteEntry.AlreadyExist");
    let mut wrong_weight = route(&conn);
    wrong_weight[4].1 = "0".into();
    wrong_weight.retain(|(k, _)| k != "PublishVpc");
    send("DeleteVpnRouteEntry", wrong_weight)
        .await
        .err(404, "InvalidVpnRouteEntry.NotFound");
    let mut bad_weight = route(&conn);
    bad_weight[4].1 = "50".into();
    send("CreateVpnRouteEntry", bad_weight)
        .await
        .err(400, "InvalidParameter");
    let mut p = route(&conn);
    p[0].1 = REGION.into();
    p.push(("RouteType".into(), "PBR".into()));
    p.retain(|(k, _)| k != "Weight");
    send("PublishVpnRouteEntry", p)
        .await
        .err(400, "InvalidParameter");
    send(
        "CreateVpnRouteEntry",
        vec![
            ("RegionId".into(), REGION.into()),
            ("VpnGatewayId".into(), "vpn-nothere000000000000".into()),
            ("RouteDest".into(), "10.1.0.0/16".into()),
            ("NextHop".into(), conn.clone()),
            ("Weight".into(), "0".into()),
            ("PublishVpc".into(), "true".into()),
        ],
    )
    .await
    .err(404, "InvalidVpnGatewayInstanceId.NotFound");
}

#[tokio::test]
async fn oversized_body_is_request_entity_too_large() {
    let emu = Emulator::builder()
        .max_body_bytes(1024)
        .start()
        .await
        .unwrap();
    let resp = http()
        .post(format!("{}/", emu.endpoint()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![b'a'; 4096])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 413);
    assert!(resp.text().await.unwrap().contains("RequestEntityTooLarge"));
}
