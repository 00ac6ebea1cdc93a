//! Customer gateway operations end to end: CreateCustomerGateway,
//! DescribeCustomerGateway, DescribeCustomerGateways, ModifyCustomerGatewayAttribute,
//! DeleteCustomerGateway. Each has a success path and a documented error path; the tests
//! rotate through the four wire combinations.

use e2e::alibabacloud_vpn::operation::create_customer_gateway::CreateCustomerGatewayError;
use e2e::alibabacloud_vpn::operation::delete_customer_gateway::DeleteCustomerGatewayError;
use e2e::alibabacloud_vpn::operation::describe_customer_gateway::DescribeCustomerGatewayError;
use e2e::alibabacloud_vpn::operation::describe_customer_gateways::DescribeCustomerGatewaysError;
use e2e::alibabacloud_vpn::operation::modify_customer_gateway_attribute::ModifyCustomerGatewayAttributeError;
use e2e::alibabacloud_vpn::time::EpochMillis;
use e2e::vpn_emulator::FaultRule;
use e2e::{TestEnv, Wire, assert_request_id, assert_resource_id, assert_service_error};

#[tokio::test]
async fn create_customer_gateway_echoes_what_was_set_and_the_gateway_is_describable() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let before = EpochMillis::now().as_millis();

    let created = env
        .client
        .create_customer_gateway()
        .ip_address("198.51.100.7")
        .name("branch-office")
        .description("Router in the branch office")
        .send()
        .await
        .expect("CreateCustomerGateway succeeds");

    let id = assert_resource_id(created.customer_gateway_id.as_deref(), "cgw-");
    assert_eq!(created.ip_address.as_deref(), Some("198.51.100.7"));
    assert_eq!(created.name.as_deref(), Some("branch-office"));
    assert_eq!(
        created.description.as_deref(),
        Some("Router in the branch office")
    );
    assert_request_id(Some(created.request_id.as_str()));
    let created_at = created.create_time.expect("a creation time").as_millis();
    assert!(created_at >= before - 1_000 && created_at <= EpochMillis::now().as_millis() + 1_000);

    let described = env
        .client
        .describe_customer_gateway()
        .customer_gateway_id(&id)
        .send()
        .await
        .expect("DescribeCustomerGateway succeeds");
    assert_eq!(described.customer_gateway_id.as_deref(), Some(id.as_str()));
    assert_eq!(described.ip_address.as_deref(), Some("198.51.100.7"));
    assert_eq!(described.name.as_deref(), Some("branch-office"));
    assert_eq!(described.create_time, created.create_time);
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn create_customer_gateway_with_an_ip_already_used_is_already_exist() {
    let env = TestEnv::start(Wire::V3_GET).await;
    env.seed_customer_gateway("198.51.100.8");

    assert_service_error!(
        env.client
            .create_customer_gateway()
            .ip_address("198.51.100.8")
            .send()
            .await,
        CreateCustomerGatewayError::InvalidIpAddressAlreadyExist,
        "InvalidIpAddress.AlreadyExist",
        400
    );
}

#[tokio::test]
async fn create_customer_gateway_with_a_malformed_ip_is_wrong_format() {
    // The SDK does not check the address format; the service does.
    let env = TestEnv::start(Wire::V3_POST).await;

    let err = assert_service_error!(
        env.client
            .create_customer_gateway()
            .ip_address("300.1.2.3")
            .send()
            .await,
        CreateCustomerGatewayError::InvalidIpAddressWrongFormat,
        "InvalidIpAddress.WrongFormat",
        400
    );
    assert!(
        err.to_string().contains("InvalidIpAddress.WrongFormat"),
        "{err}"
    );
}

