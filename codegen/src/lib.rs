//! The VPN Gateway SDK generator.
//!
//! Layers, each in its own module:
//! - [`spec`]: the spec model, loading and validation (the `alibabacloud-vpn-spec` crate,
//!   re-exported);
//! - [`ir`]: the intermediate representation (Rust names, classified members, docs),
//!   built by [`ir::lower`]; names are decided by [`naming`];
//! - [`emit`]: one function per kind of generated item, returning token streams;
//! - [`render`]: `syn::File` -> `prettyplease` -> files with a do-not-edit header;
//! - [`upstream`]: the official model's snapshot, the audit of the spec against it, and the
//!   importer of operations the spec lacks.
//!
//! [`generate`] runs them all: `cargo xtask codegen` writes its result under
//! `sdk/src/generated/`, and tests call it directly.

pub mod diff;
pub mod emit;
pub mod ir;
pub mod naming;
pub mod render;
pub mod upstream;
pub use vpn_spec as spec;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

pub use emit::Options;
pub use ir::GenerateError;

/// Why generation failed.
#[derive(Debug)]
pub enum Error {
    /// The spec cannot be turned into code (a name collision, an unsupported shape...).
    Ir(GenerateError),
    /// A generated file does not parse (a generator bug).
    Render {
        /// The file.
        path: PathBuf,
        /// The parse error.
        error: syn::Error,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Ir(e) => write!(f, "cannot generate: {e}"),
            Error::Render { path, error } => {
                write!(f, "generated {} does not parse: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for Error {}

/// Generates the SDK's files from `spec` with the default options (runtime at `crate`):
/// paths relative to the output directory (`operation/describe_vpn_gateways.rs`) and
/// their contents, in path order.
pub fn generate(spec: &spec::Spec) -> Result<BTreeMap<PathBuf, String>, Error> {
    generate_with(spec, &Options::default())
}

/// [`generate`] with explicit options.
///
/// Files are emitted and formatted on up to `available_parallelism` threads (each with
/// its own emitter, as token streams are not `Send`); the result does not depend on the
/// number of threads or their timing.
pub fn generate_with(
    spec: &spec::Spec,
    options: &Options,
) -> Result<BTreeMap<PathBuf, String>, Error> {
    let ir = ir::lower(spec).map_err(Error::Ir)?;
    let jobs: Vec<(PathBuf, emit::Job<'_>)> = emit::jobs(&ir).into_iter().collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, jobs.len().max(1));
    let render_share = |share: usize| -> Vec<Result<(PathBuf, String), Error>> {
        let emitter = emit::Emitter::new(options);
        jobs.iter()
            .skip(share)
            .step_by(threads)
            .map(|(path, job)| {
                render::render(emitter.file(&ir, *job), &options.command)
                    .map(|text| (path.clone(), text))
                    .map_err(|error| Error::Render {
                        path: path.clone(),
                        error,
                    })
            })
            .collect()
    };
    let results: Vec<Result<(PathBuf, String), Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads)
            .map(|share| scope.spawn(move || render_share(share)))
            .collect();
        let mut all = render_share(0);
        for handle in handles {
            match handle.join() {
                Ok(share) => all.extend(share),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    results.into_iter().collect()
}
