//! VPN gateways: billing and the properties a new gateway derives from its inputs, the
//! `init` -> `active` status, the checks of operations on a gateway that is not usable,
//! and the subscription rule on deletion.

use serde_json::json;

use crate::engine::Ctx;
use crate::errors::ApiError;
use crate::ids::{Ids, prefix};
use crate::params::Params;
use crate::spec::op_documents;
use crate::store::Record;

/// The resource these hooks belong to.
pub const RESOURCE: &str = "VpnGateway";
/// Status a gateway reports while it is being set up.
pub const STATUS_INIT: &str = "init";
/// Status of a usable gateway.
pub const STATUS_ACTIVE: &str = "active";
/// Thirty days, ms: one subscription month.
const MONTH_MS: i64 = 30 * 24 * 3600 * 1000;
/// 2100-01-01T00:00:00Z, the `EndTime` of pay-as-you-go gateways.
pub const NO_EXPIRY_MS: i64 = 4_102_444_800_000;

/// `CreateVpnGateway`: the per-region quota; `InstanceChargeType=PREPAY` makes a
/// subscription gateway (needs `Period`, in months), else it is pay-as-you-go; an order
/// id for the answer.
pub fn create(ctx: &mut Ctx<'_>, p: &Params, gw: &mut Record) -> Result<(), ApiError> {
    if ctx.count(RESOURCE, None) >= ctx.quotas.vpn_gateways_per_region {
        return Err(ctx.err("Resource.QuotaFull"));
    }
    let prepaid_months = match (
        p.str("InstanceChargeType") == Some("PREPAY"),
        p.int("Period"),
    ) {
        (true, None) => return Err(ApiError::missing("Period")),
        (true, Some(months)) => Some(months),
        (false, _) => None,
    };
    derive(ctx.ids, gw, prepaid_months);
    gw.set("OrderId", ctx.ids.order_id());
    Ok(())
}

/// What a new gateway (created or seeded) derives from its inputs (`Bandwidth`,
/// `EnableIpsec`, `EnableSsl`, `SslConnections`): name (the id), addresses (a second
/// public one with a `DisasterRecoveryVSwitchId`), a vSwitch (unless one is given),
/// `Spec`, billing, feature switches, `Normal` business status, the system `Tag` text,
/// no user tags.
pub fn derive(ids: &mut Ids, gw: &mut Record, prepaid_months: Option<i64>) {
    gw.default("Name", gw.id.clone());
    gw.default("Description", "");
    gw.default("VSwitchId", ids.resource_id(prefix::VSWITCH));
    gw.set("InternetIp", ids.public_ip());
    if super::tunnels::gateway_is_dual(gw) {
        gw.set("DisasterRecoveryInternetIp", ids.public_ip());
    }
    gw.set("IntranetIp", ids.private_ip());
    gw.set("Spec", format!("{}M", gw.int("Bandwidth").unwrap_or(5)));
    match prepaid_months {
        Some(months) => {
            let end = gw
                .created_ms
                .saturating_add(months.saturating_mul(MONTH_MS));
            gw.set("EndTime", end);
            gw.set("ChargeType", "Prepay");
        }
        None => {
            gw.set("EndTime", NO_EXPIRY_MS);
            gw.set("ChargeType", "PayByTraffic");
        }
    }
    let enable = |on: bool| if on { "enable" } else { "disable" };
    let ipsec = gw.bool("EnableIpsec").unwrap_or(true);
    let ssl = gw.bool("EnableSsl").unwrap_or(false);
    gw.set("IpsecVpn", enable(ipsec));
    gw.set("SslVpn", enable(ssl));
    let max = if ssl {
        gw.int("SslConnections").unwrap_or(5)
    } else {
        0
    };
    gw.set("SslMaxConnections", max);
    gw.default("BusinessStatus", "Normal");
    gw.default("Tags", json!({"Tag": []}));
    gw.set("Tag", system_tag(ssl));
}

/// The gateway's system tags, as the service sets them: a JSON text of feature flags
/// (a gateway of today's image supports BGP and policy-route priorities), never the
/// user's `Tags`.
fn system_tag(ssl: bool) -> String {
    json!({
        "VpnEnableBgp": "true",
        "PbrPriority": "true",
        "VisuallySsl": if ssl { "true" } else { "false" },
        "VpnNewImage": "true",
    })
    .to_string()
}

/// Status of a gateway applying a change (an IPsec server being created...).
pub const STATUS_UPDATING: &str = "updating";
/// Internal property: until when (epoch ms) the gateway applies a change.
const UPDATING_UNTIL: &str = "_UpdatingUntilMs";

/// `Status`: a stored one is fixed (seeded, or set through the control endpoint);
/// otherwise `init` until the activation delay has passed since creation, then `active`,
/// except `updating` for the activation delay after an asynchronous change
/// ([`mark_updating`]).
pub fn view(ctx: &Ctx<'_>, gw: &mut Record) {
    if gw.str("Status").is_none() {
        let age = ctx.now_ms.saturating_sub(gw.created_ms);
        let status = if age < ctx.delay_ms {
            STATUS_INIT
        } else if gw
            .int(UPDATING_UNTIL)
            .is_some_and(|until| ctx.now_ms < until)
        {
            STATUS_UPDATING
        } else {
            STATUS_ACTIVE
        };
        gw.set("Status", status);
    }
}

/// Starts an asynchronous change of gateway `id`: it reads `updating` for the activation
/// delay from now.
pub fn mark_updating(ctx: &mut Ctx<'_>, id: &str) {
    let until = ctx.now_ms.saturating_add(ctx.delay_ms);
    let region = ctx.region.clone();
    if let Some(gw) = ctx.store.find_mut(&region, RESOURCE, id) {
        gw.set(UPDATING_UNTIL, until);
    }
}

/// The checks an operation documents: `VpnGateway.FinancialLocked` for a locked
/// gateway, `VpnGateway.Configuring` for one that is not `active`.
pub fn guard(ctx: &Ctx<'_>, gw: &Record) -> Result<(), ApiError> {
    if op_documents(ctx.op, "VpnGateway.FinancialLocked")
        && gw.str("BusinessStatus") == Some("FinancialLocked")
    {
        return Err(ctx.err("VpnGateway.FinancialLocked"));
    }
    if op_documents(ctx.op, "VpnGateway.Configuring") && gw.str("Status") != Some(STATUS_ACTIVE) {
        return Err(ctx.err("VpnGateway.Configuring"));
    }
    Ok(())
}

/// `DeleteVpnGateway`: a subscription gateway cannot be released before it expires
/// (`ForbiddenRelease`).
pub fn delete(ctx: &mut Ctx<'_>, _: &Params, gw: &mut Record) -> Result<(), ApiError> {
    let unexpired = gw.int("EndTime").is_some_and(|end| ctx.now_ms < end);
    if gw.str("ChargeType") == Some("Prepay") && unexpired {
        return Err(ctx.err("ForbiddenRelease"));
    }
    Ok(())
}
