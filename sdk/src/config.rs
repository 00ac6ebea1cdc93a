//! Client configuration: [`Config`] and its builder, [`ClientBuilder`].
//!
//! ```no_run
//! use std::time::Duration;
//! use alibabacloud_vpn::Client;
//! use alibabacloud_vpn::config::{HttpMethod, SignatureVersion, Timeouts};
//! use alibabacloud_vpn::credentials::Credentials;
//! use alibabacloud_vpn::retry::RetryConfig;
//!
//! let client = Client::builder()
//!     .region_id("cn-shanghai")
//!     .credentials(Credentials::new("LTAI...", "secret"))
//!     .signature_version(SignatureVersion::V3)
//!     .http_method(HttpMethod::Post)
//!     .retry(RetryConfig::default().with_max_attempts(5))
//!     .timeouts(Timeouts::default().with_operation(Duration::from_secs(60)))
//!     .build()?;
//! # Ok::<(), alibabacloud_vpn::error::ConfigError>(())
//! ```
//!
//! [`ClientBuilder::from_env`] starts from the environment (see [`crate::env`]); explicit
//! settings made afterwards win.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use crate::credentials::{
    CredentialsCache, DefaultCredentialsChain, ProvideCredentials, cli_profile_region,
};
use crate::endpoint::Endpoint;
use crate::env::{self, Env};
use crate::error::ConfigError;
use crate::retry::{RetryConfig, RetryState};
use crate::transport::{DEFAULT_MAX_RESPONSE_BYTES, HttpTransport};

/// The API version every request names, from the spec.
pub use crate::generated::API_VERSION;

/// The `User-Agent` the SDK sends: `alibabacloud-vpn-rust/<crate version>`.
pub const USER_AGENT: &str = concat!("alibabacloud-vpn-rust/", env!("CARGO_PKG_VERSION"));

/// How requests are signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum SignatureVersion {
    /// HMAC-SHA1, `SignatureVersion=1.0`: the scheme the API reference documents. The
    /// default.
    #[default]
    V1,
    /// `ACS3-HMAC-SHA256`, in the `Authorization` header: what today's official SDKs
    /// send.
    V3,
}

impl FromStr for SignatureVersion {
    type Err = ConfigError;

    /// `v1` / `1.0` / `HMAC-SHA1` or `v3` / `3.0` / `ACS3-HMAC-SHA256`, any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "v1" | "1" | "1.0" | "hmac-sha1" => Ok(Self::V1),
            "v3" | "3" | "3.0" | "acs3-hmac-sha256" => Ok(Self::V3),
            _ => Err(ConfigError::new(format!(
                "signature version `{s}` is not `v1` or `v3`"
            ))),
        }
    }
}

/// Which HTTP method carries the parameters.
///
/// `POST` (the default, as in today's official SDKs) sends the operation parameters in
/// an `application/x-www-form-urlencoded` body: no URL length limit, and parameter values
/// such as pre-shared keys stay out of URLs that proxies and servers log. With V1 the
/// common parameters (`Action`, `Timestamp`, `Signature`, ...) travel in the query and
/// the body parameters are signed with them; with V3 the body is covered by
/// `x-acs-content-sha256`. `GET` sends everything in the query, as the API reference
/// documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum HttpMethod {
    /// All parameters in the query string.
    Get,
    /// Operation parameters in a form body. The default.
    #[default]
    Post,
}

impl FromStr for HttpMethod {
    type Err = ConfigError;

    /// `GET` or `POST`, any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "GET" => Ok(Self::Get),
            "POST" => Ok(Self::Post),
            _ => Err(ConfigError::new(format!(
                "HTTP method `{s}` is not `GET` or `POST`"
            ))),
        }
    }
}

/// Timeouts: connect (default 5 s), each attempt (default 10 s) and, optionally, the
/// whole operation including retries and waits (default none).
///
/// An expired timeout is [`SdkError::Timeout`](crate::SdkError::Timeout) with its
/// [`TimeoutKind`](crate::error::TimeoutKind). An attempt that times out counts as an
/// ambiguous failure for retrying. When the wait before a retry would pass the
/// operation deadline, the last attempt's error is returned instead of waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    connect: Duration,
    attempt: Option<Duration>,
    operation: Option<Duration>,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            attempt: Some(Duration::from_secs(10)),
            operation: None,
        }
    }
}

