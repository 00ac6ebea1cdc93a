//! Tags and resource groups end to end: the user's tags (`Tags.N.Key`/`Tags.N.Value`)
//! and `ResourceGroupId` are kept on create and described back, and the list calls
//! filter on them (`Tag.N.Key`/`Tag.N.Value`: a record matches when it has every
//! requested tag; `ResourceGroupId`: exactly). A VPN gateway's system `Tag` text stays
//! apart from its user `Tags`; its vSwitches are kept and described.

use e2e::alibabacloud_vpn::types::{IkeConfig, IkeVersion, Tag};
use e2e::vpn_emulator::VpnGatewaySeed;
use e2e::{REGION, TestEnv, Wire};

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build()
}

#[tokio::test]
async fn customer_gateways_keep_their_tags_and_group_and_are_filtered_by_them() {
    let env = TestEnv::start(Wire::V1_POST).await;
    let create = |ip: &str, tags: &[(&str, &str)], group: &str| {
        let mut call = env
            .client
            .create_customer_gateway()
            .ip_address(ip)
            .resource_group_id(group);
        for (k, v) in tags {
            call = call.tags(tag(k, v));
        }
        call.send()
    };
    let prod = create(
        "198.51.100.1",
        &[("env", "prod"), ("team", "net")],
        "rg-aek2prod",
    )
    .await
    .expect("created")
    .customer_gateway_id
    .expect("an id");
    let dev = create(
        "198.51.100.2",
        &[("env", "dev"), ("team", "net")],
        "rg-aek2dev",
    )
    .await
    .expect("created")
    .customer_gateway_id
    .expect("an id");
    let untagged = env.seed_customer_gateway("198.51.100.3");

    let described = env
        .client
        .describe_customer_gateway()
        .customer_gateway_id(&prod)
        .send()
        .await
        .expect("DescribeCustomerGateway succeeds");
    assert_eq!(described.tags, vec![tag("env", "prod"), tag("team", "net")]);
    assert_eq!(described.resource_group_id.as_deref(), Some("rg-aek2prod"));

    let ids = |out: &e2e::alibabacloud_vpn::operation::describe_customer_gateways::DescribeCustomerGatewaysOutput| {
        out.customer_gateways
            .iter()
            .map(|g| g.customer_gateway_id.clone().unwrap_or_default())
            .collect::<Vec<_>>()
    };
    let all = env
        .client
        .describe_customer_gateways()
        .send()
        .await
        .expect("listed");
    assert_eq!(ids(&all), [prod.as_str(), dev.as_str(), untagged.as_str()]);
    assert_eq!(
        all.customer_gateways[0].tags, described.tags,
        "list items carry their tags"
    );

    let by_tag = env
        .client
        .describe_customer_gateways()
        .tag(tag("env", "prod"))
        .send()
        .await
        .expect("listed");
    assert_eq!(ids(&by_tag), [prod.as_str()]);
    let by_shared_tag = env
        .client
        .describe_customer_gateways()
        .tag(tag("team", "net"))
        .send()
        .await
        .expect("listed");
    assert_eq!(ids(&by_shared_tag), [prod.as_str(), dev.as_str()]);
    let by_both = env
        .client
        .describe_customer_gateways()
        .tag(tag("team", "net"))
        .tag(tag("env", "dev"))
        .send()
        .await
        .expect("listed");
    assert_eq!(
        ids(&by_both),
        [dev.as_str()],
        "every requested tag must be held"
    );
    let by_mismatch = env
        .client
        .describe_customer_gateways()
        .tag(tag("env", "staging"))
        .send()
        .await
        .expect("listed");
    assert_eq!(by_mismatch.total_count, Some(0));
    let by_key = env
        .client
        .describe_customer_gateways()
        .tag(Tag::builder().key("env").build())
        .send()
        .await
        .expect("listed");
    assert_eq!(
        ids(&by_key),
        [prod.as_str(), dev.as_str()],
        "a key alone matches any value"
    );

    let by_group = env
        .client
        .describe_customer_gateways()
        .resource_group_id("rg-aek2dev")
        .send()
        .await
        .expect("listed");
    assert_eq!(ids(&by_group), [dev.as_str()]);
    let by_group_and_tag = env
        .client
        .describe_customer_gateways()
        .resource_group_id("rg-aek2dev")
        .tag(tag("env", "prod"))
        .send()
        .await
        .expect("listed");
    assert_eq!(by_group_and_tag.total_count, Some(0));
    let journal = env.journal_for("DescribeCustomerGateways");
    let sent = &journal[3].params;
    assert_eq!(sent.get("Tag.1.Key").map(String::as_str), Some("team"));
    assert_eq!(sent.get("Tag.2.Value").map(String::as_str), Some("dev"));
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn vpn_connections_keep_their_tags_and_are_filtered_by_them() {
    let env = TestEnv::start(Wire::V3_GET).await;
    let gateway = env.seed_gateway();
    let connect = |ip: &'static str, tags: Vec<Tag>| {
        let customer_gateway = env.seed_customer_gateway(ip);
        let mut call = env
            .client
            .create_vpn_connection()
            .vpn_gateway_id(&gateway)
            .customer_gateway_id(customer_gateway)
            .local_subnet("10.0.0.0/24")
            .remote_subnet("192.168.0.0/24")
            .ike_config(
                IkeConfig::builder()
                    .ike_version(IkeVersion::Ikev2)
                    .psk("tags-psk-0123")
                    .build(),
            );
        for t in tags {
            call = call.tags(t);
        }
        call.send()
    };
    let tagged = connect("203.0.113.31", vec![tag("app", "erp")])
        .await
        .expect("created")
        .vpn_connection_id
        .expect("an id");
    let other = connect("203.0.113.32", vec![tag("app", "crm")])
        .await
        .expect("created")
        .vpn_connection_id
        .expect("an id");

    let described = env
        .client
        .describe_vpn_connection()
        .vpn_connection_id(&tagged)
        .send()
        .await
        .expect("DescribeVpnConnection succeeds");
    assert_eq!(described.tags, vec![tag("app", "erp")]);

    let listed = env
        .client
        .describe_vpn_connections()
        .vpn_gateway_id(&gateway)
        .tag(tag("app", "crm"))
        .send()
        .await
        .expect("DescribeVpnConnections succeeds");
    assert_eq!(listed.total_count, Some(1));
    let item = &listed.vpn_connections[0];
    assert_eq!(item.vpn_connection_id.as_deref(), Some(other.as_str()));
    // The list item names its tags `Tag` (the single describe names them `Tags`).
    assert_eq!(item.tag, vec![tag("app", "crm")]);
}

