//! The audit: every difference between the spec and the official model's snapshot, for
//! each operation the spec covers.
//!
//! [`audit`] walks each spec operation beside the snapshot's, request and response, at any
//! depth, and reports each difference as a [`Finding`] of one [`DiffKind`]. A finding is
//! *acknowledged* when an `upstream` entry of the spec says so (on the member, on a shape
//! or operation or the service on the way to it, with the path from there); the rest are
//! checked against the committed baseline of known drift ([`crate::upstream::baseline`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use vpn_spec::model::{DiffKind, Encoding, Member, Shape, UpstreamDiff};
use vpn_spec::{Primitive, Spec, TypeRef};

use crate::upstream::snapshot::{Node, NodeType, Placement, Snapshot, Style};

/// One difference between the spec and the snapshot.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    /// The operation (`Action`).
    pub operation: String,
    /// What differs.
    pub kind: DiffKind,
    /// Where, from the operation: `request.Tags[].Key`, `response.VpnGateways.VpnGateway[]`
    /// (`[]` steps into list items; wrappers are named). Empty for the operation itself.
    pub path: String,
    /// For enum and constraint findings: the value concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// What each side says, in a few words.
    pub detail: String,
}

impl Finding {
    /// The identity a baseline entry matches: operation, kind, path and value (not the
    /// detail text).
    pub fn key(&self) -> (String, DiffKind, String, Option<String>) {
        (
            self.operation.clone(),
            self.kind,
            self.path.clone(),
            self.value.clone(),
        )
    }
}

/// A finding and whether an `upstream` entry of the spec acknowledges it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Audited {
    /// The difference.
    pub finding: Finding,
    /// The acknowledging entry's reason, when there is one.
    pub acknowledged: Option<String>,
}

/// Every difference between `spec` and `snapshot`, for every operation of the spec, in
/// order of operation, path, kind and value.
pub fn audit(spec: &Spec, snapshot: &Snapshot) -> Vec<Audited> {
    let mut auditor = Auditor {
        spec,
        out: Vec::new(),
        acks: Vec::new(),
        operation: String::new(),
        in_json: false,
    };
    let common: BTreeSet<&str> = spec
        .service
        .common_parameters
        .keys()
        .map(String::as_str)
        .collect();
    for (name, op) in &spec.operations {
        auditor.operation = name.clone();
        auditor.acks = vec![
            Scope::new(&spec.service.upstream, ""),
            Scope::new(&op.upstream, ""),
        ];
        let Some(up) = snapshot.operations.get(name) else {
            auditor.report(
                DiffKind::OperationMissing,
                String::new(),
                None,
                format!("the {} package has no such operation", snapshot.package),
            );
            continue;
        };
        let request: BTreeMap<&str, &Member> = op
            .request
            .iter()
            .filter(|(k, _)| !common.contains(k.as_str()))
            .map(|(k, v)| (k.as_str(), v))
            .collect();
        let up_request: BTreeMap<&str, &Node> = up
            .request
            .iter()
            .filter(|(k, _)| !common.contains(k.as_str()))
            .map(|(k, v)| (k.as_str(), v))
            .collect();
        auditor.members(Side::Request, "request", &request, &up_request, true);
        let response: BTreeMap<&str, &Member> =
            op.response.iter().map(|(k, v)| (k.as_str(), v)).collect();
        let up_response: BTreeMap<&str, &Node> =
            up.response.iter().map(|(k, v)| (k.as_str(), v)).collect();
        auditor.members(Side::Response, "response", &response, &up_response, false);
    }
    let mut out = auditor.out;
    out.sort();
    out.dedup();
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

/// `upstream` entries in force below `base` (a path from the operation).
struct Scope<'a> {
    entries: &'a [UpstreamDiff],
    base: String,
}

impl<'a> Scope<'a> {
    fn new(entries: &'a [UpstreamDiff], base: &str) -> Self {
        Scope {
            entries,
            base: base.to_string(),
        }
    }
}

struct Auditor<'a> {
    spec: &'a Spec,
    out: Vec<Audited>,
    acks: Vec<Scope<'a>>,
    operation: String,
    /// Below a parameter that travels as JSON text (the package knows no required flags
    /// there).
    in_json: bool,
}

/// What a spec type is on the wire, for comparison with the snapshot.
enum Wire<'a> {
    Scalar(Primitive),
    Enum(&'a str, &'a Shape),
    Structure(&'a str, &'a Shape, &'a BTreeMap<String, Member>),
    List,
    Unknown,
}

