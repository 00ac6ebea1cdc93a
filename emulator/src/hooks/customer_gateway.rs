//! Customer gateways: one per public IP address in a region, the per-region quota, and no
//! deletion while a dual-tunnel connection's tunnel uses the gateway.

use crate::engine::Ctx;
use crate::errors::ApiError;
use crate::params::Params;
use crate::store::Record;

/// The resource these hooks belong to.
pub const RESOURCE: &str = "CustomerGateway";

/// `CreateCustomerGateway`: the IP address must be unique in the region
/// (`InvalidIpAddress.AlreadyExist`), then the quota; the name defaults to the id.
pub fn create(ctx: &mut Ctx<'_>, _: &Params, cgw: &mut Record) -> Result<(), ApiError> {
    let ip = cgw.str("IpAddress");
    if ctx.records(RESOURCE).any(|g| g.str("IpAddress") == ip) {
        return Err(ctx.err("InvalidIpAddress.AlreadyExist"));
    }
    if ctx.count(RESOURCE, None) >= ctx.quotas.customer_gateways_per_region {
        return Err(ctx.err("Resource.QuotaFull"));
    }
    defaults(cgw);
    Ok(())
}

/// `DeleteCustomerGateway`: refused with `DependencyViolation.VpnConnection` while a
/// tunnel of a dual-tunnel connection names the gateway (the engine refuses the
/// connections that name it directly).
pub fn delete(ctx: &mut Ctx<'_>, _: &Params, cgw: &mut Record) -> Result<(), ApiError> {
    let used = ctx
        .records(super::ipsec::RESOURCE)
        .any(|c| super::tunnels::customer_gateways(c).contains(&cgw.id));
    if used {
        return Err(ApiError::documented_or(
            ctx.spec,
            Some(ctx.action),
            "DependencyViolation.VpnConnection",
            400,
            "The specified customer gateway is used by an IPsec connection; delete it first.",
        ));
    }
    Ok(())
}

/// What a new customer gateway (created or seeded) has when not given: its id as its
/// name, an empty description.
pub fn defaults(cgw: &mut Record) {
    cgw.default("Name", cgw.id.clone());
    cgw.default("Description", "");
}
