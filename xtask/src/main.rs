//! `cargo xtask`: a thin command line over the `codegen` library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod codegen_cmd;
mod test_cmd;
mod upstream_cmd;
use vpn_spec::SourceFile;
use vpn_spec::canonical::{self, FileKind};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Project tasks for the VPN Gateway SDK")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Work with the spec.
    Spec {
        #[command(subcommand)]
        command: SpecCommand,
    },
    /// Compare two specs and report what changed and what it breaks (wire and Rust API).
    Diff(DiffArgs),
    /// Generate `sdk/src/generated/` from the spec (`--check`: only compare).
    Codegen(codegen_cmd::CodegenArgs),
    /// Run every test: `cargo test --workspace`, then the interop suite with Alibaba's
    /// official Python SDKs against the emulator.
    Test(test_cmd::TestArgs),
}

/// `cargo xtask diff OLD NEW`: each side is a spec directory, a spec file or a git
/// revision (see `codegen::diff::source`). Exits 0, or 1 when `--fail-on` finds something,
/// or 2 on bad usage or a spec that does not load.
#[derive(clap::Args)]
struct DiffArgs {
    /// The old spec: a directory (`spec`, `.`), a file, or a git revision (`main`, `HEAD~1`).
    old: String,
    /// The new spec, in the same forms.
    new: String,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = ["text", "markdown", "json"])]
    format: String,
    /// Exit 1 when a finding at or above this severity exists.
    #[arg(long, value_parser = ["breaking", "warning", "info"])]
    fail_on: Option<String>,
    /// The crate version the suggested bump starts from (default: sdk/Cargo.toml's).
    #[arg(long)]
    crate_version: Option<String>,
}

#[derive(Subcommand)]
enum SpecCommand {
    /// Load and validate the spec; print every error with its file and JSON path, and
    /// list files that are not in canonical form. Exits 1 on any finding.
    Check {
        /// Spec directory.
        #[arg(long, default_value = "spec")]
        dir: PathBuf,
        /// Accept the to-do markers `spec import` leaves (a draft).
        #[arg(long)]
        allow_todo: bool,
    },
    /// Rewrite every spec file in canonical form (model field order, sorted names,
    /// 2-space indent, UTF-8, trailing newline).
    Fmt {
        /// Do not write: list the files that are not canonical and exit 1 if any.
        #[arg(long)]
        check: bool,
        /// Spec directory.
        #[arg(long, default_value = "spec")]
        dir: PathBuf,
    },
    /// The official model's snapshot (`spec/upstream/`).
    Upstream {
        #[command(subcommand)]
        command: UpstreamCommand,
    },
    /// Compare the spec with the official model's snapshot; fail on any difference that is
    /// neither acknowledged (`upstream` entries) nor in the baseline.
    Audit(upstream_cmd::AuditArgs),
    /// Draft spec entries for operations the spec lacks, from the snapshot.
    Import(upstream_cmd::ImportArgs),
}

#[derive(Subcommand)]
enum UpstreamCommand {
    /// Reinstall the pinned official npm package and rewrite the snapshot.
    Refresh(upstream_cmd::RefreshArgs),
}

/// The workspace root (xtask lives one level below it).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask has a parent")
        .to_path_buf()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let cwd = std::env::current_dir().unwrap_or_else(|_| root());
    // Paths in messages are relative to the workspace root, as in `spec/service.json`.
    let _ = std::env::set_current_dir(root());
    let relative = |dir: &Path| -> PathBuf {
        let dir = root().join(dir);
        dir.strip_prefix(root())
            .map(Path::to_path_buf)
            .unwrap_or(dir)
    };
    match cli.command {
        Command::Spec {
            command: SpecCommand::Check { dir, allow_todo },
        } => spec_check(&relative(&dir), allow_todo),
        Command::Spec {
            command: SpecCommand::Fmt { check, dir },
        } => spec_fmt(&relative(&dir), check),
        Command::Spec {
            command:
                SpecCommand::Upstream {
                    command: UpstreamCommand::Refresh(args),
                },
        } => upstream_cmd::refresh(&args),
        Command::Spec {
            command: SpecCommand::Audit(args),
        } => upstream_cmd::audit(&args),
        Command::Spec {
            command: SpecCommand::Import(args),
        } => upstream_cmd::import(&args),
        Command::Diff(args) => diff(args, cwd),
        Command::Codegen(args) => codegen_cmd::run(&args),
        Command::Test(args) => test_cmd::run(&args),
    }
}

