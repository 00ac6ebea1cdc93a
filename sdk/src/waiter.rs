//! Waiters: poll an operation until a resource reaches a state.
//!
//! Each waiter in the spec becomes a `Client::wait_until_<name>` method returning a
//! builder (e.g. [`VpnGatewayActiveWaiter`]) with `.max_wait(..)`, `.region_id(..)`
//! and `.wait()`; the builder is also a future (`IntoFuture`), so it can be awaited
//! directly:
//!
//! ```no_run
//! # async fn example(client: &alibabacloud_vpn::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//!
//! let gateway = client
//!     .wait_until_vpn_gateway_active("vpn-bp1q8bgx4xnkm2ogj****")
//!     .max_wait(Duration::from_secs(300))
//!     .await?;
//! println!("active: {:?}", gateway.vpn_gateway_id);
//! # Ok(())
//! # }
//! ```
//!
//! After each poll the spec's acceptors are evaluated in order; the first that matches
//! decides: success (the waiter returns), failure (it returns
//! [`WaiterError::FailureState`]) or retry. A poll that no acceptor matches keeps
//! polling when it succeeded and fails with [`WaiterError::Sdk`] when it failed.
//!
//! Between polls the waiter sleeps with exponential backoff and full jitter: before
//! poll `n + 1` it waits a random time between `min_delay` and
//! `min(max_delay, min_delay * 2^(n-1))`, never past `max_wait`. When `max_wait` is
//! used up it returns [`WaiterError::Timeout`] with the time spent and the last state
//! seen.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use rand::Rng;

use crate::Client;
use crate::error::{ProvideServiceError, SdkError, ValidationError};
use crate::operation::Operation;

pub use crate::generated::waiters::*;

/// Timing of a waiter: delays between polls and the longest total wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct WaiterConfig {
    /// The first delay between polls (and the least one).
    pub min_delay: Duration,
    /// The largest delay between polls.
    pub max_delay: Duration,
    /// The longest total wait.
    pub max_wait: Duration,
}

impl WaiterConfig {
    /// A configuration with the given delays and maximum wait.
    pub fn new(min_delay: Duration, max_delay: Duration, max_wait: Duration) -> Self {
        Self {
            min_delay,
            max_delay,
            max_wait,
        }
    }

    /// The delay before poll `attempt + 1` (`attempt` >= 1 polls done): uniformly random
    /// between `min_delay` and `min(max_delay, min_delay * 2^(attempt-1))`; `unit` is the
    /// random draw in `[0, 1]`.
    pub fn delay(&self, attempt: u32, unit: f64) -> Duration {
        let min = self.min_delay;
        let max = self.max_delay.max(min);
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(31));
        let ceiling = min.saturating_mul(factor).min(max);
        let spread = ceiling.saturating_sub(min);
        min + spread.mul_f64(unit.clamp(0.0, 1.0))
    }
}

/// What one poll showed, decided by the waiter's acceptors (generated per waiter).
#[derive(Debug)]
pub enum Step<S, E> {
    /// A success acceptor matched: stop with this value.
    Done(S),
    /// A failure acceptor matched: stop with an error naming the state.
    Failure {
        /// The state seen (a field value or an error code).
        state: String,
    },
    /// Keep polling.
    Retry {
        /// The state seen, when there is one.
        state: Option<String>,
    },
    /// The poll failed in a way no acceptor expected.
    Error(SdkError<E>),
}

/// The poll that ended a waiter whose success acceptors match both answers and errors.
#[derive(Debug, Clone, PartialEq)]
pub enum FinalPoll<T, E> {
    /// An answer matched.
    Output(T),
    /// An error code matched.
    Error(E),
}

/// Why a waiter stopped without reaching the desired state.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaiterError<E> {
    /// `max_wait` was used up.
    Timeout {
        /// Time spent waiting.
        elapsed: Duration,
        /// Polls made.
        attempts: u32,
        /// The last state seen, when the polls showed one.
        last_state: Option<String>,
    },
    /// A state was reached from which the desired one cannot be (e.g. `deleting`).
    FailureState {
        /// The state (a field value or an error code).
        state: String,
        /// Time spent waiting.
        elapsed: Duration,
        /// Polls made.
        attempts: u32,
    },
    /// A poll failed with an error no acceptor expected.
    Sdk(SdkError<E>),
}

