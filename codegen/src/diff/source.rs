//! Where the two specs of a diff come from: a spec directory, a single spec file, or a git
//! revision.
//!
//! An argument is resolved in this order:
//!
//! 1. An existing **directory**: a spec directory (`service.json` + `operations/*.json`),
//!    or a directory holding one under the workspace's spec path (so `.` at the repository
//!    root means `./spec`).
//! 2. An existing **file**. A file inside a spec directory (`<dir>/service.json` or
//!    `<dir>/operations/<name>.json`) stands for that whole directory. Any other file is a
//!    standalone copy of one spec file that replaces its counterpart in a *base* spec: the
//!    other side of the diff (when that is a directory or a revision), else the
//!    workspace's spec directory. A file with a top-level `service` key replaces
//!    `service.json`; an operations file replaces the base operations file that defines the
//!    most of the same operation, shape and waiter names (the same file name breaks ties),
//!    or is added when it shares none. So `diff /tmp/vpn_gateway.json spec` compares an
//!    old copy of one file against today's spec.
//! 3. Otherwise a **git revision** (`main`, `HEAD~1`, `v0.1.0`, a commit), read with
//!    `git show REV:<spec>/service.json` and `git ls-tree REV <spec>/operations/` in the
//!    workspace root; `REV:PATH` reads the spec directory `PATH` of that revision instead.
//!
//! An existing path always wins over a revision of the same name.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::spec::layout;
use crate::spec::{SourceFile, Spec, SpecError, load_sources};

/// Where relative paths and revisions are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    /// The repository root: git commands run here, and its `spec_dir` is the default base.
    pub root: PathBuf,
    /// The spec directory, relative to `root` (normally `spec`).
    pub spec_dir: String,
    /// The directory relative paths on the command line are resolved against.
    pub cwd: PathBuf,
}

/// A resolved command-line argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecSource {
    /// A spec directory: `path` to read, `display` to show in messages.
    Dir {
        /// The directory, resolved against the working directory.
        path: PathBuf,
        /// The directory as the user named it (e.g. `spec` or `./spec`).
        display: String,
    },
    /// A standalone spec file that replaces its counterpart in a base spec.
    File {
        /// The file, resolved against the working directory.
        path: PathBuf,
        /// The file as the user named it.
        display: String,
    },
    /// A spec directory inside a git revision.
    Git {
        /// The revision as given (`main`, `HEAD~1`...).
        rev: String,
        /// The spec directory inside the revision's tree, relative to the root.
        dir: String,
    },
}

