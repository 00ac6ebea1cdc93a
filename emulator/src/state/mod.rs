//! The emulated resources, per region (keyed by `RegionId`). Plain data plus the JSON
//! each kind answers with; the rules live in `handlers`.

pub mod customer_gateway;
pub mod route;
pub mod ssl;
pub mod vpn_connection;
pub mod vpn_gateway;

use std::collections::BTreeMap;

pub use customer_gateway::CustomerGateway;
pub use route::{RouteEntry, RouteKind};
pub use ssl::{SslVpnClientCert, SslVpnServer};
pub use vpn_connection::VpnConnection;
pub use vpn_gateway::VpnGateway;

/// Every region's resources.
#[derive(Debug, Default, Clone)]
pub struct Store {
    regions: BTreeMap<String, Region>,
}

impl Store {
    /// The region's resources (empty when the region was never used).
    pub fn region(&self, id: &str) -> Option<&Region> {
        self.regions.get(id)
    }

    /// The region's resources, created on first use.
    pub fn region_mut(&mut self, id: &str) -> &mut Region {
        self.regions.entry(id.to_string()).or_default()
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.regions.clear();
    }
}

/// One region's resources, each list in creation order.
#[derive(Debug, Default, Clone)]
pub struct Region {
    /// VPN gateways.
    pub vpn_gateways: Vec<VpnGateway>,
    /// Customer gateways.
    pub customer_gateways: Vec<CustomerGateway>,
    /// IPsec-VPN connections.
    pub vpn_connections: Vec<VpnConnection>,
    /// Destination- and policy-based routes.
    pub routes: Vec<RouteEntry>,
    /// SSL-VPN servers.
    pub ssl_servers: Vec<SslVpnServer>,
    /// SSL-VPN client certificates.
    pub client_certs: Vec<SslVpnClientCert>,
}

impl Region {
    /// The VPN gateway with this id.
    pub fn vpn_gateway(&self, id: &str) -> Option<&VpnGateway> {
        self.vpn_gateways.iter().find(|g| g.id == id)
    }

    /// The customer gateway with this id.
    pub fn customer_gateway(&self, id: &str) -> Option<&CustomerGateway> {
        self.customer_gateways.iter().find(|g| g.id == id)
    }

    /// The IPsec-VPN connection with this id.
    pub fn vpn_connection(&self, id: &str) -> Option<&VpnConnection> {
        self.vpn_connections.iter().find(|c| c.id == id)
    }

    /// The SSL-VPN server with this id.
    pub fn ssl_server(&self, id: &str) -> Option<&SslVpnServer> {
        self.ssl_servers.iter().find(|s| s.id == id)
    }

    /// The client certificate with this id.
    pub fn client_cert(&self, id: &str) -> Option<&SslVpnClientCert> {
        self.client_certs.iter().find(|c| c.id == id)
    }
}
