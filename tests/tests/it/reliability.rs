//! Reliability against injected faults: answers lost after the change was committed,
//! throttling, server errors. The SDK's retries (default policy: 3 attempts; waits cut
//! short by `e2e::fast_retry`) must hide transient faults without duplicating
//! anything, and say how many attempts were made when they run out.

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

use e2e::alibabacloud_vpn::SdkError;
use e2e::alibabacloud_vpn::config::Timeouts;
use e2e::alibabacloud_vpn::error::TimeoutKind;
use e2e::alibabacloud_vpn::operation::create_customer_gateway::CreateCustomerGatewayError;
use e2e::alibabacloud_vpn::operation::describe_vpn_gateways::DescribeVpnGatewaysError;
use e2e::alibabacloud_vpn::retry::RetryConfig;
use e2e::vpn_emulator::{DropMode, FaultKind, FaultRule, JournalEntry};
use e2e::{TestEnv, Wire, assert_service_error, client_builder, emulator_builder, roomy_quotas};

const DROP: &str = "drop_after_commit";

fn token(entry: &JournalEntry) -> &str {
    entry
        .params
        .get("ClientToken")
        .map(String::as_str)
        .expect("every create carries a ClientToken")
}

fn is_dropped(entry: &JournalEntry) -> bool {
    entry.faults.iter().any(|f| f == DROP)
}

#[tokio::test]
async fn creates_survive_30_percent_lost_answers_with_exactly_one_gateway_each() {
    const CREATES: usize = 200;
    // The default policy (retry lost answers of tokened creates, same ClientToken every
    // attempt), with more attempts than the default 3: when 30% of answers are lost, a
    // call loses all 3 with probability 0.3^3 = 2.7%, so about 5 of 200 creates would
    // fail with the default; with 10 attempts the chance is 6e-6 per create. Exhausting
    // the default 3 attempts is `persistently_lost_answers_fail_after_3_attempts_and_say_so`.
    const MAX_ATTEMPTS: usize = 10;
    let env = TestEnv::with(emulator_builder().quotas(roomy_quotas()), Wire::V1_POST).await;
    let client = client_builder(&env.emu, Wire::V1_POST)
        .retry(e2e::fast_retry().with_max_attempts(MAX_ATTEMPTS as u32))
        .build()
        .unwrap();
    env.emu
        .add_fault(FaultRule::drop_after_commit("CreateCustomerGateway").probability(0.3));

    let mut ids = Vec::with_capacity(CREATES);
    for i in 0..CREATES {
        let ip = format!("10.{}.{}.1", i / 250, i % 250 + 1);
        let out = client
            .create_customer_gateway()
            .ip_address(&ip)
            .send()
            .await
            .unwrap_or_else(|e| panic!("create #{i} surfaced an error: {e}"));
        assert_eq!(out.ip_address.as_deref(), Some(ip.as_str()));
        ids.push(out.customer_gateway_id.expect("an id"));
    }
    env.emu.clear_faults();

    // Exactly one gateway per create, as the SDK's paginator sees them.
    let listed = env
        .client
        .describe_customer_gateways()
        .into_paginator()
        .page_size(50)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(listed.len(), CREATES);
    let listed_ids: Vec<String> = listed
        .iter()
        .map(|g| g.customer_gateway_id.clone().unwrap())
        .collect();
    assert_eq!(listed_ids, ids, "the ids the callers got, once each");

    // The journal shows the drops and the retries that replayed them.
    let creates = env.journal_for("CreateCustomerGateway");
    let dropped: Vec<&JournalEntry> = creates.iter().filter(|e| is_dropped(e)).collect();
    assert!(
        dropped.len() >= 30,
        "about 30% of answers should be lost, saw {} of {}",
        dropped.len(),
        creates.len()
    );
    assert!(dropped.iter().all(|e| e.status.is_none()));
    let mut attempts_per_token: BTreeMap<&str, Vec<&JournalEntry>> = BTreeMap::new();
    for entry in &creates {
        attempts_per_token
            .entry(token(entry))
            .or_default()
            .push(entry);
    }
    assert_eq!(
        attempts_per_token.len(),
        CREATES,
        "one ClientToken per create"
    );
    for (token, attempts) in &attempts_per_token {
        let (last, earlier) = attempts.split_last().unwrap();
        assert!(
            earlier.iter().all(|e| is_dropped(e)),
            "{token}: only lost answers are retried"
        );
        assert!(!is_dropped(last), "{token}: the last attempt was answered");
        assert_eq!(last.status, Some(200));
        assert!(!attempts[0].replayed, "{token}: the first attempt commits");
        assert!(
            attempts[1..].iter().all(|e| e.replayed),
            "{token}: every retry replays the committed first attempt"
        );
        assert!(attempts.len() <= MAX_ATTEMPTS, "{token}: too many attempts");
        let ips: HashSet<&String> = attempts.iter().map(|e| &e.params["IpAddress"]).collect();
        assert_eq!(ips.len(), 1, "{token}: retries resend the same request");
    }
    let retried = attempts_per_token.values().filter(|a| a.len() > 1).count();
    assert!(retried >= 30, "only {retried} creates were retried");
    let replayed = creates.iter().filter(|e| e.replayed).count();
    assert_eq!(
        replayed,
        creates.len() - CREATES,
        "retries, and only retries, replay"
    );
}