/// Why a diff could not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// A bad argument, a missing revision, or git failing.
    Usage(String),
    /// One side's spec does not load; `side` is `old` or `new`.
    Spec {
        /// `old` or `new`.
        side: &'static str,
        /// The argument as given.
        label: String,
        /// Every error, each naming its file and JSON path.
        errors: Vec<SpecError>,
    },
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Usage(m) => f.write_str(m),
            LoadError::Spec {
                side,
                label,
                errors,
            } => {
                write!(f, "the {side} spec ({label}) does not load:")?;
                for e in errors {
                    write!(f, "\n  {e}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Resolves one command-line argument (see the module documentation).
pub fn resolve(arg: &str, ws: &Workspace) -> Result<SpecSource, LoadError> {
    let path = ws.cwd.join(arg);
    let shown = |p: &Path| p.to_string_lossy().replace('\\', "/");
    if path.is_dir() {
        if layout::is_spec_dir(&path) {
            return Ok(SpecSource::Dir {
                path,
                display: arg.trim_end_matches('/').to_string(),
            });
        }
        let nested = path.join(&ws.spec_dir);
        if layout::is_spec_dir(&nested) {
            return Ok(SpecSource::Dir {
                path: nested,
                display: shown(&Path::new(arg).join(&ws.spec_dir)),
            });
        }
        return Err(LoadError::Usage(format!(
            "`{arg}` is a directory but not a spec directory (no {} in it or in its {}/)",
            layout::SERVICE_FILE,
            ws.spec_dir
        )));
    }
    if path.is_file() {
        if let Some(dir) = layout::enclosing_dir(&path) {
            let levels = if path.parent() == Some(dir.as_path()) {
                1
            } else {
                2
            };
            let mut named = Path::new(arg);
            for _ in 0..levels {
                named = named.parent().unwrap_or(Path::new(""));
            }
            let display = match shown(named) {
                d if d.is_empty() => ".".to_string(),
                d => d,
            };
            return Ok(SpecSource::Dir { path: dir, display });
        }
        return Ok(SpecSource::File {
            path,
            display: arg.to_string(),
        });
    }
    let (rev, dir) = match arg.split_once(':') {
        Some((rev, dir)) if !rev.is_empty() => (rev, dir.trim_end_matches('/').to_string()),
        _ => (arg, ws.spec_dir.clone()),
    };
    let ok = git(
        &ws.root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    );
    if ok.is_err() {
        return Err(LoadError::Usage(format!(
            "`{arg}` is neither a spec directory, a spec file nor a git revision"
        )));
    }
    Ok(SpecSource::Git {
        rev: rev.to_string(),
        dir: if dir.is_empty() { ".".to_string() } else { dir },
    })
}

/// The source files of a directory or revision: the service file first, then the
/// operations files sorted by name.
pub fn read_sources(src: &SpecSource, ws: &Workspace) -> Result<Vec<SourceFile>, Vec<SpecError>> {
    match src {
        SpecSource::Dir { path, display } => read_dir(path, display),
        SpecSource::Git { rev, dir } => read_git(rev, dir, ws),
        SpecSource::File { path, display } => {
            let base = SpecSource::Dir {
                path: ws.root.join(&ws.spec_dir),
                display: ws.spec_dir.clone(),
            };
            let sources = read_sources(&base, ws)?;
            substitute(sources, path, display)
        }
    }
}

fn one_error(file: &str, message: String) -> Vec<SpecError> {
    vec![SpecError {
        file: file.to_string(),
        path: String::new(),
        message,
    }]
}

fn read_dir(dir: &Path, display: &str) -> Result<Vec<SourceFile>, Vec<SpecError>> {
    crate::spec::read_dir(dir, display)
}

fn git(repo: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    String::from_utf8(out.stdout).map_err(|e| format!("git output is not UTF-8: {e}"))
}

fn read_git(rev: &str, dir: &str, ws: &Workspace) -> Result<Vec<SourceFile>, Vec<SpecError>> {
    let prefix = if dir == "." {
        String::new()
    } else {
        format!("{dir}/")
    };
    let show = |rel: &str| format!("{rev}:{prefix}{rel}");
    let read = |rel: &str| {
        git(&ws.root, &["show", &format!("{rev}:./{prefix}{rel}")])
            .map(|text| SourceFile {
                path: show(rel),
                text,
            })
            .map_err(|e| one_error(&show(rel), format!("cannot read from git: {e}")))
    };
    let mut args = vec!["ls-tree", "-r", "--name-only", "--full-tree", rev];
    if !prefix.is_empty() {
        args.extend(["--", prefix.as_str()]);
    }
    let listing = git(&ws.root, &args)
        .map_err(|e| one_error(&show(""), format!("cannot list from git: {e}")))?;
    let relative: Vec<&str> = listing
        .lines()
        .filter_map(|l| l.strip_prefix(prefix.as_str()))
        .collect();
    let files = layout::order(relative);
    if files.first().map(|(_, k)| *k) != Some(layout::FileKind::Service) {
        return Err(one_error(
            &show(layout::SERVICE_FILE),
            "cannot read from git: the revision has no service file there".to_string(),
        ));
    }
    let mut sources = Vec::with_capacity(files.len());
    for (rel, _) in files {
        sources.push(read(&rel)?);
    }
    Ok(sources)
}

/// Replaces the counterpart of the standalone file `path` in `base` (see the module
/// documentation).
fn substitute(
    mut base: Vec<SourceFile>,
    path: &Path,
    display: &str,
) -> Result<Vec<SourceFile>, Vec<SpecError>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| one_error(display, format!("cannot read: {e}")))?;
    let file = SourceFile {
        path: display.to_string(),
        text,
    };
    let value: serde_json::Value = serde_json::from_str(&file.text).unwrap_or_default();
    if value.get("service").is_some() {
        base[0] = file;
        return Ok(base);
    }
    let names = |v: &serde_json::Value| -> Vec<String> {
        ["operations", "shapes", "waiters"]
            .iter()
            .filter_map(|section| v.get(section)?.as_object())
            .flat_map(|m| m.keys().cloned())
            .collect()
    };
    let mine = names(&value);
    let file_name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
    let own_name = file_name(display);
    let best = base
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, src)| {
            let theirs = names(&serde_json::from_str(&src.text).unwrap_or_default());
            let overlap = mine.iter().filter(|n| theirs.contains(n)).count();
            let same_name = file_name(&src.path) == own_name;
            (overlap, same_name, std::cmp::Reverse(i))
        })
        .filter(|(overlap, same_name, _)| *overlap > 0 || *same_name)
        .max();
    match best {
        Some((_, _, std::cmp::Reverse(i))) => base[i] = file,
        None => base.push(file),
    }
    Ok(base)
}

/// Loads both sides. A standalone file takes the other side as its base (see the module
/// documentation).
pub fn load_pair(old: &str, new: &str, ws: &Workspace) -> Result<(Spec, Spec), LoadError> {
    let (old_src, new_src) = (resolve(old, ws)?, resolve(new, ws)?);
    let side = |name: &'static str, label: &str, src: &SpecSource, other: &SpecSource| {
        let sources = match (src, other) {
            (
                SpecSource::File { path, display },
                SpecSource::Dir { .. } | SpecSource::Git { .. },
            ) => read_sources(other, ws).and_then(|base| substitute(base, path, display)),
            _ => read_sources(src, ws),
        };
        sources
            .and_then(|s| load_sources(&s))
            .map_err(|errors| LoadError::Spec {
                side: name,
                label: label.to_string(),
                errors,
            })
    };
    let old_spec = side("old", old, &old_src, &new_src)?;
    let new_spec = side("new", new, &new_src, &old_src)?;
    Ok((old_spec, new_spec))
}
