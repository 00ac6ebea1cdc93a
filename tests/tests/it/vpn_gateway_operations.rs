//! VPN gateway operations end to end: CreateVpnGateway, DescribeVpnGateway,
//! DescribeVpnGateways, ModifyVpnGatewayAttribute, DeleteVpnGateway. Each has a success
//! path and a documented error path; the tests rotate through the four wire
//! combinations.

use std::time::Duration;

use e2e::alibabacloud_vpn::operation::create_vpn_gateway::CreateVpnGatewayError;
use e2e::alibabacloud_vpn::operation::delete_vpn_gateway::DeleteVpnGatewayError;
use e2e::alibabacloud_vpn::operation::describe_vpn_gateway::DescribeVpnGatewayError;
use e2e::alibabacloud_vpn::operation::describe_vpn_gateways::DescribeVpnGatewaysError;
use e2e::alibabacloud_vpn::operation::modify_vpn_gateway_attribute::ModifyVpnGatewayAttributeError;
use e2e::alibabacloud_vpn::time::EpochMillis;
use e2e::alibabacloud_vpn::types::{
    InstanceChargeType, VpnGatewayBusinessStatus, VpnGatewayStatus,
};
use e2e::vpn_emulator::{FaultRule, Quotas};
use e2e::{
    REGION, TestEnv, Wire, assert_request_id, assert_resource_id, assert_service_error,
    emulator_builder,
};

