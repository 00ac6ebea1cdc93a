//! The spec crate's integration tests, one test binary: every semantic check with a broken
//! spec and its exact message, canonical form, the JSON Schema, and coverage of the API
//! reference.

mod canonical;
mod coverage;
mod mutation_props;
mod schema;
mod validation;
