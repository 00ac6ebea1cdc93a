//! A diff's result: the findings plus what is needed to summarise them.

use crate::diff::compare::compare;
use crate::diff::finding::Finding;
use crate::diff::rules::{RustImpact, Severity};
use crate::diff::semver::Version;
use crate::spec::Spec;

/// The findings of one comparison, with the labels of both sides and the crate version
/// the suggested bump starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// How the old spec was named on the command line (`main`, `spec`, ...).
    pub old_label: String,
    /// How the new spec was named.
    pub new_label: String,
    /// The current version of the generated crate.
    pub crate_version: Version,
    /// Every finding, in canonical order (see [`crate::diff::finding::canonical_order`]).
    pub findings: Vec<Finding>,
}

impl Report {
    /// Compares two specs.
    pub fn new(
        old_label: impl Into<String>,
        new_label: impl Into<String>,
        crate_version: Version,
        old: &Spec,
        new: &Spec,
    ) -> Self {
        Report {
            old_label: old_label.into(),
            new_label: new_label.into(),
            crate_version,
            findings: compare(old, new),
        }
    }

    /// How many findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// The largest Rust impact, or `None` when nothing changed.
    pub fn rust_impact(&self) -> Option<RustImpact> {
        self.findings.iter().map(|f| f.rust).max()
    }

    /// The version to release after this change (the current one when nothing changed).
    pub fn suggested_version(&self) -> Version {
        match self.rust_impact() {
            Some(impact) => self.crate_version.bump(impact),
            None => self.crate_version.clone(),
        }
    }

    /// Whether some finding is at or above `threshold` (what `--fail-on` checks).
    pub fn fails(&self, threshold: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= threshold)
    }

    /// `1 breaking, 0 warning, 3 info; Rust impact: major; suggested version: 0.1.0 -> 0.2.0`.
    pub fn summary_line(&self) -> String {
        if self.findings.is_empty() {
            return format!(
                "no changes; suggested version: {} (unchanged)",
                self.crate_version
            );
        }
        format!(
            "{} breaking, {} warning, {} info; Rust impact: {}; suggested version: {} -> {}",
            self.count(Severity::Breaking),
            self.count(Severity::Warning),
            self.count(Severity::Info),
            self.rust_impact().map_or("none", RustImpact::as_str),
            self.crate_version,
            self.suggested_version()
        )
    }
}
