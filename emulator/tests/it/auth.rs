//! Signature V1 and V3: accepted when right, each failure with its code.

use crate::support::*;

#[tokio::test]
async fn v1_get_is_accepted() {
    let emu = emulator().await;
    let r = call(&emu, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .ok();
    assert_conforms("DescribeVpnGateways", &r.json);
    let j = emu.journal();
    assert_eq!(j.len(), 1);
    assert_eq!(j[0].signature_version, vpn_emulator::SignatureVersion::V1);
    assert_eq!(j[0].method, "GET");
    assert_eq!(j[0].status, Some(200));
}

#[tokio::test]
async fn v1_post_with_params_in_the_form_body_is_accepted() {
    let emu = emulator().await;
    let opts = V1 {
        method: "POST",
        in_body: true,
        ..V1::new(&emu)
    };
    v1_call(
        &emu,
        &opts,
        "DescribeCustomerGateways",
        &[("RegionId", REGION)],
    )
    .await
    .ok();
    let opts = V1 {
        method: "POST",
        in_body: false,
        ..V1::new(&emu)
    };
    v1_call(
        &emu,
        &opts,
        "DescribeCustomerGateways",
        &[("RegionId", REGION)],
    )
    .await
    .ok();
}

#[tokio::test]
async fn v1_bad_signature_is_signature_does_not_match() {
    let emu = emulator().await;
    let opts = V1 {
        signature: Some("AAAAAAAAAAAAAAAAAAAAAAAAAAA=".into()),
        ..V1::new(&emu)
    };
    let r = v1_call(&emu, &opts, "DescribeVpnGateways", &[("RegionId", REGION)]).await;
    let r = r.err(400, "SignatureDoesNotMatch");
    assert!(
        r.str("Message")
            .contains("server string to sign is:GET&%2F&"),
        "{}",
        r.json
    );
}

#[tokio::test]
async fn v1_wrong_secret_is_signature_does_not_match() {
    let emu = emulator().await;
    let opts = V1 {
        secret: "wrong".into(),
        ..V1::new(&emu)
    };
    v1_call(&emu, &opts, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .err(400, "SignatureDoesNotMatch");
}

#[tokio::test]
async fn v1_unknown_key_is_invalid_access_key_id_not_found() {
    let emu = emulator().await;
    let opts = V1 {
        access_key_id: "nobody".into(),
        ..V1::new(&emu)
    };
    v1_call(&emu, &opts, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .err(404, "InvalidAccessKeyId.NotFound");
}

#[tokio::test]
async fn v1_stale_timestamp_is_illegal_timestamp() {
    let emu = emulator().await;
    for offset in [-16 * 60, 16 * 60] {
        let opts = V1 {
            timestamp: Some(now_iso(offset)),
            ..V1::new(&emu)
        };
        v1_call(&emu, &opts, "DescribeVpnGateways", &[("RegionId", REGION)])
            .await
            .err(400, "IllegalTimestamp");
    }
    let opts = V1 {
        timestamp: Some("yesterday".into()),
        ..V1::new(&emu)
    };
    v1_call(&emu, &opts, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .err(400, "IllegalTimestamp");
    // Within the window is fine.
    let opts = V1 {
        timestamp: Some(now_iso(-10 * 60)),
        ..V1::new(&emu)
    };
    v1_call(&emu, &opts, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .ok();
}

#[tokio::test]
async fn v1_reused_nonce_is_signature_nonce_used() {
    let emu = emulator().await;
    let opts = V1 {
        nonce: Some("fixed-nonce-1".into()),
        ..V1::new(&emu)
    };
    v1_call(&emu, &opts, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .ok();
    v1_call(&emu, &opts, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .err(400, "SignatureNonceUsed");
}

#[tokio::test]
async fn v1_wrong_signature_method_is_incomplete_signature() {
    let emu = emulator().await;
    let url = format!(
        "{}/?Action=DescribeVpnGateways&Version=2016-04-28&RegionId=cn-hangzhou&AccessKeyId=testid&SignatureMethod=HMAC-SHA256&SignatureVersion=1.0&SignatureNonce=n1&Timestamp={}&Signature=x",
        emu.endpoint(),
        now_iso(0)
    );
    let resp = http().get(url).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    let v: serde_json::Value = serde_json::from_str(&resp.text().await.unwrap()).unwrap();
    assert_eq!(v["Code"], "IncompleteSignature");
}

#[tokio::test]
async fn v1_missing_signature_is_missing_parameter() {
    let emu = emulator().await;
    let url = format!(
        "{}/?Action=DescribeVpnGateways&Version=2016-04-28&RegionId=cn-hangzhou",
        emu.endpoint()
    );
    let resp = http().get(url).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    let v: serde_json::Value = serde_json::from_str(&resp.text().await.unwrap()).unwrap();
    assert_eq!(v["Code"], "MissingParameter");
    assert!(
        v["Message"].as_str().unwrap().contains("AccessKeyId"),
        "{v}"
    );
}

#[tokio::test]
async fn v1_parameter_changed_after_signing_is_signature_does_not_match() {
    let emu = emulator().await;
    // Sign for one region, send another: recompute over the sent params differs.
    let opts = V1::new(&emu);
    let mut pairs = vec![
        ("Action", "DescribeVpnGateways".to_string()),
        ("Version", VERSION.to_string()),
        ("AccessKeyId", opts.access_key_id.clone()),
        ("SignatureMethod", "HMAC-SHA1".into()),
        ("SignatureVersion", "1.0".into()),
        ("SignatureNonce", nonce()),
        ("Timestamp", now_iso(0)),
        ("RegionId", "cn-hangzhou".into()),
    ];
    let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let sig = alibabacloud_vpn::sign::v1::signature(
        &opts.secret,
        &alibabacloud_vpn::sign::v1::string_to_sign("GET", &refs),
    );
    pairs.last_mut().unwrap().1 = "cn-beijing".into();
    pairs.push(("Signature", sig));
    let q: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", alibabacloud_vpn::sign::percent_encode(v)))
        .collect();
    let resp = http()
        .get(format!("{}/?{}", emu.endpoint(), q.join("&")))
        .send()
        .await
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&resp.text().await.unwrap()).unwrap();
    assert_eq!(v["Code"], "SignatureDoesNotMatch");
}

#[tokio::test]
async fn v3_post_with_query_and_form_is_accepted() {
    let emu = emulator().await;
    let r = v3_call(
        &emu,
        &V3::new(&emu),
        "DescribeVpnGateways",
        &[("RegionId", REGION)],
    )
    .await
    .ok();
    assert_conforms("DescribeVpnGateways", &r.json);
    let opts = V3 {
        form: vec![
            ("RegionId".into(), REGION.into()),
            ("IpAddress".into(), "1.2.3.4".into()),
        ],
        ..V3::new(&emu)
    };
    v3_call(&emu, &opts, "CreateCustomerGateway", &[])
        .await
        .ok();
    let j = emu.journal();
    assert_eq!(j[0].signature_version, vpn_emulator::SignatureVersion::V3);
    assert_eq!(
        j[1].params.get("IpAddress").map(String::as_str),
        Some("1.2.3.4")
    );
}

#[tokio::test]
async fn v3_bad_signature_is_signature_does_not_match() {
    let emu = emulator().await;
    let opts = V3 {
        secret: "wrong".into(),
        ..V3::new(&emu)
    };
    v3_call(&emu, &opts, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .err(400, "SignatureDoesNotMatch");
}

#[tokio::test]
async fn v3_unknown_key_is_invalid_access_key_id_not_found() {
    let emu = emulator().await;
    let opts = V3 {
        access_key_id: "nobody".into(),
        ..V3::new(&emu)
    };
    v3_call(&emu, &opts, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .err(404, "InvalidAccessKeyId.NotFound");
}

#[tokio::test]
async fn v3_stale_date_is_illegal_timestamp() {
    let emu = emulator().await;
    let opts = V3 {
        date: Some(now_iso(-20 * 60)),
        ..V3::new(&emu)
    };
    v3_call(&emu, &opts, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .err(400, "IllegalTimestamp");
}

#[tokio::test]
async fn v3_reused_nonce_is_signature_nonce_used() {
    let emu = emulator().await;
    let opts = V3 {
        nonce: Some("v3-fixed-nonce".into()),
        ..V3::new(&emu)
    };
    v3_call(&emu, &opts, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .ok();
    v3_call(&emu, &opts, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .err(400, "SignatureNonceUsed");
}

#[tokio::test]
async fn v3_signed_header_tampering_is_signature_does_not_match() {
    let emu = emulator().await;
    for (name, value) in [
        ("x-acs-date", now_iso(-60)),
        ("x-acs-signature-nonce", nonce()),
        ("x-acs-action", "DescribeCustomerGateways".to_string()),
    ] {
        let opts = V3 {
            tamper: vec![(name.into(), value)],
            ..V3::new(&emu)
        };
        let r = v3_call(&emu, &opts, "DescribeVpnGateways", &[("RegionId", REGION)]).await;
        assert_eq!(
            r.code(),
            "SignatureDoesNotMatch",
            "tampering {name}: {}",
            r.json
        );
    }
}

#[tokio::test]
async fn v3_query_or_body_tampering_is_signature_does_not_match() {
    let emu = emulator().await;
    let opts = V3 {
        form: vec![("RegionId".into(), REGION.into())],
        body_override: Some("RegionId=cn-beijing".into()),
        ..V3::new(&emu)
    };
    v3_call(&emu, &opts, "DescribeVpnGateways", &[])
        .await
        .err(400, "SignatureDoesNotMatch");
}

#[tokio::test]
async fn v3_unsigned_extra_header_is_fine_but_unsigned_date_is_incomplete() {
    let emu = emulator().await;
    let opts = V3 {
        tamper: vec![("user-agent".into(), "changed".into())],
        ..V3::new(&emu)
    };
    v3_call(&emu, &opts, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .ok();
    let opts = V3 {
        sign_only: Some(vec![
            "host",
            "x-acs-action",
            "x-acs-signature-nonce",
            "x-acs-version",
        ]),
        ..V3::new(&emu)
    };
    v3_call(&emu, &opts, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .err(400, "IncompleteSignature");
}

#[tokio::test]
async fn v3_malformed_authorization_is_incomplete_signature() {
    let emu = emulator().await;
    let resp = http()
        .post(format!("{}/?RegionId=cn-hangzhou", emu.endpoint()))
        .header("authorization", "ACS3-HMAC-SHA256 garbage")
        .header("x-acs-action", "DescribeVpnGateways")
        .header("x-acs-version", VERSION)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    let v: serde_json::Value = serde_json::from_str(&resp.text().await.unwrap()).unwrap();
    assert_eq!(v["Code"], "IncompleteSignature");
}

#[tokio::test]
async fn signature_checks_can_be_switched_off() {
    let emu = vpn_emulator::Emulator::builder()
        .verify_signatures(false)
        .start()
        .await
        .unwrap();
    let url = format!(
        "{}/?Action=DescribeVpnGateways&Version=2016-04-28&RegionId=cn-hangzhou",
        emu.endpoint()
    );
    let resp = http().get(url).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
}

#[tokio::test]
async fn timestamps_other_than_the_documented_form_are_illegal() {
    let emu = emulator().await;
    let now = now_iso(0);
    let offset = {
        // The same instant written with a +08:00 offset.
        let t = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8));
        t.format(time::macros::format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second]+08:00"
        ))
        .unwrap()
    };
    let fractional = now.replace('Z', ".123Z");
    let variants = [
        offset,
        fractional,
        now.replace('T', "t"),
        now.replace('Z', "z"),
        now.replace('T', " "),
    ];
    for ts in &variants {
        let v1 = V1 {
            timestamp: Some(ts.clone()),
            ..V1::new(&emu)
        };
        v1_call(&emu, &v1, "DescribeVpnGateways", &[("RegionId", REGION)])
            .await
            .err(400, "IllegalTimestamp");
        let v3 = V3 {
            date: Some(ts.clone()),
            ..V3::new(&emu)
        };
        v3_call(&emu, &v3, "DescribeVpnGateways", &[("RegionId", REGION)])
            .await
            .err(400, "IllegalTimestamp");
    }
    let v1 = V1 {
        timestamp: Some(now),
        ..V1::new(&emu)
    };
    v1_call(&emu, &v1, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .ok();
}

#[tokio::test]
async fn an_empty_signature_nonce_is_refused() {
    let emu = emulator().await;
    let v1 = V1 {
        nonce: Some(String::new()),
        ..V1::new(&emu)
    };
    v1_call(&emu, &v1, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .err(400, "MissingParameter");
    let v3 = V3 {
        nonce: Some(String::new()),
        ..V3::new(&emu)
    };
    v3_call(&emu, &v3, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .err(400, "MissingParameter");
}
