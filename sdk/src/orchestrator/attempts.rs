//! The attempt loop of one call: pacing (adaptive mode), one attempt under its timeout,
//! and after a failure the retry decision: [`classify`] says whether asking again can
//! help, the operation whether it is safe, the deadline whether there is time, and the
//! client-wide quota whether the client can afford it.

use std::time::{Duration, Instant};

use tracing::field::Empty;
use tracing::{Instrument, Span};

use crate::client::summary;
use crate::config::Config;
use crate::credentials::Credentials;
use crate::decode::Structure;
use crate::endpoint::Endpoint;
use crate::error::{
    CredentialsError, DecodeError, Error, SdkError, TimeoutError, TimeoutKind, TransportError,
};
use crate::operation::{OperationMeta, RawResponse};
use crate::params::Params;
use crate::request::{self, SignedRequest, WireRequest};
use crate::retry::classify::{classify, is_timeout};
use crate::retry::{RETRY_COST, RetryClass, TIMEOUT_RETRY_COST, may_retry};
use crate::scrub::Scrubber;
use crate::transport::{HttpError, HttpErrorKind, HttpResponse, check_body_len};
use crate::{redact, response, timefmt};

/// How one attempt failed, before it becomes the call's [`Error`]: enough to classify it
/// ([`classify`]) and to report it.
#[derive(Debug)]
pub(crate) enum AttemptFailure {
    /// No usable credentials.
    Credentials(CredentialsError),
    /// The transport failed (nothing sent, or no complete answer); with the attempt's
    /// secrets, scrubbed from the error it becomes.
    Http(HttpError, Scrubber),
    /// The attempt's own timeout expired.
    AttemptTimeout(Duration),
    /// The operation's deadline passed.
    OperationTimeout,
    /// The service answered with an error, or with something undecodable.
    Answer(Error),
}

impl AttemptFailure {
    /// The wait a throttling answer asked for (`TimeLeft`).
    fn time_left(&self) -> Option<Duration> {
        match self {
            AttemptFailure::Answer(SdkError::Service(s)) => s.retry_after,
            _ => None,
        }
    }

    fn into_error(self, cfg: &Config, attempts: u32) -> Error {
        let timeout = |kind, limit| {
            SdkError::Timeout(TimeoutError {
                kind,
                limit,
                attempts,
            })
        };
        match self {
            AttemptFailure::Credentials(e) => SdkError::Credentials(e),
            AttemptFailure::Http(e, scrub) => match e.kind {
                HttpErrorKind::ConnectTimeout => {
                    timeout(TimeoutKind::Connect, cfg.timeouts.connect())
                }
                HttpErrorKind::Timeout => timeout(
                    TimeoutKind::Attempt,
                    cfg.timeouts.attempt().unwrap_or_default(),
                ),
                _ => scrub.error(SdkError::Transport(TransportError {
                    message: e.message,
                    attempts,
                    source: e.source,
                })),
            },
            AttemptFailure::AttemptTimeout(limit) => timeout(TimeoutKind::Attempt, limit),
            AttemptFailure::OperationTimeout => timeout(
                TimeoutKind::Operation,
                cfg.timeouts.operation().unwrap_or_default(),
            ),
            AttemptFailure::Answer(e) => e,
        }
    }
}

/// A UUID v4 in its hyphenated text form, formatted on the stack, from the thread's
/// CSPRNG (no system call per UUID).
pub(crate) struct UuidText([u8; uuid::fmt::Hyphenated::LENGTH]);

