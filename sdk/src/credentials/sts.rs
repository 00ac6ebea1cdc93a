//! Role assumption through STS, the Security Token Service (RPC API version
//! `2015-04-01`): [`RamRoleArnProvider`] (`AssumeRole`, signed with other credentials)
//! and [`OidcRoleArnProvider`] (`AssumeRoleWithOIDC`, unsigned, proven by an OIDC token).
//!
//! Both send `POST` with `Action`, `Version`, `Format`, `Timestamp` (and, for
//! `AssumeRole`, the V1 signature parameters) in the query and the role parameters
//! (`RoleArn`, `RoleSessionName`, `DurationSeconds`, `Policy`, ...) in a form body, as
//! the official SDKs do, and read `Credentials.{AccessKeyId, AccessKeySecret,
//! SecurityToken, Expiration}` from the answer.
//!
//! The STS endpoint is, first match wins: the provider's explicit endpoint,
//! `ALIBABA_CLOUD_STS_ENDPOINT` (a URL such as `http://127.0.0.1:8080` or a host; this
//! SDK's own variable), `sts.<region>.aliyuncs.com` for the provider's STS region or
//! `ALIBABA_CLOUD_STS_REGION` (`sts-vpc.<region>.aliyuncs.com` with the VPC endpoint
//! selected, or `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true`), else `sts.aliyuncs.com`.
//! Each request is limited to 10 s (connect 5 s) and 64 KiB of answer.
//!
//! The client caches what the providers return and refreshes it 180 s before it
//! expires, one refresh shared by concurrent callers (see
//! [`CredentialsCache`](super::CredentialsCache)).

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::future::BoxFuture;
use serde_json::Value;

use super::http::{MAX_CREDENTIALS_RESPONSE_BYTES, ProviderHttp, session_credentials};
use super::{Credentials, CredentialsCache, ProvideCredentials};
use http::header::{self, HeaderValue};

use crate::config::{HttpMethod, SignatureVersion, USER_AGENT};
use crate::endpoint::Endpoint;
use crate::env::{self, Env};
use crate::error::{CredentialsError, SdkError};
use crate::params::Params;
use crate::request::{self, WireRequest};
use crate::transport::{HttpRequest, HttpTransport, Method};

/// The `User-Agent` of the STS calls.
static STS_USER_AGENT: HeaderValue = HeaderValue::from_static(USER_AGENT);

/// The STS API version.
pub const STS_API_VERSION: &str = "2015-04-01";
/// The STS endpoint used when no region or endpoint is configured.
pub const DEFAULT_STS_ENDPOINT: &str = "sts.aliyuncs.com";
/// How long assumed-role credentials last unless told otherwise (as in the official SDKs).
pub const DEFAULT_ROLE_DURATION: Duration = Duration::from_secs(3600);
/// The shortest role session STS grants.
pub const MIN_ROLE_DURATION: Duration = Duration::from_secs(900);

/// Where STS is, and the HTTP side of talking to it.
#[derive(Debug, Clone)]
struct Sts {
    env: Env,
    endpoint: Option<String>,
    region: Option<String>,
    vpc: bool,
    http: ProviderHttp,
}

impl Sts {
    fn new() -> Self {
        Self {
            env: Env::process(),
            endpoint: None,
            region: None,
            vpc: false,
            http: ProviderHttp::new(Duration::from_secs(5), Duration::from_secs(10), false),
        }
    }

    fn endpoint(&self) -> Result<Endpoint, CredentialsError> {
        let explicit = self
            .endpoint
            .clone()
            .or_else(|| self.env.get(env::STS_ENDPOINT));
        let host = match explicit {
            Some(e) => e,
            None => match self
                .region
                .clone()
                .or_else(|| self.env.get(env::STS_REGION))
            {
                Some(region) => {
                    let prefix = if self.vpc || self.env.is_true(env::VPC_ENDPOINT_ENABLED) {
                        "sts-vpc"
                    } else {
                        "sts"
                    };
                    format!("{prefix}.{region}.aliyuncs.com")
                }
                None => DEFAULT_STS_ENDPOINT.to_string(),
            },
        };
        Endpoint::parse(&host).map_err(|e| CredentialsError::new(format!("STS endpoint: {e}")))
    }

