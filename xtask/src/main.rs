//! `cargo xtask`: a thin command line over the `codegen` library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
}

#[derive(Subcommand)]
enum SpecCommand {
    /// Load and validate the spec; print every error with its file and JSON path.
    Check {
        /// Spec directory.
        #[arg(long, default_value = "spec")]
        dir: PathBuf,
    },
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
    match cli.command {
        Command::Spec {
            command: SpecCommand::Check { dir },
        } => spec_check(&root().join(dir)),
    }
}

fn spec_check(dir: &Path) -> ExitCode {
    let _ = std::env::set_current_dir(root());
    let rel = dir.strip_prefix(root()).unwrap_or(dir);
    match codegen::spec::load_dir(rel) {
        Ok(spec) => {
            println!(
                "spec ok: {} operations, {} shapes, {} waiters",
                spec.operations.len(),
                spec.shapes.len(),
                spec.waiters.len()
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
