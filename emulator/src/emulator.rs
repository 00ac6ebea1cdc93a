//! The library entry point: [`Builder`] configures, [`Emulator`] is the running handle.

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use vpn_spec::Spec;

use crate::auth::Credentials;
use crate::config::{Quotas, Settings};
use crate::faults::FaultRule;
use crate::journal::JournalEntry;
use crate::quirks::Quirks;
use crate::seed::{self, VpnGatewaySeed};
use crate::shared::Shared;

/// Why the emulator could not start.
#[derive(Debug)]
pub enum StartError {
    /// The embedded spec did not load (every problem, one per line).
    Spec(String),
    /// The address could not be bound.
    Bind(std::io::Error),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Spec(e) => write!(f, "the embedded API spec does not load:\n{e}"),
            StartError::Bind(e) => write!(f, "cannot bind: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

/// Configures an emulator. Defaults: bind `127.0.0.1:0` (a free loopback port), trust
/// `testid` / `testsecret`, verify signatures, 200 ms activation delay, 15-minute clock
/// skew, no quirks, default [`Quotas`], random ids, not strict, the embedded spec.
#[derive(Debug, Clone)]
pub struct Builder {
    bind: SocketAddr,
    settings: Settings,
    seed: Option<u64>,
    spec: Option<&'static Spec>,
}

impl Default for Builder {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            settings: Settings::default(),
            seed: None,
            spec: None,
        }
    }
}

impl Builder {
    /// The address to listen on (port 0 picks a free one).
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.bind = addr;
        self
    }

    /// The access key pair the emulator trusts.
    pub fn access_key(mut self, id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.settings.credentials = Credentials {
            access_key_id: id.into(),
            access_key_secret: secret.into(),
        };
        self
    }

    /// How long a new VPN gateway stays `init` (and a new connection
    /// `ike_sa_not_established`). `Duration::ZERO` makes them active at once.
    pub fn activation_delay(mut self, delay: Duration) -> Self {
        self.settings.activation_delay = delay;
        self
    }

    /// The largest accepted distance between a request's timestamp and the clock.
    pub fn max_clock_skew(mut self, skew: Duration) -> Self {
        self.settings.max_clock_skew = skew;
        self
    }

    /// Whether to verify signatures (default: yes).
    pub fn verify_signatures(mut self, on: bool) -> Self {
        self.settings.verify_signatures = on;
        self
    }

    /// Answer variants (see [`Quirks`]).
    pub fn quirks(mut self, quirks: Quirks) -> Self {
        self.settings.quirks = quirks;
        self
    }

    /// Resource quotas.
    pub fn quotas(mut self, quotas: Quotas) -> Self {
        self.settings.quotas = quotas;
        self
    }

    /// The largest accepted request body (default 1 MiB); larger ones are refused with
    /// `RequestEntityTooLarge` (413).
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.settings.max_body_bytes = bytes;
        self
    }

    /// Makes every STS credential last `lifetime`, whatever `DurationSeconds` asked
    /// (for tests of refresh: a lifetime inside a client's refresh window makes it
    /// refresh before every call).
    pub fn sts_credential_lifetime(mut self, lifetime: Duration) -> Self {
        self.settings.sts_credential_lifetime = Some(lifetime);
        self
    }

    /// How much the journal keeps: at most `entries` entries and about `bytes` bytes
    /// (defaults 10,000 and 16 MiB); the oldest entries go first.
    pub fn journal_limits(mut self, entries: usize, bytes: usize) -> Self {
        self.settings.journal_limits = crate::journal::JournalLimits { entries, bytes };
        self
    }

    /// How long a `ClientToken` is remembered (default one hour); a repeat after that is
    /// a new request.
    pub fn idempotency_window(mut self, window: Duration) -> Self {
        self.settings.idempotency_window = window;
        self
    }

    /// Connection limits and timeouts (see [`ConnectionLimits`](crate::ConnectionLimits)
    /// for the defaults).
    pub fn connection_limits(mut self, limits: crate::ConnectionLimits) -> Self {
        self.settings.connections = limits;
        self
    }

    /// Seeds the RNG behind ids, request ids, keys and fault probabilities, for
    /// reproducible runs.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Refuses request parameters the operation does not declare with
    /// `InvalidParameter` naming them (default: off; they are recorded in the journal's
    /// `unknown_params` either way). The spec's common parameters and what Alibaba's
    /// official SDKs send for account plumbing ([`crate::validate::SDK_PLUMBING`]) are
    /// always accepted.
    pub fn strict(mut self, on: bool) -> Self {
        self.settings.strict = on;
        self
    }

    /// Adds a certificate of the account's Certificate Management Service: VPN gateways
    /// can be bound to it (`AssociateVpnGatewayWithCertificate`); unknown ids are refused
    /// with `InvalidCertificateId.NotFound`. Certificates outlive [`Emulator::reset`].
    pub fn certificate(mut self, id: impl Into<String>) -> Self {
        self.settings.certificates.insert(id.into());
        self
    }

    /// How long a VPN gateway diagnosis takes to run its checks (default 500 ms);
    /// `Duration::ZERO` finishes it at once.
    pub fn diagnosis_delay(mut self, delay: Duration) -> Self {
        self.settings.diagnosis_delay = delay;
        self
    }

    /// Serves `spec` instead of the repository's embedded spec (for example the embedded
    /// sources plus an operations file of your own, loaded with
    /// [`vpn_spec::load_sources`]): operations that fit its resources are served by the
    /// engine; others need hooks, or are refused with `NotImplemented`. The spec is kept
    /// for the rest of the process.
    pub fn spec(mut self, spec: Spec) -> Self {
        self.spec = Some(Box::leak(Box::new(spec)));
        self
    }

    /// Loads the spec, binds, and starts serving on the current Tokio runtime.
    pub async fn start(self) -> Result<Emulator, StartError> {
        let spec = match self.spec {
            Some(spec) => spec,
            None => crate::spec::load().map_err(StartError::Spec)?,
        };
        let listener = TcpListener::bind(self.bind)
            .await
            .map_err(StartError::Bind)?;
        let addr = listener.local_addr().map_err(StartError::Bind)?;
        let shared = Arc::new(Shared::new(spec, self.settings, self.seed));
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(crate::server::serve(listener, shared.clone(), stopped));
        tracing::info!(%addr, "VPN Gateway emulator listening");
        Ok(Emulator {
            shared,
            addr,
            stop,
            task: Some(task),
        })
    }
}

