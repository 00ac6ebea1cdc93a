//! Errors: one type, [`SdkError`], whose kinds users can match.
//!
//! `SdkError<E>` is generic over the service-error type: every operation returns
//! `SdkError<OperationError>` where `OperationError` (e.g.
//! `CreateVpnGatewayError`) lists that operation's documented codes. [`Error`] is the
//! operation-agnostic form, `SdkError<ServiceError>`; any `SdkError<E>` converts into it.

use std::fmt;
use std::time::Duration;

/// The error of every SDK call. `E` is the operation's service-error type.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E = ServiceError> {
    /// The request is invalid (missing or bad parameter); nothing was sent.
    Validation(ValidationError),
    /// The client configuration is unusable (for example a malformed endpoint URL).
    Config(ConfigError),
    /// No usable credentials could be obtained.
    Credentials(CredentialsError),
    /// The request could not be sent or the response could not be read.
    Transport(TransportError),
    /// A timeout expired (connect, one attempt, or the whole operation).
    Timeout(TimeoutError),
    /// The service answered with an error.
    Service(E),
    /// The service answered, but the body could not be decoded.
    Decode(DecodeError),
}

/// The operation-agnostic error: what the runtime produces and what every
/// `SdkError<E>` converts into.
pub type Error = SdkError<ServiceError>;

/// Implemented by every service-error type (the generic [`ServiceError`] and each
/// operation's generated error enum): access to the error's metadata.
pub trait ProvideServiceError: fmt::Debug + fmt::Display {
    /// The underlying service error with code, message, request id and status.
    fn service_error(&self) -> &ServiceError;
}

/// An error answer from the service.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceError {
    /// Error code, e.g. `InvalidVpnGatewayInstanceId.NotFound`.
    pub code: String,
    /// Human-readable message from the service.
    pub message: String,
    /// The request id the service assigned.
    pub request_id: Option<String>,
    /// The host that answered.
    pub host_id: Option<String>,
    /// The service's recommendation (often a link to a diagnosis page).
    pub recommend: Option<String>,
    /// HTTP status of the answer.
    pub http_status: u16,
    /// How many attempts were made in all (1 when the first attempt failed for good).
    pub attempts: u32,
    /// How long the service asked the caller to wait (from `x-ratelimit-*` `TimeLeft`).
    pub retry_after: Option<Duration>,
}

impl ServiceError {
    /// A service error with the given status, code and message; other fields empty.
    pub fn new(http_status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            request_id: None,
            host_id: None,
            recommend: None,
            http_status,
            attempts: 1,
            retry_after: None,
        }
    }

    /// Sets the request id (builder style, useful in users' tests).
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Error code.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// Message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Request id, when the service sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Recommendation, when the service sent one.
    pub fn recommend(&self) -> Option<&str> {
        self.recommend.as_deref()
    }

    /// HTTP status.
    pub fn http_status(&self) -> u16 {
        self.http_status
    }

    /// Whether the code is one of the throttling codes.
    pub fn is_throttling(&self) -> bool {
        crate::retry::classify::is_throttling_code(&self.code)
    }

    /// Whether the error says a resource the request names does not exist (for example
    /// `InvalidVpnGatewayInstanceId.NotFound`): HTTP 404 or a `.NotFound` code, and not
    /// one of the service-wide codes (`InvalidAccessKeyId.NotFound` is about the
    /// caller's key, not a resource).
    pub fn is_not_found(&self) -> bool {
        (self.http_status == 404 || self.code.ends_with(".NotFound"))
            && !crate::generated::COMMON_ERROR_CODES.contains(&self.code.as_str())
    }

    /// Whether this is the service's answer to a dry run that passed every check
    /// (`DryRunOperation`): not a failure, the request would have been carried out
    /// without its `DryRun` flag.
    pub fn is_dry_run(&self) -> bool {
        crate::generated::DRY_RUN_ERROR_CODE == Some(self.code.as_str())
    }

    /// Whether retrying can help: throttling, `ServiceUnavailable`, `InternalError`,
    /// HTTP 500, 502, 503 and 504 (never `501 Not Implemented`). The same rule the
    /// client's retries follow.
    pub fn is_retryable(&self) -> bool {
        self.is_throttling() || crate::retry::classify::is_transient(&self.code, self.http_status)
    }
}

