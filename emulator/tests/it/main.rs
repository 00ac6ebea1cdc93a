//! The emulator's own tests, over real HTTP on loopback: requests are signed with the
//! SDK's signing functions and sent with a plain reqwest client.

mod support;

mod auth;
mod binary;
mod connections;
mod control;
mod dry_run;
mod engine;
mod errors;
mod exhaustion;
mod faults;
mod gateway_extras;
mod idempotency;
mod official_parameters;
mod paging;
mod props;
mod quirks;
mod robustness;
mod state_walk;
mod strict;
mod tunnels;
mod xml_format;
