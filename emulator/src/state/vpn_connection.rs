//! IPsec-VPN connections.

use serde_json::{Map, Value, json};

/// An IPsec-VPN connection.
#[derive(Debug, Clone, PartialEq)]
pub struct VpnConnection {
    /// `vco-...`.
    pub id: String,
    /// The VPN gateway.
    pub vpn_gateway_id: String,
    /// The customer gateway.
    pub customer_gateway_id: String,
    /// Name.
    pub name: String,
    /// Description (no request parameter sets it; answered as given).
    pub description: String,
    /// VPC-side CIDR blocks, comma-separated.
    pub local_subnet: String,
    /// On-premises CIDR blocks, comma-separated.
    pub remote_subnet: String,
    /// Creation time, epoch ms.
    pub create_ms: i64,
    /// Negotiate immediately.
    pub effect_immediately: bool,
    /// Publish routes automatically.
    pub auto_config_route: bool,
    /// Phase 1 settings, defaults filled, including `Psk`.
    pub ike: Map<String, Value>,
    /// Phase 2 settings, defaults filled.
    pub ipsec: Map<String, Value>,
    /// Health check, as configured (`None`: never configured).
    pub health: Option<Map<String, Value>>,
}

impl VpnConnection {
    /// Negotiation status: `ike_sa_not_established` until the activation delay has passed
    /// since creation, then `ipsec_sa_established`.
    pub fn status(&self, now_ms: i64, activation_delay_ms: i64) -> &'static str {
        if now_ms.saturating_sub(self.create_ms) >= activation_delay_ms {
            "ipsec_sa_established"
        } else {
            "ike_sa_not_established"
        }
    }

    /// The health check object answered as `VcoHealthCheck`.
    pub fn health_json(&self) -> Value {
        match &self.health {
            Some(h) => Value::Object(h.clone()),
            None => json!({"Enable": "false"}),
        }
    }

    /// The `VpnConnection` fields (DescribeVpnConnections item, DescribeVpnConnection).
    pub fn to_json(&self, now_ms: i64, activation_delay_ms: i64) -> Map<String, Value> {
        match json!({
            "VpnConnectionId": self.id,
            "CustomerGatewayId": self.customer_gateway_id,
            "VpnGatewayId": self.vpn_gateway_id,
            "Name": self.name,
            "LocalSubnet": self.local_subnet,
            "RemoteSubnet": self.remote_subnet,
            "CreateTime": self.create_ms,
            "Status": self.status(now_ms, activation_delay_ms),
            "EffectImmediately": self.effect_immediately,
            "IkeConfig": self.ike,
            "IpsecConfig": self.ipsec,
            "VcoHealthCheck": self.health_json(),
        }) {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }
}
