//! The spec's upstream commands: `cargo xtask spec upstream refresh`, `cargo xtask spec
//! audit` and `cargo xtask spec import`, thin command lines over `codegen::upstream`.
//!
//! `spec upstream refresh [--check]` rebuilds the checked-in snapshot of the official
//! model (`spec/upstream/vpc-2016-04-28.json`) from the pinned npm package:
//!
//! 1. copy `xtask/upstream/package.json` and its `package-lock.json` (which pin the
//!    package and everything it pulls in) into `target/upstream/`, and `npm ci` there;
//! 2. ask the registry for the publish date of the pinned version (`npm view`), so that
//!    the snapshot's date depends on the package, not on the day of the refresh;
//! 3. run `xtask/upstream/extract.mjs` on the installed package and write its output.
//!
//! Only this command needs node, npm and the registry; everything else reads the
//! checked-in snapshot.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use codegen::upstream::{baseline::Baseline, import, snapshot};
use vpn_spec::layout::{self, UPSTREAM_BASELINE, UPSTREAM_SNAPSHOT};

use crate::root;

/// The folder (under the workspace root) holding the pin and the extraction script.
const TOOL_DIR: &str = "xtask/upstream";
/// The scratch folder npm installs into.
const SCRATCH_DIR: &str = "target/upstream";

/// Arguments of `cargo xtask spec upstream refresh`.
#[derive(clap::Args)]
pub struct RefreshArgs {
    /// Do not write: exit 1 when the snapshot on disk differs from a fresh extraction.
    #[arg(long)]
    check: bool,
    /// The spec directory; the snapshot goes to its `upstream/vpc-2016-04-28.json`.
    #[arg(long, default_value = "spec")]
    dir: PathBuf,
}

