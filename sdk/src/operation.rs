//! Every operation of the API, one module each (`operation::describe_vpn_gateways`...):
//! its input and input builder, output, error enum with one variant per documented code,
//! fluent builder and, when it pages, its paginator. Most code reaches them through the
//! client's methods (`client.describe_vpn_gateways()`); the [`Operation`] trait sends an
//! input built ahead of time.

use serde_json::Value;

use crate::Client;
use crate::decode::Structure;
use crate::error::{DecodeError, ProvideServiceError, SdkError, ServiceError, ValidationError};
use crate::params::Params;
use crate::scrub::Scrubber;

/// The generated operation modules (`operation::describe_vpn_gateways`, ...).
pub use crate::generated::operation::*;

/// Keeps [`Operation`] implemented by generated inputs only.
pub(crate) mod sealed {
    /// The supertrait no type outside the crate can implement.
    pub trait Sealed {}
}

/// Static facts about an operation, from the spec.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationMeta {
    /// The `Action` name, e.g. `CreateVpnGateway`.
    pub action: &'static str,
    /// Whether the operation only reads (always safe to retry).
    pub read_only: bool,
    /// The idempotency-token parameter (`ClientToken`), when the operation has one. The
    /// runtime fills it once before the first attempt if the caller left it unset.
    pub idempotency_token: Option<&'static str>,
}

/// A successful answer: the decoded JSON (envelope stripped) and its context.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    /// The request id from the body, when present.
    pub request_id: Option<String>,
    /// The JSON body with any `<Action>Response` envelope removed.
    pub json: Value,
    /// The raw body, as received (shared, not copied; turned into text only when a
    /// decode error needs it).
    pub body: bytes::Bytes,
    /// How many attempts the call took.
    pub attempts: u32,
    /// The call's secrets, scrubbed from a decode error's text.
    pub(crate) scrubber: Scrubber,
}

impl RawResponse {
    /// Adds this response's context (status, request id, raw body) to a decode error,
    /// with the call's secrets scrubbed from it.
    pub fn decode_error(&self, mut error: DecodeError) -> DecodeError {
        error.http_status = self.status;
        error.request_id = self.request_id.clone();
        error.body = String::from_utf8_lossy(&self.body).into_owned();
        error.attempts = self.attempts;
        self.scrubber.decode_error(error)
    }
}

/// An operation's input that can be sent on its own: implemented by every generated
/// `<Operation>Input`.
///
/// The fluent builders (`client.describe_vpn_gateways()...send()`) use this too; call it
/// directly when the input is built ahead of time:
///
/// ```no_run
/// # async fn example(client: &alibabacloud_vpn::Client) -> Result<(), Box<dyn std::error::Error>> {
/// use alibabacloud_vpn::operation::Operation;
/// use alibabacloud_vpn::operation::describe_vpn_gateways::DescribeVpnGatewaysInput;
///
/// let input = DescribeVpnGatewaysInput::builder().vpc_id("vpc-123").build()?;
/// let output = client.send(input.clone()).await?;
/// // or, equivalently:
/// let again = input.send_with(client).await?;
/// # let _ = (output, again);
/// # Ok(())
/// # }
/// ```
///
/// The trait is sealed: only the generated inputs implement it.
pub trait Operation: sealed::Sealed + Clone + Send + Sync + 'static {
    /// The decoded answer.
    type Output: Structure + Send + 'static;
    /// The operation's service-error type (one variant per documented error code).
    type Error: From<ServiceError> + ProvideServiceError + Send + 'static;

    /// Static facts about the operation.
    #[doc(hidden)]
    const META: OperationMeta;

    /// The wire name of the region parameter when the operation requires one. When the
    /// input leaves it unset, the client's configured region fills it; when neither is
    /// set, sending fails with a validation error naming this parameter.
    #[doc(hidden)]
    const REQUIRED_REGION: Option<&'static str>;

    /// Checks every documented rule (required parameters, values, lengths, patterns...)
    /// except the presence of [`REQUIRED_REGION`](Self::REQUIRED_REGION), which is checked
    /// when sending, after the client's region has been applied.
    #[doc(hidden)]
    fn validate(&self, checks: crate::validate::Checks) -> Result<(), ValidationError>;

    /// The request parameters in wire form (without the common parameters).
    #[doc(hidden)]
    fn to_params(&self) -> Params;

    /// Sets the region parameter, when the operation has one (waiters use it).
    #[doc(hidden)]
    fn set_region(&mut self, region: String);

    /// Validates, fills the region from the client when unset, sends through `client`
    /// and decodes the answer. Nothing is sent when validation fails.
    fn send_with(
        self,
        client: &Client,
    ) -> impl Future<Output = Result<Self::Output, SdkError<Self::Error>>> + Send {
        crate::orchestrator::send(client, self)
    }
}

impl Client {
    /// Sends a whole operation input built ahead of time (see [`Operation`]).
    pub async fn send<O: Operation>(&self, input: O) -> Result<O::Output, SdkError<O::Error>> {
        input.send_with(self).await
    }
}
