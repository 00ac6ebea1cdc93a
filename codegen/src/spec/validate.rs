//! Semantic validation (filled in next).
use crate::spec::{Spec, SpecError};
/// Semantic checks over a parsed spec.
pub fn validate(_spec: &Spec) -> Vec<SpecError> {
    Vec::new()
}
