//! The intermediate representation: what to generate, with every decision made.
//!
//! Built from a [`Spec`](crate::spec::Spec) by [`lower`]. Names are already Rust
//! identifiers (escaped, collision-checked), members are classified (required, wire name,
//! encoding, constraints, secrecy), docs are cleaned. The emitter only prints.
//!
//! The type model is one closed enum, [`Type`], so emitting a type is an exhaustive
//! `match`. All collections are ordered (`Vec` in spec order or `BTreeMap`), so output
//! never depends on hash order.

mod docs;
mod lower;

use std::collections::BTreeMap;

pub use docs::{Docs, clean};
pub use lower::{GenerateError, lower};

/// The whole API, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Ir {
    /// Service-wide facts.
    pub service: Service,
    /// Structures and enums, keyed by Rust type name.
    pub shapes: BTreeMap<String, Shape>,
    /// Operations, keyed by module name (`describe_vpn_gateways`).
    pub operations: BTreeMap<String, Operation>,
    /// Waiters, keyed by module name (`vpn_gateway_active`).
    pub waiters: BTreeMap<String, Waiter>,
}

impl Ir {
    /// The shape lowered from the spec shape `spec_name` (shapes are keyed by Rust name).
    pub fn shape_for(&self, spec_name: &str) -> Option<&Shape> {
        self.shapes.get(&crate::naming::type_name(spec_name))
    }
}

/// Service-wide facts.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Human title (`Alibaba Cloud VPN Gateway`).
    pub title: String,
    /// API version (`2016-04-28`).
    pub api_version: String,
    /// Wire name of the region parameter (`RegionId`).
    pub region_parameter: String,
    /// The service-wide error codes (`service.common_errors`), sorted: errors of a
    /// request as a whole (signature, throttling, ...), never of a resource it names.
    pub common_error_codes: Vec<String>,
    /// The common error code that answers a dry run whose checks passed
    /// (`service.dry_run_error`, `DryRunOperation`).
    pub dry_run_error: Option<String>,
    /// Service description.
    pub docs: Docs,
}

/// A scalar type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scalar {
    /// `String`.
    String,
    /// `i32` (spec `integer`).
    I32,
    /// `i64` (spec `long`).
    I64,
    /// `f64` (spec `float`).
    F64,
    /// `bool` (spec `boolean`).
    Bool,
    /// `crate::time::EpochMillis` (a `long` with `format: epoch_millis`).
    EpochMillis,
}

impl Scalar {
    /// Whether the type is `Copy` (getters return it by value).
    pub fn is_copy(self) -> bool {
        !matches!(self, Scalar::String)
    }

    /// Whether the numeric constraints (`values`, `ranges`, `forbidden_values`) apply.
    pub fn is_integer(self) -> bool {
        matches!(self, Scalar::I32 | Scalar::I64)
    }
}

/// The Rust type of a value: one closed enum.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Type {
    /// A scalar.
    Scalar(Scalar),
    /// A generated structure, by Rust type name.
    Struct(String),
    /// A generated open enum, by Rust type name.
    Enum(String),
    /// `Vec<T>`.
    List(Box<Type>),
    /// `Option<T>`.
    Option(Box<Type>),
}

impl Type {
    /// The type inside an `Option`, or the type itself.
    pub fn unwrap_option(&self) -> &Type {
        match self {
            Type::Option(inner) => inner,
            other => other,
        }
    }
}

/// How a request parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `Name=value`.
    Plain,
    /// A structure (or list) serialized to one JSON string.
    JsonString,
    /// A list flattened as `Name.1=...`, `Name.1.Key=...`.
    Flattened,
}

/// A compiled-once regular expression a string must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The regex (regex-lite syntax, checked by the generator).
    pub regex: String,
    /// English text for the error message ("start with a letter ...").
    pub description: String,
    /// Name of the `static` holding the compiled regex (`NAME_PATTERN`).
    pub static_name: String,
}

/// Validation rules of a member (all must hold).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Constraints {
    /// Allowed discrete values (integers).
    pub values: Vec<i64>,
    /// Allowed inclusive ranges (integers); union with `values`.
    pub ranges: Vec<(i64, i64)>,
    /// Forbidden values (integers).
    pub forbidden_values: Vec<i64>,
    /// Minimum length in characters (strings).
    pub min_length: Option<u32>,
    /// Maximum length in characters (strings).
    pub max_length: Option<u32>,
    /// A pattern (strings).
    pub pattern: Option<Pattern>,
    /// Forbidden prefixes (strings).
    pub forbidden_prefixes: Vec<String>,
    /// ASCII only (strings).
    pub ascii: bool,
}

