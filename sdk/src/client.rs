//! The client: configuration, credentials and transport behind an `Arc`.
//!
//! The request path itself lives in `orchestrator` (validation, region and token,
//! endpoint, decoding) and its attempt loop; retry classification in
//! [`retry`](crate::retry). The seam generated code relies on: `Client: Clone + Send +
//! Sync` and [`Client::send`].

use std::fmt;
use std::sync::Arc;

use crate::config::{ClientBuilder, Config};
use crate::env::Env;
use crate::error::{ConfigError, Error, SdkError};
use crate::operation::{OperationMeta, RawResponse};
use crate::params::Params;

/// The request parameter that names the region (the spec's `service.region_parameter`).
pub const REGION_PARAM: &str = crate::generated::REGION_PARAMETER;

/// A VPN Gateway API client. Cheap to clone; clones share configuration, cached
/// credentials and connections.
///
/// Build one with [`Client::from_env`], [`Client::builder`] or [`Client::new`]:
///
/// ```no_run
/// use alibabacloud_vpn::{Client, Credentials};
///
/// // Region, endpoint and credentials from the environment, CLI profile, credentials
/// // file or ECS instance role:
/// let client = Client::from_env()?;
///
/// // Or explicitly:
/// let client = Client::builder()
///     .region_id("cn-hangzhou")
///     .credentials(Credentials::new("LTAI...", "secret"))
///     .build()?;
/// # Ok::<(), alibabacloud_vpn::error::ConfigError>(())
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Config>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", &*self.inner)
            .finish()
    }
}

impl Client {
    /// A client with this configuration.
    pub fn new(config: Config) -> Self {
        Self {
            inner: Arc::new(config),
        }
    }

    /// A builder with the defaults (see [`ClientBuilder`]).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured from the process environment: region, endpoint, signature
    /// version, HTTP method and the default credentials chain (see
    /// [`ClientBuilder::from_env`]). Synchronous: it only reads environment variables and
    /// the CLI config file; credentials are resolved (and cached) at the first call.
    pub fn from_env() -> Result<Self, ConfigError> {
        ClientBuilder::from_env(Env::process())?.build()
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner
    }

    /// The region used when a call does not set `RegionId`.
    pub fn region_id(&self) -> Option<&str> {
        self.inner.region_id.as_deref()
    }

    /// Sends operation parameters that are already valid: fills the region from the
    /// client's when unset and the idempotency token (once, a UUID v4), then signs,
    /// sends with retries and returns the JSON answer (envelope stripped) or the error.
    /// The seam under [`Client::send`]; prefer that.
    #[doc(hidden)]
    pub async fn invoke(&self, op: &OperationMeta, params: Params) -> Result<RawResponse, Error> {
        crate::orchestrator::invoke(self, op, params, false).await
    }
}

/// A one-line description of an error for logs: kind, code, status and request id, never
/// the service's message (which can echo the string to sign, security token included).
pub(crate) fn summary(error: &Error) -> String {
    match error {
        SdkError::Service(s) => format!(
            "service error {} (HTTP {}, request id {})",
            s.code,
            s.http_status,
            s.request_id.as_deref().unwrap_or("-")
        ),
        SdkError::Decode(d) => format!(
            "undecodable answer (HTTP {}, request id {}): {}",
            d.http_status,
            d.request_id.as_deref().unwrap_or("-"),
            d.message
        ),
        SdkError::Transport(t) => format!("transport error: {}", t.message),
        SdkError::Timeout(t) => format!("{:?} timeout after {:?}", t.kind, t.limit),
        SdkError::Credentials(_) => "no usable credentials".to_string(),
        SdkError::Config(c) => format!("configuration error: {}", c.message),
        SdkError::Validation(v) => format!("invalid parameter `{}`", v.parameter),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ServiceError;

    fn assert_send_sync_clone<T: Send + Sync + Clone + 'static>() {}

    #[test]
    fn client_is_send_sync_and_cheap_to_clone() {
        assert_send_sync_clone::<Client>();
    }

    #[test]
    fn summaries_never_include_the_service_message() {
        let e = SdkError::Service(ServiceError::new(
            400,
            "SignatureDoesNotMatch",
            "string to sign: SecurityToken%3Dtok",
        ));
        assert!(!summary(&e).contains("tok"));
    }
}
