//! Pagination against the emulator: more than 100 customer gateways and VPN gateways
//! listed through the paginator's page stream and item stream, with page size 50 and
//! the default (10): exact counts, creation order, no duplicates, and exactly the
//! requests needed (checked in the journal).

use std::collections::HashSet;

use e2e::alibabacloud_vpn::types::VpnGatewayStatus;
use e2e::vpn_emulator::{JournalEntry, VpnGatewaySeed};
use e2e::{REGION, TestEnv, Wire, emulator_builder, roomy_quotas};

const CUSTOMER_GATEWAYS: usize = 120;

/// A distinct documentation-range address per index (198.51.100.0/24, then 203.0.113.0/24).
fn ip(i: usize) -> String {
    if i < 250 {
        format!("198.51.100.{}", i + 1)
    } else {
        format!("203.0.113.{}", i - 249)
    }
}

async fn env(wire: Wire) -> TestEnv {
    TestEnv::with(emulator_builder().quotas(roomy_quotas()), wire).await
}

/// Seeds `n` customer gateways; returns their ids in creation order.
fn seed_customer_gateways(env: &TestEnv, n: usize) -> Vec<String> {
    (0..n).map(|i| env.seed_customer_gateway(&ip(i))).collect()
}

/// `(PageNumber, PageSize)` of every `action` request, in order.
fn pages_requested(journal: &[JournalEntry], action: &str) -> Vec<(String, String)> {
    journal
        .iter()
        .filter(|e| e.action.as_deref() == Some(action))
        .map(|e| (e.params["PageNumber"].clone(), e.params["PageSize"].clone()))
        .collect()
}

fn page(number: u32, size: u32) -> (String, String) {
    (number.to_string(), size.to_string())
}

