//! `Format=XML` at the wire: text escaped, the quirks (which reshape JSON answers) left
//! out of XML, errors as `<Error>` with the JSON error's fields, the format chosen per
//! request and the journal unchanged. Signed V1 requests, the `Format` parameter signed
//! like any other.

use alibabacloud_vpn::sign::v1;
use vpn_emulator::Quirks;

use crate::support::*;

/// A V1-signed GET of `action` asking for `format`: status, content type, body text.
async fn get(
    emu: &vpn_emulator::Emulator,
    action: &str,
    format: &str,
    params: &[(&str, &str)],
) -> (u16, String, String) {
    let nonce = nonce();
    let ts = now_iso(0);
    let (key, secret) = (emu.access_key_id(), emu.access_key_secret());
    let mut pairs: Vec<(&str, &str)> = vec![
        ("Action", action),
        ("Version", VERSION),
        ("Format", format),
        ("AccessKeyId", &key),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", &nonce),
        ("Timestamp", &ts),
        ("RegionId", REGION),
    ];
    pairs.extend_from_slice(params);
    let signature = v1::signature(&secret, &v1::string_to_sign("GET", &pairs));
    pairs.push(("Signature", &signature));
    let resp = http()
        .get(format!("{}/", emu.endpoint()))
        .query(&pairs)
        .send()
        .await
        .expect("an answer");
    let status = resp.status().as_u16();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, content_type, resp.text().await.expect("a body"))
}

#[tokio::test]
async fn xml_escapes_text_and_ignores_the_json_quirks() {
    let emu = emulator().await;
    emu.set_quirks(Quirks::all());
    let (status, content_type, body) = get(
        &emu,
        "CreateCustomerGateway",
        "XML",
        &[
            ("IpAddress", "192.0.2.90"),
            ("Description", "a <b> & \"c\""),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(content_type, "text/xml;charset=utf-8");
    assert!(
        body.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CreateCustomerGatewayResponse>"
        ),
        "one root, no JSON envelope inside it: {body}"
    );
    assert!(
        body.contains("<Description>a &lt;b&gt; &amp; &quot;c&quot;</Description>"),
        "{body}"
    );
    assert!(body.ends_with("</CreateCustomerGatewayResponse>"), "{body}");
    assert!(!body.contains("CreateCustomerGatewayResponse><CreateCustomerGatewayResponse"));

    // The same call's answer in JSON keeps the quirks.
    let (_, content_type, body) = get(&emu, "DescribeCustomerGateways", "JSON", &[]).await;
    assert!(content_type.starts_with("application/json"));
    let json: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert!(
        json.get("DescribeCustomerGatewaysResponse").is_some(),
        "{json}"
    );
}

#[tokio::test]
async fn xml_errors_carry_the_json_error_fields_and_the_journal_is_the_same() {
    let emu = emulator().await;
    let (status, content_type, body) = get(
        &emu,
        "DescribeCustomerGateway",
        "xml",
        &[("CustomerGatewayId", "cgw-doesnotexist00000000")],
    )
    .await;
    assert_eq!(status, 404, "{body}");
    assert!(content_type.starts_with("text/xml"));
    for element in [
        "<Error><RequestId>",
        "<HostId>vpc.aliyuncs.com</HostId>",
        "<Code>InvalidCustomerGatewayInstanceId.NotFound</Code>",
        "<Message>",
        "<Recommend>",
    ] {
        assert!(body.contains(element), "{element} in {body}");
    }
    let entry = emu.journal().pop().expect("journalled");
    assert_eq!(entry.status, Some(404));
    assert_eq!(
        entry.error_code.as_deref(),
        Some("InvalidCustomerGatewayInstanceId.NotFound")
    );
    assert_eq!(entry.params.get("Format").map(String::as_str), Some("xml"));
}

#[tokio::test]
async fn an_unknown_action_in_xml_is_an_error_document() {
    let emu = emulator().await;
    let (status, _, body) = get(&emu, "NoSuchAction", "XML", &[]).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains("<Code>InvalidAction.NotFound</Code>"),
        "{body}"
    );
    assert!(body.starts_with("<?xml"), "{body}");
}
