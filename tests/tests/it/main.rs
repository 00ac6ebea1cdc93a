//! End-to-end tests, one test binary: the SDK against the emulator over real HTTP on
//! loopback, one module per area, plus the quickstart binary run as a process.

mod attachment_operations;
mod client_token;
mod credentials;
mod customer_gateway_operations;
mod dry_run;
mod dual_tunnel;
mod errors;
mod examples;
mod gateway_extras;
mod ipsec_operations;
mod ipsec_server_operations;
mod pagination;
mod quickstart;
mod quirks;
mod reliability;
mod route_operations;
mod secrets;
mod signing_props;
mod ssl_vpn_operations;
mod tags;
mod validation;
mod vpn_gateway_operations;
mod waiters;
mod wire_matrix;
mod xml_format;
