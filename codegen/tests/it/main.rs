//! The generator's integration tests, one test binary: generation (snapshots, determinism,
//! the checked-in SDK is current) and the spec differ (rules, golden reports, sources,
//! a realistic change), and the spec's upstream (the audit against the official model's
//! snapshot, the importer).

mod diff_common;
mod diff_golden;
mod diff_names;
mod diff_realistic;
mod diff_rules;
mod diff_sources;
mod generate;
mod upstream_audit;
mod upstream_import;