impl<E> WaiterError<E> {
    /// The SDK error, when a poll failed unexpectedly.
    pub fn as_sdk_error(&self) -> Option<&SdkError<E>> {
        match self {
            WaiterError::Sdk(e) => Some(e),
            _ => None,
        }
    }

    /// Whether the waiter timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, WaiterError::Timeout { .. })
    }
}

impl<E: fmt::Display> fmt::Display for WaiterError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiterError::Timeout {
                elapsed,
                attempts,
                last_state,
            } => {
                write!(
                    f,
                    "waiter timed out after {elapsed:?} and {attempts} poll(s)"
                )?;
                match last_state {
                    Some(state) => write!(f, "; last state `{state}`"),
                    None => Ok(()),
                }
            }
            WaiterError::FailureState {
                state,
                elapsed,
                attempts,
            } => write!(
                f,
                "waiter reached failure state `{state}` after {elapsed:?} and {attempts} poll(s)"
            ),
            WaiterError::Sdk(e) => write!(f, "waiter poll failed: {e}"),
        }
    }
}

impl<E: ProvideServiceError + 'static> std::error::Error for WaiterError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaiterError::Sdk(e) => Some(e),
            _ => None,
        }
    }
}

/// The acceptors of one waiter: what one poll's result means.
type Accept<I, S> = fn(
    Result<<I as Operation>::Output, SdkError<<I as Operation>::Error>>,
) -> Step<S, <I as Operation>::Error>;

/// A waiter over operation `I`, returning `S` on success: what every `wait_until_*`
/// client method returns (each spec waiter names its own alias, such as
/// [`VpnGatewayActiveWaiter`]). Set the timing, then `.wait()` it or `.await` it
/// directly.
#[must_use = "a waiter does nothing until `.wait()` or `.await`"]
pub struct Waiter<I: Operation, S> {
    name: &'static str,
    client: Client,
    input: Result<I, ValidationError>,
    config: WaiterConfig,
    accept: Accept<I, S>,
}

impl<I: Operation + fmt::Debug, S> fmt::Debug for Waiter<I, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(self.name)
            .field("input", &self.input)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl<I: Operation, S: Send + 'static> Waiter<I, S> {
    /// A waiter named `name` polling `input` (or reporting the error that building it
    /// gave) with `config`, judging each poll with `accept`.
    #[doc(hidden)]
    pub fn new(
        name: &'static str,
        client: Client,
        input: Result<I, ValidationError>,
        config: WaiterConfig,
        accept: Accept<I, S>,
    ) -> Self {
        Self {
            name,
            client,
            input,
            config,
            accept,
        }
    }

    /// The longest total wait (the spec's default unless set).
    pub fn max_wait(mut self, max_wait: Duration) -> Self {
        self.config.max_wait = max_wait;
        self
    }

    /// The first and least delay between polls.
    pub fn min_delay(mut self, delay: Duration) -> Self {
        self.config.min_delay = delay;
        self
    }

    /// The largest delay between polls.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.config.max_delay = delay;
        self
    }

    /// The region to poll in; defaults to the client's region.
    pub fn region_id(mut self, region: impl Into<String>) -> Self {
        if let Ok(input) = &mut self.input {
            input.set_region(region.into());
        }
        self
    }

    /// The timing in effect.
    pub fn config(&self) -> &WaiterConfig {
        &self.config
    }

    /// Polls until the desired state.
    ///
    /// # Errors
    ///
    /// [`WaiterError::Timeout`] when `max_wait` is used up,
    /// [`WaiterError::FailureState`] when a failure state is reached, [`WaiterError::Sdk`]
    /// when a poll fails unexpectedly (or the parameters are invalid; then nothing is
    /// sent).
    pub async fn wait(self) -> Result<S, WaiterError<I::Error>> {
        let input = self
            .input
            .map_err(|e| WaiterError::Sdk(SdkError::Validation(e)))?;
        let client = &self.client;
        let accept = self.accept;
        wait(self.config, || {
            let input = input.clone();
            async move { accept(input.send_with(client).await) }
        })
        .await
    }
}

impl<I: Operation, S: Send + 'static> IntoFuture for Waiter<I, S> {
    type Output = Result<S, WaiterError<I::Error>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.wait())
    }
}

