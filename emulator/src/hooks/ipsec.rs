//! IPsec-VPN connections: the gateway must have IPsec-VPN, a customer gateway serves one
//! connection of a VPN gateway, the per-gateway quota, the generated pre-shared key and
//! default identities, the negotiation status, and the configuration download. What is
//! particular to dual-tunnel connections and BGP is in [`super::tunnels`].

use serde_json::{Map, Value, json};

use super::tunnels;
use crate::engine::{Answer, Ctx};
use crate::errors::ApiError;
use crate::params::Params;
use crate::store::Record;

/// The resource these hooks belong to.
pub const RESOURCE: &str = "VpnConnection";

/// `CreateVpnConnection` (the engine has found the gateway, filled the IKE and IPsec
/// defaults and checked the gateway's state): `VpnGateway.IpsecVpnDisabled`; a
/// single-tunnel connection needs `CustomerGatewayId` (`MissingParameter`), a
/// dual-tunnel one (`TunnelOptionsSpecification`) is set up by [`tunnels::create`];
/// `InvalidVpnConnection.AlreadyExists` when a customer gateway it uses already has a
/// connection on the gateway; the quota; for a single-tunnel connection a 16-character
/// `Psk` when none is given and `LocalId` / `RemoteId` defaulting to the gateways' IPs.
pub fn create(ctx: &mut Ctx<'_>, _: &Params, conn: &mut Record) -> Result<(), ApiError> {
    let gw = ctx
        .parent(conn)
        .ok_or_else(|| ctx.not_found("VpnGateway"))?;
    if gw.bool("EnableIpsec") == Some(false) {
        return Err(ctx.err("VpnGateway.IpsecVpnDisabled"));
    }
    let single_cgw = if tunnels::is_dual(conn) {
        tunnels::create(ctx, &gw, conn)?;
        None
    } else {
        let id = conn
            .str("CustomerGatewayId")
            .ok_or_else(|| ApiError::missing("CustomerGatewayId"))?
            .to_string();
        Some(ctx.find("CustomerGateway", &id)?)
    };
    let mine = tunnels::customer_gateways(conn);
    let taken = |c: &Record| {
        c.str("VpnGatewayId") == Some(gw.id.as_str())
            && tunnels::customer_gateways(c)
                .iter()
                .any(|id| mine.contains(id))
    };
    if ctx.records(RESOURCE).any(taken) {
        return Err(ctx.err("InvalidVpnConnection.AlreadyExists"));
    }
    if ctx.count(RESOURCE, Some(&gw.id)) >= ctx.quotas.vpn_connections_per_gateway {
        return Err(ctx.err("Resource.QuotaFull"));
    }
    if let Some(cgw) = single_cgw {
        let ids = &mut *ctx.ids;
        if let Some(Value::Object(ike)) = conn.props.get_mut("IkeConfig") {
            ike.entry("Psk").or_insert_with(|| json!(ids.psk()));
            ike.entry("LocalId")
                .or_insert_with(|| json!(gw.str("InternetIp").unwrap_or_default()));
            ike.entry("RemoteId")
                .or_insert_with(|| json!(cgw.str("IpAddress").unwrap_or_default()));
        }
    }
    conn.default("Name", conn.id.clone());
    conn.default("Description", "");
    Ok(())
}

/// `ModifyVpnConnectionAttribute`: tunnel changes are merged into the tunnels they name
/// ([`tunnels::modify`]).
pub fn modify(ctx: &mut Ctx<'_>, p: &Params, conn: &mut Record) -> Result<(), ApiError> {
    let before = ctx.find(RESOURCE, &conn.id)?;
    tunnels::modify(ctx, p, &before, conn)
}

/// `Status`: `ike_sa_not_established` until the activation delay has passed since
/// creation, then `ipsec_sa_established`; a connection never given a health check
/// answers `{"Enable": "false"}`; the tunnels' and BGP sessions' state
/// ([`tunnels::view`]).
pub fn view(ctx: &Ctx<'_>, conn: &mut Record) {
    let age = ctx.now_ms.saturating_sub(conn.created_ms);
    let established = age >= ctx.delay_ms;
    let status = if established {
        "ipsec_sa_established"
    } else {
        "ike_sa_not_established"
    };
    conn.set("Status", status);
    conn.default("HealthCheckConfig", json!({"Enable": "false"}));
    tunnels::view(ctx, conn, established);
}

/// `DownloadVpnConnectionConfig`: both ends' identities and subnets, and the IKE (with
/// the pre-shared key) and IPsec settings.
pub fn download_config(ctx: &mut Ctx<'_>, _: &Params, conn: Option<Record>) -> Answer {
    let conn = conn.ok_or_else(|| ctx.not_found(RESOURCE))?;
    let ike = conn
        .props
        .get("IkeConfig")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let text = |k: &str| {
        ike.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let field = |k: &str| conn.props.get(k).cloned().unwrap_or(Value::Null);
    let config = json!({
        "Local": text("LocalId"),
        "Remote": text("RemoteId"),
        "LocalSubnet": field("LocalSubnet"),
        "RemoteSubnet": field("RemoteSubnet"),
        "IkeConfig": ike,
        "IpsecConfig": field("IpsecConfig"),
    });
    let mut config = config;
    if let Value::Object(config) = &mut config {
        tunnels::download_config(&conn, config);
    }
    let mut out = Map::new();
    out.insert("VpnConnectionConfig".into(), config);
    Ok(out)
}
