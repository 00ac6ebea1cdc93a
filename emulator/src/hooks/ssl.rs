//! SSL-VPN servers and client certificates: a server needs a gateway with SSL-VPN
//! enabled (`VpnGateway.SslVpnDisabled`), at most the quota per gateway (one, as the
//! service allows: `Resource.QuotaFull`), and a client pool that overlaps none of its
//! local subnets (`IllegalParam.ClientIpPool`, on creation and modification); it shows
//! its gateway's address and connection limit. Certificates are valid three years and
//! report `normal`, `expiring-soon` (the last week) or `expired`. Server logs are
//! synthesised.

use serde_json::Value;
use vpn_spec::formats as net;

use crate::engine::{Answer, Ctx};
use crate::errors::ApiError;
use crate::params::Params;
use crate::store::Record;

/// SSL-VPN servers.
pub const SERVER: &str = "SslVpnServer";
/// Client certificates.
pub const CERT: &str = "SslVpnClientCert";
/// Client certificates are valid for three years.
const CERT_VALIDITY_MS: i64 = 3 * 365 * 24 * 3600 * 1000;
/// One week, in milliseconds: a certificate expiring sooner is `expiring-soon`.
pub const EXPIRING_SOON_MS: i64 = 7 * 24 * 3600 * 1000;
/// Log lines synthesised per server.
pub const LOG_LINES: usize = 25;

fn check_pool(ctx: &Ctx<'_>, server: &Record) -> Result<(), ApiError> {
    let pool = server.str("ClientIpPool").and_then(net::parse_cidr);
    let local = server.str("LocalSubnet").and_then(net::parse_cidr_list);
    if let (Some(pool), Some(local)) = (pool, local)
        && local.iter().any(|l| l.overlaps(pool))
    {
        return Err(ctx.err("IllegalParam.ClientIpPool"));
    }
    Ok(())
}

/// `CreateSslVpnServer` (the engine has found the gateway and checked its state; the
/// protocol, port, cipher and compression defaults come from the spec).
pub fn create_server(ctx: &mut Ctx<'_>, _: &Params, server: &mut Record) -> Result<(), ApiError> {
    let gw = ctx
        .parent(server)
        .ok_or_else(|| ctx.not_found("VpnGateway"))?;
    if gw.bool("EnableSsl") != Some(true) {
        return Err(ctx.err("VpnGateway.SslVpnDisabled"));
    }
    if ctx.count(SERVER, Some(&gw.id)) >= ctx.quotas.ssl_servers_per_gateway {
        return Err(ctx.err("Resource.QuotaFull"));
    }
    check_pool(ctx, server)?;
    server.default("Name", server.id.clone());
    server.set("InternetIp", gw.str("InternetIp").unwrap_or_default());
    server.set("MaxConnections", gw.int("SslMaxConnections").unwrap_or(0));
    server.set("Connections", 0);
    Ok(())
}

/// `ModifySslVpnServer`: the changed pool and subnets must still not overlap.
pub fn modify_server(ctx: &mut Ctx<'_>, _: &Params, server: &mut Record) -> Result<(), ApiError> {
    check_pool(ctx, server)
}

/// `CreateSslVpnClientCert`: the per-server quota; valid for three years.
pub fn create_cert(ctx: &mut Ctx<'_>, _: &Params, cert: &mut Record) -> Result<(), ApiError> {
    let server = cert.str("SslVpnServerId");
    if ctx.count(CERT, server) >= ctx.quotas.client_certs_per_server {
        return Err(ctx.err("Resource.QuotaFull"));
    }
    cert.default("Name", cert.id.clone());
    cert.set("EndTime", cert.created_ms.saturating_add(CERT_VALIDITY_MS));
    Ok(())
}

/// `Status`: `expired`, `expiring-soon` (within a week) or `normal`.
pub fn cert_view(ctx: &Ctx<'_>, cert: &mut Record) {
    let end = cert.int("EndTime").unwrap_or(i64::MAX);
    let status = if ctx.now_ms >= end {
        "expired"
    } else if end - ctx.now_ms <= EXPIRING_SOON_MS {
        "expiring-soon"
    } else {
        "normal"
    };
    cert.set("Status", status);
}

/// `DescribeVpnSslServerLogs`: [`LOG_LINES`] synthesised OpenVPN-style lines per server
/// (one a minute from `From`, Unix seconds, or the server's creation), naming its client
/// certificates; paged with `Count` and `IsCompleted`. An unknown server has no logs.
pub fn server_logs(ctx: &mut Ctx<'_>, p: &Params, _: Option<Record>) -> Answer {
    let id = p.str_or_empty("VpnSslServerId");
    let lines = ctx
        .store
        .find(&ctx.region, SERVER, id)
        .map(|server| {
            let certs: Vec<&str> = ctx
                .records(CERT)
                .filter(|c| c.str("SslVpnServerId") == Some(server.id.as_str()))
                .filter_map(|c| c.str("Name"))
                .collect();
            let start = p.int("From").unwrap_or(server.created_ms / 1000);
            synthesise(&server.id, &certs, start)
        })
        .unwrap_or_default();
    let items = lines.into_iter().map(Value::String).collect();
    ctx.paged(p, items)
}

fn synthesise(server_id: &str, certs: &[&str], start_secs: i64) -> Vec<String> {
    const EVENTS: [&str; 5] = [
        "TLS: Initial packet from [AF_INET]{ip}:51820",
        "VERIFY OK: depth=0, CN={cn}",
        "Peer Connection Initiated with [AF_INET]{ip}:51820",
        "MULTI: Learn: 10.10.0.{n} -> {cn}/{ip}:51820",
        "SIGTERM[soft,remote-exit] received, client-instance exiting",
    ];
    (0..LOG_LINES)
        .map(|i| {
            let cn = certs
                .get(i / EVENTS.len() % certs.len().max(1))
                .copied()
                .unwrap_or("client");
            let ip = format!("203.0.113.{}", 10 + i / EVENTS.len());
            let secs = start_secs.saturating_add(60 * i64::try_from(i).unwrap_or(0));
            let ts = time::OffsetDateTime::from_unix_timestamp(secs)
                .ok()
                .and_then(|t| {
                    t.format(time::macros::format_description!(
                        "[year]-[month]-[day] [hour]:[minute]:[second]"
                    ))
                    .ok()
                })
                .unwrap_or_default();
            let event = EVENTS[i % EVENTS.len()]
                .replace("{ip}", &ip)
                .replace("{cn}", cn)
                .replace("{n}", &(i + 2).to_string());
            format!("{ts} {server_id} openvpn: {event}")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn logs_name_the_server_and_its_certificates() {
        let lines = super::synthesise("vss-x", &["alice"], 0);
        assert_eq!(lines.len(), super::LOG_LINES);
        assert!(lines[1].contains("CN=alice"), "{}", lines[1]);
        assert!(lines[0].starts_with("1970-01-01 00:00:00 vss-x openvpn: "));
    }
}
