//! The VPN gateway extras end to end, through the SDK over HTTP against the emulator:
//! certificate binding (AssociateVpnGatewayWithCertificate,
//! DissociateVpnGatewayWithCertificate, ListVpnCertificateAssociations), resource-group
//! moves (MoveVpnResourceGroup), diagnostics (DiagnoseVpnGateway,
//! GetVpnGatewayDiagnoseResult and its waiter, DiagnoseVpnConnections), available zones
//! (DescribeVpnGatewayAvailableZones), connection logs (DescribeVpnConnectionLogs) and
//! policy-route changes (ModifyVpnPbrRouteEntryPriority, ModifyVpnPbrRouteEntryAttribute).
//! Each has a success path and a documented error path; the tests rotate through the four
//! wire combinations.

use std::time::Duration;

use e2e::alibabacloud_vpn::operation::associate_vpn_gateway_with_certificate::AssociateVpnGatewayWithCertificateError;
use e2e::alibabacloud_vpn::operation::describe_vpn_connection_logs::DescribeVpnConnectionLogsError;
use e2e::alibabacloud_vpn::operation::describe_vpn_gateway_available_zones::DescribeVpnGatewayAvailableZonesError;
use e2e::alibabacloud_vpn::operation::diagnose_vpn_connections::DiagnoseVpnConnectionsError;
use e2e::alibabacloud_vpn::operation::diagnose_vpn_gateway::DiagnoseVpnGatewayError;
use e2e::alibabacloud_vpn::operation::dissociate_vpn_gateway_with_certificate::DissociateVpnGatewayWithCertificateError;
use e2e::alibabacloud_vpn::operation::get_vpn_gateway_diagnose_result::GetVpnGatewayDiagnoseResultError;
use e2e::alibabacloud_vpn::operation::list_vpn_certificate_associations::ListVpnCertificateAssociationsError;
use e2e::alibabacloud_vpn::operation::modify_vpn_pbr_route_entry_attribute::ModifyVpnPbrRouteEntryAttributeError;
use e2e::alibabacloud_vpn::operation::modify_vpn_pbr_route_entry_priority::ModifyVpnPbrRouteEntryPriorityError;
use e2e::alibabacloud_vpn::operation::move_vpn_resource_group::MoveVpnResourceGroupError;
use e2e::alibabacloud_vpn::types::{
    AcceptLanguage, VpnCertificateType, VpnConnectionDiagnosisSeverity, VpnDiagnoseItem,
    VpnDiagnoseLevel, VpnDiagnoseResourceType, VpnGatewaySpec, VpnResourceType,
};
use e2e::alibabacloud_vpn::waiter::WaiterError;
use e2e::vpn_emulator::FaultRule;
use e2e::{TestEnv, Wire, assert_request_id, assert_service_error, emulator_builder};

const ENCRYPTION_CERT: &str = "6bfe4218-ea1d-enc";
const SIGNATURE_CERT: &str = "6bfe4218-ea1d-sig";

/// An environment whose account holds the two certificates.
async fn with_certificates(wire: Wire) -> TestEnv {
    let builder = emulator_builder()
        .certificate(ENCRYPTION_CERT)
        .certificate(SIGNATURE_CERT);
    TestEnv::with(builder, wire).await
}

async fn associate(env: &TestEnv, gateway: &str, cert: &str, role: VpnCertificateType) {
    let out = env
        .client
        .associate_vpn_gateway_with_certificate()
        .vpn_gateway_id(gateway)
        .certificate_id(cert)
        .certificate_type(role)
        .send()
        .await
        .expect("AssociateVpnGatewayWithCertificate succeeds");
    assert_request_id(Some(&out.request_id));
}

