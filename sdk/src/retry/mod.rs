//! Retry policy: which failures are retried, how long to wait between attempts, and how
//! many retries a client may make at all.
//!
//! On by default, at most 3 attempts in all. Retried failures:
//!
//! * throttling answers (`Throttling`, `Throttling.User`, `Throttling.Api`) and failures
//!   before the request was sent (connection refused, connect timeout): the request was
//!   not executed, so any operation is retried;
//! * ambiguous failures (`ServiceUnavailable`, `InternalError`, HTTP 500, 502, 503 and
//!   504, transport errors after sending, attempt timeouts): retried for read-only
//!   operations, and for mutating operations only when they carry their idempotency
//!   token (`ClientToken`, which the client fills once, so every attempt sends the same
//!   one).
//!
//! Nothing else is retried: not `501 Not Implemented` nor any other answer that will not
//! change by asking again (client errors, other 5xx statuses, answers over the body
//! limit, ...).
//!
//! Waits grow exponentially from a base delay (100 ms; 500 ms after throttling), capped
//! at a maximum (20 s), with "equal jitter" (half fixed, half random). When a throttling
//! answer carries `x-ratelimit-user-api` / `x-ratelimit-user` with `TimeLeft:<ms>`, that
//! wait is used instead (capped at the maximum).
//!
//! # Retry quota
//!
//! Retries draw from a client-wide quota, a token bucket shared by every clone of the
//! client (as in the AWS SDKs' standard mode): it starts full with 500 tokens, a retry
//! costs 5 and a retry after a timeout 10; a call that succeeds at its first attempt puts
//! 1 token back and one that succeeds after retries gives back what its retries took.
//! When the bucket cannot pay for a retry, the failure is returned at once. So while the
//! service answers, retries are as free as before; when it is down, a fleet of callers
//! soon makes about one attempt per call instead of three.
//! [`RetryConfig::with_quota_capacity`] resizes the bucket and
//! [`RetryConfig::without_quota`] removes it.
//!
//! # Adaptive mode
//!
//! [`RetryMode::Adaptive`] (opt-in) also rate-limits *sending*, client-wide, once the
//! service has throttled: every attempt, first ones included, then takes a token from a
//! client-side rate limiter whose rate drops at each throttling answer and grows back
//! (along a cubic curve, as in the AWS SDKs' adaptive mode) while answers succeed. When a
//! throttling answer says how long to wait (`TimeLeft`), no attempt of the client is sent
//! before that time has passed.

mod adaptive;
pub(crate) mod classify;
mod quota;

use std::time::Duration;

use rand::Rng;

use crate::operation::OperationMeta;

pub(crate) use adaptive::RateLimiter;
pub(crate) use quota::RetryQuota;

/// The retry quota's default size, in tokens (AWS standard mode's).
pub const DEFAULT_QUOTA_CAPACITY: u32 = 500;
/// Tokens one retry takes from the quota.
pub const RETRY_COST: u32 = 5;
/// Tokens one retry after a timeout takes from the quota.
pub const TIMEOUT_RETRY_COST: u32 = 10;

/// How retries behave beyond the per-call policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum RetryMode {
    /// Retries with backoff, drawing from the client-wide retry quota. The default.
    #[default]
    Standard,
    /// As `Standard`, and after a throttling answer every attempt of the client waits
    /// for a client-side rate limiter (and for the service's `TimeLeft`, when given).
    Adaptive,
}

/// Retry settings. `RetryConfig::default()` retries; [`RetryConfig::disabled`] does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    base_delay: Duration,
    throttle_base_delay: Duration,
    max_delay: Duration,
    jitter: bool,
    mode: RetryMode,
    quota_capacity: Option<u32>,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            throttle_base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
            jitter: true,
            mode: RetryMode::Standard,
            quota_capacity: Some(DEFAULT_QUOTA_CAPACITY),
        }
    }
}

impl RetryConfig {
    /// The defaults: 3 attempts, 100 ms base (500 ms after throttling), 20 s cap, jitter.
    pub fn new() -> Self {
        Self::default()
    }

    /// One attempt, no retries.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Sets the maximum number of attempts in all, first one included (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the first wait after an ordinary failure; each later wait doubles.
    pub fn with_base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Sets the first wait after a throttling answer without `TimeLeft`.
    pub fn with_throttle_base_delay(mut self, delay: Duration) -> Self {
        self.throttle_base_delay = delay;
        self
    }

