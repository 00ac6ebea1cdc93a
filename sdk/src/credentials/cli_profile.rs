//! Credentials from the Alibaba Cloud CLI config, `~/.aliyun/config.json`.
//!
//! File shape: `{"current": "<name>", "profiles": [{"name", "mode", ...}]}`. The profile is
//! the explicit name, else `ALIBABA_CLOUD_PROFILE`, else `current` (else `default`). The
//! path is the explicit one, else `ALIBABA_CLOUD_CONFIG_FILE`, else
//! `$HOME/.aliyun/config.json`.
//!
//! Every mode the official CLI writes for keys and roles is supported:
//!
//! | mode | fields | credentials |
//! |---|---|---|
//! | `AK` | `access_key_id`, `access_key_secret` | the access key |
//! | `StsToken` | the same and `sts_token` | the access key with its STS token |
//! | `RamRoleArn` | `access_key_id`, `access_key_secret`, `ram_role_arn`, optional `ram_session_name`, `expired_seconds`, `policy`, `external_id`, `sts_region`, `enable_vpc` | the role, assumed with the access key (feature `sts`) |
//! | `ChainableRamRoleArn` | `source_profile` and the role fields above | the role, assumed with the source profile's credentials (feature `sts`) |
//! | `EcsRamRole` | optional `ram_role_name` | the ECS instance's role (feature `ecs`) |
//! | `OIDC` | `ram_role_arn`, `oidc_provider_arn`, `oidc_token_file`, optional `ram_session_name`, `expired_seconds`, `policy`, `sts_region`, `enable_vpc` | the role, assumed with the OIDC token (feature `sts`) |
//! | `CredentialsURI` | `credentials_uri` | what the URL answers (feature `credentials-uri`) |
//!
//! The profile's provider is built once, at the first call, and reused (refreshing is the
//! business of the [`CredentialsCache`](super::CredentialsCache) around it).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use futures_util::future::BoxFuture;
use serde_json::{Map, Value};

use super::{Credentials, ProvideCredentials, from_parts};
use crate::env::{self, Env};
use crate::error::CredentialsError;

const SOURCE: &str = "CLI profile";

/// Applies a profile's optional role fields to a role provider: `ram_session_name`,
/// `expired_seconds` (0 means the default), `policy`, `sts_region`, `enable_vpc`.
#[cfg(feature = "sts")]
macro_rules! role_settings {
    ($p:ident, $get:ident, $fail:ident) => {
        if let Some(name) = $get("ram_session_name") {
            $p = $p.with_role_session_name(name);
        }
        if let Some(secs) = $get("expired_seconds") {
            let secs: u64 = secs.parse().map_err(|_| {
                $fail(format!(
                    "expired_seconds `{secs}` is not a number of seconds"
                ))
            })?;
            if secs > 0 {
                $p = $p.with_duration(std::time::Duration::from_secs(secs));
            }
        }
        if let Some(policy) = $get("policy") {
            $p = $p.with_policy(policy);
        }
        if let Some(region) = $get("sts_region") {
            $p = $p.with_sts_region(region);
        }
        if $get("enable_vpc").as_deref() == Some("true") {
            $p = $p.with_vpc_endpoint(true);
        }
    };
}

/// The modes this SDK reads, for error messages.
const MODES: &str =
    "AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, OIDC, CredentialsURI";

/// Reads a profile of the Alibaba Cloud CLI's `config.json`.
#[derive(Debug, Clone, Default)]
pub struct CliProfileProvider {
    env: Env,
    path: Option<PathBuf>,
    profile: Option<String>,
    resolved: Arc<Mutex<Option<Arc<dyn ProvideCredentials>>>>,
}

type Profile = Map<String, Value>;

impl CliProfileProvider {
    /// Uses the process environment to find the file and profile.
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses the given environment to find the file and profile.
    pub fn with_env(env: Env) -> Self {
        Self {
            env,
            ..Self::default()
        }
    }

