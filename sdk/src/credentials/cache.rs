//! Caching and refresh of credentials.

use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use futures_util::future::BoxFuture;

use super::{Credentials, ProvideCredentials};
use crate::error::CredentialsError;

/// How long before expiry cached credentials are refreshed (as the official SDKs do).
pub const DEFAULT_REFRESH_WINDOW: Duration = Duration::from_secs(180);

/// Caches a provider's credentials and refreshes them when they come within the refresh
/// window of their expiry (default 180 s). Credentials without an expiry are fetched
/// once. Concurrent callers that find the cache stale wait for one shared refresh: the
/// provider is called once, not once per caller. When a refresh fails while the cached
/// credentials have not expired yet, the cached ones are returned.
pub struct CredentialsCache {
    provider: Arc<dyn ProvideCredentials>,
    current: RwLock<Option<Arc<Credentials>>>,
    refresh: tokio::sync::Mutex<()>,
    refresh_window: Duration,
}

impl CredentialsCache {
    /// Caches `provider`'s answers.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self::from_arc(Arc::new(provider))
    }

    /// Caches a shared provider's answers.
    pub fn from_arc(provider: Arc<dyn ProvideCredentials>) -> Self {
        Self {
            provider,
            current: RwLock::new(None),
            refresh: tokio::sync::Mutex::new(()),
            refresh_window: DEFAULT_REFRESH_WINDOW,
        }
    }

    /// Sets how long before expiry credentials are refreshed (builder style).
    pub fn with_refresh_window(mut self, window: Duration) -> Self {
        self.refresh_window = window;
        self
    }

    /// The provider being cached.
    pub fn provider(&self) -> &Arc<dyn ProvideCredentials> {
        &self.provider
    }

    fn cached(&self) -> Option<Arc<Credentials>> {
        self.current
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    fn is_fresh(&self, c: &Credentials) -> bool {
        match c.expiration() {
            None => true,
            Some(at) => at > SystemTime::now() + self.refresh_window,
        }
    }

    /// The cached credentials, refreshing them first if they are missing or stale.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        self.shared().await.map(Arc::unwrap_or_clone)
    }

    /// [`credentials`](Self::credentials), shared with the cache rather than copied (what
    /// each attempt of a call uses).
    pub(crate) async fn shared(&self) -> Result<Arc<Credentials>, CredentialsError> {
        if let Some(c) = self.cached().filter(|c| self.is_fresh(c)) {
            return Ok(c);
        }
        let _guard = self.refresh.lock().await;
        // Another caller may have refreshed while we waited.
        let cached = self.cached();
        if let Some(c) = cached.as_ref().filter(|c| self.is_fresh(c)) {
            return Ok(c.clone());
        }
        match self.provider.provide_credentials().await {
            Ok(fresh) => {
                let fresh = Arc::new(fresh);
                *self
                    .current
                    .write()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(fresh.clone());
                tracing::debug!(expiration = ?fresh.expiration(), "credentials refreshed");
                Ok(fresh)
            }
            Err(e) => match cached {
                Some(old) if old.expiration().is_none_or(|at| at > SystemTime::now()) => {
                    tracing::warn!(
                        reason = %e,
                        "credentials refresh failed; using the cached credentials until they expire"
                    );
                    Ok(old)
                }
                _ => Err(e),
            },
        }
    }

    /// Forgets the cached credentials; the next call fetches new ones.
    pub fn invalidate(&self) {
        *self
            .current
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
    }
}

impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsCache")
            .field("provider", &self.provider)
            .field("cached", &self.cached())
            .field("refresh_window", &self.refresh_window)
            .finish()
    }
}

impl ProvideCredentials for CredentialsCache {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.credentials())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[derive(Debug, Default)]
    struct Counting {
        calls: AtomicUsize,
        lifetime_secs: u64,
    }

    impl ProvideCredentials for Counting {
        fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            Box::pin(async move {
                let n = self.calls.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                let mut c = Credentials::new(format!("id-{n}"), "s");
                if self.lifetime_secs > 0 {
                    c = c.with_expiration(
                        SystemTime::now() + Duration::from_secs(self.lifetime_secs),
                    );
                }
                Ok(c)
            })
        }
    }

    #[tokio::test]
    async fn static_answers_are_fetched_once() {
        let p = Arc::new(Counting::default());
        let cache = CredentialsCache::from_arc(p.clone());
        for _ in 0..3 {
            assert_eq!(cache.credentials().await.unwrap().access_key_id(), "id-0");
        }
        assert_eq!(p.calls.load(Ordering::SeqCst), 1);
        cache.invalidate();
        assert_eq!(cache.credentials().await.unwrap().access_key_id(), "id-1");
    }

    #[tokio::test]
    async fn credentials_inside_the_refresh_window_are_refreshed() {
        let p = Arc::new(Counting {
            calls: AtomicUsize::new(0),
            lifetime_secs: 100, // less than the 180 s window
        });
        let cache = CredentialsCache::from_arc(p.clone());
        cache.credentials().await.unwrap();
        cache.credentials().await.unwrap();
        assert_eq!(p.calls.load(Ordering::SeqCst), 2);
        let long = Arc::new(Counting {
            calls: AtomicUsize::new(0),
            lifetime_secs: 3600,
        });
        let cache = CredentialsCache::from_arc(long.clone());
        cache.credentials().await.unwrap();
        cache.credentials().await.unwrap();
        assert_eq!(long.calls.load(Ordering::SeqCst), 1);
    }
}
