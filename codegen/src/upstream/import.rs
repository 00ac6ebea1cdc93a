//! The importer: draft spec entries for operations the spec lacks, from the snapshot.
//!
//! Each imported operation gets its members (wire names, types, required flags, nesting,
//! list wrappers), named structure shapes (an existing shape is reused when its members
//! match), pagination (`PageNumber`/`PageSize`/`TotalCount` or `NextToken`/`MaxResults`,
//! with a to-do note on the page sizes, which upstream rarely states fully) and the
//! idempotency token. Every description, summary and the
//! reason of every `upstream` entry is [`TODO`], which `cargo xtask spec check` refuses
//! until someone writes it (`--allow-todo` accepts drafts).
//!
//! What the spec format cannot say yet is mapped conservatively and acknowledged with an
//! `upstream` entry, so that the draft audits clean:
//! - a JSON-text string parameter stays a `string` (its keys come only from an example);
//! - a comma-joined list parameter becomes a `string`;
//! - a map is left out;
//! - a parameter the package sends in the body is kept (the runtime decides placement);
//! - stated values are not turned into enums or constraints (nothing refuses what the
//!   service might accept);

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use vpn_spec::canonical::to_canonical_string;
use vpn_spec::model::{
    DiffKind, Encoding, Group, Member, Operation, OperationsFile, Pagination, ServiceFile, Shape,
    UpstreamDiff,
};
use vpn_spec::{SourceFile, Spec, TODO, parse_source};

use crate::upstream::snapshot::{Node, NodeType, Placement, Snapshot, Style, UpOperation};

/// Request members that are page controls (typed `integer`, not `long`).
const PAGE_MEMBERS: [&str; 4] = ["PageNumber", "PageSize", "MaxResults", "TotalCount"];

/// The draft of some operations.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Draft {
    /// The new operations, keyed by `Action`.
    pub operations: BTreeMap<String, Operation>,
    /// The new shapes they need (existing shapes they reuse are not repeated).
    pub shapes: BTreeMap<String, Shape>,
    /// What was mapped conservatively, one line each (`Operation.Member: what`).
    pub remarks: Vec<String>,
}

/// Why nothing was imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The snapshot has no such operation.
    NotUpstream(String),
    /// The spec already has it.
    AlreadyInSpec(String),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::NotUpstream(op) => write!(f, "{op}: not an operation of the snapshot"),
            ImportError::AlreadyInSpec(op) => write!(f, "{op}: already in the spec"),
        }
    }
}

impl std::error::Error for ImportError {}

/// Drafts `operations` (in group `group`) from `snapshot`, reusing `spec`'s shapes where
/// they match.
pub fn import(
    spec: &Spec,
    snapshot: &Snapshot,
    operations: &[String],
    group: &str,
) -> Result<Draft, ImportError> {
    let mut importer = Importer {
        spec,
        draft: Draft::default(),
        common: spec.service.common_parameters.keys().cloned().collect(),
        operation: String::new(),
        acks: Vec::new(),
        notes: Vec::new(),
    };
    let wanted: BTreeSet<&String> = operations.iter().collect();
    for name in wanted {
        let Some(up) = snapshot.operations.get(name) else {
            return Err(ImportError::NotUpstream(name.clone()));
        };
        if spec.operations.contains_key(name) {
            return Err(ImportError::AlreadyInSpec(name.clone()));
        }
        let op = importer.operation(name, up, group);
        importer.draft.operations.insert(name.clone(), op);
    }
    Ok(importer.draft)
}

