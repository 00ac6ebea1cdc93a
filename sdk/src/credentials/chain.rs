//! The default credentials chain, in the official SDKs' order.

use std::sync::{Arc, Mutex};

use futures_util::future::BoxFuture;

use super::{
    CliProfileProvider, Credentials, EnvironmentProvider, ProfileFileProvider, ProvideCredentials,
};
use crate::env::{self, Env};
use crate::error::CredentialsError;

/// Tries, in the official SDKs' order:
///
/// 1. environment variables ([`EnvironmentProvider`]);
/// 2. OIDC role assumption ([`OidcRoleArnProvider`](super::OidcRoleArnProvider), feature
///    `sts`), when `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and
///    `ALIBABA_CLOUD_OIDC_TOKEN_FILE` are set;
/// 3. the CLI config `~/.aliyun/config.json` ([`CliProfileProvider`]), unless
///    `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true`;
/// 4. the credentials file `~/.alibabacloud/credentials` ([`ProfileFileProvider`]);
/// 5. the ECS instance's RAM role ([`EcsRamRoleProvider`](super::EcsRamRoleProvider),
///    feature `ecs`), unless `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`;
/// 6. a credentials URI ([`CredentialsUriProvider`](super::CredentialsUriProvider),
///    feature `credentials-uri`), when `ALIBABA_CLOUD_CREDENTIALS_URI` is set.
///
/// A source left out of the build by its feature is listed as such when nothing is
/// found.
///
/// The first source that answers wins and is reused for later calls (as in the official
/// SDKs). When none answers, the [`CredentialsError`] lists every source and why it gave
/// nothing.
#[derive(Debug)]
pub struct DefaultCredentialsChain {
    steps: Vec<Step>,
    last: Mutex<Option<usize>>,
}

#[derive(Debug)]
enum Step {
    Provider(Arc<dyn ProvideCredentials>),
    Skipped(String),
}

impl Default for DefaultCredentialsChain {
    fn default() -> Self {
        Self::new()
    }
}

impl DefaultCredentialsChain {
    /// The chain over the process environment.
    pub fn new() -> Self {
        Self::from_env(&Env::process())
    }

    /// The chain over the given environment.
    pub fn from_env(env: &Env) -> Self {
        let mut steps = vec![
            Step::Provider(Arc::new(EnvironmentProvider::with_env(env.clone()))),
            oidc_step(env),
        ];
        if env.is_true(env::CLI_PROFILE_DISABLED) {
            steps.push(Step::Skipped(format!(
                "CLI profile: disabled by {}=true",
                env::CLI_PROFILE_DISABLED
            )));
        } else {
            steps.push(Step::Provider(Arc::new(CliProfileProvider::with_env(
                env.clone(),
            ))));
        }
        steps.push(Step::Provider(Arc::new(ProfileFileProvider::with_env(
            env.clone(),
        ))));
        if env.is_true(env::ECS_METADATA_DISABLED) {
            steps.push(Step::Skipped(format!(
                "ECS RAM role: disabled by {}=true",
                env::ECS_METADATA_DISABLED
            )));
        } else {
            steps.push(ecs_step(env));
        }
        steps.push(uri_step(env));
        Self {
            steps,
            last: Mutex::new(None),
        }
    }

    /// A chain over the given providers, tried in order.
    pub fn from_providers(providers: Vec<Arc<dyn ProvideCredentials>>) -> Self {
        Self {
            steps: providers.into_iter().map(Step::Provider).collect(),
            last: Mutex::new(None),
        }
    }

    async fn resolve(&self) -> Result<Credentials, CredentialsError> {
        let last = *self.last.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(Step::Provider(p)) = last.and_then(|i| self.steps.get(i)) {
            return p.provide_credentials().await;
        }
        let mut tried = Vec::new();
        for (i, step) in self.steps.iter().enumerate() {
            match step {
                Step::Skipped(why) => tried.push(why.clone()),
                Step::Provider(p) => match p.provide_credentials().await {
                    Ok(c) => {
                        *self.last.lock().unwrap_or_else(|p| p.into_inner()) = Some(i);
                        tracing::debug!(source = i, "credentials found");
                        return Ok(c);
                    }
                    Err(e) => tried.push(e.message),
                },
            }
        }
        Err(CredentialsError {
            message: "no credentials found: set ALIBABA_CLOUD_ACCESS_KEY_ID and \
                      ALIBABA_CLOUD_ACCESS_KEY_SECRET, configure a profile, or pass \
                      credentials to the client builder"
                .to_string(),
            tried,
            attempts: 0,
        })
    }
}