#[tokio::test]
async fn concurrent_creates_with_lost_answers_each_land_exactly_once() {
    const CREATES: usize = 50;
    let env = TestEnv::with(emulator_builder().quotas(roomy_quotas()), Wire::V3_GET).await;
    // Concurrency makes the order of fault draws vary from run to run, so allow enough
    // attempts that losing all of them (0.3^20) cannot happen in practice.
    let client = client_builder(&env.emu, Wire::V3_GET)
        .retry(e2e::fast_retry().with_max_attempts(20))
        .build()
        .unwrap();
    env.emu
        .add_fault(FaultRule::drop_after_commit("CreateCustomerGateway").probability(0.3));

    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..CREATES {
        let client = client.clone();
        tasks.spawn(async move {
            client
                .create_customer_gateway()
                .ip_address(format!("10.99.{i}.1"))
                .send()
                .await
                .map(|out| out.customer_gateway_id.unwrap())
        });
    }
    let mut ids = HashSet::new();
    while let Some(result) = tasks.join_next().await {
        let id = result.unwrap().expect("no error surfaces");
        assert!(ids.insert(id), "two creates got the same gateway");
    }
    env.emu.clear_faults();

    let listed = env
        .client
        .describe_customer_gateways()
        .into_paginator()
        .page_size(50)
        .items()
        .try_collect()
        .await
        .unwrap();
    let listed: HashSet<String> = listed
        .into_iter()
        .map(|g| g.customer_gateway_id.unwrap())
        .collect();
    assert_eq!(listed, ids, "exactly the gateways the callers got");
    let creates = env.journal_for("CreateCustomerGateway");
    let tokens: HashSet<&str> = creates.iter().map(token).collect();
    assert_eq!(tokens.len(), CREATES);
    assert!(creates.iter().any(is_dropped), "some answers were lost");
}

