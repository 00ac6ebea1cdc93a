//! What the providers that talk to a service share: a transport (given, or the bundled
//! one built on first use), every request bounded in time and size, and the parsing of
//! the temporary credentials they all receive (`AccessKeyId`, `AccessKeySecret`,
//! `SecurityToken`, `Expiration`).

use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use serde_json::{Map, Value};

use super::Credentials;
use crate::error::CredentialsError;
use crate::transport::{HttpRequest, HttpResponse, HttpTransport};

/// The largest answer a credentials provider reads: 64 KiB. Real answers are about 2 KB
/// (an STS token is the longest part); anything longer is refused, not parsed.
pub const MAX_CREDENTIALS_RESPONSE_BYTES: usize = 64 * 1024;

/// A provider's HTTP side: the transport and the time limit of each request.
#[derive(Debug, Clone)]
pub(crate) struct ProviderHttp {
    /// Connect timeout of the bundled transport (a given transport has its own).
    connect_timeout: Duration,
    /// Limit of one whole request: connecting, sending, reading the answer.
    timeout: Duration,
    /// The bundled transport ignores proxy settings (for link-local services).
    no_proxy: bool,
    transport: Arc<OnceLock<Arc<dyn HttpTransport>>>,
}

/// A failed request; `unreachable` when nothing answered at all (the request never
/// reached a server, or no answer came in time).
pub(crate) struct HttpFailure {
    pub why: String,
    #[cfg_attr(not(feature = "ecs"), allow(dead_code))]
    pub unreachable: bool,
}

impl ProviderHttp {
    /// Requests limited to `timeout` each; the bundled transport connects within
    /// `connect_timeout` and, when `no_proxy`, never through a proxy.
    pub(crate) fn new(connect_timeout: Duration, timeout: Duration, no_proxy: bool) -> Self {
        Self {
            connect_timeout,
            timeout,
            no_proxy,
            transport: Arc::new(OnceLock::new()),
        }
    }

    pub(crate) fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
        self.connect_timeout = self.connect_timeout.min(timeout);
    }

    pub(crate) fn set_transport(&mut self, transport: Arc<dyn HttpTransport>) {
        let cell = OnceLock::new();
        let _ = cell.set(transport);
        self.transport = Arc::new(cell);
    }

    fn transport(&self) -> Result<Arc<dyn HttpTransport>, String> {
        if let Some(t) = self.transport.get() {
            return Ok(t.clone());
        }
        let built = self.bundled()?;
        Ok(self.transport.get_or_init(|| built).clone())
    }

    #[cfg(feature = "reqwest")]
    fn bundled(&self) -> Result<Arc<dyn HttpTransport>, String> {
        use crate::transport::ReqwestTransport;
        let t = if self.no_proxy {
            ReqwestTransport::without_proxy(self.connect_timeout)
        } else {
            ReqwestTransport::new(self.connect_timeout)
        };
        t.map(|t| Arc::new(t) as Arc<dyn HttpTransport>)
            .map_err(|e| e.message)
    }

    #[cfg(not(feature = "reqwest"))]
    fn bundled(&self) -> Result<Arc<dyn HttpTransport>, String> {
        let _ = (self.connect_timeout, self.no_proxy);
        Err(
            "no HTTP transport: this build of alibabacloud-vpn has no bundled one (enable \
             the `rustls` or `native-tls` feature), so give the provider one with \
             `with_transport`"
                .to_string(),
        )
    }

    /// Sends `request` and reads the answer, within the time limit and at most
    /// [`MAX_CREDENTIALS_RESPONSE_BYTES`]. Any status is an answer.
    pub(crate) async fn send(&self, request: HttpRequest) -> Result<HttpResponse, HttpFailure> {
        let transport = self.transport().map_err(|why| HttpFailure {
            why,
            unreachable: true,
        })?;
        // The transport stops reading at the limit (the bundled one while the body
        // streams); the length check below covers transports that cannot.
        let request = request.with_max_response_bytes(MAX_CREDENTIALS_RESPONSE_BYTES);
        let response = match tokio::time::timeout(self.timeout, transport.send(request)).await {
            Err(_) => {
                return Err(HttpFailure {
                    why: format!("no answer within {:?}", self.timeout),
                    unreachable: true,
                });
            }
            // The transport stopped reading at the limit.
            Ok(Err(e)) if e.kind == crate::transport::HttpErrorKind::BodyTooLarge => {
                return Err(too_long());
            }
            Ok(Err(e)) => {
                return Err(HttpFailure {
                    why: chain(&e),
                    unreachable: e.is_before_send(),
                });
            }
            Ok(Ok(r)) => r,
        };
        if response.body.len() > MAX_CREDENTIALS_RESPONSE_BYTES {
            return Err(too_long());
        }
        Ok(response)
    }
}

