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
//! The role name, discovered or configured, must be a RAM role name (letters, digits,
//! `.`, `_`, `-`; at most 64): anything else could point the credentials request at
//! another document. Credentials that have already expired are an error.
//!
//! Each request has a 1 s timeout (connect and read), as in the official SDKs, and an
//! answer longer than 64 KiB is refused. The base
//! URL is `http://100.100.100.200`, or `ALIBABA_CLOUD_IMDS_ENDPOINT`. Wrap the provider
//! in a [`CredentialsCache`](super::CredentialsCache) (the client does) so the
//! credentials are reused and refreshed before they expire.

use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;
use http::{HeaderName, HeaderValue};

use super::http::{ProviderHttp, json_object, session_credentials};
use super::{Credentials, ProvideCredentials};
use crate::env::{self, Env};
use crate::error::CredentialsError;
use crate::transport::{HttpRequest, HttpTransport, Method};

const SOURCE: &str = "ECS RAM role";

/// The default metadata service base URL.
pub const DEFAULT_IMDS_ENDPOINT: &str = "http://100.100.100.200";

const TOKEN_TTL_HEADER: HeaderName =
    HeaderName::from_static("x-aliyun-ecs-metadata-token-ttl-seconds");
const TOKEN_HEADER: HeaderName = HeaderName::from_static("x-aliyun-ecs-metadata-token");
const CREDENTIALS_PATH: &str = "/latest/meta-data/ram/security-credentials/";
/// The longest RAM role name the service allows.
const MAX_ROLE_NAME_CHARS: usize = 64;

/// Fetches RAM-role credentials from the ECS instance metadata service.
#[derive(Debug, Clone)]
pub struct EcsRamRoleProvider {
    endpoint: String,
    role_name: Option<String>,
    imdsv1_disabled: bool,
    http: ProviderHttp,
}

impl Default for EcsRamRoleProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl EcsRamRoleProvider {
    /// The provider for `http://100.100.100.200`, discovering the role name.
    pub fn new() -> Self {
        let second = Duration::from_secs(1);
        Self {
            endpoint: DEFAULT_IMDS_ENDPOINT.to_string(),
            role_name: None,
            imdsv1_disabled: false,
            http: ProviderHttp::new(second, second, true),
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

    /// Uses this role instead of discovering it (builder style). The name is checked
    /// like a discovered one when credentials are fetched.
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
        self.http.set_timeout(timeout);
        self
    }

    /// Sends metadata requests through this transport (builder style).
    pub fn with_transport(mut self, transport: Arc<dyn HttpTransport>) -> Self {
        self.http.set_transport(transport);
        self
    }

    async fn get_text(&self, request: HttpRequest, what: &str) -> Result<String, MetadataFailure> {
        let fail = |why: String, unreachable: bool| MetadataFailure {
            error: CredentialsError::new(format!("{SOURCE}: {what} from {}: {why}", self.endpoint)),
            unreachable,
        };
        let response = self
            .http
            .send(request)
            .await
            .map_err(|f| fail(f.why, f.unreachable))?;
        if response.status != 200 {
            return Err(fail(format!("HTTP {}", response.status), false));
        }
        String::from_utf8(response.body.to_vec())
            .map_err(|_| fail("body is not UTF-8".into(), false))
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        // A configured role name is checked before anything is sent.
        if let Some(role) = &self.role_name {
            check_role_name(role, "the configured role name")?;
        }
        let token_request =
            HttpRequest::new(Method::Put, format!("{}/latest/api/token", self.endpoint))
                .with_header(TOKEN_TTL_HEADER, HeaderValue::from_static("21600"));
        let token = match self
            .get_text(token_request, "getting the session token")
            .await
        {
            Ok(t) => {
                let mut value = HeaderValue::from_str(t.trim()).map_err(|_| {
                    CredentialsError::new(
                        "the ECS metadata service's session token is not a valid header value",
                    )
                })?;
                value.set_sensitive(true);
                Some(value)
            }
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
                    .get_text(get(CREDENTIALS_PATH.to_string()), "getting the role name")
                    .await
                    .map_err(|f| f.error)?;
                let role = text
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .map(str::to_string)
                    .ok_or_else(|| {
                        CredentialsError::new(format!(
                            "{SOURCE}: the instance has no RAM role attached"
                        ))
                    })?;
                check_role_name(&role, "the role name the metadata service sent")?;
                role
            }
        };
        // Checked above: only `[A-Za-z0-9._-]`, which stays itself when encoded; encoding
        // anyway keeps the path safe should the check ever be relaxed.
        let path = format!("{CREDENTIALS_PATH}{}", crate::sign::percent_encode(&role));
        let body = self
            .get_text(get(path), "getting the role's credentials")
            .await
            .map_err(|f| f.error)?;
        parse_credentials(&body, &role)
    }
}

/// A RAM role name as the service allows them: 1 to 64 characters among letters,
/// digits, `.`, `_` and `-`. Anything else (`/`, `..`, `?`, `#`, spaces, control
/// characters) would change the metadata path the credentials are read from.
fn check_role_name(role: &str, what: &str) -> Result<(), CredentialsError> {
    let chars = role.chars().count();
    let valid = (1..=MAX_ROLE_NAME_CHARS).contains(&chars)
        && role
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        && role != "."
        && role != "..";
    if valid {
        Ok(())
    } else {
        // Debug formatting escapes control characters; the length is bounded by the
        // size limit of the answer it came from, but show at most 80 characters.
        let shown: String = role.chars().take(80).collect();
        Err(CredentialsError::new(format!(
            "{SOURCE}: {what} {shown:?} is not a RAM role name (1 to {MAX_ROLE_NAME_CHARS} \
             letters, digits, `.`, `_` or `-`)"
        )))
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
    let doc = json_object(body.as_bytes()).map_err(bad)?;
    match doc.get("Code").and_then(serde_json::Value::as_str) {
        Some("Success") => {}
        other => return Err(bad(&format!("Code is {other:?}, not \"Success\""))),
    }
    session_credentials(&doc, bad)
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
            r#"{"Code":"Success","AccessKeyId":"STS.id","AccessKeySecret":"s","SecurityToken":"t","Expiration":"2999-01-01T00:00:00Z","LastUpdated":"2998-12-31T18:00:00Z"}"#,
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
    fn role_names_that_would_change_the_path_are_refused() {
        for good in ["my-role", "Role.Name_1", &"r".repeat(64)] {
            assert!(check_role_name(good, "x").is_ok(), "{good}");
        }
        for bad in [
            "",
            "..",
            "../../../../latest/user-data?x=#frag",
            "a/b",
            "a b",
            "role\n",
            "r%2Fx",
            &"r".repeat(65),
        ] {
            let e = check_role_name(bad, "the role name").unwrap_err();
            assert!(e.message.contains("is not a RAM role name"), "{e}");
        }
    }

    #[test]
    fn endpoint_without_scheme_gets_http() {
        let p = EcsRamRoleProvider::new().with_endpoint("127.0.0.1:9/");
        assert_eq!(p.endpoint, "http://127.0.0.1:9");
    }
}
