//! VPN routes: destination-based (`*VpnRouteEntry*`) and policy-based
//! (`*VpnPbrRouteEntry*`): create, publish, describe, change weight, delete. A route is
//! identified by its gateway, destination (and source, for policy-based routes), next
//! hop and, for weight changes and deletion, its current weight. The next hop must be an
//! IPsec-VPN connection of the gateway (`InvalidVpnConnectionInstanceId.NotFound`).

use serde_json::{Map, Value, json};

use super::vpn_gateway::project;
use super::{Answer, Ctx};
use crate::errors::ApiError;
use crate::params::Params;
use crate::state::{RouteEntry, RouteKind};

fn source(kind: RouteKind, p: &Params) -> Option<String> {
    match kind {
        RouteKind::Dbr => None,
        RouteKind::Pbr => p.str("RouteSource").map(str::to_string),
    }
}

fn matches(r: &RouteEntry, kind: RouteKind, gw: &str, p: &Params, with_source: bool) -> bool {
    r.kind == kind
        && r.vpn_gateway_id == gw
        && r.route_dest == p.str_or_empty("RouteDest")
        && r.next_hop == p.str_or_empty("NextHop")
        && (!with_source || r.route_source == source(kind, p))
}

fn route_not_found(ctx: &Ctx<'_>) -> ApiError {
    ctx.err("InvalidVpnRouteEntry.NotFound")
}

fn create(ctx: &mut Ctx<'_>, p: &Params, kind: RouteKind) -> Answer {
    let gw = p.str_or_empty("VpnGatewayId").to_string();
    ctx.usable_gateway(&gw)?;
    let next_hop = p.str_or_empty("NextHop").to_string();
    let region = ctx.region_ref();
    let hop_gateway = region
        .and_then(|r| r.vpn_connection(&next_hop))
        .map(|c| c.vpn_gateway_id.as_str());
    if hop_gateway != Some(gw.as_str()) {
        return Err(ctx.err("InvalidVpnConnectionInstanceId.NotFound"));
    }
    let routes: Vec<&RouteEntry> = region
        .map(|r| r.routes.iter().filter(|r| r.vpn_gateway_id == gw).collect())
        .unwrap_or_default();
    if routes.iter().any(|r| matches(r, kind, &gw, p, true)) {
        return Err(ctx.err("InvalidVpnRouteEntry.AlreadyExist"));
    }
    if routes.len() >= ctx.quotas.routes_per_gateway {
        return Err(ctx.err("Resource.QuotaFull"));
    }
    let route = RouteEntry {
        kind,
        vpn_gateway_id: gw,
        route_dest: p.str_or_empty("RouteDest").to_string(),
        route_source: source(kind, p),
        next_hop,
        weight: p.int("Weight").unwrap_or(0),
        overlay_mode: p.str("OverlayMode").unwrap_or("Ipsec").to_string(),
        published: p.bool("PublishVpc").unwrap_or(false),
        create_ms: ctx.now_ms,
    };
    let mut m = route.to_json();
    m.insert("OverlayMode".into(), json!(route.overlay_mode));
    ctx.region().routes.push(route);
    Ok(project(ctx, m))
}

/// `CreateVpnRouteEntry`.
pub fn create_dbr(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    create(ctx, p, RouteKind::Dbr)
}

/// `CreateVpnPbrRouteEntry`.
pub fn create_pbr(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    create(ctx, p, RouteKind::Pbr)
}

/// `PublishVpnRouteEntry`: `PublishVpc=true` publishes (`published`), `false` withdraws
/// (`normal`).
pub fn publish(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let gw = p.str_or_empty("VpnGatewayId").to_string();
    ctx.usable_gateway(&gw)?;
    let kind = if p.str("RouteType") == Some("pbr") {
        RouteKind::Pbr
    } else {
        RouteKind::Dbr
    };
    let publish = p.bool("PublishVpc").unwrap_or(false);
    let err = route_not_found(ctx);
    let route = ctx
        .region()
        .routes
        .iter_mut()
        .find(|r| matches(r, kind, &gw, p, false))
        .ok_or(err)?;
    route.published = publish;
    Ok(Map::new())
}

fn describe(ctx: &mut Ctx<'_>, p: &Params, kind: RouteKind) -> Answer {
    let gw = p.str_or_empty("VpnGatewayId");
    let items: Vec<Value> = ctx
        .region_ref()
        .map(|r| {
            r.routes
                .iter()
                .filter(|r| r.kind == kind && r.vpn_gateway_id == gw)
                .map(|r| Value::Object(r.to_json()))
                .collect()
        })
        .unwrap_or_default();
    Ok(ctx.paged(p, items))
}

/// `DescribeVpnRouteEntries`.
pub fn describe_dbr(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    describe(ctx, p, RouteKind::Dbr)
}

/// `DescribeVpnPbrRouteEntries`.
pub fn describe_pbr(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    describe(ctx, p, RouteKind::Pbr)
}

fn modify_weight(ctx: &mut Ctx<'_>, p: &Params, kind: RouteKind) -> Answer {
    let gw = p.str_or_empty("VpnGatewayId").to_string();
    ctx.usable_gateway(&gw)?;
    let weight = p.int("Weight");
    let new_weight = p.int("NewWeight").unwrap_or(0);
    let err = route_not_found(ctx);
    let route = ctx
        .region()
        .routes
        .iter_mut()
        .find(|r| matches(r, kind, &gw, p, true) && Some(r.weight) == weight)
        .ok_or(err)?;
    route.weight = new_weight;
    Ok(Map::new())
}

/// `ModifyVpnRouteEntryWeight`.
pub fn modify_dbr_weight(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    modify_weight(ctx, p, RouteKind::Dbr)
}

/// `ModifyVpnPbrRouteEntryWeight`.
pub fn modify_pbr_weight(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    modify_weight(ctx, p, RouteKind::Pbr)
}

fn delete(ctx: &mut Ctx<'_>, p: &Params, kind: RouteKind) -> Answer {
    let gw = p.str_or_empty("VpnGatewayId").to_string();
    ctx.usable_gateway(&gw)?;
    let weight = p.int("Weight");
    let region = ctx.region();
    let before = region.routes.len();
    region
        .routes
        .retain(|r| !(matches(r, kind, &gw, p, true) && Some(r.weight) == weight));
    if region.routes.len() == before {
        return Err(route_not_found(ctx));
    }
    Ok(Map::new())
}

/// `DeleteVpnRouteEntry`.
pub fn delete_dbr(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    delete(ctx, p, RouteKind::Dbr)
}

/// `DeleteVpnPbrRouteEntry`.
pub fn delete_pbr(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    delete(ctx, p, RouteKind::Pbr)
}