/// Polls until a [`Step`] other than `Retry` or until `config.max_wait` is used up,
/// sleeping with jittered exponential backoff between polls.
#[doc(hidden)]
pub async fn wait<S, E, F, Fut>(config: WaiterConfig, mut poll: F) -> Result<S, WaiterError<E>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Step<S, E>>,
{
    let start = tokio::time::Instant::now();
    let mut attempts = 0u32;
    let mut last_state = None;
    loop {
        attempts = attempts.saturating_add(1);
        match poll().await {
            Step::Done(value) => return Ok(value),
            Step::Failure { state } => {
                return Err(WaiterError::FailureState {
                    state,
                    elapsed: start.elapsed(),
                    attempts,
                });
            }
            Step::Error(e) => return Err(WaiterError::Sdk(e)),
            Step::Retry { state } => {
                if state.is_some() {
                    last_state = state;
                }
            }
        }
        let elapsed = start.elapsed();
        let remaining = config.max_wait.saturating_sub(elapsed);
        if remaining.is_zero() {
            return Err(WaiterError::Timeout {
                elapsed,
                attempts,
                last_state,
            });
        }
        let unit: f64 = rand::thread_rng().r#gen();
        tokio::time::sleep(config.delay(attempts, unit).min(remaining)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ServiceError;

    fn config() -> WaiterConfig {
        WaiterConfig::new(
            Duration::from_secs(2),
            Duration::from_secs(20),
            Duration::from_secs(60),
        )
    }

    #[test]
    fn delay_grows_exponentially_within_min_and_max() {
        let c = config();
        assert_eq!(c.delay(1, 1.0), Duration::from_secs(2));
        assert_eq!(c.delay(2, 1.0), Duration::from_secs(4));
        assert_eq!(c.delay(3, 1.0), Duration::from_secs(8));
        assert_eq!(c.delay(5, 1.0), Duration::from_secs(20));
        assert_eq!(c.delay(40, 1.0), Duration::from_secs(20));
        for attempt in 1..10 {
            assert_eq!(c.delay(attempt, 0.0), Duration::from_secs(2));
        }
        assert_eq!(c.delay(3, 0.5), Duration::from_secs(5));
    }

    #[tokio::test(start_paused = true)]
    async fn returns_the_value_of_the_first_success() {
        let mut polls = 0;
        let result: Result<u32, WaiterError<ServiceError>> = wait(config(), || {
            polls += 1;
            let n = polls;
            async move {
                if n < 3 {
                    Step::Retry {
                        state: Some("provisioning".into()),
                    }
                } else {
                    Step::Done(n)
                }
            }
        })
        .await;
        assert_eq!(result.unwrap(), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn times_out_with_elapsed_time_and_last_state() {
        let start = tokio::time::Instant::now();
        let result: Result<(), WaiterError<ServiceError>> = wait(config(), || async {
            Step::Retry {
                state: Some("provisioning".into()),
            }
        })
        .await;
        match result.unwrap_err() {
            WaiterError::Timeout {
                elapsed,
                attempts,
                last_state,
            } => {
                assert_eq!(elapsed, Duration::from_secs(60));
                assert!(attempts >= 4, "{attempts}");
                assert_eq!(last_state.as_deref(), Some("provisioning"));
            }
            other => panic!("expected a timeout, got {other:?}"),
        }
        assert_eq!(start.elapsed(), Duration::from_secs(60));
    }

    #[tokio::test(start_paused = true)]
    async fn failure_state_stops_at_once() {
        let result: Result<(), WaiterError<ServiceError>> = wait(config(), || async {
            Step::Failure {
                state: "deleting".into(),
            }
        })
        .await;
        let e = result.unwrap_err();
        assert!(
            matches!(&e, WaiterError::FailureState { state, attempts: 1, .. } if state == "deleting")
        );
        assert_eq!(
            e.to_string(),
            "waiter reached failure state `deleting` after 0ns and 1 poll(s)"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn unexpected_error_is_returned() {
        let result: Result<(), WaiterError<ServiceError>> = wait(config(), || async {
            Step::Error(SdkError::Service(ServiceError::new(403, "Forbidden", "no")))
        })
        .await;
        assert_eq!(
            result.unwrap_err().as_sdk_error().and_then(|e| e.code()),
            Some("Forbidden")
        );
    }
}