impl fmt::Debug for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("code", &self.code)
            .field("message", &self.message)
            .field("request_id", &self.request_id)
            .field("host_id", &self.host_id)
            .field("recommend", &self.recommend)
            .field("http_status", &self.http_status)
            .field("attempts", &self.attempts)
            .field("retry_after", &self.retry_after)
            .finish()
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (HTTP {}): {}",
            self.code, self.http_status, self.message
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " [request id: {id}]")?;
        }
        if let Some(r) = &self.recommend {
            write!(f, " [recommend: {r}]")?;
        }
        write_attempts(f, self.attempts)
    }
}

/// ` (after N attempt[s])`.
fn write_attempts(f: &mut fmt::Formatter<'_>, attempts: u32) -> fmt::Result {
    let plural = if attempts == 1 { "" } else { "s" };
    write!(f, " (after {attempts} attempt{plural})")
}

impl std::error::Error for ServiceError {}

impl ProvideServiceError for ServiceError {
    fn service_error(&self) -> &ServiceError {
        self
    }
}

/// A request parameter is missing or breaks a documented rule. Raised before any I/O.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidationError {
    /// Wire name of the parameter; nested members are dotted (`IkeConfig.IkeLifetime`).
    pub parameter: String,
    /// The rule that was broken.
    pub rule: ValidationRule,
}

/// The rule a [`ValidationError`] reports.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValidationRule {
    /// A required parameter is absent.
    Missing,
    /// A number is not one of the allowed values or ranges (described in the text).
    NotAllowed {
        /// The offending value.
        value: String,
        /// The allowed values, described, e.g. `one of 5, 10, 20, 50, 100`.
        allowed: String,
    },
    /// A value is explicitly forbidden (e.g. a reserved port).
    Forbidden {
        /// The offending value.
        value: String,
    },
    /// A string is shorter or longer than allowed.
    Length {
        /// Actual length in characters.
        actual: usize,
        /// Minimum length, if any.
        min: Option<u32>,
        /// Maximum length, if any.
        max: Option<u32>,
    },
    /// A string does not match the documented pattern.
    Pattern {
        /// English description of the pattern.
        description: String,
    },
    /// A string starts with a forbidden prefix.
    Prefix {
        /// The prefix.
        prefix: String,
    },
    /// A string contains non-ASCII characters where only ASCII is allowed.
    NotAscii,
    /// Any other rule, described in English.
    Other(String),
}

impl ValidationError {
    /// A validation error for `parameter` breaking `rule`.
    pub fn new(parameter: impl Into<String>, rule: ValidationRule) -> Self {
        Self {
            parameter: parameter.into(),
            rule,
        }
    }

    /// The error with its parameter name prefixed by `outer.` (for nested members).
    pub fn nested_in(mut self, outer: &str) -> Self {
        self.parameter = format!("{outer}.{}", self.parameter);
        self
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = &self.parameter;
        match &self.rule {
            ValidationRule::Missing => write!(f, "missing required parameter `{p}`"),
            ValidationRule::NotAllowed { value, allowed } => {
                write!(
                    f,
                    "invalid parameter `{p}`: {value} is not allowed (must be {allowed})"
                )
            }
            ValidationRule::Forbidden { value } => {
                write!(f, "invalid parameter `{p}`: {value} is a forbidden value")
            }
            ValidationRule::Length { actual, min, max } => {
                write!(
                    f,
                    "invalid parameter `{p}`: length {actual} is out of range ("
                )?;
                match (min, max) {
                    (Some(a), Some(b)) => write!(f, "{a} to {b} characters)"),
                    (Some(a), None) => write!(f, "at least {a} characters)"),
                    (None, Some(b)) => write!(f, "at most {b} characters)"),
                    (None, None) => write!(f, "unbounded)"),
                }
            }
            ValidationRule::Pattern { description } => {
                write!(f, "invalid parameter `{p}`: must {description}")
            }
            ValidationRule::Prefix { prefix } => {
                write!(f, "invalid parameter `{p}`: must not start with `{prefix}`")
            }
            ValidationRule::NotAscii => {
                write!(
                    f,
                    "invalid parameter `{p}`: only ASCII characters are allowed"
                )
            }
            ValidationRule::Other(text) => write!(f, "invalid parameter `{p}`: {text}"),
        }
    }
}

impl std::error::Error for ValidationError {}

/// The client configuration is unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConfigError {
    /// What is wrong.
    pub message: String,
}