impl Constraints {
    /// Whether there is nothing to check.
    pub fn is_empty(&self) -> bool {
        self == &Constraints::default()
    }
}

/// A member of an input, output or structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Wire name (`VpnGatewayId`).
    pub wire_name: String,
    /// Field and setter identifier (`vpn_gateway_id`, `r#type`).
    pub field: String,
    /// Identifier stem (`type` for `r#type`): the field's name in `Debug` output.
    pub stem: String,
    /// The builders' `set_x(Option<..>)` method (`set_type`).
    pub set_fn: String,
    /// The builders' `get_x()` method (`get_type`).
    pub get_fn: String,
    /// The value type (no `Option`).
    pub ty: Type,
    /// The field's type as stored (`Option<T>`, or `Vec<T>` for response lists).
    pub field_ty: Type,
    /// Required (requests) or always present (responses).
    pub required: bool,
    /// Whether this is the service's region parameter (filled from the client).
    pub is_region: bool,
    /// How it travels (requests).
    pub encoding: Encoding,
    /// Inner key of a wrapped response list (`VpnGateway` under `VpnGateways`).
    pub wrapper: Option<String>,
    /// Validation rules.
    pub constraints: Constraints,
    /// The member itself is secret (redacted in `Debug`, `insert_secret` on the wire).
    pub secret: bool,
    /// The member's value contains a secret (itself or a nested member).
    pub carries_secret: bool,
    /// Example value, as text.
    pub example: Option<String>,
    /// Documentation.
    pub docs: Docs,
}

/// A structure shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Rust type name.
    pub name: String,
    /// Builder type name (`<name>Builder`).
    pub builder: String,
    /// Module (file) name under `types/`.
    pub module: String,
    /// Documentation.
    pub docs: Docs,
    /// Members in wire-name order.
    pub members: Vec<Member>,
    /// Some member is itself secret: `Debug` is written by hand to redact it.
    pub has_secret_member: bool,
    /// Used (directly or nested) in a request: gets `validate()`.
    pub in_request: bool,
    /// Serialized to JSON in some request: gets `to_json()`.
    pub json_encoded: bool,
    /// Flattened into `Name.N.Key` parameters in some request: gets `to_flat_params()`.
    pub flattened: bool,
}

/// One value of an open enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Variant identifier.
    pub name: String,
    /// Wire value.
    pub value: String,
    /// Documentation.
    pub docs: Docs,
}

/// An open enum shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Rust type name.
    pub name: String,
    /// Module (file) name under `types/`.
    pub module: String,
    /// Documentation.
    pub docs: Docs,
    /// Documented values, in documentation order.
    pub variants: Vec<Variant>,
    /// The fallback variant holding unknown values (`Unknown`, renamed on collision).
    pub unknown: String,
}

/// A named shape.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A structure.
    Struct(Struct),
    /// An open enum.
    Enum(Enum),
}

impl Shape {
    /// The module (file) name under `types/`.
    pub fn module(&self) -> &str {
        match self {
            Shape::Struct(s) => &s.module,
            Shape::Enum(e) => &e.module,
        }
    }
}

/// A documented error code of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorVariant {
    /// Variant identifier (`InvalidVpnGatewayInstanceIdNotFound`).
    pub name: String,
    /// Predicate name (`is_invalid_vpn_gateway_instance_id_not_found`).
    pub predicate: String,
    /// Error code (`InvalidVpnGatewayInstanceId.NotFound`).
    pub code: String,
    /// Documented HTTP status.
    pub status: u16,
    /// Documentation.
    pub docs: Docs,
}

/// A step through the output towards a paginated list: a field holding an optional
/// structure.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemsPath {
    /// Fields of optional structures to descend through (may be empty).
    pub through: Vec<String>,
    /// The list field at the end.
    pub list: String,
    /// The item type.
    pub item: Type,
}

/// How an operation pages.
#[derive(Debug, Clone, PartialEq)]
pub enum PageEnd {
    /// The output's total-count field (an integer or long).
    TotalCount(String),
    /// The output's is-completed field (a boolean).
    IsCompleted(String),
    /// The output's next-token field (a string): no token, or an empty one, ends.
    NextToken(String),
}

/// How a request says which page it wants.
#[derive(Debug, Clone, PartialEq)]
pub enum Cursor {
    /// Input field holding the 1-based page number (`i32`).
    PageNumber(String),
    /// Input field holding the token of the page (`String`).
    Token(String),
}

