//! Faults on demand: throttling, 5xx, injected codes, latency, lost answers after commit.

use std::time::{Duration, Instant};

use vpn_emulator::{DropMode, FaultKind, FaultRule};

use crate::support::*;

#[tokio::test]
async fn throttle_next_n_calls_with_time_left_header() {
    let emu = emulator().await;
    emu.add_fault(FaultRule::throttle("DescribeVpnGateways").times(2));
    for _ in 0..2 {
        let r = call(&emu, "DescribeVpnGateways", &[("RegionId", REGION)])
            .await
            .err(400, "Throttling.User");
        let h = r.headers["x-ratelimit-user-api"].to_str().unwrap();
        assert!(h.contains("TimeLeft:1000"), "{h}");
    }
    call(&emu, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .ok();
    // Other actions were never affected.
    assert!(emu.faults().is_empty());
    let codes: Vec<_> = emu.journal().iter().map(|e| e.error_code.clone()).collect();
    assert_eq!(
        codes,
        vec![
            Some("Throttling.User".into()),
            Some("Throttling.User".into()),
            None
        ]
    );
    assert_eq!(emu.journal()[0].faults, vec!["throttle".to_string()]);
}

#[tokio::test]
async fn server_errors_503_and_500() {
    let emu = emulator().await;
    emu.add_fault(FaultRule::server_error("DescribeVpnGateways", 503).times(1));
    emu.add_fault(FaultRule::server_error("DescribeVpnGateways", 500).times(1));
    call(&emu, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .err(503, "ServiceUnavailable");
    call(&emu, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .err(500, "InternalError");
    call(&emu, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .ok();
}

#[tokio::test]
async fn any_documented_code_can_be_injected() {
    let emu = emulator().await;
    emu.add_fault(FaultRule::error("DescribeVpnGateways", "Forbidden.RAM").times(1));
    emu.add_fault(FaultRule::error("DescribeVpnGateways", "Forbidden.SubUser").times(1));
    emu.add_fault(
        FaultRule::new(
            None,
            FaultKind::Error {
                code: "Throttling.Api".into(),
                status: None,
                message: Some("slow down".into()),
            },
        )
        .times(1),
    );
    call(&emu, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .err(403, "Forbidden.RAM");
    call(&emu, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .err(403, "Forbidden.SubUser");
    let r = call(&emu, "DescribeCustomerGateways", &[("RegionId", REGION)])
        .await
        .err(400, "Throttling.Api");
    assert_eq!(r.str("Message"), "slow down");
}

#[tokio::test]
async fn latency_delays_the_answer() {
    let emu = emulator().await;
    emu.add_fault(FaultRule::latency("DescribeVpnGateways", Duration::from_millis(300)).times(1));
    let t = Instant::now();
    call(&emu, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .ok();
    assert!(t.elapsed() >= Duration::from_millis(300));
    let t = Instant::now();
    call(&emu, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .ok();
    assert!(t.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn drop_after_commit_closes_the_connection_but_keeps_the_change() {
    let emu = emulator().await;
    emu.add_fault(FaultRule::drop_after_commit("CreateCustomerGateway").times(1));
    let params = [
        ("RegionId", REGION),
        ("IpAddress", "192.0.2.50"),
        ("ClientToken", "retry-me"),
    ];
    let lost = v1_send(&emu, &V1::new(&emu), "CreateCustomerGateway", &params).await;
    assert!(lost.is_err(), "the answer must be lost: {lost:?}");
    // The gateway exists although the client never heard of it.
    let list = call(&emu, "DescribeCustomerGateways", &[("RegionId", REGION)])
        .await
        .ok();
    assert_eq!(list.json["TotalCount"], 1);
    // A retry with the same ClientToken replays the original answer and creates nothing.
    let retry = call(&emu, "CreateCustomerGateway", &params).await.ok();
    assert_eq!(
        retry.json["CustomerGatewayId"],
        list.json["CustomerGateways"]["CustomerGateway"][0]["CustomerGatewayId"]
    );
    let list = call(&emu, "DescribeCustomerGateways", &[("RegionId", REGION)])
        .await
        .ok();
    assert_eq!(list.json["TotalCount"], 1);
    let j = emu.journal();
    assert_eq!(j[0].status, None);
    assert_eq!(j[0].faults, vec!["drop_after_commit".to_string()]);
}

#[tokio::test]
async fn drop_after_commit_hang_leaves_the_client_to_time_out() {
    let emu = emulator().await;
    emu.add_fault(
        FaultRule::new(
            Some("DescribeVpnGateways"),
            FaultKind::DropAfterCommit {
                mode: DropMode::Hang,
            },
        )
        .times(1),
    );
    let opts = V1::new(&emu);
    let t = Instant::now();
    let res = tokio::time::timeout(
        Duration::from_millis(500),
        v1_send(&emu, &opts, "DescribeVpnGateways", &[("RegionId", REGION)]),
    )
    .await;
    assert!(res.is_err(), "no answer expected");
    assert!(t.elapsed() >= Duration::from_millis(500));
}

#[tokio::test]
async fn probabilistic_faults_are_reproducible_with_a_seed() {
    async fn run() -> Vec<bool> {
        let emu = vpn_emulator::Emulator::builder()
            .seed(99)
            .start()
            .await
            .unwrap();
        emu.add_fault(FaultRule::throttle("DescribeVpnGateways").probability(0.5));
        let mut out = Vec::new();
        for _ in 0..16 {
            out.push(
                call(&emu, "DescribeVpnGateways", &[("RegionId", REGION)])
                    .await
                    .status
                    == 400,
            );
        }
        out
    }
    let a = run().await;
    assert_eq!(a, run().await);
    assert!(a.contains(&true) && a.contains(&false), "{a:?}");
}
