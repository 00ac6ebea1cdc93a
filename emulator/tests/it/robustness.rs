//! Hostile input never panics: every answer is a well-formed error.

use crate::support::*;

#[tokio::test]
async fn malformed_requests_get_errors_not_panics() {
    let emu = vpn_emulator::Emulator::builder()
        .verify_signatures(false)
        .start()
        .await
        .unwrap();
    let base = emu.endpoint();
    let urls = [
        format!("{base}/"),
        format!("{base}/?Action="),
        format!("{base}/?Action=%FF%FE&Version=2016-04-28"),
        format!(
            "{base}/?Action=CreateVpnConnection&Version=2016-04-28&RegionId=r&VpnGatewayId=v&CustomerGatewayId=c&LocalSubnet=1.1.1.0/24&RemoteSubnet=2.2.2.0/24&IkeConfig=%7B%22IkeLifetime%22%3A1e999%7D"
        ),
        format!(
            "{base}/?Action=CreateVpnConnection&Version=2016-04-28&RegionId=r&VpnGatewayId=v&CustomerGatewayId=c&LocalSubnet=1.1.1.0/24&RemoteSubnet=2.2.2.0/24&HealthCheckConfig=%5B%5B%5B%5B"
        ),
        format!(
            "{base}/?Action=CreateVpnConnection&Version=2016-04-28&RegionId=r&VpnGatewayId=v&CustomerGatewayId=c&LocalSubnet=1.1.1.0/24&RemoteSubnet=2.2.2.0/24&IpsecConfig=%7B%22IpsecLifetime%22%3A-99999999999999999999999%7D"
        ),
        format!("{base}/?Action=DescribeVpnGateways&Version=2016-04-28&RegionId=r&PageSize=-1"),
        format!(
            "{base}/?Action=DescribeVpnGateways&Version=2016-04-28&RegionId=r&PageNumber=2147483647&PageSize=50"
        ),
        format!(
            "{base}/?Action=DescribeVpnSslServerLogs&Version=2016-04-28&RegionId=r&VpnSslServerId=x&From=-9223372036854775808"
        ),
        format!(
            "{base}/?Action=CreateVpnGateway&Version=2016-04-28&RegionId=r&VpcId=v&Bandwidth=18446744073709551616"
        ),
        format!(
            "{base}/?Action=CreateCustomerGateway&Version=2016-04-28&RegionId=r&IpAddress=%00%00"
        ),
        format!("{base}/?%%%%=%%%&&&=="),
    ];
    for url in urls {
        let resp = http().get(&url).send().await.unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        let v: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("{url}: {text}"));
        assert!(
            status == 200 || v["Code"].is_string(),
            "{url}: {status} {text}"
        );
        assert!(status < 500, "{url}: {status} {text}");
    }
    // A raw body with invalid UTF-8 and a bogus content type.
    let resp = http()
        .post(format!(
            "{base}/?Action=DescribeVpnGateways&Version=2016-04-28"
        ))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![0xff, 0xfe, b'=', 0x80])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    // Still serving.
    call(&emu, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .ok();
}

#[tokio::test]
async fn a_malformed_chunked_body_is_bad_request() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let emu = emulator().await;
    for body in [
        "zz\r\nAction=X\r\n0\r\n\r\n", // a chunk size that is not hexadecimal
        "5\r\nAction=X\r\n0\r\n\r\n",  // a chunk longer than its size
        "ffffffffffffffffff\r\nA\r\n", // a size that overflows
    ] {
        let mut s = tokio::net::TcpStream::connect(emu.local_addr())
            .await
            .unwrap();
        s.write_all(
            format!("POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-www-form-urlencoded\r\ntransfer-encoding: chunked\r\n\r\n{body}")
                .as_bytes(),
        )
        .await
        .unwrap();
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(
            std::time::Duration::from_secs(20),
            s.read_to_end(&mut answer),
        )
        .await;
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 400"), "{body:?}: {answer}");
        assert!(
            answer.contains("\"Code\":\"MalformedRequest\""),
            "{body:?}: {answer}"
        );
        assert!(answer.contains("\"RequestId\""), "{body:?}: {answer}");
    }
}