    /// Reads this file instead of the default one (builder style).
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self.resolved = Arc::default();
        self
    }

    /// Uses this profile instead of `ALIBABA_CLOUD_PROFILE` / `current` (builder style).
    pub fn with_profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self.resolved = Arc::default();
        self
    }

    fn path(&self) -> Result<PathBuf, CredentialsError> {
        super::locate_file(
            self.path.as_deref(),
            &self.env,
            env::CONFIG_FILE,
            &[".aliyun", "config.json"],
            SOURCE,
        )
    }

    /// The file's path and document.
    fn document(&self) -> Result<(PathBuf, Value), CredentialsError> {
        let path = self.path()?;
        let shown = path.display();
        let text = std::fs::read_to_string(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                CredentialsError::new(format!("{SOURCE}: {shown} not found"))
            } else {
                CredentialsError::new(format!("{SOURCE}: cannot read {shown}: {e}"))
            }
        })?;
        let doc: Value = serde_json::from_str(&text).map_err(|e| {
            CredentialsError::new(format!("{SOURCE}: {shown} is not valid JSON: {e}"))
        })?;
        Ok((path, doc))
    }

    /// The name of the selected profile.
    fn selected(&self, doc: &Value) -> String {
        self.profile
            .clone()
            .or_else(|| self.env.get(env::PROFILE))
            .or_else(|| {
                doc.get("current")
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            })
            .unwrap_or_else(|| "default".to_string())
    }

    /// The selected profile object.
    fn load(&self) -> Result<(PathBuf, Profile), CredentialsError> {
        let (path, doc) = self.document()?;
        let name = self.selected(&doc);
        let profile = find_profile(&doc, &name, &path)?;
        Ok((path, profile))
    }

    /// The provider the selected profile describes, built at the first call.
    fn provider(&self) -> Result<Arc<dyn ProvideCredentials>, CredentialsError> {
        let mut slot = self.resolved.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(p) = slot.as_ref() {
            return Ok(p.clone());
        }
        let (path, doc) = self.document()?;
        let name = self.selected(&doc);
        let built = build(&self.env, &doc, &path, &name, &mut Vec::new())?;
        *slot = Some(built.clone());
        Ok(built)
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        self.provider()?.provide_credentials().await
    }
}

fn find_profile(
    doc: &Value,
    name: &str,
    path: &std::path::Path,
) -> Result<Profile, CredentialsError> {
    doc.get("profiles")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .find(|p| p.get("name").and_then(Value::as_str) == Some(name))
        .cloned()
        .ok_or_else(|| {
            CredentialsError::new(format!(
                "{SOURCE}: profile `{name}` not found in {}",
                path.display()
            ))
        })
}

