//! Testing code that uses the SDK without any server (feature `test-util`).
//!
//! [`StubTransport`] answers each `Action` with a canned reply and records what was
//! sent; [`StubTransport::client`] is a client wired to it. Every request still goes
//! through the real runtime: validation, signing, retries and decoding, so a test sees
//! what production code sees, typed errors included.
//!
//! ```
//! use alibabacloud_vpn::test_util::StubTransport;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let stub = StubTransport::new()
//!     .with_json(
//!         "DescribeVpnGateways",
//!         r#"{"TotalCount": 1, "VpnGateways": {"VpnGateway": [{"VpnGatewayId": "vpn-1", "Status": "active"}]}}"#,
//!     )
//!     .with_error("DeleteVpnGateway", 404, "InvalidVpnGatewayInstanceId.NotFound", "gone");
//! let client = stub.client();
//!
//! let page = client.describe_vpn_gateways().send().await.unwrap();
//! assert_eq!(page.vpn_gateways[0].vpn_gateway_id.as_deref(), Some("vpn-1"));
//!
//! let err = client.delete_vpn_gateway().vpn_gateway_id("vpn-1").send().await.unwrap_err();
//! assert!(err.is_not_found());
//!
//! let sent = stub.requests();
//! assert_eq!(sent[1].action, "DeleteVpnGateway");
//! assert_eq!(sent[1].param("VpnGatewayId"), Some("vpn-1"));
//! # }
//! ```
//!
//! For tests of whole workflows (resources that change state, waiters, paging), the
//! repository's `vpn-emulator` crate is a stateful local service instead.

use std::fmt;
use std::sync::{Arc, Mutex};

use futures_util::future::BoxFuture;
use serde_json::json;

use crate::Client;
use crate::config::ClientBuilder;
use crate::credentials::Credentials;
use crate::retry::RetryConfig;
use crate::transport::{HttpError, HttpRequest, HttpResponse, HttpTransport};

/// The region of [`StubTransport::client`].
pub const STUB_REGION: &str = "cn-hangzhou";
/// The endpoint of [`StubTransport::client`] (never contacted).
pub const STUB_ENDPOINT: &str = "https://stub.invalid";
/// The error code answered for an action without a reply.
pub const NO_REPLY_CODE: &str = "StubTransport.NoReply";

/// One request the stub received: the `Action` and every query and form parameter,
/// decoded, in order (signature parameters included).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StubRequest {
    /// The `Action` (V1 parameter or V3 `x-acs-action` header).
    pub action: String,
    /// Query and form parameters, decoded.
    pub params: Vec<(String, String)>,
}

impl StubRequest {
    /// The value of parameter `name`, if sent.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct State {
    replies: Vec<(String, HttpResponse)>,
    requests: Vec<StubRequest>,
}

/// A transport answering from canned replies, without a server. Cheap to clone; clones
/// share replies and recorded requests.
#[derive(Clone, Default)]
pub struct StubTransport {
    state: Arc<Mutex<State>>,
}

impl fmt::Debug for StubTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("StubTransport")
            .field("replies", &state.replies.len())
            .field("requests", &state.requests.len())
            .finish()
    }
}

impl StubTransport {
    /// A stub with no replies: every action is answered with [`NO_REPLY_CODE`].
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Answers `action` with this HTTP answer, every time (builder style; a later reply
    /// for the same action replaces it).
    pub fn with_response(self, action: impl Into<String>, response: HttpResponse) -> Self {
        let action = action.into();
        {
            let mut state = self.lock();
            state.replies.retain(|(a, _)| *a != action);
            state.replies.push((action, response));
        }
        self
    }

    /// Answers `action` with HTTP 200 and this JSON body (a `RequestId` is added when it
    /// has none) (builder style).
    pub fn with_json(self, action: impl Into<String>, body: impl Into<String>) -> Self {
        let response = HttpResponse::new(200, body.into())
            .with_header(
                crate::transport::HeaderName::from_static("content-type"),
                crate::transport::HeaderValue::from_static("application/json"),
            )
            .with_header(
                crate::transport::HeaderName::from_static("x-acs-request-id"),
                crate::transport::HeaderValue::from_static("STUB-REQUEST-ID"),
            );
        self.with_response(action, response)
    }

    /// Answers `action` with the service error `code` (builder style).
    pub fn with_error(
        self,
        action: impl Into<String>,
        status: u16,
        code: &str,
        message: &str,
    ) -> Self {
        let body = json!({"Code": code, "Message": message, "RequestId": "STUB-REQUEST-ID"});
        self.with_response(action, HttpResponse::new(status, body.to_string()))
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<StubRequest> {
        self.lock().requests.clone()
    }

    /// A client builder wired to this stub: dummy credentials, region [`STUB_REGION`],
    /// endpoint [`STUB_ENDPOINT`], retries off. Adjust it, then `build()`.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .transport(Arc::new(self.clone()))
            .credentials(Credentials::new(
                "stub-access-key-id",
                "stub-access-key-secret",
            ))
            .region_id(STUB_REGION)
            .endpoint(STUB_ENDPOINT)
            .retry(RetryConfig::disabled())
    }

    /// A client wired to this stub (see [`StubTransport::client_builder`]).
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .expect("the stub's fixed configuration is valid")
    }
}

/// `a=b&c=d` decoded (`+` is a space).
fn decode_pairs(encoded: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    encoded
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(pair), String::new()),
        })
        .collect()
}

impl HttpTransport for StubTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        let query = request.url.split_once('?').map(|(_, q)| q).unwrap_or("");
        let mut params = decode_pairs(query);
        params.extend(decode_pairs(&String::from_utf8_lossy(&request.body)));
        let action = request
            .header("x-acs-action")
            .map(str::to_string)
            .or_else(|| {
                params
                    .iter()
                    .find(|(n, _)| n == "Action")
                    .map(|(_, v)| v.clone())
            })
            .unwrap_or_default();
        let mut state = self.lock();
        let reply = state
            .replies
            .iter()
            .find(|(a, _)| *a == action)
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| {
                let body = json!({
                    "Code": NO_REPLY_CODE,
                    "Message": format!("the StubTransport has no reply for `{action}`"),
                    "RequestId": "STUB-REQUEST-ID",
                });
                HttpResponse::new(501, body.to_string())
            });
        state.requests.push(StubRequest { action, params });
        Box::pin(async move { Ok(reply) })
    }
}
