//! Dual-tunnel IPsec-VPN connections and BGP over IPsec: a gateway created with two
//! vSwitches (`VSwitchId` and `DisasterRecoveryVSwitchId`) takes connections with two
//! tunnels (`TunnelOptionsSpecification`), each with its own customer gateway, role,
//! IKE, IPsec and BGP settings; the tunnels' negotiation and BGP status follow time like
//! the connection's own status; `ModifyVpnConnectionAttribute` changes tunnels named by
//! `TunnelId`, `ModifyTunnelAttribute` one of them. A single-tunnel connection's
//! `BgpConfig` is described as `VpnBgpConfig`, with the customer gateway's `Asn` (and
//! `AuthKey`) as the peer's.

use std::net::Ipv4Addr;

use serde_json::{Map, Value, json};

use super::customer_gateway;
use crate::engine::project::project;
use crate::engine::{Answer, Ctx};
use crate::errors::ApiError;
use crate::ids::prefix;
use crate::params::Params;
use crate::spec::fill_defaults;
use crate::store::Record;

/// The property (and request member) that holds a connection's tunnels.
pub const TUNNELS: &str = "TunnelOptionsSpecification";
/// How many tunnels a dual-tunnel connection has.
pub const TUNNEL_COUNT: usize = 2;
/// The gateway side's autonomous system number when a request gives none.
pub const DEFAULT_LOCAL_ASN: i64 = 45104;
/// The error of a `TunnelId` the connection does not have.
pub const TUNNEL_NOT_FOUND: &str = "InvalidTunnelId.NotFound";
/// `BgpStatus` / `Status` of a BGP session that is up.
const BGP_UP: &str = "success";
/// ... and of one that is not (the service answers the text `false`).
const BGP_DOWN: &str = "false";

/// Whether the connection (or a create request's properties) has tunnels.
pub fn is_dual(conn: &Record) -> bool {
    conn.props
        .get(TUNNELS)
        .and_then(Value::as_array)
        .is_some_and(|t| !t.is_empty())
}

/// Whether the gateway can take dual-tunnel connections (it has a second vSwitch).
pub fn gateway_is_dual(gw: &Record) -> bool {
    gw.str("DisasterRecoveryVSwitchId")
        .is_some_and(|v| !v.is_empty())
}

/// The customer gateways the connection uses: its own, or its tunnels'.
pub fn customer_gateways(conn: &Record) -> Vec<String> {
    let mut ids: Vec<String> = conn
        .str("CustomerGatewayId")
        .map(str::to_string)
        .into_iter()
        .collect();
    if let Some(tunnels) = conn.props.get(TUNNELS).and_then(Value::as_array) {
        ids.extend(
            tunnels
                .iter()
                .filter_map(|t| t.get("CustomerGatewayId")?.as_str())
                .map(str::to_string),
        );
    }
    ids
}

