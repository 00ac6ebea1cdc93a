//! End-to-end test support: the SDK (`alibabacloud_vpn`) talking real HTTP to an
//! in-process emulator (`vpn_emulator`) on loopback. No mocks.
//!
//! A test usually starts with [`TestEnv::start`], which starts an emulator (no activation
//! delay, fixed seed) and a client signed and sent the way a [`Wire`] says (signature V1
//! or V3, GET or POST), with fast retries ([`fast_retry`]):
//!
//! ```no_run
//! # async fn demo() {
//! use e2e::{TestEnv, Wire};
//!
//! let env = TestEnv::start(Wire::V3_POST).await;
//! let out = env.client.describe_vpn_gateways().send().await.unwrap();
//! assert_eq!(out.total_count, Some(0));
//! assert_eq!(env.journal().len(), 1);
//! # }
//! ```
//!
//! Service errors are checked with [`assert_service_error!`], which matches the typed
//! variant and checks the code, HTTP status and request id together.

use std::fmt;
use std::time::Duration;

use alibabacloud_vpn::config::{HttpMethod, SignatureVersion};
use alibabacloud_vpn::error::ProvideServiceError;
use alibabacloud_vpn::retry::RetryConfig;
use alibabacloud_vpn::types::{IkeConfig, IkeVersion};
use alibabacloud_vpn::{Client, ClientBuilder, Credentials};
use vpn_emulator::{Emulator, JournalEntry, Quotas, VpnGatewaySeed};

pub use alibabacloud_vpn;
pub use vpn_emulator;

pub mod quickstart;

/// The region every test works in (and the client's configured region).
pub const REGION: &str = "cn-hangzhou";

/// The emulator seed the helpers use: ids, request ids and fault draws are reproducible.
pub const SEED: u64 = 7;

/// How a client signs and sends its requests: one of the four combinations of signature
/// version and HTTP method. Tests rotate through [`Wire::ALL`] so that every
/// combination is exercised across the suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wire {
    /// V1 (HMAC-SHA1 `Signature` parameter) or V3 (`ACS3-HMAC-SHA256` header).
    pub signature: SignatureVersion,
    /// Parameters in the query (GET) or in a form body (POST).
    pub method: HttpMethod,
}

impl Wire {
    /// Signature V1, parameters in the query.
    pub const V1_GET: Wire = Wire::new(SignatureVersion::V1, HttpMethod::Get);
    /// Signature V1, parameters in a form body.
    pub const V1_POST: Wire = Wire::new(SignatureVersion::V1, HttpMethod::Post);
    /// Signature V3, parameters in the query.
    pub const V3_GET: Wire = Wire::new(SignatureVersion::V3, HttpMethod::Get);
    /// Signature V3, parameters in a form body.
    pub const V3_POST: Wire = Wire::new(SignatureVersion::V3, HttpMethod::Post);
    /// The four combinations.
    pub const ALL: [Wire; 4] = [Wire::V1_GET, Wire::V1_POST, Wire::V3_GET, Wire::V3_POST];

    /// A combination.
    pub const fn new(signature: SignatureVersion, method: HttpMethod) -> Self {
        Self { signature, method }
    }

    /// The HTTP method as the emulator's journal records it (`GET` / `POST`).
    pub fn journal_method(&self) -> &'static str {
        match self.method {
            HttpMethod::Get => "GET",
            _ => "POST",
        }
    }

    /// The signature version as the emulator's journal records it.
    pub fn journal_signature(&self) -> vpn_emulator::SignatureVersion {
        match self.signature {
            SignatureVersion::V1 => vpn_emulator::SignatureVersion::V1,
            _ => vpn_emulator::SignatureVersion::V3,
        }
    }

    /// Asserts that `entry` arrived signed and sent this way.
    #[track_caller]
    pub fn assert_used_by(&self, entry: &JournalEntry) {
        assert_eq!(
            (entry.method.as_str(), entry.signature_version),
            (self.journal_method(), self.journal_signature()),
            "request #{} ({:?}) was not sent as {self}",
            entry.seq,
            entry.action
        );
    }
}

impl fmt::Display for Wire {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sig = match self.signature {
            SignatureVersion::V1 => "V1",
            _ => "V3",
        };
        write!(f, "{sig}/{}", self.journal_method())
    }
}

/// The default retry policy (3 attempts in all, the same retry rules) with waits cut to
/// a millisecond or two, so that retrying tests stay fast. The service's `TimeLeft`
/// hint is capped by the maximum delay too.
pub fn fast_retry() -> RetryConfig {
    RetryConfig::default()
        .with_base_delay(Duration::from_millis(1))
        .with_throttle_base_delay(Duration::from_millis(1))
        .with_max_delay(Duration::from_millis(5))
}

