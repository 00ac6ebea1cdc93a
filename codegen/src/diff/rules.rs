//! The rule catalogue: every kind of change the differ reports, with its stable id and its
//! default severity, wire impact and Rust impact.
//!
//! Ids are kebab-case and never change meaning once published (CI configurations and
//! fingerprints depend on them). A few rules compute a different impact for a particular
//! finding (noted in the rule's `varies` text); the per-finding values in the report are
//! authoritative.
//!
//! The Rust impacts assume the generator's choices: inputs and outputs are
//! `#[non_exhaustive]` with builders, every response field except `RequestId` is an
//! `Option<T>`, enums are open and `#[non_exhaustive]` with an `Unknown(String)` fallback,
//! per-operation error enums are `#[non_exhaustive]` with an `Unhandled` catch-all, and
//! member types follow the spec type (`integer` → `i32`, `long` → `i64`, `float` → `f64`,
//! `boolean` → `bool`, `string` → `String`, shapes by name, `epoch_millis` → `EpochMillis`).

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// How loudly a finding should be treated in review and CI.
///
/// Ordered: `Info < Warning < Breaking`, so `--fail-on warning` also fails on breaking
/// findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Safe: additions, documentation, loosened rules.
    Info,
    /// May break some users or change behaviour; needs a reviewer's judgement.
    Warning,
    /// Breaks existing clients on the wire or user code compiled against the crate.
    Breaking,
}

impl Severity {
    /// Every severity, loudest first.
    pub const ALL: [Severity; 3] = [Severity::Breaking, Severity::Warning, Severity::Info];

    /// The lower-case name used in all outputs and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "breaking" => Ok(Severity::Breaking),
            other => Err(format!(
                "unknown severity `{other}` (expected breaking, warning or info)"
            )),
        }
    }
}

/// Impact on the wire: does an existing client (built from the old spec) still work
/// against the service described by the new spec?
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Wire {
    /// Old clients keep working.
    Compatible,
    /// Some old clients' requests are rejected or misread, or old clients misread responses.
    Breaking,
}

impl Wire {
    /// The lower-case name used in all outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Wire::Compatible => "compatible",
            Wire::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Wire {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Impact on the Rust API of the generated crate, as a semver category (what
/// cargo-semver-checks calls the required update). Ordered `Patch < Minor < Major`.
///
/// These are categories, not version digits: for a `0.y.z` crate a major change bumps `y`
/// and a minor change bumps `z` (see [`crate::diff::semver`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RustImpact {
    /// Generated code changes (docs, validation, encoding) but no public item changes.
    Patch,
    /// Public items are added; existing user code keeps compiling.
    Minor,
    /// Public items are removed or change type; user code may stop compiling.
    Major,
}

impl RustImpact {
    /// The lower-case name used in all outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            RustImpact::Patch => "patch",
            RustImpact::Minor => "minor",
            RustImpact::Major => "major",
        }
    }
}

impl fmt::Display for RustImpact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! rules {
    ($(
        $variant:ident = $id:literal, $sev:ident, $wire:ident, $rust:ident,
        $summary:literal, $varies:literal;
    )*) => {
        /// A kind of change. See the module documentation and [`Rule::ALL`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $(
                #[doc = $summary]
                $variant,
            )*
        }

        impl Rule {
            /// Every rule, in catalogue order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The stable kebab-case id, e.g. `operation-removed`.
            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)* }
            }

            /// The severity a finding of this rule has unless the finding says otherwise.
            pub fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$sev,)* }
            }

            /// The default wire impact.
            pub fn wire(self) -> Wire {
                match self { $(Rule::$variant => Wire::$wire,)* }
            }

            /// The default Rust impact.
            pub fn rust(self) -> RustImpact {
                match self { $(Rule::$variant => RustImpact::$rust,)* }
            }

            /// One sentence: what the change is and why it has these impacts.
            pub fn summary(self) -> &'static str {
                match self { $(Rule::$variant => $summary,)* }
            }

            /// When a finding's impacts differ from the defaults (empty when they never do).
            pub fn varies(self) -> &'static str {
                match self { $(Rule::$variant => $varies,)* }
            }
        }
    };
}

