//! IPsec servers: one per VPN gateway (`OperationFailed.IPsecServerExist`), on a gateway
//! with SSL-VPN enabled (`VpnGateway.SslVpnDisabled`), with local blocks that parse
//! (`IllegalParam.LocalSubnet`) and a client pool that is one block overlapping none of
//! them (`IllegalParam.ClientIpPool`); a generated 16-character pre-shared key when none
//! is given; the gateway's address, SSL connection quota and identity. Creations,
//! deletions and changes other than a rename leave the gateway `updating` for the
//! activation delay, as the service applies them asynchronously (a dry run, served on
//! scratch state by the router, leaves it as it was). Logs are synthesised from the server
//! and the time range.

use serde_json::{Value, json};
use vpn_spec::formats as net;

use super::vpn_gateway;
use crate::engine::{Answer, Ctx};
use crate::errors::ApiError;
use crate::params::Params;
use crate::store::Record;

/// The resource these hooks belong to.
pub const RESOURCE: &str = "IpsecServer";
/// IPsec servers a VPN gateway can have.
pub const PER_GATEWAY: usize = 1;
/// Seconds between two synthesised log lines.
pub const LOG_INTERVAL_SECS: i64 = 20;
/// The most log lines one range yields.
pub const MAX_LOG_LINES: usize = 500;
/// The request member `CreateIpsecServer` names the server with (spelt differently from
/// the shape's `IpsecServerName`).
const CREATE_NAME: &str = "IpSecServerName";
/// The shape's name member.
const NAME: &str = "IpsecServerName";

/// `CreateIpsecServer` (the engine has found the gateway, checked its state and filled
/// the IKE and IPsec defaults).
pub fn create(ctx: &mut Ctx<'_>, _: &Params, server: &mut Record) -> Result<(), ApiError> {
    let gw = ctx
        .parent(server)
        .ok_or_else(|| ctx.not_found(vpn_gateway::RESOURCE))?;
    if gw.bool("EnableSsl") != Some(true) {
        return Err(ctx.err("VpnGateway.SslVpnDisabled"));
    }
    if ctx.count(RESOURCE, Some(&gw.id)) >= PER_GATEWAY {
        return Err(ctx.err("OperationFailed.IPsecServerExist"));
    }
    check_blocks(ctx, server)?;
    let name = server
        .props
        .remove(CREATE_NAME)
        .unwrap_or_else(|| json!(server.id.clone()));
    server.set(NAME, name);
    if server.bool("PskEnabled") != Some(false) && server.str("Psk").is_none() {
        server.set("Psk", ctx.ids.psk());
    }
    let address = gw.str("InternetIp").unwrap_or_default().to_string();
    server.set("InternetIp", address.clone());
    server.set("MaxConnections", gw.int("SslMaxConnections").unwrap_or(0));
    server.set("OnlineClientCount", 0);
    server.set("MultiFactorAuthEnabled", false);
    server.default("EffectImmediately", false);
    if let Some(group) = gw.str("ResourceGroupId") {
        server.default("ResourceGroupId", group.to_string());
    }
    if let Some(Value::Object(ike)) = server.props.get_mut("IkeConfig") {
        ike.entry("LocalId").or_insert_with(|| json!(address));
    }
    vpn_gateway::mark_updating(ctx, &gw.id);
    Ok(())
}

/// `UpdateIpsecServer`: the changed blocks must still parse and not overlap; a change
/// other than the name leaves the gateway `updating`.
pub fn update(ctx: &mut Ctx<'_>, p: &Params, server: &mut Record) -> Result<(), ApiError> {
    check_blocks(ctx, server)?;
    // What names the server or the call, rather than changing it, and the name.
    let passive = [
        Some(NAME),
        Some(ctx.spec.service.region_parameter.as_str()),
        ctx.resource(RESOURCE).and_then(|r| r.identifier.as_deref()),
        ctx.op.idempotency_token.as_deref(),
        ctx.op.dry_run.as_deref(),
    ];
    let changes_config = p
        .values
        .keys()
        .any(|k| !passive.contains(&Some(k.as_str())));
    if changes_config && let Some(gw) = server.str("VpnGatewayId").map(String::from) {
        vpn_gateway::mark_updating(ctx, &gw);
    }
    Ok(())
}

/// `DeleteIpsecServer`: the gateway is `updating` while the server goes.
pub fn delete(ctx: &mut Ctx<'_>, _: &Params, server: &mut Record) -> Result<(), ApiError> {
    if let Some(gw) = server.str("VpnGatewayId").map(String::from) {
        vpn_gateway::mark_updating(ctx, &gw);
    }
    Ok(())
}

/// `LocalSubnet` must be a list of CIDR blocks; `ClientIpPool` one block overlapping
/// none of them.
fn check_blocks(ctx: &Ctx<'_>, server: &Record) -> Result<(), ApiError> {
    let local = server.str("LocalSubnet").unwrap_or_default();
    let Some(local) = net::parse_cidr_list(local) else {
        return Err(ctx.err_msg(
            "IllegalParam.LocalSubnet",
            format!("The specified \"LocalSubnet\" ({local}) is invalid."),
        ));
    };
    let pool = server.str("ClientIpPool").and_then(net::parse_cidr);
    match pool {
        Some(pool) if !local.iter().any(|l| l.overlaps(pool)) => Ok(()),
        _ => Err(ctx.err("IllegalParam.ClientIpPool")),
    }
}

