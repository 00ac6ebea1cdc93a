//! IPsec-VPN connections: create, modify, describe (one, many), download the
//! configuration, delete. `IkeConfig`, `IpsecConfig` and `HealthCheckConfig` arrive
//! parsed and checked by validation; omitted IKE/IPsec keys take the spec's documented
//! defaults on creation (and keep their values on modification); a pre-shared key is
//! generated when none is given; `LocalId` / `RemoteId` default to the gateways' IPs.

use serde_json::{Map, Value, json};

use super::vpn_gateway::project;
use super::{Answer, Ctx, filter_ok, object};
use crate::ids::prefix;
use crate::params::Params;
use crate::spec::fill_defaults;
use crate::state::VpnConnection;

fn not_found(ctx: &Ctx<'_>) -> crate::errors::ApiError {
    ctx.err("InvalidVpnConnectionInstanceId.NotFound")
}

/// The shape name of a JSON-string request member (`IkeConfig` -> `IkeConfig`).
fn shape_of(ctx: &Ctx<'_>, member: &str) -> String {
    ctx.op
        .request
        .get(member)
        .map_or_else(|| member.to_string(), |m| m.ty.clone())
}

/// The health check as the describe answers carry it (`VcoHealthCheck`): a request sends
/// lower-case keys with string values, the answer the response shape's own key names and
/// value types. Keys and types come from the spec.
fn health_answer(ctx: &Ctx<'_>, sent: &Map<String, Value>) -> Map<String, Value> {
    let members = ctx
        .spec
        .operations
        .get("DescribeVpnConnection")
        .and_then(|op| op.response.get("VcoHealthCheck"))
        .and_then(|m| ctx.spec.shapes.get(&m.ty))
        .and_then(|shape| match shape {
            vpn_spec::Shape::Structure { members, .. } => Some(members),
            vpn_spec::Shape::Enum { .. } => None,
        });
    let Some(members) = members else {
        return sent.clone();
    };
    sent.iter()
        .map(|(key, value)| {
            let Some((name, m)) = members.iter().find(|(n, _)| n.eq_ignore_ascii_case(key)) else {
                return (key.clone(), value.clone());
            };
            let value = match (m.ty.as_str(), value) {
                ("integer" | "long", Value::String(s)) => {
                    s.parse::<i64>().map_or_else(|_| value.clone(), Value::from)
                }
                _ => value.clone(),
            };
            (name.clone(), value)
        })
        .collect()
}

/// `CreateVpnConnection`.
pub fn create(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let gw_id = p.str_or_empty("VpnGatewayId").to_string();
    let cgw_id = p.str_or_empty("CustomerGatewayId").to_string();
    let gw = ctx.gateway(&gw_id)?.clone();
    let cgw = ctx
        .region_ref()
        .and_then(|r| r.customer_gateway(&cgw_id))
        .cloned()
        .ok_or_else(|| ctx.err("InvalidCustomerGatewayInstanceId.NotFound"))?;
    ctx.check_gateway(&gw)?;
    if !gw.enable_ipsec {
        return Err(ctx.err("VpnGateway.IpsecVpnDisabled"));
    }
    let existing: Vec<&VpnConnection> = ctx
        .region_ref()
        .map(|r| {
            r.vpn_connections
                .iter()
                .filter(|c| c.vpn_gateway_id == gw_id)
                .collect()
        })
        .unwrap_or_default();
    if existing.iter().any(|c| c.customer_gateway_id == cgw_id) {
        return Err(ctx.err("InvalidVpnConnection.AlreadyExists"));
    }
    if existing.len() >= ctx.quotas.vpn_connections_per_gateway {
        return Err(ctx.err("Resource.QuotaFull"));
    }

    let mut ike = p.object("IkeConfig").cloned().unwrap_or_default();
    fill_defaults(ctx.spec, &shape_of(ctx, "IkeConfig"), &mut ike);
    if !ike.contains_key("Psk") {
        ike.insert("Psk".into(), json!(ctx.ids.psk()));
    }
    ike.entry("LocalId")
        .or_insert_with(|| json!(gw.internet_ip));
    ike.entry("RemoteId")
        .or_insert_with(|| json!(cgw.ip_address));
    let mut ipsec = p.object("IpsecConfig").cloned().unwrap_or_default();
    fill_defaults(ctx.spec, &shape_of(ctx, "IpsecConfig"), &mut ipsec);

    let id = ctx.ids.resource_id(prefix::VPN_CONNECTION);
    let conn = VpnConnection {
        name: p.str("Name").map_or_else(|| id.clone(), str::to_string),
        id: id.clone(),
        vpn_gateway_id: gw_id,
        customer_gateway_id: cgw_id,
        description: String::new(),
        local_subnet: p.str_or_empty("LocalSubnet").to_string(),
        remote_subnet: p.str_or_empty("RemoteSubnet").to_string(),
        create_ms: ctx.now_ms,
        effect_immediately: p.bool("EffectImmediately").unwrap_or(false),
        auto_config_route: false,
        ike,
        ipsec,
        health: p
            .object("HealthCheckConfig")
            .map(|sent| health_answer(ctx, sent)),
    };
    let answer =
        object(json!({"VpnConnectionId": id, "CreateTime": conn.create_ms, "Name": conn.name}));
    ctx.region().vpn_connections.push(conn);
    Ok(answer)
}

