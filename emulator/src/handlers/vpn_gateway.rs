//! VPN gateways: create, modify, describe (one, many), delete.

use serde_json::{Map, Value, json};

use super::{Answer, Ctx, filter_ok, object};
use crate::errors::ApiError;
use crate::ids::prefix;
use crate::params::Params;
use crate::state::VpnGateway;

/// Thirty days, ms: one subscription month.
const MONTH_MS: i64 = 30 * 24 * 3600 * 1000;
/// 2100-01-01T00:00:00Z, the `EndTime` of pay-as-you-go gateways.
pub const NO_EXPIRY_MS: i64 = 4_102_444_800_000;

/// Keeps only the members the operation's response declares.
pub fn project(ctx: &Ctx<'_>, mut m: Map<String, Value>) -> Map<String, Value> {
    m.retain(|k, _| ctx.op.response.contains_key(k));
    m
}

/// `CreateVpnGateway`. `InstanceChargeType=PREPAY` makes a subscription gateway (needs
/// `Period`; cannot be deleted before it expires); without it the gateway is
/// pay-as-you-go.
pub fn create(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let quota = ctx.quotas.vpn_gateways_per_region;
    if ctx
        .region_ref()
        .is_some_and(|r| r.vpn_gateways.len() >= quota)
    {
        return Err(ctx.err("Resource.QuotaFull"));
    }
    let prepay = p.str("InstanceChargeType") == Some("PREPAY");
    let period = match (prepay, p.int("Period")) {
        (true, None) => return Err(ApiError::missing("Period")),
        (_, period) => period.unwrap_or(1),
    };
    let id = ctx.ids.resource_id(prefix::VPN_GATEWAY);
    let enable_ssl = p.bool("EnableSsl").unwrap_or(false);
    let gw = VpnGateway {
        name: p.str("Name").map_or_else(|| id.clone(), str::to_string),
        id: id.clone(),
        vpc_id: p.str_or_empty("VpcId").to_string(),
        vswitch_id: ctx.ids.resource_id(prefix::VSWITCH),
        internet_ip: ctx.ids.public_ip(),
        intranet_ip: ctx.ids.private_ip(),
        description: String::new(),
        bandwidth: p.int("Bandwidth").unwrap_or(5),
        create_ms: ctx.now_ms,
        end_ms: if prepay {
            ctx.now_ms.saturating_add(period.saturating_mul(MONTH_MS))
        } else {
            NO_EXPIRY_MS
        },
        charge_type: if prepay { "Prepay" } else { "PayByTraffic" }.into(),
        enable_ipsec: p.bool("EnableIpsec").unwrap_or(true),
        enable_ssl,
        ssl_max_connections: if enable_ssl {
            p.int("SslConnections").unwrap_or(5)
        } else {
            0
        },
        business_status: "Normal".into(),
        status_override: None,
        tags: Vec::new(),
    };
    let name = gw.name.clone();
    ctx.region().vpn_gateways.push(gw);
    let order_id = ctx.ids.order_id();
    Ok(object(
        json!({"VpnGatewayId": id, "Name": name, "OrderId": order_id}),
    ))
}

/// `ModifyVpnGatewayAttribute`: name and description; answers the gateway.
pub fn modify(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let id = p.str_or_empty("VpnGatewayId").to_string();
    ctx.gateway(&id)?;
    let (now, delay) = (ctx.now_ms, ctx.delay_ms);
    let region = ctx.region();
    let Some(gw) = region.vpn_gateways.iter_mut().find(|g| g.id == id) else {
        return Err(ctx.err("InvalidVpnGatewayInstanceId.NotFound"));
    };
    if let Some(n) = p.str("Name") {
        gw.name = n.to_string();
    }
    if let Some(d) = p.str("Description") {
        gw.description = d.to_string();
    }
    let mut m = gw.to_json(now, delay);
    m.insert("IntranetIp".into(), json!(gw.intranet_ip));
    Ok(project(ctx, m))
}

/// `DescribeVpnGateways`: filters by id, VPC, status and billing status; paged.
pub fn describe_many(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let (now, delay) = (ctx.now_ms, ctx.delay_ms);
    let items: Vec<Value> = ctx
        .region_ref()
        .map(|r| {
            r.vpn_gateways
                .iter()
                .filter(|g| {
                    filter_ok(p, "VpnGatewayId", &g.id)
                        && filter_ok(p, "VpcId", &g.vpc_id)
                        && filter_ok(p, "Status", g.status(now, delay))
                        && filter_ok(p, "BusinessStatus", &g.business_status)
                })
                .map(|g| Value::Object(g.to_json(now, delay)))
                .collect()
        })
        .unwrap_or_default();
    Ok(ctx.paged(p, items))
}

/// `DescribeVpnGateway`: one gateway, flat.
pub fn describe_one(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let gw = ctx.gateway(p.str_or_empty("VpnGatewayId"))?;
    let m = gw.to_json(ctx.now_ms, ctx.delay_ms);
    Ok(project(ctx, m))
}

/// `DeleteVpnGateway`: refused while the gateway is not `active`
/// (`VpnGateway.Configuring`), has IPsec connections
/// (`DependencyViolation.VpnConnection`) or an SSL-VPN server
/// (`DependencyViolation.SslVpnServer`), or is a subscription that has not expired
/// (`ForbiddenRelease`). Its routes go with it.
pub fn delete(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let id = p.str_or_empty("VpnGatewayId").to_string();
    let gw = ctx.gateway(&id)?;
    ctx.check_gateway(gw)?;
    if gw.charge_type == "Prepay" && ctx.now_ms < gw.end_ms {
        return Err(ctx.err("ForbiddenRelease"));
    }
    let region = ctx.region_ref();
    if region.is_some_and(|r| r.vpn_connections.iter().any(|c| c.vpn_gateway_id == id)) {
        return Err(ctx.err_msg(
            "DependencyViolation.VpnConnection",
            "There are vpn connections on specified vpn gateway not deleted.",
        ));
    }
    if region.is_some_and(|r| r.ssl_servers.iter().any(|s| s.vpn_gateway_id == id)) {
        return Err(ctx.err("DependencyViolation.SslVpnServer"));
    }
    let region = ctx.region();
    region.vpn_gateways.retain(|g| g.id != id);
    region.routes.retain(|r| r.vpn_gateway_id != id);
    Ok(Map::new())
}
