//! Paging: PageNumber / PageSize (default 10, at most 50) with TotalCount.

use crate::support::*;

#[tokio::test]
async fn pages_through_customer_gateways() {
    let emu = emulator().await;
    for i in 0..23 {
        create_cgw(&emu, &format!("100.64.0.{i}")).await;
    }
    let first = call(&emu, "DescribeCustomerGateways", &[("RegionId", REGION)])
        .await
        .ok();
    assert_eq!(first.json["TotalCount"], 23);
    assert_eq!(first.json["PageNumber"], 1);
    assert_eq!(first.json["PageSize"], 10, "default page size");
    assert_eq!(
        first.json["CustomerGateways"]["CustomerGateway"]
            .as_array()
            .unwrap()
            .len(),
        10
    );

    let mut seen = Vec::new();
    for page in 1..=3 {
        let r = call(
            &emu,
            "DescribeCustomerGateways",
            &[
                ("RegionId", REGION),
                ("PageSize", "10"),
                ("PageNumber", &page.to_string()),
            ],
        )
        .await
        .ok();
        for g in r.json["CustomerGateways"]["CustomerGateway"]
            .as_array()
            .unwrap()
        {
            seen.push(g["IpAddress"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(seen.len(), 23);
    assert_eq!(seen[0], "100.64.0.0", "creation order");
    seen.dedup();
    assert_eq!(seen.len(), 23);

    let big = call(
        &emu,
        "DescribeCustomerGateways",
        &[("RegionId", REGION), ("PageSize", "50")],
    )
    .await
    .ok();
    assert_eq!(
        big.json["CustomerGateways"]["CustomerGateway"]
            .as_array()
            .unwrap()
            .len(),
        23
    );
    let beyond = call(
        &emu,
        "DescribeCustomerGateways",
        &[("RegionId", REGION), ("PageNumber", "9")],
    )
    .await
    .ok();
    assert_eq!(
        beyond.json["CustomerGateways"]["CustomerGateway"],
        serde_json::json!([])
    );
    assert_eq!(beyond.json["TotalCount"], 23);
    call(
        &emu,
        "DescribeCustomerGateways",
        &[("RegionId", REGION), ("PageSize", "51")],
    )
    .await
    .err(400, "InvalidParameter");
}
