//! Credentials from the INI credentials file, `~/.alibabacloud/credentials`.
//!
//! ```ini
//! [default]
//! type = access_key
//! access_key_id = LTAI...
//! access_key_secret = ...
//! ```
//!
//! The path is the explicit one, else `ALIBABA_CLOUD_CREDENTIALS_FILE`, else
//! `$HOME/.alibabacloud/credentials`; the section is the explicit one, else
//! `ALIBABA_CLOUD_PROFILE`, else `default`. Supported types, as in the official SDKs:
//!
//! | `type` | keys |
//! |---|---|
//! | `access_key` | `access_key_id`, `access_key_secret` |
//! | `ecs_ram_role` | optional `role_name` (feature `ecs`) |
//! | `ram_role_arn` | `access_key_id`, `access_key_secret`, `role_arn`, optional `role_session_name`, `policy` (feature `sts`) |
//! | `oidc_role_arn` | `role_arn`, `oidc_provider_arn`, `oidc_token_file_path`, optional `role_session_name`, `policy` (feature `sts`) |
//!
//! The file is read at every call: wrap the provider in a
//! [`CredentialsCache`](super::CredentialsCache) (the client does) so that assumed roles
//! are reused until they come close to expiry.

use std::collections::BTreeMap;
use std::path::PathBuf;

use futures_util::future::BoxFuture;

use super::{Credentials, ProvideCredentials, from_parts};
use crate::env::{self, Env};
use crate::error::CredentialsError;

const SOURCE: &str = "credentials file";

/// Reads a section of the INI credentials file.
#[derive(Debug, Clone, Default)]
pub struct ProfileFileProvider {
    env: Env,
    path: Option<PathBuf>,
    profile: Option<String>,
}

/// Parses INI text into sections of `key = value` pairs. Lines starting with `#` or `;`
/// are comments; keys before any section are ignored; values are trimmed.
fn parse_ini(text: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut sections: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim().to_string();
            sections.entry(name.clone()).or_default();
            current = Some(name);
        } else if let (Some(section), Some((k, v))) = (&current, line.split_once('=')) {
            sections
                .entry(section.clone())
                .or_default()
                .insert(k.trim().to_string(), v.trim().to_string());
        }
    }
    sections
}

impl ProfileFileProvider {
    /// Uses the process environment to find the file and section.
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses the given environment to find the file and section.
    pub fn with_env(env: Env) -> Self {
        Self {
            env,
            ..Self::default()
        }
    }