#[tokio::test]
async fn create_vpn_gateway_returns_a_new_id_and_the_gateway_is_describable() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let before = EpochMillis::now().as_millis();

    let created = env
        .client
        .create_vpn_gateway()
        .vpc_id("vpc-e2e00000000000000001")
        .bandwidth(10)
        .name("e2e-gateway")
        .enable_ssl(true)
        .ssl_connections(10)
        .send()
        .await
        .expect("CreateVpnGateway succeeds");

    let id = assert_resource_id(created.vpn_gateway_id.as_deref(), "vpn-");
    assert_eq!(created.name.as_deref(), Some("e2e-gateway"));
    assert!(created.order_id.is_some_and(|o| o > 0), "{created:?}");
    assert_request_id(Some(created.request_id.as_str()));

    let gw = env
        .client
        .describe_vpn_gateway()
        .vpn_gateway_id(&id)
        .send()
        .await
        .expect("DescribeVpnGateway succeeds");
    assert_eq!(gw.vpn_gateway_id.as_deref(), Some(id.as_str()));
    assert_eq!(gw.vpc_id.as_deref(), Some("vpc-e2e00000000000000001"));
    assert_eq!(gw.name.as_deref(), Some("e2e-gateway"));
    assert_eq!(gw.spec.as_deref(), Some("10M"));
    assert_eq!(gw.status, Some(VpnGatewayStatus::Active));
    assert_eq!(gw.business_status, Some(VpnGatewayBusinessStatus::Normal));
    assert_eq!(gw.charge_type.as_deref(), Some("PayByTraffic"));
    assert_eq!(gw.ssl_vpn.as_deref(), Some("enable"));
    assert_eq!(gw.ipsec_vpn.as_deref(), Some("enable"));
    assert_eq!(gw.ssl_max_connections, Some(10));
    let created_at = gw.create_time.expect("a creation time").as_millis();
    assert!(
        created_at >= before - 1_000 && created_at <= EpochMillis::now().as_millis() + 1_000,
        "creation time {created_at} is not now"
    );
    assert_eq!(
        env.journal_for("CreateVpnGateway")[0].region.as_deref(),
        Some(REGION)
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn create_vpn_gateway_beyond_the_region_quota_is_resource_quota_full() {
    let quotas = Quotas {
        vpn_gateways_per_region: 1,
        ..Quotas::default()
    };
    let env = TestEnv::with(emulator_builder().quotas(quotas), Wire::V1_POST).await;
    let create = || {
        env.client
            .create_vpn_gateway()
            .vpc_id("vpc-e2e00000000000000001")
            .bandwidth(5)
            .send()
    };
    create().await.expect("the first gateway fits the quota");

    assert_service_error!(
        create().await,
        CreateVpnGatewayError::ResourceQuotaFull,
        "Resource.QuotaFull",
        400
    );
    let listed = env.client.describe_vpn_gateways().send().await.unwrap();
    assert_eq!(listed.total_count, Some(1));
}

#[tokio::test]
async fn describe_vpn_gateway_reports_a_seeded_gateway_in_its_fixed_state() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let id = env.emu.seed_vpn_gateway(
        e2e::vpn_emulator::VpnGatewaySeed::active(REGION)
            .status("updating")
            .business_status("FinancialLocked"),
    );

    let gw = env
        .client
        .describe_vpn_gateway()
        .vpn_gateway_id(&id)
        .send()
        .await
        .expect("DescribeVpnGateway succeeds");

    assert_eq!(gw.vpn_gateway_id.as_deref(), Some(id.as_str()));
    assert_eq!(gw.status, Some(VpnGatewayStatus::Updating));
    assert_eq!(
        gw.business_status,
        Some(VpnGatewayBusinessStatus::FinancialLocked)
    );
    assert_eq!(gw.ipsec_vpn.as_deref(), Some("enable"));
    assert_eq!(gw.ssl_vpn.as_deref(), Some("disable"));
    assert_request_id(Some(gw.request_id.as_str()));
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn describe_vpn_gateway_of_an_unknown_id_is_not_found() {
    let env = TestEnv::start(Wire::V3_POST).await;

    let err = assert_service_error!(
        env.client
            .describe_vpn_gateway()
            .vpn_gateway_id("vpn-doesnotexist000000000")
            .send()
            .await,
        DescribeVpnGatewayError::InvalidVpnGatewayInstanceIdNotFound,
        "InvalidVpnGatewayInstanceId.NotFound",
        404
    );
    // The request id the caller sees is the one the emulator answered with.
    let journal = env.journal();
    assert_eq!(journal.len(), 1);
    assert_eq!(err.request_id(), Some(journal[0].request_id.as_str()));
    assert_eq!(err.attempts(), Some(1));
}

#[tokio::test]
async fn describe_vpn_gateways_filters_by_vpc_and_counts_the_matches() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let mut in_vpc = Vec::new();
    for i in 0..3 {
        let out = env
            .client
            .create_vpn_gateway()
            .vpc_id("vpc-e2ewanted0000000000")
            .bandwidth(5)
            .name(format!("wanted-{i}"))
            .send()
            .await
            .unwrap();
        in_vpc.push(out.vpn_gateway_id.unwrap());
    }
    env.client
        .create_vpn_gateway()
        .vpc_id("vpc-e2eother00000000000")
        .bandwidth(5)
        .send()
        .await
        .unwrap();

    let out = env
        .client
        .describe_vpn_gateways()
        .vpc_id("vpc-e2ewanted0000000000")
        .send()
        .await
        .expect("DescribeVpnGateways succeeds");

    assert_eq!(out.total_count, Some(3));
    assert_eq!(out.page_number, Some(1));
    assert_eq!(out.page_size, Some(10));
    let ids: Vec<String> = out
        .vpn_gateways
        .iter()
        .map(|g| g.vpn_gateway_id.clone().unwrap())
        .collect();
    assert_eq!(ids, in_vpc, "creation order, only the wanted VPC");
    let names: Vec<&str> = out
        .vpn_gateways
        .iter()
        .map(|g| g.name.as_deref().unwrap())
        .collect();
    assert_eq!(names, ["wanted-0", "wanted-1", "wanted-2"]);
    assert!(
        out.vpn_gateways
            .iter()
            .all(|g| g.status == Some(VpnGatewayStatus::Active))
    );
}

#[tokio::test]
async fn describe_vpn_gateways_refused_for_a_sub_user_is_forbidden_sub_user() {
    let env = TestEnv::start(Wire::V1_POST).await;
    env.emu
        .add_fault(FaultRule::error("DescribeVpnGateways", "Forbidden.SubUser").times(1));

    assert_service_error!(
        env.client.describe_vpn_gateways().send().await,
        DescribeVpnGatewaysError::ForbiddenSubUser,
        "Forbidden.SubUser",
        403
    );
}