    /// Calls `action` with the role parameters `form`, signed with `signer` when given,
    /// and reads the temporary credentials of the answer. `what` starts every error
    /// message; `secrets` are scrubbed from anything the service echoes back.
    async fn assume(
        &self,
        action: &'static str,
        form: &Params,
        signer: Option<&Credentials>,
        what: &str,
        secrets: &[&str],
    ) -> Result<Credentials, CredentialsError> {
        let endpoint = self.endpoint()?;
        let fail = |why: &str| CredentialsError::new(format!("{what} at {endpoint}: {why}"));
        let timestamp = crate::timefmt::Timestamp::now();
        let timestamp = timestamp.as_str();
        let request = match signer {
            Some(credentials) => {
                let nonce = uuid::Uuid::new_v4().to_string();
                request::build(&WireRequest {
                    action,
                    version: STS_API_VERSION,
                    endpoint: &endpoint,
                    method: HttpMethod::Post,
                    signature: SignatureVersion::V1,
                    credentials,
                    params: form,
                    nonce: &nonce,
                    timestamp,
                    user_agent: &STS_USER_AGENT,
                    // `ProviderHttp::send` sets the providers' own limit.
                    max_response_bytes: None,
                })
                .map_err(|_| fail("the credentials cannot be sent in a header"))?
                .request
            }
            None => unsigned(action, &endpoint, form, timestamp),
        };
        let response = self.http.send(request).await.map_err(|f| fail(&f.why))?;
        let raw = match crate::response::interpret(action, &response) {
            Ok(raw) => raw,
            Err(SdkError::Service(e)) => {
                let mut why = format!(
                    "{} (HTTP {}): {}",
                    e.code,
                    e.http_status,
                    crate::redact::scrub(&e.message, secrets)
                );
                if let Some(id) = &e.request_id {
                    why.push_str(&format!(" [request id: {id}]"));
                }
                return Err(fail(&why));
            }
            Err(other) => {
                let text = crate::redact::scrub(&other.to_string(), secrets);
                return Err(fail(&text));
            }
        };
        let Some(Value::Object(credentials)) = raw.json.get("Credentials") else {
            return Err(fail("the answer has no `Credentials` object"));
        };
        session_credentials(credentials, |why| fail(why))
    }
}

/// The `AssumeRoleWithOIDC` request: no signature, as the official SDKs send it.
fn unsigned(action: &str, endpoint: &Endpoint, form: &Params, timestamp: &str) -> HttpRequest {
    let query = crate::sign::v1::canonical_query(&[
        ("Action", action),
        ("Format", "JSON"),
        ("Timestamp", timestamp),
        ("Version", STS_API_VERSION),
    ]);
    let body: Vec<(&str, &str)> = form.iter().collect();
    HttpRequest::new(Method::Post, format!("{}?{query}", endpoint.url()))
        .with_header(header::ACCEPT, HeaderValue::from_static("application/json"))
        .with_header(header::USER_AGENT, STS_USER_AGENT.clone())
        .with_header(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        )
        .with_body(crate::sign::v1::canonical_query(&body))
}

/// The settings both role providers share.
#[derive(Debug, Clone)]
struct RoleSession {
    role_arn: String,
    session_name: Option<String>,
    default_session_name: String,
    duration: Duration,
    policy: Option<String>,
}

impl RoleSession {
    fn new(role_arn: String) -> Self {
        let micros = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_micros();
        Self {
            role_arn,
            session_name: None,
            default_session_name: format!("alibabacloud-vpn-rust-{micros}"),
            duration: DEFAULT_ROLE_DURATION,
            policy: None,
        }
    }

    /// `RoleArn`, `RoleSessionName`, `DurationSeconds` and `Policy`, checked.
    fn form(&self, env: &Env, what: &str) -> Result<Params, CredentialsError> {
        if self.role_arn.trim().is_empty() {
            return Err(CredentialsError::new(format!(
                "{what}: the role ARN is empty"
            )));
        }
        if self.duration < MIN_ROLE_DURATION {
            return Err(CredentialsError::new(format!(
                "{what}: a role session lasts at least {} s, not {} s",
                MIN_ROLE_DURATION.as_secs(),
                self.duration.as_secs()
            )));
        }
        let session_name = self
            .session_name
            .clone()
            .or_else(|| env.get(env::ROLE_SESSION_NAME))
            .unwrap_or_else(|| self.default_session_name.clone());
        let mut form = Params::new();
        form.insert("RoleArn", self.role_arn.as_str());
        form.insert("RoleSessionName", session_name);
        form.insert("DurationSeconds", self.duration.as_secs().to_string());
        if let Some(p) = &self.policy {
            form.insert("Policy", p.as_str());
        }
        Ok(form)
    }
}