impl Cursor {
    /// The input field.
    pub fn field(&self) -> &str {
        match self {
            Self::PageNumber(f) | Self::Token(f) => f,
        }
    }
}

/// Pagination of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Input field that says which page to fetch.
    pub cursor: Cursor,
    /// Input field holding the page size (`i32`).
    pub page_size: String,
    /// Wire name of the page size parameter.
    pub page_size_wire: String,
    /// How the last page is recognised.
    pub end: PageEnd,
    /// Where the items are.
    pub items: ItemsPath,
    /// Largest page size.
    pub max_page_size: u32,
    /// Page size the service uses when none is sent.
    pub default_page_size: u32,
    /// Paginator type alias name.
    pub paginator: String,
}

/// An operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `Action` name.
    pub action: String,
    /// Module name under `operation/` and client method name.
    pub module: String,
    /// Input type name.
    pub input: String,
    /// Input builder type name.
    pub input_builder: String,
    /// Output type name.
    pub output: String,
    /// Output builder type name.
    pub output_builder: String,
    /// Error enum name.
    pub error: String,
    /// Fluent builder type name.
    pub fluent_builder: String,
    /// One-line summary.
    pub summary: String,
    /// Documentation (summary, description, notes).
    pub docs: Docs,
    /// Only reads.
    pub read_only: bool,
    /// Idempotency-token parameter.
    pub idempotency_token: Option<String>,
    /// Wire name of the region parameter when the operation requires it.
    pub required_region: Option<String>,
    /// Request members in wire-name order.
    pub request: Vec<Member>,
    /// Response members in wire-name order.
    pub response: Vec<Member>,
    /// Documented errors in code order.
    pub errors: Vec<ErrorVariant>,
    /// The catch-all error variant (`Unhandled`, renamed on collision).
    pub unhandled: String,
    /// Pagination, when the operation pages.
    pub pagination: Option<Pagination>,
}

/// What a waiter acceptor matches.
#[derive(Debug, Clone, PartialEq)]
pub enum Matcher {
    /// The value at a path of the output (index into [`Waiter::paths`]) is one of these.
    Path {
        /// Index into `Waiter::paths`.
        path: usize,
        /// Expected values (as text).
        expected: Vec<String>,
    },
    /// The poll failed with one of these error codes.
    Error {
        /// Expected error codes.
        expected: Vec<String>,
    },
}

/// What a matching acceptor means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    /// Stop: reached.
    Success,
    /// Stop: unreachable.
    Failure,
    /// Keep polling.
    Retry,
}

/// One waiter rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Acceptor {
    /// Meaning of a match.
    pub state: AcceptorState,
    /// What to match.
    pub matcher: Matcher,
}

/// A path through the output to a scalar or enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct StatePath {
    /// The dotted wire path, as in the spec (`Status`).
    pub wire: String,
    /// Fields of optional structures to descend through.
    pub through: Vec<String>,
    /// The final field.
    pub field: String,
    /// The final field's value type.
    pub ty: Type,
}

/// What a successful wait returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaiterSuccess {
    /// Success acceptors only match outputs: the matching output.
    Output,
    /// Success acceptors only match errors: nothing (`()`).
    Error,
    /// Both: `crate::waiter::FinalPoll`.
    Either,
}

/// A waiter.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    /// Spec name (`VpnGatewayActive`).
    pub spec_name: String,
    /// Builder type name (`VpnGatewayActiveWaiter`).
    pub name: String,
    /// Module name under `waiters/`.
    pub module: String,
    /// Client method (`wait_until_vpn_gateway_active`).
    pub method: String,
    /// Documentation.
    pub docs: Docs,
    /// The polled operation's module name.
    pub operation: String,
    /// Positional parameters: the polled operation's required members except the region.
    pub params: Vec<Member>,
    /// The region member of the polled operation, when it has one (a `.region_id()`
    /// setter).
    pub region: Option<Member>,
    /// First delay, milliseconds.
    pub min_delay_ms: u64,
    /// Largest delay, milliseconds.
    pub max_delay_ms: u64,
    /// Default maximum wait, seconds.
    pub max_wait_secs: u64,
    /// Output paths the acceptors look at, in first-use order.
    pub paths: Vec<StatePath>,
    /// Acceptors, in order.
    pub acceptors: Vec<Acceptor>,
    /// What success returns.
    pub success: WaiterSuccess,
}
