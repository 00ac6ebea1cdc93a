//! The request journal: one entry per API request (control requests are not recorded),
//! with secrets redacted as the spec marks them (`Signature`, `SecurityToken`, the
//! pre-shared key inside `IkeConfig`, ...).
//!
//! Bounded so that no client can exhaust the emulator's memory through it: at most
//! [`JournalLimits::entries`] entries and about [`JournalLimits::bytes`] bytes (the oldest
//! entries go first); a request that was not authenticated is recorded without its
//! parameter values (and with at most [`UNAUTHENTICATED_NAMES`] names), and no recorded
//! value is longer than [`MAX_VALUE_BYTES`].

use std::collections::{BTreeMap, VecDeque};

use serde::Serialize;
use serde_json::Value;
use vpn_spec::Spec;

use crate::auth::SignatureVersion;

/// What replaces a secret value.
pub const REDACTED: &str = "***";

/// Entries kept by default; older ones are dropped first.
pub const CAPACITY: usize = 10_000;

/// Bytes kept by default (an estimate of the entries' heap size); older entries are
/// dropped first.
pub const CAPACITY_BYTES: usize = 16 << 20;

/// The longest value recorded; a longer one is cut there and marked with its length.
pub const MAX_VALUE_BYTES: usize = 4096;

/// How many parameter names of an unauthenticated request are recorded.
pub const UNAUTHENTICATED_NAMES: usize = 64;

/// The longest parameter name or Action of an unauthenticated request recorded.
const UNAUTHENTICATED_NAME_BYTES: usize = 128;

/// Bookkeeping bytes counted per entry and per parameter besides their text.
const ENTRY_OVERHEAD: usize = 256;
const PARAM_OVERHEAD: usize = 64;

/// How much the journal keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JournalLimits {
    /// At most this many entries.
    pub entries: usize,
    /// At most about this many bytes of entries.
    pub bytes: usize,
}

impl Default for JournalLimits {
    fn default() -> Self {
        Self {
            entries: CAPACITY,
            bytes: CAPACITY_BYTES,
        }
    }
}

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
    /// Every query/form parameter, secrets redacted. For a request that was not
    /// authenticated (see [`authenticated`](Self::authenticated)), the names only (each
    /// value empty).
    pub params: BTreeMap<String, String>,
    /// Whether the request's signature was verified (or verification is off). An
    /// unauthenticated request is recorded without its parameter values.
    pub authenticated: bool,
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
    /// Parameters the operation does not declare (refused in strict mode).
    pub unknown_params: Vec<String>,
}

/// The journal.
#[derive(Debug, Default)]
pub struct Journal {
    entries: VecDeque<(JournalEntry, usize)>,
    next_seq: u64,
    bytes: usize,
    limits: JournalLimits,
}

impl Journal {
    /// An empty journal keeping at most `limits`.
    pub fn new(limits: JournalLimits) -> Self {
        Self {
            limits,
            ..Self::default()
        }
    }

    /// Appends an entry, numbering it, and drops the oldest ones past the limits. An
    /// unauthenticated entry loses its parameter values; long values are cut.
    pub fn record(&mut self, mut entry: JournalEntry) {
        self.next_seq += 1;
        entry.seq = self.next_seq;
        bound(&mut entry);
        let size = size_of(&entry);
        self.entries.push_back((entry, size));
        self.bytes += size;
        while self.entries.len() > self.limits.entries.max(1)
            || (self.bytes > self.limits.bytes && self.entries.len() > 1)
        {
            if let Some((_, size)) = self.entries.pop_front() {
                self.bytes -= size;
            }
        }
    }

    /// Every entry, oldest first.
    pub fn entries(&self) -> Vec<JournalEntry> {
        self.entries.iter().map(|(e, _)| e.clone()).collect()
    }

