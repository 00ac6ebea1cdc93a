//! The crate version and the version bump a set of findings calls for.
//!
//! Cargo's rules for `0.x` crates apply: in `0.y.z` the `y` digit plays the major role, so
//! a major change bumps `y` (`0.1.3 -> 0.2.0`) and a minor or patch change bumps `z`
//! (`0.1.3 -> 0.1.4`); in `0.0.z` every change bumps `z`. From `1.0.0` on, the digits mean
//! what they say.

use std::fmt;
use std::str::FromStr;

use crate::diff::rules::RustImpact;

/// A `MAJOR.MINOR.PATCH` version (a pre-release or build suffix is kept for display but
/// dropped by [`Version::bump`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// The first digit.
    pub major: u64,
    /// The second digit.
    pub minor: u64,
    /// The third digit.
    pub patch: u64,
    /// Anything after the three digits (`-alpha.1`, `+build`), verbatim.
    pub suffix: String,
}

impl FromStr for Version {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let end = s.find(['-', '+']).unwrap_or(s.len());
        let (core, suffix) = s.split_at(end);
        let parts: Vec<&str> = core.split('.').collect();
        let bad = || format!("`{s}` is not a MAJOR.MINOR.PATCH version");
        if parts.len() != 3 {
            return Err(bad());
        }
        let n = |p: &str| p.parse::<u64>().map_err(|_| bad());
        Ok(Version {
            major: n(parts[0])?,
            minor: n(parts[1])?,
            patch: n(parts[2])?,
            suffix: suffix.to_string(),
        })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}.{}{}",
            self.major, self.minor, self.patch, self.suffix
        )
    }
}

impl Version {
    /// The next version for a change of the given impact (see the module documentation).
    pub fn bump(&self, impact: RustImpact) -> Version {
        let (major, minor, patch) = (self.major, self.minor, self.patch);
        let (major, minor, patch) = match (major, minor, impact) {
            (0, 0, _) => (0, 0, patch + 1),
            (0, _, RustImpact::Major) => (0, minor + 1, 0),
            (0, _, _) => (0, minor, patch + 1),
            (_, _, RustImpact::Major) => (major + 1, 0, 0),
            (_, _, RustImpact::Minor) => (major, minor + 1, 0),
            (_, _, RustImpact::Patch) => (major, minor, patch + 1),
        };
        Version {
            major,
            minor,
            patch,
            suffix: String::new(),
        }
    }
}

/// Reads `version = "..."` from the `[package]` section of a `Cargo.toml` text.
pub fn version_from_manifest(manifest: &str) -> Result<Version, String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        if !in_package {
            continue;
        }
        if let Some(rest) = line.strip_prefix("version") {
            let rest = rest.trim_start();
            if let Some(value) = rest.strip_prefix('=') {
                let value = value.trim();
                if let Some(v) = value.strip_prefix('"').and_then(|v| v.split('"').next()) {
                    return v.parse();
                }
                return Err(format!(
                    "the package version is not a plain string: `{value}`"
                ));
            }
        }
    }
    Err("no `version` in the [package] section".to_string())
}
