//! Lists every VPN gateway of every region, the regions queried concurrently.
//!
//! ```text
//! cargo run -p e2e --example list_all_regions                    # the public regions below
//! cargo run -p e2e --example list_all_regions -- cn-hangzhou ap-southeast-1
//! ```
//!
//! One client serves every region: each call names its `RegionId`, and the client sends
//! it to that region's endpoint (here every region is served by an embedded emulator,
//! seeded with a few gateways, so the example runs offline). At most [`PARALLEL`]
//! regions are listed at a time, so the account's API rate limits are not hammered;
//! within a region a paginator follows every page. A region that fails does not hide
//! the others: each region's outcome is reported on its own.

use std::time::Duration;

use alibabacloud_vpn::types::VpnGateway;
use alibabacloud_vpn::{Client, Credentials};
use futures_util::{StreamExt, stream};
use vpn_emulator::{Emulator, Quotas, VpnGatewaySeed};

/// Alibaba Cloud's public regions when this example was written. VPC's
/// `DescribeRegions` (an operation outside this SDK's VPN Gateway set) is the
/// authoritative, current list; pass regions on the command line to choose.
pub const REGIONS: &[&str] = &[
    "cn-hangzhou",
    "cn-shanghai",
    "cn-qingdao",
    "cn-beijing",
    "cn-zhangjiakou",
    "cn-huhehaote",
    "cn-wulanchabu",
    "cn-shenzhen",
    "cn-heyuan",
    "cn-guangzhou",
    "cn-chengdu",
    "cn-hongkong",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-southeast-1",
    "ap-southeast-3",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "us-east-1",
    "us-west-1",
    "eu-west-1",
    "eu-central-1",
    "me-east-1",
];

/// How many regions are listed at the same time.
pub const PARALLEL: usize = 8;

/// The VPN gateways of one region, or why they could not be listed.
pub type RegionListing = (String, Result<Vec<VpnGateway>, alibabacloud_vpn::Error>);

/// Every VPN gateway of each of `regions` (all pages), listed at most [`PARALLEL`]
/// regions at a time; sorted by region.
pub async fn gateways_by_region(client: &Client, regions: &[String]) -> Vec<RegionListing> {
    let mut listings: Vec<RegionListing> = stream::iter(regions.iter().cloned())
        .map(|region| async move {
            let gateways = client
                .describe_vpn_gateways()
                .region_id(&region)
                .into_paginator()
                .page_size(50)
                .items()
                .try_collect()
                .await
                .map_err(|e| e.into_generic());
            (region, gateways)
        })
        .buffer_unordered(PARALLEL)
        .collect()
        .await;
    listings.sort_by(|a, b| a.0.cmp(&b.0));
    listings
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut regions: Vec<String> = std::env::args().skip(1).collect();
    if regions.is_empty() {
        regions = REGIONS.iter().map(|r| r.to_string()).collect();
    }
    // The demo's stand-in for Alibaba Cloud: gateways in three regions, one of them
    // with more than a page of them.
    let emulator = Emulator::builder()
        .activation_delay(Duration::ZERO)
        .quotas(Quotas {
            vpn_gateways_per_region: 100,
            ..Quotas::default()
        })
        .start()
        .await?;
    for (region, count) in [
        ("cn-hangzhou", 2),
        ("cn-shanghai", 1),
        ("ap-southeast-1", 60),
    ] {
        for _ in 0..count {
            emulator.seed_vpn_gateway(VpnGatewaySeed::active(region));
        }
    }
    let client = Client::builder()
        .endpoint(emulator.endpoint())
        .credentials(Credentials::new(
            emulator.access_key_id(),
            emulator.access_key_secret(),
        ))
        .build()?;

    let listings = gateways_by_region(&client, &regions).await;
    let mut total = 0;
    for (region, outcome) in &listings {
        match outcome {
            Ok(gateways) if gateways.is_empty() => {}
            Ok(gateways) => {
                total += gateways.len();
                println!("{region}: {} VPN gateway(s)", gateways.len());
                for g in gateways.iter().take(3) {
                    println!(
                        "  {} {}",
                        g.vpn_gateway_id
                            .as_deref()
                            .unwrap_or("(no id in the answer)"),
                        g.status.as_ref().map_or("-", |s| s.as_str())
                    );
                }
                if gateways.len() > 3 {
                    println!("  ... and {} more", gateways.len() - 3);
                }
            }
            Err(e) => eprintln!("{region}: {e}"),
        }
    }
    println!(
        "{total} VPN gateway(s) in {} region(s) queried",
        listings.len()
    );
    emulator.shutdown().await;
    Ok(())
}