/// An emulator builder with the test defaults: no activation delay (gateways are
/// `active` at once), the fixed [`SEED`], and strict about parameters (a parameter the
/// operation does not declare is refused, so no test passes while the SDK sends one the
/// service would drop). Adjust it, then [`TestEnv::with`].
pub fn emulator_builder() -> vpn_emulator::Builder {
    Emulator::builder()
        .activation_delay(Duration::ZERO)
        .seed(SEED)
        .strict(true)
}

/// Quotas large enough for the bulk tests (200 customer gateways, 60 VPN gateways).
pub fn roomy_quotas() -> Quotas {
    Quotas {
        vpn_gateways_per_region: 500,
        customer_gateways_per_region: 500,
        ..Quotas::default()
    }
}

/// A client builder for `emu`: its endpoint and trusted key pair, [`REGION`], the
/// wire's signature version and method, and [`fast_retry`]. Adjust it, then `build()`.
pub fn client_builder(emu: &Emulator, wire: Wire) -> ClientBuilder {
    Client::builder()
        .endpoint(emu.endpoint())
        .region_id(REGION)
        .credentials(Credentials::new(
            emu.access_key_id(),
            emu.access_key_secret(),
        ))
        .signature_version(wire.signature)
        .http_method(wire.method)
        .retry(fast_retry())
}

/// A running emulator and a client pointed at it.
#[derive(Debug)]
pub struct TestEnv {
    /// The emulator (journal, faults, seeding, quirks).
    pub emu: Emulator,
    /// A client sending the [`Wire`](TestEnv::wire) way.
    pub client: Client,
    /// How `client` signs and sends.
    pub wire: Wire,
}

impl TestEnv {
    /// An emulator from [`emulator_builder`] and a client from [`client_builder`].
    pub async fn start(wire: Wire) -> TestEnv {
        Self::with(emulator_builder(), wire).await
    }

    /// An emulator from `builder` and a client from [`client_builder`].
    pub async fn with(builder: vpn_emulator::Builder, wire: Wire) -> TestEnv {
        let emu = builder.start().await.expect("the emulator starts");
        let client = client_builder(&emu, wire)
            .build()
            .expect("the client builds");
        TestEnv { emu, client, wire }
    }

    /// Another client on the same emulator, sending the `wire` way.
    pub fn client_for(&self, wire: Wire) -> Client {
        client_builder(&self.emu, wire)
            .build()
            .expect("the client builds")
    }

    /// Every request the emulator received, oldest first.
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.emu.journal()
    }

    /// The requests for `action`, oldest first.
    pub fn journal_for(&self, action: &str) -> Vec<JournalEntry> {
        self.emu
            .journal()
            .into_iter()
            .filter(|e| e.action.as_deref() == Some(action))
            .collect()
    }

    /// Asserts that every request so far was sent the [`wire`](Self::wire) way.
    #[track_caller]
    pub fn assert_all_sent_as_wire(&self) {
        let journal = self.journal();
        assert!(!journal.is_empty(), "no request reached the emulator");
        for entry in &journal {
            self.wire.assert_used_by(entry);
        }
    }

    /// Seeds an `active` VPN gateway (IPsec on, SSL off) and returns its id.
    pub fn seed_gateway(&self) -> String {
        self.emu.seed_vpn_gateway(VpnGatewaySeed::active(REGION))
    }

    /// Seeds an `active` VPN gateway with SSL-VPN enabled and returns its id.
    pub fn seed_ssl_gateway(&self) -> String {
        self.emu
            .seed_vpn_gateway(VpnGatewaySeed::active(REGION).with_ssl())
    }

    /// Seeds a customer gateway with this public IP and returns its id.
    pub fn seed_customer_gateway(&self, ip: &str) -> String {
        self.emu.seed_customer_gateway(REGION, ip)
    }

    /// Fixes a gateway's status (`updating`, `deleting`, ...); `None` un-fixes it.
    #[track_caller]
    pub fn set_gateway_status(&self, gateway: &str, status: Option<&str>) {
        assert!(
            self.emu.set_vpn_gateway_status(REGION, gateway, status),
            "no gateway {gateway}"
        );
    }

    /// Creates, through the SDK, an IPsec connection between a VPN gateway and a customer
    /// gateway (local 10.0.0.0/24, remote 192.168.0.0/24, IKEv2 with a known key) and
    /// returns its id.
    pub async fn create_connection(&self, gateway: &str, customer_gateway: &str) -> String {
        self.client
            .create_vpn_connection()
            .vpn_gateway_id(gateway)
            .customer_gateway_id(customer_gateway)
            .local_subnet("10.0.0.0/24")
            .remote_subnet("192.168.0.0/24")
            .ike_config(
                IkeConfig::builder()
                    .ike_version(IkeVersion::Ikev2)
                    .psk("fixture-psk-0123")
                    .build(),
            )
            .send()
            .await
            .expect("the fixture connection is created")
            .vpn_connection_id
            .expect("a connection id")
    }

    /// A seeded active gateway, a seeded customer gateway (`203.0.113.9`) and an IPsec
    /// connection between them created through the SDK: `(gateway, connection)`.
    pub async fn gateway_with_connection(&self) -> (String, String) {
        let gateway = self.seed_gateway();
        let customer_gateway = self.seed_customer_gateway("203.0.113.9");
        let connection = self.create_connection(&gateway, &customer_gateway).await;
        (gateway, connection)
    }

    /// A seeded SSL-enabled gateway and an SSL-VPN server on it created through the SDK
    /// (pool 192.168.100.0/24, local subnet 10.0.0.0/8): `(gateway, server)`.
    pub async fn gateway_with_ssl_server(&self) -> (String, String) {
        let gateway = self.seed_ssl_gateway();
        let server = self
            .client
            .create_ssl_vpn_server()
            .vpn_gateway_id(&gateway)
            .client_ip_pool("192.168.100.0/24")
            .local_subnet("10.0.0.0/8")
            .send()
            .await
            .expect("the fixture SSL-VPN server is created")
            .ssl_vpn_server_id
            .expect("a server id");
        (gateway, server)
    }

    /// Creates, through the SDK, a client certificate on `server` and returns its id.
    pub async fn create_client_cert(&self, server: &str, name: &str) -> String {
        self.client
            .create_ssl_vpn_client_cert()
            .ssl_vpn_server_id(server)
            .name(name)
            .send()
            .await
            .expect("the fixture client certificate is created")
            .ssl_vpn_client_cert_id
            .expect("a certificate id")
    }
}

