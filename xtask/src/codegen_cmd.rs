//! `cargo xtask codegen [--check]`: generate `sdk/src/generated/` from `spec/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `cargo xtask codegen`.
#[derive(clap::Args)]
pub struct CodegenArgs {
    /// Do not write: regenerate in memory and exit 1, naming every stale, missing or
    /// extra file under the output directory.
    #[arg(long)]
    check: bool,
    /// Spec directory.
    #[arg(long, default_value = "spec")]
    spec: PathBuf,
    /// Output directory.
    #[arg(long, default_value = "sdk/src/generated")]
    out: PathBuf,
}

/// Runs the command; paths are relative to the workspace root (the current directory).
pub fn run(args: &CodegenArgs) -> ExitCode {
    let start = Instant::now();
    let spec = match vpn_spec::load_dir(&args.spec) {
        Ok(spec) => spec,
        Err(errors) => {
            for e in &errors {
                eprintln!("error: {e}");
            }
            eprintln!(
                "codegen: the spec does not load ({} error(s))",
                errors.len()
            );
            return ExitCode::from(1);
        }
    };
    let files = match codegen::generate(&spec) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let generated_in = start.elapsed();
    let existing = match existing_files(&args.out) {
        Ok(existing) => existing,
        Err(e) => {
            eprintln!("error: {}: cannot read: {e}", args.out.display());
            return ExitCode::from(1);
        }
    };
    let mut stale = Vec::new();
    let mut missing = Vec::new();
    for (path, text) in &files {
        match existing.get(path) {
            Some(current) if current == text.as_bytes() => {}
            Some(_) => stale.push(path),
            None => missing.push(path),
        }
    }
    let extra: Vec<&PathBuf> = existing
        .keys()
        .filter(|p| !files.contains_key(*p))
        .collect();
    let show = |p: &Path| args.out.join(p).display().to_string();

    if args.check {
        for p in &stale {
            eprintln!("stale:   {}", show(p));
        }
        for p in &missing {
            eprintln!("missing: {}", show(p));
        }
        for p in &extra {
            eprintln!("extra:   {}", show(p));
        }
        let problems = stale.len() + missing.len() + extra.len();
        if problems > 0 {
            eprintln!("codegen --check: {problems} file(s) out of date; run `cargo xtask codegen`");
            return ExitCode::from(1);
        }
        println!(
            "codegen --check: {} files up to date (generated in {} ms)",
            files.len(),
            generated_in.as_millis()
        );
        return ExitCode::SUCCESS;
    }

    for p in stale.iter().chain(&missing) {
        let target = args.out.join(p);
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&target, &files[*p]));
        if let Err(e) = written {
            eprintln!("error: {}: cannot write: {e}", target.display());
            return ExitCode::from(1);
        }
    }
    for p in &extra {
        let target = args.out.join(p);
        if let Err(e) = std::fs::remove_file(&target) {
            eprintln!("error: {}: cannot remove: {e}", target.display());
            return ExitCode::from(1);
        }
    }
    remove_empty_dirs(&args.out);
    println!(
        "codegen: {} files ({} written, {} removed, {} unchanged) in {} ms",
        files.len(),
        stale.len() + missing.len(),
        extra.len(),
        files.len() - stale.len() - missing.len(),
        start.elapsed().as_millis()
    );
    ExitCode::SUCCESS
}

/// Every file under `dir` (recursively), keyed by its path relative to `dir`; empty
/// when `dir` does not exist.
fn existing_files(dir: &Path) -> std::io::Result<BTreeMap<PathBuf, Vec<u8>>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
                out.insert(relative, std::fs::read(&path)?);
            }
        }
    }
    Ok(out)
}

/// Removes directories under `dir` left empty by removing extra files.
fn remove_empty_dirs(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            remove_empty_dirs(&path);
            let _ = std::fs::remove_dir(&path); // fails, harmlessly, when not empty
        }
    }
}