fn find(ctx: &Ctx<'_>, id: &str) -> Result<VpnConnection, crate::errors::ApiError> {
    ctx.region_ref()
        .and_then(|r| r.vpn_connection(id))
        .cloned()
        .ok_or_else(|| not_found(ctx))
}

/// The connection's gateway, checked as the operation documents.
fn check_parent(ctx: &Ctx<'_>, conn: &VpnConnection) -> Result<(), crate::errors::ApiError> {
    if let Some(gw) = ctx
        .region_ref()
        .and_then(|r| r.vpn_gateway(&conn.vpn_gateway_id))
    {
        ctx.check_gateway(gw)?;
    }
    Ok(())
}

/// `ModifyVpnConnectionAttribute`: sent keys replace, omitted ones stay.
pub fn modify(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let id = p.str_or_empty("VpnConnectionId").to_string();
    let mut conn = find(ctx, &id)?;
    check_parent(ctx, &conn)?;
    if let Some(ike) = p.object("IkeConfig") {
        conn.ike.extend(ike.clone());
    }
    if let Some(ipsec) = p.object("IpsecConfig") {
        conn.ipsec.extend(ipsec.clone());
    }
    if let Some(s) = p.str("LocalSubnet") {
        conn.local_subnet = s.to_string();
    }
    if let Some(s) = p.str("RemoteSubnet") {
        conn.remote_subnet = s.to_string();
    }
    if let Some(s) = p.str("Name") {
        conn.name = s.to_string();
    }
    if let Some(b) = p.bool("EffectImmediately") {
        conn.effect_immediately = b;
    }
    if let Some(b) = p.bool("AutoConfigRoute") {
        conn.auto_config_route = b;
    }
    let mut m = conn.to_json(ctx.now_ms, ctx.delay_ms);
    m.insert("Description".into(), json!(conn.description));
    if let Some(slot) = ctx.region().vpn_connections.iter_mut().find(|c| c.id == id) {
        *slot = conn;
    }
    Ok(project(ctx, m))
}

/// `DescribeVpnConnections`: filters by gateway, customer gateway and id; paged.
pub fn describe_many(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let (now, delay) = (ctx.now_ms, ctx.delay_ms);
    let items: Vec<Value> = ctx
        .region_ref()
        .map(|r| {
            r.vpn_connections
                .iter()
                .filter(|c| {
                    filter_ok(p, "VpnConnectionId", &c.id)
                        && filter_ok(p, "VpnGatewayId", &c.vpn_gateway_id)
                        && filter_ok(p, "CustomerGatewayId", &c.customer_gateway_id)
                })
                .map(|c| Value::Object(c.to_json(now, delay)))
                .collect()
        })
        .unwrap_or_default();
    Ok(ctx.paged(p, items))
}

/// `DescribeVpnConnection`: one connection, flat.
pub fn describe_one(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let conn = find(ctx, p.str_or_empty("VpnConnectionId"))?;
    let m = conn.to_json(ctx.now_ms, ctx.delay_ms);
    Ok(project(ctx, m))
}

/// `DownloadVpnConnectionConfig`: both ends' identities and subnets, and the IKE
/// (with the pre-shared key) and IPsec settings.
pub fn download_config(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let conn = find(ctx, p.str_or_empty("VpnConnectionId"))?;
    let text = |k: &str| {
        conn.ike
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    Ok(object(json!({
        "VpnConnectionConfig": {
            "Local": text("LocalId"),
            "Remote": text("RemoteId"),
            "LocalSubnet": conn.local_subnet,
            "RemoteSubnet": conn.remote_subnet,
            "IkeConfig": conn.ike,
            "IpsecConfig": conn.ipsec,
        }
    })))
}

/// `DeleteVpnConnection`: refused while its gateway is not `active`; the routes whose
/// next hop it is go with it.
pub fn delete(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let id = p.str_or_empty("VpnConnectionId").to_string();
    let conn = find(ctx, &id)?;
    check_parent(ctx, &conn)?;
    let region = ctx.region();
    region.vpn_connections.retain(|c| c.id != id);
    region.routes.retain(|r| r.next_hop != id);
    Ok(Map::new())
}
