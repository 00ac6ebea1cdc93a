//! VPN attachments: IPsec-VPN connections that belong to no VPN gateway (to be bound to a
//! transit router), with their own tunnels, BGP settings and destination-based (VCO)
//! routes. An attachment is `init` until the activation delay has passed, then `active`
//! (and negotiates like a gateway's connection); operations that document
//! `VpnConnection.Configuring` refuse one that is not `active`. A VCO route may not be a
//! duplicate (same destination and next hop) nor send `0.0.0.0/0` or any part of
//! `100.64.0.0/10` through the attachment. `CheckVpnBgpEnabled` answers whether any
//! connection or attachment of the region has BGP on; cross-account authorizations are
//! always an empty list (the emulator has one account). Dry runs are the engine's, as
//! for every operation with a dry-run member.

use serde_json::{Map, Value, json};
use vpn_spec::formats::{self as net, Cidr};

use crate::engine::{Answer, Ctx, lifecycle};
use crate::errors::ApiError;
use crate::params::Params;
use crate::spec::op_documents;
use crate::store::Record;

/// The resource these hooks belong to.
pub const RESOURCE: &str = "VpnAttachment";
/// Its routes.
pub const ROUTE: &str = "VcoRouteEntry";
/// The configuration state of an attachment being set up.
pub const STATE_INIT: &str = "init";
/// The configuration state of a usable attachment.
pub const STATE_ACTIVE: &str = "active";
/// The shared address space no VCO route may reach (`100.64.0.0/10`).
const SHARED_SPACE: Cidr = Cidr {
    addr: 0x6440_0000,
    prefix: 10,
};

/// The customer gateway `id` exists in the region (else its not-found error).
fn customer_gateway(ctx: &Ctx<'_>, id: &str) -> Result<Record, ApiError> {
    ctx.find("CustomerGateway", id)
}

/// Completes each tunnel of a dual-tunnel attachment: its customer gateway must exist;
/// it gets an id, an index (its position unless given), a role (the first is `master`),
/// an address, a state, and the IKE keys the service generates (a `Psk`, the customer
/// gateway's address as `RemoteId`).
fn complete_tunnels(ctx: &mut Ctx<'_>, att: &mut Record) -> Result<(), ApiError> {
    let Some(Value::Array(tunnels)) = att.props.get("TunnelOptionsSpecification").cloned() else {
        return Ok(());
    };
    let mut out = Vec::with_capacity(tunnels.len());
    for (i, tunnel) in tunnels.into_iter().enumerate() {
        let Value::Object(mut t) = tunnel else {
            continue;
        };
        let cgw = match t.get("CustomerGatewayId").and_then(Value::as_str) {
            Some(id) => Some(customer_gateway(ctx, id)?),
            None => None,
        };
        let index = t
            .get("TunnelIndex")
            .and_then(Value::as_i64)
            .unwrap_or(i as i64 + 1);
        t.insert("TunnelIndex".into(), json!(index));
        let ids = &mut *ctx.ids;
        t.entry("TunnelId")
            .or_insert_with(|| json!(ids.resource_id(crate::ids::prefix::TUNNEL)));
        t.insert(
            "Role".into(),
            json!(if index == 1 { "master" } else { "slave" }),
        );
        t.entry("InternetIp")
            .or_insert_with(|| json!(ids.public_ip()));
        t.insert("State".into(), json!(STATE_ACTIVE));
        let ike = t
            .entry("TunnelIkeConfig")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(ike) = ike {
            ike.entry("Psk").or_insert_with(|| json!(ids.psk()));
            if let Some(ip) = cgw.as_ref().and_then(|c| c.str("IpAddress")) {
                ike.entry("RemoteId").or_insert_with(|| json!(ip));
            }
        }
        out.push(Value::Object(t));
    }
    att.set("TunnelOptionsSpecification", Value::Array(out));
    Ok(())
}

