//! The HTTP seam: [`HttpTransport`] sends one request and returns the whole answer.
//!
//! The bundled implementation is `ReqwestTransport` (feature `reqwest`, enabled by the
//! default `rustls` feature or by `native-tls`: reqwest over hyper, one pooled connection
//! set per transport). Tests and users can plug in their own transport with
//! [`ClientBuilder::transport`](crate::ClientBuilder::transport); the runtime applies
//! signing, retries and per-attempt timeouts around whatever transport it is given. With
//! `default-features = false` the SDK has no HTTP client and no TLS stack at all, and a
//! transport must be given.

use std::fmt;
#[cfg(feature = "reqwest")]
use std::time::Duration;

use bytes::Bytes;
use futures_util::future::BoxFuture;
pub use http::{HeaderMap, HeaderName, HeaderValue};

#[cfg(feature = "reqwest")]
use crate::error::ConfigError;
use crate::redact;

/// The largest response body the SDK reads by default: 4 MiB, far above any answer of
/// the API (a full page of 50 VPN gateways is about 25 KB). A longer body fails with
/// [`HttpErrorKind::BodyTooLarge`] while it streams, before it is buffered whole. Set
/// with [`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

/// The HTTP methods the SDK uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT` (the metadata-service session token).
    Put,
}

impl Method {
    /// The method name, upper case.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One HTTP request, fully formed (signed, headers set).
#[derive(Clone)]
#[non_exhaustive]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL, query included.
    pub url: String,
    /// The headers. The SDK marks the credential headers (`authorization`,
    /// `x-acs-security-token`) [sensitive](HeaderValue::set_sensitive).
    pub headers: HeaderMap,
    /// The body (empty for `GET`).
    pub body: Bytes,
    /// The largest response body the sender accepts, in bytes (`None`: no limit). A
    /// transport stops reading and fails with [`HttpErrorKind::BodyTooLarge`] as soon as
    /// the answer exceeds it ([`read_body`] and [`check_body_len`] do that).
    pub max_response_bytes: Option<usize>,
}

impl HttpRequest {
    /// A request without headers or body, accepting answers of any length.
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        Self {
            method,
            url: url.into(),
            headers: HeaderMap::new(),
            body: Bytes::new(),
            max_response_bytes: None,
        }
    }

    /// Sets the largest response body accepted (builder style).
    pub fn with_max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Adds a header (builder style), after any of the same name.
    /// [`HeaderName::from_static`] and [`HeaderValue::from_static`] make them from literals.
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// Sets the body (builder style).
    pub fn with_body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// The first value of a header (name compared case-insensitively), if it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &redact::url(&self.url))
            .field("headers", &redact::Headers(&self.headers))
            .field("body_len", &self.body.len())
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

/// One HTTP answer, body read in full.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// The headers, as the transport received them.
    pub headers: HeaderMap,
    /// The body bytes.
    pub body: Bytes,
}

impl HttpResponse {
    /// A response with the given status and body, without headers.
    pub fn new(status: u16, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            headers: HeaderMap::new(),
            body: body.into(),
        }
    }

    /// Adds a header (builder style), after any of the same name.
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// The first value of a header (name compared case-insensitively), if it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

fn find_header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// How a transport failed; decides whether the request may have reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum HttpErrorKind {
    /// The connection could not be established; nothing was sent.
    Connect,
    /// Establishing the connection took too long; nothing was sent.
    ConnectTimeout,
    /// The transport's own timeout expired after the request may have been sent.
    Timeout,
    /// The request could not be built (bad URL or header); nothing was sent and
    /// retrying cannot help.
    Invalid,
    /// The answer's body is longer than the request's
    /// [`max_response_bytes`](HttpRequest::max_response_bytes); reading stopped there.
    /// The source is a [`BodyTooLarge`]. Retrying cannot help.
    BodyTooLarge,
    /// Any other failure (sending, reading the answer); the request may have been
    /// received and executed.
    Other,
}

