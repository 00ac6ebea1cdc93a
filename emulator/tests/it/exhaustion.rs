//! Unauthenticated clients cannot make the emulator hold their data: the journal keeps no
//! parameter value of a request that was not authenticated and stays within its byte
//! limit whatever authenticated clients send.

use crate::support::*;

fn journal_text_bytes(emu: &vpn_emulator::Emulator) -> usize {
    emu.journal()
        .iter()
        .map(|e| {
            e.params
                .iter()
                .map(|(k, v)| k.len() + v.len())
                .sum::<usize>()
                + e.action.as_ref().map_or(0, String::len)
                + e.region.as_ref().map_or(0, String::len)
        })
        .sum()
}

#[tokio::test]
async fn unsigned_one_mib_requests_are_journaled_without_their_values() {
    let emu = emulator().await;
    let junk = "x".repeat((1 << 20) - 200);
    let body =
        format!("Action=DescribeVpnGateways&Version={VERSION}&RegionId={REGION}&Junk={junk}");
    for _ in 0..100 {
        let r = http()
            .post(emu.endpoint())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 400);
    }
    let journal = emu.journal();
    assert_eq!(journal.len(), 100);
    for e in &journal {
        assert!(!e.authenticated, "{e:?}");
        assert_eq!(e.error_code.as_deref(), Some("MissingParameter"), "{e:?}");
        assert!(e.params.contains_key("Junk"), "the names are kept: {e:?}");
        assert!(e.params.values().all(String::is_empty), "{e:?}");
    }
    // 100 MiB were sent; a few hundred bytes per request are kept.
    assert!(
        journal_text_bytes(&emu) < 100 * 200,
        "{}",
        journal_text_bytes(&emu)
    );
}

#[tokio::test]
async fn a_wrongly_signed_request_is_not_authenticated() {
    let emu = emulator().await;
    let opts = V1 {
        secret: "wrong".into(),
        ..V1::new(&emu)
    };
    v1_call(
        &emu,
        &opts,
        "CreateCustomerGateway",
        &[("RegionId", REGION), ("IpAddress", "192.0.2.1")],
    )
    .await
    .err(400, "SignatureDoesNotMatch");
    call(
        &emu,
        "CreateCustomerGateway",
        &[("RegionId", REGION), ("IpAddress", "192.0.2.1")],
    )
    .await
    .ok();
    let j = emu.journal();
    assert!(
        !j[0].authenticated && j[0].params["IpAddress"].is_empty(),
        "{:?}",
        j[0]
    );
    assert!(j[1].authenticated, "{:?}", j[1]);
    assert_eq!(j[1].params["IpAddress"], "192.0.2.1");
}

#[tokio::test]
async fn the_journal_stays_within_its_byte_limit() {
    let limit = 256 << 10;
    let emu = vpn_emulator::Emulator::builder()
        .journal_limits(10_000, limit)
        .start()
        .await
        .unwrap();
    let description = "d".repeat(200);
    let big = "y".repeat(100 << 10);
    for i in 0..300 {
        // Signed: kept with their values (cut to a bounded length), oldest dropped first.
        let value = if i % 2 == 0 { &big } else { &description };
        let post = V1 {
            method: "POST",
            in_body: true,
            ..V1::new(&emu)
        };
        v1_call(
            &emu,
            &post,
            "DescribeVpnGateways",
            &[("RegionId", REGION), ("Junk", value.as_str())],
        )
        .await;
    }
    let journal = emu.journal();
    assert!(
        journal.len() < 300,
        "old entries were dropped: {}",
        journal.len()
    );
    assert_eq!(journal.last().unwrap().seq, 300);
    assert!(journal.iter().all(|e| e.authenticated));
    assert!(
        journal_text_bytes(&emu) <= limit,
        "{}",
        journal_text_bytes(&emu)
    );
    emu.clear_journal();
    assert!(emu.journal().is_empty());
}
