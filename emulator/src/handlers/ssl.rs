//! SSL-VPN servers, client certificates and server logs. A server needs a gateway with
//! SSL-VPN enabled (`VpnGateway.SslVpnDisabled`), at most one per gateway
//! (`Resource.QuotaFull`), and a client pool that overlaps none of its local subnets
//! (`IllegalParam.ClientIpPool`); reserved ports are refused by validation, from the
//! spec's forbidden values. Defaults (UDP, 1194, AES-128-CBC, no compression) come from
//! the spec.

use serde_json::{Map, Value, json};

use super::vpn_gateway::project;
use super::{Answer, Ctx, filter_ok, object};
use crate::errors::ApiError;
use crate::ids::prefix;
use crate::params::Params;
use crate::state::{SslVpnClientCert, SslVpnServer, VpnGateway};
use vpn_spec::formats as net;

/// Client certificates are valid for three years.
const CERT_VALIDITY_MS: i64 = 3 * 365 * 24 * 3600 * 1000;
/// Log lines synthesised per server.
pub const LOG_LINES: usize = 25;

fn server_not_found(ctx: &Ctx<'_>) -> ApiError {
    ctx.err("InvalidSslVpnServerId.NotFound")
}

fn cert_not_found(ctx: &Ctx<'_>) -> ApiError {
    ctx.err("InvalidSslVpnClientCertId.NotFound")
}

fn check_pool(ctx: &Ctx<'_>, pool: &str, local: &str) -> Result<(), ApiError> {
    let (Some(pool), Some(local)) = (net::parse_cidr(pool), net::parse_cidr_list(local)) else {
        return Ok(());
    };
    if local.iter().any(|l| l.overlaps(pool)) {
        return Err(ctx.err("IllegalParam.ClientIpPool"));
    }
    Ok(())
}

fn server_json(ctx: &Ctx<'_>, s: &SslVpnServer) -> Map<String, Value> {
    let gw = ctx
        .region_ref()
        .and_then(|r| r.vpn_gateway(&s.vpn_gateway_id));
    s.to_json(
        gw.map_or("", |g| g.internet_ip.as_str()),
        gw.map_or(0, |g| g.ssl_max_connections),
    )
}

fn find_server(ctx: &Ctx<'_>, id: &str) -> Result<(SslVpnServer, Option<VpnGateway>), ApiError> {
    let region = ctx.region_ref();
    let server = region
        .and_then(|r| r.ssl_server(id))
        .cloned()
        .ok_or_else(|| server_not_found(ctx))?;
    let gw = region
        .and_then(|r| r.vpn_gateway(&server.vpn_gateway_id))
        .cloned();
    Ok((server, gw))
}

/// `CreateSslVpnServer`.
pub fn create_server(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let gw_id = p.str_or_empty("VpnGatewayId").to_string();
    let gw = ctx.usable_gateway(&gw_id)?;
    if !gw.enable_ssl {
        return Err(ctx.err("VpnGateway.SslVpnDisabled"));
    }
    let count = ctx.region_ref().map_or(0, |r| {
        r.ssl_servers
            .iter()
            .filter(|s| s.vpn_gateway_id == gw_id)
            .count()
    });
    if count >= ctx.quotas.ssl_servers_per_gateway {
        return Err(ctx.err("Resource.QuotaFull"));
    }
    let pool = p.str_or_empty("ClientIpPool").to_string();
    let local = p.str_or_empty("LocalSubnet").to_string();
    check_pool(ctx, &pool, &local)?;
    let id = ctx.ids.resource_id(prefix::SSL_VPN_SERVER);
    let server = SslVpnServer {
        name: p.str("Name").map_or_else(|| id.clone(), str::to_string),
        id: id.clone(),
        region: ctx.region.clone(),
        vpn_gateway_id: gw_id,
        client_ip_pool: pool,
        local_subnet: local,
        proto: p.str("Proto").unwrap_or("UDP").to_string(),
        port: p.int("Port").unwrap_or(1194),
        cipher: p.str("Cipher").unwrap_or("AES-128-CBC").to_string(),
        compress: p.bool("Compress").unwrap_or(false),
        create_ms: ctx.now_ms,
    };
    let answer = object(json!({"SslVpnServerId": id, "Name": server.name}));
    ctx.region().ssl_servers.push(server);
    Ok(answer)
}

/// `ModifySslVpnServer`: sent parameters replace, omitted ones stay; answers the server.
pub fn modify_server(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let id = p.str_or_empty("SslVpnServerId").to_string();
    let (mut s, gw) = find_server(ctx, &id)?;
    if let Some(gw) = &gw {
        ctx.check_gateway(gw)?;
    }
    if let Some(v) = p.str("Name") {
        s.name = v.to_string();
    }
    if let Some(v) = p.str("ClientIpPool") {
        s.client_ip_pool = v.to_string();
    }
    if let Some(v) = p.str("LocalSubnet") {
        s.local_subnet = v.to_string();
    }
    if let Some(v) = p.str("Proto") {
        s.proto = v.to_string();
    }
    if let Some(v) = p.int("Port") {
        s.port = v;
    }
    if let Some(v) = p.str("Cipher") {
        s.cipher = v.to_string();
    }
    if let Some(v) = p.bool("Compress") {
        s.compress = v;
    }
    check_pool(ctx, &s.client_ip_pool, &s.local_subnet)?;
    let m = server_json(ctx, &s);
    if let Some(slot) = ctx.region().ssl_servers.iter_mut().find(|x| x.id == id) {
        *slot = s;
    }
    Ok(project(ctx, m))
}

