//! Credentials from an HTTP endpoint, `ALIBABA_CLOUD_CREDENTIALS_URI`: a `GET` that must
//! answer HTTP 200 with a JSON object `{"AccessKeyId", "AccessKeySecret",
//! "SecurityToken", "Expiration"}` (`YYYY-MM-DDThh:mm:ssZ`), as the official SDKs
//! expect. Each request is limited to 10 s (connect 5 s) and 64 KiB of answer.

use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;

use super::http::{ProviderHttp, json_object, session_credentials};
use super::{Credentials, ProvideCredentials};
use crate::env::{self, Env};
use crate::error::CredentialsError;
use crate::transport::{HttpRequest, HttpTransport, Method};

const SOURCE: &str = "credentials URI";

/// Fetches temporary credentials from a URL.
#[derive(Clone)]
pub struct CredentialsUriProvider {
    uri: String,
    http: ProviderHttp,
}

/// The URL without its query, which may carry a token of its own.
fn shown(uri: &str) -> String {
    crate::redact::url(uri.split(['?', '#']).next().unwrap_or_default())
}

impl std::fmt::Debug for CredentialsUriProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialsUriProvider")
            .field("uri", &shown(&self.uri))
            .field("http", &self.http)
            .finish()
    }
}

impl CredentialsUriProvider {
    /// Fetches from `uri` (`http://` or `https://`).
    pub fn new(uri: impl Into<String>) -> Self {
        Self {
            uri: uri.into(),
            http: ProviderHttp::new(Duration::from_secs(5), Duration::from_secs(10), false),
        }
    }

    /// The provider for `ALIBABA_CLOUD_CREDENTIALS_URI`, or an error when it is not set.
    pub fn from_env(env: &Env) -> Result<Self, CredentialsError> {
        env.get(env::CREDENTIALS_URI).map(Self::new).ok_or_else(|| {
            CredentialsError::new(format!("{SOURCE}: {} is not set", env::CREDENTIALS_URI))
        })
    }

    /// The URL credentials are fetched from.
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// Limits each request to `timeout` (default 10 s) (builder style).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.http.set_timeout(timeout);
        self
    }

    /// Sends the request through this transport (builder style).
    pub fn with_transport(mut self, transport: Arc<dyn HttpTransport>) -> Self {
        self.http.set_transport(transport);
        self
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let shown = shown(&self.uri);
        let fail = |why: &str| CredentialsError::new(format!("{SOURCE} {shown}: {why}"));
        if !(self.uri.starts_with("http://") || self.uri.starts_with("https://")) {
            return Err(fail("not an http:// or https:// URL"));
        }
        let response = self
            .http
            .send(HttpRequest::new(Method::Get, self.uri.clone()).with_header(
                http::header::ACCEPT,
                http::HeaderValue::from_static("application/json"),
            ))
            .await
            .map_err(|f| fail(&f.why))?;
        if response.status != 200 {
            return Err(fail(&format!("HTTP {}", response.status)));
        }
        let doc = json_object(&response.body).map_err(fail)?;
        session_credentials(&doc, fail)
    }
}

impl ProvideCredentials for CredentialsUriProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_env_needs_the_variable() {
        let e = CredentialsUriProvider::from_env(&Env::from_pairs([("A", "b")])).unwrap_err();
        assert!(
            e.message
                .contains("ALIBABA_CLOUD_CREDENTIALS_URI is not set"),
            "{e}"
        );
        let p = CredentialsUriProvider::from_env(&Env::from_pairs([(
            env::CREDENTIALS_URI,
            "http://127.0.0.1:9/creds",
        )]))
        .unwrap();
        assert_eq!(p.uri(), "http://127.0.0.1:9/creds");
    }

    #[test]
    fn a_token_in_the_url_never_shows() {
        let p = CredentialsUriProvider::new("http://u:p@127.0.0.1:9/creds?token=s3cr3t#x");
        let text = format!("{p:?}");
        assert!(!text.contains("s3cr3t") && !text.contains("u:p"), "{text}");
        assert!(text.contains("127.0.0.1:9/creds"), "{text}");
    }

    #[tokio::test]
    async fn other_schemes_are_refused_before_any_request() {
        let e = CredentialsUriProvider::new("file:///etc/passwd")
            .provide_credentials()
            .await
            .unwrap_err();
        assert!(e.message.contains("not an http:// or https:// URL"), "{e}");
    }
}
