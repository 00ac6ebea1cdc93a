//! The spec: model, loading and validation.

pub mod load;
pub mod model;
pub mod validate;

pub use load::{SourceFile, Spec, SpecError, load_dir, load_sources};
pub use model::*;
