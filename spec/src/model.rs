//! The spec model: plain serde structs mirroring the JSON files under `spec/`.
//!
//! No logic lives here. Parsing is strict (`deny_unknown_fields` everywhere), maps are
//! `BTreeMap`s so that re-serialising a spec gives a stable, sorted key order, and every
//! field that a reviewer might want to see in a diff is explicit.
//!
//! The format is documented in `spec/README.md` and, machine-readably, in
//! `spec/spec.schema.json`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The response member every operation returns: a required string, the id the service
/// gave the request (validation checks that each response declares it so).
pub const REQUEST_ID: &str = "RequestId";

/// The service file (`spec/service.json`): everything stated once for the whole API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceFile {
    /// Path of the JSON Schema this file conforms to (informational).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The service description.
    pub service: Service,
}

/// Service-wide facts: naming, protocol, endpoints, signing, common parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Short product name, e.g. `Vpc`.
    pub name: String,
    /// Human title, e.g. `Alibaba Cloud VPN Gateway`.
    pub title: String,
    /// API version sent as `Version`, e.g. `2016-04-28`.
    pub api_version: String,
    /// Wire protocol; only `rpc` exists.
    pub protocol: Protocol,
    /// English description of the service.
    pub description: String,
    /// The request parameter that carries the region (`RegionId`). The SDK fills it from
    /// the client configuration when a call leaves it unset.
    pub region_parameter: String,
    /// Endpoint resolution.
    pub endpoints: Endpoints,
    /// HTTP methods the service accepts, in order of preference.
    pub http_methods: Vec<HttpMethod>,
    /// Signature schemes the service accepts.
    pub signature_versions: BTreeMap<String, SignatureVersion>,
    /// Parameters sent with every request (by the runtime, not by operations).
    pub common_parameters: BTreeMap<String, Member>,
    /// Errors any operation can return (signature, throttling, ...).
    pub common_errors: Vec<ErrorSpec>,
    /// The code of the common error that answers a dry run whose checks all passed
    /// (`DryRunOperation`); needed when an operation has a [`Operation::dry_run`] member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run_error: Option<String>,
    /// Operation groups: key is the group id used by `Operation::group`.
    pub groups: BTreeMap<String, Group>,
    /// Errata notes that apply service-wide.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Acknowledged differences from the official model (`spec/upstream/`), checked by
    /// `cargo xtask spec audit`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub upstream: Vec<UpstreamDiff>,
}

/// Wire protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Protocol {
    /// Alibaba RPC style: `Action` + flat parameters, JSON answers.
    Rpc,
}

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum HttpMethod {
    /// Parameters in the query string.
    #[serde(rename = "GET")]
    Get,
    /// Parameters in an `application/x-www-form-urlencoded` body.
    #[serde(rename = "POST")]
    Post,
}

/// Endpoint rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoints {
    /// Region used when nothing configures one.
    pub default_region: String,
    /// Host pattern for regions not in `regional`; `{region}` is substituted.
    pub pattern: String,
    /// Explicit per-region hosts.
    pub regional: BTreeMap<String, String>,
}

/// One accepted signature scheme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureVersion {
    /// Algorithm name as sent on the wire (`HMAC-SHA1`, `ACS3-HMAC-SHA256`).
    pub algorithm: String,
    /// `SignatureVersion` value for V1 (`1.0`); absent for V3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Whether the SDK uses this scheme by default.
    #[serde(default)]
    pub default: bool,
    /// English description.
    pub description: String,
}

/// An operation group (a chapter of the reference).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// English title, e.g. `VPN gateway`.
    pub title: String,
    /// English description.
    pub description: String,
}

/// One operations file (`spec/operations/<group>.json`): operations, the shapes they
/// use, waiters, and the resources they manage. Operation, shape, waiter and resource
/// names are global across all files.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationsFile {
    /// Path of the JSON Schema this file conforms to (informational).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Operations keyed by Action name.
    #[serde(default)]
    pub operations: BTreeMap<String, Operation>,
    /// Named reusable shapes (structures and enums) keyed by name.
    #[serde(default)]
    pub shapes: BTreeMap<String, Shape>,
    /// Waiters keyed by name (e.g. `VpnGatewayActive`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub waiters: BTreeMap<String, Waiter>,
    /// Resources keyed by name (e.g. `VpnGateway`): what the operations manage.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resources: BTreeMap<String, Resource>,
}