impl ConfigError {
    /// A configuration error with the given message.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid configuration: {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// No usable credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CredentialsError {
    /// What went wrong.
    pub message: String,
    /// The sources tried, in order, each with why it gave nothing.
    pub tried: Vec<String>,
    /// How many attempts of the call were made, the last one stopped before sending for
    /// want of credentials (0 when the error did not come from a call).
    pub attempts: u32,
}

impl CredentialsError {
    /// A credentials error with the given message and no sources tried.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            tried: Vec::new(),
            attempts: 0,
        }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "credentials error: {}", self.message)?;
        if !self.tried.is_empty() {
            write!(f, " (tried: {})", self.tried.join("; "))?;
        }
        if self.attempts > 0 {
            write_attempts(f, self.attempts)?;
        }
        Ok(())
    }
}

impl std::error::Error for CredentialsError {}

/// The request could not be sent, or the response could not be read. `Display` says
/// what failed; the underlying error is the [`source`](std::error::Error::source).
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// What failed, in English.
    pub message: String,
    /// How many attempts were made in all.
    pub attempts: u32,
    /// The underlying error.
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "transport error: {}", self.message)?;
        write_attempts(f, self.attempts)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Which timeout expired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Establishing the connection.
    Connect,
    /// One attempt (request sent, answer read).
    Attempt,
    /// The whole operation, retries included.
    Operation,
}

/// A timeout expired.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TimeoutError {
    /// Which timeout.
    pub kind: TimeoutKind,
    /// The configured limit.
    pub limit: Duration,
    /// How many attempts were made in all.
    pub attempts: u32,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TimeoutKind::Connect => "connect",
            TimeoutKind::Attempt => "attempt",
            TimeoutKind::Operation => "operation",
        };
        write!(f, "{what} timeout after {:?}", self.limit)?;
        write_attempts(f, self.attempts)
    }
}

impl std::error::Error for TimeoutError {}

/// The service answered, but the body could not be decoded.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// What was wrong.
    pub message: String,
    /// JSON path of the offending value (`VpnGateways.VpnGateway[0].Bandwidth`), if known.
    pub path: String,
    /// HTTP status of the answer.
    pub http_status: u16,
    /// Request id, when it could be read.
    pub request_id: Option<String>,
    /// The raw body, as received (lossily decoded as UTF-8).
    pub body: String,
    /// How many attempts were made in all (0 when the error did not come from a call).
    pub attempts: u32,
}