#[tokio::test]
async fn a_throttled_read_succeeds_after_backing_off() {
    let env = TestEnv::start(Wire::V1_GET).await;
    env.seed_gateway();
    env.emu
        .add_fault(FaultRule::throttle("DescribeVpnGateways").times(2));

    let out = env
        .client
        .describe_vpn_gateways()
        .send()
        .await
        .expect("the third attempt succeeds");

    assert_eq!(out.total_count, Some(1));
    let attempts = env.journal_for("DescribeVpnGateways");
    let outcomes: Vec<(Option<u16>, Option<&str>)> = attempts
        .iter()
        .map(|e| (e.status, e.error_code.as_deref()))
        .collect();
    assert_eq!(
        outcomes,
        [
            (Some(400), Some("Throttling.User")),
            (Some(400), Some("Throttling.User")),
            (Some(200), None)
        ]
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn a_throttled_call_waits_the_time_the_service_asks_for() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let client = client_builder(&env.emu, Wire::V3_POST)
        .retry(
            RetryConfig::default()
                .with_throttle_base_delay(Duration::from_millis(1))
                .with_max_delay(Duration::from_secs(1)),
        )
        .build()
        .unwrap();
    env.emu.add_fault(
        FaultRule::new(
            Some("DescribeVpnGateways"),
            FaultKind::Throttle { time_left_ms: 120 },
        )
        .times(1),
    );

    client
        .describe_vpn_gateways()
        .send()
        .await
        .expect("the retry succeeds");

    let attempts = env.journal_for("DescribeVpnGateways");
    assert_eq!(attempts.len(), 2);
    let gap = attempts[1].time_ms - attempts[0].time_ms;
    assert!(gap >= 110, "waited {gap} ms, the service asked for 120 ms");
}

#[tokio::test]
async fn a_throttled_create_is_retried_and_creates_once() {
    // Throttling means "not executed", so a create is safe to retry whatever its token.
    let env = TestEnv::start(Wire::V3_GET).await;
    env.emu
        .add_fault(FaultRule::throttle("CreateVpnGateway").times(1));

    env.client
        .create_vpn_gateway()
        .vpc_id("vpc-e2ereliable00000000")
        .bandwidth(5)
        .send()
        .await
        .expect("the retry succeeds");

    assert_eq!(env.journal_for("CreateVpnGateway").len(), 2);
    let listed = env.client.describe_vpn_gateways().send().await.unwrap();
    assert_eq!(listed.total_count, Some(1));
}

#[tokio::test]
async fn a_lost_answer_to_create_vpn_gateway_is_retried_with_its_token_and_buys_one_gateway() {
    // CreateVpnGateway takes a ClientToken (it once did not, and a retried create could
    // buy a second gateway): a 503 and a lost answer are both retried with the same token,
    // and exactly one gateway exists afterwards.
    let env = TestEnv::start(Wire::V1_POST).await;
    env.emu
        .add_fault(FaultRule::server_error("CreateVpnGateway", 503).times(1));
    env.emu
        .add_fault(FaultRule::drop_after_commit("CreateVpnGateway").times(1));

    let out = env
        .client
        .create_vpn_gateway()
        .vpc_id("vpc-e2ereliable00000000")
        .bandwidth(5)
        .send()
        .await
        .expect("the retry succeeds");

    let attempts = env.journal_for("CreateVpnGateway");
    assert_eq!(attempts.len(), 3, "{attempts:?}");
    assert_eq!(
        attempts[0].error_code.as_deref(),
        Some("ServiceUnavailable")
    );
    assert!(is_dropped(&attempts[1]));
    let tokens: HashSet<&str> = attempts.iter().map(token).collect();
    assert_eq!(tokens.len(), 1, "one ClientToken for every attempt");
    let listed = env.client.describe_vpn_gateways().send().await.unwrap();
    assert_eq!(listed.total_count, Some(1));
    let only = &listed.vpn_gateways[0];
    assert_eq!(only.vpn_gateway_id, out.vpn_gateway_id);
}

#[tokio::test]
async fn a_server_error_on_a_tokened_create_is_retried_with_the_same_token() {
    let env = TestEnv::start(Wire::V3_POST).await;
    env.emu
        .add_fault(FaultRule::server_error("CreateCustomerGateway", 500).times(2));

    env.client
        .create_customer_gateway()
        .ip_address("198.51.100.60")
        .send()
        .await
        .expect("the third attempt succeeds");

    let attempts = env.journal_for("CreateCustomerGateway");
    let codes: Vec<Option<&str>> = attempts.iter().map(|e| e.error_code.as_deref()).collect();
    assert_eq!(codes, [Some("InternalError"), Some("InternalError"), None]);
    let tokens: HashSet<&str> = attempts.iter().map(token).collect();
    assert_eq!(tokens.len(), 1, "one ClientToken for every attempt");
    let listed = env
        .client
        .describe_customer_gateways()
        .send()
        .await
        .unwrap();
    assert_eq!(listed.total_count, Some(1));
}

#[tokio::test]
async fn persistent_throttling_fails_after_3_attempts_and_says_so() {
    let env = TestEnv::start(Wire::V3_GET).await;
    env.emu
        .add_fault(FaultRule::throttle("DescribeVpnGateways"));

    let err = assert_service_error!(
        env.client.describe_vpn_gateways().send().await,
        DescribeVpnGatewaysError::Unhandled,
        "Throttling.User",
        400
    );

    assert_eq!(err.attempts(), Some(3));
    assert!(err.is_throttling());
    assert!(err.to_string().contains("3 attempts"), "{err}");
    assert_eq!(env.journal_for("DescribeVpnGateways").len(), 3);
}

#[tokio::test]
async fn persistent_server_errors_fail_after_3_attempts_and_say_so() {
    let env = TestEnv::start(Wire::V1_GET).await;
    env.emu
        .add_fault(FaultRule::server_error("DescribeVpnGateways", 503));

    let err = assert_service_error!(
        env.client.describe_vpn_gateways().send().await,
        DescribeVpnGatewaysError::Unhandled,
        "ServiceUnavailable",
        503
    );

    assert_eq!(err.attempts(), Some(3));
    assert!(err.to_string().contains("3 attempts"), "{err}");
    assert_eq!(env.journal_for("DescribeVpnGateways").len(), 3);
}

#[tokio::test]
async fn persistently_lost_answers_fail_after_3_attempts_and_say_so() {
    let env = TestEnv::start(Wire::V3_POST).await;
    env.emu
        .add_fault(FaultRule::drop_after_commit("CreateCustomerGateway"));

    let err = env
        .client
        .create_customer_gateway()
        .ip_address("198.51.100.61")
        .send()
        .await
        .expect_err("no answer ever arrives");

    assert!(
        matches!(err, SdkError::<CreateCustomerGatewayError>::Transport(_)),
        "{err:?}"
    );
    assert_eq!(err.attempts(), Some(3));
    assert!(err.to_string().contains("3 attempts"), "{err}");
    let attempts = env.journal_for("CreateCustomerGateway");
    assert_eq!(attempts.len(), 3);
    assert_eq!(
        attempts.iter().map(|e| e.replayed).collect::<Vec<_>>(),
        [false, true, true],
        "the first attempt committed, the retries replayed it"
    );
    env.emu.clear_faults();
    let listed = env
        .client
        .describe_customer_gateways()
        .send()
        .await
        .unwrap();
    assert_eq!(listed.total_count, Some(1), "committed once");
}

#[tokio::test]
async fn a_create_whose_answers_were_all_lost_is_recovered_by_resending_its_token() {
    let env = TestEnv::start(Wire::V1_GET).await;
    env.emu
        .add_fault(FaultRule::drop_after_commit("CreateCustomerGateway").times(3));
    let create = || {
        env.client
            .create_customer_gateway()
            .ip_address("198.51.100.62")
            .client_token("e2e-recover-0001")
    };

    let err = create().send().await.expect_err("three lost answers");
    assert_eq!(err.attempts(), Some(3));
    let out = create()
        .send()
        .await
        .expect("the same token gets the committed answer");

    let attempts = env.journal_for("CreateCustomerGateway");
    assert_eq!(attempts.len(), 4);
    assert!(attempts.iter().all(|e| token(e) == "e2e-recover-0001"));
    assert!(attempts[3].replayed, "answered from the first commit");
    let listed = env
        .client
        .describe_customer_gateways()
        .send()
        .await
        .unwrap();
    assert_eq!(listed.total_count, Some(1), "no duplicate");
    assert_eq!(
        listed.customer_gateways[0].customer_gateway_id,
        out.customer_gateway_id
    );
}

#[tokio::test]
async fn the_configured_number_of_attempts_is_honoured() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let client = client_builder(&env.emu, Wire::V1_POST)
        .retry(e2e::fast_retry().with_max_attempts(5))
        .build()
        .unwrap();
    env.emu
        .add_fault(FaultRule::throttle("DescribeVpnGateways"));

    let err = client.describe_vpn_gateways().send().await.unwrap_err();

    assert_eq!(err.attempts(), Some(5));
    assert!(err.to_string().contains("5 attempts"), "{err}");
    assert_eq!(env.journal().len(), 5);
}

