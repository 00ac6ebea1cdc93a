//! The examples (`tests/examples/`), each run here: their code is compiled into this test
//! binary (cheaper than running each as a process) and their working parts called
//! against an emulator the test controls, with the results checked.

use std::time::Duration;

use alibabacloud_vpn::Client;
use alibabacloud_vpn::types::TunnelRole;
use e2e::{Wire, client_builder, emulator_builder};
use vpn_emulator::{Quotas, VpnGatewaySeed};

#[allow(dead_code)] // `main` is the example's; the test calls its functions
#[path = "../../examples/dual_tunnel_bgp.rs"]
mod dual_tunnel_bgp;
#[allow(dead_code)]
#[path = "../../examples/list_all_regions.rs"]
mod list_all_regions;
#[allow(dead_code)]
#[path = "../../examples/rotate_psk.rs"]
mod rotate_psk;
#[allow(dead_code)]
#[path = "../../examples/testing_your_code.rs"]
mod testing_your_code;

#[tokio::test]
async fn list_all_regions_lists_every_page_of_every_region() {
    let emu = emulator_builder()
        .quotas(Quotas {
            vpn_gateways_per_region: 100,
            ..Quotas::default()
        })
        .start()
        .await
        .unwrap();
    let seeded = [
        ("cn-hangzhou", 2),
        ("eu-central-1", 1),
        ("ap-southeast-1", 55),
    ];
    let mut expected = std::collections::BTreeMap::new();
    for (region, count) in seeded {
        let ids: std::collections::BTreeSet<String> = (0..count)
            .map(|_| emu.seed_vpn_gateway(VpnGatewaySeed::active(region)))
            .collect();
        expected.insert(region.to_string(), ids);
    }
    let client: Client = client_builder(&emu, Wire::V3_POST).build().unwrap();
    let regions: Vec<String> = list_all_regions::REGIONS
        .iter()
        .map(|r| r.to_string())
        .collect();

    let listings = list_all_regions::gateways_by_region(&client, &regions).await;

    assert_eq!(listings.len(), regions.len(), "one outcome per region");
    for (region, outcome) in &listings {
        let ids: std::collections::BTreeSet<String> = outcome
            .as_ref()
            .unwrap_or_else(|e| panic!("{region}: {e}"))
            .iter()
            .map(|g| g.vpn_gateway_id.clone().expect("an id"))
            .collect();
        assert_eq!(
            &ids,
            expected.get(region).unwrap_or(&Default::default()),
            "{region}"
        );
    }
    let calls = emu.journal();
    for region in &regions {
        let pages = calls
            .iter()
            .filter(|e| e.region.as_deref() == Some(region.as_str()))
            .count();
        let want = if region == "ap-southeast-1" { 2 } else { 1 };
        assert_eq!(pages, want, "pages requested for {region}");
    }
}

#[tokio::test]
async fn rotate_psk_sets_the_new_key_and_waits_for_the_tunnel() {
    let emu = emulator_builder().start().await.unwrap();
    let client = client_builder(&emu, Wire::V1_POST).build().unwrap();
    let gateway = emu.seed_vpn_gateway(VpnGatewaySeed::active(e2e::REGION));
    let office = emu.seed_customer_gateway(e2e::REGION, "203.0.113.20");
    // A connection still negotiating: the rotation must wait for it.
    emu.set_activation_delay(Duration::from_millis(300));
    let connection = client
        .create_vpn_connection()
        .vpn_gateway_id(&gateway)
        .customer_gateway_id(&office)
        .local_subnet("10.0.0.0/24")
        .remote_subnet("192.168.0.0/24")
        .ike_config(
            alibabacloud_vpn::types::IkeConfig::builder()
                .ike_version(alibabacloud_vpn::types::IkeVersion::Ikev1)
                .ike_lifetime(3600)
                .psk("old-key-0000")
                .build(),
        )
        .send()
        .await
        .unwrap()
        .vpn_connection_id
        .expect("a connection id");
    let patience = rotate_psk::Patience {
        min_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(100),
        deadline: Duration::from_secs(20),
    };

    let looks = rotate_psk::rotate_psk(&client, &connection, "new-key-4242", patience)
        .await
        .unwrap();

    assert!(looks >= 1);
    let now = client
        .describe_vpn_connection()
        .vpn_connection_id(&connection)
        .send()
        .await
        .unwrap();
    let ike = now.ike_config.expect("IKE settings");
    assert_eq!(ike.psk.as_deref(), Some("new-key-4242"));
    assert_eq!(
        ike.ike_version,
        Some(alibabacloud_vpn::types::IkeVersion::Ikev1),
        "kept"
    );
    assert_eq!(ike.ike_lifetime, Some(3600), "kept");
    assert_eq!(
        now.status,
        Some(alibabacloud_vpn::types::VpnConnectionStatus::IpsecSaEstablished)
    );
    let modify = emu
        .journal()
        .into_iter()
        .find(|e| e.action.as_deref() == Some("ModifyVpnConnectionAttribute"))
        .expect("the modification");
    let sent = &modify.params["IkeConfig"];
    assert!(!sent.contains("new-key-4242"), "journaled redacted: {sent}");

    // A tunnel that never comes up is reported, not waited for forever.
    emu.set_activation_delay(Duration::from_secs(3600));
    let branch = emu.seed_customer_gateway(e2e::REGION, "203.0.113.21");
    let stuck = client
        .create_vpn_connection()
        .vpn_gateway_id(&gateway)
        .customer_gateway_id(&branch)
        .local_subnet("10.1.0.0/24")
        .remote_subnet("192.168.1.0/24")
        .send()
        .await
        .unwrap()
        .vpn_connection_id
        .expect("a connection id");
    let quick = rotate_psk::Patience {
        deadline: Duration::from_millis(200),
        ..patience
    };
    let err = rotate_psk::rotate_psk(&client, &stuck, "k-0000", quick)
        .await
        .unwrap_err();
    assert!(matches!(err, rotate_psk::RotationError::NotUp(_)), "{err}");
}

