//! Which files make up a spec directory, and in which order. This is the only place that
//! knows the layout; everything that reads a spec (the loader, `cargo xtask spec`, the
//! differ, the emulator's embedded copy, the tests) asks this module.
//!
//! ```text
//! <dir>/service.json            the service file (always first)
//! <dir>/operations/<group>.json operations files, sorted by file name
//! ```
//!
//! Anything else in the directory (the crate's own sources, `upstream/`, the JSON
//! Schema) is not part of the spec. This file uses `std` only: the crate's build script
//! includes it to embed the spec.

use std::path::{Path, PathBuf};

/// The service file's name, directly under the spec directory.
pub const SERVICE_FILE: &str = "service.json";
/// The directory of operations files, directly under the spec directory.
pub const OPERATIONS_DIR: &str = "operations";
/// The extension of every spec file.
pub const EXTENSION: &str = "json";

/// The snapshot of the official model that `cargo xtask spec audit` compares the spec
/// with, relative to the spec directory (beside the spec, not part of it; see
/// `upstream/README.md`).
pub const UPSTREAM_SNAPSHOT: &str = "upstream/vpc-2016-04-28.json";
/// The audit's baseline of known drift, relative to the spec directory.
pub const UPSTREAM_BASELINE: &str = "upstream/baseline.json";

/// Which of the two spec file kinds a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    /// `service.json`: everything stated once.
    Service,
    /// `operations/<group>.json`: a group's operations, shapes and waiters.
    Operations,
}

/// What a path relative to a spec directory is (`service.json`, `operations/x.json`), if
/// it is a spec file at all. Separators may be `/` or `\`.
pub fn kind_of(relative: &str) -> Option<FileKind> {
    let relative = relative.replace('\\', "/");
    let relative = relative.trim_start_matches("./");
    if relative == SERVICE_FILE {
        return Some(FileKind::Service);
    }
    let (dir, name) = relative.split_once('/')?;
    let is_file = !name.contains('/')
        && name
            .strip_suffix(EXTENSION)
            .is_some_and(|stem| stem.len() > 1 && stem.ends_with('.'));
    (dir == OPERATIONS_DIR && is_file).then_some(FileKind::Operations)
}

/// Puts relative spec paths in load order (the service file, then operations files by
/// name) and drops every path that is not a spec file.
pub fn order<S: AsRef<str>>(relative: impl IntoIterator<Item = S>) -> Vec<(String, FileKind)> {
    let mut files: Vec<(String, FileKind)> = relative
        .into_iter()
        .filter_map(|p| {
            let p = p.as_ref().replace('\\', "/");
            let p = p.trim_start_matches("./").to_string();
            kind_of(&p).map(|k| (p, k))
        })
        .collect();
    files.sort_by(|(a, ka), (b, kb)| (ka, a).cmp(&(kb, b)));
    files.dedup();
    files
}

/// The spec files of directory `dir`, relative to it, in load order. Fails when the
/// service file or the operations directory cannot be read.
pub fn files(dir: &Path) -> std::io::Result<Vec<(String, FileKind)>> {
    if !dir.join(SERVICE_FILE).is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("no {SERVICE_FILE} in {}", dir.display()),
        ));
    }
    let mut relative = vec![SERVICE_FILE.to_string()];
    for entry in std::fs::read_dir(dir.join(OPERATIONS_DIR))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        relative.push(format!("{OPERATIONS_DIR}/{name}"));
    }
    Ok(order(relative))
}

/// Whether `dir` holds a spec (its service file).
pub fn is_spec_dir(dir: &Path) -> bool {
    dir.join(SERVICE_FILE).is_file()
}

/// The spec directory a file belongs to: `<dir>` for `<dir>/service.json` (when
/// `<dir>/operations/` exists) or for `<dir>/operations/<name>.json` (when
/// `<dir>/service.json` exists).
pub fn enclosing_dir(file: &Path) -> Option<PathBuf> {
    let parent = file.parent()?;
    let name = file.file_name()?.to_string_lossy().into_owned();
    if name == SERVICE_FILE && parent.join(OPERATIONS_DIR).is_dir() {
        return Some(parent.to_path_buf());
    }
    if parent.file_name()? == OPERATIONS_DIR
        && kind_of(&format!("{OPERATIONS_DIR}/{name}")).is_some()
    {
        let dir = parent.parent()?;
        if dir.join(SERVICE_FILE).is_file() {
            return Some(dir.to_path_buf());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_puts_the_service_file_first_and_sorts_operations_files() {
        let got = order([
            "operations/vpn_route.json",
            "src/lib.rs",
            "service.json",
            "./operations/customer_gateway.json",
            "upstream/vpc-2016-04-28.json",
            "operations/nested/x.json",
            "operations/.json",
            "spec.schema.json",
        ]);
        let want = [
            ("service.json", FileKind::Service),
            ("operations/customer_gateway.json", FileKind::Operations),
            ("operations/vpn_route.json", FileKind::Operations),
        ];
        let want: Vec<(String, FileKind)> = want.iter().map(|(p, k)| (p.to_string(), *k)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn windows_separators_are_understood() {
        assert_eq!(kind_of("operations\\a.json"), Some(FileKind::Operations));
        assert_eq!(kind_of("operations/a.txt"), None);
    }
}
