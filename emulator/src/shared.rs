//! The emulator's shared state behind one lock: settings, resources, ids, faults,
//! journal, nonces and idempotency tokens. One lock keeps each call atomic (token lookup,
//! handler and token record happen together).

use std::sync::{Mutex, MutexGuard};

use vpn_spec::Spec;

use crate::auth::NonceCache;
use crate::config::Settings;
use crate::faults::Faults;
use crate::idempotency::Tokens;
use crate::ids::Ids;
use crate::journal::Journal;
use crate::state::Store;

/// Everything mutable.
#[derive(Debug)]
pub struct Core {
    /// Settings (some changeable at run time).
    pub settings: Settings,
    /// Resources.
    pub store: Store,
    /// Ids.
    pub ids: Ids,
    /// Fault rules.
    pub faults: Faults,
    /// Request journal.
    pub journal: Journal,
    /// Seen nonces.
    pub nonces: NonceCache,
    /// `ClientToken` answers.
    pub tokens: Tokens,
}

impl Core {
    /// Forgets resources, faults, journal, nonces and tokens (settings stay).
    pub fn reset(&mut self) {
        self.store.clear();
        self.faults.clear();
        self.journal.clear();
        self.nonces.clear();
        self.tokens.clear();
    }
}

/// What request handling shares.
#[derive(Debug)]
pub struct Shared {
    /// The spec.
    pub spec: &'static Spec,
    /// Temporary credentials issued by the STS endpoint (their own lock).
    pub sts: crate::sts::Issuer,
    core: Mutex<Core>,
}

impl Shared {
    /// Wraps the state.
    pub fn new(spec: &'static Spec, settings: Settings, seed: Option<u64>) -> Self {
        Self {
            spec,
            sts: crate::sts::Issuer::new(settings.sts_credential_lifetime),
            core: Mutex::new(Core {
                settings,
                store: Store::default(),
                ids: Ids::new(seed),
                faults: Faults::new(seed),
                journal: Journal::default(),
                nonces: NonceCache::default(),
                tokens: Tokens::default(),
            }),
        }
    }

    /// Locks the state (a poisoned lock is recovered: state stays usable).
    pub fn lock(&self) -> MutexGuard<'_, Core> {
        match self.core.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}

/// Now, epoch milliseconds.
pub fn now_ms() -> i64 {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
