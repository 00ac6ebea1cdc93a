//! Where requests go.
//!
//! Resolution order:
//! 1. an explicit endpoint (config, or `ALIBABA_CLOUD_VPC_ENDPOINT`): used for every
//!    call whatever its region;
//! 2. the per-region map ([`REGIONAL_ENDPOINTS`]; `cn-hangzhou` and the other regions of
//!    the spec's `endpoints.regional` use `vpc.aliyuncs.com`);
//! 3. the pattern `vpc.<region>.aliyuncs.com`.
//!
//! The region for steps 2 and 3 is the call's `RegionId` (which the client fills from
//! its configured region when the caller leaves it unset). Endpoints are HTTPS unless
//! the URL says `http://`.

use std::fmt;

use crate::error::ConfigError;

/// Regions whose endpoint is not `vpc.<region>.aliyuncs.com` (from the spec's
/// `service.endpoints.regional`).
pub const REGIONAL_ENDPOINTS: &[(&str, &str)] = &[
    ("ap-southeast-1", "vpc.aliyuncs.com"),
    ("cn-beijing", "vpc.aliyuncs.com"),
    ("cn-hangzhou", "vpc.aliyuncs.com"),
    ("cn-hongkong", "vpc.aliyuncs.com"),
    ("cn-qingdao", "vpc.aliyuncs.com"),
    ("cn-shanghai", "vpc.aliyuncs.com"),
    ("cn-shenzhen", "vpc.aliyuncs.com"),
    ("us-east-1", "vpc.aliyuncs.com"),
    ("us-west-1", "vpc.aliyuncs.com"),
];

/// A parsed endpoint: scheme, authority (host and port) and base path.
#[derive(Clone, PartialEq, Eq)]
pub struct Endpoint {
    scheme: &'static str,
    authority: String,
    path: String,
}

impl Endpoint {
    /// Parses an endpoint: a bare host (`vpc.aliyuncs.com`, HTTPS), a host and port, or
    /// an `http://` / `https://` URL with an optional path. A query or fragment, user
    /// info or another scheme is a [`ConfigError`].
    pub fn parse(endpoint: &str) -> Result<Self, ConfigError> {
        let raw = endpoint.trim();
        let bad = |why: &str| ConfigError::new(format!("endpoint `{raw}`: {why}"));
        if raw.is_empty() {
            return Err(bad("is empty"));
        }
        let with_scheme = if raw.contains("://") {
            raw.to_string()
        } else {
            format!("https://{raw}")
        };
        let uri: http::Uri = with_scheme.parse().map_err(|e| bad(&format!("{e}")))?;
        let scheme = match uri.scheme_str().map(str::to_ascii_lowercase).as_deref() {
            Some("https") => "https",
            Some("http") => "http",
            Some(other) => return Err(bad(&format!("scheme `{other}` is not http or https"))),
            None => return Err(bad("has no scheme")),
        };
        // `http::Uri` keeps a fragment out of every component: look at the text itself.
        if uri.query().is_some() || raw.contains('#') {
            return Err(bad("must not have a query or fragment"));
        }
        let authority = uri.authority().ok_or_else(|| bad("has no host"))?;
        if authority.as_str().contains('@') {
            return Err(bad("must not contain user info"));
        }
        let host = authority.host().to_ascii_lowercase();
        if host.is_empty() {
            return Err(bad("has no host"));
        }
        let default_port = if scheme == "https" { 443 } else { 80 };
        let authority = match authority.port_u16() {
            Some(port) if port != default_port => format!("{host}:{port}"),
            _ => host,
        };
        let path = match uri.path() {
            "" => "/".to_string(),
            p => p.to_string(),
        };
        Ok(Self {
            scheme,
            authority,
            path,
        })
    }

    /// The endpoint of `region`: the per-region map, else `vpc.<region>.aliyuncs.com`,
    /// over HTTPS. A region that is not a plain region id (`[a-z0-9-]`) is an error.
    pub fn for_region(region: &str) -> Result<Self, ConfigError> {
        Ok(Self {
            scheme: "https",
            authority: host_for_region(region)?,
            path: "/".to_string(),
        })
    }