impl<'a> Auditor<'a> {
    fn report(&mut self, kind: DiffKind, path: String, value: Option<String>, detail: String) {
        let acknowledged = self.acknowledgement(kind, &path, value.as_deref());
        self.out.push(Audited {
            finding: Finding {
                operation: self.operation.clone(),
                kind,
                path,
                value,
                detail,
            },
            acknowledged,
        });
    }

    fn acknowledgement(&self, kind: DiffKind, path: &str, value: Option<&str>) -> Option<String> {
        for scope in self.acks.iter().rev() {
            let relative = if scope.base.is_empty() {
                Some(path)
            } else if path == scope.base {
                Some("")
            } else {
                path.strip_prefix(&scope.base)
                    .and_then(|rest| rest.strip_prefix('.').or_else(|| rest.strip_prefix("[]")))
                    .map(|rest| rest.trim_start_matches('.'))
            };
            let Some(relative) = relative else { continue };
            let hit = scope.entries.iter().find(|e| {
                e.differs == kind
                    && e.path.as_deref().unwrap_or("") == relative
                    && e.value.as_deref().is_none_or(|v| Some(v) == value)
            });
            if let Some(entry) = hit {
                return Some(entry.reason.clone());
            }
        }
        None
    }

    fn wire(&self, ty: &str) -> Wire<'a> {
        match self.spec.resolve_type(ty) {
            TypeRef::Primitive(p) => Wire::Scalar(p),
            TypeRef::List => Wire::List,
            TypeRef::Shape(name, shape @ Shape::Enum { .. }) => Wire::Enum(name, shape),
            TypeRef::Shape(name, shape @ Shape::Structure { members, .. }) => {
                Wire::Structure(name, shape, members)
            }
            TypeRef::Unknown => Wire::Unknown,
        }
    }

    /// Compares two member maps below `path`.
    fn members(
        &mut self,
        side: Side,
        path: &str,
        spec: &BTreeMap<&str, &'a Member>,
        up: &BTreeMap<&str, &Node>,
        top: bool,
    ) {
        let names: BTreeSet<&str> = spec.keys().chain(up.keys()).copied().collect();
        for name in names {
            let here = format!("{path}.{name}");
            match (spec.get(name), up.get(name)) {
                (Some(m), Some(u)) => self.member(side, &here, m, u, top),
                (None, Some(u)) => {
                    let kind = match side {
                        Side::Request => DiffKind::MissingRequestParam,
                        Side::Response => DiffKind::MissingResponseField,
                    };
                    self.report(
                        kind,
                        here,
                        None,
                        format!("upstream has it ({})", describe(u)),
                    );
                }
                (Some(m), None) => {
                    let kind = match side {
                        Side::Request => DiffKind::ExtraRequestParam,
                        Side::Response => DiffKind::ExtraResponseField,
                    };
                    let detail = format!("the spec has it ({}); upstream does not", m.ty);
                    self.report(kind, here, None, detail);
                }
                (None, None) => unreachable!("the name came from one side"),
            }
        }
    }

    fn member(&mut self, side: Side, path: &str, m: &'a Member, u: &Node, top: bool) {
        self.acks.push(Scope::new(&m.upstream, path));
        if side == Side::Request {
            self.request_member_facts(path, m, u, top);
        }
        self.value(
            side,
            path,
            &m.ty,
            m.items.as_deref(),
            m.wrapper.as_deref(),
            Some(m),
            u,
        );
        self.acks.pop();
    }

    /// Required flag, placement and encoding of a request member.
    fn request_member_facts(&mut self, path: &str, m: &Member, u: &Node, top: bool) {
        // Inside JSON text the package knows no required flags.
        if m.required != u.required && !self.in_json {
            let detail = format!(
                "spec: {}, upstream: {}",
                if m.required { "required" } else { "optional" },
                if u.required {
                    "required"
                } else {
                    "not marked required"
                }
            );
            self.report(DiffKind::Required, path.to_string(), None, detail);
        }
        if !top {
            return;
        }
        if let Some(p @ (Placement::Body | Placement::Headers)) = u.placement {
            self.report(
                DiffKind::Placement,
                path.to_string(),
                None,
                format!(
                    "upstream sends it in the {}; the spec has no placement (query or form)",
                    p.as_str()
                ),
            );
        }
        let style = u.style.unwrap_or(Style::Plain);
        let wanted = match m.encoding {
            Encoding::Plain => {
                matches!(style, Style::Plain) && !(u.json.is_some() && self.is_structure(&m.ty))
            }
            Encoding::Flattened => style == Style::Flat,
            Encoding::JsonString => {
                style == Style::Json || (style == Style::Plain && u.ty == NodeType::String)
            }
        };
        if !wanted {
            let spec = match m.encoding {
                Encoding::Plain => "plain",
                Encoding::Flattened => "flattened",
                Encoding::JsonString => "json_string",
            };
            self.report(
                DiffKind::Encoding,
                path.to_string(),
                None,
                format!("spec: {spec}, upstream: {}", style.as_str()),
            );
        }
    }

    fn is_structure(&self, ty: &str) -> bool {
        matches!(self.wire(ty), Wire::Structure(..))
    }

    /// Compares a value of spec type `ty` (with `items`/`wrapper` for lists) with `u`.
    #[allow(clippy::too_many_arguments)]
    fn value(
        &mut self,
        side: Side,
        path: &str,
        ty: &str,
        items: Option<&str>,
        wrapper: Option<&str>,
        member: Option<&'a Member>,
        u: &Node,
    ) {
        // JSON text upstream: compare with the structure the spec gives it, if any.
        let up_json: Option<&Node> = match (&u.json, u.style) {
            (Some(json), _) => Some(json),
            (None, Some(Style::Json)) => Some(u),
            _ => None,
        };
        match self.wire(ty) {
            Wire::Unknown => {}
            Wire::Scalar(p) => self.scalar(path, p, member, u),
            Wire::Enum(name, shape) => {
                if u.ty != NodeType::String {
                    let detail = format!("spec: enum {name}, upstream: {}", describe(u));
                    self.report(kind_for(u), path.to_string(), None, detail);
                    return;
                }
                let Shape::Enum {
                    values, upstream, ..
                } = shape
                else {
                    return;
                };
                self.acks.push(Scope::new(upstream, path));
                let spec_values: BTreeSet<&str> = values.iter().map(|v| v.value.as_str()).collect();
                let up_values = u.value_strings();
                if !up_values.is_empty() {
                    for v in &up_values {
                        if !spec_values.contains(v.as_str()) {
                            let detail = format!("upstream states {v:?}; enum {name} lacks it");
                            self.report(
                                DiffKind::EnumValueMissing,
                                path.to_string(),
                                Some(v.clone()),
                                detail,
                            );
                        }
                    }
                    for v in &spec_values {
                        if !up_values.iter().any(|x| x == v) {
                            let detail =
                                format!("enum {name} has {v:?}; upstream does not state it");
                            self.report(
                                DiffKind::EnumValueExtra,
                                path.to_string(),
                                Some(v.to_string()),
                                detail,
                            );
                        }
                    }
                }
                self.acks.pop();
            }
            Wire::Structure(name, shape, members) => {
                let upstream = match shape {
                    Shape::Structure { upstream, .. } => upstream.as_slice(),
                    Shape::Enum { .. } => &[],
                };
                let target = match up_json {
                    Some(json) if side == Side::Request => json,
                    _ => u,
                };
                if target.ty == NodeType::String && side == Side::Request {
                    // Opaque JSON text upstream: nothing to compare inside.
                    return;
                }
                if target.ty != NodeType::Object {
                    let detail = format!("spec: structure {name}, upstream: {}", describe(target));
                    self.report(kind_for(target), path.to_string(), None, detail);
                    return;
                }
                self.acks.push(Scope::new(upstream, path));
                let spec_members: BTreeMap<&str, &Member> =
                    members.iter().map(|(k, v)| (k.as_str(), v)).collect();
                let up_members: BTreeMap<&str, &Node> = target
                    .members
                    .iter()
                    .map(|(k, v)| (k.as_str(), v))
                    .collect();
                let was_json = self.in_json;
                self.in_json |= up_json.is_some() && side == Side::Request;
                self.members(side, path, &spec_members, &up_members, false);
                self.in_json = was_json;
                self.acks.pop();
            }
            Wire::List => {
                let Some(items) = items else { return };
                let (inner_path, up_items) = match (side, wrapper, u.as_wrapper(), u.ty) {
                    (Side::Response, Some(w), Some((uw, array)), _) => {
                        if w != uw {
                            let detail = format!("spec: {w}, upstream: {uw}");
                            self.report(DiffKind::ListWrapper, path.to_string(), None, detail);
                        }
                        (format!("{path}.{uw}[]"), array.items.as_deref())
                    }
                    (Side::Response, Some(w), None, NodeType::Array) => {
                        let detail = format!("spec: wrapped in {w}, upstream: a bare array");
                        self.report(DiffKind::ListWrapper, path.to_string(), None, detail);
                        (format!("{path}[]"), u.items.as_deref())
                    }
                    (Side::Response, None, Some((uw, array)), _) => {
                        let detail = format!("spec: a bare array, upstream: wrapped in {uw}");
                        self.report(DiffKind::ListWrapper, path.to_string(), None, detail);
                        (format!("{path}.{uw}[]"), array.items.as_deref())
                    }
                    (_, _, _, NodeType::Array) => (format!("{path}[]"), u.items.as_deref()),
                    _ => {
                        let detail = format!("spec: list of {items}, upstream: {}", describe(u));
                        self.report(kind_for(u), path.to_string(), None, detail);
                        return;
                    }
                };
                if let Some(up_items) = up_items {
                    self.value(side, &inner_path, items, None, None, None, up_items);
                }
            }
        }
    }

    fn scalar(&mut self, path: &str, p: Primitive, member: Option<&Member>, u: &Node) {
        let same = match (p, u.ty) {
            (_, NodeType::Any) => true,
            (Primitive::String, NodeType::String) => true,
            (Primitive::Boolean, NodeType::Boolean) => true,
            (Primitive::Float, NodeType::Number) => true,
            (Primitive::Integer | Primitive::Long, NodeType::Number) => !u.fraction,
            _ => false,
        };
        if !same {
            let detail = format!("spec: {p}, upstream: {}", describe(u));
            let kind = if u.ty.is_scalar() {
                DiffKind::Type
            } else {
                DiffKind::Nesting
            };
            self.report(kind, path.to_string(), None, detail);
            return;
        }
        if !p.is_numeric() || u.ty != NodeType::Number {
            return;
        }
        let Some(c) = member.and_then(|m| m.constraints.as_ref()) else {
            return;
        };
        if c.values.is_empty() && c.ranges.is_empty() && c.forbidden_values.is_empty() {
            return;
        }
        let allows = |v: i64| {
            let listed = (c.values.is_empty() && c.ranges.is_empty())
                || c.values.contains(&v)
                || c.ranges.iter().any(|r| r.min <= v && v <= r.max);
            listed && !c.forbidden_values.contains(&v)
        };
        for v in &u.values {
            let Some(n) = v.as_i64() else { continue };
            if !allows(n) {
                let detail = format!("upstream states {n}; the spec's constraints refuse it");
                self.report(
                    DiffKind::Constraint,
                    path.to_string(),
                    Some(n.to_string()),
                    detail,
                );
            }
        }
        for [min, max] in &u.ranges {
            let covered = c.forbidden_values.iter().all(|f| f < min || f > max)
                && (c.values.is_empty() && c.ranges.is_empty()
                    || c.ranges.iter().any(|r| r.min <= *min && *max <= r.max)
                    || (max - min <= 10_000 && (*min..=*max).all(allows)));
            if !covered {
                let detail = format!(
                    "upstream states {min} to {max}; the spec's constraints refuse part of it"
                );
                self.report(
                    DiffKind::Constraint,
                    path.to_string(),
                    Some(format!("{min}..{max}")),
                    detail,
                );
            }
        }
    }
}

/// `Type` when `u` is a scalar, `Nesting` when it is structured.
fn kind_for(u: &Node) -> DiffKind {
    if u.ty.is_scalar() {
        DiffKind::Type
    } else {
        DiffKind::Nesting
    }
}

/// A few words on a snapshot node: `string`, `array of object`, `object {A, B}`.
pub fn describe(u: &Node) -> String {
    let mut out = u.ty.as_str().to_string();
    match u.ty {
        NodeType::Array => {
            if let Some(items) = &u.items {
                out = format!("array of {}", describe(items));
            }
        }
        NodeType::Object => {
            if let Some((w, _)) = u.as_wrapper() {
                out = format!("object wrapping array {w}");
            } else {
                let names: Vec<&str> = u.members.keys().map(String::as_str).collect();
                out = format!("object {{{}}}", names.join(", "));
                if out.len() > 60 {
                    out = format!("object of {} members", names.len());
                }
            }
        }
        _ => {}
    }
    if u.json.is_some() {
        out.push_str(" (JSON text)");
    }
    if u.style == Some(Style::Simple) {
        out.push_str(" (comma-joined)");
    }
    out
}