#[tokio::test]
async fn vpn_gateways_keep_their_group_and_vswitches_and_filter_on_group_and_tags() {
    let env = TestEnv::start(Wire::V1_GET).await;
    let created = env
        .client
        .create_vpn_gateway()
        .vpc_id("vpc-tags00000000000000000")
        .bandwidth(5)
        .resource_group_id("rg-aek2vpn")
        .vswitch_id("vsw-primary0000000000000")
        .disaster_recovery_vswitch_id("vsw-secondary00000000000")
        .send()
        .await
        .expect("CreateVpnGateway succeeds");
    let grouped = created.vpn_gateway_id.expect("an id");
    let tagged = env.emu.seed_vpn_gateway(
        VpnGatewaySeed::active(REGION)
            .with_tag("env", "prod")
            .in_resource_group("rg-aek2other"),
    );

    let described = env
        .client
        .describe_vpn_gateway()
        .vpn_gateway_id(&grouped)
        .send()
        .await
        .expect("DescribeVpnGateway succeeds");
    assert_eq!(described.resource_group_id.as_deref(), Some("rg-aek2vpn"));
    assert_eq!(
        described.vswitch_id.as_deref(),
        Some("vsw-primary0000000000000")
    );
    assert_eq!(
        described.disaster_recovery_vswitch_id.as_deref(),
        Some("vsw-secondary00000000000")
    );

    let by_group = env
        .client
        .describe_vpn_gateways()
        .resource_group_id("rg-aek2vpn")
        .send()
        .await
        .expect("DescribeVpnGateways succeeds");
    assert_eq!(by_group.total_count, Some(1));
    assert_eq!(
        by_group.vpn_gateways[0].vpn_gateway_id.as_deref(),
        Some(grouped.as_str())
    );
    assert_eq!(
        by_group.vpn_gateways[0].vswitch_id.as_deref(),
        Some("vsw-primary0000000000000")
    );

    let by_tag = env
        .client
        .describe_vpn_gateways()
        .tag(tag("env", "prod"))
        .send()
        .await
        .expect("DescribeVpnGateways succeeds");
    assert_eq!(by_tag.total_count, Some(1));
    let gw = &by_tag.vpn_gateways[0];
    assert_eq!(gw.vpn_gateway_id.as_deref(), Some(tagged.as_str()));
    assert_eq!(gw.tags, vec![tag("env", "prod")]);
    // The system `Tag` text (feature flags the service sets) is not the user's tags.
    let system: serde_json::Value = serde_json::from_str(
        gw.tag
            .as_deref()
            .expect("a gateway has its system Tag text"),
    )
    .expect("the system Tag is a JSON text");
    assert_eq!(system["VpnEnableBgp"], "true", "{system}");
    assert!(system.get("env").is_none(), "{system}");
    let none = env
        .client
        .describe_vpn_gateways()
        .tag(tag("env", "prod"))
        .resource_group_id("rg-aek2vpn")
        .send()
        .await
        .expect("DescribeVpnGateways succeeds");
    assert_eq!(none.total_count, Some(0));
}
