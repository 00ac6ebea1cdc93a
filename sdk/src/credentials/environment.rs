//! Credentials from `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and
//! `ALIBABA_CLOUD_SECURITY_TOKEN`.

use futures_util::future::BoxFuture;

use super::{Credentials, ProvideCredentials, from_parts};
use crate::env::{self, Env};
use crate::error::CredentialsError;

/// Reads the access key (and STS token) from environment variables.
#[derive(Debug, Clone, Default)]
pub struct EnvironmentProvider {
    env: Env,
}

impl EnvironmentProvider {
    /// Reads the process environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the given environment.
    pub fn with_env(env: Env) -> Self {
        Self { env }
    }

    /// The credentials, synchronously.
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        from_parts(
            "environment",
            self.env.get(env::ACCESS_KEY_ID),
            self.env.get(env::ACCESS_KEY_SECRET),
            self.env.get(env::SECURITY_TOKEN),
            env::ACCESS_KEY_ID,
            env::ACCESS_KEY_SECRET,
        )
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move { self.credentials() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_key_secret_and_token() {
        let env = Env::from_pairs([
            (env::ACCESS_KEY_ID, "id"),
            (env::ACCESS_KEY_SECRET, "secret"),
            (env::SECURITY_TOKEN, "token"),
        ]);
        let c = EnvironmentProvider::with_env(env).credentials().unwrap();
        assert_eq!(c.access_key_id(), "id");
        assert_eq!(c.access_key_secret(), "secret");
        assert_eq!(c.security_token(), Some("token"));
    }

    #[test]
    fn half_set_key_names_the_missing_variable() {
        let env = Env::from_pairs([(env::ACCESS_KEY_ID, "id")]);
        let e = EnvironmentProvider::with_env(env)
            .credentials()
            .unwrap_err();
        assert!(
            e.message.contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET is not"),
            "{e}"
        );
        let e = EnvironmentProvider::with_env(Env::from_pairs::<[(&str, &str); 0], _, _>([]))
            .credentials()
            .unwrap_err();
        assert!(e.message.contains("are not set"), "{e}");
    }
}
