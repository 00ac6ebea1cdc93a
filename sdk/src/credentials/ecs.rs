//! Credentials of an ECS instance's RAM role, from the instance metadata service.
//!
//! 1. IMDSv2 session token: `PUT /latest/api/token` with
//!    `X-aliyun-ecs-metadata-token-ttl-seconds: 21600` (when this fails, the provider
//!    continues without a token unless `ALIBABA_CLOUD_IMDSV1_DISABLED=true`).
//! 2. Role name: `GET /latest/meta-data/ram/security-credentials/` (skipped when the role
//!    is configured, e.g. `ALIBABA_CLOUD_ECS_METADATA`).
//! 3. Credentials: `GET /latest/meta-data/ram/security-credentials/<role>`, a JSON object
//!    with `Code == "Success"`, `AccessKeyId`, `AccessKeySecret`, `SecurityToken` and
//!    `Expiration` (`YYYY-MM-DDThh:mm:ssZ`).
//!
//! Each request has a 1 s timeout (connect and read), as in the official SDKs. The base
//! URL is `http://100.100.100.200`, or `ALIBABA_CLOUD_IMDS_ENDPOINT`. Wrap the provider
//! in a [`CredentialsCache`](super::CredentialsCache) (the client does) so the
//! credentials are reused and refreshed before they expire.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use futures_util::future::BoxFuture;
use serde_json::Value;

use super::{Credentials, ProvideCredentials};
use crate::env::{self, Env};
use crate::error::CredentialsError;
use crate::transport::{HttpRequest, HttpTransport, Method, ReqwestTransport};

const SOURCE: &str = "ECS RAM role";

/// The default metadata service base URL.
pub const DEFAULT_IMDS_ENDPOINT: &str = "http://100.100.100.200";

const TOKEN_TTL_HEADER: &str = "x-aliyun-ecs-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "x-aliyun-ecs-metadata-token";
const CREDENTIALS_PATH: &str = "/latest/meta-data/ram/security-credentials/";

/// Fetches RAM-role credentials from the ECS instance metadata service.
#[derive(Debug, Clone)]
pub struct EcsRamRoleProvider {
    endpoint: String,
    role_name: Option<String>,
    imdsv1_disabled: bool,
    timeout: Duration,
    transport: Arc<OnceLock<Arc<dyn HttpTransport>>>,
}

impl Default for EcsRamRoleProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl EcsRamRoleProvider {
    /// The provider for `http://100.100.100.200`, discovering the role name.
    pub fn new() -> Self {
        Self {
            endpoint: DEFAULT_IMDS_ENDPOINT.to_string(),
            role_name: None,
            imdsv1_disabled: false,
            timeout: Duration::from_secs(1),
            transport: Arc::new(OnceLock::new()),
        }
    }

    /// Configured from `ALIBABA_CLOUD_IMDS_ENDPOINT`, `ALIBABA_CLOUD_ECS_METADATA` (role
    /// name) and `ALIBABA_CLOUD_IMDSV1_DISABLED`.
    pub fn from_env(env: &Env) -> Self {
        let mut p = Self::new();
        if let Some(e) = env.get(env::IMDS_ENDPOINT) {
            p = p.with_endpoint(e);
        }
        if let Some(r) = env.get(env::ECS_METADATA) {
            p = p.with_role_name(r);
        }
        p.imdsv1_disabled = env.is_true(env::IMDSV1_DISABLED);
        p
    }