#[tokio::test]
async fn disabled_retries_make_one_attempt() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let client = client_builder(&env.emu, Wire::V3_GET)
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    env.emu
        .add_fault(FaultRule::throttle("DescribeVpnGateways").times(1));

    let err = client.describe_vpn_gateways().send().await.unwrap_err();

    assert_eq!(err.code(), Some("Throttling.User"));
    assert_eq!(err.attempts(), Some(1));
    assert!(!err.to_string().contains("attempts"), "{err}");
    assert_eq!(env.journal().len(), 1);
}

#[tokio::test]
async fn a_hung_answer_times_out_and_the_retry_replays_the_committed_create() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let client = client_builder(&env.emu, Wire::V3_GET)
        .timeouts(Timeouts::default().with_attempt(Duration::from_millis(250)))
        .build()
        .unwrap();
    env.emu.add_fault(
        FaultRule::new(
            Some("CreateCustomerGateway"),
            FaultKind::DropAfterCommit {
                mode: DropMode::Hang,
            },
        )
        .times(1),
    );
    let started = Instant::now();

    let out = client
        .create_customer_gateway()
        .ip_address("198.51.100.63")
        .send()
        .await
        .expect("the retry gets the answer");

    assert!(started.elapsed() >= Duration::from_millis(250));
    let attempts = env.journal_for("CreateCustomerGateway");
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[0].status, None, "never answered");
    assert!(attempts[1].replayed);
    assert_eq!(token(&attempts[0]), token(&attempts[1]));
    let listed = env
        .client
        .describe_customer_gateways()
        .send()
        .await
        .unwrap();
    assert_eq!(listed.total_count, Some(1));
    assert_eq!(
        listed.customer_gateways[0].customer_gateway_id,
        out.customer_gateway_id
    );
}