impl Timeouts {
    /// The defaults: connect 5 s, attempt 10 s, no operation timeout.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the connect timeout.
    pub fn with_connect(mut self, timeout: Duration) -> Self {
        self.connect = timeout;
        self
    }

    /// Sets the timeout of each attempt (sending the request and reading the answer).
    pub fn with_attempt(mut self, timeout: Duration) -> Self {
        self.attempt = Some(timeout);
        self
    }

    /// Removes the per-attempt timeout.
    pub fn without_attempt(mut self) -> Self {
        self.attempt = None;
        self
    }

    /// Sets a timeout for the whole operation, retries and waits included.
    pub fn with_operation(mut self, timeout: Duration) -> Self {
        self.operation = Some(timeout);
        self
    }

    /// The connect timeout.
    pub fn connect(&self) -> Duration {
        self.connect
    }

    /// The per-attempt timeout, if any.
    pub fn attempt(&self) -> Option<Duration> {
        self.attempt
    }

    /// The whole-operation timeout, if any.
    pub fn operation(&self) -> Option<Duration> {
        self.operation
    }
}

/// A complete, validated client configuration. Cheap to clone; clients built from
/// clones share the credentials cache, the connection pool and the retry quota.
#[derive(Clone)]
pub struct Config {
    pub(crate) region_id: Option<String>,
    pub(crate) endpoint: Option<Endpoint>,
    pub(crate) credentials: Arc<CredentialsCache>,
    pub(crate) signature_version: SignatureVersion,
    pub(crate) http_method: HttpMethod,
    pub(crate) retry: RetryConfig,
    /// The quota and rate limiter every call of the client shares.
    pub(crate) retry_state: Arc<RetryState>,
    pub(crate) timeouts: Timeouts,
    pub(crate) transport: Arc<dyn HttpTransport>,
    /// Checked when the configuration is built, so that every request can carry it.
    pub(crate) user_agent: http::HeaderValue,
    pub(crate) max_response_bytes: usize,
    pub(crate) value_checks: bool,
}

impl Config {
    /// A builder with the defaults (no environment read except by the default
    /// credentials chain).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The configuration from the process environment (see [`ClientBuilder::from_env`]).
    pub fn from_env() -> Result<Self, ConfigError> {
        ClientBuilder::from_env(Env::process())?.build_config()
    }

    /// The default region.
    pub fn region_id(&self) -> Option<&str> {
        self.region_id.as_deref()
    }

    /// The explicit endpoint, when one is set.
    pub fn endpoint(&self) -> Option<&Endpoint> {
        self.endpoint.as_ref()
    }

    /// The credentials (cached).
    pub fn credentials(&self) -> &Arc<CredentialsCache> {
        &self.credentials
    }

    /// The signature version.
    pub fn signature_version(&self) -> SignatureVersion {
        self.signature_version
    }

    /// The HTTP method.
    pub fn http_method(&self) -> HttpMethod {
        self.http_method
    }

    /// The retry settings.
    pub fn retry(&self) -> &RetryConfig {
        &self.retry
    }

    /// The timeouts.
    pub fn timeouts(&self) -> &Timeouts {
        &self.timeouts
    }

    /// The transport.
    pub fn transport(&self) -> &Arc<dyn HttpTransport> {
        &self.transport
    }

    /// The `User-Agent` header value.
    pub fn user_agent(&self) -> &str {
        // Built from checked text (`HeaderValue::from_str`), so always text.
        self.user_agent.to_str().unwrap_or_default()
    }

    /// The largest response body read, in bytes (see
    /// [`ClientBuilder::max_response_bytes`]).
    pub fn max_response_bytes(&self) -> usize {
        self.max_response_bytes
    }

    /// Whether request value rules are checked before sending (see
    /// [`ClientBuilder::value_checks`]).
    pub fn value_checks(&self) -> bool {
        self.value_checks
    }

