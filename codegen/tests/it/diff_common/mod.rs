//! Helpers shared by the spec-diff tests (`diff_*.rs`).
#![allow(dead_code)] // each test file uses a different subset

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use codegen::diff::{Finding, RustImpact, Severity, Wire};
use codegen::spec::canonical::to_canonical_string;
use codegen::spec::{Member, OperationsFile, ServiceFile, Spec, load_dir};

/// `codegen/tests/fixtures/diff`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff")
}

/// The workspace root (holds `spec/` and `sdk/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The small base spec: the real service file and the VPN gateway group, checked in.
pub fn base() -> Spec {
    let dir = fixtures().join("base");
    load_dir(&dir).unwrap_or_else(|e| panic!("the base fixture must load: {e:?}"))
}

/// Today's spec (`spec/`).
pub fn real_spec() -> Spec {
    load_dir(&workspace_root().join("spec")).unwrap_or_else(|e| panic!("spec/ must load: {e:?}"))
}

/// A plain member of type `ty`.
pub fn member(ty: &str, description: &str) -> Member {
    Member {
        ty: ty.to_string(),
        items: None,
        wrapper: None,
        required: false,
        description: description.to_string(),
        example: None,
        default: None,
        encoding: Default::default(),
        format: None,
        constraints: None,
        secret: false,
        notes: Vec::new(),
        upstream: Vec::new(),
    }
}

/// The findings of `rule` at `path`; panics listing every finding when there is none.
pub fn expect<'a>(findings: &'a [Finding], rule: &str, path: &str) -> &'a Finding {
    findings
        .iter()
        .find(|f| f.rule.id() == rule && f.path == path)
        .unwrap_or_else(|| panic!("no `{rule}` at `{path}` in:\n{}", listing(findings)))
}

/// Asserts severity, wire and Rust impact of a finding.
pub fn assert_impacts(f: &Finding, severity: Severity, wire: Wire, rust: RustImpact) {
    assert_eq!(
        (f.severity, f.wire, f.rust),
        (severity, wire, rust),
        "impacts of {} at {}",
        f.rule,
        f.location()
    );
}

/// One line per finding: `severity rule location`.
pub fn listing(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("{} {} {}\n", f.severity, f.rule, f.location()))
        .collect()
}

/// The rule ids of the findings, sorted and deduplicated.
pub fn rule_ids(findings: &[Finding]) -> Vec<&'static str> {
    let mut ids: Vec<&str> = findings.iter().map(|f| f.rule.id()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// A fresh empty directory under the system temp dir.
pub fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "codegen-diff-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `spec` as a spec directory (`service.json` + `operations/<file>.json`, each item
/// in the file it came from, in canonical form).
pub fn write_spec(spec: &Spec, dir: &Path) {
    std::fs::create_dir_all(dir.join("operations")).unwrap();
    let service = ServiceFile {
        schema: None,
        service: spec.service.clone(),
    };
    std::fs::write(dir.join("service.json"), to_canonical_string(&service)).unwrap();
    let mut files: BTreeMap<String, OperationsFile> = BTreeMap::new();
    let file_of = |key: String| {
        spec.origins
            .get(&key)
            .and_then(|p| p.rsplit('/').next())
            .unwrap_or("added.json")
            .to_string()
    };
    for (name, op) in &spec.operations {
        let file = files
            .entry(file_of(format!("operations.{name}")))
            .or_default();
        file.operations.insert(name.clone(), op.clone());
    }
    for (name, shape) in &spec.shapes {
        let file = files.entry(file_of(format!("shapes.{name}"))).or_default();
        file.shapes.insert(name.clone(), shape.clone());
    }
    for (name, waiter) in &spec.waiters {
        let file = files.entry(file_of(format!("waiters.{name}"))).or_default();
        file.waiters.insert(name.clone(), waiter.clone());
    }
    for (name, file) in files {
        std::fs::write(
            dir.join("operations").join(name),
            to_canonical_string(&file),
        )
        .unwrap();
    }
}

/// Compares `actual` with the golden file `codegen/tests/golden/diff/<name>`; with
/// `UPDATE_GOLDEN=1` rewrites the file instead.
pub fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/diff")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {} ({e}); run with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        panic!(
            "{} is out of date (run with UPDATE_GOLDEN=1 to update):\n--- expected\n{expected}\n--- actual\n{actual}",
            path.display()
        );
    }
}
