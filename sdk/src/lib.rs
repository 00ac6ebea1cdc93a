//! Rust SDK for the Alibaba Cloud VPN Gateway API (VPC API version 2016-04-28).
//!
//! (Crate docs with the quickstart are filled in as the SDK lands.)

pub mod client;
pub mod config;
pub mod credentials;
pub mod decode;
pub mod endpoint;
pub mod env;
pub mod error;
#[rustfmt::skip] // formatted by the generator (prettyplease); see `cargo xtask codegen`
mod generated;
pub mod operation;
pub mod paginate;
pub mod params;
pub mod redact;
mod request;
mod response;
pub mod retry;
pub mod sign;
pub mod time;
mod timefmt;
pub mod transport;
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
mod snapshot_tests;
