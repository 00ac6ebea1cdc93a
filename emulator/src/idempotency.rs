//! `ClientToken` idempotency: the first successful answer for an (Action, token) pair is
//! kept; a repeat with the same parameters replays it (a new `RequestId`, nothing
//! created), a repeat with different parameters is `IdempotentParameterMismatch`.
//!
//! A token is remembered for a window ([`DEFAULT_WINDOW`] unless configured), then
//! forgotten: a repeat after that is a new request. Expired tokens are swept in
//! amortised O(1) per call, so the store holds only the tokens of the last window.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use serde_json::{Map, Value};

/// How long a token is remembered by default.
pub const DEFAULT_WINDOW: Duration = Duration::from_secs(60 * 60);

/// A remembered answer.
#[derive(Debug, Clone, PartialEq)]
struct Remembered {
    params: BTreeMap<String, String>,
    body: Map<String, Value>,
    /// When it was remembered, epoch milliseconds.
    at_ms: i64,
}

/// What a lookup found.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    /// First use of the token (or its window has passed).
    New,
    /// Same parameters: replay this body (without `RequestId`).
    Replay(Map<String, Value>),
    /// Same token, different parameters.
    Mismatch,
}

/// Remembered answers by (Action, token).
#[derive(Debug)]
pub struct Tokens {
    seen: HashMap<(String, String), Remembered>,
    window_ms: i64,
    /// Size at which the next sweep of expired tokens runs; it doubles with the live set.
    sweep_at: usize,
}

impl Default for Tokens {
    fn default() -> Self {
        Self::new(DEFAULT_WINDOW)
    }
}

impl Tokens {
    /// An empty store remembering each token for `window`.
    pub fn new(window: Duration) -> Self {
        Self {
            seen: HashMap::new(),
            window_ms: i64::try_from(window.as_millis()).unwrap_or(i64::MAX),
            sweep_at: 0,
        }
    }

    fn live(&self, r: &Remembered, now_ms: i64) -> bool {
        now_ms.saturating_sub(r.at_ms) < self.window_ms
    }

    /// Looks up `token` for `action` with the operation parameters `params` (the token
    /// itself excluded by the caller), at `now_ms` (epoch milliseconds).
    pub fn lookup(
        &self,
        action: &str,
        token: &str,
        params: &BTreeMap<String, String>,
        now_ms: i64,
    ) -> Lookup {
        match self.seen.get(&(action.to_string(), token.to_string())) {
            Some(r) if !self.live(r, now_ms) => Lookup::New,
            None => Lookup::New,
            Some(r) if &r.params == params => Lookup::Replay(r.body.clone()),
            Some(_) => Lookup::Mismatch,
        }
    }

    /// Remembers a successful answer given at `now_ms`.
    pub fn remember(
        &mut self,
        action: &str,
        token: &str,
        params: BTreeMap<String, String>,
        body: Map<String, Value>,
        now_ms: i64,
    ) {
        if self.seen.len() >= self.sweep_at.max(1024) {
            let window_ms = self.window_ms;
            self.seen
                .retain(|_, r| now_ms.saturating_sub(r.at_ms) < window_ms);
            self.seen.shrink_to_fit();
            self.sweep_at = (self.seen.len() * 2).max(1024);
        }
        self.seen.insert(
            (action.to_string(), token.to_string()),
            Remembered {
                params,
                body,
                at_ms: now_ms,
            },
        );
    }

    /// How many tokens are held (expired ones not yet swept included).
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// Whether no token is held.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// Forgets every token.
    pub fn clear(&mut self) {
        self.seen = HashMap::new();
        self.sweep_at = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(v: &str) -> BTreeMap<String, String> {
        BTreeMap::from([("Name".to_string(), v.to_string())])
    }

    #[test]
    fn a_token_is_forgotten_after_the_window() {
        let mut t = Tokens::new(Duration::from_secs(60));
        t.remember("A", "tok", params("x"), Map::new(), 1_000);
        assert_eq!(
            t.lookup("A", "tok", &params("x"), 1_000),
            Lookup::Replay(Map::new())
        );
        assert_eq!(t.lookup("A", "tok", &params("y"), 60_999), Lookup::Mismatch);
        assert_eq!(t.lookup("A", "tok", &params("y"), 61_000), Lookup::New);
        assert_eq!(t.lookup("B", "tok", &params("x"), 1_000), Lookup::New);
    }

    #[test]
    fn expired_tokens_are_swept_so_the_store_stays_bounded() {
        let mut t = Tokens::new(Duration::from_secs(1));
        // 100,000 tokens, one per millisecond: at most about a window's worth (1,000)
        // plus the sweep's slack stay held.
        for i in 0..100_000i64 {
            t.remember("A", &format!("tok-{i}"), params("x"), Map::new(), i);
            assert!(t.len() <= 4096, "{} tokens held at {i}", t.len());
        }
    }
}