#[tokio::test]
async fn a_slow_service_is_cut_off_by_the_operation_timeout() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let client = client_builder(&env.emu, Wire::V1_POST)
        .timeouts(Timeouts::default().with_operation(Duration::from_millis(200)))
        .build()
        .unwrap();
    env.emu.add_fault(FaultRule::latency(
        "DescribeVpnGateways",
        Duration::from_secs(2),
    ));
    let started = Instant::now();

    let err = client.describe_vpn_gateways().send().await.unwrap_err();

    assert!(
        matches!(&err, SdkError::Timeout(t) if t.kind == TimeoutKind::Operation),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "cut off at 200 ms"
    );
    assert!(err.to_string().contains("operation timeout"), "{err}");
    assert_eq!(err.attempts(), Some(1));
}

#[tokio::test]
async fn resending_a_client_token_returns_the_first_answer_without_a_second_gateway() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let create = || {
        env.client
            .create_customer_gateway()
            .ip_address("198.51.100.64")
            .client_token("e2e-same-token-0001")
            .send()
    };

    let first = create().await.unwrap();
    let second = create()
        .await
        .expect("a replay, not InvalidIpAddress.AlreadyExist");

    assert_eq!(second.customer_gateway_id, first.customer_gateway_id);
    assert_ne!(second.request_id, first.request_id, "a new request id");
    let journal = env.journal_for("CreateCustomerGateway");
    assert_eq!(
        journal.iter().map(|e| e.replayed).collect::<Vec<_>>(),
        [false, true]
    );
    let listed = env
        .client
        .describe_customer_gateways()
        .send()
        .await
        .unwrap();
    assert_eq!(listed.total_count, Some(1));
}

#[tokio::test]
async fn resending_a_client_token_with_other_parameters_is_a_mismatch() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let create = |ip: &'static str| {
        env.client
            .create_customer_gateway()
            .ip_address(ip)
            .client_token("e2e-same-token-0002")
            .send()
    };
    create("198.51.100.65").await.unwrap();

    let err = assert_service_error!(
        create("198.51.100.66").await,
        CreateCustomerGatewayError::Unhandled,
        "IdempotentParameterMismatch",
        400
    );
    assert_eq!(err.attempts(), Some(1), "not retried");
    let listed = env
        .client
        .describe_customer_gateways()
        .send()
        .await
        .unwrap();
    assert_eq!(listed.total_count, Some(1));
}

