//! The spec diff: what changed between two versions of the spec, and what each change
//! breaks — on the wire for existing clients, and in the Rust API of the generated crate.
//!
//! ```no_run
//! use codegen::diff::{Report, semver::Version};
//! # let (old, new): (codegen::spec::Spec, codegen::spec::Spec) = todo!();
//! let report = Report::new("main", "spec", "0.1.0".parse::<Version>().unwrap(), &old, &new);
//! for f in &report.findings {
//!     println!("{} {} {}", f.severity, f.rule, f.location());
//! }
//! println!("{}", report.summary_line());
//! ```
//!
//! Layers:
//! - [`source`]: turns a command-line argument (directory, file, git revision) into a
//!   loaded [`Spec`];
//! - `compare` (behind [`diff`]): walks both specs and emits [`Finding`]s, each tagged
//!   with a [`Rule`] from the catalogue in [`rules`];
//! - [`report`] and [`semver`]: counts, the largest Rust impact and the suggested version;
//! - [`format`](mod@format): text, Markdown and JSON;
//! - [`cli`]: `cargo xtask diff` without its argument parser.
//!
//! # What is compared
//!
//! Operations (added, removed, read-only, group, idempotency token, pagination), request
//! parameters and response fields — recursively through the structures they use, each
//! change reported at the place an operation uses it, e.g.
//! `DescribeVpnGateways.response.VpnGateways[].CreateTime` (`[]` = a list element) — with
//! type, format, required flag, wire encoding, list wrapper, default, constraints
//! (tightened vs loosened) and secret flag (request-side and response-side usage have
//! different rules); enum values, once per enum at `shapes.<Enum>` with the places
//! operations use the enum ([`Finding::uses`]; a request use gives the request rule);
//! shapes (added, removed, kind, and the members of shapes no operation uses); documented
//! errors; waiters; service-wide facts (API version, endpoints, HTTP methods, signature
//! schemes, common parameters and errors); and documentation (summary, description, notes,
//! examples, titles) as `doc-changed`. Documentation inside shapes is reported once, at the
//! shape. A spec attribute no rule knows about is reported as `unclassified-change`, never
//! silently dropped.
//!
//! # Rust names
//!
//! Messages name the Rust items of the generated crate as the generator names them: both
//! specs are lowered with [`crate::ir::lower`], so `VSwitchId` is
//! `CreateVpnGatewayFluentBuilder::vswitch_id` and `Type` is `r#type`. A removed item is
//! named from the old spec, an added one from the new; a spec the generator refuses is
//! named with the [`crate::naming`] functions.
//!
//! A rename is reported as a removal plus an addition; when the two look alike (same type
//! and a similar name, or the only removal and addition in their parent) both findings
//! carry the same `possible rename` hint.
//!
//! # Severity, wire and Rust impact
//!
//! Every finding has a severity (`breaking` > `warning` > `info`), a wire impact
//! (`breaking` / `compatible`: does an existing client still work against the new
//! service?) and a Rust impact (`major` / `minor` / `patch`: the semver category of the
//! change to the generated crate). The suggested version applies the largest Rust impact
//! to the current crate version with Cargo's `0.x` rule (see [`semver`]).
//!
//! # JSON format (`--format json`, `format_version` 1)
//!
//! ```json
//! {
//!   "format_version": 1,
//!   "old": "main",
//!   "new": ".",
//!   "summary": {
//!     "breaking": 1, "warning": 0, "info": 2, "total": 3,
//!     "rust_impact": "major",
//!     "crate_version": "0.1.0",
//!     "suggested_version": "0.2.0"
//!   },
//!   "findings": [
//!     {
//!       "fingerprint": "f4f5eeb6d7aae013",
//!       "rule": "request-param-removed",
//!       "severity": "breaking",
//!       "wire": "breaking",
//!       "rust": "major",
//!       "operation": "DescribeVpnGateways",
//!       "path": "DescribeVpnGateways.request.BusinessStatus",
//!       "subject": null,
//!       "message": "request parameter `BusinessStatus` (setter `DescribeVpnGatewaysFluentBuilder::business_status`) was removed",
//!       "old": "VpnGatewayBusinessStatus",
//!       "new": null,
//!       "hint": null,
//!       "uses": []
//!     }
//!   ]
//! }
//! ```
//!
//! Every key is always present (`null` when empty). `rust_impact` is `null` when there
//! are no findings. Findings are sorted by severity (breaking first), then group (the
//! operation, or `service` / `shapes`), path, rule id and subject. `severity` is one of
//! `breaking`, `warning`, `info`; `wire` one of `breaking`, `compatible`; `rust` one of
//! `major`, `minor`, `patch`. `operation` is the operation the finding belongs to (for a
//! waiter: the operation it polls), `null` for service- and shape-level findings.
//! `subject` names the item within `path` when a path holds several (an enum value, an
//! error code, an endpoint region, a documentation field such as `description`).
//! `uses` lists, for a finding reported once per shape (an enum value), each place an
//! operation uses the shape: `operation`, `side` (`request` / `response`), `path` and
//! `rust` (the setter or field there); it is `[]` for other findings.
//! `fingerprint` is the first 16 hex digits of SHA-256 over `rule`, `path` and `subject`
//! (newline-separated): stable across runs and message rewording, usable to approve a
//! known finding. New keys may be added without bumping `format_version`; renaming or
//! removing a key, or changing a value's meaning, bumps it.

pub mod cli;
mod compare;
pub mod finding;
pub mod format;
pub mod report;
pub mod rules;
pub mod semver;
pub mod source;

pub use finding::{Finding, UseSide, UseSite};
pub use format::{OutputFormat, render};
pub use report::Report;
pub use rules::{Rule, RustImpact, Severity, Wire};

use crate::spec::Spec;

/// Compares two specs: every finding, in canonical order.
pub fn diff(old: &Spec, new: &Spec) -> Vec<Finding> {
    compare::compare(old, new)
}