rules! {
    // Operations.
    OperationRemoved = "operation-removed", Breaking, Breaking, Major,
        "An operation (Action) was removed: calls fail and its client method and types disappear.", "";
    OperationAdded = "operation-added", Info, Compatible, Minor,
        "An operation was added: a new client method and new input/output types.", "";
    OperationBecameReadOnly = "operation-became-read-only", Info, Compatible, Patch,
        "An operation is now marked read-only, so the client may retry it more freely.", "";
    OperationNoLongerReadOnly = "operation-no-longer-read-only", Warning, Compatible, Patch,
        "An operation is no longer read-only: retrying it may repeat a side effect; old crates still retry it.", "";
    OperationGroupChanged = "operation-group-changed", Info, Compatible, Patch,
        "An operation moved to another group (documentation chapter).", "";
    IdempotencyTokenAdded = "idempotency-token-added", Info, Compatible, Patch,
        "An operation gained an idempotency token: the client fills it once per call, so retries become safe.", "";
    IdempotencyTokenRemoved = "idempotency-token-removed", Warning, Compatible, Patch,
        "An operation lost its idempotency token: the client stops filling it and retries may repeat the side effect.", "";
    IdempotencyTokenChanged = "idempotency-token-changed", Warning, Compatible, Patch,
        "The idempotency token moved to another request member.", "";
    DryRunAdded = "dry-run-added", Info, Compatible, Patch,
        "An operation now names its dry-run member: with it `true`, the service checks the request and answers the dry-run error instead of acting.", "";
    DryRunRemoved = "dry-run-removed", Warning, Compatible, Patch,
        "An operation no longer names a dry-run member: a call that sets the flag may act.", "";
    DryRunChanged = "dry-run-changed", Warning, Compatible, Patch,
        "The dry-run flag moved to another request member.", "";
    DryRunErrorAdded = "dry-run-error-added", Info, Compatible, Patch,
        "The service names the error that answers a passed dry run: `is_dry_run` recognises it.", "";
    DryRunErrorChanged = "dry-run-error-changed", Warning, Compatible, Patch,
        "The error that answers a passed dry run changed or is no longer named: `is_dry_run` recognises another code, or none.", "";
    PaginationAdded = "pagination-added", Info, Compatible, Minor,
        "An operation now pages: a paginator is generated for it.", "";
    PaginationRemoved = "pagination-removed", Breaking, Compatible, Major,
        "An operation no longer pages: its paginator disappears.", "";
    PaginationChanged = "pagination-changed", Breaking, Breaking, Major,
        "The pagination style, members or item path changed: paginators read the wrong fields.", "";
    PaginationLimitsChanged = "pagination-limits-changed", Info, Compatible, Patch,
        "The maximum or default page size changed.",
        "warning when the maximum page size decreased";
    // Request parameters (also members of structures reachable from a request).
    RequestParamRequiredAdded = "request-param-required-added", Breaking, Breaking, Major,
        "A required request parameter was added: old calls are rejected; with builders the break only shows at run time, so it is major by policy.", "";
    RequestParamOptionalAdded = "request-param-optional-added", Info, Compatible, Minor,
        "An optional request parameter was added: a new setter.", "";
    RequestParamRemoved = "request-param-removed", Breaking, Breaking, Major,
        "A request parameter was removed: its setter disappears and the service ignores or rejects it.", "";
    RequestParamBecameRequired = "request-param-became-required", Breaking, Breaking, Major,
        "A request parameter became required: calls that leave it unset fail (at run time with builders), major by policy.", "";
    RequestParamBecameOptional = "request-param-became-optional", Info, Compatible, Patch,
        "A request parameter became optional: the builder stops requiring it.", "";
    RequestParamTypeChanged = "request-param-type-changed", Breaking, Breaking, Major,
        "A request parameter's type changed: the setter's argument type changes.",
        "wire compatible when every old value is still valid (integer→long, enum→string, anything→string)";
    RequestParamFormatChanged = "request-param-format-changed", Warning, Compatible, Patch,
        "A request parameter's format changed: client-side validation changes.",
        "breaking and major when `epoch_millis` is added or removed (the Rust type changes between i64 and EpochMillis)";
    RequestParamEncodingChanged = "request-param-encoding-changed", Breaking, Breaking, Patch,
        "A request parameter's wire encoding changed (plain / json_string / flattened): old crates encode it wrongly; the setter keeps its type.", "";
    RequestParamWrapperChanged = "request-param-wrapper-changed", Info, Compatible, Patch,
        "A request parameter's list wrapper changed (wrappers only matter in responses).", "";
    RequestParamDefaultChanged = "request-param-default-changed", Warning, Compatible, Patch,
        "A request parameter's documented default was added, removed or changed: calls that leave it unset behave differently.", "";
    RequestParamConstraintTightened = "request-param-constraint-tightened", Warning, Breaking, Patch,
        "A request parameter's constraints were tightened: some values old clients send are now rejected.", "";
    RequestParamConstraintLoosened = "request-param-constraint-loosened", Info, Compatible, Patch,
        "A request parameter's constraints were loosened.", "";
    RequestEnumValueRemoved = "request-enum-value-removed", Breaking, Breaking, Major,
        "An enum value accepted in a request was removed: the variant disappears and the service rejects the value.", "";
    RequestEnumValueAdded = "request-enum-value-added", Info, Compatible, Minor,
        "An enum value accepted in a request was added: a new variant of a non-exhaustive enum.", "";
    // Response fields (also members of structures reachable from a response).
    ResponseFieldRemoved = "response-field-removed", Breaking, Compatible, Major,
        "A response field was removed: its accessor disappears; old crates decode it as None.",
        "wire breaking when the field was required";
    ResponseFieldAdded = "response-field-added", Info, Compatible, Minor,
        "A response field was added: a new Option field; old crates ignore it.", "";
    ResponseFieldTypeChanged = "response-field-type-changed", Breaking, Breaking, Major,
        "A response field's type changed: the accessor's type changes and old crates may fail to decode.",
        "wire compatible when old crates decode every new value (integer→long, enum↔string, any enum→open enum)";
    ResponseFieldFormatChanged = "response-field-format-changed", Info, Compatible, Patch,
        "A response field's format changed (documentation only).",
        "breaking and major when `epoch_millis` is added or removed (the Rust type changes between i64 and EpochMillis)";
    ResponseFieldEncodingChanged = "response-field-encoding-changed", Breaking, Breaking, Patch,
        "A response field's encoding changed: old crates decode it wrongly.", "";
    ResponseFieldWrapperChanged = "response-field-wrapper-changed", Breaking, Breaking, Patch,
        "A response list's wrapper key changed: old crates look for the items under the old key.", "";
    ResponseFieldBecameOptional = "response-field-became-optional", Info, Compatible, Patch,
        "A response field is no longer always present; every response field but RequestId is already an Option.",
        "warning and wire breaking for the top-level RequestId, which old crates require";
    ResponseFieldBecameRequired = "response-field-became-required", Info, Compatible, Patch,
        "A response field is now always present.", "";
    ResponseFieldDefaultChanged = "response-field-default-changed", Info, Compatible, Patch,
        "A response field's documented default changed (documentation only).", "";
    ResponseFieldConstraintChanged = "response-field-constraint-changed", Info, Compatible, Patch,
        "A response field's documented constraints changed (responses are not validated).", "";
    ResponseEnumValueAdded = "response-enum-value-added", Info, Compatible, Minor,
        "An enum value the service may return was added: old crates decode it as Unknown(\"…\").", "";
    ResponseEnumValueRemoved = "response-enum-value-removed", Breaking, Compatible, Major,
        "An enum value the service returned was removed: the variant disappears (match arms naming it stop compiling).", "";
    // Any member.
    SecretAdded = "secret-added", Info, Compatible, Patch,
        "A member is now secret: redacted in Debug output and logs.", "";
    SecretRemoved = "secret-removed", Warning, Compatible, Patch,
        "A member is no longer secret: it will appear in Debug output and logs.", "";
    // Shapes.
    ShapeAdded = "shape-added", Info, Compatible, Minor,
        "A shape was added: a new type.", "";
    ShapeRemoved = "shape-removed", Breaking, Compatible, Major,
        "A shape was removed: its type disappears.", "";
    ShapeKindChanged = "shape-kind-changed", Breaking, Breaking, Major,
        "A shape changed between structure and enum.", "";
    ShapeMemberAdded = "shape-member-added", Info, Compatible, Minor,
        "A member was added to a shape no operation uses.", "";
    ShapeMemberRemoved = "shape-member-removed", Breaking, Compatible, Major,
        "A member was removed from a shape no operation uses (its field disappears).", "";
    ShapeMemberTypeChanged = "shape-member-type-changed", Breaking, Compatible, Major,
        "A member's type changed in a shape no operation uses.", "";
    ShapeMemberChanged = "shape-member-changed", Info, Compatible, Patch,
        "Another attribute of a member changed in a shape no operation uses.",
        "major and breaking when `epoch_millis` is added or removed";
    EnumValueAdded = "enum-value-added", Info, Compatible, Minor,
        "A value was added to an enum no operation uses.", "";
    EnumValueRemoved = "enum-value-removed", Breaking, Compatible, Major,
        "A value was removed from an enum no operation uses (its variant disappears).", "";
    // Errors.
    ErrorCodeAdded = "error-code-added", Info, Compatible, Minor,
        "A documented error code was added: a new variant of a non-exhaustive error enum.",
        "patch for a service-wide code (`service.common_errors`), which has no variant";
    ErrorCodeRemoved = "error-code-removed", Breaking, Compatible, Major,
        "A documented error code was removed: its variant disappears (old crates still decode it).",
        "info and patch for a service-wide code (`service.common_errors`), which has no variant";
    ErrorStatusChanged = "error-status-changed", Warning, Compatible, Patch,
        "A documented error code's HTTP status changed: retry classification may change.", "";
    // Waiters.
    WaiterAdded = "waiter-added", Info, Compatible, Minor,
        "A waiter was added: a new `wait_until_…` client method.", "";
    WaiterRemoved = "waiter-removed", Breaking, Compatible, Major,
        "A waiter was removed: its `wait_until_…` client method disappears.", "";
    WaiterOperationChanged = "waiter-operation-changed", Breaking, Compatible, Major,
        "A waiter polls another operation: its parameters (that operation's required ones) change.", "";
    WaiterAcceptorsChanged = "waiter-acceptors-changed", Warning, Compatible, Patch,
        "A waiter's acceptors changed: it succeeds or fails on different states.", "";
    WaiterTimingChanged = "waiter-timing-changed", Info, Compatible, Patch,
        "A waiter's delays or maximum wait changed.", "";
    // Service.
    ServiceApiVersionChanged = "service-api-version-changed", Breaking, Breaking, Major,
        "The API version changed: a new API version is a different API (a new crate, not a diff).", "";
    RegionParameterChanged = "region-parameter-changed", Breaking, Breaking, Patch,
        "The request parameter that carries the region changed: old crates fill the wrong one.", "";
    EndpointAdded = "endpoint-added", Info, Compatible, Patch,
        "A regional endpoint was added.", "";
    EndpointRemoved = "endpoint-removed", Warning, Compatible, Patch,
        "A regional endpoint was removed: the region falls back to the host pattern.", "";
    EndpointChanged = "endpoint-changed", Warning, Compatible, Patch,
        "The endpoint pattern, the default region or a regional host changed: old crates keep using the old host.", "";
    HttpMethodAdded = "http-method-added", Info, Compatible, Patch,
        "The service accepts another HTTP method.", "";
    HttpMethodRemoved = "http-method-removed", Breaking, Breaking, Patch,
        "The service no longer accepts an HTTP method old crates may use.", "";
    HttpMethodPreferenceChanged = "http-method-preference-changed", Warning, Compatible, Patch,
        "The order of preference of HTTP methods changed: the crate sends another method.", "";
    SignatureVersionAdded = "signature-version-added", Info, Compatible, Minor,
        "A signature scheme was added: a new signer option.", "";
    SignatureVersionRemoved = "signature-version-removed", Breaking, Breaking, Major,
        "A signature scheme was removed: old crates using it are rejected and its option disappears.", "";
    SignatureVersionChanged = "signature-version-changed", Warning, Breaking, Patch,
        "A signature scheme's algorithm, version or default flag changed.", "";
    CommonParameterAdded = "common-parameter-added", Warning, Compatible, Patch,
        "A parameter sent with every request was added: the runtime must send it.",
        "breaking and wire breaking when it is required";
    CommonParameterRemoved = "common-parameter-removed", Info, Compatible, Patch,
        "A parameter sent with every request was removed.", "";
    CommonParameterChanged = "common-parameter-changed", Warning, Compatible, Patch,
        "A parameter sent with every request changed (type, required, default...).", "";
    // Anything.
    DocChanged = "doc-changed", Info, Compatible, Patch,
        "Documentation only (summary, description, notes, example, titles, error messages): generated docs change.", "";
    UpstreamAcknowledgementChanged = "upstream-acknowledgement-changed", Info, Compatible, Patch,
        "An acknowledged difference from the official model (an `upstream` entry) was added, removed or reworded: the audit's view changes, no generated code does.", "";
    UnclassifiedChange = "unclassified-change", Warning, Compatible, Patch,
        "A spec attribute the differ has no rule for changed; review it by hand.", "";
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl FromStr for Rule {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.id() == s)
            .ok_or_else(|| format!("unknown rule `{s}`"))
    }
}

/// The rule catalogue as a Markdown table (id, severity, wire, Rust, meaning), as the
/// README shows it.
pub fn markdown_table() -> String {
    let mut s =
        String::from("| Rule | Severity | Wire | Rust | Meaning |\n|---|---|---|---|---|\n");
    for rule in Rule::ALL {
        let varies = if rule.varies().is_empty() {
            String::new()
        } else {
            format!(" *Varies:* {}.", rule.varies())
        };
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {}{} |\n",
            rule.id(),
            rule.severity(),
            rule.wire(),
            rule.rust(),
            rule.summary(),
            varies
        ));
    }
    s
}