/// One API operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// Group id (a key of `service.groups`).
    pub group: String,
    /// One-line English summary.
    pub summary: String,
    /// English description (may be several paragraphs).
    pub description: String,
    /// `true` for operations that only read (Describe*, Download*): always safe to retry.
    #[serde(default)]
    pub read_only: bool,
    /// Name of the request member that is the idempotency token (`ClientToken`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_token: Option<String>,
    /// Name of the boolean request member that asks for a dry run (`DryRun`): with it
    /// `true`, the service runs every check of the request and answers the service's
    /// dry-run error ([`Service::dry_run_error`]) instead of acting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<String>,
    /// Request parameters keyed by wire name.
    pub request: BTreeMap<String, Member>,
    /// Response fields keyed by wire name (the flat, un-enveloped body).
    pub response: BTreeMap<String, Member>,
    /// Documented errors.
    #[serde(default)]
    pub errors: Vec<ErrorSpec>,
    /// Pagination, when the operation pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    /// Errata: where this operation departs from the reference, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Acknowledged differences from the official model (`spec/upstream/`), checked by
    /// `cargo xtask spec audit`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub upstream: Vec<UpstreamDiff>,
}

/// A request parameter, response field or structure member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// A primitive (`string`, `integer`, `long`, `float`, `boolean`), `list`, or the name
    /// of a shape.
    #[serde(rename = "type")]
    pub ty: String,
    /// Element type when `type` is `list` (a primitive or a shape name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<String>,
    /// For response lists: the inner key of the wrapper object, e.g. `VpnGateway` for
    /// `"VpnGateways": {"VpnGateway": [...]}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrapper: Option<String>,
    /// Whether the parameter must be sent (requests) or is always present (responses).
    /// Omitted from the canonical form when `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// English description.
    pub description: String,
    /// Example value, as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Documented default (what the service assumes when the parameter is absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// How a request parameter travels. Default `plain`.
    #[serde(default, skip_serializing_if = "Encoding::is_plain")]
    pub encoding: Encoding,
    /// Extra meaning of a scalar (e.g. `epoch_millis` for times).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// Validation rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraints: Option<Constraints>,
    /// A secret (pre-shared key...): redacted in `Debug` and logs.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub secret: bool,
    /// Errata: where this member departs from the reference, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Acknowledged differences from the official model (`spec/upstream/`), checked by
    /// `cargo xtask spec audit`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub upstream: Vec<UpstreamDiff>,
}

/// How a request parameter is put on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// `Name=value`.
    #[default]
    Plain,
    /// A structure serialized to one JSON string: `IkeConfig={"IkeVersion":"ikev2"}`.
    JsonString,
    /// A list flattened as `Name.1=...`, `Name.1.Key=...` (RPC repeat list).
    Flattened,
}

impl Encoding {
    /// Whether this is the default encoding (used to skip it when serialising).
    pub fn is_plain(&self) -> bool {
        matches!(self, Encoding::Plain)
    }
}

/// Extra meaning of a scalar value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Milliseconds since the Unix epoch (on a `long`).
    EpochMillis,
    /// An ISO 8601 UTC timestamp string such as `2019-09-12T08:00:00Z`.
    DateTime,
    /// An IPv4 address string.
    Ipv4,
    /// An IPv4 CIDR block string, e.g. `10.0.0.0/24`.
    Cidr,
    /// A comma-separated list of IPv4 CIDR blocks.
    CidrList,
}