    /// Sets the longest wait between attempts (also caps the service's `TimeLeft`).
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Turns jitter on or off (on by default; off gives exact, testable waits).
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// Sets the retry mode ([`RetryMode::Adaptive`] adds client-side rate limiting after
    /// throttling).
    pub fn with_mode(mut self, mode: RetryMode) -> Self {
        self.mode = mode;
        self
    }

    /// Sets the size of the client-wide retry quota, in tokens (default 500; a retry
    /// costs [`RETRY_COST`], a retry after a timeout [`TIMEOUT_RETRY_COST`]). 0 allows no
    /// retries at all.
    pub fn with_quota_capacity(mut self, tokens: u32) -> Self {
        self.quota_capacity = Some(tokens);
        self
    }

    /// Removes the retry quota: every call may make all its attempts, whatever the other
    /// calls of the client do.
    pub fn without_quota(mut self) -> Self {
        self.quota_capacity = None;
        self
    }

    /// The retry mode.
    pub fn mode(&self) -> RetryMode {
        self.mode
    }

    /// The size of the retry quota in tokens, `None` without a quota.
    pub fn quota_capacity(&self) -> Option<u32> {
        self.quota_capacity
    }

    /// Maximum number of attempts in all.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// First wait after an ordinary failure.
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// First wait after throttling.
    pub fn throttle_base_delay(&self) -> Duration {
        self.throttle_base_delay
    }

    /// Longest wait.
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// Whether waits are jittered.
    pub fn jitter(&self) -> bool {
        self.jitter
    }

    /// Whether retries are on (more than one attempt).
    pub fn is_enabled(&self) -> bool {
        self.max_attempts > 1
    }

    /// The wait before retry number `retry` (1 for the wait after the first attempt).
    pub fn backoff(&self, retry: u32, class: RetryClass) -> Duration {
        let base = if class == RetryClass::Throttled {
            self.throttle_base_delay
        } else {
            self.base_delay
        };
        let factor = 1u32 << retry.saturating_sub(1).min(20);
        let delay = base.saturating_mul(factor).min(self.max_delay);
        if self.jitter && !delay.is_zero() {
            let half = delay / 2;
            let extra =
                rand::thread_rng().gen_range(0..=half.as_nanos().min(u64::MAX as u128) as u64);
            half + Duration::from_nanos(extra)
        } else {
            delay
        }
    }

    /// The wait before retry number `retry` after a failure of `class`, honouring the
    /// service's `TimeLeft` (capped at the maximum delay) when it sent one.
    pub fn delay(&self, retry: u32, class: RetryClass, time_left: Option<Duration>) -> Duration {
        match time_left {
            Some(t) if class == RetryClass::Throttled => t.min(self.max_delay),
            _ => self.backoff(retry, class),
        }
    }
}

/// How a failed attempt relates to retrying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryClass {
    /// The service refused the request for now (throttling); it was not executed.
    Throttled,
    /// The request never left the client (connection failed); it was not executed.
    NotSent,
    /// The request may or may not have been executed (5xx, `InternalError`,
    /// `ServiceUnavailable`, transport failure after sending, attempt timeout).
    Ambiguous,
    /// Retrying cannot help (client errors, decode errors of 2xx answers, ...).
    Never,
}

/// The state retries share across every call of a client (and its clones): the retry
/// quota and, in adaptive mode, the rate limiter. Built once with the configuration.
#[derive(Debug)]
pub(crate) struct RetryState {
    pub(crate) quota: Option<RetryQuota>,
    pub(crate) limiter: Option<RateLimiter>,
}

impl RetryState {
    pub(crate) fn new(config: &RetryConfig) -> Self {
        Self {
            quota: config.quota_capacity.map(RetryQuota::new),
            limiter: (config.mode == RetryMode::Adaptive).then(RateLimiter::new),
        }
    }
}

/// Whether a failure of `class` may be retried for `op`. `carries_token` says whether
/// the request carries the operation's idempotency token.
pub fn may_retry(op: &OperationMeta, class: RetryClass, carries_token: bool) -> bool {
    match class {
        RetryClass::Throttled | RetryClass::NotSent => true,
        RetryClass::Ambiguous => op.read_only || (op.idempotency_token.is_some() && carries_token),
        RetryClass::Never => false,
    }
}

