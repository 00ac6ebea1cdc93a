//! Item 3 of the groundwork issue, the emulator's half: an operation that fits the
//! resource model is served with no Rust written, one that needs behaviour the engine
//! lacks is refused with `NotImplemented` naming it. The spec served here is the
//! repository's plus `fixtures/vpn_beacon.json`: a new resource (`VpnBeacon`, a child
//! of `VpnGateway`) with its four lifecycle operations, and `AnalyzeVpnGatewayTraffic`, which
//! no resource names and no hook serves.

use std::time::Duration;

use vpn_emulator::{Emulator, VpnGatewaySeed};
use vpn_spec::{SourceFile, Spec};

use crate::support::*;

const FIXTURE: &str = include_str!("fixtures/vpn_beacon.json");

fn spec_with_fixture() -> Spec {
    let mut sources = vpn_spec::embedded_sources();
    sources.push(SourceFile {
        path: "emulator/tests/it/fixtures/vpn_beacon.json".into(),
        text: FIXTURE.into(),
    });
    vpn_spec::load_sources(&sources).unwrap_or_else(|errors| {
        panic!(
            "the fixture spec loads: {}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

async fn start() -> Emulator {
    Emulator::builder()
        .spec(spec_with_fixture())
        .activation_delay(Duration::ZERO)
        .seed(7)
        .strict(true)
        .start()
        .await
        .expect("emulator starts")
}

#[tokio::test]
async fn a_new_resource_is_served_from_the_spec_alone() {
    let emu = start().await;
    let gw = emu.seed_vpn_gateway(VpnGatewaySeed::active(REGION));
    let created = call(
        &emu,
        "CreateVpnBeacon",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &gw),
            ("ClientIpPool", "10.9.0.0/16"),
            ("LocalSubnet", "172.16.0.0/16"),
            ("VpnBeaconName", "remote"),
            ("ClientToken", "token-1"),
        ],
    )
    .await
    .ok();
    let id = created.str("VpnBeaconId");
    assert!(id.starts_with("vbn-") && id.len() == 24, "{}", created.json);
    assert_eq!(created.json["VpnBeaconName"], "remote");
    let when = created.str("CreationTime");
    assert!(
        time::OffsetDateTime::parse(&when, &time::format_description::well_known::Rfc3339).is_ok(),
        "CreationTime {when} is ISO 8601 (the member's date_time format)"
    );
    // The generic router replays a ClientToken for the new operation too.
    let again = call(
        &emu,
        "CreateVpnBeacon",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &gw),
            ("ClientIpPool", "10.9.0.0/16"),
            ("LocalSubnet", "172.16.0.0/16"),
            ("VpnBeaconName", "remote"),
            ("ClientToken", "token-1"),
        ],
    )
    .await
    .ok();
    assert_eq!(again.str("VpnBeaconId"), id);

    let other_gw = emu.seed_vpn_gateway(VpnGatewaySeed::active(REGION));
    call(
        &emu,
        "CreateVpnBeacon",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &other_gw),
            ("ClientIpPool", "10.10.0.0/16"),
            ("LocalSubnet", "172.17.0.0/16"),
        ],
    )
    .await
    .ok();

    let listed = call(
        &emu,
        "DescribeVpnBeacons",
        &[("RegionId", REGION), ("VpnGatewayId", &gw)],
    )
    .await
    .ok();
    assert_eq!(listed.json["TotalCount"], 1, "{}", listed.json);
    let server = &listed.json["VpnBeacons"]["VpnBeacon"][0];
    assert_eq!(server["VpnBeaconId"], id.as_str());
    assert_eq!(server["VpnGatewayId"], gw.as_str());
    assert_eq!(server["ClientIpPool"], "10.9.0.0/16");
    assert_eq!(server["PskEnabled"], true, "the spec's default is stored");
    assert_eq!(server["RegionId"], REGION);
    let all = call(&emu, "DescribeVpnBeacons", &[("RegionId", REGION)])
        .await
        .ok();
    assert_eq!(all.json["TotalCount"], 2);
    assert_eq!(all.json["PageSize"], 10);

    call(
        &emu,
        "UpdateVpnBeacon",
        &[
            ("RegionId", REGION),
            ("VpnBeaconId", &id),
            ("VpnBeaconName", "renamed"),
        ],
    )
    .await
    .ok();
    let one = call(
        &emu,
        "DescribeVpnBeacons",
        &[("RegionId", REGION), ("VpnBeaconId", &id)],
    )
    .await
    .ok();
    let server = &one.json["VpnBeacons"]["VpnBeacon"][0];
    assert_eq!(server["VpnBeaconName"], "renamed");
    assert_eq!(
        server["LocalSubnet"], "172.16.0.0/16",
        "untouched members stay"
    );

    // The parent's deletion is refused while it has a VPN beacon.
    call(
        &emu,
        "DeleteVpnGateway",
        &[("RegionId", REGION), ("VpnGatewayId", &gw)],
    )
    .await
    .err(400, "DependencyViolation.VpnBeacon");
    call(
        &emu,
        "DeleteVpnBeacon",
        &[("RegionId", REGION), ("VpnBeaconId", &id)],
    )
    .await
    .ok();
    call(
        &emu,
        "DeleteVpnBeacon",
        &[("RegionId", REGION), ("VpnBeaconId", &id)],
    )
    .await
    .err(404, "InvalidVpnBeaconId.NotFound");
    call(
        &emu,
        "DeleteVpnGateway",
        &[("RegionId", REGION), ("VpnGatewayId", &gw)],
    )
    .await
    .ok();
}

