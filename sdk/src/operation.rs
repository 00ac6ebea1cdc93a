//! The seam between generated operations and the hand-written runtime.
//!
//! A generated fluent builder validates its input, turns it into [`Params`], and calls
//! [`Client::invoke`](crate::Client) with the operation's [`OperationMeta`]. The runtime
//! fills `RegionId`/`ClientToken`, signs, sends, retries and hands back a
//! [`RawResponse`], which the generated output type decodes.

use serde_json::Value;

use crate::error::DecodeError;

/// Static facts about an operation, from the spec.
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
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    /// The request id from the body, when present.
    pub request_id: Option<String>,
    /// The JSON body with any `<Action>Response` envelope removed.
    pub json: Value,
    /// The raw body text.
    pub body: String,
}

impl RawResponse {
    /// Adds this response's context (status, request id, raw body) to a decode error.
    pub fn decode_error(&self, mut error: DecodeError) -> DecodeError {
        error.http_status = self.status;
        error.request_id = self.request_id.clone();
        error.body = self.body.clone();
        error
    }
}
