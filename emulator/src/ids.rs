//! Identifiers and generated values: resource ids shaped like the service's
//! (`vpn-` + 20 lowercase alphanumerics), upper-case UUID request ids, pre-shared keys,
//! addresses. Drawn from one RNG, seedable for deterministic runs.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const ALNUM_LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// Resource id prefixes.
pub mod prefix {
    /// VPN gateway.
    pub const VPN_GATEWAY: &str = "vpn-";
    /// Customer gateway.
    pub const CUSTOMER_GATEWAY: &str = "cgw-";
    /// IPsec-VPN connection.
    pub const VPN_CONNECTION: &str = "vco-";
    /// SSL-VPN server.
    pub const SSL_VPN_SERVER: &str = "vss-";
    /// SSL-VPN client certificate.
    pub const SSL_VPN_CLIENT_CERT: &str = "vsc-";
    /// VPC (for seeded gateways that name none).
    pub const VPC: &str = "vpc-";
    /// vSwitch.
    pub const VSWITCH: &str = "vsw-";
    /// A tunnel of a dual-tunnel IPsec-VPN connection.
    pub const TUNNEL: &str = "tun-";
}

/// The id and value generator (cloned for a dry run, so that one draws nothing from it).
#[derive(Debug, Clone)]
pub struct Ids {
    rng: StdRng,
}

impl Ids {
    /// A generator seeded with `seed`, or from OS entropy when `None`.
    pub fn new(seed: Option<u64>) -> Self {
        let rng = match seed {
            Some(s) => StdRng::seed_from_u64(s),
            None => StdRng::from_entropy(),
        };
        Self { rng }
    }

    fn chars(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| alphabet[self.rng.gen_range(0..alphabet.len())] as char)
            .collect()
    }

    /// `prefix` + 20 lowercase alphanumerics, e.g. `vpn-bp1q8bgx4xnkm2ogj0ab`.
    pub fn resource_id(&mut self, prefix: &str) -> String {
        format!("{prefix}{}", self.chars(ALNUM_LOWER, 20))
    }

    /// A request id: an upper-case UUID (version 4 layout).
    pub fn request_id(&mut self) -> String {
        let bytes: [u8; 16] = self.rng.r#gen();
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .hyphenated()
            .to_string()
            .to_ascii_uppercase()
    }

    /// A 16-character alphanumeric pre-shared key.
    pub fn psk(&mut self) -> String {
        self.chars(ALNUM, 16)
    }

    /// A public-looking IPv4 address (47.x.y.z).
    pub fn public_ip(&mut self) -> String {
        format!(
            "47.{}.{}.{}",
            self.rng.gen_range(0..=255u8),
            self.rng.gen_range(0..=255u8),
            self.rng.gen_range(1..=254u8)
        )
    }

    /// A private IPv4 address (172.16.x.y).
    pub fn private_ip(&mut self) -> String {
        format!(
            "172.16.{}.{}",
            self.rng.gen_range(0..=255u8),
            self.rng.gen_range(1..=254u8)
        )
    }

    /// A 14-digit order id.
    pub fn order_id(&mut self) -> i64 {
        self.rng.gen_range(10_000_000_000_000..100_000_000_000_000)
    }

    /// A uniform draw in `[0, 1)` (used by the log synthesiser).
    pub fn unit(&mut self) -> f64 {
        self.rng.r#gen()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_ids_have_the_service_shape() {
        let mut ids = Ids::new(Some(1));
        let id = ids.resource_id(prefix::VPN_GATEWAY);
        assert!(id.starts_with("vpn-"));
        assert_eq!(id.len(), 24);
        assert!(
            id[4..]
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
    }

    #[test]
    fn request_ids_are_upper_case_uuids() {
        let mut ids = Ids::new(Some(1));
        let id = ids.request_id();
        assert_eq!(id.len(), 36);
        assert_eq!(id, id.to_ascii_uppercase());
        assert!(uuid::Uuid::parse_str(&id).is_ok());
    }

    #[test]
    fn same_seed_same_ids() {
        let (mut a, mut b) = (Ids::new(Some(7)), Ids::new(Some(7)));
        assert_eq!(a.resource_id("cgw-"), b.resource_id("cgw-"));
        assert_eq!(a.request_id(), b.request_id());
    }
}