#[tokio::test]
async fn modify_vpn_gateway_attribute_renames_and_the_change_is_visible() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let id = env.seed_gateway();

    let out = env
        .client
        .modify_vpn_gateway_attribute()
        .vpn_gateway_id(&id)
        .name("renamed-gateway")
        .description("Gateway to the branch office")
        .send()
        .await
        .expect("ModifyVpnGatewayAttribute succeeds");

    assert_eq!(out.vpn_gateway_id.as_deref(), Some(id.as_str()));
    assert_eq!(out.name.as_deref(), Some("renamed-gateway"));
    assert_eq!(
        out.description.as_deref(),
        Some("Gateway to the branch office")
    );
    assert!(out.intranet_ip.is_some(), "{out:?}");
    let gw = env
        .client
        .describe_vpn_gateway()
        .vpn_gateway_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(gw.name.as_deref(), Some("renamed-gateway"));
    assert_eq!(
        gw.description.as_deref(),
        Some("Gateway to the branch office")
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn modify_vpn_gateway_attribute_of_an_unknown_id_is_not_found() {
    let env = TestEnv::start(Wire::V3_POST).await;

    assert_service_error!(
        env.client
            .modify_vpn_gateway_attribute()
            .vpn_gateway_id("vpn-doesnotexist000000000")
            .name("whatever")
            .send()
            .await,
        ModifyVpnGatewayAttributeError::InvalidVpnGatewayInstanceIdNotFound,
        "InvalidVpnGatewayInstanceId.NotFound",
        404
    );
}

#[tokio::test]
async fn delete_vpn_gateway_removes_it_so_describe_reports_not_found() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let id = env.seed_gateway();

    let out = env
        .client
        .delete_vpn_gateway()
        .vpn_gateway_id(&id)
        .send()
        .await
        .expect("DeleteVpnGateway succeeds");
    assert_request_id(Some(out.request_id.as_str()));

    assert_service_error!(
        env.client
            .describe_vpn_gateway()
            .vpn_gateway_id(&id)
            .send()
            .await,
        DescribeVpnGatewayError::InvalidVpnGatewayInstanceIdNotFound,
        "InvalidVpnGatewayInstanceId.NotFound",
        404
    );
    let token = &env.journal_for("DeleteVpnGateway")[0].params["ClientToken"];
    assert!(!token.is_empty(), "the SDK fills the ClientToken");
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn delete_vpn_gateway_of_an_unexpired_subscription_is_forbidden_release() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let id = env
        .client
        .create_vpn_gateway()
        .vpc_id("vpc-e2e00000000000000001")
        .bandwidth(5)
        .instance_charge_type(InstanceChargeType::Prepay)
        .period(1)
        .send()
        .await
        .unwrap()
        .vpn_gateway_id
        .unwrap();

    assert_service_error!(
        env.client
            .delete_vpn_gateway()
            .vpn_gateway_id(&id)
            .send()
            .await,
        DeleteVpnGatewayError::ForbiddenRelease,
        "ForbiddenRelease",
        403
    );
    let gw = env
        .client
        .describe_vpn_gateway()
        .vpn_gateway_id(&id)
        .send()
        .await
        .expect("the gateway is still there");
    assert_eq!(gw.charge_type.as_deref(), Some("Prepay"));
    let end = gw.end_time.expect("an end time").as_millis();
    let month_ms = Duration::from_secs(30 * 24 * 3600).as_millis() as i64;
    assert!(end > EpochMillis::now().as_millis() + month_ms - 60_000);
}

#[tokio::test]
async fn delete_vpn_gateway_while_it_is_updating_is_configuring() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let id = env.seed_gateway();
    env.set_gateway_status(&id, Some("updating"));

    assert_service_error!(
        env.client
            .delete_vpn_gateway()
            .vpn_gateway_id(&id)
            .send()
            .await,
        DeleteVpnGatewayError::VpnGatewayConfiguring,
        "VpnGateway.Configuring",
        400
    );
}
