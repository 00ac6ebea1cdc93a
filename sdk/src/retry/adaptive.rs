//! Adaptive mode's client-side rate limiter (see the [module docs](super)).
//!
//! The algorithm is the AWS SDKs' adaptive retry mode: a token bucket whose fill rate is
//! set from the measured sending rate, cut by a factor (`BETA`) at each throttling answer
//! and grown back along a cubic curve (TCP CUBIC's) while answers succeed. It is off
//! until the first throttling answer, so a client that is never throttled never waits.
//! On top of it, a throttling answer's `TimeLeft` holds every attempt of the client
//! until that time has passed.
//!
//! Waiting is a reservation: the token is taken under the lock (the bucket may go
//! below zero) and the caller sleeps, outside the lock, for as long as it takes to be
//! paid back, so concurrent callers are served in order.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The lowest fill rate, in sends per second.
const MIN_FILL_RATE: f64 = 0.5;
/// The smallest bucket, in tokens.
const MIN_CAPACITY: f64 = 1.0;
/// Weight of the newest measurement in the smoothed sending rate.
const SMOOTH: f64 = 0.8;
/// What a throttling answer multiplies the rate by.
const BETA: f64 = 0.7;
/// The cubic curve's scale.
const SCALE: f64 = 0.4;
/// The sending rate is measured over buckets of this many seconds.
const RATE_BUCKET: f64 = 0.5;

/// The client-wide limiter of adaptive mode.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    origin: Instant,
    state: Mutex<State>,
}

impl RateLimiter {
    pub(crate) fn new() -> Self {
        Self {
            origin: Instant::now(),
            state: Mutex::new(State::default()),
        }
    }

    fn now(&self) -> f64 {
        self.origin.elapsed().as_secs_f64()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Reserves the right to send one attempt and returns how long to wait before
    /// sending it (zero until the service has throttled the client).
    pub(crate) fn reserve(&self) -> Duration {
        let now = self.now();
        Duration::from_secs_f64(self.state().reserve(now))
    }

    /// Records one answer (or failure) of an attempt: `throttled` when the service
    /// refused it for now, with the `TimeLeft` it asked for when it gave one.
    pub(crate) fn record(&self, throttled: bool, time_left: Option<Duration>) {
        let now = self.now();
        self.state().record(now, throttled, time_left);
    }
}

/// Times are seconds since the limiter was made.
#[derive(Debug, Clone)]
struct State {
    enabled: bool,
    fill_rate: f64,
    max_capacity: f64,
    capacity: f64,
    last_refill: f64,
    measured_rate: f64,
    rate_bucket: f64,
    bucket_count: u64,
    last_max_rate: f64,
    last_throttle: f64,
    window: f64,
    blocked_until: f64,
}

impl Default for State {
    fn default() -> Self {
        Self {
            enabled: false,
            fill_rate: MIN_FILL_RATE,
            max_capacity: MIN_CAPACITY,
            capacity: MIN_CAPACITY,
            last_refill: 0.0,
            measured_rate: 0.0,
            rate_bucket: 0.0,
            bucket_count: 0,
            last_max_rate: 0.0,
            last_throttle: 0.0,
            window: 0.0,
            blocked_until: 0.0,
        }
    }
}

impl State {
    fn refill(&mut self, now: f64) {
        let elapsed = (now - self.last_refill).max(0.0);
        self.capacity = (self.capacity + elapsed * self.fill_rate).min(self.max_capacity);
        self.last_refill = now;
    }

    /// Takes one token and returns the seconds to wait until it is paid for and any
    /// `TimeLeft` block has passed.
    fn reserve(&mut self, now: f64) -> f64 {
        if !self.enabled {
            return 0.0;
        }
        self.refill(now);
        let for_token = if self.capacity >= 1.0 {
            0.0
        } else {
            (1.0 - self.capacity) / self.fill_rate
        };
        self.capacity -= 1.0;
        for_token.max(self.blocked_until - now).max(0.0)
    }

    fn measure(&mut self, now: f64) {
        self.bucket_count += 1;
        let bucket = (now / RATE_BUCKET).floor() * RATE_BUCKET;
        if bucket > self.rate_bucket {
            let rate = self.bucket_count as f64 / (bucket - self.rate_bucket);
            self.measured_rate = rate * SMOOTH + self.measured_rate * (1.0 - SMOOTH);
            self.bucket_count = 0;
            self.rate_bucket = bucket;
        }
    }

