//! Rust SDK for the Alibaba Cloud VPN Gateway API (VPC API version 2016-04-28).
//!
//! (Crate docs with the quickstart are filled in as the SDK lands.)

pub mod client;
pub mod decode;
pub mod error;
pub mod operation;
pub mod params;
pub mod validate;

pub use client::Client;
pub use error::{Error, SdkError, ServiceError};