#[tokio::test]
async fn item_stream_lists_120_customer_gateways_created_through_the_sdk_exactly_once() {
    let env = env(Wire::V1_GET).await;
    let mut created = Vec::with_capacity(CUSTOMER_GATEWAYS);
    for i in 0..CUSTOMER_GATEWAYS {
        let out = env
            .client
            .create_customer_gateway()
            .ip_address(ip(i))
            .name(format!("cgw-{i:03}"))
            .send()
            .await
            .expect("CreateCustomerGateway succeeds");
        created.push(out.customer_gateway_id.unwrap());
    }
    env.emu.clear_journal();

    let items = env
        .client
        .describe_customer_gateways()
        .into_paginator()
        .items()
        .try_collect()
        .await
        .expect("every page arrives");

    assert_eq!(items.len(), CUSTOMER_GATEWAYS);
    let ids: Vec<String> = items
        .iter()
        .map(|g| g.customer_gateway_id.clone().unwrap())
        .collect();
    assert_eq!(ids, created, "every gateway, once, in creation order");
    assert_eq!(items[119].name.as_deref(), Some("cgw-119"));
    assert_eq!(items[119].ip_address.as_deref(), Some("198.51.100.120"));
    let expected: Vec<_> = (1..=12).map(|n| page(n, 10)).collect();
    assert_eq!(
        pages_requested(&env.journal(), "DescribeCustomerGateways"),
        expected,
        "twelve pages of the default size, no extra request"
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn page_stream_with_page_size_50_yields_pages_of_50_50_and_20() {
    let env = env(Wire::V1_POST).await;
    let seeded = seed_customer_gateways(&env, CUSTOMER_GATEWAYS);

    let pages = env
        .client
        .describe_customer_gateways()
        .into_paginator()
        .page_size(50)
        .send()
        .try_collect()
        .await
        .expect("every page arrives");

    let sizes: Vec<usize> = pages.iter().map(|p| p.customer_gateways.len()).collect();
    assert_eq!(sizes, [50, 50, 20]);
    let numbers: Vec<Option<i32>> = pages.iter().map(|p| p.page_number).collect();
    assert_eq!(numbers, [Some(1), Some(2), Some(3)]);
    assert!(pages.iter().all(|p| p.total_count == Some(120)));
    assert!(pages.iter().all(|p| p.page_size == Some(50)));
    let ids: Vec<String> = pages
        .iter()
        .flat_map(|p| &p.customer_gateways)
        .map(|g| g.customer_gateway_id.clone().unwrap())
        .collect();
    assert_eq!(ids, seeded);
    assert_eq!(
        pages_requested(&env.journal(), "DescribeCustomerGateways"),
        [page(1, 50), page(2, 50), page(3, 50)]
    );
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn page_stream_with_the_default_page_size_yields_twelve_pages_of_ten() {
    let env = env(Wire::V3_GET).await;
    let seeded = seed_customer_gateways(&env, CUSTOMER_GATEWAYS);

    let pages = env
        .client
        .describe_customer_gateways()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .expect("every page arrives");

    assert_eq!(pages.len(), 12);
    assert!(pages.iter().all(|p| p.customer_gateways.len() == 10));
    let ids: HashSet<String> = pages
        .iter()
        .flat_map(|p| &p.customer_gateways)
        .map(|g| g.customer_gateway_id.clone().unwrap())
        .collect();
    assert_eq!(ids.len(), CUSTOMER_GATEWAYS, "no duplicates");
    assert_eq!(ids, seeded.into_iter().collect::<HashSet<_>>());
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn item_stream_with_page_size_50_yields_120_distinct_customer_gateways() {
    let env = env(Wire::V3_POST).await;
    let seeded = seed_customer_gateways(&env, CUSTOMER_GATEWAYS);

    let mut stream = env
        .client
        .describe_customer_gateways()
        .into_paginator()
        .page_size(50)
        .items();
    let mut ids = Vec::new();
    while let Some(item) = stream.next().await {
        ids.push(item.expect("no error").customer_gateway_id.unwrap());
    }

    assert_eq!(ids, seeded);
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        CUSTOMER_GATEWAYS,
        "no duplicates"
    );
    assert_eq!(env.journal_for("DescribeCustomerGateways").len(), 3);
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn an_exact_multiple_of_the_page_size_needs_no_extra_request() {
    let env = env(Wire::V1_GET).await;
    seed_customer_gateways(&env, 100);

    let items = env
        .client
        .describe_customer_gateways()
        .into_paginator()
        .page_size(50)
        .items()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(items.len(), 100);
    assert_eq!(
        pages_requested(&env.journal(), "DescribeCustomerGateways"),
        [page(1, 50), page(2, 50)],
        "the total says two pages: no third, empty request"
    );
}

#[tokio::test]
async fn an_empty_list_is_one_empty_page_and_no_items() {
    let env = env(Wire::V1_POST).await;

    let pages = env
        .client
        .describe_customer_gateways()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].total_count, Some(0));
    assert!(pages[0].customer_gateways.is_empty());

    let items = env
        .client
        .describe_customer_gateways()
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert!(items.is_empty());
    assert_eq!(env.journal().len(), 2);
}

#[tokio::test]
async fn a_starting_page_number_and_max_pages_bound_the_listing() {
    let env = env(Wire::V3_GET).await;
    let seeded = seed_customer_gateways(&env, CUSTOMER_GATEWAYS);

    let items = env
        .client
        .describe_customer_gateways()
        .page_number(3)
        .into_paginator()
        .page_size(20)
        .max_pages(2)
        .items()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(items.len(), 40);
    let ids: Vec<String> = items
        .iter()
        .map(|g| g.customer_gateway_id.clone().unwrap())
        .collect();
    assert_eq!(ids, seeded[40..80]);
    assert_eq!(
        pages_requested(&env.journal(), "DescribeCustomerGateways"),
        [page(3, 20), page(4, 20)]
    );
}

#[tokio::test]
async fn vpn_gateways_created_through_the_sdk_list_across_pages() {
    let env = env(Wire::V3_POST).await;
    let mut created = Vec::new();
    for i in 0..60 {
        let out = env
            .client
            .create_vpn_gateway()
            .vpc_id("vpc-e2epaging0000000000")
            .bandwidth(5)
            .name(format!("gw-{i:02}"))
            .send()
            .await
            .expect("CreateVpnGateway succeeds");
        created.push(out.vpn_gateway_id.unwrap());
    }

    let pages = env
        .client
        .describe_vpn_gateways()
        .into_paginator()
        .page_size(50)
        .send()
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.vpn_gateways.len()).collect();
    assert_eq!(sizes, [50, 10]);

    let items = env
        .client
        .describe_vpn_gateways()
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<String> = items
        .iter()
        .map(|g| g.vpn_gateway_id.clone().unwrap())
        .collect();
    assert_eq!(ids, created, "every gateway, once, in creation order");
    assert_eq!(items[59].name.as_deref(), Some("gw-59"));
    assert_eq!(env.journal_for("DescribeVpnGateways").len(), 2 + 6);
    env.assert_all_sent_as_wire();
}

#[tokio::test]
async fn a_filter_applies_to_every_page() {
    let env = env(Wire::V1_GET).await;
    let mut active = Vec::new();
    for i in 0..110 {
        let seed = VpnGatewaySeed::active(REGION);
        let seed = if i % 2 == 0 {
            seed
        } else {
            seed.status("updating")
        };
        let id = env.emu.seed_vpn_gateway(seed);
        if i % 2 == 0 {
            active.push(id);
        }
    }

    let items = env
        .client
        .describe_vpn_gateways()
        .status(VpnGatewayStatus::Active)
        .into_paginator()
        .page_size(50)
        .items()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(items.len(), 55);
    assert!(
        items
            .iter()
            .all(|g| g.status == Some(VpnGatewayStatus::Active))
    );
    let ids: Vec<String> = items
        .iter()
        .map(|g| g.vpn_gateway_id.clone().unwrap())
        .collect();
    assert_eq!(ids, active);
    let journal = env.journal();
    assert_eq!(journal.len(), 2);
    assert!(journal.iter().all(|e| e.params["Status"] == "active"));
}