#[tokio::test]
async fn describe_customer_gateway_returns_a_seeded_gateway() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let id = env.seed_customer_gateway("198.51.100.9");

    let out = env
        .client
        .describe_customer_gateway()
        .customer_gateway_id(&id)
        .send()
        .await
        .expect("DescribeCustomerGateway succeeds");

    assert_eq!(out.customer_gateway_id.as_deref(), Some(id.as_str()));
    assert_eq!(out.ip_address.as_deref(), Some("198.51.100.9"));
    assert_eq!(
        out.name.as_deref(),
        Some(id.as_str()),
        "the name defaults to the id"
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn describe_customer_gateway_of_an_unknown_id_is_not_found() {
    let env = TestEnv::start(Wire::V1_POST).await;

    assert_service_error!(
        env.client
            .describe_customer_gateway()
            .customer_gateway_id("cgw-doesnotexist000000000")
            .send()
            .await,
        DescribeCustomerGatewayError::InvalidCustomerGatewayInstanceIdNotFound,
        "InvalidCustomerGatewayInstanceId.NotFound",
        404
    );
}

#[tokio::test]
async fn describe_customer_gateways_lists_all_or_filters_by_id() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let ids: Vec<String> = ["198.51.100.1", "198.51.100.2", "198.51.100.3"]
        .iter()
        .map(|ip| env.seed_customer_gateway(ip))
        .collect();

    let all = env
        .client
        .describe_customer_gateways()
        .send()
        .await
        .expect("DescribeCustomerGateways succeeds");
    assert_eq!(all.total_count, Some(3));
    let listed: Vec<String> = all
        .customer_gateways
        .iter()
        .map(|g| g.customer_gateway_id.clone().unwrap())
        .collect();
    assert_eq!(listed, ids);
    assert_eq!(
        all.customer_gateways[2].ip_address.as_deref(),
        Some("198.51.100.3")
    );

    let one = env
        .client
        .describe_customer_gateways()
        .customer_gateway_id(&ids[1])
        .send()
        .await
        .unwrap();
    assert_eq!(one.total_count, Some(1));
    assert_eq!(one.customer_gateways.len(), 1);
    assert_eq!(
        one.customer_gateways[0].ip_address.as_deref(),
        Some("198.51.100.2")
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn describe_customer_gateways_refused_by_policy_is_forbidden() {
    let env = TestEnv::start(Wire::V3_POST).await;
    env.emu
        .add_fault(FaultRule::error("DescribeCustomerGateways", "Forbidden").times(1));

    assert_service_error!(
        env.client.describe_customer_gateways().send().await,
        DescribeCustomerGatewaysError::Forbidden,
        "Forbidden",
        403
    );
}

#[tokio::test]
async fn modify_customer_gateway_attribute_changes_name_and_description() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let id = env.seed_customer_gateway("198.51.100.10");

    let out = env
        .client
        .modify_customer_gateway_attribute()
        .customer_gateway_id(&id)
        .name("renamed-cgw")
        .description("Moved to the new rack")
        .send()
        .await
        .expect("ModifyCustomerGatewayAttribute succeeds");

    assert_eq!(out.customer_gateway_id.as_deref(), Some(id.as_str()));
    assert_eq!(out.name.as_deref(), Some("renamed-cgw"));
    assert_eq!(out.description.as_deref(), Some("Moved to the new rack"));
    assert_eq!(out.ip_address.as_deref(), Some("198.51.100.10"));
    let described = env
        .client
        .describe_customer_gateway()
        .customer_gateway_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(described.name.as_deref(), Some("renamed-cgw"));
    assert_eq!(
        described.description.as_deref(),
        Some("Moved to the new rack")
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn modify_customer_gateway_attribute_of_an_unknown_id_is_not_found() {
    let env = TestEnv::start(Wire::V1_POST).await;

    assert_service_error!(
        env.client
            .modify_customer_gateway_attribute()
            .customer_gateway_id("cgw-doesnotexist000000000")
            .name("renamed-cgw")
            .send()
            .await,
        ModifyCustomerGatewayAttributeError::InvalidCustomerGatewayInstanceIdNotFound,
        "InvalidCustomerGatewayInstanceId.NotFound",
        404
    );
}

#[tokio::test]
async fn delete_customer_gateway_removes_it_from_the_list() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let keep = env.seed_customer_gateway("198.51.100.11");
    let gone = env.seed_customer_gateway("198.51.100.12");

    let out = env
        .client
        .delete_customer_gateway()
        .customer_gateway_id(&gone)
        .send()
        .await
        .expect("DeleteCustomerGateway succeeds");
    assert_request_id(Some(out.request_id.as_str()));

    let listed = env
        .client
        .describe_customer_gateways()
        .send()
        .await
        .unwrap();
    assert_eq!(listed.total_count, Some(1));
    assert_eq!(
        listed.customer_gateways[0].customer_gateway_id.as_deref(),
        Some(keep.as_str())
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn delete_customer_gateway_twice_is_not_found_the_second_time() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let id = env.seed_customer_gateway("198.51.100.13");
    let delete = || {
        env.client
            .delete_customer_gateway()
            .customer_gateway_id(&id)
            .send()
    };
    delete().await.expect("the first delete succeeds");

    assert_service_error!(
        delete().await,
        DeleteCustomerGatewayError::InvalidCustomerGatewayInstanceIdNotFound,
        "InvalidCustomerGatewayInstanceId.NotFound",
        404
    );
}

#[tokio::test]
async fn delete_customer_gateway_in_use_by_a_connection_is_an_unhandled_dependency_violation() {
    // `DependencyViolation.VpnConnection` is not in this operation's documented list, so
    // it arrives as `Unhandled` with its code intact.
    let env = TestEnv::start(Wire::V1_GET).await;
    let gateway = env.seed_gateway();
    let cgw = env.seed_customer_gateway("198.51.100.14");
    env.create_connection(&gateway, &cgw).await;

    let err = assert_service_error!(
        env.client
            .delete_customer_gateway()
            .customer_gateway_id(&cgw)
            .send()
            .await,
        DeleteCustomerGatewayError::Unhandled,
        "DependencyViolation.VpnConnection",
        400
    );
    assert_eq!(err.code(), Some("DependencyViolation.VpnConnection"));
}

#[tokio::test]
async fn a_region_set_on_the_request_overrides_the_client_region() {
    let env = TestEnv::start(Wire::V3_GET).await;

    env.client
        .create_customer_gateway()
        .region_id("cn-shanghai")
        .ip_address("198.51.100.15")
        .send()
        .await
        .expect("CreateCustomerGateway in cn-shanghai succeeds");

    let here = env
        .client
        .describe_customer_gateways()
        .send()
        .await
        .unwrap();
    assert_eq!(here.total_count, Some(0), "nothing in the client's region");
    let there = env
        .client
        .describe_customer_gateways()
        .region_id("cn-shanghai")
        .send()
        .await
        .unwrap();
    assert_eq!(there.total_count, Some(1));
    let regions: Vec<Option<String>> = env.journal().into_iter().map(|e| e.region).collect();
    assert_eq!(
        regions,
        [
            Some("cn-shanghai".to_string()),
            Some(e2e::REGION.to_string()),
            Some("cn-shanghai".to_string())
        ]
    );
}