#[tokio::test]
async fn the_new_operations_get_the_engine_checks_and_validation() {
    let emu = start().await;
    call(
        &emu,
        "CreateVpnBeacon",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", "vpn-nothere000000000000"),
            ("ClientIpPool", "10.9.0.0/16"),
            ("LocalSubnet", "172.16.0.0/16"),
        ],
    )
    .await
    .err(404, "InvalidVpnGatewayInstanceId.NotFound");
    let gw = emu.seed_vpn_gateway(VpnGatewaySeed::active(REGION));
    let r = call(
        &emu,
        "CreateVpnBeacon",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &gw),
            ("ClientIpPool", "10.9.0.0"),
            ("LocalSubnet", "172.16.0.0/16"),
        ],
    )
    .await
    .err(400, "InvalidParameter");
    assert!(r.str("Message").contains("\"ClientIpPool\""), "{}", r.json);
    let r = call(
        &emu,
        "UpdateVpnBeacon",
        &[
            ("RegionId", REGION),
            ("VpnBeaconId", "vbn-nothere000000000000"),
            ("Colour", "blue"),
        ],
    )
    .await
    .err(400, "InvalidParameter");
    assert!(r.str("Message").contains("\"Colour\""), "{}", r.json);
    call(
        &emu,
        "UpdateVpnBeacon",
        &[
            ("RegionId", REGION),
            ("VpnBeaconId", "vbn-nothere000000000000"),
        ],
    )
    .await
    .err(404, "InvalidVpnBeaconId.NotFound");
}

#[tokio::test]
async fn an_operation_the_engine_cannot_serve_is_not_implemented_naming_it() {
    let emu = start().await;
    let gw = emu.seed_vpn_gateway(VpnGatewaySeed::active(REGION));
    let r = call(
        &emu,
        "AnalyzeVpnGatewayTraffic",
        &[("RegionId", REGION), ("VpnGatewayId", &gw)],
    )
    .await
    .err(501, "NotImplemented");
    assert!(
        r.str("Message").contains("AnalyzeVpnGatewayTraffic"),
        "{}",
        r.json
    );
    // Validation still comes first: a bad request is a 400, not a 501.
    call(&emu, "AnalyzeVpnGatewayTraffic", &[("RegionId", REGION)])
        .await
        .err(400, "MissingParameter");
    let journal = emu.journal();
    let entry = journal
        .iter()
        .find(|e| e.action.as_deref() == Some("AnalyzeVpnGatewayTraffic"))
        .unwrap();
    assert_eq!(entry.status, Some(501));
    assert_eq!(entry.error_code.as_deref(), Some("NotImplemented"));
}

#[tokio::test]
async fn the_health_count_follows_the_spec_served() {
    let emu = start().await;
    let health: serde_json::Value = serde_json::from_str(
        &http()
            .get(format!("{}/_emulator/health", emu.endpoint()))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    let embedded = vpn_emulator::spec::load().unwrap().operations.len();
    let fixture_ops = 5;
    assert_eq!(health["operations"], embedded + fixture_ops);
}