macro_rules! role_builders {
    () => {
        /// Names the role session (2 to 64 characters: letters, digits, `.`, `@`, `-`,
        /// `_`); default `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else
        /// `alibabacloud-vpn-rust-<unix µs>` (builder style).
        pub fn with_role_session_name(mut self, name: impl Into<String>) -> Self {
            self.session.session_name = Some(name.into());
            self
        }

        /// How long the credentials last (default 1 hour; at least 15 minutes, at most
        /// the role's maximum session duration) (builder style).
        pub fn with_duration(mut self, duration: Duration) -> Self {
            self.session.duration = duration;
            self
        }

        /// Restricts the session further with this policy document (JSON) (builder
        /// style).
        pub fn with_policy(mut self, policy: impl Into<String>) -> Self {
            self.session.policy = Some(policy.into());
            self
        }

        /// Sends STS requests to this endpoint: a host (HTTPS) or a URL such as
        /// `http://127.0.0.1:8080` (builder style).
        pub fn with_sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
            self.sts.endpoint = Some(endpoint.into());
            self
        }

        /// Uses the STS endpoint of this region, `sts.<region>.aliyuncs.com` (builder
        /// style).
        pub fn with_sts_region(mut self, region: impl Into<String>) -> Self {
            self.sts.region = Some(region.into());
            self
        }

        /// With an STS region, uses its VPC endpoint `sts-vpc.<region>.aliyuncs.com`
        /// (builder style).
        pub fn with_vpc_endpoint(mut self, enabled: bool) -> Self {
            self.sts.vpc = enabled;
            self
        }

        /// Reads the STS settings this provider was not given
        /// (`ALIBABA_CLOUD_STS_ENDPOINT`, `ALIBABA_CLOUD_STS_REGION`,
        /// `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED`, `ALIBABA_CLOUD_ROLE_SESSION_NAME`) from
        /// `env` instead of the process environment (builder style).
        pub fn with_env(mut self, env: Env) -> Self {
            self.sts.env = env;
            self
        }

        /// Limits each STS request to `timeout` (default 10 s) (builder style).
        pub fn with_timeout(mut self, timeout: Duration) -> Self {
            self.sts.http.set_timeout(timeout);
            self
        }

        /// Sends STS requests through this transport (builder style).
        pub fn with_transport(mut self, transport: Arc<dyn HttpTransport>) -> Self {
            self.sts.http.set_transport(transport);
            self
        }

        /// The role's ARN.
        pub fn role_arn(&self) -> &str {
            &self.session.role_arn
        }
    };
}

/// Assumes a RAM role with STS `AssumeRole`, signed with other credentials (any
/// provider: an access key, another assumed role, the ECS role...), and returns the
/// role's temporary credentials.
///
/// ```no_run
/// use std::time::Duration;
/// use alibabacloud_vpn::credentials::{Credentials, RamRoleArnProvider};
///
/// let role = RamRoleArnProvider::new(
///     Credentials::new("LTAI...", "secret"),
///     "acs:ram::123456789012****:role/vpn-operator",
/// )
/// .with_role_session_name("nightly-rotation")
/// .with_duration(Duration::from_secs(900))
/// .with_external_id("abcd1234");
/// let client = alibabacloud_vpn::Client::builder()
///     .region_id("cn-hangzhou")
///     .credentials(role)
///     .build()?;
/// # Ok::<(), alibabacloud_vpn::error::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
pub struct RamRoleArnProvider {
    source: Arc<CredentialsCache>,
    session: RoleSession,
    external_id: Option<String>,
    sts: Sts,
}

impl RamRoleArnProvider {
    /// Assumes `role_arn` with the credentials of `source` (cached and refreshed on their
    /// own schedule).
    pub fn new(source: impl ProvideCredentials + 'static, role_arn: impl Into<String>) -> Self {
        Self::from_arc(Arc::new(source), role_arn)
    }

    /// Like [`RamRoleArnProvider::new`], with a shared source provider.
    pub fn from_arc(source: Arc<dyn ProvideCredentials>, role_arn: impl Into<String>) -> Self {
        Self {
            source: Arc::new(CredentialsCache::from_arc(source)),
            session: RoleSession::new(role_arn.into()),
            external_id: None,
            sts: Sts::new(),
        }
    }

