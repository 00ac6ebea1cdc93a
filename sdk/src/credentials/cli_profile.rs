//! Credentials from the Alibaba Cloud CLI config, `~/.aliyun/config.json`.
//!
//! File shape: `{"current": "<name>", "profiles": [{"name", "mode", "access_key_id",
//! "access_key_secret", "sts_token", "region_id", "ram_role_name", ...}]}`. The profile is
//! the explicit name, else `ALIBABA_CLOUD_PROFILE`, else `current` (else `default`). The
//! path is the explicit one, else `ALIBABA_CLOUD_CONFIG_FILE`, else
//! `$HOME/.aliyun/config.json`. Supported modes: `AK`, `StsToken` and `EcsRamRole`.

use std::path::PathBuf;

use futures_util::future::BoxFuture;
use serde_json::{Map, Value};

use super::{Credentials, EcsRamRoleProvider, ProvideCredentials, from_parts};
use crate::env::{self, Env};
use crate::error::CredentialsError;

const SOURCE: &str = "CLI profile";

/// Reads a profile of the Alibaba Cloud CLI's `config.json`.
#[derive(Debug, Clone, Default)]
pub struct CliProfileProvider {
    env: Env,
    path: Option<PathBuf>,
    profile: Option<String>,
}

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
        self
    }

    /// Uses this profile instead of `ALIBABA_CLOUD_PROFILE` / `current` (builder style).
    pub fn with_profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
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

    /// The selected profile object.
    fn load(&self) -> Result<(PathBuf, Map<String, Value>), CredentialsError> {
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
        let name = self
            .profile
            .clone()
            .or_else(|| self.env.get(env::PROFILE))
            .or_else(|| {
                doc.get("current")
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            })
            .unwrap_or_else(|| "default".to_string());
        let profile = doc
            .get("profiles")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .find(|p| p.get("name").and_then(Value::as_str) == Some(name.as_str()))
            .cloned()
            .ok_or_else(|| {
                CredentialsError::new(format!("{SOURCE}: profile `{name}` not found in {shown}"))
            })?;
        Ok((path, profile))
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let (path, profile) = self.load()?;
        let text = |key: &str| {
            profile
                .get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let name = text("name").unwrap_or_default();
        let mode = text("mode").unwrap_or_default();
        let source = format!("{SOURCE} `{name}` in {}", path.display());
        match mode.as_str() {
            "AK" => from_parts(
                &source,
                text("access_key_id"),
                text("access_key_secret"),
                None,
                "access_key_id",
                "access_key_secret",
            ),
            "StsToken" => {
                let token = text("sts_token").ok_or_else(|| {
                    CredentialsError::new(format!("{source}: mode StsToken without sts_token"))
                })?;
                from_parts(
                    &source,
                    text("access_key_id"),
                    text("access_key_secret"),
                    Some(token),
                    "access_key_id",
                    "access_key_secret",
                )
            }
            "EcsRamRole" => {
                let mut ecs = EcsRamRoleProvider::from_env(&self.env);
                if let Some(role) = text("ram_role_name") {
                    ecs = ecs.with_role_name(role);
                }
                ecs.provide_credentials().await.map_err(|e| {
                    CredentialsError::new(format!("{source}: mode EcsRamRole: {}", e.message))
                })
            }
            "" => Err(CredentialsError::new(format!(
                "{source}: profile has no mode"
            ))),
            other => Err(CredentialsError::new(format!(
                "{source}: mode `{other}` is not supported by this SDK (supported: AK, StsToken, EcsRamRole)"
            ))),
        }
    }
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
            {"name": "arn", "mode": "RamRoleArn", "access_key_id": "a", "access_key_secret": "b"}
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

    #[test]
    fn unsupported_mode_and_missing_profile_are_explained() {
        let path = write_config("errors");
        let p = CliProfileProvider::with_env(Env::from_pairs([("X", "y")])).with_path(&path);
        let e = block(p.clone().with_profile("arn").credentials()).unwrap_err();
        assert!(e.message.contains("`RamRoleArn` is not supported"), "{e}");
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
