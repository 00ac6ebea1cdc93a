//! Putting resources into a region directly, bypassing the API: gateways in any status
//! or billing state, and customer gateways.

use serde::{Deserialize, Serialize};

use crate::handlers::vpn_gateway::NO_EXPIRY_MS;
use crate::ids::prefix;
use crate::shared::{Core, now_ms};
use crate::state::{CustomerGateway, VpnGateway};

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
    /// Tags.
    pub tags: Vec<(String, String)>,
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
}

/// Inserts the gateway; returns its id.
pub fn vpn_gateway(core: &mut Core, seed: VpnGatewaySeed) -> String {
    let id = core.ids.resource_id(prefix::VPN_GATEWAY);
    let gw = VpnGateway {
        name: seed.name.unwrap_or_else(|| id.clone()),
        id: id.clone(),
        vpc_id: seed
            .vpc_id
            .unwrap_or_else(|| core.ids.resource_id(prefix::VPC)),
        vswitch_id: core.ids.resource_id(prefix::VSWITCH),
        internet_ip: core.ids.public_ip(),
        intranet_ip: core.ids.private_ip(),
        description: String::new(),
        bandwidth: seed.bandwidth.unwrap_or(5),
        create_ms: now_ms(),
        end_ms: NO_EXPIRY_MS,
        charge_type: "PayByTraffic".into(),
        enable_ipsec: seed.enable_ipsec.unwrap_or(true),
        enable_ssl: seed.enable_ssl,
        ssl_max_connections: if seed.enable_ssl { 5 } else { 0 },
        business_status: seed.business_status.unwrap_or_else(|| "Normal".into()),
        status_override: seed.status,
        tags: seed.tags,
    };
    core.store.region_mut(&seed.region).vpn_gateways.push(gw);
    id
}

/// Inserts a customer gateway; returns its id.
pub fn customer_gateway(
    core: &mut Core,
    region: &str,
    ip_address: &str,
    name: Option<&str>,
) -> String {
    let id = core.ids.resource_id(prefix::CUSTOMER_GATEWAY);
    let gw = CustomerGateway {
        name: name.map_or_else(|| id.clone(), str::to_string),
        id: id.clone(),
        description: String::new(),
        ip_address: ip_address.to_string(),
        create_ms: now_ms(),
    };
    core.store.region_mut(region).customer_gateways.push(gw);
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
    match core
        .store
        .region_mut(region)
        .vpn_gateways
        .iter_mut()
        .find(|g| g.id == id)
    {
        Some(gw) => {
            gw.status_override = status.map(str::to_string);
            true
        }
        None => false,
    }
}
