//! Request parameters, response fields and structure members, compared recursively
//! through the shapes they use. A change to a structure's member is reported at every
//! place an operation uses the structure
//! (`DescribeVpnGateways.response.VpnGateways[].CreateTime`), with the rule for that side
//! (request or response), because the side decides the impact. Enum values are compared
//! once per enum (see `enums`), documentation inside shapes once per shape (see `shapes`
//! in the parent module).

use std::collections::BTreeMap;

use crate::diff::compare::constraints;
use crate::diff::compare::names::{Owner, RustNames};
use crate::diff::compare::rename::{self, Entry, Shared};
use crate::diff::compare::types::{TypeKey, request_values_fit, response_values_fit};
use crate::diff::compare::{Differ, json, keys};
use crate::diff::finding::Finding;
use crate::diff::rules::{Rule, RustImpact, Severity, Wire};
use crate::spec::{Encoding, Format, Member, Shape};

/// Which side of an operation a member is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// A request parameter, or a member of a structure sent in a request.
    Request,
    /// A response field, or a member of a structure received in a response.
    Response,
    /// A member of a shape no operation uses.
    Shape,
}

/// Where the walk is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cx<'c> {
    /// The operation, if any.
    pub op: Option<&'c str>,
    pub side: Side,
    /// The structure shape whose members these are (`None` at an operation's top level).
    pub parent: Option<&'c str>,
}

impl<'c> Cx<'c> {
    /// Whose members these are, in the generated crate.
    fn owner(self) -> Option<Owner<'c>> {
        match (self.parent, self.side, self.op) {
            (Some(shape), _, _) => Some(Owner::Shape(shape)),
            (None, Side::Request, Some(op)) => Some(Owner::Input(op)),
            (None, Side::Response, Some(op)) => Some(Owner::Output(op)),
            _ => None,
        }
    }
}

/// Which spec's Rust names a finding speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Age {
    /// A removed item: the crate generated from the old spec.
    Old,
    /// An added item: the crate generated from the new spec.
    New,
    /// An item on both sides.
    Both,
}

/// The member keys this module classifies; anything else is an unclassified change.
const MEMBER_KEYS: &[&str] = &[
    "type",
    "items",
    "wrapper",
    "required",
    "description",
    "example",
    "default",
    "encoding",
    "format",
    "constraints",
    "secret",
    "notes",
    "upstream",
];

/// The constraint keys `constraints::compare` classifies.
const CONSTRAINT_KEYS: &[&str] = &[
    "values",
    "ranges",
    "forbidden_values",
    "min_length",
    "max_length",
    "pattern",
    "pattern_description",
    "forbidden_prefixes",
    "ascii",
];

