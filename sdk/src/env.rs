//! Environment lookup behind a value, so configuration logic can be tested without
//! touching the process environment.
//!
//! Every piece of the SDK that reads environment variables (credentials, region,
//! endpoint, signature version) takes an [`Env`]. [`Env::process`] reads the real
//! environment; [`Env::from_pairs`] and [`Env::from_fn`] build fakes for tests.
//!
//! Environment variables this SDK reads:
//!
//! | variable | meaning |
//! |---|---|
//! | `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, `ALIBABA_CLOUD_SECURITY_TOKEN` | static or STS credentials |
//! | `ALIBABA_CLOUD_PROFILE` | profile name in the CLI config and the credentials file |
//! | `ALIBABA_CLOUD_CONFIG_FILE` | path of the CLI config (default `~/.aliyun/config.json`) |
//! | `ALIBABA_CLOUD_CLI_PROFILE_DISABLED` | `true` skips the CLI config |
//! | `ALIBABA_CLOUD_CREDENTIALS_FILE` | path of the INI credentials file (default `~/.alibabacloud/credentials`) |
//! | `ALIBABA_CLOUD_ECS_METADATA` | ECS RAM role name (skips role discovery) |
//! | `ALIBABA_CLOUD_ECS_METADATA_DISABLED` | `true` skips the ECS instance metadata service |
//! | `ALIBABA_CLOUD_IMDSV1_DISABLED` | `true` forbids the metadata fallback without a session token |
//! | `ALIBABA_CLOUD_IMDS_ENDPOINT` | metadata service base URL (default `http://100.100.100.200`; this SDK's own variable) |
//! | `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`, `ALIBABA_CLOUD_OIDC_TOKEN_FILE` | OIDC role assumption (as Alibaba's Kubernetes service injects them for RRSA) |
//! | `ALIBABA_CLOUD_ROLE_SESSION_NAME` | session name of assumed roles (default `alibabacloud-vpn-rust-<unix µs>`) |
//! | `ALIBABA_CLOUD_STS_REGION` | STS region: `sts.<region>.aliyuncs.com` instead of `sts.aliyuncs.com` |
//! | `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED` | `true` uses the VPC STS endpoint `sts-vpc.<region>.aliyuncs.com` |
//! | `ALIBABA_CLOUD_STS_ENDPOINT` | STS endpoint URL or host, overriding the two above (this SDK's own variable) |
//! | `ALIBABA_CLOUD_CREDENTIALS_URI` | URL answering temporary credentials as JSON |
//! | `ALIBABA_CLOUD_REGION_ID` | region |
//! | `ALIBABA_CLOUD_VPC_ENDPOINT` | endpoint URL or host (this SDK's own variable) |
//! | `ALIBABA_CLOUD_SIGNATURE_VERSION` | `v1` (default) or `v3` (this SDK's own variable) |
//! | `ALIBABA_CLOUD_HTTP_METHOD` | `POST` (default) or `GET` (this SDK's own variable) |
//! | `ALIBABA_CLOUD_USER_AGENT` | text appended to the `User-Agent` header |
//! | `HOME` (`USERPROFILE` on Windows) | home directory for the default file paths |

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// Access key id.
pub const ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// Access key secret.
pub const ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// STS security token.
pub const SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";
/// Profile name for the CLI config and the credentials file.
pub const PROFILE: &str = "ALIBABA_CLOUD_PROFILE";
/// Path of the CLI config file.
pub const CONFIG_FILE: &str = "ALIBABA_CLOUD_CONFIG_FILE";
/// `true` disables the CLI config file.
pub const CLI_PROFILE_DISABLED: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";
/// Path of the INI credentials file.
pub const CREDENTIALS_FILE: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";
/// ECS RAM role name.
pub const ECS_METADATA: &str = "ALIBABA_CLOUD_ECS_METADATA";
/// `true` disables the ECS metadata credentials.
pub const ECS_METADATA_DISABLED: &str = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";
/// `true` forbids metadata requests without an IMDSv2 session token.
pub const IMDSV1_DISABLED: &str = "ALIBABA_CLOUD_IMDSV1_DISABLED";
/// Base URL of the instance metadata service.
pub const IMDS_ENDPOINT: &str = "ALIBABA_CLOUD_IMDS_ENDPOINT";
/// ARN of the RAM role to assume with an OIDC token.
pub const ROLE_ARN: &str = "ALIBABA_CLOUD_ROLE_ARN";
/// ARN of the OIDC identity provider.
pub const OIDC_PROVIDER_ARN: &str = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN";
/// Path of the file holding the OIDC token.
pub const OIDC_TOKEN_FILE: &str = "ALIBABA_CLOUD_OIDC_TOKEN_FILE";
/// Session name of assumed roles.
pub const ROLE_SESSION_NAME: &str = "ALIBABA_CLOUD_ROLE_SESSION_NAME";
/// STS region.
pub const STS_REGION: &str = "ALIBABA_CLOUD_STS_REGION";
/// `true` selects the VPC STS endpoint.
pub const VPC_ENDPOINT_ENABLED: &str = "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED";
/// Explicit STS endpoint.
pub const STS_ENDPOINT: &str = "ALIBABA_CLOUD_STS_ENDPOINT";
/// URL of a credentials endpoint.
pub const CREDENTIALS_URI: &str = "ALIBABA_CLOUD_CREDENTIALS_URI";
/// Region id.
pub const REGION_ID: &str = "ALIBABA_CLOUD_REGION_ID";
/// Explicit endpoint.
pub const VPC_ENDPOINT: &str = "ALIBABA_CLOUD_VPC_ENDPOINT";
/// Signature version, `v1` or `v3`.
pub const SIGNATURE_VERSION: &str = "ALIBABA_CLOUD_SIGNATURE_VERSION";
/// HTTP method, `GET` or `POST`.
pub const HTTP_METHOD: &str = "ALIBABA_CLOUD_HTTP_METHOD";
/// Text appended to the `User-Agent` header.
pub const USER_AGENT: &str = "ALIBABA_CLOUD_USER_AGENT";

