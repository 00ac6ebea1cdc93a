//! Putting resources into a region directly, bypassing the API: gateways in any status
//! or billing state, and customer gateways. They are built the way the engine and the
//! create hooks build them.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use vpn_spec::Spec;

use crate::engine::new_record;
use crate::hooks::{customer_gateway, vpn_gateway};
use crate::ids::prefix;
use crate::shared::{Core, now_ms};

/// A VPN gateway to insert. Unset fields get the values `CreateVpnGateway` would give.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VpnGatewaySeed {
    /// Region (`RegionId`); required.
    pub region: String,
    /// A fixed `Status` (`init`, `provisioning`, `active`, `updating`, `deleting`);
    /// `None`: `init`, then `active` after the activation delay.
    pub status: Option<String>,
    /// `BusinessStatus`: `Normal` (default) or `FinancialLocked`.
    pub business_status: Option<String>,
    /// Name (default: the id).
    pub name: Option<String>,
    /// VPC id (default: a generated `vpc-...`).
    pub vpc_id: Option<String>,
    /// Bandwidth in Mbps (default 5).
    pub bandwidth: Option<i64>,
    /// IPsec-VPN enabled (default true).
    pub enable_ipsec: Option<bool>,
    /// SSL-VPN enabled (default false).
    pub enable_ssl: bool,
    /// The user's tags, as key/value pairs.
    pub tags: Vec<(String, String)>,
    /// `ResourceGroupId` (default: none).
    pub resource_group_id: Option<String>,
}

impl VpnGatewaySeed {
    /// An `active` gateway in `region`.
    pub fn active(region: &str) -> Self {
        Self {
            region: region.to_string(),
            status: Some("active".into()),
            ..Self::default()
        }
    }

    /// Sets the status.
    pub fn status(mut self, status: &str) -> Self {
        self.status = Some(status.to_string());
        self
    }

    /// Sets the billing status.
    pub fn business_status(mut self, status: &str) -> Self {
        self.business_status = Some(status.to_string());
        self
    }

    /// Enables SSL-VPN.
    pub fn with_ssl(mut self) -> Self {
        self.enable_ssl = true;
        self
    }

    /// Adds a user tag (`Tags`), as the service's tagging calls would.
    pub fn with_tag(mut self, key: &str, value: &str) -> Self {
        self.tags.push((key.to_string(), value.to_string()));
        self
    }

    /// Puts the gateway in resource group `id`.
    pub fn in_resource_group(mut self, id: &str) -> Self {
        self.resource_group_id = Some(id.to_string());
        self
    }
}

/// Inserts the gateway; returns its id.
pub fn vpn_gateway(spec: &Spec, core: &mut Core, seed: VpnGatewaySeed) -> String {
    let mut props = Map::new();
    props.insert(spec.service.region_parameter.clone(), json!(seed.region));
    props.insert("Bandwidth".into(), json!(seed.bandwidth.unwrap_or(5)));
    props.insert(
        "EnableIpsec".into(),
        json!(seed.enable_ipsec.unwrap_or(true)),
    );
    props.insert("EnableSsl".into(), json!(seed.enable_ssl));
    if let Some(name) = seed.name {
        props.insert("Name".into(), json!(name));
    }
    if let Some(group) = seed.resource_group_id {
        props.insert("ResourceGroupId".into(), json!(group));
    }
    let Core { store, ids, .. } = core;
    let mut gw = new_record(spec, store, ids, vpn_gateway::RESOURCE, now_ms(), props);
    let vpc = seed.vpc_id.unwrap_or_else(|| ids.resource_id(prefix::VPC));
    gw.set("VpcId", vpc);
    vpn_gateway::derive(ids, &mut gw, None);
    gw.set(
        "BusinessStatus",
        seed.business_status.unwrap_or_else(|| "Normal".into()),
    );
    if let Some(status) = seed.status {
        gw.set("Status", status);
    }
    let tags: Vec<Value> = seed
        .tags
        .iter()
        .map(|(k, v)| json!({"Key": k, "Value": v}))
        .collect();
    gw.set("Tags", json!({ "Tag": tags }));
    let id = gw.id.clone();
    store.insert(&seed.region, gw);
    id
}

/// Inserts a customer gateway; returns its id.
pub fn customer_gateway(
    spec: &Spec,
    core: &mut Core,
    region: &str,
    ip_address: &str,
    name: Option<&str>,
) -> String {
    let mut props = Map::new();
    props.insert(spec.service.region_parameter.clone(), json!(region));
    props.insert("IpAddress".into(), json!(ip_address));
    if let Some(name) = name {
        props.insert("Name".into(), json!(name));
    }
    let Core { store, ids, .. } = core;
    let mut cgw = new_record(
        spec,
        store,
        ids,
        customer_gateway::RESOURCE,
        now_ms(),
        props,
    );
    customer_gateway::defaults(&mut cgw);
    let id = cgw.id.clone();
    store.insert(region, cgw);
    id
}

/// Fixes (or, with `None`, un-fixes) a gateway's status; `false` when there is no such
/// gateway.
pub fn set_vpn_gateway_status(
    core: &mut Core,
    region: &str,
    id: &str,
    status: Option<&str>,
) -> bool {
    let Some(gw) = core.store.find_mut(region, vpn_gateway::RESOURCE, id) else {
        return false;
    };
    match status {
        Some(s) => gw.set("Status", s),
        None => {
            gw.props.remove("Status");
        }
    }
    true
}
