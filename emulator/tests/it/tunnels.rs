//! Dual-tunnel IPsec connections on the wire: tunnels sent flattened with nested keys
//! (`TunnelOptionsSpecification.1.TunnelIkeConfig.IkeVersion`), ModifyTunnelAttribute's
//! flattened structure (`TunnelOptionsSpecification.EnableDpd`), answers that conform to
//! the spec, and malformed tunnel parameters refused with a clear error.

use serde_json::Value;

use crate::support::{REGION, assert_conforms, call, create_cgw, create_gateway, emulator};

/// A gateway with two vSwitches, two customer gateways and a dual-tunnel connection with
/// BGP: `(connection, [tunnel ids])`.
async fn dual(emu: &vpn_emulator::Emulator) -> (String, Vec<String>) {
    let gw = create_gateway(
        emu,
        &[
            ("VSwitchId", "vsw-a0000000000000000000"),
            ("DisasterRecoveryVSwitchId", "vsw-b0000000000000000000"),
        ],
    )
    .await;
    let a = create_cgw(emu, "198.51.100.81").await;
    let b = create_cgw(emu, "198.51.100.82").await;
    let created = call(
        emu,
        "CreateVpnConnection",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &gw),
            ("LocalSubnet", "10.0.0.0/24"),
            ("RemoteSubnet", "192.168.0.0/24"),
            ("EnableTunnelsBgp", "true"),
            ("TunnelOptionsSpecification.1.CustomerGatewayId", &a),
            (
                "TunnelOptionsSpecification.1.TunnelIkeConfig.IkeVersion",
                "ikev2",
            ),
            (
                "TunnelOptionsSpecification.1.TunnelIkeConfig.Psk",
                "key-one-000",
            ),
            (
                "TunnelOptionsSpecification.1.TunnelBgpConfig.TunnelCidr",
                "169.254.81.0/30",
            ),
            (
                "TunnelOptionsSpecification.1.TunnelBgpConfig.LocalBgpIp",
                "169.254.81.1",
            ),
            ("TunnelOptionsSpecification.2.CustomerGatewayId", &b),
            (
                "TunnelOptionsSpecification.2.TunnelIpsecConfig.IpsecPfs",
                "disabled",
            ),
        ],
    )
    .await
    .ok();
    let id = created.str("VpnConnectionId");
    let described = call(
        emu,
        "DescribeVpnConnection",
        &[("RegionId", REGION), ("VpnConnectionId", &id)],
    )
    .await
    .ok();
    assert_conforms("DescribeVpnConnection", &described.json);
    let tunnels = described.json["TunnelOptionsSpecification"]["TunnelOptions"]
        .as_array()
        .expect("the tunnels, in their wrapper")
        .clone();
    assert_eq!(tunnels.len(), 2);
    assert_eq!(tunnels[0]["TunnelIkeConfig"]["IkeVersion"], "ikev2");
    assert_eq!(tunnels[0]["TunnelIkeConfig"]["Psk"], "key-one-000");
    assert_eq!(
        tunnels[0]["TunnelBgpConfig"]["LocalAsn"], 45104,
        "the default ASN"
    );
    assert_eq!(tunnels[0]["TunnelBgpConfig"]["PeerBgpIp"], "169.254.81.2");
    assert_eq!(tunnels[1]["TunnelIpsecConfig"]["IpsecPfs"], "disabled");
    assert_eq!(tunnels[1]["Role"], "slave");
    let ids = tunnels
        .iter()
        .map(|t| t["TunnelId"].as_str().expect("a tunnel id").to_string())
        .collect();
    (id, ids)
}

#[tokio::test]
async fn modify_tunnel_attribute_takes_a_flattened_structure_and_answers_the_tunnel() {
    let emu = emulator().await;
    let (conn, tunnels) = dual(&emu).await;
    let answer = call(
        &emu,
        "ModifyTunnelAttribute",
        &[
            ("RegionId", REGION),
            ("VpnConnectionId", &conn),
            ("TunnelId", &tunnels[0]),
            ("TunnelOptionsSpecification.EnableDpd", "false"),
            (
                "TunnelOptionsSpecification.TunnelIkeConfig.IkeLifetime",
                "3600",
            ),
        ],
    )
    .await
    .ok();
    assert_conforms("ModifyTunnelAttribute", &answer.json);
    assert_eq!(answer.json["TunnelId"], Value::from(tunnels[0].as_str()));
    assert_eq!(answer.json["EnableDpd"], false);
    assert_eq!(answer.json["TunnelIkeConfig"]["IkeLifetime"], 3600);
    assert_eq!(answer.json["TunnelIkeConfig"]["Psk"], "key-one-000", "kept");
    assert_eq!(answer.json["TunnelBgpConfig"]["EnableBgp"], true);
}

#[tokio::test]
async fn malformed_tunnel_parameters_are_refused_with_what_is_wrong() {
    let emu = emulator().await;
    let (conn, tunnels) = dual(&emu).await;
    let base = [
        ("RegionId", REGION),
        ("VpnConnectionId", conn.as_str()),
        ("TunnelId", tunnels[1].as_str()),
    ];
    for (key, value, names) in [
        ("TunnelOptionsSpecification.Bogus", "1", "Bogus"),
        (
            "TunnelOptionsSpecification.TunnelIkeConfig.IkeVersion",
            "ikev9",
            "TunnelOptionsSpecification.TunnelIkeConfig.IkeVersion",
        ),
        (
            "TunnelOptionsSpecification.EnableDpd",
            "maybe",
            "TunnelOptionsSpecification.EnableDpd",
        ),
    ] {
        let mut params = base.to_vec();
        params.push((key, value));
        let refused = call(&emu, "ModifyTunnelAttribute", &params)
            .await
            .err(400, "InvalidParameter");
        let message = refused.str("Message");
        assert!(message.contains(names), "{key}={value}: {message}");
    }
    let refused = call(
        &emu,
        "CreateVpnConnection",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", "vpn-nope"),
            ("LocalSubnet", "10.0.0.0/24"),
            ("RemoteSubnet", "192.168.0.0/24"),
            (
                "TunnelOptionsSpecification.first.CustomerGatewayId",
                "cgw-x",
            ),
        ],
    )
    .await
    .err(400, "InvalidParameter");
    assert!(refused.str("Message").contains("index"), "{}", refused.json);
    let refused = call(
        &emu,
        "CreateVpnConnection",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", "vpn-nope"),
            ("LocalSubnet", "10.0.0.0/24"),
            ("RemoteSubnet", "192.168.0.0/24"),
            ("TunnelOptionsSpecification.1.Role", "boss"),
        ],
    )
    .await
    .err(400, "InvalidParameter");
    assert!(refused.str("Message").contains("Role"), "{}", refused.json);
    // The journal keeps the tunnels' keys out.
    let create = emu
        .journal()
        .into_iter()
        .find(|e| e.action.as_deref() == Some("CreateVpnConnection") && e.status == Some(200))
        .expect("the dual-tunnel connection was created");
    assert_eq!(
        create.params["TunnelOptionsSpecification.1.TunnelIkeConfig.Psk"],
        "***"
    );
}