type Lookup = dyn Fn(&str) -> Option<String> + Send + Sync;

/// A source of environment variables. Cheap to clone.
#[derive(Clone)]
pub struct Env {
    lookup: Arc<Lookup>,
}

impl Env {
    /// The process environment.
    pub fn process() -> Self {
        Self::from_fn(|name| std::env::var(name).ok())
    }

    /// A fixed set of variables (everything else is unset).
    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let map: HashMap<String, String> = pairs
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        Self::from_fn(move |name| map.get(name).cloned())
    }

    /// Variables answered by a function.
    pub fn from_fn(f: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self {
            lookup: Arc::new(f),
        }
    }

    /// The value of `name`, trimmed; `None` when unset or blank.
    pub fn get(&self, name: &str) -> Option<String> {
        (self.lookup)(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    /// Whether `name` is set to `true` (case-insensitive).
    pub fn is_true(&self, name: &str) -> bool {
        self.get(name)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    /// The user's home directory (`HOME`, else `USERPROFILE`).
    pub fn home_dir(&self) -> Option<PathBuf> {
        self.get("HOME")
            .or_else(|| self.get("USERPROFILE"))
            .map(PathBuf::from)
    }
}

impl Default for Env {
    fn default() -> Self {
        Self::process()
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Env")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_values_count_as_unset() {
        let env = Env::from_pairs([("A", "  "), ("B", " x "), ("C", "TRUE")]);
        assert_eq!(env.get("A"), None);
        assert_eq!(env.get("B").as_deref(), Some("x"));
        assert!(env.is_true("C"));
        assert!(!env.is_true("B"));
        assert_eq!(env.get("missing"), None);
    }

    #[test]
    fn home_falls_back_to_userprofile() {
        let env = Env::from_pairs([("USERPROFILE", "C:\\Users\\me")]);
        assert_eq!(env.home_dir(), Some(PathBuf::from("C:\\Users\\me")));
    }
}
