//! The Alibaba Cloud VPN Gateway API spec as data: the model ([`model`]), the strict
//! loader ([`load_dir`], [`load_sources`]) with its semantic checks ([`validate`]), the
//! canonical text of a file ([`canonical`]), type resolution ([`resolve`]), the
//! evaluation of constraints and formats ([`constraints`], [`formats`]), and the layout
//! of a spec directory ([`layout`]).
//!
//! The generator (`codegen`), the project's commands (`xtask`), the emulator and the tests
//! all read the spec through this crate. With the `embedded` feature, [`embedded`]
//! returns the spec of this repository compiled into the binary.
//!
//! ```
//! # fn main() -> Result<(), Vec<vpn_spec::SpecError>> {
//! let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
//! let spec = vpn_spec::load_dir(dir)?;
//! assert!(spec.operations.contains_key("CreateVpnGateway"));
//! # Ok(()) }
//! ```

pub mod canonical;
pub mod constraints;
pub mod formats;
pub mod layout;
mod load;
pub mod model;
pub mod resolve;
pub mod validate;

pub use layout::FileKind;
pub use load::{
    SourceFile, Spec, SpecError, load_dir, load_sources, parse_source, read_dir,
    read_dir_with_kinds,
};
pub use model::*;
pub use resolve::{PathError, Primitive, TypeRef};

/// The text `cargo xtask spec import` leaves in every description, summary and reason it
/// drafts. `cargo xtask spec check` refuses it ([`validate::todos`]) unless `--allow-todo`.
pub const TODO: &str = "TODO: write this (drafted by cargo xtask spec import).";

/// Whether `text` is a to-do left for someone to write (it starts with `TODO`).
pub fn is_todo(text: &str) -> bool {
    text.trim_start().starts_with("TODO")
}

/// The spec of this repository, compiled in (`spec/service.json` first, then
/// `spec/operations/*.json`), loaded and validated once. The error lists every problem,
/// one per line.
#[cfg(feature = "embedded")]
pub fn embedded() -> Result<&'static Spec, String> {
    static SPEC: std::sync::OnceLock<Result<Spec, String>> = std::sync::OnceLock::new();
    SPEC.get_or_init(|| {
        load_sources(&embedded_sources()).map_err(|errors| {
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        })
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// The files [`embedded`] loads, with their display paths (`spec/service.json`...).
#[cfg(feature = "embedded")]
pub fn embedded_sources() -> Vec<SourceFile> {
    const SOURCES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
    SOURCES
        .iter()
        .map(|(path, text)| SourceFile {
            path: (*path).to_string(),
            text: (*text).to_string(),
        })
        .collect()
}