    /// The rules a request is checked against before sending.
    pub(crate) fn checks(&self) -> crate::validate::Checks {
        if self.value_checks {
            crate::validate::Checks::ALL
        } else {
            crate::validate::Checks::REQUIRED
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region_id", &self.region_id)
            .field("endpoint", &self.endpoint)
            .field("credentials", &self.credentials)
            .field("signature_version", &self.signature_version)
            .field("http_method", &self.http_method)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
            .field("transport", &self.transport)
            .field("user_agent", &self.user_agent())
            .field("max_response_bytes", &self.max_response_bytes)
            .field("value_checks", &self.value_checks)
            .finish()
    }
}

/// Builds a [`Config`] or a [`Client`](crate::Client).
#[derive(Clone, Default)]
pub struct ClientBuilder {
    env: Option<Env>,
    region_id: Option<String>,
    endpoint: Option<String>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    signature_version: SignatureVersion,
    http_method: HttpMethod,
    retry: RetryConfig,
    timeouts: Timeouts,
    transport: Option<Arc<dyn HttpTransport>>,
    user_agent_suffix: Option<String>,
    max_response_bytes: Option<usize>,
    skip_value_checks: bool,
}

impl ClientBuilder {
    /// The defaults: no region, endpoint from the region, credentials from the default
    /// chain, V1 signatures, POST, retries on, default timeouts.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts from the environment `env`:
    ///
    /// * region: `ALIBABA_CLOUD_REGION_ID`, else the CLI profile's `region_id`;
    /// * endpoint: `ALIBABA_CLOUD_VPC_ENDPOINT`;
    /// * signature version: `ALIBABA_CLOUD_SIGNATURE_VERSION` (`v1` or `v3`);
    /// * HTTP method: `ALIBABA_CLOUD_HTTP_METHOD` (`GET` or `POST`);
    /// * user-agent suffix: `ALIBABA_CLOUD_USER_AGENT`;
    /// * credentials: the default chain over `env`
    ///   ([`DefaultCredentialsChain`]), resolved at the first call.
    ///
    /// An unparsable value is a [`ConfigError`] naming the variable.
    pub fn from_env(env: Env) -> Result<Self, ConfigError> {
        let named = |var: &str, e: ConfigError| ConfigError::new(format!("{var}: {}", e.message));
        let mut b = Self::new();
        b.region_id = env.get(env::REGION_ID).or_else(|| cli_profile_region(&env));
        if let Some(e) = env.get(env::VPC_ENDPOINT) {
            Endpoint::parse(&e).map_err(|err| named(env::VPC_ENDPOINT, err))?;
            b.endpoint = Some(e);
        }
        if let Some(v) = env.get(env::SIGNATURE_VERSION) {
            b.signature_version = v.parse().map_err(|e| named(env::SIGNATURE_VERSION, e))?;
        }
        if let Some(m) = env.get(env::HTTP_METHOD) {
            b.http_method = m.parse().map_err(|e| named(env::HTTP_METHOD, e))?;
        }
        b.user_agent_suffix = env.get(env::USER_AGENT);
        b.env = Some(env);
        Ok(b)
    }

    /// Sets the default region (used for `RegionId` when a call leaves it unset, and to
    /// pick the endpoint).
    pub fn region_id(mut self, region_id: impl Into<String>) -> Self {
        self.region_id = Some(region_id.into());
        self
    }

    /// Sends every call to this endpoint: a host (`vpc.aliyuncs.com`, HTTPS) or a URL
    /// (`http://127.0.0.1:8080`).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Uses these credentials (or this provider) instead of the default chain.
    pub fn credentials(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// Uses this shared credentials provider instead of the default chain.
    pub fn credentials_provider(mut self, provider: Arc<dyn ProvideCredentials>) -> Self {
        self.credentials = Some(provider);
        self
    }

    /// Uses this environment for the default credentials chain.
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    /// Sets the signature version (default V1).
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.signature_version = version;
        self
    }

    /// Sets the HTTP method (default POST).
    pub fn http_method(mut self, method: HttpMethod) -> Self {
        self.http_method = method;
        self
    }

