//! IPsec-VPN connections: the gateway must have IPsec-VPN, one connection per (VPN
//! gateway, customer gateway) pair, the per-gateway quota, the generated pre-shared key
//! and default identities, the negotiation status, and the configuration download.

use serde_json::{Map, Value, json};

use crate::engine::{Answer, Ctx};
use crate::errors::ApiError;
use crate::params::Params;
use crate::store::Record;

/// The resource these hooks belong to.
pub const RESOURCE: &str = "VpnConnection";

/// `CreateVpnConnection` (the engine has found both gateways, filled the IKE and IPsec
/// defaults and checked the gateway's state): `VpnGateway.IpsecVpnDisabled`,
/// `InvalidVpnConnection.AlreadyExists`, the quota; a 16-character `Psk` when none is
/// given; `LocalId` / `RemoteId` default to the gateways' IPs.
pub fn create(ctx: &mut Ctx<'_>, _: &Params, conn: &mut Record) -> Result<(), ApiError> {
    let gw = ctx
        .parent(conn)
        .ok_or_else(|| ctx.not_found("VpnGateway"))?;
    let cgw_id = conn
        .str("CustomerGatewayId")
        .unwrap_or_default()
        .to_string();
    let cgw = ctx.find("CustomerGateway", &cgw_id)?;
    if gw.bool("EnableIpsec") == Some(false) {
        return Err(ctx.err("VpnGateway.IpsecVpnDisabled"));
    }
    let pair = |c: &&Record| {
        c.str("VpnGatewayId") == Some(gw.id.as_str())
            && c.str("CustomerGatewayId") == Some(cgw_id.as_str())
    };
    if ctx.records(RESOURCE).any(|c| pair(&c)) {
        return Err(ctx.err("InvalidVpnConnection.AlreadyExists"));
    }
    if ctx.count(RESOURCE, Some(&gw.id)) >= ctx.quotas.vpn_connections_per_gateway {
        return Err(ctx.err("Resource.QuotaFull"));
    }
    let ids = &mut *ctx.ids;
    if let Some(Value::Object(ike)) = conn.props.get_mut("IkeConfig") {
        ike.entry("Psk").or_insert_with(|| json!(ids.psk()));
        ike.entry("LocalId")
            .or_insert_with(|| json!(gw.str("InternetIp").unwrap_or_default()));
        ike.entry("RemoteId")
            .or_insert_with(|| json!(cgw.str("IpAddress").unwrap_or_default()));
    }
    conn.default("Name", conn.id.clone());
    conn.default("Description", "");
    Ok(())
}

/// `Status`: `ike_sa_not_established` until the activation delay has passed since
/// creation, then `ipsec_sa_established`; a connection never given a health check
/// answers `{"Enable": "false"}`.
pub fn view(ctx: &Ctx<'_>, conn: &mut Record) {
    let age = ctx.now_ms.saturating_sub(conn.created_ms);
    let status = if age >= ctx.delay_ms {
        "ipsec_sa_established"
    } else {
        "ike_sa_not_established"
    };
    conn.set("Status", status);
    conn.default("HealthCheckConfig", json!({"Enable": "false"}));
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
    let mut out = Map::new();
    out.insert("VpnConnectionConfig".into(), config);
    Ok(out)
}
