//! VPN gateways.

use serde_json::{Map, Value, json};

/// Status a gateway reports while it is being set up.
pub const STATUS_INIT: &str = "init";
/// Status of a usable gateway.
pub const STATUS_ACTIVE: &str = "active";

/// A VPN gateway.
#[derive(Debug, Clone, PartialEq)]
pub struct VpnGateway {
    /// `vpn-...`.
    pub id: String,
    /// VPC id.
    pub vpc_id: String,
    /// vSwitch id.
    pub vswitch_id: String,
    /// Public IP.
    pub internet_ip: String,
    /// Private IP.
    pub intranet_ip: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Bandwidth, Mbps.
    pub bandwidth: i64,
    /// Creation time, epoch ms.
    pub create_ms: i64,
    /// Expiry, epoch ms.
    pub end_ms: i64,
    /// `Prepay` or `PayByTraffic`.
    pub charge_type: String,
    /// IPsec-VPN enabled.
    pub enable_ipsec: bool,
    /// SSL-VPN enabled.
    pub enable_ssl: bool,
    /// Maximum SSL-VPN clients.
    pub ssl_max_connections: i64,
    /// `Normal` or `FinancialLocked`.
    pub business_status: String,
    /// A fixed status (seeded or set through the control API); otherwise the status is
    /// `init` until the activation delay has passed since creation, then `active`.
    pub status_override: Option<String>,
    /// Tags.
    pub tags: Vec<(String, String)>,
}

impl VpnGateway {
    /// The status at `now_ms` given the activation delay.
    pub fn status(&self, now_ms: i64, activation_delay_ms: i64) -> &str {
        match &self.status_override {
            Some(s) => s,
            None if now_ms.saturating_sub(self.create_ms) >= activation_delay_ms => STATUS_ACTIVE,
            None => STATUS_INIT,
        }
    }

    /// Every field the service reports about a gateway (the `VpnGateway` item of
    /// DescribeVpnGateways; DescribeVpnGateway returns the same flat).
    pub fn to_json(&self, now_ms: i64, activation_delay_ms: i64) -> Map<String, Value> {
        let tags: Vec<Value> = self
            .tags
            .iter()
            .map(|(k, v)| json!({"Key": k, "Value": v}))
            .collect();
        let enable = |b: bool| if b { "enable" } else { "disable" };
        let v = json!({
            "VpnGatewayId": self.id,
            "VpcId": self.vpc_id,
            "VSwitchId": self.vswitch_id,
            "InternetIp": self.internet_ip,
            "CreateTime": self.create_ms,
            "EndTime": self.end_ms,
            "Spec": format!("{}M", self.bandwidth),
            "Name": self.name,
            "Description": self.description,
            "Status": self.status(now_ms, activation_delay_ms),
            "BusinessStatus": self.business_status,
            "ChargeType": self.charge_type,
            "IpsecVpn": enable(self.enable_ipsec),
            "SslMaxConnections": self.ssl_max_connections,
            "SslVpn": enable(self.enable_ssl),
            "Tags": {"Tag": tags},
        });
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }
}
