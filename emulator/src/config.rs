//! Run-time settings: credentials, lifecycle timing, limits and switches. Set through
//! [`crate::Builder`]; some can be changed on a running emulator.

use std::time::Duration;

use crate::auth::Credentials;
use crate::connections::ConnectionLimits;
use crate::journal::JournalLimits;
use crate::quirks::Quirks;

/// The AccessKey ID trusted when none is configured.
pub const DEFAULT_ACCESS_KEY_ID: &str = "testid";
/// The AccessKey secret trusted when none is configured.
pub const DEFAULT_ACCESS_KEY_SECRET: &str = "testsecret";
/// How long a new VPN gateway stays `init` (and a new IPsec connection
/// `ike_sa_not_established`) by default.
pub const DEFAULT_ACTIVATION_DELAY: Duration = Duration::from_millis(200);
/// How long a VPN gateway diagnosis takes by default.
pub const DEFAULT_DIAGNOSIS_DELAY: Duration = Duration::from_millis(500);
/// Largest accepted distance between a request's timestamp and the emulator's clock.
pub const DEFAULT_MAX_CLOCK_SKEW: Duration = Duration::from_secs(15 * 60);

/// Resource quotas; exceeding one answers `Resource.QuotaFull`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotas {
    /// VPN gateways per region (default 50).
    pub vpn_gateways_per_region: usize,
    /// Customer gateways per region (default 100).
    pub customer_gateways_per_region: usize,
    /// IPsec-VPN connections per VPN gateway (default 10).
    pub vpn_connections_per_gateway: usize,
    /// Routes (destination- and policy-based together) per VPN gateway (default 50).
    pub routes_per_gateway: usize,
    /// SSL-VPN servers per VPN gateway (default 1, as the service allows).
    pub ssl_servers_per_gateway: usize,
    /// Client certificates per SSL-VPN server (default 50).
    pub client_certs_per_server: usize,
    /// VPN attachments (IPsec-VPN connections without a VPN gateway) per region
    /// (default 50).
    pub vpn_attachments_per_region: usize,
    /// Destination-based routes per VPN attachment (default 50).
    pub vco_routes_per_attachment: usize,
}

impl Default for Quotas {
    fn default() -> Self {
        Self {
            vpn_gateways_per_region: 50,
            customer_gateways_per_region: 100,
            vpn_connections_per_gateway: 10,
            routes_per_gateway: 50,
            ssl_servers_per_gateway: 1,
            client_certs_per_server: 50,
            vpn_attachments_per_region: 50,
            vco_routes_per_attachment: 50,
        }
    }
}

/// Everything configurable.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The trusted key pair.
    pub credentials: Credentials,
    /// Verify signatures (on by default).
    pub verify_signatures: bool,
    /// `init` -> `active` delay.
    pub activation_delay: Duration,
    /// Allowed timestamp skew.
    pub max_clock_skew: Duration,
    /// Answer variants.
    pub quirks: Quirks,
    /// Quotas.
    pub quotas: Quotas,
    /// Largest accepted request body, bytes.
    pub max_body_bytes: usize,
    /// How long STS credentials last, whatever `DurationSeconds` asked (`None`: what
    /// was asked).
    pub sts_credential_lifetime: Option<std::time::Duration>,
    /// How much the journal keeps.
    pub journal_limits: JournalLimits,
    /// How long a `ClientToken` is remembered.
    pub idempotency_window: Duration,
    /// Connection limits and timeouts (read when the server starts).
    pub connections: ConnectionLimits,
    /// Refuse parameters the operation does not declare (off by default: they are
    /// recorded in the journal and ignored).
    pub strict: bool,
    /// The certificate ids of the account's Certificate Management Service, which
    /// VPN gateways can be bound to (none by default; kept across resets).
    pub certificates: std::collections::BTreeSet<String>,
    /// How long a VPN gateway diagnosis takes to run its checks.
    pub diagnosis_delay: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            credentials: Credentials {
                access_key_id: DEFAULT_ACCESS_KEY_ID.into(),
                access_key_secret: DEFAULT_ACCESS_KEY_SECRET.into(),
            },
            verify_signatures: true,
            activation_delay: DEFAULT_ACTIVATION_DELAY,
            max_clock_skew: DEFAULT_MAX_CLOCK_SKEW,
            quirks: Quirks::default(),
            quotas: Quotas::default(),
            max_body_bytes: 1 << 20,
            sts_credential_lifetime: None,
            journal_limits: JournalLimits::default(),
            idempotency_window: crate::idempotency::DEFAULT_WINDOW,
            connections: ConnectionLimits::default(),
            strict: false,
            certificates: std::collections::BTreeSet::new(),
            diagnosis_delay: DEFAULT_DIAGNOSIS_DELAY,
        }
    }
}
