//! Dry runs at the wire, where the SDK's own validation cannot stand in front: a value the
//! spec refuses is its own error even with `DryRun=true`; `DryRun=false` acts; a dry run
//! leaves the journal one entry with `DryRunOperation` and nothing else behind; and every
//! operation the spec gives a dry-run member, and only those, is dry-run capable.

use crate::support::*;

async fn gateway_and_connection(emu: &vpn_emulator::Emulator) -> (String, String) {
    let gw = create_gateway(emu, &[]).await;
    let cgw = create_cgw(emu, "192.0.2.80").await;
    let vco = create_connection(emu, &gw, &cgw).await;
    (gw, vco)
}

fn route<'a>(
    gw: &'a str,
    vco: &'a str,
    weight: &'a str,
    dry_run: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("RegionId", REGION),
        ("VpnGatewayId", gw),
        ("RouteDest", "10.70.0.0/24"),
        ("NextHop", vco),
        ("Weight", weight),
        ("PublishVpc", "false"),
        ("DryRun", dry_run),
    ]
}

async fn routes(emu: &vpn_emulator::Emulator, gw: &str) -> u64 {
    call(
        emu,
        "DescribeVpnRouteEntries",
        &[("RegionId", REGION), ("VpnGatewayId", gw)],
    )
    .await
    .ok()
    .json["TotalCount"]
        .as_u64()
        .expect("a total")
}

#[tokio::test]
async fn a_dry_run_with_a_bad_value_answers_the_validation_error() {
    let emu = emulator().await;
    let (gw, vco) = gateway_and_connection(&emu).await;
    call(&emu, "CreateVpnRouteEntry", &route(&gw, &vco, "50", "true"))
        .await
        .err(400, "InvalidParameter");
    call(&emu, "CreateVpnRouteEntry", &route(&gw, &vco, "0", "maybe"))
        .await
        .err(400, "InvalidParameter");
    assert_eq!(routes(&emu, &gw).await, 0);
}

#[tokio::test]
async fn a_passed_dry_run_is_one_journal_entry_and_dry_run_false_acts() {
    let emu = emulator().await;
    let (gw, vco) = gateway_and_connection(&emu).await;
    emu.clear_journal();
    let resp = call(&emu, "CreateVpnRouteEntry", &route(&gw, &vco, "0", "true"))
        .await
        .err(400, "DryRunOperation");
    assert_eq!(
        resp.str("Message"),
        "Request validation has been passed with DryRun flag set."
    );
    let journal = emu.journal();
    assert_eq!(journal.len(), 1);
    assert_eq!(journal[0].status, Some(400));
    assert_eq!(journal[0].error_code.as_deref(), Some("DryRunOperation"));
    assert!(journal[0].unknown_params.is_empty());
    assert_eq!(routes(&emu, &gw).await, 0);

    call(&emu, "CreateVpnRouteEntry", &route(&gw, &vco, "0", "false"))
        .await
        .ok();
    assert_eq!(routes(&emu, &gw).await, 1);
    // The flag is not a property of what was created.
    let listed = call(
        &emu,
        "DescribeVpnRouteEntries",
        &[("RegionId", REGION), ("VpnGatewayId", &gw)],
    )
    .await
    .ok();
    let entry = &listed.json["VpnRouteEntries"]["VpnRouteEntry"][0];
    assert!(entry.get("DryRun").is_none(), "{entry}");
}

#[tokio::test]
async fn only_operations_with_a_dry_run_member_take_the_flag() {
    let spec = vpn_emulator::spec::load().expect("the embedded spec loads");
    let with: Vec<&str> = spec
        .operations
        .iter()
        .filter(|(_, op)| op.dry_run.is_some())
        .map(|(name, _)| name.as_str())
        .collect();
    assert!(!with.is_empty());
    assert!(with.iter().all(|op| !spec.operations[*op].read_only));
    // In strict mode, the flag on an operation that has none is an unknown parameter.
    let emu = emulator().await;
    let gw = create_gateway(&emu, &[]).await;
    assert!(spec.operations["DeleteVpnGateway"].dry_run.is_none());
    call(
        &emu,
        "DeleteVpnGateway",
        &[
            ("RegionId", REGION),
            ("VpnGatewayId", &gw),
            ("DryRun", "true"),
        ],
    )
    .await
    .err(400, "InvalidParameter");
    call(
        &emu,
        "DescribeVpnGateway",
        &[("RegionId", REGION), ("VpnGatewayId", &gw)],
    )
    .await
    .ok();
}
