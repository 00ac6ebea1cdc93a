//! Customer gateways: create, modify, describe (one, many), delete.

use serde_json::{Map, Value};

use super::vpn_gateway::project;
use super::{Answer, Ctx, filter_ok};
use crate::ids::prefix;
use crate::params::Params;
use crate::state::CustomerGateway;

/// `CreateCustomerGateway`: the IP address must be unique in the region
/// (`InvalidIpAddress.AlreadyExist`); its format is checked by validation
/// (`InvalidIpAddress.WrongFormat`).
pub fn create(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let ip = p.str_or_empty("IpAddress").to_string();
    let quota = ctx.quotas.customer_gateways_per_region;
    if let Some(r) = ctx.region_ref() {
        if r.customer_gateways.iter().any(|g| g.ip_address == ip) {
            return Err(ctx.err("InvalidIpAddress.AlreadyExist"));
        }
        if r.customer_gateways.len() >= quota {
            return Err(ctx.err("Resource.QuotaFull"));
        }
    }
    let id = ctx.ids.resource_id(prefix::CUSTOMER_GATEWAY);
    let gw = CustomerGateway {
        name: p.str("Name").map_or_else(|| id.clone(), str::to_string),
        description: p.str_or_empty("Description").to_string(),
        id,
        ip_address: ip,
        create_ms: ctx.now_ms,
    };
    let m = gw.to_json();
    ctx.region().customer_gateways.push(gw);
    Ok(project(ctx, m))
}

fn not_found(ctx: &Ctx<'_>) -> crate::errors::ApiError {
    ctx.err("InvalidCustomerGatewayInstanceId.NotFound")
}

/// `ModifyCustomerGatewayAttribute`: name and description; answers the gateway.
pub fn modify(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let id = p.str_or_empty("CustomerGatewayId").to_string();
    let err = not_found(ctx);
    let Some(gw) = ctx
        .region()
        .customer_gateways
        .iter_mut()
        .find(|g| g.id == id)
    else {
        return Err(err);
    };
    if let Some(n) = p.str("Name") {
        gw.name = n.to_string();
    }
    if let Some(d) = p.str("Description") {
        gw.description = d.to_string();
    }
    let m = gw.to_json();
    Ok(project(ctx, m))
}

/// `DescribeCustomerGateways`: optional id filter; paged.
pub fn describe_many(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let items: Vec<Value> = ctx
        .region_ref()
        .map(|r| {
            r.customer_gateways
                .iter()
                .filter(|g| filter_ok(p, "CustomerGatewayId", &g.id))
                .map(|g| Value::Object(g.to_json()))
                .collect()
        })
        .unwrap_or_default();
    Ok(ctx.paged(p, items))
}

/// `DescribeCustomerGateway`: one gateway, flat.
pub fn describe_one(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let id = p.str_or_empty("CustomerGatewayId");
    let m = ctx
        .region_ref()
        .and_then(|r| r.customer_gateway(id))
        .map(CustomerGateway::to_json)
        .ok_or_else(|| not_found(ctx))?;
    Ok(project(ctx, m))
}

/// `DeleteCustomerGateway`: refused while IPsec connections use it
/// (`DependencyViolation.VpnConnection`).
pub fn delete(ctx: &mut Ctx<'_>, p: &Params) -> Answer {
    let id = p.str_or_empty("CustomerGatewayId").to_string();
    let region = ctx.region_ref();
    if region.and_then(|r| r.customer_gateway(&id)).is_none() {
        return Err(not_found(ctx));
    }
    if region.is_some_and(|r| {
        r.vpn_connections
            .iter()
            .any(|c| c.customer_gateway_id == id)
    }) {
        return Err(ctx.err_msg(
            "DependencyViolation.VpnConnection",
            "There are vpn connections on specified customer gateway not deleted.",
        ));
    }
    ctx.region().customer_gateways.retain(|g| g.id != id);
    Ok(Map::new())
}
