//! Sets up a dual-tunnel IPsec-VPN connection with BGP on both tunnels, then waits until
//! both tunnels are up and both BGP sessions established.
//!
//! ```text
//! cargo run -p e2e --example dual_tunnel_bgp
//! ```
//!
//! A dual-tunnel connection needs a VPN gateway created with two vSwitches of the VPC in
//! two zones (`VSwitchId` and `DisasterRecoveryVSwitchId`): the gateway then has a public
//! address in each zone, and each tunnel ends on one of them. Each tunnel names its own
//! customer gateway (two routers on premises, or one router with two addresses), and
//! BGP needs the customer gateways' autonomous system numbers. One tunnel is the
//! `master`, the other the `slave` (standby). The two tunnels' BGP sessions run in two
//! different /30 blocks of 169.254.0.0/16; the gateway takes the first host of each
//! block and the peer the second.
//!
//! This demo runs against an embedded emulator (no account needed); the same calls work
//! against the service with real vSwitch ids.

use std::net::Ipv4Addr;
use std::time::{Duration, Instant};

use alibabacloud_vpn::operation::describe_vpn_connection::DescribeVpnConnectionOutput;
use alibabacloud_vpn::types::{
    IkeConfig, IkeVersion, IpsecConfig, TunnelBgpConfig, TunnelOptions, TunnelOptionsSpecification,
    TunnelRole, VpnAuthenticationAlgorithm, VpnConnectionStatus, VpnEncryptionAlgorithm,
    VpnPfsGroup,
};
use alibabacloud_vpn::{Client, Credentials};
use vpn_emulator::Emulator;

/// One end on premises: the router's public address and its autonomous system number.
#[derive(Debug, Clone)]
pub struct Peer {
    /// The router's public IP address (the customer gateway).
    pub ip_address: String,
    /// Its autonomous system number.
    pub asn: u32,
}

/// What to build.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The VPC of the gateway.
    pub vpc_id: String,
    /// Two vSwitches of the VPC, in two zones: the first tunnel ends in the first one's
    /// zone, the second in the other's.
    pub vswitch_ids: [String; 2],
    /// The routers at the other end of the first and the second tunnel.
    pub peers: [Peer; 2],
    /// The gateway side's autonomous system number.
    pub local_asn: u32,
    /// The /30 block of each tunnel's BGP session, e.g. `169.254.10.0/30`.
    pub tunnel_cidrs: [String; 2],
    /// The VPC side's CIDR blocks.
    pub local_subnet: String,
    /// The on-premises CIDR blocks.
    pub remote_subnet: String,
    /// The pre-shared key of both tunnels (the routers must use the same).
    pub psk: String,
}

/// How long to wait, and how often to look.
#[derive(Debug, Clone, Copy)]
pub struct Patience {
    /// The first delay between two looks; it doubles up to `max_delay`.
    pub min_delay: Duration,
    /// The longest delay between two looks.
    pub max_delay: Duration,
    /// When to give up.
    pub deadline: Duration,
}

/// What was built.
#[derive(Debug, Clone)]
pub struct DualTunnel {
    /// The VPN gateway (two vSwitches).
    pub gateway_id: String,
    /// The customer gateways of the first and the second tunnel.
    pub customer_gateway_ids: [String; 2],
    /// The connection.
    pub connection_id: String,
    /// The tunnels as last described, first tunnel first.
    pub tunnels: Vec<TunnelOptions>,
}