/// Asserts that `id` is a resource id as the service shapes them: `prefix` followed by
/// 20 lowercase alphanumerics. Returns it.
#[track_caller]
pub fn assert_resource_id(id: Option<&str>, prefix: &str) -> String {
    let id = id.unwrap_or_else(|| panic!("expected a `{prefix}...` id, got none"));
    let rest = id
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("`{id}` does not start with `{prefix}`"));
    assert!(
        rest.len() == 20
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
        "`{id}` is not `{prefix}` + 20 lowercase alphanumerics"
    );
    id.to_string()
}

/// Asserts that `id` looks like a request id: an upper-case UUID.
#[track_caller]
pub fn assert_request_id(id: Option<&str>) {
    let id = id.unwrap_or_else(|| panic!("expected a request id, got none"));
    let parsed = uuid::Uuid::parse_str(id);
    assert!(
        parsed.is_ok() && id == id.to_ascii_uppercase(),
        "`{id}` is not an upper-case UUID"
    );
}

/// Asserts the metadata of a service error: its code, its HTTP status, a request id and
/// a message. Used by [`assert_service_error!`].
#[track_caller]
pub fn assert_service_error_meta(error: &impl ProvideServiceError, code: &str, status: u16) {
    let e = error.service_error();
    assert_eq!(
        (e.code(), e.http_status()),
        (code, status),
        "unexpected error: {e}"
    );
    assert_request_id(e.request_id());
    assert!(!e.message().is_empty(), "no message in {e:?}");
}

/// Asserts that a result is the service error `Variant` with `code` and HTTP `status`
/// (plus a request id and a message), and evaluates to the `SdkError`.
///
/// ```ignore
/// let err = assert_service_error!(
///     client.describe_vpn_gateway().vpn_gateway_id("vpn-nope").send().await,
///     DescribeVpnGatewayError::InvalidVpnGatewayInstanceIdNotFound,
///     "InvalidVpnGatewayInstanceId.NotFound",
///     404
/// );
/// ```
#[macro_export]
macro_rules! assert_service_error {
    ($result:expr, $variant:path, $code:expr, $status:expr $(,)?) => {{
        match $result {
            ::std::result::Result::Ok(output) => {
                panic!("expected the service error {}, got {output:?}", $code)
            }
            ::std::result::Result::Err(err) => {
                match &err {
                    $crate::alibabacloud_vpn::SdkError::Service($variant(_)) => {}
                    other => panic!(
                        "expected {} ({}), got {other:?}",
                        stringify!($variant),
                        $code
                    ),
                }
                let service = err.as_service_error().expect("a service error");
                $crate::assert_service_error_meta(service, $code, $status);
                err
            }
        }
    }};
}

/// The README's Rust examples, compiled as doctests so that they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
mod readme_examples {}
