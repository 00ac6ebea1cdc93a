//! The gateway extras served by hooks: every answer conforms to the spec's response
//! members and types; certificates and the diagnosis delay are set through the control
//! endpoint and the binary's flags.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::support::*;

async fn control(emu_endpoint: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let url = format!("{emu_endpoint}/_emulator/{path}");
    let req = match body {
        Some(b) => http()
            .post(url)
            .header("content-type", "application/json")
            .body(b.to_string()),
        None => http().get(url),
    };
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    (
        status,
        serde_json::from_str(&r.text().await.unwrap()).unwrap(),
    )
}

/// Calls `action` and checks that the answer succeeds and conforms to the spec.
async fn conforming(emu: &vpn_emulator::Emulator, action: &str, params: &[(&str, &str)]) -> Resp {
    let r = call(emu, action, params).await.ok();
    assert_conforms(action, &r.json);
    r
}

/// `RegionId` and `extra`, owned.
fn with(extra: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    std::iter::once(("RegionId", REGION))
        .chain(extra.iter().copied())
        .map(|(k, v)| (k, v.to_string()))
        .collect()
}

/// `pairs` borrowed, as `call` takes them.
fn send<'a>(pairs: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn every_extra_answers_as_the_spec_says() {
    let emu = emulator().await;
    let (status, added) = control(
        &emu.endpoint(),
        "certificates",
        Some(json!({"id": "cert-1"})),
    )
    .await;
    assert_eq!(status, 200, "{added}");
    let (_, listed) = control(&emu.endpoint(), "certificates", None).await;
    assert_eq!(listed, json!(["cert-1"]));
    let (status, _) = control(&emu.endpoint(), "diagnosis-delay", Some(json!({"ms": 0}))).await;
    assert_eq!(status, 200);
    let (status, _) = control(&emu.endpoint(), "diagnosis-delay", Some(json!({"ms": -1}))).await;
    assert_eq!(status, 400, "a negative delay is refused");

    let gw = create_gateway(&emu, &[]).await;
    let cgw = create_cgw(&emu, "203.0.113.60").await;
    let vco = create_connection(&emu, &gw, &cgw).await;

    let p = with(&[
        ("VpnGatewayId", &gw),
        ("CertificateId", "cert-1"),
        ("CertificateType", "Signature"),
    ]);
    conforming(&emu, "AssociateVpnGatewayWithCertificate", &send(&p)).await;
    let p = with(&[("VpnGatewayId.1", &gw), ("MaxResults", "1")]);
    let list = conforming(&emu, "ListVpnCertificateAssociations", &send(&p)).await;
    assert_eq!(
        list.json["VpnCertificateRelations"][0]["CertificateType"],
        "Signature"
    );
    let p = with(&[
        ("VpnGatewayId", &gw),
        ("CertificateId", "cert-1"),
        ("CertificateType", "Signature"),
    ]);
    conforming(&emu, "DissociateVpnGatewayWithCertificate", &send(&p)).await;

    let p = with(&[
        ("InstanceId", &gw),
        ("ResourceType", "VpnGateway"),
        ("NewResourceGroupId", "rg-moved0001"),
    ]);
    conforming(&emu, "MoveVpnResourceGroup", &send(&p)).await;
    let described = call(
        &emu,
        "DescribeVpnConnection",
        &send(&with(&[("VpnConnectionId", &vco)])),
    )
    .await
    .ok();
    if described.json.get("ResourceGroupId").is_some() {
        assert_eq!(
            described.json["ResourceGroupId"], "rg-moved0001",
            "connections move with their gateway"
        );
    }

    let p = with(&[
        ("VpnGatewayId", &gw),
        ("ResourceId", &vco),
        ("ResourceType", "IPsec"),
    ]);
    let started = conforming(&emu, "DiagnoseVpnGateway", &send(&p)).await;
    let id = started.str("DiagnoseId");
    let result = conforming(
        &emu,
        "GetVpnGatewayDiagnoseResult",
        &send(&with(&[("DiagnoseId", &id)])),
    )
    .await;
    assert_eq!(
        result.json["FinishedCount"], 7,
        "no delay: finished at once"
    );
    assert_eq!(
        result.json["DiagnoseResult"].as_array().map(Vec::len),
        Some(7)
    );
    conforming(
        &emu,
        "DiagnoseVpnConnections",
        &send(&with(&[("VpnConnectionIds.1", &vco)])),
    )
    .await;
    conforming(
        &emu,
        "DescribeVpnGatewayAvailableZones",
        &send(&with(&[("Spec", "5M")])),
    )
    .await;
    let p = with(&[("VpnConnectionId", &vco), ("MinutePeriod", "2")]);
    let logs = conforming(&emu, "DescribeVpnConnectionLogs", &send(&p)).await;
    assert!(logs.json["Data"]["Logs"].is_array(), "{}", logs.json);

    call(
        &emu,
        "CreateVpnPbrRouteEntry",
        &send(&with(&[
            ("VpnGatewayId", &gw),
            ("RouteSource", "10.0.0.0/24"),
            ("RouteDest", "192.168.0.0/24"),
            ("NextHop", &vco),
            ("Weight", "100"),
            ("PublishVpc", "false"),
        ])),
    )
    .await
    .ok();
    let route = [
        ("VpnGatewayId", gw.as_str()),
        ("RouteSource", "10.0.0.0/24"),
        ("RouteDest", "192.168.0.0/24"),
        ("NextHop", vco.as_str()),
        ("Weight", "100"),
    ];
    let p = with(&[route.as_slice(), &[("NewPriority", "20")]].concat());
    conforming(&emu, "ModifyVpnPbrRouteEntryPriority", &send(&p)).await;
    let p = with(&[route.as_slice(), &[("Priority", "20"), ("NewWeight", "0")]].concat());
    conforming(&emu, "ModifyVpnPbrRouteEntryAttribute", &send(&p)).await;
}

#[tokio::test]
async fn the_binary_takes_certificates_and_the_diagnosis_delay_as_flags() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vpn-emulator"))
        .args([
            "--bind",
            "127.0.0.1:0",
            "--certificate",
            "cert-a",
            "--certificate",
            "cert-b",
            "--diagnosis-delay-ms",
            "0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn vpn-emulator");
    let stdout = child.stdout.take().unwrap();
    let endpoint = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    })
    .await
    .unwrap()
    .unwrap();
    let (status, listed) = control(endpoint.trim(), "certificates", None).await;
    child.kill().expect("the emulator stops");
    child.wait().ok();
    assert_eq!(status, 200);
    assert_eq!(listed, json!(["cert-a", "cert-b"]));
}
