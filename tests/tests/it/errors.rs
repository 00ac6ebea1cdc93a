//! What users reach for on an error: the typed service error (`as_service_error`,
//! `into_service_error`), `code`, `message`, `request_id`, `is_throttling`,
//! `is_not_found`; a `Display` that always says how many attempts were made; and error
//! chains that print each message once (`Display` describes the error itself, `source`
//! returns only what lies below).

use std::error::Error as _;
use std::time::Duration;

use alibabacloud_vpn::operation::describe_vpn_gateway::DescribeVpnGatewayError;
use alibabacloud_vpn::retry::RetryConfig;
use alibabacloud_vpn::test_util::StubTransport;
use alibabacloud_vpn::transport::HttpResponse;
use alibabacloud_vpn::{Credentials, SdkError};
use e2e::{TestEnv, Wire, client_builder, emulator_builder, fast_retry};
use vpn_emulator::FaultRule;

/// Every message of the chain, outermost first.
fn chain(error: &dyn std::error::Error) -> Vec<String> {
    let mut out = vec![error.to_string()];
    let mut next = error.source();
    while let Some(e) = next {
        out.push(e.to_string());
        next = e.source();
    }
    out
}

/// No message of the chain repeats one below it (each is printed once).
#[track_caller]
fn assert_printed_once(error: &dyn std::error::Error) {
    let messages = chain(error);
    for (i, outer) in messages.iter().enumerate() {
        for inner in &messages[i + 1..] {
            assert!(
                !outer.contains(inner.as_str()),
                "{inner:?} is printed twice in the chain {messages:#?}"
            );
        }
    }
}

#[tokio::test]
async fn a_documented_service_error_is_typed_and_self_describing() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let err = env
        .client
        .describe_vpn_gateway()
        .vpn_gateway_id("vpn-doesnotexist000000000")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err.as_service_error(),
        Some(DescribeVpnGatewayError::InvalidVpnGatewayInstanceIdNotFound(_))
    ));
    assert_eq!(err.code(), Some("InvalidVpnGatewayInstanceId.NotFound"));
    assert_eq!(
        err.message(),
        Some("The specified vpn gateway instance id does not exist.")
    );
    let request_id = err.request_id().expect("a request id").to_string();
    assert!(err.is_not_found());
    assert!(!err.is_throttling());
    let text = err.to_string();
    for part in [
        "InvalidVpnGatewayInstanceId.NotFound",
        "HTTP 404",
        "does not exist",
        &request_id,
        "(after 1 attempt)",
    ] {
        assert!(text.contains(part), "{part:?} missing from {text}");
    }
    assert!(
        err.source().is_none(),
        "the service error is in Display already"
    );
    assert_printed_once(&err);
    let service = err.into_service_error().expect("a service error");
    assert!(service.is_invalid_vpn_gateway_instance_id_not_found());
}

#[tokio::test]
async fn an_unknown_access_key_is_not_a_missing_resource() {
    let emu = emulator_builder().start().await.unwrap();
    let client = client_builder(&emu, Wire::V3_GET)
        .credentials(Credentials::new("LTAIunknownkey0000", "x"))
        .build()
        .unwrap();
    let err = client
        .describe_vpn_gateway()
        .vpn_gateway_id("vpn-x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidAccessKeyId.NotFound"));
    assert_eq!(err.http_status(), Some(404));
    assert!(
        !err.is_not_found(),
        "about the caller's key, not a resource"
    );
    let err = err.into_service_error().unwrap();
    assert!(matches!(err, DescribeVpnGatewayError::Unhandled(_)));
}

#[tokio::test]
async fn throttling_retried_to_the_end_says_how_many_attempts() {
    let env = TestEnv::start(Wire::V3_POST).await;
    env.emu
        .add_fault(FaultRule::throttle("DescribeVpnGateways"));
    let err = env.client.describe_vpn_gateways().send().await.unwrap_err();
    assert!(err.is_throttling());
    assert_eq!(err.attempts(), Some(3));
    assert!(err.to_string().ends_with("(after 3 attempts)"), "{err}");
    assert_printed_once(&err);
}

#[tokio::test]
async fn transport_and_timeout_errors_print_their_causes_once() {
    // Nothing listens: connection refused, three attempts.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = alibabacloud_vpn::Client::builder()
        .endpoint(format!("http://127.0.0.1:{port}"))
        .region_id(e2e::REGION)
        .credentials(Credentials::new("id", "secret"))
        .retry(fast_retry())
        .build()
        .unwrap();
    let err = client.describe_vpn_gateways().send().await.unwrap_err();
    assert!(matches!(err, SdkError::Transport(_)), "{err:?}");
    assert!(err.to_string().contains("(after 3 attempts)"), "{err}");
    let messages = chain(&err);
    assert!(messages.len() >= 2, "the cause is the source: {messages:?}");
    assert_printed_once(&err);

    let env = TestEnv::start(Wire::V1_GET).await;
    env.emu.add_fault(FaultRule::latency(
        "DescribeVpnGateways",
        Duration::from_millis(500),
    ));
    let client = client_builder(&env.emu, Wire::V1_GET)
        .timeouts(alibabacloud_vpn::config::Timeouts::new().with_attempt(Duration::from_millis(50)))
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let err = client.describe_vpn_gateways().send().await.unwrap_err();
    assert!(matches!(err, SdkError::Timeout(_)), "{err:?}");
    assert!(err.to_string().ends_with("(after 1 attempt)"), "{err}");
    assert_printed_once(&err);
}

#[tokio::test]
async fn local_decode_and_credentials_errors_say_what_was_sent() {
    let stub = StubTransport::new().with_response(
        "DescribeVpnGateways",
        HttpResponse::new(200, "<html>proxy login</html>"),
    );
    let client = stub.client();
    let err = client.describe_vpn_gateways().send().await.unwrap_err();
    assert!(matches!(err, SdkError::Decode(_)), "{err:?}");
    assert!(err.to_string().ends_with("(after 1 attempt)"), "{err}");
    assert_printed_once(&err);

    let err = client.describe_vpn_gateway().send().await.unwrap_err();
    assert!(matches!(err, SdkError::Validation(_)), "{err:?}");
    assert_eq!(err.attempts(), None);
    assert!(err.to_string().ends_with("(nothing was sent)"), "{err}");
    assert_eq!(stub.requests().len(), 1, "the invalid call was not sent");

    let home = std::env::temp_dir().join(format!("e2e-errors-home-{}", std::process::id()));
    let env = alibabacloud_vpn::env::Env::from_pairs([
        ("HOME".to_string(), home.display().to_string()),
        (
            alibabacloud_vpn::env::ECS_METADATA_DISABLED.to_string(),
            "true".to_string(),
        ),
    ]);
    let client = stub
        .client_builder()
        .credentials(alibabacloud_vpn::credentials::DefaultCredentialsChain::from_env(&env));
    let err = client
        .build()
        .unwrap()
        .describe_vpn_gateways()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Credentials(_)), "{err:?}");
    assert!(err.to_string().ends_with("(after 1 attempt)"), "{err}");
    assert_eq!(
        stub.requests().len(),
        1,
        "nothing was sent without credentials"
    );
}