/// `CreateVpnConnection` of a dual-tunnel connection on `gw`: the gateway must have two
/// vSwitches and the request exactly two tunnels, each naming an existing customer
/// gateway (`MissingParameter` naming the tunnel's member when one does not), and at most
/// one `master`. Each tunnel gets its id, index, role (the first `master`, the second
/// `slave` unless given), the gateway address of its side, its zone, the IKE and IPsec
/// defaults (a generated pre-shared key, the two ends' addresses as identities), and
/// the default local ASN for its BGP settings. The connection-level IKE and IPsec
/// settings, which a dual-tunnel connection does not have, are dropped.
pub fn create(ctx: &mut Ctx<'_>, gw: &Record, conn: &mut Record) -> Result<(), ApiError> {
    if !gateway_is_dual(gw) {
        return Err(ApiError::invalid(
            TUNNELS,
            "the VPN gateway was created with one vSwitch and takes single-tunnel \
             connections only (a CustomerGatewayId, no tunnels)",
        ));
    }
    let Some(Value::Array(mut tunnels)) = conn.props.remove(TUNNELS) else {
        return Err(ApiError::missing(TUNNELS));
    };
    if tunnels.len() != TUNNEL_COUNT {
        return Err(ApiError::invalid(
            TUNNELS,
            &format!(
                "a dual-tunnel connection has {TUNNEL_COUNT} tunnels, not {}",
                tunnels.len()
            ),
        ));
    }
    let masters = tunnels
        .iter()
        .filter(|t| t.get("Role").and_then(Value::as_str) == Some("master"))
        .count();
    if masters > 1 {
        return Err(ApiError::invalid(
            TUNNELS,
            "one tunnel is the master and the other the slave",
        ));
    }
    let addresses = [
        gw.str("InternetIp").unwrap_or_default().to_string(),
        gw.str("DisasterRecoveryInternetIp")
            .unwrap_or_default()
            .to_string(),
    ];
    let master_taken = masters == 1;
    for (i, tunnel) in tunnels.iter_mut().enumerate() {
        let Value::Object(t) = tunnel else {
            return Err(ApiError::invalid(
                &format!("{TUNNELS}.{}", i + 1),
                "a tunnel is a set of keys",
            ));
        };
        let cgw_id = t
            .get("CustomerGatewayId")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::missing(&format!("{TUNNELS}.{}.CustomerGatewayId", i + 1)))?
            .to_string();
        let cgw = ctx.find(customer_gateway::RESOURCE, &cgw_id)?;
        let role = if i == 0 && !master_taken {
            "master"
        } else {
            "slave"
        };
        t.entry("Role").or_insert_with(|| json!(role));
        t.insert(
            "TunnelId".into(),
            json!(ctx.ids.resource_id(prefix::TUNNEL)),
        );
        t.insert("TunnelIndex".into(), json!(i + 1));
        t.insert("InternetIp".into(), json!(addresses[i]));
        t.insert("ZoneNo".into(), json!(zone(&ctx.region, i)));
        t.insert("State".into(), json!("active"));
        t.entry("EnableDpd").or_insert(json!(true));
        t.entry("EnableNatTraversal").or_insert(json!(true));
        let mut ike = take_object(t, "TunnelIkeConfig");
        fill_defaults(ctx.spec, "IkeConfig", &mut ike);
        ike.entry("Psk").or_insert_with(|| json!(ctx.ids.psk()));
        ike.entry("LocalId").or_insert_with(|| json!(addresses[i]));
        ike.entry("RemoteId")
            .or_insert_with(|| json!(cgw.str("IpAddress").unwrap_or_default()));
        t.insert("TunnelIkeConfig".into(), Value::Object(ike));
        let mut ipsec = take_object(t, "TunnelIpsecConfig");
        fill_defaults(ctx.spec, "IpsecConfig", &mut ipsec);
        t.insert("TunnelIpsecConfig".into(), Value::Object(ipsec));
        if let Some(Value::Object(bgp)) = t.get_mut("TunnelBgpConfig") {
            bgp.entry("LocalAsn").or_insert(json!(DEFAULT_LOCAL_ASN));
        }
    }
    conn.props.insert(TUNNELS.into(), Value::Array(tunnels));
    conn.props.remove("IkeConfig");
    conn.props.remove("IpsecConfig");
    conn.default("EnableTunnelsBgp", false);
    Ok(())
}