    /// Uses this metadata base URL, e.g. `http://127.0.0.1:8080` (builder style).
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        let e: String = endpoint.into();
        let e = if e.contains("://") {
            e
        } else {
            format!("http://{e}")
        };
        self.endpoint = e.trim_end_matches('/').to_string();
        self
    }

    /// Uses this role instead of discovering it (builder style).
    pub fn with_role_name(mut self, role: impl Into<String>) -> Self {
        self.role_name = Some(role.into());
        self
    }

    /// Refuses to read metadata without an IMDSv2 session token (builder style).
    pub fn with_imdsv1_disabled(mut self, disabled: bool) -> Self {
        self.imdsv1_disabled = disabled;
        self
    }

    /// Sets the timeout of each metadata request (builder style; default 1 s).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sends metadata requests through this transport (builder style).
    pub fn with_transport(self, transport: Arc<dyn HttpTransport>) -> Self {
        let cell = OnceLock::new();
        let _ = cell.set(transport);
        Self {
            transport: Arc::new(cell),
            ..self
        }
    }

    fn transport(&self) -> Result<Arc<dyn HttpTransport>, CredentialsError> {
        if let Some(t) = self.transport.get() {
            return Ok(t.clone());
        }
        let t: Arc<dyn HttpTransport> = Arc::new(
            ReqwestTransport::without_proxy(self.timeout)
                .map_err(|e| CredentialsError::new(format!("{SOURCE}: {}", e.message)))?,
        );
        Ok(self.transport.get_or_init(|| t).clone())
    }

    async fn get_text(
        &self,
        transport: &dyn HttpTransport,
        request: HttpRequest,
        what: &str,
    ) -> Result<String, MetadataFailure> {
        let fail = |why: String, unreachable: bool| MetadataFailure {
            error: CredentialsError::new(format!("{SOURCE}: {what} from {}: {why}", self.endpoint)),
            unreachable,
        };
        let response = match tokio::time::timeout(self.timeout, transport.send(request)).await {
            Err(_) => return Err(fail(format!("no answer within {:?}", self.timeout), true)),
            Ok(Err(e)) => return Err(fail(e.to_string(), e.is_before_send())),
            Ok(Ok(r)) => r,
        };
        if response.status != 200 {
            return Err(fail(format!("HTTP {}", response.status), false));
        }
        String::from_utf8(response.body.to_vec())
            .map_err(|_| fail("body is not UTF-8".into(), false))
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let transport = self.transport()?;
        let transport = transport.as_ref();
        let token_request =
            HttpRequest::new(Method::Put, format!("{}/latest/api/token", self.endpoint))
                .with_header(TOKEN_TTL_HEADER, "21600");
        let token = match self
            .get_text(transport, token_request, "getting the session token")
            .await
        {
            Ok(t) => Some(t.trim().to_string()),
            // No metadata service at all (not on ECS): do not try again without a token.
            Err(f) if f.unreachable || self.imdsv1_disabled => return Err(f.error),
            Err(f) => {
                tracing::debug!(reason = %f.error.message, "IMDSv2 token unavailable; continuing without");
                None
            }
        };
        let get = |path: String| {
            let r = HttpRequest::new(Method::Get, format!("{}{path}", self.endpoint));
            match &token {
                Some(t) => r.with_header(TOKEN_HEADER, t.clone()),
                None => r,
            }
        };
        let role = match &self.role_name {
            Some(r) => r.clone(),
            None => {
                let text = self
                    .get_text(
                        transport,
                        get(CREDENTIALS_PATH.to_string()),
                        "getting the role name",
                    )
                    .await
                    .map_err(|f| f.error)?;
                text.lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .map(str::to_string)
                    .ok_or_else(|| {
                        CredentialsError::new(format!(
                            "{SOURCE}: the instance has no RAM role attached"
                        ))
                    })?
            }
        };
        let body = self
            .get_text(
                transport,
                get(format!("{CREDENTIALS_PATH}{role}")),
                "getting the role's credentials",
            )
            .await
            .map_err(|f| f.error)?;
        parse_credentials(&body, &role)
    }
}

/// A failed metadata request; `unreachable` when nothing answered at all.
struct MetadataFailure {
    error: CredentialsError,
    unreachable: bool,
}

fn parse_credentials(body: &str, role: &str) -> Result<Credentials, CredentialsError> {
    let bad =
        |why: &str| CredentialsError::new(format!("{SOURCE}: credentials of role `{role}`: {why}"));
    let doc: Value = serde_json::from_str(body).map_err(|_| bad("answer is not JSON"))?;
    let field = |k: &str| {
        doc.get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    match field("Code").as_deref() {
        Some("Success") => {}
        other => return Err(bad(&format!("Code is {other:?}, not \"Success\""))),
    }
    let id = field("AccessKeyId").ok_or_else(|| bad("no AccessKeyId"))?;
    let secret = field("AccessKeySecret").ok_or_else(|| bad("no AccessKeySecret"))?;
    let token = field("SecurityToken").ok_or_else(|| bad("no SecurityToken"))?;
    let expiration = field("Expiration").ok_or_else(|| bad("no Expiration"))?;
    let expiration = crate::timefmt::parse(&expiration)
        .ok_or_else(|| bad("Expiration is not YYYY-MM-DDThh:mm:ssZ"))?;
    Ok(Credentials::new(id, secret)
        .with_security_token(token)
        .with_expiration(expiration))
}

impl ProvideCredentials for EcsRamRoleProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_metadata_credentials() {
        let c = parse_credentials(
            r#"{"Code":"Success","AccessKeyId":"STS.id","AccessKeySecret":"s","SecurityToken":"t","Expiration":"2030-01-01T00:00:00Z","LastUpdated":"2029-12-31T18:00:00Z"}"#,
            "role",
        )
        .unwrap();
        assert_eq!(c.access_key_id(), "STS.id");
        assert_eq!(c.security_token(), Some("t"));
        assert!(c.expiration().is_some());
    }

    #[test]
    fn rejects_failed_or_partial_answers() {
        assert!(parse_credentials(r#"{"Code":"Failed"}"#, "r").is_err());
        assert!(parse_credentials("<html>", "r").is_err());
        let e = parse_credentials(
            r#"{"Code":"Success","AccessKeyId":"a","AccessKeySecret":"s","SecurityToken":"t","Expiration":"soon"}"#,
            "r",
        )
        .unwrap_err();
        assert!(e.message.contains("Expiration"), "{e}");
    }

    #[test]
    fn endpoint_without_scheme_gets_http() {
        let p = EcsRamRoleProvider::new().with_endpoint("127.0.0.1:9/");
        assert_eq!(p.endpoint, "http://127.0.0.1:9");
    }
}
