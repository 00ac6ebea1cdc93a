//! The spec: model, loading and validation.

pub mod load;
pub mod model;
pub mod validate;

pub use load::{load_dir, load_sources, SourceFile, Spec, SpecError};
pub use model::*;
