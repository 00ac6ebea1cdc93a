//! The request journal: one entry per API request (control requests are not recorded),
//! with secrets redacted as the spec marks them (`Signature`, `SecurityToken`, the
//! pre-shared key inside `IkeConfig`, ...).

use std::collections::{BTreeMap, VecDeque};

use serde::Serialize;
use serde_json::Value;
use vpn_spec::Spec;

use crate::auth::SignatureVersion;

/// What replaces a secret value.
pub const REDACTED: &str = "***";

/// Entries kept; older ones are dropped first.
pub const CAPACITY: usize = 10_000;

/// One request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JournalEntry {
    /// Position in arrival order, from 1.
    pub seq: u64,
    /// When it arrived, epoch milliseconds.
    pub time_ms: i64,
    /// HTTP method.
    pub method: String,
    /// The Action, when one was named.
    pub action: Option<String>,
    /// `RegionId`, when sent.
    pub region: Option<String>,
    /// Every query/form parameter, secrets redacted.
    pub params: BTreeMap<String, String>,
    /// The signature scheme the request used (V3 when it had an `Authorization` header).
    pub signature_version: SignatureVersion,
    /// HTTP status answered; `None` when the answer was dropped by a fault.
    pub status: Option<u16>,
    /// The error `Code`, for error answers.
    pub error_code: Option<String>,
    /// The `RequestId` answered (or that would have been).
    pub request_id: String,
    /// Faults that fired on this request.
    pub faults: Vec<String>,
    /// Whether the answer replayed an earlier one for the same `ClientToken`.
    pub replayed: bool,
}

/// The journal.
#[derive(Debug, Default)]
pub struct Journal {
    entries: VecDeque<JournalEntry>,
    next_seq: u64,
}

impl Journal {
    /// Appends an entry, numbering it.
    pub fn record(&mut self, mut entry: JournalEntry) {
        self.next_seq += 1;
        entry.seq = self.next_seq;
        if self.entries.len() >= CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    /// Every entry, oldest first.
    pub fn entries(&self) -> Vec<JournalEntry> {
        self.entries.iter().cloned().collect()
    }

    /// Forgets every entry (numbering continues).
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

/// The parameters with secrets redacted: common parameters and operation members marked
/// `secret`, and `secret` keys inside JSON-string parameters.
pub fn redact(
    spec: &Spec,
    action: Option<&str>,
    params: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let op = action.and_then(|a| spec.operations.get(a));
    params
        .iter()
        .map(|(name, value)| {
            let common_secret = spec
                .service
                .common_parameters
                .get(name)
                .is_some_and(|m| m.secret);
            let member = op.and_then(|op| op.request.get(name));
            let value = if common_secret
                || member.is_some_and(|m| m.secret)
                || name == "AccessKeySecret"
                || crate::sts::SECRET_PARAMETERS.contains(&name.as_str())
            {
                REDACTED.to_string()
            } else if let Some(m) = member.filter(|m| m.encoding == vpn_spec::Encoding::JsonString)
            {
                redact_json(spec, &m.ty, value)
            } else {
                value.clone()
            };
            (name.clone(), value)
        })
        .collect()
}

fn redact_json(spec: &Spec, shape: &str, text: &str) -> String {
    let Some(members) = crate::spec::structure(spec, shape) else {
        return text.to_string();
    };
    let Ok(Value::Object(mut object)) = serde_json::from_str::<Value>(text) else {
        // Not a JSON object: it cannot be parsed to find the secret, so hide it whole.
        return if members.values().any(|m| m.secret) {
            REDACTED.to_string()
        } else {
            text.to_string()
        };
    };
    for (key, value) in object.iter_mut() {
        if members
            .iter()
            .any(|(name, m)| m.secret && name.eq_ignore_ascii_case(key))
        {
            *value = Value::String(REDACTED.into());
        }
    }
    Value::Object(object).to_string()
}
