//! Waiters against the emulator: `wait_until_vpn_gateway_active` and
//! `wait_until_vpn_gateway_deleted` polling `DescribeVpnGateway` over HTTP until the
//! gateway's state changes, fails, or time runs out.

use std::time::{Duration, Instant};

use e2e::alibabacloud_vpn::types::VpnGatewayStatus;
use e2e::alibabacloud_vpn::waiter::WaiterError;
use e2e::vpn_emulator::{FaultRule, VpnGatewaySeed};
use e2e::{TestEnv, Wire, emulator_builder};

const POLL: Duration = Duration::from_millis(50);

async fn env_with_activation_delay(delay: Duration, wire: Wire) -> TestEnv {
    TestEnv::with(emulator_builder().activation_delay(delay), wire).await
}

async fn create_gateway(env: &TestEnv) -> String {
    env.client
        .create_vpn_gateway()
        .vpc_id("vpc-e2ewaiters000000000")
        .bandwidth(5)
        .send()
        .await
        .expect("CreateVpnGateway succeeds")
        .vpn_gateway_id
        .unwrap()
}

#[tokio::test]
async fn active_waiter_returns_once_a_new_gateway_becomes_active() {
    let env = env_with_activation_delay(Duration::from_millis(500), Wire::V1_GET).await;
    let started = Instant::now();
    let id = create_gateway(&env).await;
    let first = env
        .client
        .describe_vpn_gateway()
        .vpn_gateway_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(first.status, Some(VpnGatewayStatus::Init), "not active yet");

    let gateway = env
        .client
        .wait_until_vpn_gateway_active(&id)
        .min_delay(POLL)
        .max_delay(POLL * 2)
        .max_wait(Duration::from_secs(10))
        .await
        .expect("the gateway becomes active");

    assert_eq!(gateway.status, Some(VpnGatewayStatus::Active));
    assert_eq!(gateway.vpn_gateway_id.as_deref(), Some(id.as_str()));
    assert!(started.elapsed() >= Duration::from_millis(500));
    let polls = env.journal_for("DescribeVpnGateway").len() - 1;
    assert!(polls >= 2, "polled until active, {polls} poll(s)");
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn deleted_waiter_returns_once_the_gateway_is_gone() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let id = env.seed_gateway();
    let deleter = env.client.clone();
    let doomed = id.clone();
    let deletion = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        deleter
            .delete_vpn_gateway()
            .vpn_gateway_id(doomed)
            .send()
            .await
    });

    env.client
        .wait_until_vpn_gateway_deleted(&id)
        .min_delay(POLL)
        .max_delay(POLL * 2)
        .max_wait(Duration::from_secs(10))
        .await
        .expect("the waiter sees the gateway deleted");

    deletion.await.unwrap().expect("DeleteVpnGateway succeeds");
    let polls = env.journal_for("DescribeVpnGateway");
    assert!(polls.len() >= 2, "polled while it existed: {}", polls.len());
    assert_eq!(polls[0].status, Some(200));
    assert_eq!(
        polls.last().unwrap().error_code.as_deref(),
        Some("InvalidVpnGatewayInstanceId.NotFound")
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn active_waiter_times_out_naming_the_timeout_and_the_last_state() {
    let env = env_with_activation_delay(Duration::from_secs(3600), Wire::V3_GET).await;
    let id = create_gateway(&env).await;
    let started = Instant::now();

    let err = env
        .client
        .wait_until_vpn_gateway_active(&id)
        .min_delay(POLL)
        .max_delay(POLL)
        .max_wait(Duration::from_millis(400))
        .await
        .expect_err("the gateway stays init");

    let waited = started.elapsed();
    assert!(err.is_timeout(), "{err:?}");
    match &err {
        WaiterError::Timeout {
            elapsed,
            attempts,
            last_state,
        } => {
            assert!(*elapsed >= Duration::from_millis(400), "{elapsed:?}");
            assert!(waited < Duration::from_secs(3), "gave up late: {waited:?}");
            assert!(*attempts >= 3, "{attempts} poll(s)");
            assert_eq!(last_state.as_deref(), Some("init"));
            assert_eq!(
                env.journal_for("DescribeVpnGateway").len(),
                *attempts as usize
            );
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    let text = err.to_string();
    assert!(text.contains("timed out"), "{text}");
    assert!(text.contains("last state `init`"), "{text}");
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn active_waiter_stops_at_once_when_the_gateway_is_deleting() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let id = env.seed_gateway();
    env.set_gateway_status(&id, Some("deleting"));

    let err = env
        .client
        .wait_until_vpn_gateway_active(&id)
        .min_delay(POLL)
        .max_wait(Duration::from_secs(10))
        .await
        .expect_err("deleting never becomes active");

    assert!(
        matches!(&err, WaiterError::FailureState { state, attempts: 1, .. } if state == "deleting"),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("failure state `deleting`"),
        "{err}"
    );
    assert_eq!(env.journal().len(), 1);
}

#[tokio::test]
async fn active_waiter_on_an_unknown_gateway_fails_with_the_not_found_code() {
    let env = TestEnv::start(Wire::V1_GET).await;

    let err = env
        .client
        .wait_until_vpn_gateway_active("vpn-doesnotexist000000000")
        .min_delay(POLL)
        .max_wait(Duration::from_secs(10))
        .await
        .expect_err("an unknown gateway never becomes active");

    assert!(
        matches!(&err, WaiterError::FailureState { state, .. } if state == "InvalidVpnGatewayInstanceId.NotFound"),
        "{err:?}"
    );
    assert_eq!(env.journal().len(), 1);
}

#[tokio::test]
async fn a_poll_failing_unexpectedly_ends_the_waiter_with_the_sdk_error() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let id = env.seed_gateway();
    env.emu
        .add_fault(FaultRule::error("DescribeVpnGateway", "Forbidden").times(1));

    let err = env
        .client
        .wait_until_vpn_gateway_active(&id)
        .min_delay(POLL)
        .max_wait(Duration::from_secs(10))
        .await
        .expect_err("a refused poll is not a state");

    let sdk = err.as_sdk_error().expect("the poll's error");
    assert_eq!(sdk.code(), Some("Forbidden"));
    assert_eq!(sdk.http_status(), Some(403));
    assert!(err.to_string().contains("Forbidden"), "{err}");
}

#[tokio::test]
async fn throttled_polls_are_retried_inside_the_waiter() {
    let env = env_with_activation_delay(Duration::from_millis(100), Wire::V3_GET).await;
    let id = create_gateway(&env).await;
    env.emu
        .add_fault(FaultRule::throttle("DescribeVpnGateway").times(2));

    let gateway = env
        .client
        .wait_until_vpn_gateway_active(&id)
        .min_delay(POLL)
        .max_wait(Duration::from_secs(10))
        .await
        .expect("throttling is absorbed by the retries");

    assert_eq!(gateway.status, Some(VpnGatewayStatus::Active));
    let throttled = env
        .journal_for("DescribeVpnGateway")
        .iter()
        .filter(|e| e.error_code.as_deref() == Some("Throttling.User"))
        .count();
    assert_eq!(throttled, 2);
}

#[tokio::test]
async fn active_waiter_polls_the_region_it_is_given() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let id = env
        .emu
        .seed_vpn_gateway(VpnGatewaySeed::active("cn-beijing"));

    let gateway = env
        .client
        .wait_until_vpn_gateway_active(&id)
        .region_id("cn-beijing")
        .min_delay(POLL)
        .max_wait(Duration::from_secs(10))
        .await
        .expect("found in cn-beijing");

    assert_eq!(gateway.vpn_gateway_id.as_deref(), Some(id.as_str()));
    let journal = env.journal();
    assert_eq!(journal.len(), 1);
    assert_eq!(journal[0].region.as_deref(), Some("cn-beijing"));
}
