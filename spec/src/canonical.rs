//! The canonical text of a spec file, so that formatting never shows up in a diff.
//!
//! A file is canonical when it equals its own re-serialisation through the model: keys in
//! struct field order (maps sorted by name, as `BTreeMap`s are), optional keys omitted when
//! empty or default, 2-space indentation, non-ASCII characters written as UTF-8 (not
//! `\u` escapes) and one trailing newline. `cargo xtask spec fmt` rewrites files into this
//! form; `cargo xtask spec fmt --check` and `cargo xtask spec check` list files that are
//! not in it.

use serde::Serialize;

pub use crate::layout::FileKind;
use crate::model::{OperationsFile, ServiceFile};
use crate::{SourceFile, SpecError, parse_source};

/// Serialises any model value in canonical form (2-space indent, trailing newline).
pub fn to_canonical_string<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("spec model values always serialise");
    text.push('\n');
    text
}

/// Parses `src` strictly as a file of the given kind and returns its canonical text.
pub fn canonicalize(src: &SourceFile, kind: FileKind) -> Result<String, SpecError> {
    match kind {
        FileKind::Service => parse_source::<ServiceFile>(src).map(|f| to_canonical_string(&f)),
        FileKind::Operations => {
            parse_source::<OperationsFile>(src).map(|f| to_canonical_string(&f))
        }
    }
}

/// Whether `src` is already canonical (`Ok(false)` when it parses but differs).
pub fn is_canonical(src: &SourceFile, kind: FileKind) -> Result<bool, SpecError> {
    canonicalize(src, kind).map(|text| text == src.text)
}
