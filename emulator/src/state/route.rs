//! VPN routes: destination-based (`dbr`) and policy-based (`pbr`).

use serde_json::{Map, Value, json};

/// Which kind of route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteKind {
    /// Destination-based.
    Dbr,
    /// Policy-based (has a source CIDR block).
    Pbr,
}

/// A route of a VPN gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteEntry {
    /// `dbr` or `pbr`.
    pub kind: RouteKind,
    /// The VPN gateway (`VpnInstanceId`).
    pub vpn_gateway_id: String,
    /// Destination CIDR block.
    pub route_dest: String,
    /// Source CIDR block (policy-based only).
    pub route_source: Option<String>,
    /// Next hop: an IPsec-VPN connection id.
    pub next_hop: String,
    /// 0 or 100.
    pub weight: i64,
    /// `Ipsec`.
    pub overlay_mode: String,
    /// Published to the VPC (`published`) or not (`normal`).
    pub published: bool,
    /// Creation time, epoch ms.
    pub create_ms: i64,
}

impl RouteEntry {
    /// `published` or `normal`.
    pub fn state(&self) -> &'static str {
        if self.published {
            "published"
        } else {
            "normal"
        }
    }

    /// The list item (`VpnRouteEntry` / `VpnPbrRouteEntry`).
    pub fn to_json(&self) -> Map<String, Value> {
        let mut m = match json!({
            "CreateTime": self.create_ms,
            "NextHop": self.next_hop,
            "RouteDest": self.route_dest,
            "State": self.state(),
            "VpnInstanceId": self.vpn_gateway_id,
            "Weight": self.weight,
        }) {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        if let Some(src) = &self.route_source {
            m.insert("RouteSource".into(), json!(src));
        }
        m
    }
}
