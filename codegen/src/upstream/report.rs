//! The audit's verdict and its two renderings: readable text grouped by operation, and
//! JSON (`--format json`). Both are deterministic.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use vpn_spec::model::DiffKind;

use crate::upstream::audit::{Audited, Finding};
use crate::upstream::baseline::{Baseline, Entry};
use crate::upstream::snapshot::Snapshot;

/// What became of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Neither acknowledged in the spec nor in the baseline: the audit fails.
    New,
    /// Listed in the baseline of known drift.
    Baseline,
    /// Acknowledged by an `upstream` entry of the spec.
    Acknowledged,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Baseline => "baseline",
            Status::Acknowledged => "acknowledged",
        }
    }
}

/// One finding with its status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The difference.
    #[serde(flatten)]
    pub finding: Finding,
    /// What became of it.
    pub status: Status,
    /// The acknowledging entry's reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Counts of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    /// Findings that fail the audit.
    pub new: usize,
    /// Findings listed in the baseline.
    pub baseline: usize,
    /// Findings acknowledged in the spec.
    pub acknowledged: usize,
}

/// The audit's verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The snapshot's package.
    pub package: String,
    /// Its version.
    pub version: String,
    /// Its publish date.
    pub date: String,
    /// How many spec operations were audited.
    pub operations: usize,
    /// Every finding, by operation, path, kind and value.
    pub findings: Vec<Item>,
    /// Baseline entries that no longer occur (they must be removed: the baseline only
    /// shrinks).
    pub stale_baseline: Vec<Entry>,
    /// Counts per kind (kinds with no finding left out).
    pub summary: BTreeMap<DiffKind, Counts>,
    /// `true` when nothing is new and nothing in the baseline is stale.
    pub ok: bool,
}

/// Classifies `audited` against `baseline`.
pub fn classify(
    snapshot: &Snapshot,
    operations: usize,
    audited: Vec<Audited>,
    baseline: &Baseline,
) -> Report {
    let mut used = BTreeSet::new();
    let mut findings = Vec::new();
    let mut summary: BTreeMap<DiffKind, Counts> = BTreeMap::new();
    for a in audited {
        let entry = Entry::of(&a.finding);
        let status = if a.acknowledged.is_some() {
            Status::Acknowledged
        } else if baseline.entries.contains(&entry) {
            used.insert(entry);
            Status::Baseline
        } else {
            Status::New
        };
        let counts = summary.entry(a.finding.kind).or_default();
        match status {
            Status::New => counts.new += 1,
            Status::Baseline => counts.baseline += 1,
            Status::Acknowledged => counts.acknowledged += 1,
        }
        findings.push(Item {
            finding: a.finding,
            status,
            reason: a.acknowledged,
        });
    }
    let stale_baseline: Vec<Entry> = baseline.entries.difference(&used).cloned().collect();
    let ok = stale_baseline.is_empty() && findings.iter().all(|i| i.status != Status::New);
    Report {
        package: snapshot.package.clone(),
        version: snapshot.version.clone(),
        date: snapshot.date.clone(),
        operations,
        findings,
        stale_baseline,
        summary,
        ok,
    }
}

impl Report {
    /// The baseline that lists exactly this report's unacknowledged findings.
    pub fn as_baseline(&self) -> Baseline {
        Baseline {
            snapshot: format!("{}@{}", self.package, self.version),
            entries: self
                .findings
                .iter()
                .filter(|i| i.status != Status::Acknowledged)
                .map(|i| Entry::of(&i.finding))
                .collect(),
        }
    }

    /// The JSON rendering (pretty, stable key order).
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("the report serialises");
        text.push('\n');
        text
    }

    /// The text rendering: findings grouped by operation (acknowledged ones only with
    /// `show_acknowledged`), stale baseline entries, counts per kind, the verdict.
    pub fn to_text(&self, show_acknowledged: bool) -> String {
        let mut out = format!(
            "upstream audit: {} spec operation(s) against {} {} (published {})\n",
            self.operations, self.package, self.version, self.date
        );
        let mut by_op: BTreeMap<&str, Vec<&Item>> = BTreeMap::new();
        for item in &self.findings {
            if item.status != Status::Acknowledged || show_acknowledged {
                by_op.entry(&item.finding.operation).or_default().push(item);
            }
        }
        let kind_width = DiffKind::ALL
            .iter()
            .map(|k| k.as_str().len())
            .max()
            .unwrap_or(0);
        for (op, items) in &by_op {
            out.push_str(&format!("\n{op} ({})\n", items.len()));
            for item in items {
                let f = &item.finding;
                let path = if f.path.is_empty() { "-" } else { &f.path };
                out.push_str(&format!(
                    "  {:<12} {:<kind_width$}  {path}: {}",
                    item.status.as_str(),
                    f.kind.as_str(),
                    f.detail
                ));
                if let Some(reason) = &item.reason {
                    out.push_str(&format!(" [acknowledged: {reason}]"));
                }
                out.push('\n');
            }
        }
        if !self.stale_baseline.is_empty() {
            out.push_str(
                "\nstale baseline entries (no longer found; remove them with `cargo xtask spec audit --prune-baseline`):\n",
            );
            for e in &self.stale_baseline {
                let value = e
                    .value
                    .as_deref()
                    .map(|v| format!(" = {v}"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "  {} {} {}{value}\n",
                    e.operation,
                    e.kind.as_str(),
                    e.path
                ));
            }
        }
        out.push_str(&format!(
            "\n{:<kind_width$}  {:>5} {:>8} {:>12}\n",
            "kind", "new", "baseline", "acknowledged"
        ));
        let mut total = Counts::default();
        for (kind, c) in &self.summary {
            out.push_str(&format!(
                "{:<kind_width$}  {:>5} {:>8} {:>12}\n",
                kind.as_str(),
                c.new,
                c.baseline,
                c.acknowledged
            ));
            total.new += c.new;
            total.baseline += c.baseline;
            total.acknowledged += c.acknowledged;
        }
        out.push_str(&format!(
            "{:<kind_width$}  {:>5} {:>8} {:>12}\n",
            "total", total.new, total.baseline, total.acknowledged
        ));
        if self.ok {
            out.push_str("\naudit ok: every difference is acknowledged in the spec or listed in the baseline\n");
        } else {
            out.push_str(&format!(
                "\naudit failed: {} new difference(s), {} stale baseline entr(ies)\n",
                total.new,
                self.stale_baseline.len()
            ));
        }
        out
    }
}
