//! Diagnostics. `DiagnoseVpnGateway` starts a diagnosis of a gateway for one of its
//! IPsec-VPN connections and answers its id at once; `GetVpnGatewayDiagnoseResult`
//! reports it: the seven checks finish one after another over the diagnosis delay
//! ([`crate::Builder::diagnosis_delay`], `--diagnosis-delay-ms`, read when the result is
//! asked for, as the activation delay is), each with a deterministic outcome computed
//! from the gateway's state. `DiagnoseVpnConnections` answers one entry per connection:
//! `Normal` once its IPsec SA is established, else a phase-1 timeout.

use serde_json::{Map, Value, json};

use crate::engine::{Answer, Ctx};
use crate::errors::ApiError;
use crate::params::Params;
use crate::store::Record;

/// The records of diagnoses (not a spec resource).
pub const DIAGNOSIS: &str = "VpnGatewayDiagnosis";

/// The checks of an IPsec-VPN diagnosis, in the order they finish.
pub const CHECKS: [&str; 7] = [
    "RouteEntryConflict",
    "VpnRouteQuota",
    "VpnIPsecQuota",
    "VpnPbrRouteQuota",
    "VcoConfigConsistency",
    "VcoUserInternetIpConnectivity",
    "VcoPrivateConnectivity",
];

/// Epoch milliseconds as ISO 8601 UTC (`2022-12-15T05:28:57Z`).
pub fn iso(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|t| {
            t.format(time::macros::format_description!(
                "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
            ))
            .ok()
        })
        .unwrap_or_default()
}

/// `DiagnoseVpnGateway`: the gateway (guarded) and its connection `ResourceId` must
/// exist; `IPsecExtendInfo`, when given, must be a JSON object.
pub fn diagnose_gateway(ctx: &mut Ctx<'_>, p: &Params, _: Option<Record>) -> Answer {
    let gw = ctx.find("VpnGateway", p.str_or_empty("VpnGatewayId"))?;
    ctx.guard(&gw)?;
    let vco_id = p.str_or_empty("ResourceId");
    let vco = ctx
        .records("VpnConnection")
        .find(|c| c.id == vco_id && c.str("VpnGatewayId") == Some(gw.id.as_str()))
        .cloned()
        .ok_or_else(|| ctx.not_found("VpnConnection"))?;
    let extend = match p.str("IPsecExtendInfo") {
        None => Map::new(),
        Some(text) => serde_json::from_str::<Map<String, Value>>(text)
            .map_err(|_| ApiError::invalid("IPsecExtendInfo", "not a JSON object"))?,
    };
    let id = ctx.ids.resource_id("vpndgn-");
    let mut props = Map::new();
    props.insert("DiagnoseId".into(), json!(id));
    props.insert("VpnGatewayId".into(), json!(gw.id));
    props.insert("ResourceInstanceId".into(), json!(vco.id));
    props.insert("ResourceType".into(), json!(p.str_or_empty("ResourceType")));
    props.insert("IPsecExtendInfo".into(), Value::Object(extend));
    let region = ctx.region.clone();
    ctx.store.insert(
        &region,
        Record {
            resource: DIAGNOSIS.into(),
            id: id.clone(),
            created_ms: ctx.now_ms,
            props,
        },
    );
    let mut out = Map::new();
    out.insert("DiagnoseId".into(), json!(id));
    Ok(out)
}

