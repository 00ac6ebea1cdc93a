//! One reported change ([`Finding`]), its stable fingerprint and its canonical order.

use std::cmp::Ordering;
use std::fmt;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diff::rules::{Rule, RustImpact, Severity, Wire};

/// One change between two specs.
///
/// Created with the rule's default impacts ([`Finding::new`]); the differ overrides them
/// where the rule says they vary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Which kind of change this is.
    pub rule: Rule,
    /// How loud it is.
    pub severity: Severity,
    /// Effect on existing clients talking to the new service.
    pub wire: Wire,
    /// Effect on the Rust API of the generated crate.
    pub rust: RustImpact,
    /// The operation the change belongs to (for waiters: the operation they poll), if any.
    pub operation: Option<String>,
    /// Where the change is: `DescribeVpnGateways.response.VpnGateways[].Status`,
    /// `CreateVpnGateway.errors[Resource.QuotaFull]`, `shapes.Tag`, `waiters.X`,
    /// `service.endpoints.regional`... `[]` marks a list element.
    pub path: String,
    /// The item at `path` the change is about, when there can be several: an enum value,
    /// an endpoint region, a documentation field (`description`, `notes`...).
    pub subject: Option<String>,
    /// One-line English explanation.
    pub message: String,
    /// The old value, when there is one to show.
    pub old: Option<String>,
    /// The new value, when there is one to show.
    pub new: Option<String>,
    /// A reviewer hint, e.g. a possible rename.
    pub hint: Option<String>,
    /// Where operations use the shape the finding is about, for a change reported once
    /// per shape (an enum value); empty otherwise.
    pub uses: Vec<UseSite>,
}

/// The side of an operation a [`UseSite`] is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UseSide {
    /// Sent in a request (a parameter, or inside one).
    Request,
    /// Received in a response (a field, or inside one).
    Response,
}

impl UseSide {
    /// `request` or `response`.
    pub fn as_str(self) -> &'static str {
        match self {
            UseSide::Request => "request",
            UseSide::Response => "response",
        }
    }
}

impl fmt::Display for UseSide {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One place where an operation uses a shape: a request parameter, a response field, or a
/// member of a structure inside one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct UseSite {
    /// The operation.
    pub operation: String,
    /// Request or response.
    pub side: UseSide,
    /// The member's path, as in [`Finding::path`]:
    /// `DescribeVpnGateways.response.VpnGateways[].Status`.
    pub path: String,
    /// The Rust item the generated crate has there: a setter
    /// (`DescribeVpnGatewaysFluentBuilder::status`), an output field
    /// (`DescribeVpnGatewayOutput::status`) or a structure field
    /// (`types::VpnGateway::status`).
    pub rust: String,
}

impl Finding {
    /// A finding with the rule's default severity and impacts.
    pub fn new(
        rule: Rule,
        operation: Option<&str>,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            rule,
            severity: rule.severity(),
            wire: rule.wire(),
            rust: rule.rust(),
            operation: operation.map(str::to_string),
            path: path.into(),
            subject: None,
            message: message.into(),
            old: None,
            new: None,
            hint: None,
            uses: Vec::new(),
        }
    }

    /// Sets the use sites.
    pub fn uses(mut self, uses: Vec<UseSite>) -> Self {
        self.uses = uses;
        self
    }

    /// Sets the subject.
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Sets the old and new values.
    pub fn values(mut self, old: Option<String>, new: Option<String>) -> Self {
        self.old = old;
        self.new = new;
        self
    }

    /// Overrides the severity.
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Overrides the wire impact.
    pub fn wire(mut self, wire: Wire) -> Self {
        self.wire = wire;
        self
    }

    /// Overrides the Rust impact.
    pub fn rust(mut self, rust: RustImpact) -> Self {
        self.rust = rust;
        self
    }

    /// A stable identifier: the first 16 hex digits of the SHA-256 of
    /// `rule id \n path \n subject`. It does not depend on the message wording, the
    /// impacts or the order of findings, so it survives re-runs and rewording, and can be
    /// used to approve a known finding.
    pub fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.rule.id().as_bytes());
        h.update(b"\n");
        h.update(self.path.as_bytes());
        h.update(b"\n");
        h.update(self.subject.as_deref().unwrap_or("").as_bytes());
        h.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The group a finding is listed under: its operation, or the first path segment
    /// (`service`, `shapes`, `waiters`).
    pub fn group(&self) -> &str {
        match &self.operation {
            Some(op) => op,
            None => self.path.split('.').next().unwrap_or(""),
        }
    }

    /// `path`, plus `: subject` when there is a subject.
    pub fn location(&self) -> String {
        match &self.subject {
            Some(s) => format!("{}: {s}", self.path),
            None => self.path.clone(),
        }
    }
}

/// The canonical order: loudest first, then by group, path, rule id and subject.
pub fn canonical_order(a: &Finding, b: &Finding) -> Ordering {
    b.severity
        .cmp(&a.severity)
        .then_with(|| a.group().cmp(b.group()))
        .then_with(|| a.path.cmp(&b.path))
        .then_with(|| a.rule.id().cmp(b.rule.id()))
        .then_with(|| a.subject.cmp(&b.subject))
        .then_with(|| a.message.cmp(&b.message))
}