    /// The estimated heap size of the entries kept, bytes.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Forgets every entry (numbering continues) and returns their memory.
    pub fn clear(&mut self) {
        self.entries = VecDeque::new();
        self.bytes = 0;
    }
}

/// `s` cut to at most `max` bytes (on a character boundary), saying so.
fn cut_str(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut at = max;
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    format!("{}...({} bytes)", &s[..at], s.len())
}

/// Cuts `s` to at most `max` bytes (on a character boundary), saying so.
fn cut(s: &mut String, max: usize) {
    if s.len() > max {
        *s = cut_str(s, max);
    }
}

fn bound(entry: &mut JournalEntry) {
    if entry.authenticated {
        for v in entry.params.values_mut() {
            cut(v, MAX_VALUE_BYTES);
        }
        return;
    }
    let names = std::mem::take(&mut entry.params);
    entry.params = names
        .into_keys()
        .take(UNAUTHENTICATED_NAMES)
        .map(|mut k| {
            cut(&mut k, UNAUTHENTICATED_NAME_BYTES);
            (k, String::new())
        })
        .collect();
    for v in [&mut entry.action, &mut entry.region].into_iter().flatten() {
        cut(v, UNAUTHENTICATED_NAME_BYTES);
    }
}

fn size_of(e: &JournalEntry) -> usize {
    let text = |s: &Option<String>| s.as_ref().map_or(0, String::len);
    ENTRY_OVERHEAD
        + e.method.len()
        + text(&e.action)
        + text(&e.region)
        + text(&e.error_code)
        + e.request_id.len()
        + e.faults
            .iter()
            .map(|f| f.len() + PARAM_OVERHEAD)
            .sum::<usize>()
        + e.params
            .iter()
            .map(|(k, v)| k.len() + v.len() + PARAM_OVERHEAD)
            .sum::<usize>()
        + e.unknown_params
            .iter()
            .map(|n| n.len() + PARAM_OVERHEAD)
            .sum::<usize>()
}

/// The parameter names of an unauthenticated request (each value empty; at most
/// [`UNAUTHENTICATED_NAMES`] of them), without copying any value.
pub fn names_only(req: &crate::params::Incoming) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for (k, _) in req.all_pairs() {
        if names.len() >= UNAUTHENTICATED_NAMES {
            break;
        }
        names.insert(cut_str(k, UNAUTHENTICATED_NAME_BYTES), String::new());
    }
    names
}

/// The parameters with secrets redacted: common parameters and operation members marked
/// `secret`, `secret` keys inside JSON-string parameters, and flattened parameters that
/// end on a `secret` member (`TunnelOptionsSpecification.1.TunnelIkeConfig.Psk`).
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
                || op.is_some_and(|op| flattened_secret(spec, op, name))
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