/// `GetVpnGatewayDiagnoseResult`: by `DiagnoseId`, else the newest diagnosis of
/// `VpnGatewayId` (one of the two: `MissingParameter`).
pub fn result(ctx: &mut Ctx<'_>, p: &Params, _: Option<Record>) -> Answer {
    let diagnosis = match (p.str("DiagnoseId"), p.str("VpnGatewayId")) {
        (Some(id), _) => ctx.records(DIAGNOSIS).find(|d| d.id == id).cloned(),
        (None, Some(gw)) => {
            ctx.find("VpnGateway", gw)?;
            ctx.records(DIAGNOSIS)
                .filter(|d| d.str("VpnGatewayId") == Some(gw))
                .last()
                .cloned()
        }
        (None, None) => return Err(ApiError::missing("DiagnoseId")),
    }
    .ok_or_else(|| ctx.err("InvalidDiagnoseId.NotFound"))?;
    let elapsed = ctx.now_ms.saturating_sub(diagnosis.created_ms).max(0);
    let total = CHECKS.len() as i64;
    let finished = if ctx.diagnosis_delay_ms <= 0 {
        total
    } else {
        (elapsed.saturating_mul(total) / ctx.diagnosis_delay_ms).min(total)
    };
    let checks: Vec<Value> = CHECKS
        .iter()
        .take(usize::try_from(finished).unwrap_or(0))
        .map(|name| check(ctx, &diagnosis, name))
        .collect();
    let mut out = Map::new();
    for key in [
        "DiagnoseId",
        "VpnGatewayId",
        "ResourceInstanceId",
        "ResourceType",
    ] {
        if let Some(v) = diagnosis.props.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    out.insert("BeginTime".into(), json!(iso(diagnosis.created_ms)));
    if finished == total {
        let end = diagnosis
            .created_ms
            .saturating_add(ctx.diagnosis_delay_ms.max(0));
        out.insert("FinishTime".into(), json!(iso(end)));
    }
    out.insert("TotalCount".into(), json!(total));
    out.insert("FinishedCount".into(), json!(finished));
    out.insert("DiagnoseResult".into(), Value::Array(checks));
    Ok(out)
}

/// A quota check: `warning` from 80 % use, `error` when full.
fn quota(name: &str, used: usize, quantity: usize) -> (String, &'static str) {
    let level = if used >= quantity {
        "error"
    } else if used * 5 >= quantity * 4 {
        "warning"
    } else {
        "normal"
    };
    let text = json!({"quotaName": name, "quantity": quantity, "used": used}).to_string();
    (text, level)
}

/// A stable pseudo-random number from `text` (FNV-1a).
pub fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn check(ctx: &Ctx<'_>, diagnosis: &Record, name: &str) -> Value {
    let gw = diagnosis.str("VpnGatewayId").unwrap_or_default();
    let vco_id = diagnosis.str("ResourceInstanceId").unwrap_or_default();
    let vco = ctx.records("VpnConnection").find(|c| c.id == vco_id);
    let rtt = f64::from(u32::try_from(stable_hash(vco_id) % 40).unwrap_or(0) + 2);
    let (description, level) = match name {
        "RouteEntryConflict" => (json!({"conflicts": []}).to_string(), "normal"),
        "VpnRouteQuota" => quota(
            "vpn_quota_route_entries_num",
            ctx.count(super::route::DESTINATION, Some(gw)),
            ctx.quotas.routes_per_gateway,
        ),
        "VpnIPsecQuota" => quota(
            "vpn_quota_vco_num",
            ctx.count("VpnConnection", Some(gw)),
            ctx.quotas.vpn_connections_per_gateway,
        ),
        "VpnPbrRouteQuota" => quota(
            "vpn_quota_pbr_route_entries_num",
            ctx.count(super::route::POLICY, Some(gw)),
            ctx.quotas.routes_per_gateway,
        ),
        "VcoConfigConsistency" => {
            let conf = vco
                .map(|c| {
                    json!({
                        "IkeConfig": c.props.get("IkeConfig").cloned().unwrap_or(Value::Null),
                        "IpsecConfig": c.props.get("IpsecConfig").cloned().unwrap_or(Value::Null),
                    })
                })
                .unwrap_or(Value::Null);
            let text = json!({"vcoConf": conf, "vcoRunningConf": conf, "vcoDiffConf": {}, "vcoLackConf": false});
            (text.to_string(), "normal")
        }
        "VcoUserInternetIpConnectivity" => {
            let target = vco
                .and_then(|c| c.str("CustomerGatewayId"))
                .and_then(|id| ctx.records("CustomerGateway").find(|g| g.id == id))
                .and_then(|g| g.str("IpAddress"))
                .unwrap_or_default();
            let text = json!({"targetIp": target, "rtt": rtt, "lossRate": 0.0});
            (text.to_string(), "normal")
        }
        _ => {
            let extend = diagnosis
                .props
                .get("IPsecExtendInfo")
                .and_then(Value::as_object);
            let ip = |k: &str| {
                extend
                    .and_then(|e| e.get(k))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            let (src, dst) = (ip("PrivateSourceIp"), ip("PrivateDestinationIp"));
            if src.is_empty() || dst.is_empty() {
                let text = json!({"targetIp": dst, "srcIp": src, "rtt": -1.0, "lossRate": 100.0});
                (text.to_string(), "warning")
            } else {
                let text = json!({"targetIp": dst, "srcIp": src, "rtt": rtt, "lossRate": 0.0});
                (text.to_string(), "normal")
            }
        }
    };
    json!({
        "DiagnoseName": name,
        "DiagnoseResultDescription": description,
        "DiagnoseResultLevel": level,
    })
}

/// `DiagnoseVpnConnections`: the connections named by `VpnConnectionIds`, by the tunnels
/// of `TunnelIds`, or those of `VpnGatewayId` (every one of the region when none is
/// given), one entry each, paged.
pub fn diagnose_connections(ctx: &mut Ctx<'_>, p: &Params, _: Option<Record>) -> Answer {
    let ids = super::certificate::strings(p, "VpnConnectionIds");
    let tunnels = super::certificate::strings(p, "TunnelIds");
    let mut chosen: Vec<(Record, Option<String>)> = Vec::new();
    for id in &ids {
        let vco = ctx.find("VpnConnection", id)?;
        chosen.push((vco, None));
    }
    for tunnel in &tunnels {
        let vco = ctx
            .records("VpnConnection")
            .find(|c| tunnel_ids(c).iter().any(|t| t == tunnel))
            .cloned()
            .ok_or_else(|| {
                ctx.err_msg(
                    "InvalidVpnConnectionInstanceId.NotFound",
                    format!("No IPsec-VPN connection has the tunnel \"{tunnel}\"."),
                )
            })?;
        chosen.push((vco, Some((*tunnel).to_string())));
    }
    if ids.is_empty() && tunnels.is_empty() {
        let gw = p.str("VpnGatewayId");
        if let Some(gw) = gw {
            ctx.find("VpnGateway", gw)?;
        }
        chosen = ctx
            .records("VpnConnection")
            .filter(|c| gw.is_none_or(|g| c.str("VpnGatewayId") == Some(g)))
            .map(|c| (c.clone(), None))
            .collect();
    }
    let items = chosen
        .iter()
        .map(|(vco, tunnel)| connection_diagnosis(ctx, vco, tunnel.as_deref()))
        .collect();
    ctx.paged(p, items)
}

/// The tunnel ids a (dual-tunnel) connection record carries, if any.
fn tunnel_ids(vco: &Record) -> Vec<String> {
    ["TunnelOptionsSpecification", "TunnelOptions"]
        .iter()
        .filter_map(|k| vco.props.get(*k).and_then(Value::as_array))
        .flatten()
        .filter_map(|t| t.get("TunnelId").and_then(Value::as_str))
        .map(str::to_string)
        .collect()
}

fn connection_diagnosis(ctx: &Ctx<'_>, vco: &Record, tunnel: Option<&str>) -> Value {
    let seen = ctx.view(vco);
    let mut entry = Map::new();
    entry.insert("VpnConnectionId".into(), json!(vco.id));
    if let Some(t) = tunnel {
        entry.insert("TunnelId".into(), json!(t));
    }
    if seen.str("Status") == Some("ipsec_sa_established") {
        entry.insert("Severity".into(), json!("Normal"));
    } else {
        let failed = vco.created_ms;
        entry.insert("Severity".into(), json!("Critical"));
        entry.insert("FailedReasonCode".into(), json!("Phase1NegotiationTimeout"));
        entry.insert("FailedReason".into(), json!("Phase1 negotiation timeout"));
        entry.insert("FailedTime".into(), json!(failed));
        let at = iso(failed).replace('T', " ").replace('Z', "");
        entry.insert(
            "SourceLog".into(),
            json!(format!(
                "{at} {} [PROTO_ERR]: ikev1.c:1433:isakmp_ph1resend(): phase1 negotiation failed due to time up.",
                vco.id
            )),
        );
    }
    Value::Object(entry)
}
