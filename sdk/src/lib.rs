//! Rust SDK for the Alibaba Cloud VPN Gateway API.
