//! The emulator's shared state behind one lock: settings, resources, ids, faults,
//! journal and idempotency tokens. One lock keeps each call atomic (token lookup,
//! handler and token record happen together). Seen nonces have a lock of their own:
//! signatures are verified before the state lock is taken.

use std::sync::{Mutex, MutexGuard};

use vpn_spec::Spec;

use crate::auth::{LargeRequestGate, NonceCache};
use crate::config::Settings;
use crate::faults::Faults;
use crate::idempotency::Tokens;
use crate::ids::Ids;
use crate::journal::Journal;
use crate::store::Store;

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
    /// `ClientToken` answers.
    pub tokens: Tokens,
}

impl Core {
    /// Forgets resources, faults, journal and tokens (settings stay).
    pub fn reset(&mut self) {
        self.store.clear();
        self.faults.clear();
        self.journal.clear();
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
    /// Seen nonces (their own lock).
    pub nonces: NonceCache,
    /// One large request verified at a time.
    pub large_requests: LargeRequestGate,
    core: Mutex<Core>,
}

impl Shared {
    /// Wraps the state.
    pub fn new(spec: &'static Spec, settings: Settings, seed: Option<u64>) -> Self {
        let journal = Journal::new(settings.journal_limits);
        let tokens = Tokens::new(settings.idempotency_window);
        Self {
            spec,
            sts: crate::sts::Issuer::new(settings.sts_credential_lifetime),
            nonces: NonceCache::default(),
            large_requests: LargeRequestGate::default(),
            core: Mutex::new(Core {
                settings,
                store: Store::default(),
                ids: Ids::new(seed),
                faults: Faults::new(seed),
                journal,
                tokens,
            }),
        }
    }

    /// Forgets resources, faults, journal, nonces, tokens and issued STS credentials
    /// (settings stay).
    pub fn reset(&self) {
        self.lock().reset();
        self.nonces.clear();
        self.sts.clear();
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