/// A running emulator. Dropping it stops the server too (without waiting);
/// [`Emulator::shutdown`] stops it and waits.
pub struct Emulator {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Emulator {
    /// A [`Builder`] with the defaults.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// Starts an emulator with the defaults.
    pub async fn start() -> Result<Emulator, StartError> {
        Builder::default().start().await
    }

    /// The base URL, e.g. `http://127.0.0.1:41234`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The trusted AccessKey ID.
    pub fn access_key_id(&self) -> String {
        self.shared
            .lock()
            .settings
            .credentials
            .access_key_id
            .clone()
    }

    /// The trusted AccessKey secret.
    pub fn access_key_secret(&self) -> String {
        self.shared
            .lock()
            .settings
            .credentials
            .access_key_secret
            .clone()
    }

    /// Forgets every resource, fault rule, journal entry, nonce, `ClientToken` and issued
    /// STS credential.
    pub fn reset(&self) {
        self.shared.reset();
    }

    /// Makes every STS credential issued so far expire now: calls signed with them are
    /// refused with `InvalidSecurityToken.Expired`.
    pub fn expire_sts_credentials(&self) {
        self.shared.sts.expire_all();
    }

    /// How many temporary credentials were issued (STS calls, the credentials URI and
    /// the metadata service together) since the start or the last reset.
    pub fn sts_credentials_issued(&self) -> usize {
        self.shared.sts.issued_count()
    }

    /// The credentials URI this emulator serves (`ALIBABA_CLOUD_CREDENTIALS_URI`).
    pub fn credentials_uri(&self) -> String {
        format!("{}/_emulator/credentials", self.endpoint())
    }

    /// The base URL of the ECS instance metadata service this emulator serves.
    pub fn imds_endpoint(&self) -> String {
        format!("{}/_emulator/imds", self.endpoint())
    }

    /// Makes STS credentials issued from now on last `lifetime` (`None`: what the
    /// request asked for).
    pub fn set_sts_credential_lifetime(&self, lifetime: Option<Duration>) {
        self.shared.sts.set_lifetime(lifetime);
    }

    /// Every request so far (secrets redacted), oldest first.
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.shared.lock().journal.entries()
    }

    /// Clears the journal.
    pub fn clear_journal(&self) {
        self.shared.lock().journal.clear();
    }

    /// Adds a fault rule (fired after the rules already present).
    pub fn add_fault(&self, rule: FaultRule) {
        self.shared.lock().faults.add(rule);
    }

    /// The active fault rules with their remaining counts.
    pub fn faults(&self) -> Vec<FaultRule> {
        self.shared.lock().faults.rules()
    }

    /// Removes every fault rule.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Switches answer variants.
    pub fn set_quirks(&self, quirks: Quirks) {
        self.shared.lock().settings.quirks = quirks;
    }

    /// The answer variants in force.
    pub fn quirks(&self) -> Quirks {
        self.shared.lock().settings.quirks
    }

    /// Changes the activation delay (applies to existing resources too: status is computed
    /// from creation time when read).
    pub fn set_activation_delay(&self, delay: Duration) {
        self.shared.lock().settings.activation_delay = delay;
    }

    /// Adds a certificate the account holds (see [`Builder::certificate`]).
    pub fn add_certificate(&self, id: &str) {
        self.shared
            .lock()
            .settings
            .certificates
            .insert(id.to_string());
    }

    /// Changes how long a diagnosis takes; results are computed when asked for, so this
    /// applies to running diagnoses too.
    pub fn set_diagnosis_delay(&self, delay: Duration) {
        self.shared.lock().settings.diagnosis_delay = delay;
    }

    /// Inserts a VPN gateway directly; returns its id.
    pub fn seed_vpn_gateway(&self, seed: VpnGatewaySeed) -> String {
        seed::vpn_gateway(self.shared.spec, &mut self.shared.lock(), seed)
    }

    /// Inserts a customer gateway directly; returns its id.
    pub fn seed_customer_gateway(&self, region: &str, ip_address: &str) -> String {
        seed::customer_gateway(
            self.shared.spec,
            &mut self.shared.lock(),
            region,
            ip_address,
            None,
        )
    }

    /// Fixes a gateway's status (`None`: back to the time-based `init` -> `active`);
    /// `false` when there is no such gateway.
    pub fn set_vpn_gateway_status(&self, region: &str, id: &str, status: Option<&str>) -> bool {
        seed::set_vpn_gateway_status(&mut self.shared.lock(), region, id, status)
    }

    /// Stops accepting, lets open connections finish (briefly), and waits.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}
