//! API errors: the Alibaba error envelope, with status and message taken from the spec
//! (the operation's documented errors, then the service's common errors) and, for the
//! few situations the spec does not document, from the [`EMULATOR_ERRORS`] table.

use serde_json::{Map, Value, json};
use vpn_spec::Spec;

use crate::spec;

/// The `HostId` every answer names.
pub const HOST_ID: &str = "vpc.aliyuncs.com";

/// Error codes the emulator produces that the spec does not document, with the HTTP status
/// and message used: `(code, status, message)`. Codes the spec documents always win.
pub const EMULATOR_ERRORS: &[(&str, u16, &str)] = &[
    (
        "DependencyViolation.VpnConnection",
        400,
        "There are vpn connections on specified gateway not deleted.",
    ),
    (
        "DependencyViolation.SslVpnServer",
        400,
        "There is SSL VPN server on specified vpn gateway not deleted.",
    ),
    (
        "DependencyViolation.SslVpnClientCert",
        400,
        "There are SSL VPN client certificates on specified SSL VPN server not deleted.",
    ),
    (
        "VpnGateway.SslVpnDisabled",
        400,
        "The SSL-VPN function of the specified vpn gateway is not enabled.",
    ),
    (
        "VpnGateway.IpsecVpnDisabled",
        400,
        "The IPsec-VPN function of the specified vpn gateway is not enabled.",
    ),
    (
        "IllegalParam.ClientIpPool",
        400,
        "The specified ClientIpPool overlaps with the specified LocalSubnet.",
    ),
    (
        "InvalidSslVpnServerId.NotFound",
        404,
        "The specified ssl vpn server id does not exist.",
    ),
    (
        "InvalidSslVpnClientCertId.NotFound",
        404,
        "The specified ssl vpn client cert id does not exist.",
    ),
    (
        "InvalidVpnRouteEntry.NotFound",
        404,
        "The specified vpn route entry does not exist.",
    ),
    (
        "InvalidVpnRouteEntry.AlreadyExist",
        400,
        "The specified vpn route entry already exists.",
    ),
    (
        "InvalidVersion",
        400,
        "Specified parameter Version is not valid.",
    ),
    (
        "RequestEntityTooLarge",
        413,
        "The request body is larger than the emulator accepts.",
    ),
    (
        "MalformedRequest",
        400,
        "The request body could not be read (malformed chunked encoding or an incomplete body).",
    ),
    (
        "RequestTimeout",
        408,
        "The request body did not arrive in time.",
    ),
    (
        "NotImplemented",
        501,
        "The emulator does not implement this operation.",
    ),
];

/// An error answer: HTTP status, `Code`, `Message`, plus extra response headers
/// (e.g. `x-ratelimit-user-api` on throttling).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// The `Code` field.
    pub code: String,
    /// The `Message` field.
    pub message: String,
    /// Extra response headers.
    pub headers: Vec<(String, String)>,
}

impl ApiError {
    /// The error `code` as documented for `action` (or the service, or the emulator's own
    /// table), with its documented message.
    pub fn of(action: Option<&str>, code: &str) -> Self {
        let (status, message) = lookup(action, code);
        Self::new(status, code, message)
    }

    /// Like [`ApiError::of`], documented by `spec` (the spec being served, which may not
    /// be the embedded one).
    pub fn documented(spec: &Spec, action: Option<&str>, code: &str) -> Self {
        let (status, message) = lookup_in(spec, action, code).unwrap_or_else(|| generic(code));
        Self::new(status, code, message)
    }

    /// Like [`ApiError::documented`], with `status` and `message` when neither `spec` nor
    /// the emulator's table knows `code` (a code derived from data, such as a
    /// resource's not-found code or `DependencyViolation.<Resource>`).
    pub fn documented_or(
        spec: &Spec,
        action: Option<&str>,
        code: &str,
        status: u16,
        message: impl Into<String>,
    ) -> Self {
        match lookup_in(spec, action, code) {
            Some((status, message)) => Self::new(status, code, message),
            None => Self::new(status, code, message.into()),
        }
    }

    fn new(status: u16, code: &str, message: String) -> Self {
        Self {
            status,
            code: code.to_string(),
            message,
            headers: Vec::new(),
        }
    }

    /// Like [`ApiError::of`] with a specific message.
    pub fn with_message(action: Option<&str>, code: &str, message: impl Into<String>) -> Self {
        let mut e = Self::of(action, code);
        e.message = message.into();
        e
    }

    /// `MissingParameter`, naming the parameter.
    pub fn missing(name: &str) -> Self {
        Self::with_message(
            None,
            "MissingParameter",
            format!(
                "The input parameter \"{name}\" that is mandatory for processing this request is not supplied."
            ),
        )
    }

    /// `InvalidParameter`, naming the parameter and what is wrong.
    pub fn invalid(name: &str, detail: &str) -> Self {
        Self::with_message(
            None,
            "InvalidParameter",
            format!("The specified parameter \"{name}\" is not valid: {detail}."),
        )
    }

    /// Adds a response header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// The JSON body: `RequestId`, `HostId`, `Code`, `Message`, `Recommend`.
    pub fn body(&self, request_id: &str) -> Value {
        let mut m = Map::new();
        m.insert("RequestId".into(), json!(request_id));
        m.insert("HostId".into(), json!(HOST_ID));
        m.insert("Code".into(), json!(self.code));
        m.insert("Message".into(), json!(self.message));
        m.insert(
            "Recommend".into(),
            json!(format!(
                "https://api.aliyun.com/troubleshoot?q={}&product=Vpc",
                self.code
            )),
        );
        Value::Object(m)
    }
}

/// Status and message of `code`: the embedded spec (the operation, the common errors,
/// then any other operation), then the emulator's table, else 400 with a generic message.
pub fn lookup(action: Option<&str>, code: &str) -> (u16, String) {
    let found = match spec::loaded() {
        Some(spec) => lookup_in(spec, action, code),
        None => table(code),
    };
    found.unwrap_or_else(|| generic(code))
}

/// Status and message of `code` as `spec` documents it (the operation, the common
/// errors, then any other operation), then as the emulator's table has it.
pub fn lookup_in(spec: &Spec, action: Option<&str>, code: &str) -> Option<(u16, String)> {
    let documented = spec::documented_error(spec, action, code).or_else(|| {
        // Documented by another operation (e.g. a not-found code reused by a route
        // operation that checks its next hop).
        spec.operations
            .values()
            .flat_map(|op| op.errors.iter())
            .find(|e| e.code == code)
    });
    match documented {
        Some(e) => Some((e.status, e.message.clone())),
        None => table(code),
    }
}

fn table(code: &str) -> Option<(u16, String)> {
    EMULATOR_ERRORS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, status, message)| (*status, (*message).to_string()))
}

fn generic(code: &str) -> (u16, String) {
    (400, format!("The request failed with error {code}."))
}
