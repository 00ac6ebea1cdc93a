//! `ClientToken` idempotency: the first successful answer for an (Action, token) pair is
//! kept; a repeat with the same parameters replays it (a new `RequestId`, nothing
//! created), a repeat with different parameters is `IdempotentParameterMismatch`.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

/// A remembered answer.
#[derive(Debug, Clone, PartialEq)]
struct Remembered {
    params: BTreeMap<String, String>,
    body: Map<String, Value>,
}

/// What a lookup found.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    /// First use of the token.
    New,
    /// Same parameters: replay this body (without `RequestId`).
    Replay(Map<String, Value>),
    /// Same token, different parameters.
    Mismatch,
}

/// Remembered answers by (Action, token).
#[derive(Debug, Default)]
pub struct Tokens {
    seen: HashMap<(String, String), Remembered>,
}

impl Tokens {
    /// Looks up `token` for `action` with the operation parameters `params` (the token
    /// itself excluded by the caller).
    pub fn lookup(&self, action: &str, token: &str, params: &BTreeMap<String, String>) -> Lookup {
        match self.seen.get(&(action.to_string(), token.to_string())) {
            None => Lookup::New,
            Some(r) if &r.params == params => Lookup::Replay(r.body.clone()),
            Some(_) => Lookup::Mismatch,
        }
    }

    /// Remembers a successful answer.
    pub fn remember(
        &mut self,
        action: &str,
        token: &str,
        params: BTreeMap<String, String>,
        body: Map<String, Value>,
    ) {
        self.seen.insert(
            (action.to_string(), token.to_string()),
            Remembered { params, body },
        );
    }

    /// Forgets every token.
    pub fn clear(&mut self) {
        self.seen.clear();
    }
}