/// Validation rules on a member. All given rules must hold.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constraints {
    /// Numeric: allowed discrete values (union with `ranges` when both are given).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<i64>,
    /// Numeric: allowed inclusive ranges (union with `values`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<Range>,
    /// Numeric: values that are never allowed (e.g. reserved ports).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forbidden_values: Vec<i64>,
    /// String: minimum length in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
    /// String: maximum length in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// String: a regular expression (regex-lite syntax) the whole value must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// String: English text explaining `pattern` in error messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern_description: Option<String>,
    /// String: prefixes the value must not start with (e.g. `http://`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forbidden_prefixes: Vec<String>,
    /// String: only ASCII characters allowed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ascii: bool,
}

/// An inclusive numeric range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    /// Lowest allowed value.
    pub min: i64,
    /// Highest allowed value.
    pub max: i64,
}

/// A named, reusable shape.
///
/// Written as an internally tagged object (`"type": "structure"` or `"type": "enum"`).
/// It is read through [`RawShape`] rather than serde's internally tagged enum support,
/// which buffers the object and so loses the JSON path of errors inside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    deny_unknown_fields,
    try_from = "RawShape"
)]
pub enum Shape {
    /// An object with named members.
    Structure {
        /// English description.
        description: String,
        /// Members keyed by wire name.
        members: BTreeMap<String, Member>,
        /// Errata notes.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        notes: Vec<String>,
        /// Acknowledged differences from the official model.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        upstream: Vec<UpstreamDiff>,
    },
    /// A string enum. Enums are open: unknown values are kept by clients.
    Enum {
        /// English description.
        description: String,
        /// Documented values, in documentation order.
        values: Vec<EnumValue>,
        /// Errata notes.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        notes: Vec<String>,
        /// Acknowledged differences from the official model.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        upstream: Vec<UpstreamDiff>,
    },
}

/// The keys a shape object may have, read as one plain struct so that errors keep their
/// JSON path; converted to [`Shape`] (which checks that the keys fit the `type`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawShape {
    /// `structure` or `enum`.
    #[serde(rename = "type")]
    pub kind: ShapeKind,
    /// English description.
    pub description: String,
    /// Structure members (structures only).
    #[serde(default)]
    pub members: Option<BTreeMap<String, Member>>,
    /// Enum values (enums only).
    #[serde(default)]
    pub values: Option<Vec<EnumValue>>,
    /// Errata notes.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Acknowledged differences from the official model.
    #[serde(default)]
    pub upstream: Vec<UpstreamDiff>,
}

/// The `type` of a shape object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShapeKind {
    /// [`Shape::Structure`].
    Structure,
    /// [`Shape::Enum`].
    Enum,
}

impl TryFrom<RawShape> for Shape {
    type Error = String;

    fn try_from(raw: RawShape) -> Result<Self, Self::Error> {
        match (raw.kind, raw.members, raw.values) {
            (ShapeKind::Structure, Some(members), None) => Ok(Shape::Structure {
                description: raw.description,
                members,
                notes: raw.notes,
                upstream: raw.upstream,
            }),
            (ShapeKind::Enum, None, Some(values)) => Ok(Shape::Enum {
                description: raw.description,
                values,
                notes: raw.notes,
                upstream: raw.upstream,
            }),
            (ShapeKind::Structure, _, Some(_)) => {
                Err("a structure shape takes `members`, not `values`".into())
            }
            (ShapeKind::Structure, None, None) => Err("missing field `members`".into()),
            (ShapeKind::Enum, Some(_), _) => {
                Err("an enum shape takes `values`, not `members`".into())
            }
            (ShapeKind::Enum, None, None) => Err("missing field `values`".into()),
        }
    }
}

/// One documented enum value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The wire string.
    pub value: String,
    /// English description.
    pub description: String,
}

/// A documented error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorSpec {
    /// HTTP status.
    pub status: u16,
    /// Error code (`Code` in the body). Never contains spaces.
    pub code: String,
    /// The service's message text.
    pub message: String,
    /// English description of when it happens.
    pub description: String,
    /// Errata notes (e.g. a code the PDF split or misspelt).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// How an operation pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "style", rename_all = "snake_case", deny_unknown_fields)]
