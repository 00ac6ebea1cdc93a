//! What an SSL-VPN client needs and does: one client certificate with its key material
//! and OpenVPN configuration (`DescribeSslVpnClientCert`), and the clients connected to
//! a gateway's SSL-VPN server (`DescribeSslVpnClients`): one per client certificate of
//! the server that has not expired, up to the gateway's SSL connection quota. Everything
//! synthesised is a function of the records (their seeded ids and times), so a seeded
//! emulator answers the same every run. The key material is shaped like PEM but is not
//! a usable key or certificate.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};
use vpn_spec::formats as net;

use super::ipsec_server::fnv;
use super::ssl::{CERT, SERVER};
use super::vpn_gateway;
use crate::engine::project::project;
use crate::engine::{Answer, Ctx};
use crate::params::Params;
use crate::store::Record;

/// `DescribeSslVpnClients`: the connected clients of the gateway's SSL-VPN server (none
/// when it has no server), paged.
pub fn clients(ctx: &mut Ctx<'_>, p: &Params, _: Option<Record>) -> Answer {
    let gw = ctx.find(vpn_gateway::RESOURCE, p.str_or_empty("VpnGatewayId"))?;
    let quota = usize::try_from(gw.int("SslMaxConnections").unwrap_or(0)).unwrap_or(0);
    let server = ctx
        .records(SERVER)
        .find(|s| s.str("VpnGatewayId") == Some(gw.id.as_str()))
        .cloned();
    let items: Vec<Value> = match &server {
        None => Vec::new(),
        Some(server) => ctx
            .records(CERT)
            .filter(|c| c.str("SslVpnServerId") == Some(server.id.as_str()))
            .map(|c| ctx.view(c))
            .filter(|c| c.str("Status") != Some("expired"))
            .take(quota)
            .enumerate()
            .map(|(i, cert)| client(server, &cert, i))
            .collect(),
    };
    let mut out = ctx.paged(p, items)?;
    out.insert("VpnGatewayId".into(), json!(gw.id));
    out.insert("RegionId".into(), json!(ctx.region));
    Ok(out)
}

/// The `i`-th connected client of `server`, connected with `cert`.
fn client(server: &Record, cert: &Record, i: usize) -> Value {
    let h = fnv(&[cert.id.as_bytes()]);
    let pool = server
        .str("ClientIpPool")
        .and_then(net::parse_cidr)
        .map_or(0, |c| c.addr);
    let offset = u32::try_from(i).unwrap_or(0).saturating_add(2);
    let private = std::net::Ipv4Addr::from(pool.wrapping_add(offset));
    let public = format!("203.0.113.{}", h % 250 + 1);
    let h = h >> 8;
    json!({
        "CommonName": format!("CN={}", cert.id),
        "ConnectedTime": cert.created_ms.saturating_add(i64::try_from(h % 300_000).unwrap_or(0)),
        "Ip": public,
        "Port": (20_000 + (h >> 20) % 40_000).to_string(),
        "PrivateIp": private.to_string(),
        "ReceiveBytes": 1_000 + (h >> 4) % 900_000,
        "SendBytes": 1_000 + (h >> 12) % 900_000,
        "Status": "online",
    })
}

/// `DescribeSslVpnClientCert` (the engine has found the certificate): its listed
/// properties plus the CA and client certificates, the client key and a client
/// configuration for its server.
pub fn cert(ctx: &mut Ctx<'_>, _: &Params, cert: Option<Record>) -> Answer {
    let Some(cert) = cert else {
        return Err(ctx.not_found(CERT));
    };
    let viewed = ctx.view(&cert);
    let mut out: Map<String, Value> = match ctx.resource(CERT) {
        Some(resource) => project(ctx.spec, resource, &viewed, &ctx.op.response),
        None => Map::new(),
    };
    let server_id = cert.str("SslVpnServerId").unwrap_or_default();
    let server = ctx.store.find(&ctx.region, SERVER, server_id).cloned();
    out.insert(
        "CaCert".into(),
        json!(pem("CERTIFICATE", &[server_id.as_bytes(), b"ca"])),
    );
    out.insert(
        "ClientCert".into(),
        json!(pem("CERTIFICATE", &[cert.id.as_bytes(), b"cert"])),
    );
    out.insert(
        "ClientKey".into(),
        json!(pem("RSA PRIVATE KEY", &[cert.id.as_bytes(), b"key"])),
    );
    if let Some(server) = &server {
        out.insert("ClientConfig".into(), json!(config(server, &cert.id)));
    }
    Ok(out)
}

/// A PEM block of `label` whose body is a stable function of `seed`.
fn pem(label: &str, seed: &[&[u8]]) -> String {
    let mut bytes = Vec::with_capacity(96);
    let mut h = fnv(seed);
    while bytes.len() < 96 {
        bytes.extend_from_slice(&h.to_be_bytes());
        h = fnv(&[&h.to_le_bytes()]);
    }
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----",
        STANDARD.encode(bytes)
    )
}

/// An OpenVPN client configuration for `server`, with the certificate's file names.
fn config(server: &Record, cert_id: &str) -> String {
    let proto = server.str("Proto").unwrap_or("UDP").to_ascii_lowercase();
    let address = server.str("InternetIp").unwrap_or("0.0.0.0");
    let port = server.int("Port").unwrap_or(1194);
    let cipher = server.str("Cipher").unwrap_or("AES-128-CBC");
    let compress = if server.bool("Compress") == Some(true) {
        "comp-lzo"
    } else {
        ";comp-lzo"
    };
    [
        "client".to_string(),
        "dev tun".into(),
        format!("proto {proto}"),
        format!("remote {address} {port}"),
        "resolv-retry infinite".into(),
        "nobind".into(),
        "persist-key".into(),
        "persist-tun".into(),
        "ca ca.crt".into(),
        format!("cert {cert_id}.crt"),
        format!("key {cert_id}.key"),
        format!("cipher {cipher}"),
        compress.into(),
        "verb 3".into(),
    ]
    .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_blocks_are_stable_and_labelled() {
        let a = pem("CERTIFICATE", &[b"vsc-1", b"cert"]);
        assert_eq!(a, pem("CERTIFICATE", &[b"vsc-1", b"cert"]));
        assert_ne!(a, pem("CERTIFICATE", &[b"vsc-2", b"cert"]));
        assert!(a.starts_with("-----BEGIN CERTIFICATE-----\n"));
        assert!(a.ends_with("\n-----END CERTIFICATE-----"));
    }
}
