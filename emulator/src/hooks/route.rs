//! VPN routes, destination-based (`VpnRouteEntry`) and policy-based (`VpnPbrRouteEntry`):
//! no two with the same destination (and source), next hop and gateway; one quota for
//! both kinds per gateway; `State` follows `PublishVpc`; the weight change names a route
//! by its current weight and sets `NewWeight`; publishing picks the kind by `RouteType`.

use serde_json::Map;

use crate::engine::{Answer, Ctx};
use crate::errors::ApiError;
use crate::params::Params;
use crate::store::Record;

/// Destination-based routes.
pub const DESTINATION: &str = "VpnRouteEntry";
/// Policy-based routes.
pub const POLICY: &str = "VpnPbrRouteEntry";

fn state(published: bool) -> &'static str {
    if published { "published" } else { "normal" }
}

/// `CreateVpnRouteEntry` / `CreateVpnPbrRouteEntry` (the engine has found the gateway,
/// checked that the next hop is one of its connections, and the gateway's state):
/// `InvalidVpnRouteEntry.AlreadyExist`, the quota; `OverlayMode` defaults to `Ipsec`.
pub fn create(ctx: &mut Ctx<'_>, _: &Params, route: &mut Record) -> Result<(), ApiError> {
    let same = |r: &&Record| {
        ["VpnGatewayId", "RouteDest", "RouteSource", "NextHop"]
            .iter()
            .all(|k| r.str(k) == route.str(k))
    };
    if ctx.records(&route.resource).any(|r| same(&r)) {
        return Err(ctx.err("InvalidVpnRouteEntry.AlreadyExist"));
    }
    let gw = route.str("VpnGatewayId");
    let routes = ctx.count(DESTINATION, gw) + ctx.count(POLICY, gw);
    if routes >= ctx.quotas.routes_per_gateway {
        return Err(ctx.err("Resource.QuotaFull"));
    }
    route.default("OverlayMode", "Ipsec");
    route.default("Weight", 0);
    let published = route.bool("PublishVpc").unwrap_or(false);
    route.set("State", state(published));
    Ok(())
}

/// `ModifyVpnRouteEntryWeight` / `ModifyVpnPbrRouteEntryWeight`: the route the request
/// names (`Weight` is its current weight) takes `NewWeight`.
pub fn modify_weight(ctx: &mut Ctx<'_>, p: &Params, _: Option<Record>) -> Answer {
    let mut route = ctx.target(p)?;
    route.set("Weight", p.int("NewWeight").unwrap_or(0));
    let region = ctx.region.clone();
    ctx.store.replace(&region, route);
    Ok(Map::new())
}

/// `PublishVpnRouteEntry`: `RouteType` picks the kind; the route with that gateway,
/// destination and next hop is published (`PublishVpc=true`) or withdrawn.
pub fn publish(ctx: &mut Ctx<'_>, p: &Params, _: Option<Record>) -> Answer {
    let gw = ctx.find("VpnGateway", p.str_or_empty("VpnGatewayId"))?;
    ctx.guard(&gw)?;
    let kind = if p.str("RouteType") == Some("pbr") {
        POLICY
    } else {
        DESTINATION
    };
    let wanted = |r: &&Record| {
        ["VpnGatewayId", "RouteDest", "NextHop"]
            .iter()
            .all(|k| r.str(k) == p.str(k))
    };
    let mut route = ctx
        .records(kind)
        .find(wanted)
        .cloned()
        .ok_or_else(|| ctx.not_found(kind))?;
    let published = p.bool("PublishVpc").unwrap_or(false);
    route.set("PublishVpc", published);
    route.set("State", state(published));
    let region = ctx.region.clone();
    ctx.store.replace(&region, route);
    Ok(Map::new())
}