pub enum Pagination {
    /// `PageNumber`/`PageSize` in, `TotalCount` and a list out.
    PageNumber {
        /// Request member holding the 1-based page number.
        page_number: String,
        /// Request member holding the page size.
        page_size: String,
        /// Response member holding the total number of items.
        total_count: String,
        /// Dotted path of response member names to the item list (wrappers are
        /// transparent), e.g. `VpnGateways`.
        items: String,
        /// Largest page size the service accepts.
        max_page_size: u32,
        /// Page size the service uses when none is sent.
        default_page_size: u32,
    },
    /// `PageNumber`/`PageSize` in, `Count` (items in this page) and `IsCompleted` out.
    Completion {
        /// Request member holding the 1-based page number.
        page_number: String,
        /// Request member holding the page size.
        page_size: String,
        /// Response member holding the number of items in this page.
        count: String,
        /// Response member that is `true` on the last page.
        is_completed: String,
        /// Dotted path of response member names to the item list, e.g. `Data.Logs`.
        items: String,
        /// Largest page size the service accepts.
        max_page_size: u32,
        /// Page size the service uses when none is sent.
        default_page_size: u32,
    },
    /// A token in (`NextToken`, absent on the first request) with a page size
    /// (`MaxResults`), the next page's token and a list out. The last page answers no
    /// token, or an empty one.
    NextToken {
        /// Request member carrying the token of the page to fetch.
        request_token: String,
        /// Request member holding the page size.
        page_size: String,
        /// Response member holding the token of the next page.
        response_token: String,
        /// Response member holding the total number of items, when the answer has one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        total_count: Option<String>,
        /// Dotted path of response member names to the item list, e.g. `IpsecServers`.
        items: String,
        /// Largest page size the service accepts.
        max_page_size: u32,
        /// Page size the service uses when none is sent.
        default_page_size: u32,
        /// Error code the service answers for a token it did not issue (a documented
        /// error of the operation, or a common one); `InvalidParameter` when unset.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        invalid_token_error: Option<String>,
    },
}

impl Pagination {
    /// Dotted path of response member names to the item list.
    pub fn items(&self) -> &str {
        match self {
            Self::PageNumber { items, .. }
            | Self::Completion { items, .. }
            | Self::NextToken { items, .. } => items,
        }
    }

    /// Request member holding the page size.
    pub fn page_size(&self) -> &str {
        match self {
            Self::PageNumber { page_size, .. }
            | Self::Completion { page_size, .. }
            | Self::NextToken { page_size, .. } => page_size,
        }
    }

    /// Request member that says which page to fetch: the page number, or the token.
    pub fn cursor(&self) -> &str {
        match self {
            Self::PageNumber { page_number, .. } | Self::Completion { page_number, .. } => {
                page_number
            }
            Self::NextToken { request_token, .. } => request_token,
        }
    }

    /// Largest page size the service accepts.
    pub fn max_page_size(&self) -> u32 {
        match self {
            Self::PageNumber { max_page_size, .. }
            | Self::Completion { max_page_size, .. }
            | Self::NextToken { max_page_size, .. } => *max_page_size,
        }
    }

    /// Page size the service uses when none is sent.
    pub fn default_page_size(&self) -> u32 {
        match self {
            Self::PageNumber {
                default_page_size, ..
            }
            | Self::Completion {
                default_page_size, ..
            }
            | Self::NextToken {
                default_page_size, ..
            } => *default_page_size,
        }
    }

    /// The style's name as the spec writes it (`page_number`, `completion`, `next_token`).
    pub fn style(&self) -> &'static str {
        match self {
            Self::PageNumber { .. } => "page_number",
            Self::Completion { .. } => "completion",
            Self::NextToken { .. } => "next_token",
        }
    }
}

/// A waiter: poll an operation until a state is reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waiter {
    /// English description.
    pub description: String,
    /// Operation to poll; the waiter takes that operation's required parameters.
    pub operation: String,
    /// Optional request members of `operation` the waiter also takes as arguments, in
    /// this order after the required ones (a diagnosis named by an ID the service does not
    /// require alone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<String>,
    /// First delay between polls, milliseconds.
    pub min_delay_ms: u64,
    /// Largest delay between polls (exponential backoff up to it), milliseconds.
    pub max_delay_ms: u64,
    /// Default maximum total wait, seconds.
    pub max_wait_secs: u64,
    /// Rules evaluated in order after each poll; the first that matches decides.
    pub acceptors: Vec<Acceptor>,
}

