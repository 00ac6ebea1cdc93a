//! Client-side validation: a request that breaks a documented rule fails with
//! `SdkError::Validation` naming the parameter and the rule, and nothing reaches the
//! service (the emulator's journal stays empty).

use e2e::alibabacloud_vpn::error::{ValidationError, ValidationRule};
use e2e::alibabacloud_vpn::types::IkeConfig;
use e2e::alibabacloud_vpn::{Client, Credentials, SdkError};
use e2e::{TestEnv, Wire};

/// Asserts that `result` is a validation error for `parameter`, and returns its rule.
#[track_caller]
fn validation_error<T: std::fmt::Debug, E: std::fmt::Debug>(
    result: Result<T, SdkError<E>>,
    parameter: &str,
) -> ValidationError {
    match result {
        Err(SdkError::Validation(e)) => {
            assert_eq!(e.parameter, parameter, "{e}");
            e
        }
        other => panic!("expected a validation error for `{parameter}`, got {other:?}"),
    }
}

#[tokio::test]
async fn a_missing_required_parameter_is_refused_before_sending() {
    let env = TestEnv::start(Wire::V1_GET).await;

    let result = env.client.create_vpn_gateway().bandwidth(5).send().await;

    let e = validation_error(result, "VpcId");
    assert_eq!(e.rule, ValidationRule::Missing);
    assert_eq!(e.to_string(), "missing required parameter `VpcId`");
    assert!(env.journal().is_empty(), "{:?}", env.journal());
}

#[tokio::test]
async fn a_value_outside_the_allowed_set_is_refused_before_sending() {
    let env = TestEnv::start(Wire::V1_POST).await;

    let result = env
        .client
        .create_vpn_gateway()
        .vpc_id("vpc-e2e00000000000000001")
        .bandwidth(7)
        .send()
        .await;

    let e = validation_error(result, "Bandwidth");
    assert!(
        matches!(&e.rule, ValidationRule::NotAllowed { value, .. } if value == "7"),
        "{e:?}"
    );
    assert!(e.to_string().contains("5, 10, 20, 50, 100"), "{e}");
    assert!(env.journal().is_empty());
}

#[tokio::test]
async fn a_reserved_port_is_refused_before_sending() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let gateway = env.seed_ssl_gateway();

    let result = env
        .client
        .create_ssl_vpn_server()
        .vpn_gateway_id(&gateway)
        .client_ip_pool("192.168.100.0/24")
        .local_subnet("10.0.0.0/8")
        .port(443)
        .send()
        .await;

    let e = validation_error(result, "Port");
    assert_eq!(
        e.rule,
        ValidationRule::Forbidden {
            value: "443".into()
        }
    );
    assert!(env.journal().is_empty());
}

#[tokio::test]
async fn a_description_starting_with_a_url_scheme_is_refused_before_sending() {
    let env = TestEnv::start(Wire::V3_POST).await;

    let result = env
        .client
        .create_customer_gateway()
        .ip_address("198.51.100.40")
        .description("http://example.com is not a description")
        .send()
        .await;

    let e = validation_error(result, "Description");
    assert_eq!(
        e.rule,
        ValidationRule::Prefix {
            prefix: "http://".into()
        }
    );
    assert!(env.journal().is_empty());
}

#[tokio::test]
async fn a_name_too_short_is_refused_before_sending() {
    let env = TestEnv::start(Wire::V1_GET).await;

    let result = env
        .client
        .create_customer_gateway()
        .ip_address("198.51.100.41")
        .name("x")
        .send()
        .await;

    let e = validation_error(result, "Name");
    assert!(
        matches!(e.rule, ValidationRule::Length { actual: 1, .. }),
        "{e:?}"
    );
    assert!(env.journal().is_empty());
}

#[tokio::test]
async fn a_bad_member_of_a_json_string_parameter_is_named_with_its_path() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let gateway = env.seed_gateway();
    let cgw = env.seed_customer_gateway("198.51.100.42");
    env.emu.clear_journal();

    let result = env
        .client
        .create_vpn_connection()
        .vpn_gateway_id(&gateway)
        .customer_gateway_id(&cgw)
        .local_subnet("10.0.0.0/24")
        .remote_subnet("192.168.0.0/24")
        .ike_config(IkeConfig::builder().ike_lifetime(86_401).build())
        .send()
        .await;

    let e = validation_error(result, "IkeConfig.IkeLifetime");
    assert!(
        matches!(&e.rule, ValidationRule::NotAllowed { value, .. } if value == "86401"),
        "{e:?}"
    );
    assert!(env.journal().is_empty());
}

