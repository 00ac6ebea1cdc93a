//! The client: configuration, credentials and transport behind an `Arc`, and the retry
//! loop every operation runs through.
//!
//! The seam generated code relies on: `Client: Clone + Send + Sync`,
//! [`Client::region_id`] and [`Client::invoke`].

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tracing::field::Empty;
use tracing::{Instrument, Span};

use crate::config::{ClientBuilder, Config};
use crate::endpoint::Endpoint;
use crate::env::Env;
use crate::error::{ConfigError, Error, SdkError, TimeoutError, TimeoutKind, TransportError};
use crate::operation::{OperationMeta, RawResponse};
use crate::params::Params;
use crate::request::{self, WireRequest};
use crate::response;
use crate::retry::{RetryClass, may_retry};
use crate::scrub::Scrubber;
use crate::transport::{HttpErrorKind, HttpRequest};
use crate::{redact, timefmt};

/// The request parameter that names the region.
pub const REGION_PARAM: &str = "RegionId";

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

/// A failed attempt and whether retrying it can help.
type AttemptFailure = (Error, RetryClass);

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

    /// The endpoint a call with these parameters goes to.
    // `Error` is the seam's public error type; boxing it here would only move the cost.
    #[allow(clippy::result_large_err)]
    fn endpoint_for(&self, params: &Params) -> Result<Endpoint, Error> {
        if let Some(e) = &self.inner.endpoint {
            return Ok(e.clone());
        }
        match params.get(REGION_PARAM).or(self.region_id()) {
            Some(region) => Endpoint::for_region(region).map_err(SdkError::Config),
            None => Err(SdkError::Config(ConfigError::new(
                "no region: set RegionId on the request, a region on the client \
                 (builder `region_id`, ALIBABA_CLOUD_REGION_ID or the CLI profile's \
                 region_id), or an explicit endpoint",
            ))),
        }
    }

    /// Sends one operation: fills `RegionId` from the client's region and the
    /// idempotency token (once, a UUID v4) when unset, then signs, sends with retries and
    /// returns the decoded JSON answer (envelope stripped) or the error.
    #[doc(hidden)]
    pub async fn invoke(
        &self,
        op: &OperationMeta,
        mut params: Params,
    ) -> Result<RawResponse, Error> {
        match self.region_id() {
            Some(region) if !params.contains(REGION_PARAM) => params.insert(REGION_PARAM, region),
            _ => {}
        }
        // Filled once, before the first attempt: every attempt sends the same token.
        match op.idempotency_token {
            Some(token) if !params.contains(token) => {
                params.insert(token, uuid::Uuid::new_v4().to_string())
            }
            _ => {}
        }
        let span = tracing::info_span!(
            "alibabacloud_vpn.operation",
            action = op.action,
            region = params.get(REGION_PARAM).unwrap_or(""),
            attempts = Empty,
        );
        self.run(op, &params).instrument(span).await
    }

    async fn run(&self, op: &OperationMeta, params: &Params) -> Result<RawResponse, Error> {
        let cfg = &*self.inner;
        let endpoint = self.endpoint_for(params)?;
        let deadline = cfg.timeouts.operation().map(|d| Instant::now() + d);
        let carries_token = op.idempotency_token.is_some_and(|t| params.contains(t));
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let remaining = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            let outcome = if remaining == Some(Duration::ZERO) {
                Err((self.operation_timeout(attempt - 1), RetryClass::Never))
            } else {
                self.attempt(op, params, &endpoint, attempt, remaining)
                    .await
            };
            let (error, class) = match outcome {
                Ok(mut raw) => {
                    Span::current().record("attempts", attempt);
                    raw.attempts = attempt;
                    return Ok(raw);
                }
                Err(failure) => failure,
            };
            if attempt < cfg.retry.max_attempts() && may_retry(op, class, carries_token) {
                let retry_after = error.as_service_error().and_then(|s| s.retry_after);
                let delay = cfg.retry.delay(attempt, class, retry_after);
                if deadline.is_none_or(|d| Instant::now() + delay < d) {
                    tracing::debug!(
                        attempt,
                        ?class,
                        delay_ms = delay.as_millis() as u64,
                        error = %summary(&error),
                        "retrying"
                    );
                    tokio::time::sleep(delay).await;
                    continue;
                }
            }
            let attempts = attempt.max(1);
            Span::current().record("attempts", attempts);
            tracing::debug!(attempts, error = %summary(&error), "operation failed");
            return Err(with_attempts(error, attempts));
        }
    }

    fn operation_timeout(&self, attempts: u32) -> Error {
        SdkError::Timeout(TimeoutError {
            kind: TimeoutKind::Operation,
            limit: self.inner.timeouts.operation().unwrap_or_default(),
            attempts,
        })
    }

    /// One attempt, bounded by the attempt timeout and what is left of the operation's.
    async fn attempt(
        &self,
        op: &OperationMeta,
        params: &Params,
        endpoint: &Endpoint,
        attempt: u32,
        remaining: Option<Duration>,
    ) -> Result<RawResponse, AttemptFailure> {
        let span = tracing::debug_span!(
            "attempt",
            attempt,
            status = Empty,
            request_id = Empty,
            latency_ms = Empty,
        );
        let (limit, kind) = match (self.inner.timeouts.attempt(), remaining) {
            (Some(a), Some(r)) if r < a => (Some(r), TimeoutKind::Operation),
            (Some(a), _) => (Some(a), TimeoutKind::Attempt),
            (None, Some(r)) => (Some(r), TimeoutKind::Operation),
            (None, None) => (None, TimeoutKind::Attempt),
        };
        let send = self
            .send_once(op, params, endpoint, attempt)
            .instrument(span.clone());
        let Some(limit) = limit else {
            return send.await;
        };
        match tokio::time::timeout(limit, send).await {
            Ok(outcome) => outcome,
            Err(_) => {
                let _enter = span.enter();
                tracing::debug!(
                    limit_ms = limit.as_millis() as u64,
                    ?kind,
                    "attempt timed out"
                );
                if kind == TimeoutKind::Operation {
                    Err((self.operation_timeout(attempt), RetryClass::Never))
                } else {
                    let e = SdkError::Timeout(TimeoutError {
                        kind,
                        limit,
                        attempts: attempt,
                    });
                    Err((e, RetryClass::Ambiguous))
                }
            }
        }
    }

    async fn send_once(
        &self,
        op: &OperationMeta,
        params: &Params,
        endpoint: &Endpoint,
        attempt: u32,
    ) -> Result<RawResponse, AttemptFailure> {
        let cfg = &*self.inner;
        let credentials = cfg
            .credentials
            .credentials()
            .await
            .map_err(|e| (SdkError::Credentials(e), RetryClass::Never))?;
        let nonce = uuid::Uuid::new_v4().to_string();
        let timestamp = timefmt::now();
        let request = request::build(&WireRequest {
            action: op.action,
            version: crate::config::API_VERSION,
            endpoint,
            method: cfg.http_method,
            signature: cfg.signature_version,
            credentials: &credentials,
            params,
            nonce: &nonce,
            timestamp: &timestamp,
            user_agent: &cfg.user_agent,
        });
        let sent_signature = signature_of(&request);
        let scrub = Scrubber::for_attempt(params, &credentials, sent_signature.as_deref());
        let url = redact::url(&request.url);
        tracing::debug!(method = %request.method, url = %scrub.display(&url), "sending request");
        tracing::trace!(
            headers = ?redact::Headers(&request.headers),
            params = ?params,
            body_len = request.body.len(),
            "request details"
        );
        let started = Instant::now();
        let result = cfg.transport.send(request).await;
        let latency_ms = started.elapsed().as_millis() as u64;
        let span = Span::current();
        span.record("latency_ms", latency_ms);
        let response = match result {
            Ok(r) => r,
            Err(e) => {
                let text = e.to_string();
                tracing::debug!(latency_ms, kind = ?e.kind, error = %scrub.display(&text), "transport error");
                let class = match e.kind {
                    HttpErrorKind::Invalid => RetryClass::Never,
                    _ if e.is_before_send() => RetryClass::NotSent,
                    _ => RetryClass::Ambiguous,
                };
                let error = match e.kind {
                    HttpErrorKind::ConnectTimeout => SdkError::Timeout(TimeoutError {
                        kind: TimeoutKind::Connect,
                        limit: cfg.timeouts.connect(),
                        attempts: attempt,
                    }),
                    HttpErrorKind::Timeout => SdkError::Timeout(TimeoutError {
                        kind: TimeoutKind::Attempt,
                        limit: cfg.timeouts.attempt().unwrap_or_default(),
                        attempts: attempt,
                    }),
                    _ => SdkError::Transport(TransportError {
                        message: e.message,
                        attempts: attempt,
                        source: e.source,
                    }),
                };
                return Err((scrub.error(error), class));
            }
        };
        span.record("status", response.status);
        let outcome = match response::interpret(op.action, &response) {
            Ok(raw) => Ok(RawResponse {
                scrubber: scrub,
                ..raw
            }),
            Err(e) => Err(scrub.error(e)),
        };
        let request_id = match &outcome {
            Ok(raw) => raw.request_id.clone(),
            Err(e) => e.request_id().map(str::to_string),
        };
        if let Some(id) = &request_id {
            span.record("request_id", id.as_str());
        }
        tracing::debug!(
            status = response.status,
            request_id = request_id.as_deref().unwrap_or(""),
            latency_ms,
            "response"
        );
        outcome.map_err(|e| {
            let class = classify(&e);
            (e, class)
        })
    }
}