/// One waiter rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptor {
    /// What a match means.
    pub state: AcceptorState,
    /// What to look at.
    pub matcher: MatcherKind,
    /// For `path` matchers: dotted path of response member names, e.g. `Status`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Values (for `path`) or error codes (for `error`) that match.
    pub expected: Vec<String>,
}

/// What a matching acceptor means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AcceptorState {
    /// Stop waiting: the desired state is reached.
    Success,
    /// Stop waiting: the desired state can no longer be reached.
    Failure,
    /// Keep polling.
    Retry,
}

/// What an acceptor matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatcherKind {
    /// A response field (at `path`) equals one of `expected`.
    Path,
    /// The poll failed with one of the error codes in `expected`.
    Error,
}

/// An acknowledged difference between the spec and the official model's snapshot
/// (`spec/upstream/`): what differs and why. It sits on the item the difference concerns (a
/// member, a shape, an operation, or the service for every operation); `path` names a
/// difference below that item. `cargo xtask spec audit` skips what is acknowledged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpstreamDiff {
    /// The kind of difference.
    pub differs: DiffKind,
    /// Where, from the item this entry sits on (`request.OwnerId`, `Tags[].Key`); absent
    /// for the item itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// For enum and constraint differences: the one value acknowledged (all when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// English: why the spec departs from the official model.
    pub reason: String,
}

/// The kinds of difference the upstream audit reports (see `spec/upstream/README.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    /// The official model has no such operation.
    OperationMissing,
    /// A request parameter only the official model has.
    MissingRequestParam,
    /// A request parameter only the spec has.
    ExtraRequestParam,
    /// A response field (at any depth) only the official model has.
    MissingResponseField,
    /// A response field only the spec has.
    ExtraResponseField,
    /// Different scalar types.
    Type,
    /// A scalar on one side, a structure or list on the other.
    Nesting,
    /// Required on one side only.
    Required,
    /// The official client sends the parameter in the body or a header.
    Placement,
    /// A different flattening (plain, repeat list, JSON text).
    Encoding,
    /// A wrapped list whose wrapper differs or is missing on one side.
    ListWrapper,
    /// A value the official model states that the spec's enum lacks.
    EnumValueMissing,
    /// An enum value of the spec that the official model does not state.
    EnumValueExtra,
    /// A value or range the official model states that the spec's constraints refuse.
    Constraint,
}

impl DiffKind {
    /// Every kind, in report order.
    pub const ALL: [DiffKind; 14] = [
        DiffKind::OperationMissing,
        DiffKind::MissingRequestParam,
        DiffKind::ExtraRequestParam,
        DiffKind::MissingResponseField,
        DiffKind::ExtraResponseField,
        DiffKind::Type,
        DiffKind::Nesting,
        DiffKind::Required,
        DiffKind::Placement,
        DiffKind::Encoding,
        DiffKind::ListWrapper,
        DiffKind::EnumValueMissing,
        DiffKind::EnumValueExtra,
        DiffKind::Constraint,
    ];

    /// The name as written in the spec (`missing_request_param`...).
    pub fn as_str(self) -> &'static str {
        match self {
            DiffKind::OperationMissing => "operation_missing",
            DiffKind::MissingRequestParam => "missing_request_param",
            DiffKind::ExtraRequestParam => "extra_request_param",
            DiffKind::MissingResponseField => "missing_response_field",
            DiffKind::ExtraResponseField => "extra_response_field",
            DiffKind::Type => "type",
            DiffKind::Nesting => "nesting",
            DiffKind::Required => "required",
            DiffKind::Placement => "placement",
            DiffKind::Encoding => "encoding",
            DiffKind::ListWrapper => "list_wrapper",
            DiffKind::EnumValueMissing => "enum_value_missing",
            DiffKind::EnumValueExtra => "enum_value_extra",
            DiffKind::Constraint => "constraint",
        }
    }
}