    /// Reads this file instead of the default one (builder style).
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Uses this section instead of `ALIBABA_CLOUD_PROFILE` / `default` (builder style).
    pub fn with_profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }

    fn path(&self) -> Result<PathBuf, CredentialsError> {
        super::locate_file(
            self.path.as_deref(),
            &self.env,
            env::CREDENTIALS_FILE,
            &[".alibabacloud", "credentials"],
            SOURCE,
        )
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let path = self.path()?;
        let shown = path.display();
        let text = std::fs::read_to_string(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                CredentialsError::new(format!("{SOURCE}: {shown} not found"))
            } else {
                CredentialsError::new(format!("{SOURCE}: cannot read {shown}: {e}"))
            }
        })?;
        let name = self
            .profile
            .clone()
            .or_else(|| self.env.get(env::PROFILE))
            .unwrap_or_else(|| "default".to_string());
        let mut sections = parse_ini(&text);
        let section = sections.remove(&name).ok_or_else(|| {
            CredentialsError::new(format!("{SOURCE}: section [{name}] not found in {shown}"))
        })?;
        let get = |k: &str| section.get(k).filter(|v| !v.is_empty()).cloned();
        let source = format!("{SOURCE} [{name}] in {shown}");
        match get("type").as_deref() {
            Some("access_key") => from_parts(
                &source,
                get("access_key_id"),
                get("access_key_secret"),
                None,
                "access_key_id",
                "access_key_secret",
            ),
            Some("ecs_ram_role") => {
                #[cfg(feature = "ecs")]
                {
                    let mut ecs = super::EcsRamRoleProvider::from_env(&self.env);
                    if let Some(role) = get("role_name") {
                        ecs = ecs.with_role_name(role);
                    }
                    ecs.provide_credentials().await.map_err(|e| {
                        CredentialsError::new(format!("{source}: type ecs_ram_role: {}", e.message))
                    })
                }
                #[cfg(not(feature = "ecs"))]
                Err(super::needs_feature(&source, "type ecs_ram_role", "ecs"))
            }
            Some("ram_role_arn") => {
                #[cfg(feature = "sts")]
                {
                    let key = from_parts(
                        &source,
                        get("access_key_id"),
                        get("access_key_secret"),
                        None,
                        "access_key_id",
                        "access_key_secret",
                    )?;
                    let role = get("role_arn").ok_or_else(|| {
                        CredentialsError::new(format!(
                            "{source}: type ram_role_arn without role_arn"
                        ))
                    })?;
                    let mut p =
                        super::RamRoleArnProvider::new(key, role).with_env(self.env.clone());
                    if let Some(name) = get("role_session_name") {
                        p = p.with_role_session_name(name);
                    }
                    if let Some(policy) = get("policy") {
                        p = p.with_policy(policy);
                    }
                    p.provide_credentials().await
                }
                #[cfg(not(feature = "sts"))]
                Err(super::needs_feature(&source, "type ram_role_arn", "sts"))
            }
            Some("oidc_role_arn") => {
                #[cfg(feature = "sts")]
                {
                    let need = |k: &str| {
                        get(k).ok_or_else(|| {
                            CredentialsError::new(format!(
                                "{source}: type oidc_role_arn without {k}"
                            ))
                        })
                    };
                    let mut p = super::OidcRoleArnProvider::new(
                        need("role_arn")?,
                        need("oidc_provider_arn")?,
                        need("oidc_token_file_path")?,
                    )
                    .with_env(self.env.clone());
                    if let Some(name) = get("role_session_name") {
                        p = p.with_role_session_name(name);
                    }
                    if let Some(policy) = get("policy") {
                        p = p.with_policy(policy);
                    }
                    p.provide_credentials().await
                }
                #[cfg(not(feature = "sts"))]
                Err(super::needs_feature(&source, "type oidc_role_arn", "sts"))
            }
            Some(other) => Err(CredentialsError::new(format!(
                "{source}: type `{other}` is not supported by this SDK (supported: access_key, ecs_ram_role, ram_role_arn, oidc_role_arn)"
            ))),
            None => Err(CredentialsError::new(format!("{source}: no `type` key"))),
        }
    }
}

impl ProvideCredentials for ProfileFileProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.credentials())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INI: &str = "\
# comment
[default]
type = access_key
access_key_id = default-id
access_key_secret = default-secret

[other]
type=access_key
access_key_id=other-id
access_key_secret = other=secret

[arn]
type = ram_role_arn

[cert]
type = rsa_key_pair
";

    fn write(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "alibabacloud-vpn-ini-{name}-{}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("credentials");
        std::fs::write(&p, INI).unwrap();
        p
    }

    fn block<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn default_section_from_env_path() {
        let p = write("default");
        let env = Env::from_pairs([(env::CREDENTIALS_FILE, p.to_str().unwrap())]);
        let c = block(ProfileFileProvider::with_env(env).credentials()).unwrap();
        assert_eq!(c.access_key_id(), "default-id");
        assert_eq!(c.access_key_secret(), "default-secret");
    }

    #[test]
    fn profile_env_selects_section_and_values_keep_equals_signs() {
        let p = write("other");
        let env = Env::from_pairs([
            (env::CREDENTIALS_FILE, p.to_str().unwrap()),
            (env::PROFILE, "other"),
        ]);
        let c = block(ProfileFileProvider::with_env(env).credentials()).unwrap();
        assert_eq!(c.access_key_id(), "other-id");
        assert_eq!(c.access_key_secret(), "other=secret");
    }

    #[test]
    fn unsupported_type_and_missing_section_are_explained() {
        let p = write("errors");
        let base = ProfileFileProvider::with_env(Env::from_pairs([("X", "y")])).with_path(&p);
        let e = block(base.clone().with_profile("cert").credentials()).unwrap_err();
        assert!(e.message.contains("`rsa_key_pair` is not supported"), "{e}");
        #[cfg(feature = "sts")]
        {
            let e = block(base.clone().with_profile("arn").credentials()).unwrap_err();
            assert!(
                e.message
                    .contains("access_key_id and access_key_secret are not set"),
                "{e}"
            );
        }
        let e = block(base.with_profile("zzz").credentials()).unwrap_err();
        assert!(e.message.contains("section [zzz] not found"), "{e}");
    }
}