/// The signature a request carries: the V1 `Signature` parameter (query or form body) or
/// the V3 `Signature=` of the `Authorization` header.
fn signature_of(request: &HttpRequest) -> Option<String> {
    let from_pairs = |encoded: &str| {
        encoded.split('&').find_map(|pair| {
            let value = pair.strip_prefix("Signature=")?;
            Some(
                percent_encoding::percent_decode_str(&value.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned(),
            )
        })
    };
    if let Some((_, auth)) = request.headers.iter().find(|(n, _)| n == "authorization") {
        return auth
            .split(',')
            .find_map(|part| part.trim().strip_prefix("Signature="))
            .map(str::to_string);
    }
    let query = request.url.split_once('?').map(|(_, q)| q).unwrap_or("");
    from_pairs(query).or_else(|| from_pairs(&String::from_utf8_lossy(&request.body)))
}

/// Whether an error answer is worth retrying.
fn classify(error: &Error) -> RetryClass {
    match error {
        SdkError::Service(s) if s.is_throttling() => RetryClass::Throttled,
        SdkError::Service(s) if s.is_retryable() => RetryClass::Ambiguous,
        SdkError::Decode(d) if d.http_status >= 500 => RetryClass::Ambiguous,
        _ => RetryClass::Never,
    }
}

/// Records the final attempt count in the error.
fn with_attempts(mut error: Error, attempts: u32) -> Error {
    match &mut error {
        SdkError::Service(s) => s.attempts = attempts,
        SdkError::Transport(t) => t.attempts = attempts,
        SdkError::Timeout(t) => t.attempts = attempts,
        SdkError::Decode(d) => d.attempts = attempts,
        SdkError::Credentials(c) => c.attempts = attempts,
        SdkError::Validation(_) | SdkError::Config(_) => {}
    }
    error
}

/// A one-line description of an error for logs: kind, code, status and request id, never
/// the service's message (which can echo the string to sign, security token included).
fn summary(error: &Error) -> String {
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
    fn error_classes() {
        let svc = |status, code: &str| SdkError::Service(ServiceError::new(status, code, "m"));
        assert_eq!(classify(&svc(400, "Throttling.Api")), RetryClass::Throttled);
        assert_eq!(
            classify(&svc(503, "ServiceUnavailable")),
            RetryClass::Ambiguous
        );
        assert_eq!(classify(&svc(500, "Whatever")), RetryClass::Ambiguous);
        assert_eq!(classify(&svc(400, "InvalidParameter")), RetryClass::Never);
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