    /// `http` or `https`.
    pub fn scheme(&self) -> &str {
        self.scheme
    }

    /// Host, with the port when one was given (the `Host` header value).
    pub fn authority(&self) -> &str {
        &self.authority
    }

    /// The path requests are sent to (`/` unless the endpoint URL had one).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The base URL, `scheme://authority/path`.
    pub fn url(&self) -> String {
        format!("{}://{}{}", self.scheme, self.authority, self.path)
    }
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Endpoint({})", self.url())
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url())
    }
}

/// The host of `region`: from [`REGIONAL_ENDPOINTS`], else `vpc.<region>.aliyuncs.com`.
pub fn host_for_region(region: &str) -> Result<String, ConfigError> {
    let valid = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        return Err(ConfigError::new(format!(
            "region `{region}` is not a valid region id (lower-case letters, digits and `-`)"
        )));
    }
    Ok(REGIONAL_ENDPOINTS
        .iter()
        .find(|(r, _)| *r == region)
        .map(|(_, h)| (*h).to_string())
        .unwrap_or_else(|| format!("vpc.{region}.aliyuncs.com")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapped_regions_use_the_central_endpoint() {
        assert_eq!(host_for_region("cn-hangzhou").unwrap(), "vpc.aliyuncs.com");
        assert_eq!(host_for_region("us-west-1").unwrap(), "vpc.aliyuncs.com");
    }

    #[test]
    fn other_regions_use_the_pattern() {
        assert_eq!(
            host_for_region("ap-south-1").unwrap(),
            "vpc.ap-south-1.aliyuncs.com"
        );
        assert_eq!(
            Endpoint::for_region("eu-central-1").unwrap().url(),
            "https://vpc.eu-central-1.aliyuncs.com/"
        );
    }

    #[test]
    fn odd_region_ids_are_rejected() {
        assert!(host_for_region("").is_err());
        assert!(host_for_region("evil.com/x").is_err());
        assert!(host_for_region("CN-HANGZHOU").is_err());
    }

    #[test]
    fn endpoints_parse_with_and_without_scheme() {
        let e = Endpoint::parse("vpc.aliyuncs.com").unwrap();
        assert_eq!(e.url(), "https://vpc.aliyuncs.com/");
        let e = Endpoint::parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(
            (e.scheme(), e.authority(), e.path()),
            ("http", "127.0.0.1:8080", "/")
        );
        let e = Endpoint::parse("https://example.com:443/api/").unwrap();
        assert_eq!(e.authority(), "example.com");
        assert_eq!(e.path(), "/api/");
        let e = Endpoint::parse("http://[::1]:9000").unwrap();
        assert_eq!(e.authority(), "[::1]:9000");
    }

    #[test]
    fn bad_endpoints_are_config_errors() {
        for bad in ["", "ftp://x", "https://x/?a=b", "https://u:p@x", "http://"] {
            assert!(Endpoint::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn region_map_matches_the_spec() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/service.json");
        let Ok(text) = std::fs::read_to_string(path) else {
            return; // the crate is built outside the workspace
        };
        let spec: serde_json::Value = serde_json::from_str(&text).unwrap();
        let regional = spec["service"]["endpoints"]["regional"]
            .as_object()
            .expect("service.endpoints.regional");
        let mut from_spec: Vec<(String, String)> = regional
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
            .collect();
        from_spec.sort();
        let ours: Vec<(String, String)> = REGIONAL_ENDPOINTS
            .iter()
            .map(|(r, h)| (r.to_string(), h.to_string()))
            .collect();
        assert_eq!(
            ours, from_spec,
            "update REGIONAL_ENDPOINTS from spec/service.json"
        );
        assert_eq!(
            spec["service"]["endpoints"]["pattern"].as_str(),
            Some("vpc.{region}.aliyuncs.com")
        );
    }
}