/// A profile field as text: strings trimmed, numbers and booleans as written; empty
/// counts as absent.
fn text(profile: &Profile, key: &str) -> Option<String> {
    match profile.get(key)? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The provider for profile `name`; `chain` holds the profiles already being resolved
/// (a `source_profile` loop is an error, not a stack overflow).
fn build(
    env: &Env,
    doc: &Value,
    path: &std::path::Path,
    name: &str,
    chain: &mut Vec<String>,
) -> Result<Arc<dyn ProvideCredentials>, CredentialsError> {
    #[cfg(not(any(feature = "ecs", feature = "sts")))]
    let _ = env;
    let source = format!("{SOURCE} `{name}` in {}", path.display());
    if chain.iter().any(|n| n == name) {
        chain.push(name.to_string());
        return Err(CredentialsError::new(format!(
            "{source}: source_profile loop: {}",
            chain.join(" -> ")
        )));
    }
    chain.push(name.to_string());
    let profile = find_profile(doc, name, path)?;
    let get = |key: &str| text(&profile, key);
    let fail = |why: String| CredentialsError::new(format!("{source}: {why}"));
    let mode = get("mode").unwrap_or_default();
    let access_key = |token: Option<String>| {
        from_parts(
            &source,
            get("access_key_id"),
            get("access_key_secret"),
            token,
            "access_key_id",
            "access_key_secret",
        )
    };
    let provider: Arc<dyn ProvideCredentials> = match mode.as_str() {
        "AK" => Arc::new(access_key(None)?),
        "StsToken" => {
            let token =
                get("sts_token").ok_or_else(|| fail("mode StsToken without sts_token".into()))?;
            Arc::new(access_key(Some(token))?)
        }
        "RamRoleArn" | "ChainableRamRoleArn" => {
            #[cfg(feature = "sts")]
            {
                let inner: Arc<dyn ProvideCredentials> = if mode == "RamRoleArn" {
                    Arc::new(access_key(None)?)
                } else {
                    let parent = get("source_profile").ok_or_else(|| {
                        fail("mode ChainableRamRoleArn without source_profile".into())
                    })?;
                    build(env, doc, path, &parent, chain)
                        .map_err(|e| fail(format!("source_profile `{parent}`: {}", e.message)))?
                };
                let role = get("ram_role_arn")
                    .ok_or_else(|| fail(format!("mode {mode} without ram_role_arn")))?;
                let mut p = super::RamRoleArnProvider::from_arc(inner, role).with_env(env.clone());
                if let Some(id) = get("external_id") {
                    p = p.with_external_id(id);
                }
                role_settings!(p, get, fail);
                Arc::new(p)
            }
            #[cfg(not(feature = "sts"))]
            return Err(super::needs_feature(
                &source,
                &format!("mode {mode}"),
                "sts",
            ));
        }
        "OIDC" => {
            #[cfg(feature = "sts")]
            {
                let role = get("ram_role_arn")
                    .ok_or_else(|| fail("mode OIDC without ram_role_arn".into()))?;
                let provider_arn = get("oidc_provider_arn")
                    .ok_or_else(|| fail("mode OIDC without oidc_provider_arn".into()))?;
                let file = get("oidc_token_file")
                    .ok_or_else(|| fail("mode OIDC without oidc_token_file".into()))?;
                let mut p =
                    super::OidcRoleArnProvider::new(role, provider_arn, file).with_env(env.clone());
                role_settings!(p, get, fail);
                Arc::new(p)
            }
            #[cfg(not(feature = "sts"))]
            return Err(super::needs_feature(&source, "mode OIDC", "sts"));
        }
        "EcsRamRole" => {
            #[cfg(feature = "ecs")]
            {
                let mut ecs = super::EcsRamRoleProvider::from_env(env);
                if let Some(role) = get("ram_role_name") {
                    ecs = ecs.with_role_name(role);
                }
                Arc::new(ecs)
            }
            #[cfg(not(feature = "ecs"))]
            return Err(super::needs_feature(&source, "mode EcsRamRole", "ecs"));
        }
        "CredentialsURI" => {
            #[cfg(feature = "credentials-uri")]
            {
                let uri = get("credentials_uri")
                    .ok_or_else(|| fail("mode CredentialsURI without credentials_uri".into()))?;
                Arc::new(super::CredentialsUriProvider::new(uri))
            }
            #[cfg(not(feature = "credentials-uri"))]
            return Err(super::needs_feature(
                &source,
                "mode CredentialsURI",
                "credentials-uri",
            ));
        }
        "" => return Err(fail("profile has no mode".into())),
        other => {
            return Err(fail(format!(
                "mode `{other}` is not supported by this SDK (supported: {MODES})"
            )));
        }
    };
    chain.pop();
    Ok(provider)
}

impl ProvideCredentials for CliProfileProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.credentials())
    }
}