#[tokio::test]
async fn seeded_certificates_are_associated_listed_in_batches_and_dissociated() {
    let env = with_certificates(Wire::V1_GET).await;
    let gateway = env.seed_gateway();
    associate(
        &env,
        &gateway,
        ENCRYPTION_CERT,
        VpnCertificateType::Encryption,
    )
    .await;
    associate(
        &env,
        &gateway,
        SIGNATURE_CERT,
        VpnCertificateType::Signature,
    )
    .await;

    let all = env
        .client
        .list_vpn_certificate_associations()
        .vpn_gateway_id(&gateway)
        .send()
        .await
        .expect("ListVpnCertificateAssociations succeeds");
    assert_eq!(all.total_count, Some(2));
    assert_eq!(
        all.next_token.as_deref().unwrap_or(""),
        "",
        "everything fits one batch"
    );
    let pairs: Vec<(Option<&str>, Option<VpnCertificateType>)> = all
        .vpn_certificate_relations
        .iter()
        .map(|r| (r.certificate_id.as_deref(), r.certificate_type.clone()))
        .collect();
    assert_eq!(
        pairs,
        [
            (Some(ENCRYPTION_CERT), Some(VpnCertificateType::Encryption)),
            (Some(SIGNATURE_CERT), Some(VpnCertificateType::Signature)),
        ]
    );
    let first = &all.vpn_certificate_relations[0];
    assert_eq!(first.vpn_gateway_id.as_deref(), Some(gateway.as_str()));
    assert_eq!(first.region_id.as_deref(), Some(e2e::REGION));
    assert!(
        first
            .association_time
            .as_deref()
            .is_some_and(|t| t.ends_with('Z'))
    );

    let batch = env
        .client
        .list_vpn_certificate_associations()
        .max_results(1)
        .send()
        .await
        .expect("the first batch");
    assert_eq!(batch.vpn_certificate_relations.len(), 1);
    let token = batch.next_token.expect("a second batch follows");
    let rest = env
        .client
        .list_vpn_certificate_associations()
        .max_results(1)
        .next_token(token)
        .send()
        .await
        .expect("the second batch");
    assert_eq!(
        rest.vpn_certificate_relations[0].certificate_id.as_deref(),
        Some(SIGNATURE_CERT)
    );
    assert_eq!(
        rest.next_token.as_deref().unwrap_or(""),
        "",
        "the last batch"
    );

    let followed: Vec<Option<String>> = env
        .client
        .list_vpn_certificate_associations()
        .into_paginator()
        .page_size(1)
        .items()
        .try_collect()
        .await
        .expect("the paginator follows the tokens")
        .into_iter()
        .map(|r| r.certificate_id)
        .collect();
    assert_eq!(
        followed,
        [
            Some(ENCRYPTION_CERT.to_string()),
            Some(SIGNATURE_CERT.to_string())
        ]
    );
    let calls = env.journal_for("ListVpnCertificateAssociations").len();
    assert_eq!(
        calls, 5,
        "two pages through the paginator, one request each"
    );

    let by_role = env
        .client
        .list_vpn_certificate_associations()
        .certificate_type(VpnCertificateType::Signature)
        .send()
        .await
        .expect("filtered by role");
    assert_eq!(by_role.total_count, Some(1));

    env.client
        .dissociate_vpn_gateway_with_certificate()
        .vpn_gateway_id(&gateway)
        .certificate_id(ENCRYPTION_CERT)
        .certificate_type(VpnCertificateType::Encryption)
        .send()
        .await
        .expect("DissociateVpnGatewayWithCertificate succeeds");
    let left = env
        .client
        .list_vpn_certificate_associations()
        .send()
        .await
        .expect("listed again");
    assert_eq!(left.total_count, Some(1));
    assert_eq!(
        left.vpn_certificate_relations[0].certificate_id.as_deref(),
        Some(SIGNATURE_CERT)
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn certificate_association_refuses_unknown_certificates_and_answers_dry_runs() {
    let env = with_certificates(Wire::V1_POST).await;
    let gateway = env.seed_gateway();

    assert_service_error!(
        env.client
            .associate_vpn_gateway_with_certificate()
            .vpn_gateway_id(&gateway)
            .certificate_id("not-in-the-account")
            .certificate_type(VpnCertificateType::Signature)
            .send()
            .await,
        AssociateVpnGatewayWithCertificateError::InvalidCertificateIdNotFound,
        "InvalidCertificateId.NotFound",
        404,
    );
    let dry = assert_service_error!(
        env.client
            .associate_vpn_gateway_with_certificate()
            .vpn_gateway_id(&gateway)
            .certificate_id(SIGNATURE_CERT)
            .certificate_type(VpnCertificateType::Signature)
            .dry_run(true)
            .send()
            .await,
        AssociateVpnGatewayWithCertificateError::Unhandled,
        "DryRunOperation",
        400,
    );
    assert!(dry.is_dry_run(), "{dry}");
    let listed = env
        .client
        .list_vpn_certificate_associations()
        .send()
        .await
        .expect("listed");
    assert_eq!(listed.total_count, Some(0), "neither call bound anything");

    env.emu.add_certificate("added-at-run-time");
    associate(
        &env,
        &gateway,
        "added-at-run-time",
        VpnCertificateType::Signature,
    )
    .await;

    assert_service_error!(
        env.client
            .dissociate_vpn_gateway_with_certificate()
            .vpn_gateway_id(&gateway)
            .certificate_id(ENCRYPTION_CERT)
            .certificate_type(VpnCertificateType::Encryption)
            .send()
            .await,
        DissociateVpnGatewayWithCertificateError::InvalidCertificateIdNotFound,
        "InvalidCertificateId.NotFound",
        404,
    );
    env.set_gateway_status(&gateway, Some("updating"));
    assert_service_error!(
        env.client
            .dissociate_vpn_gateway_with_certificate()
            .vpn_gateway_id(&gateway)
            .certificate_id("added-at-run-time")
            .certificate_type(VpnCertificateType::Signature)
            .send()
            .await,
        DissociateVpnGatewayWithCertificateError::VpnGatewayConfiguring,
        "VpnGateway.Configuring",
        400,
    );
    assert_service_error!(
        env.client
            .list_vpn_certificate_associations()
            .next_token("not-a-token")
            .send()
            .await,
        ListVpnCertificateAssociationsError::Unhandled,
        "InvalidParameter",
        400,
    );
}

#[tokio::test]
async fn a_moved_customer_gateway_is_described_in_its_new_group() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let cgw = env.seed_customer_gateway("203.0.113.40");

    let out = env
        .client
        .move_vpn_resource_group()
        .instance_id(&cgw)
        .resource_type(VpnResourceType::CustomerGateway)
        .new_resource_group_id("rg-acfmzs372yg0001")
        .send()
        .await
        .expect("MoveVpnResourceGroup succeeds");
    assert_request_id(Some(&out.request_id));

    let described = env
        .client
        .describe_customer_gateway()
        .customer_gateway_id(&cgw)
        .send()
        .await
        .expect("DescribeCustomerGateway succeeds");
    assert_eq!(
        described.resource_group_id.as_deref(),
        Some("rg-acfmzs372yg0001")
    );

    assert_service_error!(
        env.client
            .move_vpn_resource_group()
            .instance_id("cgw-doesnotexist0000000")
            .resource_type(VpnResourceType::CustomerGateway)
            .new_resource_group_id("rg-acfmzs372yg0001")
            .send()
            .await,
        MoveVpnResourceGroupError::ResourceNotFound,
        "ResourceNotFound",
        404,
    );
    assert_service_error!(
        env.client
            .move_vpn_resource_group()
            .instance_id(&cgw)
            .resource_type(VpnResourceType::CustomerGateway)
            .new_resource_group_id("group-without-prefix")
            .send()
            .await,
        MoveVpnResourceGroupError::InvalidResourceGroupIdNotFound,
        "InvalidResourceGroupId.NotFound",
        404,
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn a_diagnosis_runs_from_request_to_result_through_the_waiter() {
    let builder = emulator_builder().diagnosis_delay(Duration::from_secs(3600));
    let env = TestEnv::with(builder, Wire::V3_POST).await;
    let (gateway, connection) = env.gateway_with_connection().await;

    let started = env
        .client
        .diagnose_vpn_gateway()
        .vpn_gateway_id(&gateway)
        .resource_id(&connection)
        .resource_type(VpnDiagnoseResourceType::Ipsec)
        .ipsec_extend_info(r#"{"PrivateSourceIp":"10.0.0.1","PrivateDestinationIp":"192.168.0.1"}"#)
        .send()
        .await
        .expect("DiagnoseVpnGateway succeeds");
    let id = started.diagnose_id.expect("a diagnosis id");
    assert!(id.starts_with("vpndgn-"), "{id}");

    let running = env
        .client
        .get_vpn_gateway_diagnose_result()
        .diagnose_id(&id)
        .send()
        .await
        .expect("GetVpnGatewayDiagnoseResult succeeds");
    assert_eq!(running.total_count, Some(7));
    assert!(
        running.finished_count < Some(7),
        "an hour-long diagnosis is still running"
    );
    assert_eq!(running.finish_time, None);
    assert_eq!(
        running.resource_instance_id.as_deref(),
        Some(connection.as_str())
    );
    assert!(running.begin_time.is_some());

    env.emu.set_diagnosis_delay(Duration::from_millis(50));
    let done = env
        .client
        .wait_until_vpn_gateway_diagnosis_finished(&id)
        .min_delay(Duration::from_millis(20))
        .max_wait(Duration::from_secs(30))
        .await
        .expect("the diagnosis finishes");
    assert_eq!(done.finished_count, Some(7));
    assert!(done.finish_time.is_some());
    let names: Vec<Option<VpnDiagnoseItem>> = done
        .diagnose_result
        .iter()
        .map(|c| c.diagnose_name.clone())
        .collect();
    assert_eq!(names.len(), 7);
    assert_eq!(names[0], Some(VpnDiagnoseItem::RouteEntryConflict));
    assert_eq!(names[6], Some(VpnDiagnoseItem::VcoPrivateConnectivity));
    assert!(
        done.diagnose_result
            .iter()
            .all(|c| c.diagnose_result_level == Some(VpnDiagnoseLevel::Normal)),
        "a fresh gateway with one connection passes every check: {:?}",
        done.diagnose_result
    );
    let private = done.diagnose_result[6]
        .diagnose_result_description
        .as_deref()
        .unwrap_or_default();
    assert!(private.contains("192.168.0.1"), "{private}");

    let latest = env
        .client
        .get_vpn_gateway_diagnose_result()
        .vpn_gateway_id(&gateway)
        .send()
        .await
        .expect("the gateway's latest diagnosis");
    assert_eq!(latest.diagnose_id.as_deref(), Some(id.as_str()));
    assert_eq!(
        latest.diagnose_result, done.diagnose_result,
        "deterministic checks"
    );
}

#[tokio::test]
async fn diagnostics_refuse_what_does_not_exist_or_is_not_ready() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let (gateway, _) = env.gateway_with_connection().await;

    assert_service_error!(
        env.client
            .diagnose_vpn_gateway()
            .vpn_gateway_id(&gateway)
            .resource_id("vco-doesnotexist00000000")
            .resource_type(VpnDiagnoseResourceType::Ipsec)
            .send()
            .await,
        DiagnoseVpnGatewayError::InvalidVpnConnectionInstanceIdNotFound,
        "InvalidVpnConnectionInstanceId.NotFound",
        404,
    );
    env.set_gateway_status(&gateway, Some("updating"));
    assert_service_error!(
        env.client
            .diagnose_vpn_gateway()
            .vpn_gateway_id(&gateway)
            .resource_id("vco-doesnotexist00000000")
            .resource_type(VpnDiagnoseResourceType::Ipsec)
            .send()
            .await,
        DiagnoseVpnGatewayError::VpnGatewayConfiguring,
        "VpnGateway.Configuring",
        400,
    );
    assert_service_error!(
        env.client
            .get_vpn_gateway_diagnose_result()
            .diagnose_id("vpndgn-doesnotexist0000000")
            .send()
            .await,
        GetVpnGatewayDiagnoseResultError::InvalidDiagnoseIdNotFound,
        "InvalidDiagnoseId.NotFound",
        404,
    );
    let err = env
        .client
        .wait_until_vpn_gateway_diagnosis_finished("vpndgn-doesnotexist0000000")
        .max_wait(Duration::from_secs(10))
        .await
        .expect_err("an unknown diagnosis never finishes");
    assert!(
        matches!(&err, WaiterError::FailureState { state, .. } if state == "InvalidDiagnoseId.NotFound"),
        "{err:?}"
    );
}

#[tokio::test]
async fn connection_diagnosis_answers_each_connection() {
    let builder = emulator_builder().activation_delay(Duration::from_secs(3600));
    let env = TestEnv::with(builder, Wire::V1_POST).await;
    let gateway = env.seed_gateway();
    let cgw = env.seed_customer_gateway("203.0.113.41");
    let connection = env.create_connection(&gateway, &cgw).await;

    let out = env
        .client
        .diagnose_vpn_connections()
        .vpn_connection_ids(&connection)
        .send()
        .await
        .expect("DiagnoseVpnConnections succeeds");
    assert_eq!(out.total_count, Some(1));
    let entry = &out.vpn_connections[0];
    assert_eq!(
        entry.vpn_connection_id.as_deref(),
        Some(connection.as_str())
    );
    assert_eq!(
        entry.severity,
        Some(VpnConnectionDiagnosisSeverity::Critical),
        "a connection still negotiating its SA"
    );
    assert_eq!(
        entry.failed_reason_code.as_deref(),
        Some("Phase1NegotiationTimeout")
    );
    assert!(
        entry
            .source_log
            .as_deref()
            .is_some_and(|l| l.contains(&connection))
    );

    env.emu.set_activation_delay(Duration::ZERO);
    let by_gateway = env
        .client
        .diagnose_vpn_connections()
        .vpn_gateway_id(&gateway)
        .send()
        .await
        .expect("by gateway");
    assert_eq!(
        by_gateway.vpn_connections[0].severity,
        Some(VpnConnectionDiagnosisSeverity::Normal)
    );
    assert_eq!(by_gateway.vpn_connections[0].failed_reason_code, None);

    assert_service_error!(
        env.client
            .diagnose_vpn_connections()
            .vpn_connection_ids("vco-doesnotexist00000000")
            .send()
            .await,
        DiagnoseVpnConnectionsError::InvalidVpnConnectionInstanceIdNotFound,
        "InvalidVpnConnectionInstanceId.NotFound",
        404,
    );
    assert_service_error!(
        env.client
            .diagnose_vpn_connections()
            .vpn_gateway_id("vpn-doesnotexist00000000")
            .send()
            .await,
        DiagnoseVpnConnectionsError::InvalidVpnGatewayInstanceIdNotFound,
        "InvalidVpnGatewayInstanceId.NotFound",
        404,
    );
}

#[tokio::test]
async fn available_zones_follow_the_region_table_and_the_specification() {
    let env = TestEnv::start(Wire::V3_GET).await;

    let small = env
        .client
        .describe_vpn_gateway_available_zones()
        .spec(VpnGatewaySpec::V5m)
        .send()
        .await
        .expect("DescribeVpnGatewayAvailableZones succeeds");
    assert_eq!(small.region_id.as_deref(), Some(e2e::REGION));
    let ids: Vec<&str> = small
        .available_zone_id_list
        .iter()
        .filter_map(|z| z.zone_id.as_deref())
        .collect();
    assert_eq!(
        ids,
        [
            "cn-hangzhou-h",
            "cn-hangzhou-i",
            "cn-hangzhou-j",
            "cn-hangzhou-k"
        ]
    );
    assert_eq!(
        small.available_zone_id_list[0].zone_name.as_deref(),
        Some("Hangzhou Zone H")
    );

    let large = env
        .client
        .describe_vpn_gateway_available_zones()
        .spec(VpnGatewaySpec::V1000m)
        .accept_language(AcceptLanguage::ZhCn)
        .send()
        .await
        .expect("a large specification");
    assert_eq!(large.available_zone_id_list.len(), 2);
    assert_eq!(
        large.available_zone_id_list[0].zone_name.as_deref(),
        Some("杭州 可用区H")
    );

    env.emu.add_fault(FaultRule::error(
        "DescribeVpnGatewayAvailableZones",
        "Forbidden.SubUser",
    ));
    assert_service_error!(
        env.client
            .describe_vpn_gateway_available_zones()
            .spec(VpnGatewaySpec::V5m)
            .send()
            .await,
        DescribeVpnGatewayAvailableZonesError::ForbiddenSubUser,
        "Forbidden.SubUser",
        403,
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn connection_logs_are_synthesised_for_the_time_range_and_paged() {
    let env = TestEnv::start(Wire::V3_POST).await;
    let (_, connection) = env.gateway_with_connection().await;
    let from = 1_671_003_740; // a multiple of the 20-second step
    let to = from + 600;

    let logs = || {
        env.client
            .describe_vpn_connection_logs()
            .vpn_connection_id(&connection)
            .from(from)
            .to(to)
    };
    let lines: Vec<String> = logs()
        .into_paginator()
        .page_size(50)
        .items()
        .try_collect()
        .await
        .expect("every page arrives");
    assert_eq!(
        lines.len(),
        31,
        "one line every 20 s over ten minutes, both ends included"
    );
    assert!(lines[0].starts_with("2022-12-14 07:42:20 "), "{}", lines[0]);
    assert!(lines.iter().all(|l| l.contains(&connection)));

    let first_page = logs().page_size(10).send().await.expect("the first page");
    assert_eq!(first_page.count, Some(10));
    assert_eq!(first_page.is_completed, Some(false));
    assert_eq!(
        first_page.data,
        lines[..10],
        "the same range gives the same lines"
    );

    let by_period = env
        .client
        .describe_vpn_connection_logs()
        .vpn_connection_id(&connection)
        .from(from)
        .minute_period(1)
        .send()
        .await
        .expect("From and MinutePeriod");
    assert_eq!(by_period.data, lines[..4]);

    assert_service_error!(
        env.client
            .describe_vpn_connection_logs()
            .vpn_connection_id(&connection)
            .send()
            .await,
        DescribeVpnConnectionLogsError::InvalidParameterTimeRange,
        "InvalidParameter.TimeRange",
        400,
    );
    assert_service_error!(
        env.client
            .describe_vpn_connection_logs()
            .vpn_connection_id("vco-doesnotexist00000000")
            .minute_period(5)
            .send()
            .await,
        DescribeVpnConnectionLogsError::InvalidVpnConnectionInstanceIdNotFound,
        "InvalidVpnConnectionInstanceId.NotFound",
        404,
    );
}

const DEST: &str = "172.16.0.0/16";
const SOURCE: &str = "10.0.0.0/24";

async fn pbr_route(env: &TestEnv) -> (String, String) {
    let (gateway, hop) = env.gateway_with_connection().await;
    env.client
        .create_vpn_pbr_route_entry()
        .vpn_gateway_id(&gateway)
        .route_source(SOURCE)
        .route_dest(DEST)
        .next_hop(&hop)
        .weight(100)
        .publish_vpc(false)
        .send()
        .await
        .expect("the fixture policy route is created");
    (gateway, hop)
}

async fn described(env: &TestEnv, gateway: &str) -> (Option<i32>, Option<i32>) {
    let out = env
        .client
        .describe_vpn_pbr_route_entries()
        .vpn_gateway_id(gateway)
        .send()
        .await
        .expect("DescribeVpnPbrRouteEntries succeeds");
    let route = &out.vpn_pbr_route_entries[0];
    (route.priority, route.weight)
}

#[tokio::test]
async fn policy_route_priority_changes_and_refusals() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let (gateway, hop) = pbr_route(&env).await;
    let change = |current: Option<i32>, new: i32| {
        env.client
            .modify_vpn_pbr_route_entry_priority()
            .vpn_gateway_id(&gateway)
            .route_source(SOURCE)
            .route_dest(DEST)
            .next_hop(&hop)
            .weight(100)
            .set_priority(current)
            .new_priority(new)
    };

    change(Some(10), 20)
        .send()
        .await
        .expect("ModifyVpnPbrRouteEntryPriority succeeds (10 is the default priority)");
    assert_eq!(described(&env, &gateway).await.0, Some(20));
    change(None, 30)
        .send()
        .await
        .expect("without the current priority");
    assert_eq!(described(&env, &gateway).await.0, Some(30));

    assert_service_error!(
        change(Some(20), 40).send().await,
        ModifyVpnPbrRouteEntryPriorityError::InvalidVpnRouteEntryNotFound,
        "InvalidVpnRouteEntry.NotFound",
        404,
    );
    env.set_gateway_status(&gateway, Some("updating"));
    assert_service_error!(
        change(Some(30), 40).send().await,
        ModifyVpnPbrRouteEntryPriorityError::VpnGatewayConfiguring,
        "VpnGateway.Configuring",
        400,
    );
}

#[tokio::test]
async fn policy_route_attribute_changes_and_refusals() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let (gateway, hop) = pbr_route(&env).await;

    env.client
        .modify_vpn_pbr_route_entry_attribute()
        .vpn_gateway_id(&gateway)
        .route_source(SOURCE)
        .route_dest(DEST)
        .next_hop(&hop)
        .weight(100)
        .priority(10)
        .new_weight(0)
        .new_priority(5)
        .send()
        .await
        .expect("ModifyVpnPbrRouteEntryAttribute succeeds");
    assert_eq!(described(&env, &gateway).await, (Some(5), Some(0)));

    assert_service_error!(
        env.client
            .modify_vpn_pbr_route_entry_attribute()
            .vpn_gateway_id(&gateway)
            .route_source(SOURCE)
            .route_dest(DEST)
            .next_hop(&hop)
            .weight(100)
            .priority(5)
            .new_weight(0)
            .send()
            .await,
        ModifyVpnPbrRouteEntryAttributeError::InvalidVpnRouteEntryNotFound,
        "InvalidVpnRouteEntry.NotFound",
        404,
    );
    assert_service_error!(
        env.client
            .modify_vpn_pbr_route_entry_attribute()
            .vpn_gateway_id("vpn-doesnotexist00000000")
            .route_source(SOURCE)
            .route_dest(DEST)
            .next_hop(&hop)
            .weight(0)
            .priority(5)
            .send()
            .await,
        ModifyVpnPbrRouteEntryAttributeError::InvalidVpnGatewayInstanceIdNotFound,
        "InvalidVpnGatewayInstanceId.NotFound",
        404,
    );
}
