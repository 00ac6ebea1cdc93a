//! The `cargo xtask diff` command, minus argument parsing (which stays in `xtask`), so
//! that exit codes and outputs are testable here.

use std::io::Write;

use crate::diff::format::{OutputFormat, render};
use crate::diff::report::Report;
use crate::diff::rules::Severity;
use crate::diff::semver::{Version, version_from_manifest};
use crate::diff::source::{LoadError, Workspace, load_pair};

/// Exit code: success (no `--fail-on`, or no finding at or above it).
pub const EXIT_OK: u8 = 0;
/// Exit code: a finding at or above the `--fail-on` level exists.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: bad usage, or a spec that does not load (its errors are printed).
pub const EXIT_ERROR: u8 = 2;

/// What `cargo xtask diff` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The old spec: a directory, a file or a git revision.
    pub old: String,
    /// The new spec: a directory, a file or a git revision.
    pub new: String,
    /// The output format.
    pub format: OutputFormat,
    /// Exit with [`EXIT_FINDINGS`] when a finding at or above this severity exists.
    pub fail_on: Option<Severity>,
    /// The current crate version; `None` reads `sdk/Cargo.toml` under the workspace root.
    pub crate_version: Option<String>,
    /// Where paths and revisions are resolved.
    pub workspace: Workspace,
}

/// Runs the diff: writes the report to `out`, problems to `err`, returns the exit code.
pub fn run(opts: &Options, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let version = match crate_version(opts) {
        Ok(v) => v,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return EXIT_ERROR;
        }
    };
    let (old, new) = match load_pair(&opts.old, &opts.new, &opts.workspace) {
        Ok(pair) => pair,
        Err(LoadError::Spec {
            side,
            label,
            errors,
        }) => {
            for e in &errors {
                let _ = writeln!(err, "error: {e}");
            }
            let _ = writeln!(
                err,
                "error: the {side} spec ({label}) does not load: {} error(s)",
                errors.len()
            );
            return EXIT_ERROR;
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return EXIT_ERROR;
        }
    };
    let report = Report::new(&opts.old, &opts.new, version, &old, &new);
    let _ = out.write_all(render(&report, opts.format).as_bytes());
    match opts.fail_on {
        Some(level) if report.fails(level) => {
            let n = report
                .findings
                .iter()
                .filter(|f| f.severity >= level)
                .count();
            let _ = writeln!(
                err,
                "spec diff: {n} finding(s) at or above `{level}` (--fail-on {level})"
            );
            EXIT_FINDINGS
        }
        _ => EXIT_OK,
    }
}

fn crate_version(opts: &Options) -> Result<Version, String> {
    if let Some(v) = &opts.crate_version {
        return v.parse().map_err(|e| format!("--crate-version: {e}"));
    }
    let manifest = opts.workspace.root.join("sdk").join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| {
        format!(
            "cannot read {} for the crate version: {e} (pass --crate-version)",
            manifest.display()
        )
    })?;
    version_from_manifest(&text).map_err(|e| format!("{}: {e}", manifest.display()))
}