/// The `region_id` of the selected CLI profile, if the file and profile exist.
pub(crate) fn cli_profile_region(env: &Env) -> Option<String> {
    if env.is_true(env::CLI_PROFILE_DISABLED) {
        return None;
    }
    let (_, profile) = CliProfileProvider::with_env(env.clone()).load().ok()?;
    profile
        .get("region_id")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"{
        "current": "dev",
        "profiles": [
            {"name": "dev", "mode": "AK", "access_key_id": "dev-id",
             "access_key_secret": "dev-secret", "region_id": "cn-shanghai"},
            {"name": "sts", "mode": "StsToken", "access_key_id": "sts-id",
             "access_key_secret": "sts-secret", "sts_token": "sts-token", "region_id": ""},
            {"name": "arn", "mode": "RamRoleArn", "access_key_id": "a", "access_key_secret": "b"},
            {"name": "sso", "mode": "CloudSSO"},
            {"name": "loop-a", "mode": "ChainableRamRoleArn", "source_profile": "loop-b", "ram_role_arn": "acs:ram::1:role/a"},
            {"name": "loop-b", "mode": "ChainableRamRoleArn", "source_profile": "loop-a", "ram_role_arn": "acs:ram::1:role/b"},
            {"name": "bad-secs", "mode": "RamRoleArn", "access_key_id": "a", "access_key_secret": "b",
             "ram_role_arn": "acs:ram::1:role/r", "expired_seconds": "soon"}
        ]
    }"#;

    fn write_config(dir: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("alibabacloud-vpn-cli-{dir}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config.json");
        std::fs::write(&path, CONFIG).unwrap();
        path
    }

    fn block<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn uses_current_profile_by_default() {
        let path = write_config("current");
        let env = Env::from_pairs([(env::CONFIG_FILE, path.to_str().unwrap())]);
        let c = block(CliProfileProvider::with_env(env.clone()).credentials()).unwrap();
        assert_eq!(c.access_key_id(), "dev-id");
        assert_eq!(c.security_token(), None);
        assert_eq!(cli_profile_region(&env).as_deref(), Some("cn-shanghai"));
    }

    #[test]
    fn profile_env_var_selects_sts_profile() {
        let path = write_config("sts");
        let env = Env::from_pairs([
            (env::CONFIG_FILE, path.to_str().unwrap()),
            (env::PROFILE, "sts"),
        ]);
        let c = block(CliProfileProvider::with_env(env.clone()).credentials()).unwrap();
        assert_eq!(c.access_key_id(), "sts-id");
        assert_eq!(c.security_token(), Some("sts-token"));
        assert_eq!(cli_profile_region(&env), None);
    }

    #[test]
    fn home_directory_gives_the_default_path() {
        let path = write_config("home");
        let home = path.parent().unwrap().join("home");
        std::fs::create_dir_all(home.join(".aliyun")).unwrap();
        std::fs::copy(&path, home.join(".aliyun").join("config.json")).unwrap();
        let env = Env::from_pairs([("HOME", home.to_str().unwrap())]);
        let c = block(CliProfileProvider::with_env(env).credentials()).unwrap();
        assert_eq!(c.access_key_id(), "dev-id");
    }

    #[cfg(feature = "sts")]
    #[test]
    fn role_profiles_are_checked_before_any_request() {
        let path = write_config("roles");
        let p = CliProfileProvider::with_env(Env::from_pairs([("X", "y")])).with_path(&path);
        let e = block(p.clone().with_profile("arn").credentials()).unwrap_err();
        assert!(
            e.message.contains("mode RamRoleArn without ram_role_arn"),
            "{e}"
        );
        let e = block(p.clone().with_profile("loop-a").credentials()).unwrap_err();
        assert!(
            e.message
                .contains("source_profile loop: loop-a -> loop-b -> loop-a"),
            "{e}"
        );
        let e = block(p.with_profile("bad-secs").credentials()).unwrap_err();
        assert!(e.message.contains("expired_seconds `soon`"), "{e}");
    }

    #[test]
    fn unsupported_mode_and_missing_profile_are_explained() {
        let path = write_config("errors");
        let p = CliProfileProvider::with_env(Env::from_pairs([("X", "y")])).with_path(&path);
        let e = block(p.clone().with_profile("sso").credentials()).unwrap_err();
        assert!(e.message.contains("`CloudSSO` is not supported"), "{e}");
        assert!(e.message.contains("ChainableRamRoleArn"), "{e}");
        let e = block(p.with_profile("nope").credentials()).unwrap_err();
        assert!(e.message.contains("profile `nope` not found"), "{e}");
        let e = block(
            CliProfileProvider::with_env(Env::from_pairs([("X", "y")]))
                .with_path(path.with_file_name("missing.json"))
                .credentials(),
        )
        .unwrap_err();
        assert!(e.message.contains("not found"), "{e}");
    }
}
