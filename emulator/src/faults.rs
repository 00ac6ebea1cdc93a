//! Faults on demand, per Action (or for every Action): throttling, 5xx, any documented
//! error, added latency, and a lost answer after the change was committed. Rules fire in
//! the order they were added, each for its next `times` matching calls (or forever), and
//! optionally only with a `probability`, drawn from a seedable RNG.

use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::errors::ApiError;

/// How a lost answer is lost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DropMode {
    /// Close the connection without a byte of answer (the client sees the connection
    /// closed before a response: a transport error).
    #[default]
    Close,
    /// Keep the connection open and never answer (the client times out).
    Hang,
}

/// What a fault does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// `Throttling.User` (400) with `x-ratelimit-user-api: ...,TimeLeft:<ms>,...`.
    Throttle {
        /// The `TimeLeft` the header announces, milliseconds.
        #[serde(default = "default_time_left")]
        time_left_ms: u64,
    },
    /// `InternalError` (500) or `ServiceUnavailable` (503): the code follows the status.
    ServerError {
        /// 500 or 503 (any 5xx accepted).
        #[serde(default = "default_server_status")]
        status: u16,
    },
    /// Any error code: status and message default to the documented ones.
    Error {
        /// The `Code`.
        code: String,
        /// HTTP status (default: as documented, else 400).
        #[serde(default)]
        status: Option<u16>,
        /// Message (default: as documented).
        #[serde(default)]
        message: Option<String>,
    },
    /// Delay the answer; combines with every other fault and with success.
    Latency {
        /// Added delay, milliseconds.
        ms: u64,
    },
    /// Handle the request normally (the change is committed), then lose the answer.
    DropAfterCommit {
        /// Close the connection (default) or hang.
        #[serde(default)]
        mode: DropMode,
    },
}

fn default_time_left() -> u64 {
    1000
}

fn default_server_status() -> u16 {
    503
}

/// One fault rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultRule {
    /// The Action it applies to; `None` (or `"*"`) for every Action.
    #[serde(default)]
    pub action: Option<String>,
    /// What it does.
    #[serde(flatten)]
    pub kind: FaultKind,
    /// How many more matching calls it fires for; `None` for every one.
    #[serde(default)]
    pub times: Option<u32>,
    /// Fire only with this probability (0 to 1) on each matching call.
    #[serde(default)]
    pub probability: Option<f64>,
}

impl FaultRule {
    /// A rule of `kind` for `action` (`None`: every Action), firing on every call.
    pub fn new(action: Option<&str>, kind: FaultKind) -> Self {
        Self {
            action: action.map(str::to_string),
            kind,
            times: None,
            probability: None,
        }
    }

    /// Throttle the next calls (`Throttling.User`, `TimeLeft` 1000 ms).
    pub fn throttle(action: &str) -> Self {
        Self::new(Some(action), FaultKind::Throttle { time_left_ms: 1000 })
    }

    /// Fail the next calls with a 5xx: 503 `ServiceUnavailable` or 500 `InternalError`.
    pub fn server_error(action: &str, status: u16) -> Self {
        Self::new(Some(action), FaultKind::ServerError { status })
    }

    /// Fail the next calls with `code` (status and message as documented).
    pub fn error(action: &str, code: &str) -> Self {
        Self::new(
            Some(action),
            FaultKind::Error {
                code: code.to_string(),
                status: None,
                message: None,
            },
        )
    }

    /// Delay the next calls.
    pub fn latency(action: &str, delay: Duration) -> Self {
        Self::new(
            Some(action),
            FaultKind::Latency {
                ms: u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
            },
        )
    }

    /// Commit the next calls, then close the connection without answering.
    pub fn drop_after_commit(action: &str) -> Self {
        Self::new(
            Some(action),
            FaultKind::DropAfterCommit {
                mode: DropMode::Close,
            },
        )
    }

    /// Fire for the next `n` matching calls only.
    pub fn times(mut self, n: u32) -> Self {
        self.times = Some(n);
        self
    }

    /// Fire with probability `p` on each matching call.
    pub fn probability(mut self, p: f64) -> Self {
        self.probability = Some(p);
        self
    }

    fn matches(&self, action: &str) -> bool {
        match self.action.as_deref() {
            None | Some("*") => true,
            Some(a) => a == action,
        }
    }
}

/// What the faults decided for one call.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decision {
    /// Total added latency.
    pub latency: Duration,
    /// An error to answer instead of handling the call.
    pub error: Option<ApiError>,
    /// Lose the answer after handling the call.
    pub drop: Option<DropMode>,
    /// Short names of the faults that fired (for the journal).
    pub fired: Vec<String>,
}

/// The active rules and the RNG used for probabilities.
#[derive(Debug)]
pub struct Faults {
    rules: Vec<FaultRule>,
    rng: StdRng,
}

impl Faults {
    /// No rules; `seed` makes probabilistic rules reproducible.
    pub fn new(seed: Option<u64>) -> Self {
        Self {
            rules: Vec::new(),
            rng: match seed {
                Some(s) => StdRng::seed_from_u64(s ^ 0x5eed_fa17),
                None => StdRng::from_entropy(),
            },
        }
    }