#[tokio::test]
async fn a_client_token_too_long_is_refused_before_sending() {
    let env = TestEnv::start(Wire::V3_GET).await;

    let result = env
        .client
        .create_customer_gateway()
        .ip_address("198.51.100.43")
        .client_token("t".repeat(65))
        .send()
        .await;

    let e = validation_error(result, "ClientToken");
    assert!(
        matches!(
            e.rule,
            ValidationRule::Length {
                actual: 65,
                max: Some(64),
                ..
            }
        ),
        "{e:?}"
    );
    assert!(env.journal().is_empty());
}

#[tokio::test]
async fn a_missing_region_is_refused_before_sending_when_the_client_has_none() {
    let env = TestEnv::start(Wire::V3_POST).await;
    // Like `client_builder`, but without a region.
    let regionless = Client::builder()
        .endpoint(env.emu.endpoint())
        .credentials(Credentials::new(
            env.emu.access_key_id(),
            env.emu.access_key_secret(),
        ))
        .signature_version(env.wire.signature)
        .http_method(env.wire.method)
        .build()
        .expect("an explicit endpoint needs no region");

    let result = regionless.describe_vpn_gateways().send().await;

    let e = validation_error(result, "RegionId");
    assert_eq!(e.rule, ValidationRule::Missing);
    assert!(env.journal().is_empty());
}

#[tokio::test]
async fn a_page_size_above_the_maximum_is_refused_by_the_paginator_before_sending() {
    let env = TestEnv::start(Wire::V1_GET).await;

    let mut pages = env
        .client
        .describe_customer_gateways()
        .into_paginator()
        .page_size(51)
        .send();

    let first = pages.next().await.expect("one item: the error");
    let e = validation_error(first, "PageSize");
    assert!(
        matches!(&e.rule, ValidationRule::NotAllowed { value, .. } if value == "51"),
        "{e:?}"
    );
    assert!(
        pages.next().await.is_none(),
        "the stream ends after the error"
    );
    assert!(env.journal().is_empty());
}

#[tokio::test]
async fn validation_errors_report_no_attempts_request_id_or_status() {
    let env = TestEnv::start(Wire::V3_GET).await;

    let err = env
        .client
        .describe_vpn_gateway()
        .send()
        .await
        .expect_err("VpnGatewayId is required");

    assert!(matches!(err, SdkError::Validation(_)), "{err:?}");
    assert_eq!(err.attempts(), None);
    assert_eq!(err.request_id(), None);
    assert_eq!(err.http_status(), None);
    assert!(!err.is_retryable());
    assert!(env.journal().is_empty());
}

#[tokio::test]
async fn with_value_checks_off_the_service_judges_values_but_required_members_are_still_checked() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let client = e2e::client_builder(&env.emu, env.wire)
        .value_checks(false)
        .build()
        .unwrap();

    // Bandwidth 7 breaks the spec's value rule: the request goes out anyway and the
    // emulator, which validates from the same spec, answers with the service's error.
    let result = client
        .create_vpn_gateway()
        .vpc_id("vpc-e2e00000000000000001")
        .bandwidth(7)
        .send()
        .await;
    match &result {
        Err(SdkError::Service(e)) => {
            let code = e.code();
            assert!(
                code.starts_with("InvalidParameter") || code.contains("Bandwidth"),
                "{e}"
            );
        }
        other => panic!("expected the service's answer, got {other:?}"),
    }
    let sent = env.journal_for("CreateVpnGateway");
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].params.get("Bandwidth").map(String::as_str),
        Some("7")
    );

    // A missing required member is refused before sending, whatever the setting.
    let result = client.create_vpn_gateway().bandwidth(7).send().await;
    validation_error(result, "VpcId");
    assert_eq!(env.journal_for("CreateVpnGateway").len(), 1);
}