/// The spec's files with `draft` applied: the service file gains `group` (with to-do
/// title and description) when it lacks it, and the operations file at `group_file` (a
/// display path, as in `sources`) is extended or created. Both are written in canonical
/// form; the other files are returned as they are. `sources` starts with the service file.
pub fn apply(
    sources: &[SourceFile],
    draft: Draft,
    group: &str,
    group_file: &str,
) -> Result<Vec<SourceFile>, String> {
    let (service_src, rest) = sources
        .split_first()
        .ok_or_else(|| "no spec files given".to_string())?;
    let mut service: ServiceFile = parse_source(service_src).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(sources.len() + 1);
    if !service.service.groups.contains_key(group) {
        let todo = Group {
            title: TODO.to_string(),
            description: TODO.to_string(),
        };
        service.service.groups.insert(group.to_string(), todo);
        out.push(SourceFile {
            path: service_src.path.clone(),
            text: to_canonical_string(&service),
        });
    } else {
        out.push(service_src.clone());
    }
    let mut file = match rest.iter().find(|s| s.path == group_file) {
        Some(src) => parse_source::<OperationsFile>(src).map_err(|e| e.to_string())?,
        None => OperationsFile {
            schema: Some("../spec.schema.json".to_string()),
            ..OperationsFile::default()
        },
    };
    file.operations.extend(draft.operations);
    file.shapes.extend(draft.shapes);
    let written = SourceFile {
        path: group_file.to_string(),
        text: to_canonical_string(&file),
    };
    out.extend(rest.iter().filter(|s| s.path != group_file).cloned());
    out.push(written);
    out[1..].sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Every operation of the snapshot that the spec lacks.
pub fn missing_operations(spec: &Spec, snapshot: &Snapshot) -> Vec<String> {
    snapshot
        .operations
        .keys()
        .filter(|name| !spec.operations.contains_key(*name))
        .cloned()
        .collect()
}

struct Importer<'a> {
    spec: &'a Spec,
    draft: Draft,
    common: BTreeSet<String>,
    operation: String,
    /// Acknowledgements gathered for the operation being imported.
    acks: Vec<UpstreamDiff>,
    /// To-do notes for the operation being imported.
    notes: Vec<String>,
}

fn todo_member(ty: &str) -> Member {
    Member {
        ty: ty.to_string(),
        items: None,
        wrapper: None,
        required: false,
        description: TODO.to_string(),
        example: None,
        default: None,
        encoding: Encoding::Plain,
        format: None,
        constraints: None,
        secret: false,
        notes: Vec::new(),
        upstream: Vec::new(),
    }
}

fn ack(differs: DiffKind, path: &str) -> UpstreamDiff {
    UpstreamDiff {
        differs,
        path: Some(path.to_string()),
        value: None,
        reason: TODO.to_string(),
    }
}

