//! The VPN Gateway SDK generator.
//!
//! Layers, each in its own module:
//! - [`spec`]: the spec model (serde structs), loading and validation;
//! - `ir`: the intermediate representation (Rust names, classified members, docs);
//! - `emit`: one function per kind of generated item, returning token streams;
//! - `render`: `syn::File` -> `prettyplease` -> files with a do-not-edit header.

pub mod spec;
