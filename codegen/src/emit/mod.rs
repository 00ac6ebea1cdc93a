//! IR -> token streams: one function per kind of generated item.
//!
//! [`emit`] returns one token stream per output file, keyed by the file's path relative
//! to the output directory, in a `BTreeMap` (so the order never depends on hashing).
//! The submodules emit one kind of file each: `types` (structures and enums),
//! `operation` (input, output, error, fluent builder, paginator of one operation),
//! `client` (the client methods), `waiter` (waiter builders). `values` holds the
//! per-type snippets they share (setters, decoding, wire encoding, validation).
//!
//! Runtime items are always named through [`Emitter::rt`], which prefixes the one
//! runtime path held in [`Options::runtime`] (`crate` for the SDK); standard-library
//! types are always named by full path (`::std::option::Option`), so a spec shape named
//! `Result` or `Option` cannot collide.

mod client;
mod operation;
mod types;
mod values;
mod waiter;

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Docs, Ir, Operation, Scalar, Shape, Type, Waiter};

/// Generation options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The path of the runtime crate as seen from the generated code: `crate` when the
    /// output lives inside the SDK crate.
    pub runtime: String,
    /// The crate name used in doc examples (`alibabacloud_vpn`).
    pub doc_crate: String,
    /// The command named in each file's do-not-edit header.
    pub command: String,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            runtime: "crate".into(),
            doc_crate: "alibabacloud_vpn".into(),
            command: "cargo xtask codegen".into(),
        }
    }
}

