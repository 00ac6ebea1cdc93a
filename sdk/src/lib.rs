//! Rust SDK for the Alibaba Cloud VPN Gateway API (VPC API version 2016-04-28): VPN
//! gateways, customer gateways, VPN routes, IPsec-VPN connections and SSL-VPN, every operation
//! generated from the JSON spec in the repository's `spec/` directory.
//!
//! # Quickstart
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = alibabacloud_vpn::Client::from_env()?; // credentials, region, endpoint from the environment
//! let page = client.describe_vpn_gateways().vpc_id("vpc-bp1ublyt9cvakoelj****").send().await?;
//! for gateway in &page.vpn_gateways {
//!     println!("{:?} {:?}", gateway.vpn_gateway_id, gateway.status);
//! }
//! # Ok(()) }
//! ```
//!
//! Every operation is a method on [`Client`] returning a fluent builder; `send()` validates
//! the input (before any I/O), signs, sends with retries, and decodes the answer leniently
//! into the operation's output type. Inputs can also be built whole and sent with
//! [`Client::send`].
//!
//! # What is checked before sending
//!
//! The SDK refuses a request only where the service would, and says which parameter is
//! wrong ([`SdkError::Validation`] with an [`error::ValidationError`]):
//!
//! * **Required parameters** are always checked (by an input builder's `build()` too);
//!   the types state the rest of a request's shape.
//! * **Value rules** (allowed values and ranges, lengths, patterns, forbidden prefixes)
//!   are checked when sending. The spec keeps a value rule only where it is current:
//!   stated by the service's own model (the spec's upstream audit compares them in CI) or
//!   re-confirmed against the service. [`ClientBuilder::value_checks(false)`](config::ClientBuilder::value_checks)
//!   turns them off, leaving every value to the service.
//! * **Enums are open**: each enum has an `Unknown(String)` variant, so a request can
//!   carry a value this SDK does not know yet, and an answer with one decodes.
//!
//! # Configuration
//!
//! [`Client::builder`] sets everything explicitly; [`Client::from_env`] reads the
//! environment like Alibaba's official SDKs:
//!
//! | what | where from |
//! |---|---|
//! | credentials | [`credentials::DefaultCredentialsChain`], in the official SDKs' order: `ALIBABA_CLOUD_ACCESS_KEY_ID` / `_SECRET` / `ALIBABA_CLOUD_SECURITY_TOKEN`; OIDC role assumption (`ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`, `ALIBABA_CLOUD_OIDC_TOKEN_FILE`, as on Kubernetes); the CLI profile `~/.aliyun/config.json` (every mode: `AK`, `StsToken`, `RamRoleArn`, `ChainableRamRoleArn`, `EcsRamRole`, `OIDC`, `CredentialsURI`); `~/.alibabacloud/credentials`; the ECS RAM role (instance metadata); `ALIBABA_CLOUD_CREDENTIALS_URI`. Temporary credentials are refreshed before they expire, one refresh shared by concurrent calls. |
//! | region | `ALIBABA_CLOUD_REGION_ID`, else the CLI profile's `region_id` |
//! | endpoint | `ALIBABA_CLOUD_VPC_ENDPOINT`, else the region map (`vpc.aliyuncs.com` for `cn-hangzhou`), else `vpc.<region>.aliyuncs.com` |
//! | signature | `ALIBABA_CLOUD_SIGNATURE_VERSION=v1` (HMAC-SHA1, default) or `v3` (ACS3-HMAC-SHA256) |
//!
//! ```no_run
//! use std::time::Duration;
//! use alibabacloud_vpn::config::{SignatureVersion, Timeouts};
//! use alibabacloud_vpn::{Client, Credentials};
//!
//! # fn build() -> Result<Client, alibabacloud_vpn::error::ConfigError> {
//! let client = Client::builder()
//!     .region_id("cn-shanghai")
//!     .credentials(Credentials::new("LTAI...", "secret"))
//!     .signature_version(SignatureVersion::V3)
//!     .timeouts(Timeouts::new().with_operation(Duration::from_secs(30)))
//!     .build()?;
//! # Ok(client) }
//! ```
//!
//! Role assumption on top of any credentials is
//! `credentials::RamRoleArnProvider` (STS `AssumeRole`: session name, duration, policy,
//! external id).
//!
//! # Errors
//!
//! Every call returns [`SdkError`]`<E>`, where `E` is the operation's error enum (for
//! example [`operation::describe_vpn_gateway::DescribeVpnGatewayError`]) with one variant
//! per documented code and `Unhandled` for the rest. The other kinds are validation,
//! configuration, credentials, transport, timeout and decoding errors. `Display` shows the
//! code, message, request id, HTTP status and the number of attempts; an error chain
//! (`source()`) prints each message once.
//!
//! ```no_run
//! use alibabacloud_vpn::operation::describe_vpn_gateway::DescribeVpnGatewayError;
//!
//! # async fn run(client: alibabacloud_vpn::Client) -> Result<(), alibabacloud_vpn::Error> {
//! match client.describe_vpn_gateway().vpn_gateway_id("vpn-bp1q8bgx4xnkm2ogj****").send().await {
//!     Ok(gateway) => println!("status: {:?}", gateway.status),
//!     Err(err) => match err.into_service_error() {
//!         Ok(DescribeVpnGatewayError::InvalidVpnGatewayInstanceIdNotFound(e)) => {
//!             println!("no such gateway (request {:?})", e.request_id());
//!         }
//!         Ok(other) if other.is_throttling() => println!("slow down: {other}"),
//!         Ok(other) => return Err(alibabacloud_vpn::SdkError::Service(other).into_generic()),
//!         Err(err) => return Err(err.into_generic()), // transport, timeout, credentials...
//!     },
//! }
//! # Ok(()) }
//! ```
//!
//! `err.code()`, `err.message()`, `err.request_id()`, `err.is_throttling()` and
//! `err.is_not_found()` answer the usual questions without matching.
//!
//! # Cargo features
//!
//! | feature | default | what |
//! |---|---|---|
//! | `rustls` | yes | HTTPS through rustls (the bundled reqwest transport) |
//! | `native-tls` | no | HTTPS through the platform's TLS library instead |
//! | `reqwest` | with either TLS feature | the bundled transport (plain HTTP on its own) |
//! | `ecs` | yes | credentials of the ECS instance's RAM role |
//! | `sts` | yes | role assumption: `RamRoleArnProvider`, `OidcRoleArnProvider`, the CLI's role modes |
//! | `credentials-uri` | yes | credentials from `ALIBABA_CLOUD_CREDENTIALS_URI` |
//! | `test-util` | no | `test_util`: a stub transport for tests without a server |
//!
//! `default-features = false` leaves no HTTP client and no TLS stack at all: bring your
//! own [`transport::HttpTransport`] with [`ClientBuilder::transport`]. Credentials then
//! come from the environment, the CLI profile's keys, the credentials file's keys, or
//! your own [`credentials::ProvideCredentials`].
//!
//! # Retries, pagination, waiters
//!
//! Throttling, transient 5xx answers (500, 502, 503, 504; never `501`) and transport
//! failures are retried (3 attempts, exponential backoff with jitter; see
//! [`retry::RetryConfig`]); mutating operations are retried only with their idempotency
//! token (`ClientToken`), which the client fills once per call. Retries draw from a
//! client-wide quota, so a service that is down costs about one attempt per call; an
//! opt-in adaptive mode also paces sending after throttling. Answers longer than
//! [`ClientBuilder::max_response_bytes`] (4 MiB by default) fail while they stream.
//! Paginated operations have `into_paginator()` (see [`paginate`]); the spec's waiters
//! are client methods such as `wait_until_vpn_gateway_active` (see [`waiter`]).
//!
//! # Testing your code offline
//!
//! The repository's `vpn-emulator` crate is a local, stateful VPN Gateway service speaking
//! the real protocol: point [`ClientBuilder::endpoint`] at it.