#[tokio::test]
async fn an_unreachable_endpoint_is_retried_for_a_create() {
    // Connection refused means the request was never sent: safe to retry any operation.
    // Port 1 on loopback has no listener.
    let env = TestEnv::start(Wire::V1_GET).await;
    let client = client_builder(&env.emu, Wire::V1_GET)
        .endpoint("http://127.0.0.1:1")
        .build()
        .unwrap();

    let err = client
        .create_vpn_gateway()
        .vpc_id("vpc-e2ereliable00000000")
        .bandwidth(5)
        .send()
        .await
        .expect_err("nothing listens on port 1");

    assert!(matches!(err, SdkError::Transport(_)), "{err:?}");
    assert_eq!(err.attempts(), Some(3));
    assert!(err.to_string().contains("3 attempts"), "{err}");
    assert!(env.journal().is_empty());
}

// ----- the client-wide retry quota, adaptive mode, answers that are never retried -----

fn describe_attempts(env: &TestEnv) -> usize {
    env.journal_for("DescribeVpnGateways").len()
}

#[tokio::test]
async fn a_down_service_costs_about_one_attempt_per_call_once_the_quota_is_spent() {
    const CALLS: usize = 30;
    let env = TestEnv::start(Wire::V1_POST).await;
    env.emu
        .add_fault(FaultRule::server_error("DescribeVpnGateways", 503));
    // 50 tokens pay for 10 retries (5 each), for all the client's calls together.
    let client = client_builder(&env.emu, Wire::V1_POST)
        .retry(e2e::fast_retry().with_quota_capacity(50))
        .build()
        .unwrap();

    let mut attempts = Vec::new();
    for _ in 0..CALLS {
        let e = assert_service_error!(
            client.describe_vpn_gateways().send().await,
            DescribeVpnGatewaysError::Unhandled,
            "ServiceUnavailable",
            503
        );
        attempts.push(e.attempts().unwrap());
    }
    assert_eq!(
        describe_attempts(&env),
        CALLS + 10,
        "every call once, plus the 10 retries the quota paid for (not {})",
        CALLS * 3
    );
    assert_eq!(&attempts[..5], &[3; 5], "the first calls retry as usual");
    assert!(attempts[5..].iter().all(|&a| a == 1), "{attempts:?}");

    // Successes refill the bucket, one token each: five of them pay for one retry.
    env.emu.clear_faults();
    for _ in 0..5 {
        client.describe_vpn_gateways().send().await.unwrap();
    }
    env.emu.clear_journal();
    env.emu
        .add_fault(FaultRule::server_error("DescribeVpnGateways", 503));
    let e = client.describe_vpn_gateways().send().await.unwrap_err();
    assert_eq!(e.attempts(), Some(2));
    assert_eq!(describe_attempts(&env), 2);
}

#[tokio::test]
async fn concurrent_calls_never_retry_more_than_the_quota_pays_for() {
    const CALLS: usize = 40;
    let env = TestEnv::start(Wire::V3_POST).await;
    env.emu
        .add_fault(FaultRule::server_error("DescribeVpnGateways", 503));
    let client = client_builder(&env.emu, Wire::V3_POST)
        .retry(e2e::fast_retry().with_quota_capacity(50))
        .build()
        .unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..CALLS {
        let client = client.clone();
        tasks.spawn(async move { client.describe_vpn_gateways().send().await });
    }
    while let Some(outcome) = tasks.join_next().await {
        assert!(outcome.unwrap().is_err());
    }
    assert_eq!(describe_attempts(&env), CALLS + 10);
}

#[tokio::test]
async fn without_the_quota_every_call_makes_all_its_attempts() {
    const CALLS: usize = 30;
    let env = TestEnv::start(Wire::V1_GET).await;
    env.emu
        .add_fault(FaultRule::server_error("DescribeVpnGateways", 503));
    let client = client_builder(&env.emu, Wire::V1_GET)
        .retry(e2e::fast_retry().without_quota())
        .build()
        .unwrap();
    for _ in 0..CALLS {
        client.describe_vpn_gateways().send().await.unwrap_err();
    }
    assert_eq!(describe_attempts(&env), CALLS * 3);
}