/// A transport failure.
#[derive(Debug)]
#[non_exhaustive]
pub struct HttpError {
    /// What kind of failure.
    pub kind: HttpErrorKind,
    /// What failed, in English. Never contains the request URL.
    pub message: String,
    /// The underlying error.
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl HttpError {
    /// A failure of the given kind.
    pub fn new(kind: HttpErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// Attaches the underlying error (builder style).
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// Whether the request certainly never reached the server.
    pub fn is_before_send(&self) -> bool {
        matches!(
            self.kind,
            HttpErrorKind::Connect | HttpErrorKind::ConnectTimeout | HttpErrorKind::Invalid
        )
    }
}

/// The message only: the underlying error is the [`source`](std::error::Error::source)
/// (printed once in an error chain).
impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HttpError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// The error source of [`HttpErrorKind::BodyTooLarge`]: the answer's body exceeded the
/// limit. Reach it from an SDK error with `std::error::Error::source` and
/// `downcast_ref::<BodyTooLarge>()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct BodyTooLarge {
    /// The limit, in bytes.
    pub limit: usize,
}

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the response body exceeds the limit of {} bytes",
            self.limit
        )
    }
}

impl std::error::Error for BodyTooLarge {}

fn too_large(limit: usize) -> HttpError {
    let error = BodyTooLarge { limit };
    HttpError::new(HttpErrorKind::BodyTooLarge, error.to_string()).with_source(error)
}

/// Checks a body length against a limit: the check for transports that receive the body
/// whole. `Err` is [`HttpErrorKind::BodyTooLarge`].
pub fn check_body_len(len: usize, limit: Option<usize>) -> Result<(), HttpError> {
    match limit {
        Some(limit) if len > limit => Err(too_large(limit)),
        _ => Ok(()),
    }
}

#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
/// Reads a reqwest response's body, never holding more than `limit` bytes: a
/// `Content-Length` above the limit fails before the body is read, and a longer body
/// (chunked, or longer than announced) fails at the chunk that crosses the limit.
/// `Err` is [`HttpErrorKind::BodyTooLarge`], or [`HttpErrorKind::Other`] when reading
/// fails.
pub async fn read_body(
    mut response: reqwest::Response,
    limit: Option<usize>,
) -> Result<Bytes, HttpError> {
    let limit_or_max = limit.unwrap_or(usize::MAX);
    let announced = response.content_length();
    if let Some(n) = announced {
        check_body_len(usize::try_from(n).unwrap_or(usize::MAX), limit)?;
    }
    let read_error = |e| map_reqwest_error(e, "reading the response body failed");
    // The usual answer comes in one chunk: hand it on without copying.
    let Some(first) = response.chunk().await.map_err(read_error)? else {
        return Ok(Bytes::new());
    };
    check_body_len(first.len(), limit)?;
    let Some(second) = response.chunk().await.map_err(read_error)? else {
        return Ok(first);
    };
    let hint = announced.map_or(0, |n| n as usize).min(limit_or_max);
    let mut body = bytes::BytesMut::with_capacity(hint.max(first.len() + second.len()));
    body.extend_from_slice(&first);
    let mut next = Some(second);
    while let Some(chunk) = next {
        check_body_len(body.len().saturating_add(chunk.len()), limit)?;
        body.extend_from_slice(&chunk);
        next = response.chunk().await.map_err(read_error)?;
    }
    Ok(body.freeze())
}

/// Sends HTTP requests. Object-safe; implementations must be cheap to share.
pub trait HttpTransport: Send + Sync + fmt::Debug {
    /// Sends `request` and reads the whole answer. Any status (including 4xx/5xx) is an
    /// `Ok` answer; `Err` means no answer was received. A body longer than the request's
    /// [`max_response_bytes`](HttpRequest::max_response_bytes) should fail with
    /// [`HttpErrorKind::BodyTooLarge`] as soon as it crosses the limit ([`read_body`]
    /// does that for reqwest); the client also checks the length of what it is given.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, HttpError>>;
}

/// The bundled transport: a pooled [`reqwest::Client`] (HTTP/1.1, no redirects; HTTPS
/// through rustls or native-tls, whichever feature is on).
#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
#[derive(Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