impl Differ<'_> {
    /// Compares two member maps found at `prefix`.
    pub(crate) fn members(
        &mut self,
        cx: Cx<'_>,
        prefix: &str,
        old: &BTreeMap<String, Member>,
        new: &BTreeMap<String, Member>,
        stack: &mut Vec<String>,
    ) {
        let mut removed: Vec<Entry> = Vec::new();
        let mut added: Vec<Entry> = Vec::new();
        for name in keys(old, new) {
            let path = format!("{prefix}.{name}");
            match (old.get(name), new.get(name)) {
                (Some(o), None) => {
                    removed.push((self.out.len(), name.to_string()));
                    let f = self.member_removed(cx, &path, name, o);
                    self.out.push(f);
                }
                (None, Some(n)) => {
                    added.push((self.out.len(), name.to_string()));
                    let f = self.member_added(cx, &path, name, n);
                    self.out.push(f);
                }
                (Some(o), Some(n)) => self.member(cx, &path, name, o, n, stack),
                (None, None) => {}
            }
        }
        rename::hint(&mut self.out, &removed, &added, true, |r, a| {
            let (r, a) = (TypeKey::of(&old[r]), TypeKey::of(&new[a]));
            if r == a {
                Shared::weak(format!("same type `{}`", r.label()))
            } else {
                None
            }
        });
    }

    /// `` `x` `` from the crate `age` names, or `` `x` in the old crate, `y` in the new``
    /// when an item on both sides has two names.
    fn rust_name(&self, age: Age, name: impl Fn(&RustNames) -> String) -> String {
        match age {
            Age::Old => format!("`{}`", name(&self.old_names)),
            Age::New => format!("`{}`", name(&self.new_names)),
            Age::Both => match (name(&self.old_names), name(&self.new_names)) {
                (old, new) if old == new => format!("`{new}`"),
                (old, new) => format!("`{old}` in the old crate, `{new}` in the new"),
            },
        }
    }

    /// How a message names a member: its spec name and its Rust item.
    fn what(&self, cx: Cx<'_>, name: &str, age: Age) -> String {
        let rust = match cx.owner() {
            Some(owner) => self.rust_name(age, |n| n.member_path(owner, name)),
            None => format!("`{name}`"),
        };
        match (cx.side, cx.parent) {
            (Side::Request, None) => format!("request parameter `{name}` (setter {rust})"),
            (Side::Response, None) => format!("response field `{name}` (field {rust})"),
            (Side::Request, Some(p)) => {
                format!("member `{name}` of `{p}` (field {rust}, sent in the request)")
            }
            (Side::Response, Some(p)) => {
                format!("member `{name}` of `{p}` (field {rust}, received in the response)")
            }
            (Side::Shape, p) => format!("member `{name}` of `{}` (field {rust})", p.unwrap_or("?")),
        }
    }

    /// The Rust types of a member on both sides: `` (Rust `i32` → `String`)``.
    fn rust_types(&self, cx: Cx<'_>, name: &str, o: &Member, n: &Member) -> String {
        let Some(owner) = cx.owner() else {
            return String::new();
        };
        format!(
            " (Rust `{}` → `{}`)",
            self.old_names.member_type(owner, name, o),
            self.new_names.member_type(owner, name, n)
        )
    }

    fn member_removed(&self, cx: Cx<'_>, path: &str, name: &str, m: &Member) -> Finding {
        let what = self.what(cx, name, Age::Old);
        let ty = TypeKey::of(m).label();
        let f = match cx.side {
            Side::Request => Finding::new(
                Rule::RequestParamRemoved,
                cx.op,
                path,
                format!("{what} was removed"),
            ),
            Side::Response => {
                let f = Finding::new(
                    Rule::ResponseFieldRemoved,
                    cx.op,
                    path,
                    format!("{what} was removed"),
                );
                if m.required {
                    f.wire(Wire::Breaking)
                } else {
                    f
                }
            }
            Side::Shape => Finding::new(
                Rule::ShapeMemberRemoved,
                cx.op,
                path,
                format!("{what} was removed"),
            ),
        };
        f.values(Some(ty), None)
    }

    fn member_added(&self, cx: Cx<'_>, path: &str, name: &str, m: &Member) -> Finding {
        let what = self.what(cx, name, Age::New);
        let ty = TypeKey::of(m).label();
        let (rule, mut text) = match cx.side {
            Side::Request if m.required => (
                Rule::RequestParamRequiredAdded,
                format!("required {what} was added: calls that do not set it fail"),
            ),
            Side::Request => (
                Rule::RequestParamOptionalAdded,
                format!("optional {what} was added"),
            ),
            Side::Response => (Rule::ResponseFieldAdded, format!("{what} was added")),
            Side::Shape => (Rule::ShapeMemberAdded, format!("{what} was added")),
        };
        match (cx.side, m.encoding) {
            (Side::Request, Encoding::Flattened) => {
                text.push_str(&format!(" (sent flattened: `{name}.1…`, `{name}.2…`)"));
            }
            (Side::Request, Encoding::JsonString) => text.push_str(" (sent as a JSON string)"),
            _ => {}
        }
        Finding::new(rule, cx.op, path, text).values(None, Some(ty))
    }

    /// Compares one member present on both sides.
    fn member(
        &mut self,
        cx: Cx<'_>,
        path: &str,
        name: &str,
        o: &Member,
        n: &Member,
        stack: &mut Vec<String>,
    ) {
        let what = self.what(cx, name, Age::Both);
        let (ot, nt) = (TypeKey::of(o), TypeKey::of(n));
        let type_changed = ot != nt;
        if type_changed {
            self.type_changed(cx, path, name, &what, o, n);
        } else {
            self.descend(cx, path, &what, &nt, stack);
        }

        self.required(cx, path, name, &what, o.required, n.required);
        if o.encoding != n.encoding {
            let rule = match cx.side {
                Side::Request => Rule::RequestParamEncodingChanged,
                Side::Response => Rule::ResponseFieldEncodingChanged,
                Side::Shape => Rule::ShapeMemberChanged,
            };
            let f = Finding::new(
                rule,
                cx.op,
                path,
                format!("the wire encoding of {what} changed"),
            )
            .values(Some(json(&o.encoding)), Some(json(&n.encoding)));
            self.push_sub(f, cx.side == Side::Shape, "encoding");
        }
        if o.wrapper != n.wrapper {
            let rule = match cx.side {
                Side::Request => Rule::RequestParamWrapperChanged,
                Side::Response => Rule::ResponseFieldWrapperChanged,
                Side::Shape => Rule::ShapeMemberChanged,
            };
            let f = Finding::new(
                rule,
                cx.op,
                path,
                format!("the list wrapper key of {what} changed"),
            )
            .values(o.wrapper.clone(), n.wrapper.clone());
            self.push_sub(f, cx.side == Side::Shape, "wrapper");
        }
        if o.format != n.format && !type_changed {
            self.format_changed(cx, path, name, &what, o, n);
        }
        if o.default != n.default {
            let rule = match cx.side {
                Side::Request => Rule::RequestParamDefaultChanged,
                Side::Response => Rule::ResponseFieldDefaultChanged,
                Side::Shape => Rule::ShapeMemberChanged,
            };
            let text = match (&o.default, &n.default) {
                (None, Some(_)) => format!("{what} gained a default"),
                (Some(_), None) => format!("{what} lost its default"),
                _ => format!("the default of {what} changed"),
            };
            let f = Finding::new(rule, cx.op, path, text)
                .values(o.default.as_ref().map(json), n.default.as_ref().map(json));
            self.push_sub(f, cx.side == Side::Shape, "default");
        }
        self.constraints(cx, path, &what, o, n);
        match (o.secret, n.secret) {
            (false, true) => self.out.push(Finding::new(
                Rule::SecretAdded,
                cx.op,
                path,
                format!("{what} is now secret (redacted in Debug and logs)"),
            )),
            (true, false) => self.out.push(Finding::new(
                Rule::SecretRemoved,
                cx.op,
                path,
                format!("{what} is no longer secret: it will show in Debug output and logs"),
            )),
            _ => {}
        }
        if cx.parent.is_none() {
            self.member_docs(cx.op, path, o, n);
        }
        self.unclassified(cx.op, path, None, o, n, MEMBER_KEYS);
    }

    /// Pushes `f`; for unreferenced shapes (`shape_side`), sets `subject` so that several
    /// `shape-member-changed` findings on one member keep distinct fingerprints.
    fn push_sub(&mut self, f: Finding, shape_side: bool, subject: &str) {
        self.out
            .push(if shape_side { f.subject(subject) } else { f });
    }

    /// Documentation of a member (at an operation's top level or in a shape).
    pub(crate) fn member_docs(&mut self, op: Option<&str>, path: &str, o: &Member, n: &Member) {
        self.doc(op, path, "description", &o.description, &n.description);
        self.doc(
            op,
            path,
            "example",
            o.example.as_deref().unwrap_or(""),
            n.example.as_deref().unwrap_or(""),
        );
        self.doc(op, path, "notes", &json(&o.notes), &json(&n.notes));
        self.acknowledgements(op, path, &o.upstream, &n.upstream);
        let pd = |m: &Member| {
            m.constraints
                .as_ref()
                .and_then(|c| c.pattern_description.clone())
                .unwrap_or_default()
        };
        self.doc(op, path, "constraints.pattern_description", &pd(o), &pd(n));
    }

    fn type_changed(
        &mut self,
        cx: Cx<'_>,
        path: &str,
        name: &str,
        what: &str,
        o: &Member,
        n: &Member,
    ) {
        let (ot, nt) = (TypeKey::of(o), TypeKey::of(n));
        let text = format!(
            "the type of {what} changed{}",
            self.rust_types(cx, name, o, n)
        );
        let values = (Some(ot.label()), Some(nt.label()));
        let f = match cx.side {
            Side::Request => {
                let fits = request_values_fit(self.old, &ot, self.new, &nt);
                let f = Finding::new(Rule::RequestParamTypeChanged, cx.op, path, text);
                if fits {
                    let mut f = f.wire(Wire::Compatible);
                    f.hint = Some("every value old clients send is still valid".into());
                    f
                } else {
                    f
                }
            }
            Side::Response => {
                let fits = response_values_fit(self.old, &ot, self.new, &nt);
                let f = Finding::new(Rule::ResponseFieldTypeChanged, cx.op, path, text);
                if fits {
                    let mut f = f.wire(Wire::Compatible);
                    f.hint = Some("old crates still decode every new value".into());
                    f
                } else {
                    f
                }
            }
            Side::Shape => Finding::new(Rule::ShapeMemberTypeChanged, cx.op, path, text),
        };
        self.out.push(f.values(values.0, values.1));
    }

    fn format_changed(
        &mut self,
        cx: Cx<'_>,
        path: &str,
        name: &str,
        what: &str,
        o: &Member,
        n: &Member,
    ) {
        let epoch = |m: &Member| m.format == Some(Format::EpochMillis);
        let show = |f: &Option<Format>| f.as_ref().map_or("none".to_string(), json);
        let rule = match cx.side {
            Side::Request => Rule::RequestParamFormatChanged,
            Side::Response => Rule::ResponseFieldFormatChanged,
            Side::Shape => Rule::ShapeMemberChanged,
        };
        let mut f = Finding::new(rule, cx.op, path, format!("the format of {what} changed"))
            .values(Some(show(&o.format)), Some(show(&n.format)));
        if epoch(o) != epoch(n) {
            f = f.severity(Severity::Breaking).rust(RustImpact::Major);
            f.message = format!(
                "the format of {what} changed{}",
                self.rust_types(cx, name, o, n)
            );
        }
        self.push_sub(f, cx.side == Side::Shape, "format");
    }

    fn required(&mut self, cx: Cx<'_>, path: &str, name: &str, what: &str, o: bool, n: bool) {
        if o == n {
            return;
        }
        let f = match (cx.side, n) {
            (Side::Request, true) => Finding::new(
                Rule::RequestParamBecameRequired,
                cx.op,
                path,
                format!("{what} became required (calls that leave it unset fail)"),
            ),
            (Side::Request, false) => Finding::new(
                Rule::RequestParamBecameOptional,
                cx.op,
                path,
                format!("{what} became optional"),
            ),
            (Side::Response, false) => {
                let f = Finding::new(
                    Rule::ResponseFieldBecameOptional,
                    cx.op,
                    path,
                    format!("{what} is no longer always present"),
                );
                if cx.parent.is_none() && name == "RequestId" {
                    f.severity(Severity::Warning).wire(Wire::Breaking)
                } else {
                    f
                }
            }
            (Side::Response, true) => Finding::new(
                Rule::ResponseFieldBecameRequired,
                cx.op,
                path,
                format!("{what} is now always present"),
            ),
            (Side::Shape, _) => Finding::new(
                Rule::ShapeMemberChanged,
                cx.op,
                path,
                format!("{what} became {}", if n { "required" } else { "optional" }),
            )
            .subject("required"),
        };
        self.out.push(f);
    }

    fn constraints(&mut self, cx: Cx<'_>, path: &str, what: &str, o: &Member, n: &Member) {
        let oc = o.constraints.clone().unwrap_or_default();
        let nc = n.constraints.clone().unwrap_or_default();
        let c = constraints::compare(&oc, &nc);
        let join = |v: &[String]| v.join("; ");
        match cx.side {
            Side::Request => {
                if !c.tightened.is_empty() {
                    self.out.push(Finding::new(
                        Rule::RequestParamConstraintTightened,
                        cx.op,
                        path,
                        format!(
                            "the constraints of {what} were tightened: {}",
                            join(&c.tightened)
                        ),
                    ));
                }
                if !c.loosened.is_empty() {
                    self.out.push(Finding::new(
                        Rule::RequestParamConstraintLoosened,
                        cx.op,
                        path,
                        format!(
                            "the constraints of {what} were loosened: {}",
                            join(&c.loosened)
                        ),
                    ));
                }
            }
            Side::Response | Side::Shape => {
                let all: Vec<String> = c.tightened.iter().chain(&c.loosened).cloned().collect();
                if !all.is_empty() {
                    let text = format!("the constraints of {what} changed: {}", join(&all));
                    let f = if cx.side == Side::Response {
                        Finding::new(Rule::ResponseFieldConstraintChanged, cx.op, path, text)
                    } else {
                        Finding::new(Rule::ShapeMemberChanged, cx.op, path, text)
                            .subject("constraints")
                    };
                    self.out.push(f);
                }
            }
        }
        self.unclassified(cx.op, path, Some("constraints"), &oc, &nc, CONSTRAINT_KEYS);
    }

    /// Same type name on both sides: look inside the shape it names.
    fn descend(
        &mut self,
        cx: Cx<'_>,
        path: &str,
        what: &str,
        ty: &TypeKey,
        stack: &mut Vec<String>,
    ) {
        let name = ty.element();
        let (Some(os), Some(ns)) = (self.old.shapes.get(name), self.new.shapes.get(name)) else {
            return;
        };
        match (os, ns) {
            (Shape::Structure { members: om, .. }, Shape::Structure { members: nm, .. }) => {
                if stack.iter().any(|s| s == name) {
                    return;
                }
                stack.push(name.to_string());
                let prefix = if ty.is_list() {
                    format!("{path}[]")
                } else {
                    path.to_string()
                };
                let inner = Cx {
                    op: cx.op,
                    side: cx.side,
                    parent: Some(name),
                };
                self.members(inner, &prefix, om, nm, stack);
                stack.pop();
            }
            // Values are compared once, at the enum (`shapes` in the parent module).
            (Shape::Enum { .. }, Shape::Enum { .. }) => {}
            _ => {
                let kind = |s: &Shape| match s {
                    Shape::Structure { .. } => "structure",
                    Shape::Enum { .. } => "enum",
                };
                let text = format!(
                    "the type of {what} changed: `{name}` is now {} {}, was {} {}",
                    article(kind(ns)),
                    kind(ns),
                    article(kind(os)),
                    kind(os)
                );
                let rule = match cx.side {
                    Side::Request => Rule::RequestParamTypeChanged,
                    Side::Response => Rule::ResponseFieldTypeChanged,
                    Side::Shape => return, // reported once as shape-kind-changed
                };
                self.out.push(
                    Finding::new(rule, cx.op, path, text)
                        .values(Some(kind(os).into()), Some(kind(ns).into())),
                );
            }
        }
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
