//! The spec's upstream: the official model's snapshot ([`snapshot`]), the audit of the
//! spec against it ([`audit`], [`baseline`], [`report`]), and the importer of operations
//! the spec lacks ([`import`]). `cargo xtask spec audit` and `cargo xtask spec import` are
//! thin command lines over these; `spec/upstream/README.md` explains them.

pub mod audit;
pub mod baseline;
pub mod import;
pub mod report;
pub mod snapshot;

use std::path::Path;

use vpn_spec::Spec;

/// Audits `spec` against the snapshot and classifies the findings against the baseline
/// file at `baseline` (missing: empty).
pub fn run_audit(
    spec: &Spec,
    snapshot: &snapshot::Snapshot,
    baseline: &Path,
) -> Result<report::Report, String> {
    let baseline = baseline::Baseline::read(baseline)?;
    let audited = audit::audit(spec, snapshot);
    Ok(report::classify(
        snapshot,
        spec.operations.len(),
        audited,
        &baseline,
    ))
}
