//! The request path of one call, one owner per decision (after the aws-sdk-rust
//! orchestrator):
//!
//! | decision | owner |
//! |---|---|
//! | the input is valid | [`send`]: `Operation::validate`, once (not again by the fluent builder) |
//! | the region and idempotency token are set | [`prepare`], once, before the first attempt; the region parameter's name is the spec's (`REGION_PARAMETER`, generated) |
//! | where the call goes | [`endpoint_for`] |
//! | attempts, timeouts, waits | [`attempts::run`] |
//! | whether a failure is retried | [`crate::retry::classify::classify`], and the client-wide quota |
//! | the signed request and its signature | `request::build` |
//! | the `<Action>Response` envelope | `response::strip_envelope`, for success and error answers alike |
//! | the typed output | `response::decode`, in the attempt: the body straight into the output, a parsed tree only to explain a failure |

mod attempts;

use std::borrow::Cow;

use tracing::Instrument;
use tracing::field::Empty;

use crate::Client;
use crate::config::Config;
use crate::endpoint::Endpoint;
use crate::error::{ConfigError, Error, SdkError, ValidationError, ValidationRule};
use crate::generated::REGION_PARAMETER;
use crate::operation::{Operation, OperationMeta, RawResponse};
use crate::params::Params;

pub(crate) use attempts::AttemptFailure;

/// Sends one operation input: validates it (the only validation of the call), turns it
/// into parameters, runs the attempts and decodes the answer.
pub(crate) async fn send<O: Operation>(
    client: &Client,
    input: O,
) -> Result<O::Output, SdkError<O::Error>> {
    input.validate(client.config().checks())?;
    let typed: attempts::Typed<O::Output> = run(
        client,
        &O::META,
        input.to_params(),
        O::REQUIRED_REGION.is_some(),
    )
    .await
    .map_err(|e| e.map_service(O::Error::from))?;
    typed.output.map_err(SdkError::Decode)
}

/// Prepares and sends operation parameters that are already valid: the region and
/// idempotency token are filled once, then the attempts run. `region_required`: the
/// operation needs the region parameter, so a call without it (and without a client
/// region) fails validation.
// `Error` is the seam's public error type; boxing it here would only move the cost.
#[allow(clippy::result_large_err)]
pub(crate) async fn invoke(
    client: &Client,
    op: &OperationMeta,
    params: Params,
    region_required: bool,
) -> Result<RawResponse, Error> {
    run(client, op, params, region_required).await
}

/// [`invoke`], for an answer accepted as `A`.
#[allow(clippy::result_large_err)]
async fn run<A: attempts::Accept>(
    client: &Client,
    op: &OperationMeta,
    mut params: Params,
    region_required: bool,
) -> Result<A, Error> {
    let cfg = client.config();
    prepare(cfg, op, &mut params, region_required)?;
    let endpoint = endpoint_for(cfg, &params)?;
    let span = tracing::info_span!(
        "alibabacloud_vpn.operation",
        action = op.action,
        region = params.get(REGION_PARAMETER).unwrap_or(""),
        attempts = Empty,
    );
    attempts::run(cfg, op, &params, &endpoint)
        .instrument(span)
        .await
}

/// Fills what the caller left unset, once, before the first attempt (so that every
/// attempt sends the same values): the region from the client's, and the idempotency
/// token with a fresh UUID v4.
#[allow(clippy::result_large_err)]
fn prepare(
    cfg: &Config,
    op: &OperationMeta,
    params: &mut Params,
    region_required: bool,
) -> Result<(), Error> {
    if !params.contains(REGION_PARAMETER) {
        match cfg.region_id() {
            Some(region) => params.insert(REGION_PARAMETER, region),
            None if region_required => {
                return Err(ValidationError::new(REGION_PARAMETER, ValidationRule::Missing).into());
            }
            None => {}
        }
    }
    if let Some(token) = op.idempotency_token.filter(|t| !params.contains(t)) {
        params.insert(token, attempts::new_uuid().as_str());
    }
    Ok(())
}

/// The endpoint a call with these parameters goes to: the configured one, else the
/// region's.
#[allow(clippy::result_large_err)]
fn endpoint_for<'a>(cfg: &'a Config, params: &Params) -> Result<Cow<'a, Endpoint>, Error> {
    if let Some(e) = cfg.endpoint() {
        return Ok(Cow::Borrowed(e));
    }
    match params.get(REGION_PARAMETER) {
        Some(region) => Endpoint::for_region(region)
            .map(Cow::Owned)
            .map_err(SdkError::Config),
        None => Err(SdkError::Config(ConfigError::new(format!(
            "no region: set {REGION_PARAMETER} on the request, a region on the client \
             (builder `region_id`, ALIBABA_CLOUD_REGION_ID or the CLI profile's \
             region_id), or an explicit endpoint"
        )))),
    }
}
