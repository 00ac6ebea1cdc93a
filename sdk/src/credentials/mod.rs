//! Credentials: the access key (and STS token) requests are signed with, and where they
//! come from.
//!
//! * [`Credentials`]: an access key id, its secret and an optional STS token and
//!   expiry. Also a provider of itself (static credentials).
//! * [`ProvideCredentials`]: the provider trait (object-safe, async via a boxed future).
//! * Providers that read local configuration: [`EnvironmentProvider`],
//!   [`CliProfileProvider`] (`~/.aliyun/config.json`, every mode the CLI writes) and
//!   [`ProfileFileProvider`] (`~/.alibabacloud/credentials`).
//! * Providers that talk to a service, each behind a Cargo feature (all on by default):
//!   `EcsRamRoleProvider` (feature `ecs`: the ECS instance's RAM role, from the
//!   metadata service), `RamRoleArnProvider` and `OidcRoleArnProvider` (feature `sts`:
//!   STS `AssumeRole` on top of any other credentials, and `AssumeRoleWithOIDC` as on
//!   Kubernetes), `CredentialsUriProvider` (feature `credentials-uri`). Their HTTP
//!   requests are bounded in time and in size (64 KiB of answer).
//! * [`DefaultCredentialsChain`]: all of them in the official SDKs' order.
//! * [`CredentialsCache`]: caches a provider's answer and refreshes it shortly before
//!   it expires; concurrent callers share one refresh. The client always uses one.
//!
//! Secrets are held in [`SecretString`], whose `Debug` never shows the value.

mod cache;
mod chain;
mod cli_profile;
#[cfg(feature = "ecs")]
mod ecs;
mod environment;
#[cfg(any(feature = "ecs", feature = "sts", feature = "credentials-uri"))]
mod http;
mod profile_file;
#[cfg(feature = "sts")]
mod sts;
#[cfg(feature = "credentials-uri")]
mod uri;

use std::fmt;
use std::time::SystemTime;

use futures_util::future::BoxFuture;

pub use cache::CredentialsCache;
pub use chain::DefaultCredentialsChain;
pub use cli_profile::CliProfileProvider;
#[cfg(feature = "ecs")]
#[cfg_attr(docsrs, doc(cfg(feature = "ecs")))]
pub use ecs::{DEFAULT_IMDS_ENDPOINT, EcsRamRoleProvider};
pub use environment::EnvironmentProvider;
#[cfg(any(feature = "ecs", feature = "sts", feature = "credentials-uri"))]
pub use http::MAX_CREDENTIALS_RESPONSE_BYTES;
pub use profile_file::ProfileFileProvider;
#[cfg(feature = "sts")]
#[cfg_attr(docsrs, doc(cfg(feature = "sts")))]
pub use sts::{
    DEFAULT_ROLE_DURATION, DEFAULT_STS_ENDPOINT, MIN_ROLE_DURATION, OidcRoleArnProvider,
    RamRoleArnProvider, STS_API_VERSION,
};
#[cfg(feature = "credentials-uri")]
#[cfg_attr(docsrs, doc(cfg(feature = "credentials-uri")))]
pub use uri::CredentialsUriProvider;

pub(crate) use cli_profile::cli_profile_region;

use crate::error::CredentialsError;
use crate::redact::REDACTED;

/// A string that must never be printed. `Debug` shows `** redacted **`; there is no
/// `Display`. Read it with [`SecretString::expose_secret`].
#[derive(Clone, PartialEq, Eq)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// The secret value. Do not log it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl From<String> for SecretString {
    fn from(s: String) -> Self {
        Self(s)
    }
}

impl From<&str> for SecretString {
    fn from(s: &str) -> Self {
        Self(s.to_string())
    }
}

/// An access key (id and secret), optionally temporary (STS token and expiry).
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: SecretString,
    security_token: Option<SecretString>,
    expiration: Option<SystemTime>,
}

impl Credentials {
    /// Long-lived access key credentials.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            access_key_secret: SecretString::new(access_key_secret),
            security_token: None,
            expiration: None,
        }
    }

    /// Adds an STS security token (builder style). It is sent and signed with every
    /// request (`SecurityToken` in V1, `x-acs-security-token` in V3).
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(SecretString::new(token));
        self
    }

    /// Sets when the credentials stop working (builder style).
    pub fn with_expiration(mut self, expiration: SystemTime) -> Self {
        self.expiration = Some(expiration);
        self
    }

    /// The access key id.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The access key secret. Do not log it.
    pub fn access_key_secret(&self) -> &str {
        self.access_key_secret.expose_secret()
    }

    /// The STS security token, for temporary credentials. Do not log it.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token
            .as_ref()
            .map(SecretString::expose_secret)
    }

    /// When the credentials expire, if they do.
    pub fn expiration(&self) -> Option<SystemTime> {
        self.expiration
    }
}

