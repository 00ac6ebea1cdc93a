//! The three output formats: human text, Markdown (a pull-request comment) and JSON.
//!
//! All three are deterministic: findings come in canonical order and nothing depends on
//! time, paths on disk or hash order. The JSON format is documented in the module
//! documentation of [`crate::diff`] and is versioned by its `format_version` field.

use std::fmt::Write as _;
use std::str::FromStr;

use serde::Serialize;

use crate::diff::finding::{Finding, UseSite};
use crate::diff::report::Report;
use crate::diff::rules::{Rule, RustImpact, Severity, Wire};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// Human text grouped by operation, loudest groups and findings first.
    #[default]
    Text,
    /// Markdown for a pull-request comment: a summary table, then one section per severity.
    Markdown,
    /// Machine-readable JSON (see the [`crate::diff`] documentation).
    Json,
}

impl FromStr for OutputFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "text" => Ok(OutputFormat::Text),
            "markdown" | "md" => Ok(OutputFormat::Markdown),
            "json" => Ok(OutputFormat::Json),
            other => Err(format!(
                "unknown format `{other}` (expected text, markdown or json)"
            )),
        }
    }
}

/// Renders a report in the given format (always ends with a newline).
pub fn render(report: &Report, format: OutputFormat) -> String {
    match format {
        OutputFormat::Text => text(report),
        OutputFormat::Markdown => markdown(report),
        OutputFormat::Json => json(report),
    }
}

/// Shortens long values (documentation text) for the human formats.
fn clip(s: &str) -> String {
    const MAX: usize = 72;
    let one_line = s.replace('\n', " ");
    if one_line.chars().count() <= MAX {
        one_line
    } else {
        let cut: String = one_line.chars().take(MAX - 1).collect();
        format!("{cut}…")
    }
}

/// `` `old` → `new` ``, ``was `old` ``, ``now `new` `` or nothing. Values of documentation
/// findings are left out of the human formats (they are in the JSON).
fn change(f: &Finding, code: impl Fn(&str) -> String) -> Option<String> {
    if f.rule == Rule::DocChanged {
        return None;
    }
    match (&f.old, &f.new) {
        (Some(a), Some(b)) => Some(format!("{} → {}", code(&clip(a)), code(&clip(b)))),
        (Some(a), None) => Some(format!("was {}", code(&clip(a)))),
        (None, Some(b)) => Some(format!("now {}", code(&clip(b)))),
        (None, None) => None,
    }
}

/// Groups in display order: by their loudest finding, then by name; the findings of each
/// group keep the canonical order.
fn groups(report: &Report) -> Vec<(&str, Vec<&Finding>)> {
    let mut groups: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for f in &report.findings {
        match groups.iter_mut().find(|(g, _)| *g == f.group()) {
            Some((_, v)) => v.push(f),
            None => groups.push((f.group(), vec![f])),
        }
    }
    for (_, v) in &mut groups {
        v.sort_by(|a, b| crate::diff::finding::canonical_order(a, b));
    }
    groups.sort_by(|(a, fa), (b, fb)| fb[0].severity.cmp(&fa[0].severity).then(a.cmp(b)));
    groups
}

fn text(report: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Spec diff: {} -> {}", report.old_label, report.new_label);
    for (group, findings) in groups(report) {
        let counts: Vec<String> = Severity::ALL
            .iter()
            .map(|sev| (sev, findings.iter().filter(|f| f.severity == *sev).count()))
            .filter(|(_, n)| *n > 0)
            .map(|(sev, n)| format!("{n} {sev}"))
            .collect();
        let _ = writeln!(s, "\n{group} ({})", counts.join(", "));
        for f in findings {
            let _ = writeln!(
                s,
                "  {:<8}  {}  {}",
                f.severity.as_str(),
                f.rule.id(),
                f.location()
            );
            let _ = writeln!(s, "            {}", f.message);
            if let Some(c) = change(f, |v| format!("`{v}`")) {
                let _ = writeln!(s, "            {c}");
            }
            if !f.uses.is_empty() {
                let _ = writeln!(s, "            {}:", used_at(&f.uses));
                for u in &f.uses {
                    let _ = writeln!(s, "              {} (`{}`)", u.path, u.rust);
                }
            }
            let _ = writeln!(s, "            wire: {}, rust: {}", f.wire, f.rust);
            if let Some(h) = &f.hint {
                let _ = writeln!(s, "            hint: {h}");
            }
        }
    }
    let _ = writeln!(s, "\nSummary: {}", report.summary_line());
    s
}

/// Inline code that survives backticks in the value.
fn md_code(v: &str) -> String {
    let fence = if v.contains('`') { "``" } else { "`" };
    let pad = if v.starts_with('`') || v.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{v}{pad}{fence}")
}