fn diff(args: DiffArgs, cwd: PathBuf) -> ExitCode {
    use codegen::diff::{cli, source::Workspace};
    let opts = cli::Options {
        old: args.old,
        new: args.new,
        format: args.format.parse().expect("clap checked the format"),
        fail_on: args
            .fail_on
            .map(|s| s.parse().expect("clap checked the level")),
        crate_version: args.crate_version,
        workspace: Workspace {
            root: root(),
            spec_dir: "spec".to_string(),
            cwd,
        },
    };
    let code = cli::run(&opts, &mut std::io::stdout(), &mut std::io::stderr());
    ExitCode::from(code)
}

fn spec_check(dir: &Path, allow_todo: bool) -> ExitCode {
    match vpn_spec::load_dir(dir) {
        Ok(spec) => {
            let todos = vpn_spec::validate::todos(&spec);
            if !allow_todo && !todos.is_empty() {
                for e in &todos {
                    eprintln!("error: {e}");
                }
                eprintln!(
                    "spec check failed: {} text(s) still to write (`--allow-todo` accepts a draft)",
                    todos.len()
                );
                return ExitCode::from(1);
            }
            let unformatted = match non_canonical(dir) {
                Ok(files) => files,
                Err(code) => return code,
            };
            for file in &unformatted {
                eprintln!("error: {file}: not in canonical form (run `cargo xtask spec fmt`)");
            }
            if !unformatted.is_empty() {
                eprintln!(
                    "spec check failed: {} file(s) not in canonical form",
                    unformatted.len()
                );
                return ExitCode::from(1);
            }
            println!(
                "spec ok: {} operations, {} shapes, {} waiters, {} resources",
                spec.operations.len(),
                spec.shapes.len(),
                spec.waiters.len(),
                spec.resources.len()
            );
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("error: {e}");
            }
            eprintln!("spec check failed: {} error(s)", errors.len());
            ExitCode::from(1)
        }
    }
}

fn spec_fmt(dir: &Path, check: bool) -> ExitCode {
    let files = match spec_files(dir) {
        Ok(files) => files,
        Err(code) => return code,
    };
    // Parse everything first: never rewrite anything when some file does not parse.
    let mut formatted = Vec::new();
    let mut failed = false;
    for (src, kind) in &files {
        match canonical::canonicalize(src, *kind) {
            Ok(text) => formatted.push((src, text)),
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
            }
        }
    }
    if failed {
        eprintln!("spec fmt: nothing written (fix the errors above first)");
        return ExitCode::from(1);
    }
    let mut changed = 0;
    for (src, text) in formatted {
        if text == src.text {
            continue;
        }
        changed += 1;
        if check {
            println!("{}", src.path);
        } else if let Err(e) = std::fs::write(&src.path, text) {
            eprintln!("error: {}: cannot write: {e}", src.path);
            return ExitCode::from(1);
        } else {
            println!("formatted {}", src.path);
        }
    }
    if check && changed > 0 {
        eprintln!("spec fmt --check: {changed} file(s) not in canonical form");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The files of `dir` that parse but are not canonical (unparsable files are reported by
/// the loader, not here).
fn non_canonical(dir: &Path) -> Result<Vec<String>, ExitCode> {
    Ok(spec_files(dir)?
        .into_iter()
        .filter(|(src, kind)| matches!(canonical::is_canonical(src, *kind), Ok(false)))
        .map(|(src, _)| src.path)
        .collect())
}

/// `dir/service.json` and `dir/operations/*.json` (sorted), read, with their kinds.
fn spec_files(dir: &Path) -> Result<Vec<(SourceFile, FileKind)>, ExitCode> {
    let display = dir.to_string_lossy().replace('\\', "/");
    vpn_spec::read_dir_with_kinds(dir, &display).map_err(|errors| {
        for e in &errors {
            eprintln!("error: {e}");
        }
        ExitCode::from(1)
    })
}