/// The access key id with all but its first four characters hidden.
pub(crate) fn mask_key_id(id: &str) -> String {
    if id.chars().count() > 8 {
        format!("{}****", id.chars().take(4).collect::<String>())
    } else {
        REDACTED.to_string()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &mask_key_id(&self.access_key_id))
            .field("access_key_secret", &self.access_key_secret)
            .field("security_token", &self.security_token)
            .field("expiration", &self.expiration)
            .finish()
    }
}

/// A source of credentials. Object-safe; async through a boxed future.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Obtains credentials, or says why it cannot.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let c = self.clone();
        Box::pin(async move { Ok(c) })
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for std::sync::Arc<T> {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).provide_credentials()
    }
}

/// Builds credentials from a key id, secret and optional token read from a source,
/// refusing half-set keys.
fn from_parts(
    source: &str,
    id: Option<String>,
    secret: Option<String>,
    token: Option<String>,
    id_name: &str,
    secret_name: &str,
) -> Result<Credentials, CredentialsError> {
    match (id, secret) {
        (Some(id), Some(secret)) => {
            let mut c = Credentials::new(id, secret);
            if let Some(t) = token {
                c = c.with_security_token(t);
            }
            Ok(c)
        }
        (None, None) => Err(CredentialsError::new(format!(
            "{source}: {id_name} and {secret_name} are not set"
        ))),
        (Some(_), None) => Err(CredentialsError::new(format!(
            "{source}: {id_name} is set but {secret_name} is not"
        ))),
        (None, Some(_)) => Err(CredentialsError::new(format!(
            "{source}: {secret_name} is set but {id_name} is not"
        ))),
    }
}

/// The error of a configured source whose provider this build leaves out.
#[cfg(not(all(feature = "ecs", feature = "sts", feature = "credentials-uri")))]
fn needs_feature(source: &str, what: &str, feature: &str) -> CredentialsError {
    CredentialsError::new(format!(
        "{source}: {what} {}",
        not_built("", feature).trim()
    ))
}

/// Why a source is missing from this build.
#[cfg(not(all(feature = "ecs", feature = "sts", feature = "credentials-uri")))]
fn not_built(source: &str, feature: &str) -> String {
    let prefix = if source.is_empty() {
        String::new()
    } else {
        format!("{source}: ")
    };
    format!(
        "{prefix}needs the `{feature}` feature of alibabacloud-vpn, which this build leaves out"
    )
}

/// Where a credentials file is: the explicit path, else the path in `var`, else
/// `$HOME/<home_relative...>`. `source` names the provider in the error.
fn locate_file(
    explicit: Option<&std::path::Path>,
    env: &crate::env::Env,
    var: &str,
    home_relative: &[&str],
    source: &str,
) -> Result<std::path::PathBuf, CredentialsError> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = env.get(var) {
        return Ok(std::path::PathBuf::from(p));
    }
    env.home_dir()
        .map(|home| {
            home_relative
                .iter()
                .fold(home, |path, part| path.join(part))
        })
        .ok_or_else(|| {
            CredentialsError::new(format!(
                "{source}: no home directory (HOME is not set) and {var} is not set"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_credentials_hides_secret_and_token() {
        let c = Credentials::new("LTAI5tExampleKeyId", "very-secret-value")
            .with_security_token("sts-token-value");
        let text = format!("{c:?}");
        assert!(!text.contains("very-secret-value"), "{text}");
        assert!(!text.contains("sts-token-value"), "{text}");
        assert!(!text.contains("LTAI5tExampleKeyId"), "{text}");
        assert!(text.contains("LTAI****"), "{text}");
        assert_eq!(c.access_key_secret(), "very-secret-value");
        assert_eq!(c.security_token(), Some("sts-token-value"));
    }

    #[test]
    fn short_key_ids_are_fully_hidden() {
        assert_eq!(mask_key_id("abc"), REDACTED);
    }
}
