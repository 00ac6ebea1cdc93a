//! Parsing the spec's string formats: IPv4 addresses, CIDR blocks (with overlap, for
//! address-pool checks), lists of CIDR blocks and ISO 8601 times.

use std::net::Ipv4Addr;

/// An IPv4 CIDR block: network address and prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    /// The address as written (host bits may be set).
    pub addr: u32,
    /// Prefix length, 0 to 32.
    pub prefix: u8,
}

impl Cidr {
    fn mask(self) -> u32 {
        if self.prefix == 0 {
            0
        } else {
            u32::MAX << (32 - u32::from(self.prefix))
        }
    }

    /// Whether the two blocks share at least one address.
    pub fn overlaps(self, other: Cidr) -> bool {
        let mask = self.mask() & other.mask();
        (self.addr & mask) == (other.addr & mask)
    }
}

/// Parses a dotted-quad IPv4 address (no leading `+`, no spaces).
pub fn parse_ipv4(s: &str) -> Option<Ipv4Addr> {
    s.parse::<Ipv4Addr>().ok()
}

/// Parses `a.b.c.d/n`.
pub fn parse_cidr(s: &str) -> Option<Cidr> {
    let (addr, prefix) = s.split_once('/')?;
    let addr = parse_ipv4(addr)?;
    if prefix.is_empty() || prefix.len() > 2 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let prefix: u8 = prefix.parse().ok()?;
    (prefix <= 32).then_some(Cidr {
        addr: u32::from(addr),
        prefix,
    })
}

/// Parses a comma-separated list of CIDR blocks (at least one).
pub fn parse_cidr_list(s: &str) -> Option<Vec<Cidr>> {
    s.split(',').map(|part| parse_cidr(part.trim())).collect()
}

/// Parses an ISO 8601 / RFC 3339 time such as `2019-09-12T08:00:00Z`.
pub fn parse_date_time(s: &str) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_overlaps() {
        let a = parse_cidr("10.0.0.0/8").unwrap();
        let b = parse_cidr("10.20.0.0/16").unwrap();
        let c = parse_cidr("192.168.0.0/24").unwrap();
        assert!(a.overlaps(b) && b.overlaps(a));
        assert!(!a.overlaps(c));
        assert!(parse_cidr("10.0.0.0/33").is_none());
        assert!(parse_cidr("10.0.0/8").is_none());
        assert!(parse_cidr("10.0.0.0").is_none());
        assert!(parse_cidr_list("1.1.1.0/24, 1.1.2.0/24").is_some());
        assert!(parse_cidr_list("1.1.1.0/24,").is_none());
        assert!(parse_ipv4("300.1.1.1").is_none());
    }
}
