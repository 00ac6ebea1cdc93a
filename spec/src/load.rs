//! Loading a spec directory: strict parsing of every file, then semantic validation.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::layout;
use crate::model::{Operation, OperationsFile, Resource, Service, ServiceFile, Shape, Waiter};

/// A whole loaded spec: the service file plus every operations file, merged.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// Service-wide facts.
    pub service: Service,
    /// All operations, keyed by Action name.
    pub operations: BTreeMap<String, Operation>,
    /// All shapes, keyed by name.
    pub shapes: BTreeMap<String, Shape>,
    /// All waiters, keyed by name.
    pub waiters: BTreeMap<String, Waiter>,
    /// All resources, keyed by name.
    pub resources: BTreeMap<String, Resource>,
    /// Which file defined each operation, shape, waiter and resource (for error messages
    /// and diffs), keyed `operations.<Name>`, `shapes.<Name>`, `waiters.<Name>` and
    /// `resources.<Name>`.
    pub origins: BTreeMap<String, String>,
    /// The path of the service file, as given to the loader (for service-level errors).
    pub service_file: String,
}

/// One spec source file: a display path and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path shown in messages, e.g. `spec/operations/vpn_gateway.json`.
    pub path: String,
    /// File contents.
    pub text: String,
}

/// A spec error: the file, the JSON path inside it, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// The file, as given to the loader.
    pub file: String,
    /// Dotted JSON path, e.g. `operations.CreateVpnGateway.request.Bandwidth.type`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.path, self.message)
        }
    }
}

impl std::error::Error for SpecError {}

/// Loads the spec directory `dir` (its files as [`crate::layout`] lists them). Paths
/// in messages are `dir` joined with each file's relative path.
pub fn load_dir(dir: &Path) -> Result<Spec, Vec<SpecError>> {
    let display = dir.to_string_lossy().replace('\\', "/");
    load_sources(&read_dir(dir, &display)?)
}

/// Reads the files of spec directory `dir` in load order; each [`SourceFile::path`] is
/// `display` joined with the file's relative path (just the relative path when
/// `display` is empty or `.`).
pub fn read_dir(dir: &Path, display: &str) -> Result<Vec<SourceFile>, Vec<SpecError>> {
    read_dir_with_kinds(dir, display).map(|files| files.into_iter().map(|(f, _)| f).collect())
}

/// [`read_dir`], with the kind of each file.
pub fn read_dir_with_kinds(
    dir: &Path,
    display: &str,
) -> Result<Vec<(SourceFile, layout::FileKind)>, Vec<SpecError>> {
    let show = |relative: &str| {
        let display = display.trim_end_matches('/');
        if display.is_empty() || display == "." {
            relative.to_string()
        } else {
            format!("{display}/{relative}")
        }
    };
    let one = |file: String, message: String| {
        vec![SpecError {
            file,
            path: String::new(),
            message,
        }]
    };
    let files = layout::files(dir).map_err(|e| {
        one(
            show(layout::OPERATIONS_DIR),
            format!("cannot read the spec directory: {e}"),
        )
    })?;
    files
        .into_iter()
        .map(|(relative, kind)| {
            let path: PathBuf = dir.join(&relative);
            std::fs::read_to_string(&path)
                .map(|text| {
                    let file = SourceFile {
                        path: show(&relative),
                        text,
                    };
                    (file, kind)
                })
                .map_err(|e| one(show(&relative), format!("cannot read: {e}")))
        })
        .collect()
}

/// Loads a spec from in-memory sources: the first is the service file, the rest are
/// operations files. Returns every error found, not just the first.
pub fn load_sources(sources: &[SourceFile]) -> Result<Spec, Vec<SpecError>> {
    let mut errors = Vec::new();
    let Some((first, rest)) = sources.split_first() else {
        return Err(vec![SpecError {
            file: "<spec>".into(),
            path: String::new(),
            message: "no spec files given".into(),
        }]);
    };
    let service: Option<ServiceFile> = parse(first, &mut errors);
    let mut spec = Spec {
        service: match service {
            Some(s) => s.service,
            None => return Err(errors),
        },
        operations: BTreeMap::new(),
        shapes: BTreeMap::new(),
        waiters: BTreeMap::new(),
        resources: BTreeMap::new(),
        origins: BTreeMap::new(),
        service_file: first.path.clone(),
    };
    for src in rest {
        let Some(file): Option<OperationsFile> = parse(src, &mut errors) else {
            continue;
        };
        merge(
            &mut spec,
            src,
            "operations",
            file.operations,
            |s| &mut s.operations,
            &mut errors,
        );
        merge(
            &mut spec,
            src,
            "shapes",
            file.shapes,
            |s| &mut s.shapes,
            &mut errors,
        );
        merge(
            &mut spec,
            src,
            "waiters",
            file.waiters,
            |s| &mut s.waiters,
            &mut errors,
        );
        merge(
            &mut spec,
            src,
            "resources",
            file.resources,
            |s| &mut s.resources,
            &mut errors,
        );
    }
    if errors.is_empty() {
        errors.extend(crate::validate::validate(&spec));
    }
    if errors.is_empty() {
        Ok(spec)
    } else {
        Err(errors)
    }
}

fn parse<T: serde::de::DeserializeOwned>(
    src: &SourceFile,
    errors: &mut Vec<SpecError>,
) -> Option<T> {
    parse_source(src).map_err(|e| errors.push(e)).ok()
}

/// Strictly parses one source file as `T` (a [`ServiceFile`] or an
/// [`OperationsFile`]); the error names the JSON path
/// where parsing stopped, e.g. an unknown key.
pub fn parse_source<T: serde::de::DeserializeOwned>(src: &SourceFile) -> Result<T, SpecError> {
    let de = &mut serde_json::Deserializer::from_str(&src.text);
    serde_path_to_error::deserialize::<_, T>(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        SpecError {
            file: src.path.clone(),
            path: if path == "." { String::new() } else { path },
            message: format!("{inner}"),
        }
    })
}

fn merge<T>(
    spec: &mut Spec,
    src: &SourceFile,
    section: &str,
    items: BTreeMap<String, T>,
    target: impl Fn(&mut Spec) -> &mut BTreeMap<String, T>,
    errors: &mut Vec<SpecError>,
) {
    for (name, item) in items {
        let key = format!("{section}.{name}");
        if let Some(prev) = spec.origins.get(&key) {
            errors.push(SpecError {
                file: src.path.clone(),
                path: key.clone(),
                message: format!("duplicate name \"{name}\" (already defined in {prev})"),
            });
            continue;
        }
        spec.origins.insert(key, src.path.clone());
        target(spec).insert(name, item);
    }
}