#[cfg(feature = "reqwest")]
impl fmt::Debug for ReqwestTransport {
    // reqwest's own `Debug` can show proxy URLs, which may carry credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ReqwestTransport")
    }
}

#[cfg(feature = "reqwest")]
impl ReqwestTransport {
    /// A transport with the given connect timeout.
    pub fn new(connect_timeout: Duration) -> Result<Self, ConfigError> {
        Self::build(reqwest::Client::builder().connect_timeout(connect_timeout))
    }

    /// A transport that never uses a proxy (for link-local services such as the ECS
    /// metadata service).
    pub fn without_proxy(connect_timeout: Duration) -> Result<Self, ConfigError> {
        Self::build(
            reqwest::Client::builder()
                .connect_timeout(connect_timeout)
                .no_proxy(),
        )
    }

    fn build(builder: reqwest::ClientBuilder) -> Result<Self, ConfigError> {
        let client = builder
            .redirect(reqwest::redirect::Policy::none())
            .pool_idle_timeout(Duration::from_secs(60))
            .tcp_nodelay(true)
            .build()
            .map_err(|e| ConfigError::new(format!("cannot build the HTTP client: {e}")))?;
        Ok(Self { client })
    }

    /// Wraps an existing reqwest client (its timeouts, proxies and TLS settings apply).
    pub fn from_client(client: reqwest::Client) -> Self {
        Self { client }
    }
}

#[cfg(feature = "reqwest")]
fn map_reqwest_error(e: reqwest::Error, what: &str) -> HttpError {
    let e = e.without_url();
    let kind = if e.is_builder() {
        HttpErrorKind::Invalid
    } else if e.is_connect() {
        if e.is_timeout() {
            HttpErrorKind::ConnectTimeout
        } else {
            HttpErrorKind::Connect
        }
    } else if e.is_timeout() {
        HttpErrorKind::Timeout
    } else {
        HttpErrorKind::Other
    };
    HttpError::new(kind, what).with_source(e)
}

#[cfg(feature = "reqwest")]
impl HttpTransport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        Box::pin(async move {
            let method = match request.method {
                Method::Get => reqwest::Method::GET,
                Method::Post => reqwest::Method::POST,
                Method::Put => reqwest::Method::PUT,
            };
            let url = reqwest::Url::parse(&request.url).map_err(|e| {
                HttpError::new(HttpErrorKind::Invalid, "invalid request URL").with_source(e)
            })?;
            let limit = request.max_response_bytes;
            let mut outgoing = reqwest::Request::new(method, url);
            *outgoing.headers_mut() = request.headers;
            if !request.body.is_empty() || request.method != Method::Get {
                *outgoing.body_mut() = Some(request.body.into());
            }
            let mut response = self
                .client
                .execute(outgoing)
                .await
                .map_err(|e| map_reqwest_error(e, "sending the request failed"))?;
            let status = response.status().as_u16();
            let headers = std::mem::take(response.headers_mut());
            let body = read_body(response, limit).await?;
            Ok(HttpResponse {
                status,
                headers,
                body,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lookup_ignores_case_and_skips_values_that_are_not_text() {
        let r = HttpResponse::new(200, "{}")
            .with_header(
                HeaderName::from_static("x-acs-request-id"),
                HeaderValue::from_static("id-1"),
            )
            .with_header(
                HeaderName::from_static("x-binary"),
                HeaderValue::from_bytes(b"caf\xe9").unwrap(),
            );
        assert_eq!(r.header("X-Acs-Request-Id"), Some("id-1"));
        assert_eq!(r.header("x-acs-request-id"), Some("id-1"));
        assert_eq!(r.header("x-binary"), None);
        assert_eq!(r.header("not a header name"), None);
        let q = HttpRequest::new(Method::Get, "http://h/").with_header(
            HeaderName::from_static("accept"),
            HeaderValue::from_static("application/json"),
        );
        assert_eq!(q.header("Accept"), Some("application/json"));
    }
}
