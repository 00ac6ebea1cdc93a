//! A local VPN Gateway service emulator.
