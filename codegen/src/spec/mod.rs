//! The spec: model, loading, validation and canonical formatting.

pub mod canonical;
pub mod load;
pub mod model;
pub mod resolve;
pub mod validate;

pub use load::{SourceFile, Spec, SpecError, load_dir, load_sources};
pub use model::*;
pub use resolve::{PathError, Primitive, TypeRef};
