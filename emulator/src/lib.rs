//! A local, stateful emulator of the Alibaba Cloud VPN Gateway API (VPC API 2016-04-28,
//! every operation of the spec) speaking the real wire protocol: RPC over GET or POST,
//! signature V1 (HMAC-SHA1) and V3 (ACS3-HMAC-SHA256) verified with the SDK's own signing
//! code, input validated from the same spec the SDK is generated from, operations served
//! by a generic engine from the spec's resources ([`engine`]) plus named hooks for what
//! the data cannot say ([`hooks`]), per-region state, the documented error codes, paging,
//! `ClientToken` replay, an optional strict mode for undeclared parameters, and faults on
//! demand. An STS endpoint on the same port ([`sts`]: `AssumeRole`, `AssumeRoleWithOIDC`)
//! issues temporary credentials, whose `SecurityToken` every signed call must then carry
//! valid.
//!
//! ```no_run
//! # async fn demo() -> Result<(), vpn_emulator::StartError> {
//! use std::time::Duration;
//! use vpn_emulator::{Emulator, FaultRule};
//!
//! let emu = Emulator::builder()
//!     .activation_delay(Duration::ZERO)
//!     .start()
//!     .await?;
//! // Point a client at emu.endpoint() with emu.access_key_id() / emu.access_key_secret().
//! emu.add_fault(FaultRule::throttle("CreateVpnGateway").times(2));
//! let calls = emu.journal();
//! # let _ = calls;
//! emu.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! The standalone binary `vpn-emulator` serves the same thing; its control endpoint
//! (`/_emulator/...`, see [`control`]) offers what the library handle offers.

#![deny(missing_docs)]

pub mod auth;
pub mod config;
pub mod connections;
pub mod control;
pub mod dry_run;
pub mod emulator;
pub mod engine;
pub mod errors;
pub mod faults;
pub mod hooks;
pub mod idempotency;
pub mod ids;
pub mod journal;
pub mod params;
pub mod quirks;
pub mod router;
pub mod seed;
pub mod server;
pub mod shared;
pub mod spec;
pub mod store;
pub mod sts;
pub mod validate;
pub mod xml;

pub use auth::SignatureVersion;
pub use config::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_ACTIVATION_DELAY, Quotas,
};
pub use connections::ConnectionLimits;
pub use emulator::{Builder, Emulator, StartError};
pub use faults::{DropMode, FaultKind, FaultRule};
pub use journal::JournalEntry;
pub use quirks::Quirks;
pub use seed::VpnGatewaySeed;