#[cfg(feature = "sts")]
fn oidc_step(env: &Env) -> Step {
    match super::OidcRoleArnProvider::from_env(env) {
        Ok(p) => Step::Provider(Arc::new(p)),
        Err(e) => Step::Skipped(e.message),
    }
}

#[cfg(not(feature = "sts"))]
fn oidc_step(_: &Env) -> Step {
    Step::Skipped(super::not_built("OIDC role", "sts"))
}

#[cfg(feature = "ecs")]
fn ecs_step(env: &Env) -> Step {
    Step::Provider(Arc::new(super::EcsRamRoleProvider::from_env(env)))
}

#[cfg(not(feature = "ecs"))]
fn ecs_step(_: &Env) -> Step {
    Step::Skipped(super::not_built("ECS RAM role", "ecs"))
}

#[cfg(feature = "credentials-uri")]
fn uri_step(env: &Env) -> Step {
    match super::CredentialsUriProvider::from_env(env) {
        Ok(p) => Step::Provider(Arc::new(p)),
        Err(e) => Step::Skipped(e.message),
    }
}

#[cfg(not(feature = "credentials-uri"))]
fn uri_step(_: &Env) -> Step {
    Step::Skipped(super::not_built("credentials URI", "credentials-uri"))
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.resolve())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn environment_wins() {
        let env = Env::from_pairs([
            (env::ACCESS_KEY_ID, "env-id"),
            (env::ACCESS_KEY_SECRET, "env-secret"),
            (env::ECS_METADATA_DISABLED, "true"),
        ]);
        let c = DefaultCredentialsChain::from_env(&env)
            .provide_credentials()
            .await
            .unwrap();
        assert_eq!(c.access_key_id(), "env-id");
    }

    #[tokio::test]
    async fn nothing_found_lists_every_source_and_why() {
        let home = std::env::temp_dir().join(format!(
            "alibabacloud-vpn-empty-home-{}",
            std::process::id()
        ));
        let env = Env::from_pairs([
            ("HOME", home.to_str().unwrap()),
            (env::ECS_METADATA_DISABLED, "true"),
        ]);
        let e = DefaultCredentialsChain::from_env(&env)
            .provide_credentials()
            .await
            .unwrap_err();
        assert_eq!(e.tried.len(), 6, "{e}");
        assert!(e.tried[0].starts_with("environment:"), "{e}");
        let oidc_reason = if cfg!(feature = "sts") {
            "ALIBABA_CLOUD_ROLE_ARN"
        } else {
            "needs the `sts` feature"
        };
        assert!(
            e.tried[1].starts_with("OIDC role:") && e.tried[1].contains(oidc_reason),
            "{e}"
        );
        assert!(
            e.tried[2].starts_with("CLI profile:") && e.tried[2].contains("config.json not found"),
            "{e}"
        );
        assert!(
            e.tried[3].starts_with("credentials file:") && e.tried[3].contains("not found"),
            "{e}"
        );
        assert!(
            e.tried[4].contains("ALIBABA_CLOUD_ECS_METADATA_DISABLED"),
            "{e}"
        );
        let uri_reason = if cfg!(feature = "credentials-uri") {
            "ALIBABA_CLOUD_CREDENTIALS_URI"
        } else {
            "needs the `credentials-uri` feature"
        };
        assert!(
            e.tried[5].starts_with("credentials URI:") && e.tried[5].contains(uri_reason),
            "{e}"
        );
        let text = e.to_string();
        assert!(text.contains("no credentials found"), "{text}");
    }
}