/// The larger `TimeLeft:<ms>` of the `x-ratelimit-user-api` and `x-ratelimit-user`
/// headers (format `…,TimeLeft:<n>,…`), if either carries one.
pub fn throttle_time_left<'a>(
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<Duration> {
    headers
        .into_iter()
        .filter(|(n, _)| {
            n.eq_ignore_ascii_case("x-ratelimit-user-api")
                || n.eq_ignore_ascii_case("x-ratelimit-user")
        })
        .flat_map(|(_, v)| v.split(','))
        .filter_map(|part| {
            let (k, v) = part.split_once(':')?;
            if k.trim().eq_ignore_ascii_case("TimeLeft") {
                v.trim().parse::<u64>().ok()
            } else {
                None
            }
        })
        .max()
        .map(Duration::from_millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    const READ: OperationMeta = OperationMeta {
        action: "DescribeVpnGateways",
        read_only: true,
        idempotency_token: None,
    };
    const CREATE: OperationMeta = OperationMeta {
        action: "CreateVpnGateway",
        read_only: false,
        idempotency_token: Some("ClientToken"),
    };
    const NO_TOKEN: OperationMeta = OperationMeta {
        action: "DeleteSomething",
        read_only: false,
        idempotency_token: None,
    };

    #[test]
    fn throttling_and_unsent_requests_retry_for_every_operation() {
        for op in [&READ, &CREATE, &NO_TOKEN] {
            assert!(may_retry(op, RetryClass::Throttled, false));
            assert!(may_retry(op, RetryClass::NotSent, false));
            assert!(!may_retry(op, RetryClass::Never, true));
        }
    }

    #[test]
    fn ambiguous_failures_retry_only_reads_and_tokened_writes() {
        assert!(may_retry(&READ, RetryClass::Ambiguous, false));
        assert!(may_retry(&CREATE, RetryClass::Ambiguous, true));
        assert!(!may_retry(&CREATE, RetryClass::Ambiguous, false));
        assert!(!may_retry(&NO_TOKEN, RetryClass::Ambiguous, false));
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let c = RetryConfig::default()
            .with_jitter(false)
            .with_base_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_millis(350));
        assert_eq!(
            c.backoff(1, RetryClass::Ambiguous),
            Duration::from_millis(100)
        );
        assert_eq!(
            c.backoff(2, RetryClass::Ambiguous),
            Duration::from_millis(200)
        );
        assert_eq!(
            c.backoff(3, RetryClass::Ambiguous),
            Duration::from_millis(350)
        );
        assert_eq!(
            c.backoff(60, RetryClass::Ambiguous),
            Duration::from_millis(350)
        );
        assert_eq!(
            c.backoff(1, RetryClass::Throttled),
            Duration::from_millis(350)
        );
    }

    #[test]
    fn jitter_stays_between_half_and_full_delay() {
        let c = RetryConfig::default().with_base_delay(Duration::from_millis(100));
        for _ in 0..200 {
            let d = c.backoff(2, RetryClass::Ambiguous);
            assert!(
                d >= Duration::from_millis(100) && d <= Duration::from_millis(200),
                "{d:?}"
            );
        }
    }

    #[test]
    fn time_left_is_parsed_from_either_header_and_capped() {
        let h = [
            (
                "X-RateLimit-User-Api",
                "Limit:10,Remain:0,TimeLeft:1200,Reset:1",
            ),
            ("x-ratelimit-user", "TimeLeft:300"),
            ("other", "TimeLeft:99999"),
        ];
        assert_eq!(throttle_time_left(h), Some(Duration::from_millis(1200)));
        assert_eq!(throttle_time_left([("x-ratelimit-user", "Remain:0")]), None);
        let c = RetryConfig::default().with_max_delay(Duration::from_millis(500));
        assert_eq!(
            c.delay(1, RetryClass::Throttled, Some(Duration::from_secs(9))),
            Duration::from_millis(500)
        );
    }

    #[test]
    fn disabled_means_one_attempt() {
        assert_eq!(RetryConfig::disabled().max_attempts(), 1);
        assert!(!RetryConfig::disabled().is_enabled());
        assert_eq!(
            RetryConfig::default().with_max_attempts(0).max_attempts(),
            1
        );
    }
}
