//! Customer gateways.

use serde_json::{Map, Value, json};

/// A customer gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerGateway {
    /// `cgw-...`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Public IP address (unique per region).
    pub ip_address: String,
    /// Creation time, epoch ms.
    pub create_ms: i64,
}

impl CustomerGateway {
    /// The `CustomerGateway` fields.
    pub fn to_json(&self) -> Map<String, Value> {
        match json!({
            "CustomerGatewayId": self.id,
            "Name": self.name,
            "Description": self.description,
            "IpAddress": self.ip_address,
            "CreateTime": self.create_ms,
        }) {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }
}