    /// Sends this external id, which the role's trust policy may require (builder
    /// style).
    pub fn with_external_id(mut self, external_id: impl Into<String>) -> Self {
        self.external_id = Some(external_id.into());
        self
    }

    role_builders!();

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let what = format!("RAM role `{}` (STS AssumeRole)", self.session.role_arn);
        let mut form = self.session.form(&self.sts.env, &what)?;
        if let Some(id) = &self.external_id {
            form.insert("ExternalId", id.as_str());
        }
        let source = self.source.credentials().await.map_err(|e| {
            CredentialsError::new(format!("{what}: the source credentials: {}", e.message))
        })?;
        let mut secrets = vec![source.access_key_secret()];
        secrets.extend(source.security_token());
        self.sts
            .assume("AssumeRole", &form, Some(&source), &what, &secrets)
            .await
    }
}

impl ProvideCredentials for RamRoleArnProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}

/// Assumes a RAM role with STS `AssumeRoleWithOIDC`, proving the caller's identity with
/// an OIDC token read from a file, as on Alibaba Cloud's Kubernetes service (RRSA),
/// which injects `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and
/// `ALIBABA_CLOUD_OIDC_TOKEN_FILE`. The file is read again at every refresh (the
/// platform rotates it); it is never logged.
#[derive(Debug, Clone)]
pub struct OidcRoleArnProvider {
    session: RoleSession,
    provider_arn: String,
    token_file: PathBuf,
    sts: Sts,
}

impl OidcRoleArnProvider {
    /// Assumes `role_arn`, trusted through the OIDC identity provider `provider_arn`,
    /// with the token in `token_file`.
    pub fn new(
        role_arn: impl Into<String>,
        provider_arn: impl Into<String>,
        token_file: impl Into<PathBuf>,
    ) -> Self {
        Self {
            session: RoleSession::new(role_arn.into()),
            provider_arn: provider_arn.into(),
            token_file: token_file.into(),
            sts: Sts::new(),
        }
    }

    /// The provider the environment describes: `ALIBABA_CLOUD_ROLE_ARN`,
    /// `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and `ALIBABA_CLOUD_OIDC_TOKEN_FILE` must all be
    /// set (the error names those that are not); the STS settings are read from `env`
    /// too.
    pub fn from_env(env: &Env) -> Result<Self, CredentialsError> {
        let names = [env::ROLE_ARN, env::OIDC_PROVIDER_ARN, env::OIDC_TOKEN_FILE];
        let values: Vec<Option<String>> = names.iter().map(|n| env.get(n)).collect();
        let missing: Vec<&str> = names
            .iter()
            .zip(&values)
            .filter(|(_, v)| v.is_none())
            .map(|(n, _)| *n)
            .collect();
        match values.as_slice() {
            [Some(role), Some(provider), Some(file)] => {
                Ok(Self::new(role, provider, file).with_env(env.clone()))
            }
            _ => Err(CredentialsError::new(format!(
                "OIDC role: {} not set",
                missing.join(", ")
            ))),
        }
    }

    /// The OIDC identity provider's ARN.
    pub fn provider_arn(&self) -> &str {
        &self.provider_arn
    }

    /// The token file.
    pub fn token_file(&self) -> &Path {
        &self.token_file
    }

    role_builders!();

    fn read_token(&self, what: &str) -> Result<String, CredentialsError> {
        let shown = self.token_file.display();
        let fail =
            |why: String| CredentialsError::new(format!("{what}: token file {shown}: {why}"));
        let file = std::fs::File::open(&self.token_file).map_err(|e| fail(e.to_string()))?;
        let mut bytes = Vec::new();
        file.take(MAX_CREDENTIALS_RESPONSE_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| fail(e.to_string()))?;
        if bytes.len() > MAX_CREDENTIALS_RESPONSE_BYTES {
            return Err(fail(format!(
                "longer than {MAX_CREDENTIALS_RESPONSE_BYTES} bytes"
            )));
        }
        let token = String::from_utf8(bytes).map_err(|_| fail("not UTF-8".into()))?;
        let token = token.trim();
        if token.is_empty() {
            return Err(fail("empty".into()));
        }
        Ok(token.to_string())
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let what = format!(
            "OIDC role `{}` (STS AssumeRoleWithOIDC)",
            self.session.role_arn
        );
        let mut form = self.session.form(&self.sts.env, &what)?;
        if self.provider_arn.trim().is_empty() {
            return Err(CredentialsError::new(format!(
                "{what}: the OIDC provider ARN is empty"
            )));
        }
        form.insert("OIDCProviderArn", self.provider_arn.as_str());
        let token = self.read_token(&what)?;
        form.insert_secret("OIDCToken", token.as_str());
        self.sts
            .assume("AssumeRoleWithOIDC", &form, None, &what, &[&token])
            .await
    }
}

