//! Rotates an IPsec-VPN connection's pre-shared key and waits until its tunnel is up
//! again.
//!
//! ```text
//! cargo run -p e2e --example rotate_psk
//! ```
//!
//! The connection's current IKE settings are read first and sent back whole with the new
//! key, so that nothing else about phase 1 changes. The key comes from `ROTATE_PSK`, or is
//! generated; it is never printed (the SDK redacts it from `Debug`, errors and logs too).
//! Then `DescribeVpnConnection` is polled, with a growing delay, until the connection is
//! `ipsec_sa_established` again or the deadline passes. Remember to give the customer
//! gateway (the on-premises device) the same key: until then the tunnel stays down.
//!
//! This demo runs against an embedded emulator with a gateway, a customer gateway and a
//! connection it creates first.

use std::time::{Duration, Instant};

use alibabacloud_vpn::types::{IkeConfig, IkeVersion, VpnConnectionStatus};
use alibabacloud_vpn::{Client, Credentials};
use vpn_emulator::{Emulator, VpnGatewaySeed};

/// How long to wait for the tunnel, and how often to look. Against the service,
/// renegotiation takes seconds to a minute or two: start at 2 s, cap at 15 s, give up
/// after 5 minutes.
#[derive(Debug, Clone, Copy)]
pub struct Patience {
    /// The first delay between two looks; it doubles up to `max_delay`.
    pub min_delay: Duration,
    /// The longest delay between two looks.
    pub max_delay: Duration,
    /// When to give up.
    pub deadline: Duration,
}

/// Why a rotation did not complete.
#[derive(Debug)]
pub enum RotationError {
    /// A call failed.
    Sdk(alibabacloud_vpn::Error),
    /// The tunnel was not up again within the deadline; its last status.
    NotUp(Option<VpnConnectionStatus>),
}

impl std::fmt::Display for RotationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RotationError::Sdk(e) => write!(f, "{e}"),
            RotationError::NotUp(status) => write!(
                f,
                "the tunnel is not up after the deadline (last status: {})",
                status.as_ref().map_or("unknown", |s| s.as_str())
            ),
        }
    }
}

impl std::error::Error for RotationError {}

impl<E: alibabacloud_vpn::error::ProvideServiceError> From<alibabacloud_vpn::SdkError<E>>
    for RotationError
{
    fn from(e: alibabacloud_vpn::SdkError<E>) -> Self {
        RotationError::Sdk(e.into_generic())
    }
}

/// Gives `connection_id` the pre-shared key `psk`, keeping its other IKE settings, then
/// waits until its IPsec SA is established again. Returns how many times it looked.
pub async fn rotate_psk(
    client: &Client,
    connection_id: &str,
    psk: &str,
    patience: Patience,
) -> Result<u32, RotationError> {
    let current = client
        .describe_vpn_connection()
        .vpn_connection_id(connection_id)
        .send()
        .await?;
    let mut ike: IkeConfig = current.ike_config.unwrap_or_default();
    ike.psk = Some(psk.to_string());
    client
        .modify_vpn_connection_attribute()
        .vpn_connection_id(connection_id)
        .ike_config(ike)
        .send()
        .await?;

    let started = Instant::now();
    let mut delay = patience.min_delay;
    let mut looks = 0;
    loop {
        looks += 1;
        let now = client
            .describe_vpn_connection()
            .vpn_connection_id(connection_id)
            .send()
            .await?;
        if now.status == Some(VpnConnectionStatus::IpsecSaEstablished) {
            return Ok(looks);
        }
        if started.elapsed() + delay > patience.deadline {
            return Err(RotationError::NotUp(now.status));
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(patience.max_delay);
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let psk = std::env::var("ROTATE_PSK")
        .unwrap_or_else(|_| format!("psk-{}", uuid::Uuid::new_v4().simple()));
    // The emulator negotiates a new connection for half a second, as a stand-in for the
    // service's renegotiation.
    let emulator = Emulator::builder()
        .activation_delay(Duration::from_millis(500))
        .start()
        .await?;
    let region = "cn-hangzhou";
    let client = Client::builder()
        .endpoint(emulator.endpoint())
        .region_id(region)
        .credentials(Credentials::new(
            emulator.access_key_id(),
            emulator.access_key_secret(),
        ))
        .build()?;
    let gateway = emulator.seed_vpn_gateway(VpnGatewaySeed::active(region));
    let office = emulator.seed_customer_gateway(region, "203.0.113.10");
    let created = client
        .create_vpn_connection()
        .vpn_gateway_id(&gateway)
        .customer_gateway_id(&office)
        .local_subnet("10.0.0.0/24")
        .remote_subnet("192.168.0.0/24")
        .ike_config(
            IkeConfig::builder()
                .ike_version(IkeVersion::Ikev2)
                .psk("the-old-key-0001")
                .build(),
        )
        .send()
        .await?;
    let connection = created
        .vpn_connection_id
        .ok_or("CreateVpnConnection answered no VpnConnectionId")?;

    println!("rotating the pre-shared key of {connection}...");
    let patience = Patience {
        min_delay: Duration::from_millis(100),
        max_delay: Duration::from_secs(1),
        deadline: Duration::from_secs(30),
    };
    let looks = rotate_psk(&client, &connection, &psk, patience).await?;
    println!("{connection}: new key in place, tunnel up again (looked {looks} time(s))");
    emulator.shutdown().await;
    Ok(())
}