/// `ModifyVpnConnectionAttribute` with `TunnelOptionsSpecification`: each change names
/// a tunnel of the stored connection `before` by `TunnelId` (`InvalidTunnelId.NotFound`
/// otherwise, a single-tunnel connection having none) and is merged into it; `conn` (the
/// engine's update, which replaced the tunnels with the changes) gets the merged tunnels.
pub fn modify(
    ctx: &Ctx<'_>,
    p: &Params,
    before: &Record,
    conn: &mut Record,
) -> Result<(), ApiError> {
    let Some(changes) = p.values.get(TUNNELS).and_then(Value::as_array) else {
        return Ok(());
    };
    let mut tunnels = before
        .props
        .get(TUNNELS)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, change) in changes.iter().enumerate() {
        let Some(change) = change.as_object() else {
            continue;
        };
        let id = change
            .get("TunnelId")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::missing(&format!("{TUNNELS}.{}.TunnelId", i + 1)))?;
        let tunnel = tunnel_mut(&mut tunnels, id).ok_or_else(|| ctx.err(TUNNEL_NOT_FOUND))?;
        merge(ctx, tunnel, change)?;
    }
    conn.props.insert(TUNNELS.into(), Value::Array(tunnels));
    Ok(())
}

/// `ModifyTunnelAttribute`: the connection's tunnel `TunnelId`
/// (`InvalidTunnelId.NotFound` when it has none such) takes the keys of
/// `TunnelOptionsSpecification` (inner settings merge key by key; a new customer gateway
/// must exist); answered with the tunnel as it is read afterwards.
pub fn modify_tunnel(ctx: &mut Ctx<'_>, p: &Params, conn: Option<Record>) -> Answer {
    let mut conn = conn.ok_or_else(|| ctx.not_found(super::ipsec::RESOURCE))?;
    let id = p.str("TunnelId").unwrap_or_default().to_string();
    let changes = p.object(TUNNELS).cloned().unwrap_or_default();
    let mut tunnels = conn
        .props
        .get(TUNNELS)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let tunnel = tunnel_mut(&mut tunnels, &id).ok_or_else(|| ctx.err(TUNNEL_NOT_FOUND))?;
    merge(ctx, tunnel, &changes)?;
    conn.props.insert(TUNNELS.into(), Value::Array(tunnels));
    let region = ctx.region.clone();
    ctx.store.replace(&region, conn.clone());
    let seen = ctx.view(&conn);
    let mut tunnel = seen
        .props
        .get(TUNNELS)
        .and_then(Value::as_array)
        .and_then(|t| {
            t.iter()
                .find(|t| t.get("TunnelId").and_then(Value::as_str) == Some(id.as_str()))
        })
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    if let Some(Value::Object(bgp)) = tunnel.get_mut("TunnelBgpConfig") {
        bgp.insert(
            "EnableBgp".into(),
            json!(seen.bool("EnableTunnelsBgp") == Some(true)),
        );
    }
    let resource = ctx
        .resource(super::ipsec::RESOURCE)
        .ok_or_else(|| ctx.not_found(super::ipsec::RESOURCE))?;
    let shown = Record {
        props: tunnel,
        ..seen
    };
    Ok(project(ctx.spec, resource, &shown, &ctx.op.response))
}

