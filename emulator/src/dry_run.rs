//! Dry runs, from the spec's data: an operation whose `dry_run` member (`DryRun`) is
//! sent `true` is served in full on scratch copies of the state, so every check runs
//! (validation, not-found, guards, references, quotas and the other `before` hooks), and
//! is then answered with the service's dry-run error (`service.dry_run_error`,
//! `DryRunOperation`) instead of the answer. The copies are dropped: no record is stored,
//! changed or removed, the ids it would have generated are not taken from the generator,
//! and the `ClientToken` is neither looked up nor remembered. A check that fails answers
//! its own error, as it would without the flag.

use serde_json::Value;
use vpn_spec::{Operation, Spec};

use crate::errors::ApiError;
use crate::params::Params;

/// The code that answers this request's dry run, when the validated request asks for
/// one: the operation names a dry-run member, it was sent `true`, and the service names
/// its dry-run error (spec validation makes sure it does).
pub fn requested<'s>(spec: &'s Spec, op: &Operation, params: &Params) -> Option<&'s str> {
    let flag = op.dry_run.as_deref()?;
    if params.values.get(flag).and_then(Value::as_bool) != Some(true) {
        return None;
    }
    spec.service.dry_run_error.as_deref()
}

/// The answer to a dry run whose checks all passed: the dry-run error `code`, with its
/// documented status and message.
pub fn passed(spec: &Spec, action: &str, code: &str) -> ApiError {
    ApiError::documented(spec, Some(action), code)
}