impl Importer<'_> {
    fn remark(&mut self, path: &str, what: &str) {
        self.draft
            .remarks
            .push(format!("{}.{path}: {what}", self.operation));
    }

    fn operation(&mut self, name: &str, up: &UpOperation, group: &str) -> Operation {
        self.operation = name.to_string();
        self.acks.clear();
        self.notes.clear();
        let mut request = BTreeMap::new();
        for (wire, u) in &up.request {
            if self.common.contains(wire) {
                continue;
            }
            let path = format!("request.{wire}");
            if let Some(m) = self.request_member(name, wire, u, &path) {
                request.insert(wire.clone(), m);
            }
        }
        let region = self.spec.service.region_parameter.clone();
        if !request.contains_key(&region) {
            // The format gives every operation the region parameter (the SDK fills it).
            request.insert(region.clone(), todo_member("string"));
            self.acks.push(ack(
                DiffKind::ExtraRequestParam,
                &format!("request.{region}"),
            ));
            self.remark(
                &region,
                "added: the spec gives every operation the region parameter",
            );
        }
        let mut response = BTreeMap::new();
        for (wire, u) in &up.response {
            let path = format!("response.{wire}");
            if let Some(m) = self.response_member(name, wire, u, &path) {
                response.insert(wire.clone(), m);
            }
        }
        match response.get_mut("RequestId") {
            Some(m) if m.ty == "string" => m.required = true,
            _ => {
                let mut m = todo_member("string");
                m.required = true;
                response.insert("RequestId".to_string(), m);
                self.acks
                    .push(ack(DiffKind::ExtraResponseField, "response.RequestId"));
                self.remark("RequestId", "added (every response carries it)");
            }
        }
        let idempotency_token = request
            .get("ClientToken")
            .filter(|m| m.ty == "string")
            .map(|_| "ClientToken".to_string());
        let dry_run = request
            .get("DryRun")
            .filter(|m| m.ty == "boolean")
            .map(|_| "DryRun".to_string());
        let pagination = self.pagination(up, &request, &response);
        let reads = ["Describe", "Download", "List"]
            .iter()
            .any(|prefix| name.starts_with(prefix));
        let mut upstream = std::mem::take(&mut self.acks);
        upstream.sort_by(|a, b| (&a.path, a.differs).cmp(&(&b.path, b.differs)));
        Operation {
            group: group.to_string(),
            summary: TODO.to_string(),
            description: TODO.to_string(),
            read_only: reads,
            idempotency_token,
            dry_run,
            request,
            response,
            errors: Vec::new(),
            pagination,
            notes: std::mem::take(&mut self.notes),
            upstream,
        }
    }

    fn number_type(wire: &str, u: &Node) -> &'static str {
        if u.fraction {
            "float"
        } else if PAGE_MEMBERS.contains(&wire) {
            "integer"
        } else {
            "long"
        }
    }

    fn request_member(&mut self, op: &str, wire: &str, u: &Node, path: &str) -> Option<Member> {
        if matches!(u.placement, Some(Placement::Body | Placement::Headers)) {
            self.acks.push(ack(DiffKind::Placement, path));
            self.remark(
                wire,
                "sent in the body by the official client; the spec has no placement",
            );
        }
        let style = u.style.unwrap_or(Style::Plain);
        let mut m = match (u.ty, style) {
            (NodeType::Array, Style::Flat) => {
                let items = u.items.as_deref()?;
                let mut m = todo_member("list");
                m.items = Some(self.item_type(op, &singular(wire), items, Side::Request)?);
                m.encoding = Encoding::Flattened;
                m
            }
            (NodeType::Array, Style::Simple) => {
                self.acks.push(ack(DiffKind::Nesting, path));
                self.acks.push(ack(DiffKind::Encoding, path));
                self.remark(wire, "comma-joined list kept as one string");
                todo_member("string")
            }
            (NodeType::Object, Style::Json | Style::Flat) => {
                let shape = self.structure(op, &candidate(wire), u, Side::Request)?;
                let mut m = todo_member(&shape);
                m.encoding = if style == Style::Json {
                    Encoding::JsonString
                } else {
                    Encoding::Flattened
                };
                m
            }
            (NodeType::Object | NodeType::Map | NodeType::Array, _) => {
                self.acks.push(ack(DiffKind::MissingRequestParam, path));
                self.remark(wire, "left out: the spec has no encoding for this shape");
                return None;
            }
            _ => {
                if u.json.is_some() {
                    self.remark(wire, "JSON text kept as a string");
                }
                self.scalar_member(wire, u)?
            }
        };
        m.required = u.required;
        Some(m)
    }

    fn scalar_member(&mut self, wire: &str, u: &Node) -> Option<Member> {
        let ty = match u.ty {
            NodeType::String | NodeType::Any | NodeType::Binary => "string",
            NodeType::Number => Self::number_type(wire, u),
            NodeType::Boolean => "boolean",
            _ => return None,
        };
        Some(todo_member(ty))
    }

    fn response_member(&mut self, op: &str, wire: &str, u: &Node, path: &str) -> Option<Member> {
        if let Some((inner, array)) = u.as_wrapper() {
            let items = array.items.as_deref()?;
            let mut m = todo_member("list");
            m.items = Some(self.item_type(op, inner, items, Side::Response)?);
            m.wrapper = Some(inner.to_string());
            return Some(m);
        }
        match u.ty {
            NodeType::Array => {
                let items = u.items.as_deref()?;
                let mut m = todo_member("list");
                m.items = Some(self.item_type(op, &singular(wire), items, Side::Response)?);
                Some(m)
            }
            NodeType::Object => {
                let shape = self.structure(op, &candidate(wire), u, Side::Response)?;
                Some(todo_member(&shape))
            }
            NodeType::Map => {
                self.acks.push(ack(DiffKind::MissingResponseField, path));
                self.remark(wire, "left out: the spec has no map type");
                None
            }
            _ => self.scalar_member(wire, u),
        }
    }

    /// The `items` type of a list whose items are `u`, named after `name` when a shape.
    fn item_type(&mut self, op: &str, name: &str, u: &Node, side: Side) -> Option<String> {
        match u.ty {
            NodeType::Object if u.as_wrapper().is_none() => {
                self.structure(op, &candidate(name), u, side)
            }
            NodeType::String | NodeType::Any => Some("string".into()),
            NodeType::Number => Some(Self::number_type(name, u).into()),
            NodeType::Boolean => Some("boolean".into()),
            _ => {
                self.remark(name, "left out: a list of lists or maps has no spec type");
                None
            }
        }
    }

    /// A structure shape for object `u`: an existing or already drafted one with the same
    /// members, or a new one named `name` (or `<Operation><name>` when that is taken).
    fn structure(&mut self, op: &str, name: &str, u: &Node, side: Side) -> Option<String> {
        let mut members = BTreeMap::new();
        for (wire, child) in &u.members {
            if !is_wire_name(wire) {
                self.remark(wire, "left out: not a valid wire name");
                continue;
            }
            let m = match side {
                Side::Request => {
                    let mut m = match child.ty {
                        NodeType::Array => {
                            let items = child.items.as_deref()?;
                            let mut m = todo_member("list");
                            m.items = Some(self.item_type(op, &singular(wire), items, side)?);
                            m
                        }
                        NodeType::Object => {
                            let shape = self.structure(op, &candidate(wire), child, side)?;
                            todo_member(&shape)
                        }
                        NodeType::Map => {
                            self.remark(wire, "left out: the spec has no map type");
                            continue;
                        }
                        _ => self.scalar_member(wire, child)?,
                    };
                    m.required = child.required;
                    Some(m)
                }
                Side::Response => self.response_member(op, wire, child, wire),
            };
            if let Some(m) = m {
                members.insert(wire.clone(), m);
            }
        }
        if members.is_empty() {
            self.remark(name, "an object with no members: kept as a string");
            return Some("string".into());
        }
        let fits = |shape: &Shape| match shape {
            Shape::Structure { members: have, .. } => same_members(have, &members),
            Shape::Enum { .. } => false,
        };
        let base = name.to_upper_camel_case();
        let candidates = [base.clone(), format!("{op}{base}")];
        for candidate in &candidates {
            let existing = self
                .spec
                .shapes
                .get(candidate)
                .or_else(|| self.draft.shapes.get(candidate));
            match existing {
                Some(shape) if fits(shape) => return Some(candidate.clone()),
                Some(_) => continue,
                None => {
                    self.draft.shapes.insert(
                        candidate.clone(),
                        Shape::Structure {
                            description: TODO.to_string(),
                            members,
                            notes: Vec::new(),
                            upstream: Vec::new(),
                        },
                    );
                    return Some(candidate.clone());
                }
            }
        }
        let mut n = 2;
        loop {
            let candidate = format!("{op}{base}{n}");
            let taken = self.spec.shapes.contains_key(&candidate)
                || self.draft.shapes.contains_key(&candidate);
            if !taken {
                self.draft.shapes.insert(
                    candidate.clone(),
                    Shape::Structure {
                        description: TODO.to_string(),
                        members,
                        notes: Vec::new(),
                        upstream: Vec::new(),
                    },
                );
                return Some(candidate);
            }
            n += 1;
        }
    }

    fn pagination(
        &mut self,
        up: &UpOperation,
        request: &BTreeMap<String, Member>,
        response: &BTreeMap<String, Member>,
    ) -> Option<Pagination> {
        let int = |map: &BTreeMap<String, Member>, name: &str| {
            map.get(name).is_some_and(|m| m.ty == "integer")
        };
        let string = |map: &BTreeMap<String, Member>, name: &str| {
            map.get(name).is_some_and(|m| m.ty == "string")
        };
        let token = string(request, "NextToken") && string(response, "NextToken");
        let (cursor, size) = if token && int(request, "MaxResults") {
            ("NextToken", "MaxResults")
        } else if int(request, "PageNumber")
            && int(request, "PageSize")
            && int(response, "TotalCount")
        {
            ("PageNumber", "PageSize")
        } else {
            if token {
                self.remark(
                    "NextToken",
                    "pages with NextToken but without an integer MaxResults: no pagination",
                );
            }
            return None;
        };
        let lists = self.list_paths(response, "", 0);
        let [items] = lists.as_slice() else {
            self.remark(
                cursor,
                "pages, but the item list is not one list: no pagination",
            );
            return None;
        };
        let max_page_size = up
            .request
            .get(size)
            .and_then(|u| {
                let from_ranges = u.ranges.iter().map(|r| r[1]).max();
                let from_values = u.values.iter().filter_map(|v| v.as_i64()).max();
                from_ranges.max(from_values)
            })
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| *n >= 1);
        let stated = max_page_size.is_some();
        let max_page_size = max_page_size.unwrap_or_else(|| {
            self.remark(size, "upstream states no largest page size: 50 assumed");
            50
        });
        let default_page_size = max_page_size.min(10);
        // The page sizes are drafted, not known: a to-do note makes `spec check` refuse
        // them until someone confirms them.
        self.notes.push(format!(
            "TODO: confirm the page sizes: max_page_size {max_page_size} ({}), default_page_size {default_page_size} (assumed).",
            if stated { "upstream states it" } else { "assumed" },
        ));
        Some(if cursor == "NextToken" {
            Pagination::NextToken {
                request_token: "NextToken".into(),
                page_size: "MaxResults".into(),
                response_token: "NextToken".into(),
                total_count: int(response, "TotalCount").then(|| "TotalCount".into()),
                items: items.clone(),
                max_page_size,
                default_page_size,
                invalid_token_error: None,
            }
        } else {
            Pagination::PageNumber {
                page_number: "PageNumber".into(),
                page_size: "PageSize".into(),
                total_count: "TotalCount".into(),
                items: items.clone(),
                max_page_size,
                default_page_size,
            }
        })
    }

    /// Dotted paths of the list members of `members`, through structures (not lists), at
    /// most two levels deep.
    fn list_paths(
        &self,
        members: &BTreeMap<String, Member>,
        prefix: &str,
        depth: u8,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for (name, m) in members {
            let path = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}.{name}")
            };
            if m.ty == "list" {
                out.push(path);
            } else if depth < 1 {
                let shape = self
                    .spec
                    .shapes
                    .get(&m.ty)
                    .or_else(|| self.draft.shapes.get(&m.ty));
                if let Some(Shape::Structure { members, .. }) = shape {
                    out.extend(self.list_paths(members, &path, depth + 1));
                }
            }
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

/// Whether two member maps are the same structure (names, types, list facts, required
/// flags, encodings); descriptions and notes do not count.
fn same_members(a: &BTreeMap<String, Member>, b: &BTreeMap<String, Member>) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|((ka, ma), (kb, mb))| {
            ka == kb
                && ma.ty == mb.ty
                && ma.items == mb.items
                && ma.wrapper == mb.wrapper
                && ma.required == mb.required
                && ma.encoding == mb.encoding
        })
}

/// A shape name candidate from a wire name.
fn candidate(wire: &str) -> String {
    wire.to_upper_camel_case()
}

/// `Tags` -> `Tag`, `Entries` -> `Entry`; other names unchanged (`Status` too).
fn singular(wire: &str) -> String {
    if let Some(stem) = wire.strip_suffix("ies").filter(|s| !s.is_empty()) {
        format!("{stem}y")
    } else if let Some(stem) = wire
        .strip_suffix('s')
        .filter(|s| s.len() > 1 && !s.ends_with('s'))
    {
        stem.to_string()
    } else {
        format!("{wire}Item")
    }
}

/// Letters, digits and `_` (what the spec accepts as a wire name).
fn is_wire_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