#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod client;
pub mod config;
pub mod credentials;
#[doc(hidden)] // a seam of the generated code, not part of the API
pub mod decode;
pub mod endpoint;
pub mod env;
pub mod error;
#[rustfmt::skip] // formatted by the generator (prettyplease); see `cargo xtask codegen`
mod generated;
pub mod operation;
mod orchestrator;
pub mod paginate;
#[doc(hidden)] // a seam of the generated code, not part of the API
pub mod params;
#[doc(hidden)] // a seam of the generated code, not part of the API
pub mod redact;
mod request;
mod response;
pub mod retry;
mod scrub;
pub mod sign;
#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub mod test_util;
pub mod time;
mod timefmt;
pub mod transport;
mod unhandled;
#[doc(hidden)] // a seam of the generated code, not part of the API
pub mod validate;
pub mod waiter;

pub use client::Client;
pub use config::{ClientBuilder, Config};
pub use credentials::Credentials;
pub use error::{Error, SdkError, ServiceError};
pub use generated::types;

/// The generator's snapshot output for its mini fixture spec, compiled here (with
/// `crate::` runtime paths) so that the checked-in expected output is itself valid code.
#[cfg(test)]
#[allow(dead_code, unused_imports)]
#[rustfmt::skip]
#[path = "../../codegen/tests/snapshots/mini/mod.rs"]
mod mini_snapshot;
#[cfg(test)]
mod decode_props;
#[cfg(test)]
mod snapshot_tests;