/// Runs the refresh; paths are relative to the workspace root (the current directory).
pub fn refresh(args: &RefreshArgs) -> ExitCode {
    match try_refresh(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

fn try_refresh(args: &RefreshArgs) -> Result<ExitCode, String> {
    let start = Instant::now();
    let tool = root().join(TOOL_DIR);
    let scratch = root().join(SCRATCH_DIR);
    std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(tool.join(file), scratch.join(file))
            .map_err(|e| format!("{TOOL_DIR}/{file}: cannot copy: {e}"))?;
    }
    let (name, version) = pinned(&tool.join("package.json"))?;
    eprintln!("installing {name}@{version} into {SCRATCH_DIR}");
    run(
        Command::new("npm")
            .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            .current_dir(&scratch),
        "npm ci",
    )?;
    let installed = start.elapsed();
    let times = run(
        Command::new("npm")
            .args(["view", &format!("{name}@{version}"), "time", "--json"])
            .current_dir(&scratch),
        "npm view",
    )?;
    let date = publish_date(&times, &version)?;
    let package_dir = scratch.join("node_modules").join(&name);
    let snapshot = run(
        Command::new("node")
            .arg(tool.join("extract.mjs"))
            .arg(&package_dir)
            .arg(&date)
            .current_dir(&scratch),
        "node extract.mjs",
    )?;
    let total = start.elapsed();
    let relative_out = args.dir.join(UPSTREAM_SNAPSHOT);
    let out = root().join(&relative_out);
    let current = std::fs::read_to_string(&out).unwrap_or_default();
    eprintln!(
        "extracted {name}@{version} (published {date}): install {:.1}s, total {:.1}s",
        installed.as_secs_f64(),
        total.as_secs_f64()
    );
    if args.check {
        if current == snapshot {
            println!("{} is up to date", relative_out.display());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("{} differs from a fresh extraction", relative_out.display());
        return Ok(ExitCode::from(1));
    }
    if current == snapshot {
        println!("{} unchanged", relative_out.display());
    } else {
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&out, &snapshot).map_err(|e| format!("{}: {e}", out.display()))?;
        println!(
            "wrote {} ({} bytes)",
            relative_out.display(),
            snapshot.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The one dependency of the pin file, and its exact version.
fn pinned(package_json: &Path) -> Result<(String, String), String> {
    let text = std::fs::read_to_string(package_json)
        .map_err(|e| format!("{}: {e}", package_json.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", package_json.display()))?;
    let deps = value["dependencies"]
        .as_object()
        .filter(|d| d.len() == 1)
        .ok_or_else(|| {
            format!(
                "{}: expected exactly one dependency",
                package_json.display()
            )
        })?;
    let (name, version) = deps.iter().next().expect("one dependency");
    let version = version.as_str().unwrap_or_default();
    if !version.chars().all(|c| c.is_ascii_digit() || c == '.') || version.is_empty() {
        return Err(format!(
            "{}: {name} must be pinned to an exact version, not {version:?}",
            package_json.display()
        ));
    }
    Ok((name.clone(), version.to_string()))
}

/// `YYYY-MM-DD` of `version` in the registry's `time` map.
fn publish_date(times: &str, version: &str) -> Result<String, String> {
    let value: serde_json::Value =
        serde_json::from_str(times).map_err(|e| format!("npm view time: {e}"))?;
    let stamp = value[version]
        .as_str()
        .ok_or_else(|| format!("npm view time: no publish time for {version}"))?;
    let date = stamp.get(..10).unwrap_or_default();
    let ok = date.len() == 10
        && date.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if ok {
        Ok(date.to_string())
    } else {
        Err(format!("npm view time: unexpected time {stamp:?}"))
    }
}

/// Runs `command`, returning its standard output; fails with its standard error.
fn run(command: &mut Command, what: &str) -> Result<String, String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot run {what}: {e} (is node/npm installed?)"))?;
    if !output.status.success() {
        return Err(format!(
            "{what} failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| format!("{what}: output is not UTF-8: {e}"))
}

/// Arguments of `cargo xtask spec audit`.
#[derive(clap::Args)]
pub struct AuditArgs {
    /// The spec directory (its `upstream/` holds the snapshot and the baseline).
    #[arg(long, default_value = "spec")]
    dir: PathBuf,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
    /// List acknowledged differences too (text format), with their reasons.
    #[arg(long)]
    show_acknowledged: bool,
    /// Remove baseline entries that no longer occur (never adds one), then audit.
    #[arg(long, conflicts_with = "init_baseline")]
    prune_baseline: bool,
    /// Write the baseline from today's unacknowledged differences; refuses when the file
    /// exists (the baseline only shrinks).
    #[arg(long)]
    init_baseline: bool,
}

/// Runs the audit: exit 0 when every difference is acknowledged or in the baseline and no
/// baseline entry is stale, 1 otherwise, 2 when the spec, snapshot or baseline is broken.
pub fn audit(args: &AuditArgs) -> ExitCode {
    let start = Instant::now();
    let spec = match vpn_spec::load_dir(&args.dir) {
        Ok(spec) => spec,
        Err(errors) => {
            for e in &errors {
                eprintln!("error: {e}");
            }
            eprintln!(
                "spec audit: the spec does not load ({} error(s))",
                errors.len()
            );
            return ExitCode::from(2);
        }
    };
    let snapshot = match snapshot::read(&args.dir.join(UPSTREAM_SNAPSHOT)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let baseline_path = args.dir.join(UPSTREAM_BASELINE);
    if args.init_baseline && baseline_path.exists() {
        eprintln!(
            "error: {} exists; the baseline only shrinks (--prune-baseline removes stale entries)",
            baseline_path.display()
        );
        return ExitCode::from(2);
    }
    let mut report = match codegen::upstream::run_audit(&spec, &snapshot, &baseline_path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if args.init_baseline || (args.prune_baseline && !report.stale_baseline.is_empty()) {
        let mut baseline = match Baseline::read(&baseline_path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        if args.init_baseline {
            baseline = report.as_baseline();
        } else {
            for stale in &report.stale_baseline {
                baseline.entries.remove(stale);
            }
        }
        if let Err(e) = std::fs::write(&baseline_path, baseline.to_text()) {
            eprintln!("error: {}: cannot write: {e}", baseline_path.display());
            return ExitCode::from(2);
        }
        eprintln!(
            "wrote {} ({} entries)",
            baseline_path.display(),
            baseline.entries.len()
        );
        report = match codegen::upstream::run_audit(&spec, &snapshot, &baseline_path) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
    }
    match args.format.as_str() {
        "json" => print!("{}", report.to_json()),
        _ => print!("{}", report.to_text(args.show_acknowledged)),
    }
    eprintln!("spec audit: {:.2}s", start.elapsed().as_secs_f64());
    if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Arguments of `cargo xtask spec import`.
#[derive(clap::Args)]
pub struct ImportArgs {
    /// Operations (`Action` names) to draft from the snapshot.
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    operations: Vec<String>,
    /// Every operation of the snapshot that the spec lacks (needs --out).
    #[arg(long, requires = "out")]
    all: bool,
    /// The spec directory read (and, without --out, written).
    #[arg(long, default_value = "spec")]
    dir: PathBuf,
    /// Copy the spec here first and import into the copy (a scratch spec).
    #[arg(long)]
    out: Option<PathBuf>,
    /// The group (and operations file) the drafts go to; added to the service file when
    /// new.
    #[arg(long, default_value = "imported")]
    group: String,
}

/// Drafts the operations into `<out or dir>/operations/<group>.json`, in canonical form.
pub fn import(args: &ImportArgs) -> ExitCode {
    match try_import(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

fn try_import(args: &ImportArgs) -> Result<ExitCode, String> {
    let start = Instant::now();
    let spec = vpn_spec::load_dir(&args.dir).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!("the spec does not load:\n{}", lines.join("\n"))
    })?;
    let snapshot = snapshot::read(&args.dir.join(UPSTREAM_SNAPSHOT))?;
    let wanted = if args.all {
        import::missing_operations(&spec, &snapshot)
    } else {
        args.operations.clone()
    };
    let draft =
        import::import(&spec, &snapshot, &wanted, &args.group).map_err(|e| e.to_string())?;
    let target = args.out.clone().unwrap_or_else(|| args.dir.clone());
    if let Some(out) = &args.out {
        copy_spec(&args.dir, out)?;
    }
    let display = target.to_string_lossy().replace('\\', "/");
    let sources = vpn_spec::read_dir(&target, &display).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        lines.join("\n")
    })?;
    let group_file = format!(
        "{display}/{}/{}.{}",
        layout::OPERATIONS_DIR,
        args.group,
        layout::EXTENSION
    );
    let count = draft.operations.len();
    let shapes = draft.shapes.len();
    let remarks = draft.remarks.clone();
    let updated = import::apply(&sources, draft, &args.group, &group_file)?;
    for file in &updated {
        let unchanged = sources
            .iter()
            .any(|s| s.path == file.path && s.text == file.text);
        if !unchanged {
            write(Path::new(&file.path), &file.text)?;
        }
    }
    for remark in &remarks {
        println!("note: {remark}");
    }
    println!(
        "imported {count} operation(s) and {shapes} new shape(s) into {group_file} in {:.2}s; every description is a to-do (`cargo xtask spec check` refuses them until written)",
        start.elapsed().as_secs_f64()
    );
    // The result must load (to-dos aside).
    if let Err(errors) = vpn_spec::load_dir(&target) {
        for e in &errors {
            eprintln!("error: {e}");
        }
        return Err(format!(
            "the imported spec does not load ({} error(s))",
            errors.len()
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// Copies the spec files of `from` (as the layout lists them) to `to`, replacing the
/// spec files there.
fn copy_spec(from: &Path, to: &Path) -> Result<(), String> {
    let ops = to.join(layout::OPERATIONS_DIR);
    if ops.exists() {
        std::fs::remove_dir_all(&ops).map_err(|e| format!("{}: {e}", ops.display()))?;
    }
    std::fs::create_dir_all(&ops).map_err(|e| format!("{}: {e}", ops.display()))?;
    let files = layout::files(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for (relative, _) in files {
        std::fs::copy(from.join(&relative), to.join(&relative))
            .map_err(|e| format!("{relative}: cannot copy: {e}"))?;
    }
    for extra in ["spec.schema.json", UPSTREAM_SNAPSHOT, UPSTREAM_BASELINE] {
        if !from.join(extra).exists() {
            continue;
        }
        let dest = to.join(extra);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::copy(from.join(extra), &dest).map_err(|e| format!("{extra}: cannot copy: {e}"))?;
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}