    /// Adds a rule (after the existing ones).
    pub fn add(&mut self, rule: FaultRule) {
        self.rules.push(rule);
    }

    /// The active rules (with their remaining counts).
    pub fn rules(&self) -> Vec<FaultRule> {
        self.rules.clone()
    }

    /// Removes every rule.
    pub fn clear(&mut self) {
        self.rules.clear();
    }

    /// Decides the faults of one call to `action`, consuming the rules that fire: every
    /// matching latency rule, plus the first matching rule of any other kind.
    pub fn decide(&mut self, action: &str) -> Decision {
        let mut d = Decision::default();
        let mut outcome_taken = false;
        for rule in &mut self.rules {
            if !rule.matches(action) || rule.times == Some(0) {
                continue;
            }
            let is_latency = matches!(rule.kind, FaultKind::Latency { .. });
            if !is_latency && outcome_taken {
                continue;
            }
            if let Some(p) = rule.probability
                && self.rng.r#gen::<f64>() >= p
            {
                continue;
            }
            if let Some(t) = rule.times.as_mut() {
                *t -= 1;
            }
            match &rule.kind {
                FaultKind::Latency { ms } => {
                    d.latency = d.latency.saturating_add(Duration::from_millis(*ms));
                    d.fired.push("latency".into());
                }
                FaultKind::Throttle { time_left_ms } => {
                    outcome_taken = true;
                    d.fired.push("throttle".into());
                    d.error = Some(throttled(*time_left_ms));
                }
                FaultKind::ServerError { status } => {
                    outcome_taken = true;
                    d.fired.push("server_error".into());
                    let code = if *status == 503 {
                        "ServiceUnavailable"
                    } else {
                        "InternalError"
                    };
                    let mut e = ApiError::of(None, code);
                    if (500..600).contains(status) {
                        e.status = *status;
                    }
                    d.error = Some(e);
                }
                FaultKind::Error {
                    code,
                    status,
                    message,
                } => {
                    outcome_taken = true;
                    d.fired.push("error".into());
                    let mut e = ApiError::of(Some(action), code);
                    if let Some(s) = status.filter(|s| (400..600).contains(s)) {
                        e.status = s;
                    }
                    if let Some(m) = message {
                        e.message = m.clone();
                    }
                    d.error = Some(e);
                }
                FaultKind::DropAfterCommit { mode } => {
                    outcome_taken = true;
                    d.fired.push("drop_after_commit".into());
                    d.drop = Some(*mode);
                }
            }
        }
        self.rules.retain(|r| r.times != Some(0));
        d
    }
}

/// The `Throttling.User` answer with its rate-limit header.
pub fn throttled(time_left_ms: u64) -> ApiError {
    ApiError::of(None, "Throttling.User").header(
        "x-ratelimit-user-api",
        format!("Limit:100,Remain:0,TimeLeft:{time_left_ms},Reset:{time_left_ms}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_sequence_then_success() {
        let mut f = Faults::new(Some(1));
        f.add(FaultRule::throttle("A").times(2));
        f.add(FaultRule::server_error("A", 503).times(1));
        let codes: Vec<Option<String>> = (0..4)
            .map(|_| f.decide("A").error.map(|e| e.code))
            .collect();
        assert_eq!(
            codes,
            vec![
                Some("Throttling.User".into()),
                Some("Throttling.User".into()),
                Some("ServiceUnavailable".into()),
                None
            ]
        );
        assert!(f.rules().is_empty());
    }

    #[test]
    fn other_actions_unaffected_and_latency_combines() {
        let mut f = Faults::new(Some(1));
        f.add(FaultRule::latency("A", Duration::from_millis(5)).times(1));
        f.add(FaultRule::throttle("A").times(1));
        assert!(f.decide("B").error.is_none());
        let d = f.decide("A");
        assert_eq!(d.latency, Duration::from_millis(5));
        assert!(d.error.is_some());
    }

    #[test]
    fn probability_is_reproducible_with_a_seed() {
        let run = || {
            let mut f = Faults::new(Some(42));
            f.add(FaultRule::throttle("A").probability(0.5));
            (0..32)
                .map(|_| f.decide("A").error.is_some())
                .collect::<Vec<_>>()
        };
        let a = run();
        assert_eq!(a, run());
        assert!(a.iter().any(|x| *x) && a.iter().any(|x| !*x));
    }

    #[test]
    fn rules_parse_from_control_json() {
        let r: FaultRule =
            serde_json::from_str(r#"{"action":"CreateVpnGateway","kind":"throttle","times":2}"#)
                .unwrap();
        assert_eq!(r, FaultRule::throttle("CreateVpnGateway").times(2));
        let r: FaultRule =
            serde_json::from_str(r#"{"kind":"drop_after_commit","mode":"hang"}"#).unwrap();
        assert_eq!(
            r.kind,
            FaultKind::DropAfterCommit {
                mode: DropMode::Hang
            }
        );
    }
}