    /// Sets the retry settings ([`RetryConfig::disabled`] turns retries off).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Sets the timeouts.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// Sends requests through this transport instead of the bundled reqwest one (the
    /// connect timeout is then the transport's business). Required when the SDK is built
    /// without the `reqwest` feature (`default-features = false`).
    pub fn transport(mut self, transport: Arc<dyn HttpTransport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// Sets the largest response body the client reads, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_BYTES`], 4 MiB). A longer answer fails with
    /// [`SdkError::Transport`](crate::SdkError::Transport) (its source a
    /// [`BodyTooLarge`](crate::transport::BodyTooLarge)) as soon as it crosses the limit,
    /// before it is buffered whole; it is not retried.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Whether request value rules are checked before sending (default: on).
    ///
    /// Before anything is sent, a request is checked against the spec: every required
    /// parameter must be set (always; the types already guarantee the rest of its
    /// shape), and each value must meet its documented rules (allowed values and ranges,
    /// lengths, patterns, forbidden prefixes). The spec keeps a value rule only where it
    /// is current (stated by the service's own model, or re-confirmed), so a value the
    /// service accepts is not refused; enum-typed parameters take values the SDK does not
    /// know (their `Unknown` variant). `value_checks(false)` turns the value rules off,
    /// leaving them to the service: for a service that has started accepting a value
    /// before this SDK knows it.
    pub fn value_checks(mut self, on: bool) -> Self {
        self.skip_value_checks = !on;
        self
    }

    /// Appends text to the `User-Agent` header.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Validates the settings and builds the configuration.
    pub fn build_config(self) -> Result<Config, ConfigError> {
        let endpoint = self.endpoint.as_deref().map(Endpoint::parse).transpose()?;
        if let Some(r) = &self.region_id {
            crate::endpoint::host_for_region(r)?;
        }
        let provider: Arc<dyn ProvideCredentials> = match self.credentials {
            Some(p) => p,
            None => Arc::new(DefaultCredentialsChain::from_env(
                &self.env.unwrap_or_else(Env::process),
            )),
        };
        let transport: Arc<dyn HttpTransport> = match self.transport {
            Some(t) => t,
            None => default_transport(&self.timeouts)?,
        };
        let user_agent = match self.user_agent_suffix.as_deref().map(str::trim) {
            Some(s) if !s.is_empty() => http::HeaderValue::from_str(&format!("{USER_AGENT} {s}"))
                .map_err(|_| {
                ConfigError::new(
                    "the user-agent suffix must be visible ASCII text (no control characters)",
                )
            })?,
            _ => http::HeaderValue::from_static(USER_AGENT),
        };
        Ok(Config {
            region_id: self.region_id,
            endpoint,
            credentials: Arc::new(CredentialsCache::from_arc(provider)),
            signature_version: self.signature_version,
            http_method: self.http_method,
            retry_state: Arc::new(RetryState::new(&self.retry)),
            retry: self.retry,
            timeouts: self.timeouts,
            transport,
            user_agent,
            max_response_bytes: self
                .max_response_bytes
                .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
            value_checks: !self.skip_value_checks,
        })
    }

    /// Validates the settings and builds the client.
    pub fn build(self) -> Result<crate::Client, ConfigError> {
        self.build_config().map(crate::Client::new)
    }
}

/// The bundled reqwest transport with the configured connect timeout.
#[cfg(feature = "reqwest")]
fn default_transport(timeouts: &Timeouts) -> Result<Arc<dyn HttpTransport>, ConfigError> {
    Ok(Arc::new(crate::transport::ReqwestTransport::new(
        timeouts.connect,
    )?))
}

/// Without the `reqwest` feature there is no bundled transport: one must be given.
#[cfg(not(feature = "reqwest"))]
fn default_transport(_: &Timeouts) -> Result<Arc<dyn HttpTransport>, ConfigError> {
    Err(ConfigError::new(
        "no HTTP transport: this build of alibabacloud-vpn has no bundled one (enable the \
         `rustls` or `native-tls` feature), so pass one with `ClientBuilder::transport`",
    ))
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("region_id", &self.region_id)
            .field("endpoint", &self.endpoint)
            .field("credentials", &self.credentials)
            .field("signature_version", &self.signature_version)
            .field("http_method", &self.http_method)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
            .field("transport", &self.transport)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("value_checks", &!self.skip_value_checks)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_version_and_method_parse_leniently() {
        assert_eq!(
            "V3".parse::<SignatureVersion>().unwrap(),
            SignatureVersion::V3
        );
        assert_eq!(
            "v1".parse::<SignatureVersion>().unwrap(),
            SignatureVersion::V1
        );
        assert!("v2".parse::<SignatureVersion>().is_err());
        assert_eq!("get".parse::<HttpMethod>().unwrap(), HttpMethod::Get);
        assert!("PUT".parse::<HttpMethod>().is_err());
    }

    #[test]
    fn from_env_reads_region_endpoint_and_versions() {
        let env = Env::from_pairs([
            (env::REGION_ID, "cn-beijing"),
            (env::VPC_ENDPOINT, "http://127.0.0.1:9"),
            (env::SIGNATURE_VERSION, "v3"),
            (env::HTTP_METHOD, "GET"),
            (env::USER_AGENT, "my-app/1"),
            (env::ECS_METADATA_DISABLED, "true"),
        ]);
        let c = with_some_transport(ClientBuilder::from_env(env).unwrap())
            .build_config()
            .unwrap();
        assert_eq!(c.region_id(), Some("cn-beijing"));
        assert_eq!(c.endpoint().unwrap().url(), "http://127.0.0.1:9/");
        assert_eq!(c.signature_version(), SignatureVersion::V3);
        assert_eq!(c.http_method(), HttpMethod::Get);
        assert_eq!(c.user_agent(), format!("{USER_AGENT} my-app/1"));
    }

    #[test]
    fn explicit_settings_override_the_environment() {
        let env = Env::from_pairs([
            (env::REGION_ID, "cn-beijing"),
            (env::SIGNATURE_VERSION, "v3"),
        ]);
        let c = with_some_transport(ClientBuilder::from_env(env).unwrap())
            .region_id("cn-shanghai")
            .signature_version(SignatureVersion::V1)
            .build_config()
            .unwrap();
        assert_eq!(c.region_id(), Some("cn-shanghai"));
        assert_eq!(c.signature_version(), SignatureVersion::V1);
    }

    /// A transport that is never used, so that builds without the bundled one (no
    /// `reqwest` feature) can build configurations too.
    #[derive(Debug)]
    struct Unused;

    impl HttpTransport for Unused {
        fn send(
            &self,
            _: crate::transport::HttpRequest,
        ) -> futures_util::future::BoxFuture<
            '_,
            Result<crate::transport::HttpResponse, crate::transport::HttpError>,
        > {
            Box::pin(async {
                Err(crate::transport::HttpError::new(
                    crate::transport::HttpErrorKind::Connect,
                    "unused",
                ))
            })
        }
    }

    fn with_some_transport(b: ClientBuilder) -> ClientBuilder {
        if cfg!(feature = "reqwest") {
            b
        } else {
            b.transport(Arc::new(Unused))
        }
    }

    #[test]
    fn without_a_bundled_transport_one_must_be_given() {
        let built = ClientBuilder::new().region_id("cn-hangzhou").build_config();
        if cfg!(feature = "reqwest") {
            assert!(built.is_ok());
        } else {
            let e = built.unwrap_err();
            assert!(e.message.contains("no HTTP transport"), "{e}");
            assert!(e.message.contains("ClientBuilder::transport"), "{e}");
        }
        assert!(
            ClientBuilder::new()
                .transport(Arc::new(Unused))
                .build_config()
                .is_ok()
        );
    }

    #[test]
    fn bad_environment_values_name_the_variable() {
        let e =
            ClientBuilder::from_env(Env::from_pairs([(env::SIGNATURE_VERSION, "v9")])).unwrap_err();
        assert!(e.message.contains("ALIBABA_CLOUD_SIGNATURE_VERSION"), "{e}");
        let e =
            ClientBuilder::from_env(Env::from_pairs([(env::VPC_ENDPOINT, "ftp://x")])).unwrap_err();
        assert!(e.message.contains("ALIBABA_CLOUD_VPC_ENDPOINT"), "{e}");
        let e = ClientBuilder::new()
            .region_id("not a region")
            .build_config()
            .unwrap_err();
        assert!(e.message.contains("not a valid region id"), "{e}");
    }

    #[test]
    fn a_user_agent_suffix_that_cannot_be_a_header_is_refused_when_building() {
        let e = with_some_transport(ClientBuilder::new())
            .user_agent_suffix("app/1\r\nX-Evil: 1")
            .build_config()
            .unwrap_err();
        assert!(e.message.contains("user-agent suffix"), "{e}");
        let c = with_some_transport(ClientBuilder::new())
            .user_agent_suffix("app/1")
            .build_config()
            .unwrap();
        assert_eq!(c.user_agent(), format!("{USER_AGENT} app/1"));
    }

    #[test]
    fn user_agent_names_the_crate_version() {
        assert_eq!(
            USER_AGENT,
            format!("alibabacloud-vpn-rust/{}", env!("CARGO_PKG_VERSION"))
        );
    }
}