/// One file to generate: what goes in it.
#[derive(Debug, Clone, Copy)]
pub enum Job<'a> {
    /// `mod.rs`: the root module and its layout doc.
    Root,
    /// `client.rs`: the client methods.
    Client,
    /// `types/mod.rs`.
    TypesModule,
    /// `types/<shape>.rs`.
    Shape(&'a Shape),
    /// `operation/mod.rs`.
    OperationModule,
    /// `operation/<operation>.rs`.
    Operation(&'a Operation),
    /// `waiters/mod.rs`.
    WaitersModule,
    /// `waiters/<waiter>.rs`.
    Waiter(&'a Waiter),
}

/// Every file of `ir`, keyed by its path relative to the output directory.
pub fn jobs(ir: &Ir) -> BTreeMap<PathBuf, Job<'_>> {
    let mut jobs = BTreeMap::new();
    jobs.insert(PathBuf::from("mod.rs"), Job::Root);
    jobs.insert(PathBuf::from("client.rs"), Job::Client);
    jobs.insert(PathBuf::from("types/mod.rs"), Job::TypesModule);
    for shape in ir.shapes.values() {
        jobs.insert(
            PathBuf::from(format!("types/{}.rs", shape.module())),
            Job::Shape(shape),
        );
    }
    jobs.insert(PathBuf::from("operation/mod.rs"), Job::OperationModule);
    for op in ir.operations.values() {
        jobs.insert(
            PathBuf::from(format!("operation/{}.rs", op.module)),
            Job::Operation(op),
        );
    }
    jobs.insert(PathBuf::from("waiters/mod.rs"), Job::WaitersModule);
    for w in ir.waiters.values() {
        jobs.insert(
            PathBuf::from(format!("waiters/{}.rs", w.module)),
            Job::Waiter(w),
        );
    }
    jobs
}

/// Emits every file of `ir` (on the calling thread).
pub fn emit(ir: &Ir, options: &Options) -> BTreeMap<PathBuf, TokenStream> {
    let e = Emitter::new(options);
    jobs(ir)
        .into_iter()
        .map(|(path, job)| (path, e.file(ir, job)))
        .collect()
}

/// Shared emitting state: the runtime prefix and naming of paths.
pub struct Emitter {
    runtime: TokenStream,
    runtime_path: String,
    doc_crate: String,
}

impl Emitter {
    /// An emitter for `options` (token streams are not `Send`: make one per thread).
    pub fn new(options: &Options) -> Self {
        let runtime = options.runtime.parse().unwrap_or_else(|_| quote!(crate));
        Self {
            runtime,
            runtime_path: options.runtime.clone(),
            doc_crate: options.doc_crate.clone(),
        }
    }

    /// The tokens of one file.
    pub fn file(&self, ir: &Ir, job: Job<'_>) -> TokenStream {
        match job {
            Job::Root => self.root_module(ir),
            Job::Client => client::client_file(self, ir),
            Job::TypesModule => types::types_module(self, ir),
            Job::Shape(shape) => types::shape_file(self, ir, shape),
            Job::OperationModule => operation::operation_module(self, ir),
            Job::Operation(op) => operation::operation_file(self, ir, op),
            Job::WaitersModule => waiter::waiters_module(self, ir),
            Job::Waiter(w) => waiter::waiter_file(self, ir, w),
        }
    }

    /// The runtime root as text, for intra-doc links (`crate`).
    pub fn runtime_path(&self) -> &str {
        &self.runtime_path
    }

    /// A runtime item by path below the runtime root: `rt("error::SdkError")` ->
    /// `crate::error::SdkError`.
    pub fn rt(&self, path: &str) -> TokenStream {
        let root = &self.runtime;
        let mut tokens = quote!(#root);
        for segment in path.split("::") {
            let id = ident(segment);
            tokens = quote!(#tokens::#id);
        }
        tokens
    }

    /// The crate name used in doc examples.
    pub fn doc_crate(&self) -> &str {
        &self.doc_crate
    }

    /// The Rust type of `ty`, naming generated shapes below `types` (a path to the
    /// generated `types` module as seen from the emitting module).
    pub fn ty(&self, ty: &Type, types: &TokenStream) -> TokenStream {
        match ty {
            Type::Scalar(Scalar::String) => quote!(::std::string::String),
            Type::Scalar(Scalar::I32) => quote!(i32),
            Type::Scalar(Scalar::I64) => quote!(i64),
            Type::Scalar(Scalar::F64) => quote!(f64),
            Type::Scalar(Scalar::Bool) => quote!(bool),
            Type::Scalar(Scalar::EpochMillis) => self.rt("time::EpochMillis"),
            Type::Struct(name) | Type::Enum(name) => {
                let id = ident(name);
                quote!(#types::#id)
            }
            Type::List(item) => {
                let item = self.ty(item, types);
                quote!(::std::vec::Vec<#item>)
            }
            Type::Option(inner) => {
                let inner = self.ty(inner, types);
                quote!(::std::option::Option<#inner>)
            }
        }
    }

    fn root_module(&self, ir: &Ir) -> TokenStream {
        let mut docs = Docs::new();
        docs.markdown(&format!(
            "The {} API (version {}), generated from the spec.",
            ir.service.title, ir.service.api_version
        ));
        docs.markdown(
            "Layout, one job per module, so a reader finds an operation in one place:\n\
             \n\
             - `operation/<name>.rs`: everything about one operation: its input and \
             input builder, output and output builder, error enum, fluent builder and, \
             when it pages, its paginator. A diff of the spec for one operation touches \
             one file.\n\
             - `types/<name>.rs`: one file per shared shape (structures and open enums) \
             used by several operations; `types/mod.rs` re-exports them flat.\n\
             - `client.rs`: one method per operation on the client, returning the fluent \
             builder (the entry point users see).\n\
             - `waiters/<name>.rs`: one waiter builder per spec waiter, with its \
             `wait_until_*` client method.\n\
             \n\
             Generated code names runtime items by full path from one prefix and sibling \
             generated items by relative path (`super::`), so the same output compiles \
             at any depth in the crate (the generator's snapshot tests compile it in a \
             test module).",
        );
        let attrs = inner_docs(&docs);
        let common = &ir.service.common_error_codes;
        let common_doc = doc_lines(&[
            "The service-wide error codes (the spec's `service.common_errors`): errors of a",
            "request as a whole (signature, throttling, ...), never of a resource it names.",
        ]);
        let mut secret_names = std::collections::BTreeSet::new();
        let shape_members = ir.shapes.values().flat_map(|shape| match shape {
            Shape::Struct(s) => s.members.as_slice(),
            Shape::Enum(_) => &[],
        });
        let op_members = ir
            .operations
            .values()
            .flat_map(|op| op.request.iter().chain(&op.response));
        for m in shape_members.chain(op_members).filter(|m| m.secret) {
            secret_names.insert(m.wire_name.as_str());
        }
        let secret_names = secret_names.into_iter();
        let decoders = ir.operations.values().map(|op| {
            let action = &op.action;
            let module = ident(&op.module);
            let output = ident(&op.output);
            let decode = self.rt("decode::Decode");
            let agrees = self.rt("decode::agrees");
            let mut keys = std::collections::BTreeSet::new();
            keys.insert(format!("{action}Response"));
            response_keys(ir, &op.response, &mut keys, &mut Default::default());
            let keys = keys.into_iter();
            quote! {
                (#action, &[#(#keys),*], |value| {
                    <operation::#module::#output as #decode>::decode(value, "").map(drop)
                }, #agrees::<operation::#module::#output>),
            }
        });
        let decode_error = self.rt("error::DecodeError");
        let dry_run = match &ir.service.dry_run_error {
            Some(code) => quote! { Some(#code) },
            None => quote! { None },
        };
        let dry_run_doc = doc_lines(&[
            "The common error code that answers a dry run whose checks all passed (the spec's",
            "`service.dry_run_error`), when the service has dry runs.",
        ]);
        let region = &ir.service.region_parameter;
        let region_doc = doc_lines(&[format!(
            "The request parameter that names the region (`{region}`, the spec's \
             `service.region_parameter`): the runtime fills it from the client's region \
             and picks the endpoint from it."
        )]);
        let api_version = &ir.service.api_version;
        let version_doc = doc_lines(&[format!(
            "The API version every request names (`{api_version}`, the spec's \
             `service.api_version`)."
        )]);
        quote! {
            #attrs
            #![warn(missing_docs)]

            #version_doc
            pub const API_VERSION: &str = #api_version;

            #common_doc
            pub(crate) const COMMON_ERROR_CODES: &[&str] = &[#(#common),*];
            #dry_run_doc
            pub(crate) const DRY_RUN_ERROR_CODE: Option<&str> = #dry_run;
            #region_doc
            pub const REGION_PARAMETER: &str = #region;

            mod client;
            pub mod operation;
            pub mod types;
            pub mod waiters;

            /// The wire names of every member the spec marks secret, in requests and
            /// responses: the runtime scrubs their values from the bodies it keeps in
            /// errors.
            pub(crate) const SECRET_MEMBERS: &[&str] = &[#(#secret_names),*];

            /// Every operation's output decoder, with the JSON keys its answer can hold
            /// (member and list-wrapper names, nested ones included), and the check that
            /// its one-pass decoder agrees with the parsed-tree one, for the runtime's
            /// property tests.
            #[cfg(test)]
            #[allow(clippy::type_complexity)]
            pub(crate) const OUTPUT_DECODERS: &[(
                &str,
                &[&str],
                fn(&::serde_json::Value) -> ::std::result::Result<(), #decode_error>,
                fn(&str, &[u8]) -> ::std::option::Option<bool>,
            )] = &[#(#decoders)*];
        }
    }
}

/// The wire names (and list wrappers) a response with `members` can hold, nested
/// structures included (each visited once).
fn response_keys(
    ir: &Ir,
    members: &[crate::ir::Member],
    keys: &mut std::collections::BTreeSet<String>,
    seen: &mut std::collections::BTreeSet<String>,
) {
    for m in members {
        keys.insert(m.wire_name.clone());
        if let Some(w) = &m.wrapper {
            keys.insert(w.clone());
        }
        let mut ty = &m.ty;
        while let Type::List(inner) | Type::Option(inner) = ty {
            ty = inner;
        }
        if let Type::Struct(name) = ty
            && seen.insert(name.clone())
            && let Some(Shape::Struct(s)) = ir.shapes.get(name)
        {
            response_keys(ir, &s.members, keys, seen);
        }
    }
}

/// An identifier, raw when written `r#name`.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Outer doc attributes (`///`), one per line.
pub fn docs(docs: &Docs) -> TokenStream {
    let lines = docs.lines().iter().map(|l| doc_line(l));
    quote!(#(#[doc = #lines])*)
}

/// Outer doc attributes from generator-written lines.
pub fn doc_lines<S: AsRef<str>>(lines: &[S]) -> TokenStream {
    let lines = lines.iter().map(|l| doc_line(l.as_ref()));
    quote!(#(#[doc = #lines])*)
}

/// Inner doc attributes (`//!`), one per line.
pub fn inner_docs(docs: &Docs) -> TokenStream {
    let lines = docs.lines().iter().map(|l| doc_line(l));
    quote!(#(#![doc = #lines])*)
}

fn doc_line(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
}