/// `CreateVpnAttachment` (the engine has checked the customer gateway it names): a
/// single-tunnel attachment needs its `CustomerGatewayId`, a dual-tunnel one a customer
/// gateway per tunnel; the region's quota; a generated `Psk` and the customer gateway's
/// address as `RemoteId`; what a new attachment reports (`NO_ASSOCIATED`, `public`, its
/// creation time).
pub fn create(ctx: &mut Ctx<'_>, p: &Params, att: &mut Record) -> Result<(), ApiError> {
    let dual = p.given("TunnelOptionsSpecification");
    let cgw = match att.str("CustomerGatewayId") {
        Some(id) => Some(customer_gateway(ctx, id)?),
        None if dual => None,
        None => return Err(ApiError::missing("CustomerGatewayId")),
    };
    complete_tunnels(ctx, att)?;
    if ctx.count(RESOURCE, None) >= ctx.quotas.vpn_attachments_per_region {
        return Err(ctx.err("Resource.QuotaFull"));
    }
    if !dual {
        let ids = &mut *ctx.ids;
        let ike = att
            .props
            .entry("IkeConfig")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(ike) = ike {
            ike.entry("Psk").or_insert_with(|| json!(ids.psk()));
            if let Some(ip) = cgw.as_ref().and_then(|c| c.str("IpAddress")) {
                ike.entry("RemoteId").or_insert_with(|| json!(ip));
            }
        }
    }
    att.default("Name", att.id.clone());
    att.default("Description", "");
    att.default("NetworkType", "public");
    att.set("AttachType", "NO_ASSOCIATED");
    att.set("CrossAccountAuthorized", false);
    att.set("CreateTime", att.created_ms);
    att.set("Code", "200");
    att.set("Message", "successful");
    att.set("Success", true);
    Ok(())
}

/// `ModifyVpnAttachmentAttribute`: a new customer gateway must exist; tunnel changes are
/// merged into the tunnel they name (by `TunnelId`, else `TunnelIndex`) as a
/// connection's are ([`super::tunnels::merge`]).
pub fn modify(ctx: &mut Ctx<'_>, p: &Params, att: &mut Record) -> Result<(), ApiError> {
    if let Some(id) = p.str("CustomerGatewayId") {
        customer_gateway(ctx, id)?;
    }
    let Some(Value::Array(changes)) = p.values.get("TunnelOptionsSpecification") else {
        return Ok(());
    };
    let stored = ctx.find(RESOURCE, &att.id)?;
    let mut tunnels = match stored.props.get("TunnelOptionsSpecification") {
        Some(Value::Array(t)) => t.clone(),
        _ => Vec::new(),
    };
    for change in changes.iter().filter_map(Value::as_object) {
        let same = |t: &&mut Value| match (change.get("TunnelId"), change.get("TunnelIndex")) {
            (Some(id), _) => t.get("TunnelId") == Some(id),
            (None, Some(index)) => t.get("TunnelIndex") == Some(index),
            (None, None) => false,
        };
        let Some(Value::Object(tunnel)) = tunnels.iter_mut().find(same) else {
            return Err(ApiError::invalid(
                "TunnelOptionsSpecification",
                "it names no tunnel of the attachment",
            ));
        };
        super::tunnels::merge(ctx, tunnel, change)?;
    }
    att.set("TunnelOptionsSpecification", Value::Array(tunnels));
    Ok(())
}

/// Whether BGP is on for a connection or an attachment: its `BgpConfig.EnableBgp`, or
/// `EnableTunnelsBgp` for a dual-tunnel one.
fn bgp_on(r: &Record) -> bool {
    let single = r
        .props
        .get("BgpConfig")
        .and_then(|b| b.get("EnableBgp"))
        .is_some_and(|v| v.as_str() == Some("true") || v.as_bool() == Some(true));
    single || r.bool("EnableTunnelsBgp") == Some(true)
}

/// `State` (a stored one is fixed): `init` until the activation delay has passed since
/// creation, then `active`; `Status` negotiates as a gateway's connection does; the health
/// check and BGP settings as the answers name them (`VcoHealthCheck`, `VpnBgpConfig`,
/// with the customer gateway's ASN as the peer's).
pub fn view(ctx: &Ctx<'_>, att: &mut Record) {
    let ready = ctx.now_ms.saturating_sub(att.created_ms) >= ctx.delay_ms;
    if att.str("State").is_none() {
        att.set("State", if ready { STATE_ACTIVE } else { STATE_INIT });
    }
    let status = if ready {
        "ipsec_sa_established"
    } else {
        "ike_sa_not_established"
    };
    att.set("Status", status);
    let health = att
        .props
        .get("HealthCheckConfig")
        .cloned()
        .unwrap_or_else(|| json!({"Enable": "false"}));
    att.set("VcoHealthCheck", health);
    if let Some(Value::Object(bgp)) = att.props.get("BgpConfig").cloned() {
        let mut shown = bgp;
        let peer = att
            .str("CustomerGatewayId")
            .and_then(|id| ctx.store.find(&ctx.region, "CustomerGateway", id))
            .and_then(|c| c.props.get("Asn").cloned());
        if let Some(asn) = peer {
            shown.insert("PeerAsn".into(), asn);
        }
        let on = bgp_on(att);
        shown.insert(
            "Status".into(),
            json!(if on && ready { "success" } else { "false" }),
        );
        att.set("VpnBgpConfig", Value::Object(shown));
    }
}