/// Read-time state: a dual-tunnel connection's `CustomerGatewayId` is the list of its
/// tunnels' (for filters only: a list is not answered as the text member); each tunnel's
/// `Status` (`ike_sa_not_established` until the
/// connection is `established`, then `ipsec_sa_established`) and, for a tunnel with BGP
/// settings, the peer's ASN (its customer gateway's `Asn`), the peer's BGP address (the
/// other host of the tunnel's /30) and `BgpStatus` (`success` once established with
/// `EnableTunnelsBgp`, else `false`). A single-tunnel connection with `BgpConfig` shows it
/// as `VpnBgpConfig`, with the customer gateway's `Asn` and `AuthKey` and the session's
/// `Status`.
pub fn view(ctx: &Ctx<'_>, conn: &mut Record, established: bool) {
    let bgp_on = conn.bool("EnableTunnelsBgp") == Some(true);
    if is_dual(conn) && conn.str("CustomerGatewayId").is_none() {
        // The tunnels' customer gateways, so that a `CustomerGatewayId` filter finds the
        // connection through any of its tunnels; a list is never answered as the
        // connection's own (text) `CustomerGatewayId`.
        let peers: Vec<Value> = customer_gateways(conn)
            .into_iter()
            .map(Value::from)
            .collect();
        conn.set("CustomerGatewayId", Value::Array(peers));
    }
    if let Some(Value::Array(tunnels)) = conn.props.get_mut(TUNNELS) {
        for tunnel in tunnels.iter_mut().filter_map(Value::as_object_mut) {
            let status = if established {
                "ipsec_sa_established"
            } else {
                "ike_sa_not_established"
            };
            tunnel.insert("Status".into(), json!(status));
            let cgw = tunnel
                .get("CustomerGatewayId")
                .and_then(Value::as_str)
                .and_then(|id| ctx.find(customer_gateway::RESOURCE, id).ok());
            if let Some(Value::Object(bgp)) = tunnel.get_mut("TunnelBgpConfig") {
                describe_peer(bgp, cgw.as_ref(), false);
                let up = bgp_on && established;
                bgp.insert(
                    "BgpStatus".into(),
                    json!(if up { BGP_UP } else { BGP_DOWN }),
                );
            }
        }
    }
    if let Some(Value::Object(config)) = conn.props.get("BgpConfig") {
        let mut bgp = config.clone();
        let cgw = conn
            .str("CustomerGatewayId")
            .and_then(|id| ctx.find(customer_gateway::RESOURCE, id).ok());
        let enabled = match bgp.get("EnableBgp") {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
            _ => false,
        };
        bgp.insert("EnableBgp".into(), json!(enabled.to_string()));
        bgp.entry("LocalAsn").or_insert(json!(DEFAULT_LOCAL_ASN));
        describe_peer(&mut bgp, cgw.as_ref(), true);
        let up = enabled && established;
        bgp.insert("Status".into(), json!(if up { BGP_UP } else { BGP_DOWN }));
        conn.set("VpnBgpConfig", Value::Object(bgp));
    }
}

/// The per-tunnel part of `DownloadVpnConnectionConfig` for a dual-tunnel connection:
/// `TunnelsConfig` (each tunnel's two ends and its IKE and IPsec settings) and
/// `BgpConfigs` (each tunnel's BGP settings, peer side included), added to `config`.
pub fn download_config(conn: &Record, config: &mut Map<String, Value>) {
    let Some(tunnels) = conn.props.get(TUNNELS).and_then(Value::as_array) else {
        return;
    };
    let mut configs = Vec::new();
    let mut bgps = Vec::new();
    for tunnel in tunnels.iter().filter_map(Value::as_object) {
        let field = |k: &str| tunnel.get(k).cloned().unwrap_or(Value::Null);
        let ike = tunnel
            .get("TunnelIkeConfig")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        configs.push(json!({
            "TunnelId": field("TunnelId"),
            "Local": ike.get("RemoteId").cloned().unwrap_or(Value::Null),
            "Remote": ike.get("LocalId").cloned().unwrap_or(Value::Null),
            "IkeConfig": ike,
            "IpsecConfig": field("TunnelIpsecConfig"),
        }));
        if let Some(Value::Object(bgp)) = tunnel.get("TunnelBgpConfig") {
            let mut bgp = bgp.clone();
            bgp.insert("TunnelId".into(), field("TunnelId"));
            bgps.push(Value::Object(bgp));
        }
    }
    config.insert("TunnelsConfig".into(), json!({ "TunnelConfig": configs }));
    if !bgps.is_empty() {
        config.insert("BgpConfigs".into(), json!({ "BgpConfig": bgps }));
    }
}

/// The tunnel `id` among `tunnels`.
fn tunnel_mut<'a>(tunnels: &'a mut [Value], id: &str) -> Option<&'a mut Map<String, Value>> {
    tunnels
        .iter_mut()
        .filter_map(Value::as_object_mut)
        .find(|t| t.get("TunnelId").and_then(Value::as_str) == Some(id))
}