/// `DescribeSslVpnServers`: filters by id, gateway and name; paged.
pub fn describe_servers(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let servers: Vec<SslVpnServer> = ctx
        .region_ref()
        .map(|r| {
            r.ssl_servers
                .iter()
                .filter(|s| {
                    filter_ok(p, "SslVpnServerId", &s.id)
                        && filter_ok(p, "VpnGatewayId", &s.vpn_gateway_id)
                        && filter_ok(p, "Name", &s.name)
                })
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let items = servers
        .iter()
        .map(|s| Value::Object(server_json(ctx, s)))
        .collect();
    Ok(ctx.paged(p, items))
}

/// `DeleteSslVpnServer`: refused while it has client certificates
/// (`DependencyViolation.SslVpnClientCert`).
pub fn delete_server(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let id = p.str_or_empty("SslVpnServerId").to_string();
    let (_, gw) = find_server(ctx, &id)?;
    if let Some(gw) = &gw {
        ctx.check_gateway(gw)?;
    }
    if ctx
        .region_ref()
        .is_some_and(|r| r.client_certs.iter().any(|c| c.server_id == id))
    {
        return Err(ctx.err("DependencyViolation.SslVpnClientCert"));
    }
    ctx.region().ssl_servers.retain(|s| s.id != id);
    Ok(Map::new())
}

/// `CreateSslVpnClientCert`: valid for three years; status `normal`.
pub fn create_cert(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let server_id = p.str_or_empty("SslVpnServerId").to_string();
    let (_, gw) = find_server(ctx, &server_id)?;
    if let Some(gw) = &gw {
        ctx.check_gateway(gw)?;
    }
    let count = ctx.region_ref().map_or(0, |r| {
        r.client_certs
            .iter()
            .filter(|c| c.server_id == server_id)
            .count()
    });
    if count >= ctx.quotas.client_certs_per_server {
        return Err(ctx.err("Resource.QuotaFull"));
    }
    let id = ctx.ids.resource_id(prefix::SSL_VPN_CLIENT_CERT);
    let cert = SslVpnClientCert {
        name: p.str("Name").map_or_else(|| id.clone(), str::to_string),
        id: id.clone(),
        region: ctx.region.clone(),
        server_id,
        create_ms: ctx.now_ms,
        end_ms: ctx.now_ms.saturating_add(CERT_VALIDITY_MS),
    };
    let answer = object(json!({"SslVpnClientCertId": id, "Name": cert.name}));
    ctx.region().client_certs.push(cert);
    Ok(answer)
}

/// `ModifySslVpnClientCert`: the name.
pub fn modify_cert(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let id = p.str_or_empty("SslVpnClientCertId").to_string();
    let err = cert_not_found(ctx);
    let cert = ctx
        .region()
        .client_certs
        .iter_mut()
        .find(|c| c.id == id)
        .ok_or(err)?;
    if let Some(n) = p.str("Name") {
        cert.name = n.to_string();
    }
    let answer = object(json!({"SslVpnClientCertId": cert.id, "Name": cert.name}));
    Ok(answer)
}

/// `DescribeSslVpnClientCerts`: filters by id, server and name; paged.
pub fn describe_certs(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let now = ctx.now_ms;
    let items: Vec<Value> = ctx
        .region_ref()
        .map(|r| {
            r.client_certs
                .iter()
                .filter(|c| {
                    filter_ok(p, "SslVpnClientCertId", &c.id)
                        && filter_ok(p, "SslVpnServerId", &c.server_id)
                        && filter_ok(p, "Name", &c.name)
                })
                .map(|c| Value::Object(c.to_json(now)))
                .collect()
        })
        .unwrap_or_default();
    Ok(ctx.paged(p, items))
}

/// `DeleteSslVpnClientCert`.
pub fn delete_cert(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let id = p.str_or_empty("SslVpnClientCertId").to_string();
    let cert = ctx
        .region_ref()
        .and_then(|r| r.client_cert(&id))
        .cloned()
        .ok_or_else(|| cert_not_found(ctx))?;
    let gw = ctx
        .region_ref()
        .and_then(|r| r.ssl_server(&cert.server_id))
        .and_then(|s| {
            ctx.region_ref()
                .and_then(|r| r.vpn_gateway(&s.vpn_gateway_id))
        })
        .cloned();
    if let Some(gw) = &gw {
        ctx.check_gateway(gw)?;
    }
    ctx.region().client_certs.retain(|c| c.id != id);
    Ok(Map::new())
}

/// `DescribeVpnSslServerLogs`: [`LOG_LINES`] synthesised OpenVPN-style lines per server
/// (one a minute from `From`, Unix seconds, or the server's creation), naming its client
/// certificates; paged with `Count` and `IsCompleted`. An unknown server has no logs.
pub fn server_logs(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let id = p.str_or_empty("VpnSslServerId");
    let lines = ctx
        .region_ref()
        .and_then(|r| {
            let server = r.ssl_server(id)?;
            let certs: Vec<&str> = r
                .client_certs
                .iter()
                .filter(|c| c.server_id == server.id)
                .map(|c| c.name.as_str())
                .collect();
            let start = p.int("From").unwrap_or(server.create_ms / 1000);
            Some(synthesise(&server.id, &certs, start))
        })
        .unwrap_or_default();
    let items = lines.into_iter().map(Value::String).collect();
    Ok(ctx.paged(p, items))
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