#[tokio::test]
async fn testing_your_code_passes_with_the_emulator_and_with_the_stub() {
    testing_your_code::check_with_emulator().await.unwrap();
    testing_your_code::check_with_stub().await.unwrap();
}

#[tokio::test]
async fn dual_tunnel_bgp_brings_up_both_tunnels_with_bgp() {
    let emu = emulator_builder()
        .activation_delay(Duration::from_millis(60))
        .start()
        .await
        .unwrap();
    let client = client_builder(&emu, Wire::V3_GET).build().unwrap();
    let plan = dual_tunnel_bgp::Plan {
        psk: "dual-tunnel-key-7".into(),
        ..dual_tunnel_bgp::demo_plan()
    };
    let patience = dual_tunnel_bgp::Patience {
        min_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(100),
        deadline: Duration::from_secs(20),
    };

    let built = dual_tunnel_bgp::set_up(&client, &plan, patience)
        .await
        .unwrap();

    assert_eq!(built.tunnels.len(), 2);
    let gateway = client
        .describe_vpn_gateway()
        .vpn_gateway_id(&built.gateway_id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        gateway.disaster_recovery_vswitch_id.as_deref(),
        Some(plan.vswitch_ids[1].as_str())
    );
    let addresses = [gateway.internet_ip, gateway.disaster_recovery_internet_ip];
    for (i, t) in built.tunnels.iter().enumerate() {
        assert!(dual_tunnel_bgp::is_up(t), "{t:?}");
        let role = if i == 0 {
            TunnelRole::Master
        } else {
            TunnelRole::Slave
        };
        assert_eq!(t.role, Some(role));
        assert_eq!(t.internet_ip, addresses[i]);
        assert_eq!(
            t.customer_gateway_id.as_deref(),
            Some(built.customer_gateway_ids[i].as_str())
        );
        let ike = t.tunnel_ike_config.as_ref().expect("IKE settings");
        assert_eq!(ike.psk.as_deref(), Some("dual-tunnel-key-7"));
        let bgp = t.tunnel_bgp_config.as_ref().expect("BGP settings");
        assert_eq!(bgp.local_asn, Some(i64::from(plan.local_asn)));
        assert_eq!(bgp.peer_asn, Some(i64::from(plan.peers[i].asn)));
        assert_eq!(bgp.tunnel_cidr.as_ref(), Some(&plan.tunnel_cidrs[i]));
        let block = plan.tunnel_cidrs[i].trim_end_matches("0/30");
        assert_eq!(bgp.local_bgp_ip, Some(format!("{block}1")));
        assert_eq!(bgp.peer_bgp_ip, Some(format!("{block}2")));
    }
    // The journal keeps the tunnels' key out.
    let create = emu
        .journal()
        .into_iter()
        .find(|e| e.action.as_deref() == Some("CreateVpnConnection"))
        .expect("the connection was created");
    assert!(
        create
            .params
            .values()
            .all(|v| !v.contains("dual-tunnel-key-7")),
        "{:?}",
        create.params
    );
    assert_eq!(
        create.params["TunnelOptionsSpecification.2.TunnelBgpConfig.LocalAsn"],
        plan.local_asn.to_string()
    );

    // Tunnels that do not come up are reported, not waited for forever.
    emu.set_activation_delay(Duration::from_secs(3600));
    let quick = dual_tunnel_bgp::Patience {
        deadline: Duration::from_millis(100),
        ..patience
    };
    let err = dual_tunnel_bgp::wait_until_up(&client, &built.connection_id, quick)
        .await
        .unwrap_err();
    match err {
        dual_tunnel_bgp::SetupError::NotUp(tunnels) => assert_eq!(tunnels.len(), 2),
        other => panic!("expected NotUp, got {other}"),
    }

    // A plan whose tunnel block is not an IPv4 block is refused before any tunnel is
    // sent.
    emu.set_activation_delay(Duration::ZERO);
    let bad = dual_tunnel_bgp::Plan {
        tunnel_cidrs: ["not-a-block".into(), "169.254.30.0/30".into()],
        peers: [
            dual_tunnel_bgp::Peer {
                ip_address: "203.0.113.31".into(),
                asn: 65011,
            },
            dual_tunnel_bgp::Peer {
                ip_address: "203.0.113.32".into(),
                asn: 65012,
            },
        ],
        ..plan
    };
    let err = dual_tunnel_bgp::set_up(&client, &bad, patience)
        .await
        .unwrap_err();
    assert!(
        matches!(err, dual_tunnel_bgp::SetupError::InvalidPlan(_)),
        "{err}"
    );
}