/// Operations that document `VpnConnection.Configuring` refuse an attachment (or a route
/// of one) that is not `active`.
pub fn guard(ctx: &Ctx<'_>, att: &Record) -> Result<(), ApiError> {
    if op_documents(ctx.op, "VpnConnection.Configuring") && att.str("State") != Some(STATE_ACTIVE) {
        return Err(ctx.err("VpnConnection.Configuring"));
    }
    Ok(())
}

/// `CreateVcoRouteEntry` (the engine has found and guarded the attachment): the next hop
/// must be an attachment; no `0.0.0.0/0` and nothing of `100.64.0.0/10`
/// (`IllegalParam.RouteDest`); no duplicate destination and next hop
/// (`InvalidVpnRouteEntry.AlreadyExist`); the per-attachment quota. The route is
/// `custom`, `normal`, over `Ipsec`.
pub fn create_route(ctx: &mut Ctx<'_>, _: &Params, route: &mut Record) -> Result<(), ApiError> {
    ctx.find(RESOURCE, route.str("NextHop").unwrap_or_default())?;
    let dest = route.str("RouteDest").and_then(net::parse_cidr);
    if dest.is_some_and(|d| d.prefix == 0 || d.overlaps(SHARED_SPACE)) {
        return Err(ctx.err("IllegalParam.RouteDest"));
    }
    let same = |r: &&Record| {
        ["VpnConnectionId", "RouteDest", "NextHop"]
            .iter()
            .all(|k| r.str(k) == route.str(k))
    };
    if ctx.records(ROUTE).any(|r| same(&r)) {
        return Err(ctx.err("InvalidVpnRouteEntry.AlreadyExist"));
    }
    if ctx.count(ROUTE, route.str("VpnConnectionId")) >= ctx.quotas.vco_routes_per_attachment {
        return Err(ctx.err("Resource.QuotaFull"));
    }
    route.default("OverlayMode", "Ipsec");
    route.default("Description", "");
    route.set("RouteEntryType", "custom");
    route.set("State", "normal");
    Ok(())
}

/// `DescribeVcoRouteEntries`: the engine's list, with the number of routes per kind.
pub fn routes(ctx: &mut Ctx<'_>, p: &Params, _: Option<Record>) -> Answer {
    let resource = ctx
        .resource(ROUTE)
        .ok_or_else(|| crate::engine::not_implemented(ctx))?;
    let attachment = p.str_or_empty("VpnConnectionId");
    let owner = ctx.find(RESOURCE, attachment)?;
    ctx.guard(&owner)?;
    let mut out = lifecycle::list(ctx, ROUTE, resource, p)?;
    let custom = ctx
        .records(ROUTE)
        .filter(|r| r.str("VpnConnectionId") == Some(attachment))
        .count();
    out.insert(
        "VpnRouteCounts".into(),
        json!([{"RouteCount": custom, "RouteEntryType": "custom", "Source": "CLOUD"}]),
    );
    Ok(out)
}

/// `CheckVpnBgpEnabled`: whether any IPsec-VPN connection or attachment of the region
/// has BGP on.
pub fn check_bgp(ctx: &mut Ctx<'_>, _: &Params, _: Option<Record>) -> Answer {
    let on = ctx
        .records(RESOURCE)
        .chain(ctx.records("VpnConnection"))
        .any(bgp_on);
    let mut out = Map::new();
    out.insert("BgpEnabled".into(), json!(on));
    Ok(out)
}

/// `DescribeVpnCrossAccountAuthorizations` (the engine has found the attachment): the
/// emulator serves one account, so no attachment is authorized to another: an empty
/// page.
pub fn cross_account(ctx: &mut Ctx<'_>, p: &Params, _: Option<Record>) -> Answer {
    ctx.paged(p, Vec::new())
}