#[tokio::test]
async fn not_implemented_is_never_retried() {
    let env = TestEnv::start(Wire::V3_GET).await;
    env.emu.add_fault(FaultRule::new(
        Some("DescribeVpnGateways"),
        FaultKind::Error {
            code: "NotImplemented".into(),
            status: Some(501),
            message: Some("DescribeVpnGateways is not implemented".into()),
        },
    ));
    let e = assert_service_error!(
        env.client.describe_vpn_gateways().send().await,
        DescribeVpnGatewaysError::Unhandled,
        "NotImplemented",
        501
    );
    assert_eq!(e.attempts(), Some(1));
    assert!(!e.is_retryable());
    assert_eq!(describe_attempts(&env), 1, "one attempt, not 3");
}

fn throttle_once(action: &str, time_left: Duration) -> FaultRule {
    FaultRule::new(
        Some(action),
        FaultKind::Throttle {
            time_left_ms: time_left.as_millis() as u64,
        },
    )
    .times(1)
}

#[tokio::test]
async fn adaptive_mode_holds_every_send_of_the_client_for_the_time_left() {
    const TIME_LEFT: Duration = Duration::from_millis(400);
    let env = TestEnv::start(Wire::V1_POST).await;
    env.seed_gateway();
    // No retries: what is held back is the client's next calls, not a retry's wait.
    let client = client_builder(&env.emu, Wire::V1_POST)
        .retry(RetryConfig::disabled().with_mode(alibabacloud_vpn::retry::RetryMode::Adaptive))
        .build()
        .unwrap();
    env.emu
        .add_fault(throttle_once("DescribeVpnGateways", TIME_LEFT));

    let e = client.describe_vpn_gateways().send().await.unwrap_err();
    assert!(e.is_throttling(), "{e}");
    // Another operation, from a clone of the client: held all the same.
    client
        .clone()
        .describe_customer_gateways()
        .send()
        .await
        .unwrap();
    client.describe_vpn_gateways().send().await.unwrap();

    let journal = env.journal();
    assert_eq!(journal.len(), 3);
    assert_eq!(journal[0].error_code.as_deref(), Some("Throttling.User"));
    let gap = journal[1].time_ms - journal[0].time_ms;
    assert!(
        gap >= TIME_LEFT.as_millis() as i64,
        "the next send came {gap} ms after the throttling answer, before its TimeLeft"
    );
    assert!(journal[1..].iter().all(|e| e.status == Some(200)));
}

#[tokio::test]
async fn standard_mode_does_not_hold_other_calls_after_throttling() {
    // A TimeLeft far longer than the test: only a held send could take that long.
    const TIME_LEFT: Duration = Duration::from_secs(30);
    let env = TestEnv::start(Wire::V3_POST).await;
    let client = client_builder(&env.emu, Wire::V3_POST)
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    env.emu
        .add_fault(throttle_once("DescribeVpnGateways", TIME_LEFT));
    client.describe_vpn_gateways().send().await.unwrap_err();
    client.describe_customer_gateways().send().await.unwrap();
    let journal = env.journal();
    assert_eq!(journal.len(), 2);
    assert!(journal[1].time_ms - journal[0].time_ms < TIME_LEFT.as_millis() as i64);
}

#[tokio::test]
async fn an_answer_over_the_body_limit_is_a_typed_error_and_not_retried() {
    let env = TestEnv::start(Wire::V1_GET).await;
    for _ in 0..20 {
        env.seed_gateway();
    }
    let client = client_builder(&env.emu, Wire::V1_GET)
        .max_response_bytes(4 * 1024)
        .build()
        .unwrap();
    let e = client
        .describe_vpn_gateways()
        .page_size(20)
        .send()
        .await
        .unwrap_err();
    let SdkError::Transport(t) = &e else {
        panic!("expected a transport error, got {e:?}")
    };
    let source = std::error::Error::source(t).expect("a source");
    let limit = source
        .downcast_ref::<alibabacloud_vpn::transport::BodyTooLarge>()
        .expect("the source is BodyTooLarge");
    assert_eq!(limit.limit, 4 * 1024);
    assert_eq!(t.attempts, 1);
    assert_eq!(describe_attempts(&env), 1);
    // The same page fits the default limit.
    let page = env
        .client
        .describe_vpn_gateways()
        .page_size(20)
        .send()
        .await
        .unwrap();
    assert_eq!(page.vpn_gateways.len(), 20);
}