/// Applies `changes` to `tunnel`: inner settings (IKE, IPsec, BGP) merge key by key,
/// other keys replace; `TunnelId` is the tunnel's name, not a change; a new customer
/// gateway must exist.
pub fn merge(
    ctx: &Ctx<'_>,
    tunnel: &mut Map<String, Value>,
    changes: &Map<String, Value>,
) -> Result<(), ApiError> {
    if let Some(id) = changes.get("CustomerGatewayId").and_then(Value::as_str) {
        ctx.find(customer_gateway::RESOURCE, id)?;
    }
    for (key, value) in changes {
        if key == "TunnelId" {
            continue;
        }
        match (tunnel.get_mut(key), value) {
            (Some(Value::Object(old)), Value::Object(new)) => {
                old.extend(new.clone());
            }
            _ => {
                tunnel.insert(key.clone(), value.clone());
            }
        }
    }
    if let Some(Value::Object(bgp)) = tunnel.get_mut("TunnelBgpConfig") {
        bgp.entry("LocalAsn").or_insert(json!(DEFAULT_LOCAL_ASN));
    }
    Ok(())
}

/// The peer side of BGP settings: `PeerAsn` from the customer gateway's `Asn`, and
/// `AuthKey` too when `with_key`; `PeerBgpIp` the host of `TunnelCidr` (a /30) that is
/// not `LocalBgpIp`.
fn describe_peer(bgp: &mut Map<String, Value>, cgw: Option<&Record>, with_key: bool) {
    if let Some(asn) = cgw.and_then(|c| c.props.get("Asn")) {
        bgp.insert("PeerAsn".into(), asn.clone());
    }
    if with_key && let Some(key) = cgw.and_then(|c| c.props.get("AuthKey")) {
        bgp.insert("AuthKey".into(), key.clone());
    }
    let text = |k: &str| bgp.get(k).and_then(Value::as_str).map(str::to_string);
    if let (Some(cidr), Some(local)) = (text("TunnelCidr"), text("LocalBgpIp"))
        && let Some(peer) = peer_address(&cidr, &local)
    {
        bgp.insert("PeerBgpIp".into(), json!(peer));
    }
}

/// The other usable host of the /30 block `cidr` whose one host is `local`
/// (`169.254.11.0/30`, `169.254.11.1` -> `169.254.11.2`); `None` for anything else.
pub fn peer_address(cidr: &str, local: &str) -> Option<String> {
    let (network, bits) = cidr.split_once('/')?;
    if bits.trim() != "30" {
        return None;
    }
    let base = u32::from(network.trim().parse::<Ipv4Addr>().ok()?) & !0b11;
    let local = u32::from(local.trim().parse::<Ipv4Addr>().ok()?);
    let peer = match local.checked_sub(base)? {
        1 => base + 2,
        2 => base + 1,
        _ => return None,
    };
    Some(Ipv4Addr::from(peer).to_string())
}

/// The zone of tunnel `index` (0 or 1): the region's zones `a` and `b`.
fn zone(region: &str, index: usize) -> String {
    let letter = if index == 0 { 'a' } else { 'b' };
    format!("{region}-{letter}")
}

/// The object at `key` of `map`, taken out (empty when there is none).
fn take_object(map: &mut Map<String, Value>, key: &str) -> Map<String, Value> {
    match map.remove(key) {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peer_is_the_other_host_of_the_tunnel_block() {
        assert_eq!(
            peer_address("169.254.11.0/30", "169.254.11.1").as_deref(),
            Some("169.254.11.2")
        );
        assert_eq!(
            peer_address("169.254.11.0/30", "169.254.11.2").as_deref(),
            Some("169.254.11.1")
        );
        assert_eq!(peer_address("169.254.11.0/30", "169.254.11.3"), None);
        assert_eq!(peer_address("169.254.11.0/29", "169.254.11.1"), None);
        assert_eq!(peer_address("not a block", "169.254.11.1"), None);
    }
}