    fn record(&mut self, now: f64, throttled: bool, time_left: Option<Duration>) {
        self.measure(now);
        let rate = if throttled {
            let base = if self.enabled {
                self.measured_rate.min(self.fill_rate)
            } else {
                self.measured_rate
            };
            self.last_max_rate = base;
            self.window = (base * (1.0 - BETA) / SCALE).cbrt();
            self.last_throttle = now;
            if let Some(t) = time_left {
                self.blocked_until = self.blocked_until.max(now + t.as_secs_f64());
            }
            self.enabled = true;
            base * BETA
        } else {
            if !self.enabled {
                return;
            }
            let dt = now - self.last_throttle - self.window;
            SCALE * dt * dt * dt + self.last_max_rate
        };
        let rate = rate.min(2.0 * self.measured_rate);
        self.refill(now);
        self.fill_rate = rate.max(MIN_FILL_RATE);
        self.max_capacity = rate.max(MIN_CAPACITY);
        self.capacity = self.capacity.min(self.max_capacity);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_waits_before_the_first_throttling_answer() {
        let mut s = State::default();
        for i in 0..1000 {
            let now = f64::from(i) * 0.001;
            assert_eq!(s.reserve(now), 0.0);
            s.record(now, false, None);
        }
        assert!(!s.enabled);
    }

    #[test]
    fn throttling_cuts_the_rate_and_paces_sends() {
        let mut s = State::default();
        // 100 sends a second for 3 seconds: the measured rate settles near 100.
        let mut now = 0.0;
        for _ in 0..300 {
            s.record(now, false, None);
            now += 0.01;
        }
        assert!((s.measured_rate - 100.0).abs() < 5.0, "{}", s.measured_rate);
        s.record(now, true, None);
        assert!(s.enabled);
        assert!(
            (s.fill_rate - 0.7 * s.last_max_rate).abs() < 1e-9,
            "the rate drops to BETA times what was being sent"
        );
        // Sends beyond the bucket are spaced by 1 / fill rate.
        let waits: Vec<f64> = (0..200).map(|_| s.reserve(now)).collect();
        let last = waits.last().copied().unwrap();
        assert!(
            last > 199.0 / s.fill_rate - 2.0 && last < 200.0 / s.fill_rate + 1e-6,
            "200 sends at {} per second: last waits {last}",
            s.fill_rate
        );
        assert!(waits.windows(2).all(|w| w[1] >= w[0]), "served in order");
    }

    #[test]
    fn successes_grow_the_rate_back_along_the_cubic() {
        let mut s = State::default();
        let mut now = 0.0;
        for _ in 0..300 {
            s.record(now, false, None);
            now += 0.01;
        }
        s.record(now, true, None);
        let after_throttle = s.fill_rate;
        let mut previous = after_throttle;
        // Still sending 100 a second: the cap (twice the measured rate) stays out of
        // the way and the cubic alone sets the rate.
        for _ in 0..600 {
            now += 0.01;
            s.record(now, false, None);
            assert!(s.fill_rate >= previous - 1e-9, "never shrinks on success");
            previous = s.fill_rate;
        }
        assert!(
            s.fill_rate > s.last_max_rate,
            "past the rate it was throttled at after 6 s (the cubic's plateau ends near 4.2 s): {} > {}",
            s.fill_rate,
            s.last_max_rate
        );
    }

    #[test]
    fn time_left_blocks_every_send_until_it_has_passed() {
        let mut s = State::default();
        s.record(10.0, true, Some(Duration::from_millis(750)));
        let wait = s.reserve(10.0);
        assert!((wait - 0.75).abs() < 1e-9, "{wait}");
        // Later throttles can only extend the block.
        s.record(10.1, true, Some(Duration::from_millis(100)));
        let wait = s.reserve(10.2);
        assert!(wait >= 0.55 - 1e-9, "{wait}");
    }

    #[test]
    fn the_limiter_waits_in_real_time_only_after_throttling() {
        let l = RateLimiter::new();
        assert_eq!(l.reserve(), Duration::ZERO);
        l.record(true, Some(Duration::from_secs(2)));
        let wait = l.reserve();
        assert!(wait > Duration::from_secs(1), "{wait:?}");
    }
}