fn md_cell(v: &str) -> String {
    v.replace('|', "\\|").replace('\n', " ")
}

fn markdown(report: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "## Spec diff: {} → {}\n",
        md_code(&report.old_label),
        md_code(&report.new_label)
    );
    let _ = writeln!(s, "| Severity | Findings |\n|---|---:|");
    for sev in Severity::ALL {
        let _ = writeln!(s, "| {sev} | {} |", report.count(sev));
    }
    let impact = report.rust_impact().map_or("none", RustImpact::as_str);
    let _ = writeln!(
        s,
        "\n**Rust impact:** {impact} · **suggested version:** {} → {}",
        md_code(&report.crate_version.to_string()),
        md_code(&report.suggested_version().to_string())
    );
    if report.findings.is_empty() {
        let _ = writeln!(s, "\nNo changes.");
    }
    for sev in Severity::ALL {
        let rows: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.severity == sev)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let title = format!("{} ({})", heading(sev), rows.len());
        if sev == Severity::Info {
            let _ = writeln!(s, "\n<details>\n<summary>{title}</summary>\n");
        } else {
            let _ = writeln!(s, "\n### {title}\n");
        }
        let _ = writeln!(
            s,
            "| Rule | Location | Change | Wire | Rust | Fingerprint |\n|---|---|---|---|---|---|"
        );
        for f in rows {
            let mut what = md_cell(&f.message);
            if let Some(c) = change(f, md_code) {
                what.push_str(&format!("<br>{}", md_cell(&c)));
            }
            if !f.uses.is_empty() {
                what.push_str(&format!("<br>{}:", used_at(&f.uses)));
                for u in &f.uses {
                    let site = format!("{} ({})", md_code(&u.path), md_code(&u.rust));
                    what.push_str(&format!("<br>• {}", md_cell(&site)));
                }
            }
            if let Some(h) = &f.hint {
                what.push_str(&format!("<br>*{}*", md_cell(h)));
            }
            let _ = writeln!(
                s,
                "| `{}` | {} | {} | {} | {} | `{}` |",
                f.rule.id(),
                md_cell(&md_code(&f.location())),
                what,
                f.wire,
                f.rust,
                f.fingerprint()
            );
        }
        if sev == Severity::Info {
            let _ = writeln!(s, "\n</details>");
        }
    }
    s
}

fn heading(severity: Severity) -> &'static str {
    match severity {
        Severity::Breaking => "Breaking",
        Severity::Warning => "Warning",
        Severity::Info => "Info",
    }
}

/// `used at 1 place` / `used at 4 places`.
fn used_at(uses: &[UseSite]) -> String {
    match uses.len() {
        1 => "used at 1 place".to_string(),
        n => format!("used at {n} places"),
    }
}

/// The JSON document (see the [`crate::diff`] module documentation).
#[derive(Serialize)]
struct JsonReport<'a> {
    format_version: u32,
    old: &'a str,
    new: &'a str,
    summary: JsonSummary,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonSummary {
    breaking: usize,
    warning: usize,
    info: usize,
    total: usize,
    rust_impact: Option<RustImpact>,
    crate_version: String,
    suggested_version: String,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    fingerprint: String,
    rule: Rule,
    severity: Severity,
    wire: Wire,
    rust: RustImpact,
    operation: Option<&'a str>,
    path: &'a str,
    subject: Option<&'a str>,
    message: &'a str,
    old: Option<&'a str>,
    new: Option<&'a str>,
    hint: Option<&'a str>,
    uses: &'a [UseSite],
}

/// The version of the JSON format; bumped only for incompatible changes.
pub const JSON_FORMAT_VERSION: u32 = 1;

fn json(report: &Report) -> String {
    let doc = JsonReport {
        format_version: JSON_FORMAT_VERSION,
        old: &report.old_label,
        new: &report.new_label,
        summary: JsonSummary {
            breaking: report.count(Severity::Breaking),
            warning: report.count(Severity::Warning),
            info: report.count(Severity::Info),
            total: report.findings.len(),
            rust_impact: report.rust_impact(),
            crate_version: report.crate_version.to_string(),
            suggested_version: report.suggested_version().to_string(),
        },
        findings: report
            .findings
            .iter()
            .map(|f| JsonFinding {
                fingerprint: f.fingerprint(),
                rule: f.rule,
                severity: f.severity,
                wire: f.wire,
                rust: f.rust,
                operation: f.operation.as_deref(),
                path: &f.path,
                subject: f.subject.as_deref(),
                message: &f.message,
                old: f.old.as_deref(),
                new: f.new.as_deref(),
                hint: f.hint.as_deref(),
                uses: &f.uses,
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("a report serializes");
    s.push('\n');
    s
}
