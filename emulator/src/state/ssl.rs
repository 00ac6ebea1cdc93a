//! SSL-VPN servers and client certificates.

use serde_json::{Map, Value, json};

/// One week, in milliseconds: a certificate expiring sooner is `expiring-soon`.
pub const EXPIRING_SOON_MS: i64 = 7 * 24 * 3600 * 1000;

/// An SSL-VPN server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SslVpnServer {
    /// `vss-...`.
    pub id: String,
    /// Region.
    pub region: String,
    /// The VPN gateway.
    pub vpn_gateway_id: String,
    /// Name.
    pub name: String,
    /// Client address pool (CIDR).
    pub client_ip_pool: String,
    /// Local CIDR blocks, comma-separated.
    pub local_subnet: String,
    /// `UDP` or `TCP`.
    pub proto: String,
    /// Port.
    pub port: i64,
    /// Cipher.
    pub cipher: String,
    /// Compression.
    pub compress: bool,
    /// Creation time, epoch ms.
    pub create_ms: i64,
}

impl SslVpnServer {
    /// The `SslVpnServer` fields; `internet_ip` and `max_connections` come from the
    /// gateway.
    pub fn to_json(&self, internet_ip: &str, max_connections: i64) -> Map<String, Value> {
        match json!({
            "Cipher": self.cipher,
            "ClientIpPool": self.client_ip_pool,
            "Compress": self.compress,
            "Connections": 0,
            "CreateTime": self.create_ms,
            "InternetIp": internet_ip,
            "LocalSubnet": self.local_subnet,
            "MaxConnections": max_connections,
            "Name": self.name,
            "Port": self.port,
            "Proto": self.proto,
            "RegionId": self.region,
            "SslVpnServerId": self.id,
            "VpnGatewayId": self.vpn_gateway_id,
        }) {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }
}

/// An SSL-VPN client certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SslVpnClientCert {
    /// `vsc-...`.
    pub id: String,
    /// Region.
    pub region: String,
    /// The SSL-VPN server.
    pub server_id: String,
    /// Name.
    pub name: String,
    /// Creation time, epoch ms.
    pub create_ms: i64,
    /// Expiry, epoch ms.
    pub end_ms: i64,
}

impl SslVpnClientCert {
    /// `expired`, `expiring-soon` (within a week) or `normal`.
    pub fn status(&self, now_ms: i64) -> &'static str {
        if now_ms >= self.end_ms {
            "expired"
        } else if self.end_ms - now_ms <= EXPIRING_SOON_MS {
            "expiring-soon"
        } else {
            "normal"
        }
    }

    /// The `SslVpnClientCertKey` fields.
    pub fn to_json(&self, now_ms: i64) -> Map<String, Value> {
        match json!({
            "CreateTime": self.create_ms,
            "EndTime": self.end_ms,
            "Name": self.name,
            "RegionId": self.region,
            "SslVpnClientCertId": self.id,
            "SslVpnServerId": self.server_id,
            "Status": self.status(now_ms),
        }) {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }
}