/// Why the setup did not complete.
#[derive(Debug)]
pub enum SetupError {
    /// A call failed.
    Sdk(Box<alibabacloud_vpn::Error>),
    /// The gateway did not become active.
    GatewayNotActive(String),
    /// An answer lacked an id it must carry.
    Missing(&'static str),
    /// The plan cannot be built (a tunnel block that is not an IPv4 block).
    InvalidPlan(String),
    /// The tunnels or their BGP sessions were not up by the deadline; the last view.
    NotUp(Vec<TunnelOptions>),
}

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SetupError::Sdk(e) => write!(f, "{e}"),
            SetupError::GatewayNotActive(why) => write!(f, "the gateway is not active: {why}"),
            SetupError::Missing(what) => write!(f, "the answer has no {what}"),
            SetupError::InvalidPlan(why) => write!(f, "invalid plan: {why}"),
            SetupError::NotUp(tunnels) => {
                write!(f, "not up after the deadline:")?;
                for t in tunnels {
                    write!(
                        f,
                        " tunnel {} {} (BGP {})",
                        shown(t.tunnel_index),
                        shown(t.status.as_ref().map(VpnConnectionStatus::as_str)),
                        shown(bgp_status(t))
                    )?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for SetupError {}

impl<E: alibabacloud_vpn::error::ProvideServiceError> From<alibabacloud_vpn::SdkError<E>>
    for SetupError
{
    fn from(e: alibabacloud_vpn::SdkError<E>) -> Self {
        SetupError::Sdk(Box::new(e.into_generic()))
    }
}

/// A tunnel's BGP session state, as the service words it (`success` when established).
pub fn bgp_status(tunnel: &TunnelOptions) -> Option<&str> {
    tunnel.tunnel_bgp_config.as_ref()?.bgp_status.as_deref()
}

/// Whether a tunnel is up with its BGP session established.
pub fn is_up(tunnel: &TunnelOptions) -> bool {
    tunnel.status == Some(VpnConnectionStatus::IpsecSaEstablished)
        && bgp_status(tunnel) == Some("success")
}

/// The first host of a /30 block (`169.254.10.0/30` -> `169.254.10.1`): the gateway
/// side's BGP address.
fn first_host(cidr: &str) -> Result<String, SetupError> {
    let network: Ipv4Addr = cidr
        .split_once('/')
        .and_then(|(network, _)| network.parse().ok())
        .ok_or_else(|| SetupError::InvalidPlan(format!("`{cidr}` is not an IPv4 block")))?;
    Ok(Ipv4Addr::from(u32::from(network) + 1).to_string())
}

/// The settings of tunnel `index` (0 or 1) of `plan`, to `customer_gateway_id`.
fn tunnel(
    plan: &Plan,
    index: usize,
    customer_gateway_id: &str,
) -> Result<TunnelOptionsSpecification, SetupError> {
    let cidr = &plan.tunnel_cidrs[index];
    let local_bgp_ip = first_host(cidr)?;
    let role = if index == 0 {
        TunnelRole::Master
    } else {
        TunnelRole::Slave
    };
    Ok(TunnelOptionsSpecification::builder()
        .customer_gateway_id(customer_gateway_id)
        .role(role)
        .tunnel_ike_config(
            IkeConfig::builder()
                .ike_version(IkeVersion::Ikev2)
                .ike_enc_alg(VpnEncryptionAlgorithm::Aes256)
                .ike_auth_alg(VpnAuthenticationAlgorithm::Sha256)
                .ike_pfs(VpnPfsGroup::Group14)
                .psk(plan.psk.clone())
                .build(),
        )
        .tunnel_ipsec_config(
            IpsecConfig::builder()
                .ipsec_enc_alg(VpnEncryptionAlgorithm::Aes256)
                .ipsec_auth_alg(VpnAuthenticationAlgorithm::Sha256)
                .ipsec_pfs(VpnPfsGroup::Group14)
                .build(),
        )
        .tunnel_bgp_config(
            TunnelBgpConfig::builder()
                .local_asn(i64::from(plan.local_asn))
                .tunnel_cidr(cidr.clone())
                .local_bgp_ip(local_bgp_ip)
                .build(),
        )
        .build())
}

/// Builds `plan`: the gateway (waiting until it is active), the two customer gateways
/// with their ASNs, and the connection with BGP on both tunnels; then waits until both
/// tunnels and BGP sessions are up.
pub async fn set_up(
    client: &Client,
    plan: &Plan,
    patience: Patience,
) -> Result<DualTunnel, SetupError> {
    let gateway = client
        .create_vpn_gateway()
        .vpc_id(&plan.vpc_id)
        .bandwidth(10)
        .vswitch_id(&plan.vswitch_ids[0])
        .disaster_recovery_vswitch_id(&plan.vswitch_ids[1])
        .name("dual-tunnel-gateway")
        .send()
        .await?
        .vpn_gateway_id
        .ok_or(SetupError::Missing("VpnGatewayId"))?;
    client
        .wait_until_vpn_gateway_active(&gateway)
        .min_delay(patience.min_delay)
        .max_delay(patience.max_delay)
        .max_wait(patience.deadline)
        .await
        .map_err(|e| SetupError::GatewayNotActive(e.to_string()))?;

    let mut customer_gateways = Vec::with_capacity(2);
    for peer in &plan.peers {
        let id = client
            .create_customer_gateway()
            .ip_address(&peer.ip_address)
            .asn(peer.asn.to_string())
            .send()
            .await?
            .customer_gateway_id
            .ok_or(SetupError::Missing("CustomerGatewayId"))?;
        customer_gateways.push(id);
    }
    let [first, second]: [String; 2] = customer_gateways
        .try_into()
        .map_err(|_| SetupError::Missing("CustomerGatewayId"))?;

    let connection = client
        .create_vpn_connection()
        .vpn_gateway_id(&gateway)
        .name("dual-tunnel-bgp")
        .local_subnet(&plan.local_subnet)
        .remote_subnet(&plan.remote_subnet)
        .enable_tunnels_bgp(true)
        .tunnel_options_specification(tunnel(plan, 0, &first)?)
        .tunnel_options_specification(tunnel(plan, 1, &second)?)
        .send()
        .await?
        .vpn_connection_id
        .ok_or(SetupError::Missing("VpnConnectionId"))?;

    let described = wait_until_up(client, &connection, patience).await?;
    let mut tunnels = described.tunnel_options_specification;
    tunnels.sort_by_key(|t| t.tunnel_index);
    Ok(DualTunnel {
        gateway_id: gateway,
        customer_gateway_ids: [first, second],
        connection_id: connection,
        tunnels,
    })
}

/// Polls `DescribeVpnConnection`, with a growing delay, until every tunnel of
/// `connection_id` is up with its BGP session established, or the deadline passes.
pub async fn wait_until_up(
    client: &Client,
    connection_id: &str,
    patience: Patience,
) -> Result<DescribeVpnConnectionOutput, SetupError> {
    let started = Instant::now();
    let mut delay = patience.min_delay;
    loop {
        let now = client
            .describe_vpn_connection()
            .vpn_connection_id(connection_id)
            .send()
            .await?;
        let tunnels = &now.tunnel_options_specification;
        if !tunnels.is_empty() && tunnels.iter().all(is_up) {
            return Ok(now);
        }
        if started.elapsed() + delay > patience.deadline {
            return Err(SetupError::NotUp(now.tunnel_options_specification));
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(patience.max_delay);
    }
}

/// A value for display, `-` when the answer has none.
fn shown<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_string(), |v| v.to_string())
}

/// The demo's plan: documentation addresses (RFC 5737) and private ASNs.
pub fn demo_plan() -> Plan {
    Plan {
        vpc_id: "vpc-demo".into(),
        vswitch_ids: ["vsw-zone-a".into(), "vsw-zone-b".into()],
        peers: [
            Peer {
                ip_address: "203.0.113.21".into(),
                asn: 65001,
            },
            Peer {
                ip_address: "203.0.113.22".into(),
                asn: 65002,
            },
        ],
        local_asn: 65000,
        tunnel_cidrs: ["169.254.10.0/30".into(), "169.254.20.0/30".into()],
        local_subnet: "172.16.0.0/16".into(),
        remote_subnet: "10.10.0.0/16".into(),
        psk: std::env::var("DUAL_TUNNEL_PSK")
            .unwrap_or_else(|_| format!("psk-{}", uuid::Uuid::new_v4().simple())),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The emulator takes 200 ms to bring a gateway or a tunnel up, as a stand-in for
    // the service's minutes.
    let emulator = Emulator::builder()
        .activation_delay(Duration::from_millis(200))
        .start()
        .await?;
    let client = Client::builder()
        .endpoint(emulator.endpoint())
        .region_id("cn-hangzhou")
        .credentials(Credentials::new(
            emulator.access_key_id(),
            emulator.access_key_secret(),
        ))
        .build()?;
    let patience = Patience {
        min_delay: Duration::from_millis(100),
        max_delay: Duration::from_secs(1),
        deadline: Duration::from_secs(30),
    };
    let built = set_up(&client, &demo_plan(), patience).await?;
    println!(
        "{}: dual-tunnel connection on {} is up",
        built.connection_id, built.gateway_id
    );
    for t in &built.tunnels {
        println!(
            "  tunnel {} ({}): {} <-> {}, {}",
            shown(t.tunnel_index),
            shown(t.role.as_ref().map(TunnelRole::as_str)),
            shown(t.internet_ip.as_deref()),
            shown(t.customer_gateway_id.as_deref()),
            shown(t.status.as_ref().map(VpnConnectionStatus::as_str)),
        );
        if let Some(bgp) = &t.tunnel_bgp_config {
            println!(
                "    BGP: AS {} at {} <-> AS {} at {}: {}",
                shown(bgp.local_asn),
                shown(bgp.local_bgp_ip.as_deref()),
                shown(bgp.peer_asn),
                shown(bgp.peer_bgp_ip.as_deref()),
                shown(bgp.bgp_status.as_deref()),
            );
        }
    }
    emulator.shutdown().await;
    Ok(())
}