impl DecodeError {
    /// A decode error at `path`, without response context (filled in by the runtime).
    pub fn at(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            path: path.into(),
            http_status: 0,
            request_id: None,
            body: String::new(),
            attempts: 0,
        }
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("message", &self.message)
            .field("path", &self.path)
            .field("http_status", &self.http_status)
            .field("request_id", &self.request_id)
            .field("body_len", &self.body.len())
            .field("attempts", &self.attempts)
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot decode response")?;
        if !self.path.is_empty() {
            write!(f, " at `{}`", self.path)?;
        }
        write!(f, ": {}", self.message)?;
        if self.http_status != 0 {
            write!(f, " (HTTP {})", self.http_status)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id: {id}]")?;
        }
        if self.attempts > 0 {
            write_attempts(f, self.attempts)?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

impl<E> SdkError<E> {
    /// Converts the service-error part with `f`, keeping every other kind.
    pub fn map_service<F, E2>(self, f: F) -> SdkError<E2>
    where
        F: FnOnce(E) -> E2,
    {
        match self {
            SdkError::Validation(e) => SdkError::Validation(e),
            SdkError::Config(e) => SdkError::Config(e),
            SdkError::Credentials(e) => SdkError::Credentials(e),
            SdkError::Transport(e) => SdkError::Transport(e),
            SdkError::Timeout(e) => SdkError::Timeout(e),
            SdkError::Service(e) => SdkError::Service(f(e)),
            SdkError::Decode(e) => SdkError::Decode(e),
        }
    }

    /// The operation's service error, when the service answered with one: match it on
    /// the operation's documented codes.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The operation's service error, or this error back when it is of another kind.
    pub fn into_service_error(self) -> Result<E, Self> {
        match self {
            SdkError::Service(e) => Ok(e),
            other => Err(other),
        }
    }
}

impl<E: ProvideServiceError> SdkError<E> {
    /// The operation-agnostic form of this error.
    pub fn into_generic(self) -> Error {
        self.map_service(|e| e.service_error().clone())
    }

    /// The service error code, when the service answered with an error.
    pub fn code(&self) -> Option<&str> {
        self.as_service_error()
            .map(|e| e.service_error().code.as_str())
    }

    /// The service's message, when the service answered with an error.
    pub fn message(&self) -> Option<&str> {
        self.as_service_error()
            .map(|e| e.service_error().message.as_str())
    }

    /// The request id, when the service answered.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            SdkError::Service(e) => e.service_error().request_id.as_deref(),
            SdkError::Decode(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status, when the service answered.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            SdkError::Service(e) => Some(e.service_error().http_status),
            SdkError::Decode(e) => Some(e.http_status),
            _ => None,
        }
    }

    /// How many attempts were made (`None` for validation and configuration errors,
    /// found before any attempt).
    pub fn attempts(&self) -> Option<u32> {
        match self {
            SdkError::Service(e) => Some(e.service_error().attempts),
            SdkError::Transport(e) => Some(e.attempts),
            SdkError::Timeout(e) => Some(e.attempts),
            SdkError::Decode(e) if e.attempts > 0 => Some(e.attempts),
            SdkError::Credentials(e) if e.attempts > 0 => Some(e.attempts),
            _ => None,
        }
    }

    /// Whether the service throttled the call (`Throttling`, `Throttling.User`,
    /// `Throttling.Api`).
    pub fn is_throttling(&self) -> bool {
        self.as_service_error()
            .is_some_and(|e| e.service_error().is_throttling())
    }

    /// Whether the service said a resource the request names does not exist (see
    /// [`ServiceError::is_not_found`]).
    pub fn is_not_found(&self) -> bool {
        self.as_service_error()
            .is_some_and(|e| e.service_error().is_not_found())
    }

    /// Whether the service answered a dry run that passed every check (see
    /// [`ServiceError::is_dry_run`]): a call sent with `DryRun` set to `true` that would
    /// have succeeded.
    ///
    /// ```no_run
    /// # async fn demo(client: &alibabacloud_vpn::Client) {
    /// let checked = client
    ///     .create_vpn_route_entry()
    ///     .vpn_gateway_id("vpn-...")
    ///     .route_dest("10.0.0.0/24")
    ///     .next_hop("vco-...")
    ///     .weight(0)
    ///     .publish_vpc(true)
    ///     .dry_run(true)
    ///     .send()
    ///     .await;
    /// match checked {
    ///     Err(e) if e.is_dry_run() => println!("the request would succeed"),
    ///     Err(e) => println!("it would fail: {e}"),
    ///     Ok(_) => unreachable!("a dry run never acts"),
    /// }
    /// # }
    /// ```
    pub fn is_dry_run(&self) -> bool {
        self.as_service_error()
            .is_some_and(|e| e.service_error().is_dry_run())
    }

    /// Whether retrying the call later can help (throttling, 5xx, transport errors,
    /// timeouts).
    pub fn is_retryable(&self) -> bool {
        match self {
            SdkError::Service(e) => e.service_error().is_retryable(),
            SdkError::Transport(_) | SdkError::Timeout(_) => true,
            _ => false,
        }
    }
}

/// The kind's own description and how many attempts were made (validation and
/// configuration errors: that nothing was sent). The underlying error of a transport
/// failure is not repeated here: it is the [`source`](std::error::Error::source).
impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::Validation(e) => write!(f, "{e} (nothing was sent)"),
            SdkError::Config(e) => write!(f, "{e} (nothing was sent)"),
            SdkError::Credentials(e) => e.fmt(f),
            SdkError::Transport(e) => e.fmt(f),
            SdkError::Timeout(e) => e.fmt(f),
            SdkError::Service(e) => write!(f, "service error: {e}"),
            SdkError::Decode(e) => e.fmt(f),
        }
    }
}

/// `Display` already describes the error's kind (a [`ServiceError`], a
/// [`TransportError`]...), so `source` skips it and returns what lies below: the
/// transport's underlying error, nothing for the others. Each message of a chain is
/// printed once.
impl<E: fmt::Debug + fmt::Display + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SdkError::Transport(e) => std::error::Error::source(e),
            _ => None,
        }
    }
}

impl<E> From<ValidationError> for SdkError<E> {
    fn from(e: ValidationError) -> Self {
        SdkError::Validation(e)
    }
}

impl<E> From<DecodeError> for SdkError<E> {
    fn from(e: DecodeError) -> Self {
        SdkError::Decode(e)
    }
}

pub use crate::unhandled::Unhandled;