/// `ListIpsecServerLogs` (the engine has found the server): one line every
/// [`LOG_INTERVAL_SECS`] of the range, at most [`MAX_LOG_LINES`], each a function of the
/// server and its second; paged with `Count` and `IsCompleted`.
pub fn logs(ctx: &mut Ctx<'_>, p: &Params, server: Option<Record>) -> Answer {
    let Some(server) = server else {
        return Err(ctx.not_found(RESOURCE));
    };
    let (from, to) = range(ctx, p)?;
    let items = synthesise(&server, from, to)
        .into_iter()
        .map(Value::String)
        .collect();
    ctx.paged(p, items)
}

/// The range in Unix seconds: `From`..`To`, or `MinutePeriod` minutes from `From`, up to
/// `To`, or up to now.
fn range(ctx: &Ctx<'_>, p: &Params) -> Result<(i64, i64), ApiError> {
    let period = p.int("MinutePeriod").map(|m| m.saturating_mul(60));
    let need_period = || period.ok_or_else(|| ApiError::missing("MinutePeriod"));
    let (from, to) = match (p.int("From"), p.int("To")) {
        (Some(from), Some(to)) => (from, to),
        (Some(from), None) => (from, from.saturating_add(need_period()?)),
        (None, Some(to)) => (to.saturating_sub(need_period()?), to),
        (None, None) => {
            let now = ctx.now_ms / 1000;
            (now.saturating_sub(need_period()?), now)
        }
    };
    if to < from {
        return Err(ApiError::invalid(
            "To",
            "the end of the range is before its start",
        ));
    }
    Ok((from, to))
}

/// The log lines of `server` between `from` and `to` (Unix seconds), oldest first.
pub fn synthesise(server: &Record, from: i64, to: i64) -> Vec<String> {
    const EVENTS: [&str; 6] = [
        "09[NET] received packet: from {client}[4500] to {local}[4500]",
        "09[IKE] {client} is initiating an IKE_SA",
        "10[IKE] authentication of '{client}' with pre-shared key successful",
        "10[IKE] IKE_SA ipsec-server[{n}] established between {local}[{local}]...{client}[{client}]",
        "11[IKE] CHILD_SA ipsec-server{{n}} established with SPIs {spi}_i {spi}_o",
        "12[IKE] deleting IKE_SA ipsec-server[{n}] between {local}[{local}]...{client}[{client}]",
    ];
    let local = server.str("InternetIp").unwrap_or("0.0.0.0");
    let pool = server
        .str("ClientIpPool")
        .and_then(net::parse_cidr)
        .map_or(0, |c| c.addr);
    let first = from.div_euclid(LOG_INTERVAL_SECS) * LOG_INTERVAL_SECS;
    let first = if first < from {
        first + LOG_INTERVAL_SECS
    } else {
        first
    };
    let mut lines = Vec::new();
    let mut t = first;
    while t <= to && lines.len() < MAX_LOG_LINES {
        let h = fnv(&[server.id.as_bytes(), &t.to_le_bytes()]);
        let n = (h % 50) + 1;
        let client = std::net::Ipv4Addr::from(pool.wrapping_add(2 + (h >> 8) as u32 % 200));
        let event = EVENTS[(h >> 16) as usize % EVENTS.len()]
            .replace("{client}", &client.to_string())
            .replace("{local}", local)
            .replace("{n}", &n.to_string())
            .replace("{spi}", &format!("{:08x}", (h >> 24) as u32));
        lines.push(format!("{} charon: {event}", timestamp(t)));
        t += LOG_INTERVAL_SECS;
    }
    lines
}

/// `2022-12-14 07:42:20` (UTC) for Unix seconds `secs`.
fn timestamp(secs: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| {
            t.format(time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second]"
            ))
            .ok()
        })
        .unwrap_or_default()
}

/// FNV-1a over `parts`: a stable hash for synthesised values.
pub fn fnv(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in *part {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Map;

    fn server() -> Record {
        let mut props = Map::new();
        props.insert("InternetIp".into(), json!("47.1.2.3"));
        props.insert("ClientIpPool".into(), json!("10.8.0.0/24"));
        Record {
            resource: RESOURCE.into(),
            id: "iss-test".into(),
            created_ms: 0,
            props,
        }
    }

    #[test]
    fn logs_cover_the_range_on_the_interval_and_repeat_exactly() {
        let lines = synthesise(&server(), 1_000, 1_100);
        // 1000 is on the 20-second grid: 1000, 1020, ..., 1100.
        assert_eq!(lines.len(), 6);
        assert!(
            lines[0].starts_with("1970-01-01 00:16:40 charon: "),
            "{}",
            lines[0]
        );
        assert_eq!(lines, synthesise(&server(), 1_000, 1_100));
        assert!(
            lines
                .iter()
                .all(|l| !l.contains("{client}") && !l.contains("{local}")),
            "{lines:?}"
        );
        assert!(lines.iter().any(|l| l.contains("10.8.0.")), "{lines:?}");
        assert!(synthesise(&server(), 1_001, 1_019).is_empty());
        assert_eq!(synthesise(&server(), 0, i64::MAX).len(), MAX_LOG_LINES);
    }
}