/// A kind of thing the API manages (a VPN gateway, a route...), after Smithy's resource
/// shapes: how an instance is identified, what it belongs to, the shape it is described
/// with, and which operations create, read, list, update and delete it. The emulator
/// serves those operations from this data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// English description.
    pub description: String,
    /// The structure shape an instance is described with (list items, `Describe*`
    /// answers). Its members, as named in requests, are the instance's properties.
    pub shape: String,
    /// The member holding an instance's id (e.g. `VpnGatewayId`), in requests and in the
    /// shape. Absent for resources identified by their properties (routes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// What generated ids start with (e.g. `vpn-`); given exactly when `identifier` is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_prefix: Option<String>,
    /// The resource an instance belongs to (a route belongs to a VPN gateway). Requests
    /// name the parent by its identifier member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Relation>,
    /// Request members of `create` that name another resource (`CustomerGatewayId`),
    /// keyed by member name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub references: BTreeMap<String, Relation>,
    /// Shape members named differently from the request member that sets them: shape
    /// member name -> request member name (`VcoHealthCheck` -> `HealthCheckConfig`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub aliases: BTreeMap<String, String>,
    /// The error code answered when a request names no instance
    /// (`InvalidVpnGatewayInstanceId.NotFound`).
    pub not_found: String,
    /// The shape member holding the creation time (`CreateTime`): a `long` with format
    /// `epoch_millis` or a `string` with format `date_time`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// The operation that creates an instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create: Option<String>,
    /// The operation that describes one instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read: Option<String>,
    /// The operation that lists instances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
    /// Operations that change an instance's properties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub update: Vec<String>,
    /// The operation that deletes an instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete: Option<String>,
    /// Other operations acting on an instance, whose behaviour the lifecycle does not
    /// describe (`DownloadVpnConnectionConfig`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub operations: Vec<String>,
    /// Errata notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A link from one resource to another (its parent, or one it references).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    /// The other resource's name.
    pub resource: String,
    /// What deleting the other resource does while this one points at it. Default
    /// `refuse`.
    #[serde(default, skip_serializing_if = "OnDelete::is_refuse")]
    pub on_delete: OnDelete,
}

/// What deleting a resource does to the instances that point at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnDelete {
    /// The deletion is refused with `DependencyViolation.<Resource>` (the name of the
    /// resource that points at it).
    #[default]
    Refuse,
    /// The instances that point at it are deleted with it.
    Cascade,
}

impl OnDelete {
    /// Whether this is the default (used to skip it when serialising).
    pub fn is_refuse(&self) -> bool {
        matches!(self, OnDelete::Refuse)
    }
}

/// The part an operation plays in a resource's lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Creates an instance.
    Create,
    /// Describes one instance.
    Read,
    /// Lists instances.
    List,
    /// Changes an instance.
    Update,
    /// Deletes an instance.
    Delete,
    /// Acts on an instance in a way the lifecycle does not describe.
    Other,
}

impl Role {
    /// The key of [`Resource`] that names operations in this role.
    pub fn key(self) -> &'static str {
        match self {
            Role::Create => "create",
            Role::Read => "read",
            Role::List => "list",
            Role::Update => "update",
            Role::Delete => "delete",
            Role::Other => "operations",
        }
    }
}

impl std::fmt::Display for DiffKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Resource {
    /// Every operation named by this resource with its role, in the order of the keys.
    pub fn roles(&self) -> Vec<(Role, &str)> {
        fn one(role: Role, op: &Option<String>) -> Option<(Role, &str)> {
            op.as_deref().map(|o| (role, o))
        }
        let mut out: Vec<(Role, &str)> = [
            one(Role::Create, &self.create),
            one(Role::Read, &self.read),
            one(Role::List, &self.list),
        ]
        .into_iter()
        .flatten()
        .collect();
        out.extend(self.update.iter().map(|o| (Role::Update, o.as_str())));
        out.extend(one(Role::Delete, &self.delete));
        out.extend(self.operations.iter().map(|o| (Role::Other, o.as_str())));
        out
    }
}