/// An error and its sources, `: `-separated (a credentials error is one message).
/// An answer over [`MAX_CREDENTIALS_RESPONSE_BYTES`], however the transport noticed.
fn too_long() -> HttpFailure {
    HttpFailure {
        why: format!("the answer is longer than {MAX_CREDENTIALS_RESPONSE_BYTES} bytes; not read"),
        unreachable: false,
    }
}

fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut next = error.source();
    while let Some(e) = next {
        text.push_str(": ");
        text.push_str(&e.to_string());
        next = e.source();
    }
    text
}

/// Reads temporary credentials from a JSON object with `AccessKeyId`,
/// `AccessKeySecret`, `SecurityToken` and `Expiration` (`YYYY-MM-DDThh:mm:ssZ`).
/// Credentials that have already expired are an error: using them could only fail, and
/// caching them would fetch them again on every call.
pub(crate) fn session_credentials(
    doc: &Map<String, Value>,
    bad: impl Fn(&str) -> CredentialsError,
) -> Result<Credentials, CredentialsError> {
    let field = |k: &str| {
        doc.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let id = field("AccessKeyId").ok_or_else(|| bad("no AccessKeyId"))?;
    let secret = field("AccessKeySecret").ok_or_else(|| bad("no AccessKeySecret"))?;
    let token = field("SecurityToken").ok_or_else(|| bad("no SecurityToken"))?;
    let expiration = field("Expiration").ok_or_else(|| bad("no Expiration"))?;
    let at = crate::timefmt::parse(&expiration)
        .ok_or_else(|| bad("Expiration is not YYYY-MM-DDThh:mm:ssZ"))?;
    if at <= SystemTime::now() {
        return Err(bad(&format!(
            "the credentials already expired at {expiration}"
        )));
    }
    Ok(Credentials::new(id, secret)
        .with_security_token(token)
        .with_expiration(at))
}

/// The body as a JSON object, or why not.
#[cfg(any(feature = "ecs", feature = "credentials-uri", test))]
pub(crate) fn json_object(body: &[u8]) -> Result<Map<String, Value>, &'static str> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err("the answer is not a JSON object"),
        Err(_) => Err("the answer is not JSON"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Result<Credentials, CredentialsError> {
        let doc = json_object(body.as_bytes()).map_err(CredentialsError::new)?;
        session_credentials(&doc, |why| CredentialsError::new(why))
    }

    #[test]
    fn reads_temporary_credentials() {
        let c = parse(r#"{"AccessKeyId":"STS.a","AccessKeySecret":"s","SecurityToken":"t","Expiration":"2999-01-01T00:00:00Z"}"#).unwrap();
        assert_eq!(c.access_key_id(), "STS.a");
        assert_eq!(c.security_token(), Some("t"));
        assert!(c.expiration().is_some());
    }

    #[test]
    fn expired_missing_or_malformed_fields_are_errors() {
        let e = parse(r#"{"AccessKeyId":"STS.a","AccessKeySecret":"s","SecurityToken":"t","Expiration":"2001-01-01T00:00:00Z"}"#).unwrap_err();
        assert!(
            e.message
                .contains("already expired at 2001-01-01T00:00:00Z"),
            "{e}"
        );
        let e = parse(r#"{"AccessKeyId":"STS.a","AccessKeySecret":"s","SecurityToken":"t","Expiration":"soon"}"#).unwrap_err();
        assert!(e.message.contains("Expiration is not"), "{e}");
        let e = parse(r#"{"AccessKeyId":"STS.a","SecurityToken":"t"}"#).unwrap_err();
        assert!(e.message.contains("no AccessKeySecret"), "{e}");
        assert!(parse("[1]").is_err());
        assert!(parse("<html>").is_err());
    }
}
