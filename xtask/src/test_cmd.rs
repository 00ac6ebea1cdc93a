//! `cargo xtask test`: every test of the project, in one command.
//!
//! 1. `cargo test --workspace` (unit, integration, end-to-end and doc tests: the SDK against
//!    the in-process emulator over loopback HTTP);
//! 2. `bash tests/interop/run.sh` (Alibaba's official Python SDKs, installed into a
//!    virtualenv from PyPI, driven against the emulator binary), unless `--no-interop`.

use std::process::{Command, ExitCode};

use crate::root;

/// Arguments of `cargo xtask test`.
#[derive(clap::Args)]
pub struct TestArgs {
    /// Skip the interop suite with Alibaba's official Python SDKs (it needs python3 and
    /// access to PyPI the first time).
    #[arg(long)]
    no_interop: bool,
}

/// Runs the test suites in order; stops at the first failure.
pub fn run(args: &TestArgs) -> ExitCode {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut steps: Vec<(&str, Command)> = Vec::new();
    let mut cargo_test = Command::new(&cargo);
    cargo_test.args(["test", "--workspace"]);
    steps.push(("cargo test --workspace", cargo_test));
    if !args.no_interop {
        let mut interop = Command::new("bash");
        interop.arg("tests/interop/run.sh");
        steps.push(("bash tests/interop/run.sh", interop));
    }
    for (name, mut command) in steps {
        eprintln!("==> {name}");
        match command.current_dir(root()).status() {
            Ok(status) if status.success() => {}
            Ok(status) => {
                eprintln!("xtask test: `{name}` failed ({status})");
                return ExitCode::from(1);
            }
            Err(e) => {
                eprintln!("xtask test: cannot run `{name}`: {e}");
                return ExitCode::from(1);
            }
        }
    }
    eprintln!("xtask test: all suites passed");
    ExitCode::SUCCESS
}