/// Whether the flattened parameter `name` (`Member.1.Inner.Key`, `Member.Key`) names a
/// member marked `secret`, walking the member's shapes (list indexes skipped).
fn flattened_secret(spec: &Spec, op: &vpn_spec::Operation, name: &str) -> bool {
    let mut steps = name.split('.');
    let Some(member) = steps.next().and_then(|base| op.request.get(base)) else {
        return false;
    };
    if member.encoding != vpn_spec::Encoding::Flattened {
        return false;
    }
    let type_of = |m: &vpn_spec::Member| -> String {
        if m.is_list() {
            m.items.clone().unwrap_or_default()
        } else {
            m.ty.clone()
        }
    };
    let mut ty = type_of(member);
    let mut last = None;
    for step in steps {
        if !step.is_empty() && step.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Some(members) = crate::spec::structure(spec, &ty) else {
            return false;
        };
        let Some((_, m)) = members.iter().find(|(n, _)| n.eq_ignore_ascii_case(step)) else {
            return false;
        };
        ty = type_of(m);
        last = Some(m);
    }
    last.is_some_and(|m| m.secret)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(authenticated: bool, value: &str) -> JournalEntry {
        JournalEntry {
            seq: 0,
            time_ms: 0,
            method: "POST".into(),
            action: Some("DescribeVpnGateways".into()),
            region: Some("cn-hangzhou".into()),
            params: BTreeMap::from([("Junk".to_string(), value.to_string())]),
            authenticated,
            signature_version: SignatureVersion::V1,
            status: Some(400),
            error_code: None,
            request_id: "r".into(),
            faults: Vec::new(),
            replayed: false,
            unknown_params: Vec::new(),
        }
    }

    #[test]
    fn bytes_stay_bounded_and_oldest_entries_go_first() {
        let limits = JournalLimits {
            entries: 1000,
            bytes: 64 << 10,
        };
        let mut j = Journal::new(limits);
        let big = "x".repeat(1 << 20);
        for _ in 0..500 {
            j.record(entry(true, &big));
            assert!(j.bytes() <= limits.bytes, "{}", j.bytes());
        }
        let kept = j.entries();
        assert!(kept.len() > 1 && kept.len() < 500, "{}", kept.len());
        assert_eq!(kept.last().unwrap().seq, 500);
        let v = &kept[0].params["Junk"];
        assert!(v.len() < MAX_VALUE_BYTES + 32 && v.ends_with("(1048576 bytes)"));
    }

    #[test]
    fn entry_count_is_bounded() {
        let mut j = Journal::new(JournalLimits {
            entries: 3,
            bytes: usize::MAX,
        });
        for _ in 0..10 {
            j.record(entry(true, "v"));
        }
        let seqs: Vec<u64> = j.entries().iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [8, 9, 10]);
    }

    #[test]
    fn unauthenticated_requests_keep_names_only() {
        let mut j = Journal::default();
        let mut e = entry(false, "a value");
        for i in 0..1000 {
            e.params
                .insert(format!("{i}{}", "n".repeat(200)), "v".into());
        }
        e.action = Some("A".repeat(10_000));
        j.record(e);
        let kept = &j.entries()[0];
        assert!(kept.params.values().all(String::is_empty));
        assert_eq!(kept.params.len(), UNAUTHENTICATED_NAMES);
        assert!(kept.params.keys().all(|k| k.len() < 160), "{kept:?}");
        assert!(kept.action.as_ref().unwrap().len() < 200);
        assert!(j.bytes() < 16 << 10, "{}", j.bytes());
    }

    #[test]
    fn secrets_inside_flattened_parameters_are_redacted() {
        let spec = crate::spec::load().expect("the embedded spec loads");
        let params = BTreeMap::from([
            (
                "TunnelOptionsSpecification.1.TunnelIkeConfig.Psk".to_string(),
                "tunnel-secret".to_string(),
            ),
            (
                "TunnelOptionsSpecification.1.TunnelIkeConfig.IkeVersion".to_string(),
                "ikev2".to_string(),
            ),
        ]);
        let kept = redact(spec, Some("CreateVpnConnection"), &params);
        assert_eq!(
            kept["TunnelOptionsSpecification.1.TunnelIkeConfig.Psk"],
            REDACTED
        );
        assert_eq!(
            kept["TunnelOptionsSpecification.1.TunnelIkeConfig.IkeVersion"],
            "ikev2"
        );
        let one = BTreeMap::from([(
            "TunnelOptionsSpecification.TunnelIkeConfig.Psk".to_string(),
            "tunnel-secret".to_string(),
        )]);
        let kept = redact(spec, Some("ModifyTunnelAttribute"), &one);
        assert_eq!(
            kept["TunnelOptionsSpecification.TunnelIkeConfig.Psk"],
            REDACTED
        );
    }

    #[test]
    fn clearing_returns_the_memory() {
        let mut j = Journal::default();
        for _ in 0..100 {
            j.record(entry(true, "v"));
        }
        j.clear();
        assert_eq!(
            (j.entries().len(), j.bytes(), j.entries.capacity()),
            (0, 0, 0)
        );
    }
}