impl UuidText {
    pub(crate) fn as_str(&self) -> &str {
        // Always ASCII: written by `encode_lower`.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

pub(crate) fn new_uuid() -> UuidText {
    let uuid = uuid::Builder::from_random_bytes(rand::random()).into_uuid();
    let mut buf = [0u8; uuid::fmt::Hyphenated::LENGTH];
    uuid.hyphenated().encode_lower(&mut buf);
    UuidText(buf)
}

/// What a successful attempt's answer becomes: the JSON tree for the `invoke` seam
/// ([`RawResponse`]), or the operation's typed output ([`Typed`]).
pub(crate) trait Accept: Sized {
    /// Interprets the answer (an error answer is the `Err`); `secrets` are the
    /// attempt's.
    #[allow(clippy::result_large_err)]
    fn accept(action: &str, response: &HttpResponse, secrets: &Secrets<'_>) -> Result<Self, Error>;
    /// The request id, for the logs.
    fn request_id(&self) -> Option<&str>;
    /// Records how many attempts the call took.
    fn set_attempts(&mut self, attempts: u32);
}

impl Accept for RawResponse {
    fn accept(action: &str, response: &HttpResponse, secrets: &Secrets<'_>) -> Result<Self, Error> {
        response::interpret(action, response).map(|raw| RawResponse {
            scrubber: secrets.scrubber(),
            ..raw
        })
    }
    fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
    fn set_attempts(&mut self, attempts: u32) {
        self.attempts = attempts;
    }
}

/// A success answer decoded straight into an operation's output `O` (or the decode
/// error of an answer that does not fit it, which is still a successful attempt).
pub(crate) struct Typed<O> {
    pub(crate) output: Result<O, DecodeError>,
    request_id: Option<String>,
}

impl<O: Structure> Accept for Typed<O> {
    fn accept(action: &str, response: &HttpResponse, secrets: &Secrets<'_>) -> Result<Self, Error> {
        let (output, request_id) = response::decode::<O>(action, response)?;
        Ok(Typed {
            output: output.map_err(|e| secrets.scrubber().decode_error(e)),
            request_id,
        })
    }
    fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
    fn set_attempts(&mut self, attempts: u32) {
        if let Err(e) = &mut self.output {
            e.attempts = attempts;
        }
    }
}

/// Runs the attempts of one call until one succeeds or retrying stops.
pub(crate) async fn run<A: Accept>(
    cfg: &Config,
    op: &OperationMeta,
    params: &Params,
    endpoint: &Endpoint,
) -> Result<A, Error> {
    let state = &*cfg.retry_state;
    let deadline = cfg.timeouts.operation().map(|d| Instant::now() + d);
    let carries_token = op.idempotency_token.is_some_and(|t| params.contains(t));
    let mut sent: u32 = 0;
    // What this call's retries took from the quota (given back when it succeeds).
    let mut drawn: u32 = 0;
    loop {
        let outcome = match pace(cfg, deadline).await {
            Some(remaining) if remaining != Some(Duration::ZERO) => {
                sent += 1;
                attempt::<A>(cfg, op, params, endpoint, sent, remaining).await
            }
            _ => Err(AttemptFailure::OperationTimeout),
        };
        let failure = match outcome {
            Ok(mut raw) => {
                raw.set_attempts(sent);
                if let Some(quota) = &state.quota {
                    quota.release(if drawn == 0 { 1 } else { drawn });
                }
                if let Some(limiter) = &state.limiter {
                    limiter.record(false, None);
                }
                Span::current().record("attempts", sent);
                return Ok(raw);
            }
            Err(failure) => failure,
        };
        let class = classify(&failure);
        let time_left = failure.time_left();
        let cost = if is_timeout(&failure) {
            TIMEOUT_RETRY_COST
        } else {
            RETRY_COST
        };
        // An attempt cut short by the operation's deadline says nothing about the service.
        let answered = !matches!(failure, AttemptFailure::OperationTimeout);
        if let Some(limiter) = state.limiter.as_ref().filter(|_| answered) {
            limiter.record(class == RetryClass::Throttled, time_left);
        }
        let error = failure.into_error(cfg, sent);
        if sent > 0 && sent < cfg.retry.max_attempts() && may_retry(op, class, carries_token) {
            let delay = cfg.retry.delay(sent, class, time_left);
            let in_time = deadline.is_none_or(|d| Instant::now() + delay < d);
            let affordable = || state.quota.as_ref().is_none_or(|q| q.try_acquire(cost));
            if in_time && affordable() {
                drawn += if state.quota.is_some() { cost } else { 0 };
                tracing::debug!(
                    attempt = sent,
                    ?class,
                    delay_ms = delay.as_millis() as u64,
                    error = %summary(&error),
                    "retrying"
                );
                tokio::time::sleep(delay).await;
                continue;
            }
            if in_time {
                tracing::debug!(attempt = sent, "retry quota exhausted: not retrying");
            }
        }
        Span::current().record("attempts", sent);
        tracing::debug!(attempts = sent, error = %summary(&error), "operation failed");
        return Err(with_attempts(error, sent));
    }
}

/// Waits for the adaptive rate limiter (when there is one) and returns what is left of
/// the operation's time: `Some(None)` without a deadline, `None` when the wait would
/// pass it.
async fn pace(cfg: &Config, deadline: Option<Instant>) -> Option<Option<Duration>> {
    if let Some(limiter) = &cfg.retry_state.limiter {
        let wait = limiter.reserve();
        if !wait.is_zero() {
            if deadline.is_some_and(|d| Instant::now() + wait >= d) {
                return None;
            }
            tracing::debug!(
                wait_ms = wait.as_millis() as u64,
                "adaptive rate limit: waiting"
            );
            tokio::time::sleep(wait).await;
        }
    }
    Some(deadline.map(|d| d.saturating_duration_since(Instant::now())))
}

/// One attempt, bounded by the attempt timeout and what is left of the operation's.
async fn attempt<A: Accept>(
    cfg: &Config,
    op: &OperationMeta,
    params: &Params,
    endpoint: &Endpoint,
    attempt: u32,
    remaining: Option<Duration>,
) -> Result<A, AttemptFailure> {
    let span = tracing::debug_span!(
        "attempt",
        attempt,
        status = Empty,
        request_id = Empty,
        latency_ms = Empty,
    );
    let (limit, kind) = match (cfg.timeouts.attempt(), remaining) {
        (Some(a), Some(r)) if r < a => (Some(r), TimeoutKind::Operation),
        (Some(a), _) => (Some(a), TimeoutKind::Attempt),
        (None, Some(r)) => (Some(r), TimeoutKind::Operation),
        (None, None) => (None, TimeoutKind::Attempt),
    };
    let send = send_once::<A>(cfg, op, params, endpoint).instrument(span.clone());
    let Some(limit) = limit else {
        return send.await;
    };
    match tokio::time::timeout(limit, send).await {
        Ok(outcome) => outcome,
        Err(_) => {
            let _enter = span.enter();
            tracing::debug!(
                limit_ms = limit.as_millis() as u64,
                ?kind,
                "attempt timed out"
            );
            Err(match kind {
                TimeoutKind::Operation => AttemptFailure::OperationTimeout,
                _ => AttemptFailure::AttemptTimeout(limit),
            })
        }
    }
}

async fn send_once<A: Accept>(
    cfg: &Config,
    op: &OperationMeta,
    params: &Params,
    endpoint: &Endpoint,
) -> Result<A, AttemptFailure> {
    let credentials = cfg
        .credentials
        .shared()
        .await
        .map_err(AttemptFailure::Credentials)?;
    let nonce = new_uuid();
    let timestamp = timefmt::Timestamp::now();
    let built = request::build(&WireRequest {
        action: op.action,
        version: crate::config::API_VERSION,
        endpoint,
        method: cfg.http_method,
        signature: cfg.signature_version,
        credentials: &credentials,
        params,
        nonce: nonce.as_str(),
        timestamp: timestamp.as_str(),
        user_agent: &cfg.user_agent,
        max_response_bytes: Some(cfg.max_response_bytes),
    });
    let SignedRequest { request, signature } = built.map_err(|e| {
        let secrets = Secrets {
            params,
            credentials: &credentials,
            signature: "",
        };
        AttemptFailure::Http(
            HttpError::new(
                HttpErrorKind::Invalid,
                "a request header value is not valid (a credential with control characters?)",
            )
            .with_source(e),
            secrets.scrubber(),
        )
    })?;
    // The attempt's secrets, for scrubbing: only built when something is shown.
    let secrets = Secrets {
        params,
        credentials: &credentials,
        signature: &signature,
    };
    tracing::debug!(
        method = %request.method,
        url = %secrets.scrubber().display(&redact::url(&request.url)),
        "sending request"
    );
    tracing::trace!(
        headers = ?redact::Headers(&request.headers),
        params = ?params,
        body_len = request.body.len(),
        "request details"
    );
    let started = Instant::now();
    let result = cfg.transport.send(request).await;
    let latency_ms = started.elapsed().as_millis() as u64;
    let span = Span::current();
    span.record("latency_ms", latency_ms);
    let response = result
        .and_then(|r| check_body_len(r.body.len(), Some(cfg.max_response_bytes)).map(|()| r))
        .map_err(|e| {
            let scrub = secrets.scrubber();
            let text = e.to_string();
            tracing::debug!(latency_ms, kind = ?e.kind, error = %scrub.display(&text), "transport error");
            AttemptFailure::Http(e, scrub)
        })?;
    span.record("status", response.status);
    let outcome =
        A::accept(op.action, &response, &secrets).map_err(|e| secrets.scrubber().error(e));
    let request_id = match &outcome {
        Ok(raw) => raw.request_id(),
        Err(e) => e.request_id(),
    };
    if let Some(id) = request_id {
        span.record("request_id", id);
    }
    tracing::debug!(
        status = response.status,
        request_id = request_id.unwrap_or(""),
        latency_ms,
        "response"
    );
    outcome.map_err(AttemptFailure::Answer)
}

/// What one attempt must keep out of what it shows: the secret parameter values, the
/// credentials' secret and token, the signature. The [`Scrubber`] is built from them
/// only when an error or a log line needs it.
pub(crate) struct Secrets<'a> {
    params: &'a Params,
    credentials: &'a Credentials,
    signature: &'a str,
}

impl Secrets<'_> {
    pub(crate) fn scrubber(&self) -> Scrubber {
        Scrubber::for_attempt(self.params, self.credentials, Some(self.signature))
    }
}

/// Records the final attempt count in the error.
fn with_attempts(mut error: Error, attempts: u32) -> Error {
    match &mut error {
        SdkError::Service(s) => s.attempts = attempts,
        SdkError::Transport(t) => t.attempts = attempts,
        SdkError::Timeout(t) => t.attempts = attempts,
        SdkError::Decode(d) => d.attempts = attempts,
        SdkError::Credentials(c) => c.attempts = attempts,
        SdkError::Validation(_) | SdkError::Config(_) => {}
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_v4_and_distinct() {
        let a = new_uuid();
        let b = new_uuid();
        let parsed = uuid::Uuid::parse_str(a.as_str()).unwrap();
        assert_eq!(parsed.get_version_num(), 4);
        assert_eq!(a.as_str().len(), 36);
        assert_ne!(a.as_str(), b.as_str());
    }
}