impl ProvideCredentials for OidcRoleArnProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sts_with(env: Env) -> Sts {
        Sts { env, ..Sts::new() }
    }

    #[test]
    fn endpoint_follows_explicit_then_env_then_region_then_default() {
        let none = Env::from_pairs::<[(&str, &str); 0], _, _>([]);
        assert_eq!(
            sts_with(none.clone()).endpoint().unwrap().url(),
            "https://sts.aliyuncs.com/"
        );
        let mut sts = sts_with(Env::from_pairs([
            (env::STS_REGION, "cn-shanghai"),
            (env::VPC_ENDPOINT_ENABLED, "true"),
        ]));
        assert_eq!(
            sts.endpoint().unwrap().url(),
            "https://sts-vpc.cn-shanghai.aliyuncs.com/"
        );
        sts.region = Some("cn-beijing".into());
        sts.env = Env::from_pairs([(env::STS_ENDPOINT, "http://127.0.0.1:9")]);
        assert_eq!(sts.endpoint().unwrap().url(), "http://127.0.0.1:9/");
        sts.env = none;
        assert_eq!(
            sts.endpoint().unwrap().url(),
            "https://sts.cn-beijing.aliyuncs.com/"
        );
        sts.endpoint = Some("ftp://x".into());
        assert!(sts.endpoint().unwrap_err().message.contains("STS endpoint"));
    }

    #[test]
    fn role_form_has_defaults_and_checks_duration() {
        let env = Env::from_pairs([(env::ROLE_SESSION_NAME, "from-env")]);
        let mut s = RoleSession::new("acs:ram::1:role/r".into());
        let form = s.form(&env, "x").unwrap();
        assert_eq!(form.get("RoleSessionName"), Some("from-env"));
        assert_eq!(form.get("DurationSeconds"), Some("3600"));
        assert_eq!(form.get("Policy"), None);
        let form = s.form(&Env::from_pairs([("A", "b")]), "x").unwrap();
        assert!(
            form.get("RoleSessionName")
                .unwrap()
                .starts_with("alibabacloud-vpn-rust-")
        );
        s.duration = Duration::from_secs(899);
        assert!(
            s.form(&env, "x")
                .unwrap_err()
                .message
                .contains("at least 900 s")
        );
        s.role_arn = " ".into();
        assert!(
            s.form(&env, "x")
                .unwrap_err()
                .message
                .contains("role ARN is empty")
        );
    }

    #[test]
    fn oidc_from_env_names_what_is_missing() {
        let e =
            OidcRoleArnProvider::from_env(&Env::from_pairs([(env::ROLE_ARN, "r")])).unwrap_err();
        assert!(
            e.message
                .contains("ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE not set"),
            "{e}"
        );
        let p = OidcRoleArnProvider::from_env(&Env::from_pairs([
            (env::ROLE_ARN, "r"),
            (env::OIDC_PROVIDER_ARN, "p"),
            (env::OIDC_TOKEN_FILE, "/t"),
        ]))
        .unwrap();
        assert_eq!(
            (p.role_arn(), p.provider_arn(), p.token_file()),
            ("r", "p", Path::new("/t"))
        );
    }

    #[test]
    fn unsigned_request_puts_the_token_in_the_body_only() {
        let mut form = Params::new();
        form.insert("RoleArn", "acs:ram::1:role/r");
        form.insert_secret("OIDCToken", "eyJ.token.sig");
        let e = Endpoint::parse("http://127.0.0.1:9").unwrap();
        let r = unsigned("AssumeRoleWithOIDC", &e, &form, "2024-01-01T00:00:00Z");
        assert!(r.url.contains("Action=AssumeRoleWithOIDC"), "{}", r.url);
        assert!(r.url.contains("Version=2015-04-01"), "{}", r.url);
        assert!(!r.url.contains("token"), "{}", r.url);
        let body = String::from_utf8(r.body.to_vec()).unwrap();
        assert!(body.contains("OIDCToken=eyJ.token.sig"), "{body}");
    }
}
