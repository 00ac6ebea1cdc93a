//! The comparison itself: walks two loaded specs side by side and collects findings.

mod constraints;
mod enums;
mod members;
mod names;
mod rename;
mod types;
mod uses;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::diff::finding::{Finding, canonical_order};
use crate::diff::rules::{Rule, RustImpact, Severity, Wire};
use crate::spec::{ErrorSpec, Operation, Shape, Spec, UpstreamDiff};

use members::{Cx, Side};
use names::RustNames;
use rename::{Entry, Shared};

/// Compares `old` with `new` and returns every finding in canonical order.
pub fn compare(old: &Spec, new: &Spec) -> Vec<Finding> {
    let mut d = Differ {
        old,
        new,
        old_names: RustNames::of(old),
        new_names: RustNames::of(new),
        out: Vec::new(),
    };
    d.service();
    d.operations();
    d.shapes();
    d.waiters();
    let mut out = d.out;
    out.sort_by(canonical_order);
    out
}

/// The walk's state: both specs, their Rust names and the findings so far.
pub(crate) struct Differ<'a> {
    pub old: &'a Spec,
    pub new: &'a Spec,
    /// What the crate generated from `old` calls things (names of removed items).
    pub old_names: RustNames,
    /// What the crate generated from `new` calls things (names of added items).
    pub new_names: RustNames,
    pub out: Vec<Finding>,
}

/// The union of two maps' keys, sorted.
pub(crate) fn keys<'k, A, B>(
    a: &'k BTreeMap<String, A>,
    b: &'k BTreeMap<String, B>,
) -> BTreeSet<&'k str> {
    a.keys().chain(b.keys()).map(String::as_str).collect()
}

/// Compact JSON text of a value (strings without quotes).
pub(crate) fn json<T: Serialize + ?Sized>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(v) => v.to_string(),
        Err(e) => format!("<{e}>"),
    }
}

/// The operation-level keys classified below.
const OPERATION_KEYS: &[&str] = &[
    "group",
    "summary",
    "description",
    "read_only",
    "idempotency_token",
    "dry_run",
    "request",
    "response",
    "errors",
    "pagination",
    "notes",
    "upstream",
];
const ERROR_KEYS: &[&str] = &["status", "code", "message", "description", "notes"];
const WAITER_KEYS: &[&str] = &[
    "description",
    "operation",
    "min_delay_ms",
    "max_delay_ms",
    "max_wait_secs",
    "acceptors",
];
const SHAPE_KEYS: &[&str] = &[
    "type",
    "description",
    "members",
    "values",
    "notes",
    "upstream",
];
const SERVICE_KEYS: &[&str] = &[
    "name",
    "title",
    "api_version",
    "description",
    "region_parameter",
    "endpoints",
    "http_methods",
    "signature_versions",
    "common_parameters",
    "common_errors",
    "dry_run_error",
    "groups",
    "notes",
    "upstream",
];
const MEMBER_DOC_KEYS: &[&str] = &["description", "example", "notes"];

/// Why a service-wide error code changes no Rust item.
const SERVICE_WIDE_CODES: &str = "no variant is generated for service-wide codes: every error enum holds them in its catch-all variant";

impl Differ<'_> {
    /// A `doc-changed` finding when `old != new`.
    pub(crate) fn doc(&mut self, op: Option<&str>, path: &str, field: &str, old: &str, new: &str) {
        if old == new {
            return;
        }
        let text = match (old.is_empty() || old == "[]", new.is_empty() || new == "[]") {
            (true, false) => format!("{field} added"),
            (false, true) => format!("{field} removed"),
            _ => format!("{field} changed"),
        };
        self.out.push(
            Finding::new(Rule::DocChanged, op, path, text)
                .subject(field)
                .values(
                    (!old.is_empty()).then(|| old.to_string()),
                    (!new.is_empty()).then(|| new.to_string()),
                ),
        );
    }

    /// One `upstream-acknowledgement-changed` finding per acknowledgement (an `upstream`
    /// entry of the item at `path`) added, removed or reworded.
    pub(crate) fn acknowledgements(
        &mut self,
        op: Option<&str>,
        path: &str,
        old: &[UpstreamDiff],
        new: &[UpstreamDiff],
    ) {
        let key = |d: &UpstreamDiff| (d.differs, d.path.clone(), d.value.clone());
        let describe = |d: &UpstreamDiff| {
            let mut s = json(&d.differs).trim_matches('"').to_string();
            if let Some(p) = &d.path {
                s.push_str(&format!(" at `{p}`"));
            }
            if let Some(v) = &d.value {
                s.push_str(&format!(" (value `{v}`)"));
            }
            s
        };
        let olds: BTreeMap<_, &UpstreamDiff> = old.iter().map(|d| (key(d), d)).collect();
        let news: BTreeMap<_, &UpstreamDiff> = new.iter().map(|d| (key(d), d)).collect();
        for k in olds.keys().chain(news.keys()).collect::<BTreeSet<_>>() {
            let (a, b) = (olds.get(k).copied(), news.get(k).copied());
            let Some(either) = b.or(a) else { continue };
            let text = match (a, b) {
                (None, Some(d)) => format!(
                    "difference from the official model acknowledged: {}",
                    describe(d)
                ),
                (Some(d), None) => format!(
                    "acknowledged difference from the official model removed: {}",
                    describe(d)
                ),
                (Some(x), Some(y)) if x.reason != y.reason => {
                    format!("reason reworded for the acknowledged {}", describe(y))
                }
                _ => continue,
            };
            let subject = format!("upstream: {}", describe(either).replace('`', ""));
            self.out.push(
                Finding::new(Rule::UpstreamAcknowledgementChanged, op, path, text)
                    .subject(subject)
                    .values(a.map(|d| d.reason.clone()), b.map(|d| d.reason.clone())),
            );
        }
    }

    /// `unclassified-change` findings for keys of the serialized values not in `known`
    /// (spec fields added to the model after this differ was written).
    pub(crate) fn unclassified<T: Serialize>(
        &mut self,
        op: Option<&str>,
        path: &str,
        within: Option<&str>,
        old: &T,
        new: &T,
        known: &[&str],
    ) {
        let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
            (serde_json::to_value(old), serde_json::to_value(new))
        else {
            return;
        };
        let all: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        for key in all {
            if known.contains(&key.as_str()) || a.get(key) == b.get(key) {
                continue;
            }
            let subject = match within {
                Some(w) => format!("{w}.{key}"),
                None => key.clone(),
            };
            self.out.push(
                Finding::new(
                    Rule::UnclassifiedChange,
                    op,
                    path,
                    format!("`{subject}` changed (no rule classifies it; review by hand)"),
                )
                .subject(subject)
                .values(a.get(key).map(json), b.get(key).map(json)),
            );
        }
    }

    fn operations(&mut self) {
        let (old, new) = (self.old, self.new);
        let mut removed: Vec<Entry> = Vec::new();
        let mut added: Vec<Entry> = Vec::new();
        for name in keys(&old.operations, &new.operations) {
            match (old.operations.get(name), new.operations.get(name)) {
                (Some(_), None) => {
                    removed.push((self.out.len(), name.to_string()));
                    self.out.push(Finding::new(
                        Rule::OperationRemoved,
                        Some(name),
                        name,
                        format!(
                            "operation `{name}` was removed (client method `{}` and module `{}` disappear)",
                            self.old_names.client_method(name),
                            self.old_names.operation_module(name)
                        ),
                    ));
                }
                (None, Some(_)) => {
                    added.push((self.out.len(), name.to_string()));
                    self.out.push(Finding::new(
                        Rule::OperationAdded,
                        Some(name),
                        name,
                        format!(
                            "operation `{name}` was added (client method `{}`, module `{}`)",
                            self.new_names.client_method(name),
                            self.new_names.operation_module(name)
                        ),
                    ));
                }
                (Some(o), Some(n)) => self.operation(name, o, n),
                (None, None) => {}
            }
        }
        rename::hint(&mut self.out, &removed, &added, false, |r, a| {
            let (r, a) = (&old.operations[r], &new.operations[a]);
            let same = |x: &BTreeMap<String, _>, y: &BTreeMap<String, _>| x.keys().eq(y.keys());
            if same(&r.request, &a.request) && same(&r.response, &a.response) {
                Shared::strong("same request parameters and response fields")
            } else {
                Shared::weak("")
            }
        });
    }

    fn operation(&mut self, name: &str, o: &Operation, n: &Operation) {
        let op = Some(name);
        if o.group != n.group {
            self.out.push(
                Finding::new(
                    Rule::OperationGroupChanged,
                    op,
                    name,
                    format!("operation `{name}` moved to another group"),
                )
                .values(Some(o.group.clone()), Some(n.group.clone())),
            );
        }
        self.doc(op, name, "summary", &o.summary, &n.summary);
        self.doc(op, name, "description", &o.description, &n.description);
        self.doc(op, name, "notes", &json(&o.notes), &json(&n.notes));
        self.acknowledgements(op, name, &o.upstream, &n.upstream);
        match (o.read_only, n.read_only) {
            (false, true) => self.out.push(Finding::new(
                Rule::OperationBecameReadOnly,
                op,
                name,
                format!("operation `{name}` is now read-only"),
            )),
            (true, false) => self.out.push(Finding::new(
                Rule::OperationNoLongerReadOnly,
                op,
                name,
                format!("operation `{name}` is no longer read-only"),
            )),
            _ => {}
        }
        let token_path = format!("{name}.idempotency_token");
        match (&o.idempotency_token, &n.idempotency_token) {
            (None, Some(t)) => self.out.push(Finding::new(
                Rule::IdempotencyTokenAdded,
                op,
                &token_path,
                format!("`{t}` is now the idempotency token of `{name}` (filled once per call)"),
            )),
            (Some(t), None) => self.out.push(Finding::new(
                Rule::IdempotencyTokenRemoved,
                op,
                &token_path,
                format!("`{name}` no longer has an idempotency token (was `{t}`)"),
            )),
            (Some(a), Some(b)) if a != b => self.out.push(Finding::new(
                Rule::IdempotencyTokenChanged,
                op,
                &token_path,
                format!("the idempotency token of `{name}` moved from `{a}` to `{b}`"),
            )),
            _ => {}
        }
        let flag_path = format!("{name}.dry_run");
        match (&o.dry_run, &n.dry_run) {
            (None, Some(f)) => self.out.push(Finding::new(
                Rule::DryRunAdded,
                op,
                &flag_path,
                format!("`{f}` is now the dry-run flag of `{name}`"),
            )),
            (Some(f), None) => self.out.push(Finding::new(
                Rule::DryRunRemoved,
                op,
                &flag_path,
                format!("`{name}` no longer has a dry-run flag (was `{f}`)"),
            )),
            (Some(a), Some(b)) if a != b => self.out.push(Finding::new(
                Rule::DryRunChanged,
                op,
                &flag_path,
                format!("the dry-run flag of `{name}` moved from `{a}` to `{b}`"),
            )),
            _ => {}
        }
        let mut stack = Vec::new();
        let request = Cx {
            op,
            side: Side::Request,
            parent: None,
        };
        self.members(
            request,
            &format!("{name}.request"),
            &o.request,
            &n.request,
            &mut stack,
        );
        let response = Cx {
            op,
            side: Side::Response,
            parent: None,
        };
        self.members(
            response,
            &format!("{name}.response"),
            &o.response,
            &n.response,
            &mut stack,
        );
        self.errors(op, &format!("{name}.errors"), &o.errors, &n.errors);
        self.pagination(name, o, n);
        self.unclassified(op, name, None, o, n, OPERATION_KEYS);
    }

    /// Documented errors at `path` (`Op.errors` or `service.common_errors`), keyed by code.
    /// An operation's codes are variants of its error enum; service-wide codes (`op` is
    /// `None`) have no variant, so adding or removing one changes no Rust item.
    fn errors(&mut self, op: Option<&str>, path: &str, old: &[ErrorSpec], new: &[ErrorSpec]) {
        let by_code = |v: &[ErrorSpec]| -> BTreeMap<String, ErrorSpec> {
            v.iter().map(|e| (e.code.clone(), e.clone())).collect()
        };
        let (old, new) = (by_code(old), by_code(new));
        let mut removed: Vec<Entry> = Vec::new();
        let mut added: Vec<Entry> = Vec::new();
        for code in keys(&old, &new) {
            match (old.get(code), new.get(code)) {
                (Some(e), None) => {
                    removed.push((self.out.len(), code.to_string()));
                    let f = match op {
                        Some(action) => Finding::new(
                            Rule::ErrorCodeRemoved,
                            op,
                            path,
                            format!(
                                "error code `{code}` (HTTP {}) is no longer documented (variant `{}` disappears)",
                                e.status,
                                self.old_names.error_variant(action, code)
                            ),
                        ),
                        None => Finding::new(
                            Rule::ErrorCodeRemoved,
                            op,
                            path,
                            format!(
                                "service-wide error code `{code}` (HTTP {}) is no longer documented ({SERVICE_WIDE_CODES})",
                                e.status
                            ),
                        )
                        .severity(Severity::Info)
                        .rust(RustImpact::Patch),
                    };
                    self.out.push(f.subject(code));
                }
                (None, Some(e)) => {
                    added.push((self.out.len(), code.to_string()));
                    let f = match op {
                        Some(action) => Finding::new(
                            Rule::ErrorCodeAdded,
                            op,
                            path,
                            format!(
                                "error code `{code}` (HTTP {}) is now documented (new variant `{}`)",
                                e.status,
                                self.new_names.error_variant(action, code)
                            ),
                        ),
                        None => Finding::new(
                            Rule::ErrorCodeAdded,
                            op,
                            path,
                            format!(
                                "service-wide error code `{code}` (HTTP {}) is now documented ({SERVICE_WIDE_CODES})",
                                e.status
                            ),
                        )
                        .rust(RustImpact::Patch),
                    };
                    self.out.push(f.subject(code));
                }
                (Some(a), Some(b)) => {
                    if a.status != b.status {
                        self.out.push(
                            Finding::new(
                                Rule::ErrorStatusChanged,
                                op,
                                path,
                                format!("the HTTP status of error code `{code}` changed"),
                            )
                            .subject(code)
                            .values(Some(a.status.to_string()), Some(b.status.to_string())),
                        );
                    }
                    for (field, x, y) in [
                        ("message", &a.message, &b.message),
                        ("description", &a.description, &b.description),
                    ] {
                        self.doc(op, path, &format!("{code}: {field}"), x, y);
                    }
                    self.doc(
                        op,
                        path,
                        &format!("{code}: notes"),
                        &json(&a.notes),
                        &json(&b.notes),
                    );
                    self.unclassified(op, path, Some(code), a, b, ERROR_KEYS);
                }
                (None, None) => {}
            }
        }
        rename::hint(&mut self.out, &removed, &added, false, |r, a| {
            if old[r].status == new[a].status {
                Shared::weak(format!("same HTTP status {}", old[r].status))
            } else {
                None
            }
        });
    }

    fn pagination(&mut self, name: &str, o: &Operation, n: &Operation) {
        let op = Some(name);
        let path = format!("{name}.pagination");
        let limits = ["max_page_size", "default_page_size"];
        let strip = |v: serde_json::Value| match v {
            serde_json::Value::Object(mut m) => {
                for k in limits {
                    m.remove(k);
                }
                serde_json::Value::Object(m)
            }
            v => v,
        };
        let get = |v: &serde_json::Value, k: &str| v.get(k).and_then(serde_json::Value::as_u64);
        match (&o.pagination, &n.pagination) {
            (None, Some(p)) => self.out.push(
                Finding::new(
                    Rule::PaginationAdded,
                    op,
                    path,
                    format!(
                        "`{name}` now pages (`{}::into_paginator` returns a `{}`)",
                        self.new_names.fluent_builder(name),
                        self.new_names.paginator(name)
                    ),
                )
                .values(None, Some(json(p))),
            ),
            (Some(p), None) => self.out.push(
                Finding::new(
                    Rule::PaginationRemoved,
                    op,
                    path,
                    format!(
                        "`{name}` no longer pages (`{}::into_paginator` and `{}` disappear)",
                        self.old_names.fluent_builder(name),
                        self.old_names.paginator(name)
                    ),
                )
                .values(Some(json(p)), None),
            ),
            (Some(a), Some(b)) if a != b => {
                let (va, vb) = (json_value(a), json_value(b));
                if strip(va.clone()) != strip(vb.clone()) {
                    self.out.push(
                        Finding::new(
                            Rule::PaginationChanged,
                            op,
                            path,
                            format!(
                                "the pagination of `{name}` changed (style, members or item path)"
                            ),
                        )
                        .values(Some(json(a)), Some(json(b))),
                    );
                } else {
                    let shrank = get(&vb, limits[0]) < get(&va, limits[0]);
                    let show = |v: &serde_json::Value| {
                        format!(
                            "max {}, default {}",
                            get(v, limits[0]).unwrap_or(0),
                            get(v, limits[1]).unwrap_or(0)
                        )
                    };
                    let mut f = Finding::new(
                        Rule::PaginationLimitsChanged,
                        op,
                        path,
                        format!("the page size limits of `{name}` changed"),
                    )
                    .values(Some(show(&va)), Some(show(&vb)));
                    if shrank {
                        f = f.severity(Severity::Warning);
                        f.message.push_str(" (the maximum page size decreased)");
                    }
                    self.out.push(f);
                }
            }
            _ => {}
        }
    }

    fn waiters(&mut self) {
        let (old, new) = (self.old, self.new);
        let mut removed: Vec<Entry> = Vec::new();
        let mut added: Vec<Entry> = Vec::new();
        for name in keys(&old.waiters, &new.waiters) {
            let path = format!("waiters.{name}");
            match (old.waiters.get(name), new.waiters.get(name)) {
                (Some(w), None) => {
                    let method = self.old_names.waiter_method(name);
                    removed.push((self.out.len(), name.to_string()));
                    self.out.push(Finding::new(
                        Rule::WaiterRemoved,
                        Some(&w.operation),
                        path,
                        format!(
                            "waiter `{name}` was removed (client method `{method}` disappears)"
                        ),
                    ));
                }
                (None, Some(w)) => {
                    let method = self.new_names.waiter_method(name);
                    added.push((self.out.len(), name.to_string()));
                    self.out.push(Finding::new(
                        Rule::WaiterAdded,
                        Some(&w.operation),
                        path,
                        format!("waiter `{name}` was added (client method `{method}`)"),
                    ));
                }
                (Some(a), Some(b)) => {
                    let op = Some(b.operation.as_str());
                    if a.operation != b.operation {
                        let method = self.new_names.waiter_method(name);
                        self.out.push(
                            Finding::new(
                                Rule::WaiterOperationChanged,
                                op,
                                &path,
                                format!("waiter `{name}` polls another operation (`{method}` takes its required parameters)"),
                            )
                            .values(Some(a.operation.clone()), Some(b.operation.clone())),
                        );
                    }
                    if a.acceptors != b.acceptors {
                        self.out.push(
                            Finding::new(
                                Rule::WaiterAcceptorsChanged,
                                op,
                                &path,
                                format!("the acceptors of waiter `{name}` changed"),
                            )
                            .values(Some(json(&a.acceptors)), Some(json(&b.acceptors))),
                        );
                    }
                    let timing = |w: &crate::spec::Waiter| {
                        format!(
                            "delay {}..{} ms, at most {} s",
                            w.min_delay_ms, w.max_delay_ms, w.max_wait_secs
                        )
                    };
                    if timing(a) != timing(b) {
                        self.out.push(
                            Finding::new(
                                Rule::WaiterTimingChanged,
                                op,
                                &path,
                                format!("the timing of waiter `{name}` changed"),
                            )
                            .values(Some(timing(a)), Some(timing(b))),
                        );
                    }
                    self.doc(op, &path, "description", &a.description, &b.description);
                    self.unclassified(op, &path, None, a, b, WAITER_KEYS);
                }
                (None, None) => {}
            }
        }
        rename::hint(&mut self.out, &removed, &added, false, |r, a| {
            let (r, a) = (&old.waiters[r], &new.waiters[a]);
            match (r.operation == a.operation, r.acceptors == a.acceptors) {
                (true, true) => {
                    Shared::strong(format!("same operation `{}` and acceptors", a.operation))
                }
                (true, false) => Shared::weak(format!("same operation `{}`", a.operation)),
                _ => None,
            }
        });
    }

    fn shapes(&mut self) {
        let (old, new) = (self.old, self.new);
        let used: BTreeSet<String> = reachable(old).union(&reachable(new)).cloned().collect();
        let mut removed: Vec<Entry> = Vec::new();
        let mut added: Vec<Entry> = Vec::new();
        for name in keys(&old.shapes, &new.shapes) {
            let path = format!("shapes.{name}");
            match (old.shapes.get(name), new.shapes.get(name)) {
                (Some(s), None) => {
                    removed.push((self.out.len(), name.to_string()));
                    self.out.push(Finding::new(
                        Rule::ShapeRemoved,
                        None,
                        path,
                        format!(
                            "{} `{name}` was removed (type `{}` disappears)",
                            kind(s),
                            self.old_names.type_path(name)
                        ),
                    ));
                }
                (None, Some(s)) => {
                    added.push((self.out.len(), name.to_string()));
                    self.out.push(Finding::new(
                        Rule::ShapeAdded,
                        None,
                        path,
                        format!(
                            "{} `{name}` was added (new type `{}`)",
                            kind(s),
                            self.new_names.type_path(name)
                        ),
                    ));
                }
                (Some(a), Some(b)) => self.shape(name, &path, a, b, !used.contains(name)),
                (None, None) => {}
            }
        }
        rename::hint(&mut self.out, &removed, &added, false, |r, a| {
            let (r, a) = (&old.shapes[r], &new.shapes[a]);
            match (r, a) {
                (Shape::Structure { members: x, .. }, Shape::Structure { members: y, .. }) => {
                    if x.keys().eq(y.keys()) {
                        Shared::strong("both structures with the same members")
                    } else {
                        Shared::weak("both structures")
                    }
                }
                (Shape::Enum { values: x, .. }, Shape::Enum { values: y, .. }) => {
                    if x.iter().map(|v| &v.value).eq(y.iter().map(|v| &v.value)) {
                        Shared::strong("both enums with the same values")
                    } else {
                        Shared::weak("both enums")
                    }
                }
                _ => None,
            }
        });
    }

    fn shape(&mut self, name: &str, path: &str, a: &Shape, b: &Shape, unused: bool) {
        self.doc(
            None,
            path,
            "description",
            a.description_text(),
            b.description_text(),
        );
        self.doc(
            None,
            path,
            "notes",
            &json(a.notes_list()),
            &json(b.notes_list()),
        );
        self.acknowledgements(None, path, a.upstream_list(), b.upstream_list());
        match (a, b) {
            (Shape::Structure { members: x, .. }, Shape::Structure { members: y, .. }) => {
                for m in keys(x, y) {
                    if let (Some(om), Some(nm)) = (x.get(m), y.get(m)) {
                        self.member_docs(None, &format!("{path}.{m}"), om, nm);
                    }
                }
                if unused {
                    let cx = Cx {
                        op: None,
                        side: Side::Shape,
                        parent: Some(name),
                    };
                    self.members(cx, path, x, y, &mut vec![name.to_string()]);
                }
            }
            (Shape::Enum { values: x, .. }, Shape::Enum { values: y, .. }) => {
                for ov in x {
                    if let Some(nv) = y.iter().find(|v| v.value == ov.value) {
                        let field = format!("{}: description", ov.value);
                        self.doc(None, path, &field, &ov.description, &nv.description);
                    }
                }
                self.enum_values(name, path, x, y);
            }
            _ => {
                self.out.push(
                    Finding::new(
                        Rule::ShapeKindChanged,
                        None,
                        path,
                        format!(
                            "shape `{name}` changed from {} to {} (type `{}`)",
                            kind(a),
                            kind(b),
                            self.new_names.type_path(name)
                        ),
                    )
                    .values(Some(kind(a).into()), Some(kind(b).into())),
                );
                return;
            }
        }
        self.unclassified(None, path, None, a, b, SHAPE_KEYS);
    }

    fn service(&mut self) {
        let (o, n) = (&self.old.service, &self.new.service);
        for (field, a, b) in [
            ("name", &o.name, &n.name),
            ("title", &o.title, &n.title),
            ("description", &o.description, &n.description),
        ] {
            self.doc(None, "service", field, a, b);
        }
        self.doc(None, "service", "notes", &json(&o.notes), &json(&n.notes));
        self.acknowledgements(None, "service", &o.upstream, &n.upstream);
        if o.api_version != n.api_version {
            self.out.push(
                Finding::new(
                    Rule::ServiceApiVersionChanged,
                    None,
                    "service.api_version",
                    "the API version changed: this is a different API, normally a new crate",
                )
                .values(Some(o.api_version.clone()), Some(n.api_version.clone())),
            );
        }
        if o.region_parameter != n.region_parameter {
            self.out.push(
                Finding::new(
                    Rule::RegionParameterChanged,
                    None,
                    "service.region_parameter",
                    "the parameter that carries the region changed",
                )
                .values(
                    Some(o.region_parameter.clone()),
                    Some(n.region_parameter.clone()),
                ),
            );
        }
        self.endpoints();
        self.http_methods();
        self.signature_versions();
        self.common_parameters();
        self.errors(
            None,
            "service.common_errors",
            &o.common_errors,
            &n.common_errors,
        );
        match (&o.dry_run_error, &n.dry_run_error) {
            (None, Some(code)) => self.out.push(Finding::new(
                Rule::DryRunErrorAdded,
                None,
                "service.dry_run_error",
                format!("a passed dry run is answered `{code}`"),
            )),
            (a, b) if a != b => self.out.push(
                Finding::new(
                    Rule::DryRunErrorChanged,
                    None,
                    "service.dry_run_error",
                    "the error that answers a passed dry run changed",
                )
                .values(a.clone(), b.clone()),
            ),
            _ => {}
        }
        self.groups();
        self.unclassified(None, "service", None, o, n, SERVICE_KEYS);
    }

    fn endpoints(&mut self) {
        let (o, n) = (&self.old.service.endpoints, &self.new.service.endpoints);
        let path = "service.endpoints";
        for (field, a, b) in [
            ("default_region", &o.default_region, &n.default_region),
            ("pattern", &o.pattern, &n.pattern),
        ] {
            if a != b {
                self.out.push(
                    Finding::new(
                        Rule::EndpointChanged,
                        None,
                        path,
                        format!("the endpoint {field} changed"),
                    )
                    .subject(field)
                    .values(Some(a.clone()), Some(b.clone())),
                );
            }
        }
        let path = "service.endpoints.regional";
        for region in keys(&o.regional, &n.regional) {
            let f = match (o.regional.get(region), n.regional.get(region)) {
                (Some(h), None) => Finding::new(
                    Rule::EndpointRemoved,
                    None,
                    path,
                    format!("the explicit endpoint of region `{region}` was removed"),
                )
                .values(Some(h.clone()), None),
                (None, Some(h)) => Finding::new(
                    Rule::EndpointAdded,
                    None,
                    path,
                    format!("region `{region}` got an explicit endpoint"),
                )
                .values(None, Some(h.clone())),
                (Some(a), Some(b)) if a != b => Finding::new(
                    Rule::EndpointChanged,
                    None,
                    path,
                    format!("the endpoint of region `{region}` changed"),
                )
                .values(Some(a.clone()), Some(b.clone())),
                _ => continue,
            };
            self.out.push(f.subject(region));
        }
    }

    fn http_methods(&mut self) {
        let (o, n) = (
            &self.old.service.http_methods,
            &self.new.service.http_methods,
        );
        let path = "service.http_methods";
        for m in o.iter().filter(|m| !n.contains(m)) {
            self.out.push(
                Finding::new(
                    Rule::HttpMethodRemoved,
                    None,
                    path,
                    format!("the service no longer accepts {}", json(m)),
                )
                .subject(json(m)),
            );
        }
        for m in n.iter().filter(|m| !o.contains(m)) {
            self.out.push(
                Finding::new(
                    Rule::HttpMethodAdded,
                    None,
                    path,
                    format!("the service now accepts {}", json(m)),
                )
                .subject(json(m)),
            );
        }
        let common =
            |x: &[crate::spec::HttpMethod], y: &[crate::spec::HttpMethod]| -> Vec<String> {
                x.iter().filter(|m| y.contains(m)).map(json).collect()
            };
        if common(o, n) != common(n, o) {
            self.out.push(
                Finding::new(
                    Rule::HttpMethodPreferenceChanged,
                    None,
                    path,
                    "the order of preference of HTTP methods changed",
                )
                .values(Some(json(o)), Some(json(n))),
            );
        }
    }

    fn signature_versions(&mut self) {
        let (o, n) = (
            &self.old.service.signature_versions,
            &self.new.service.signature_versions,
        );
        let path = "service.signature_versions";
        for key in keys(o, n) {
            match (o.get(key), n.get(key)) {
                (Some(s), None) => self.out.push(
                    Finding::new(
                        Rule::SignatureVersionRemoved,
                        None,
                        path,
                        format!("signature scheme `{key}` ({}) was removed", s.algorithm),
                    )
                    .subject(key),
                ),
                (None, Some(s)) => self.out.push(
                    Finding::new(
                        Rule::SignatureVersionAdded,
                        None,
                        path,
                        format!("signature scheme `{key}` ({}) was added", s.algorithm),
                    )
                    .subject(key),
                ),
                (Some(a), Some(b)) => {
                    let facts = |s: &crate::spec::SignatureVersion| {
                        format!(
                            "{} {}{}",
                            s.algorithm,
                            s.version.as_deref().unwrap_or("-"),
                            if s.default { " (default)" } else { "" }
                        )
                    };
                    if facts(a) != facts(b) {
                        self.out.push(
                            Finding::new(
                                Rule::SignatureVersionChanged,
                                None,
                                path,
                                format!("signature scheme `{key}` changed"),
                            )
                            .subject(key)
                            .values(Some(facts(a)), Some(facts(b))),
                        );
                    }
                    let field = format!("{key}: description");
                    self.doc(None, path, &field, &a.description, &b.description);
                }
                (None, None) => {}
            }
        }
    }

    fn common_parameters(&mut self) {
        let (o, n) = (
            &self.old.service.common_parameters,
            &self.new.service.common_parameters,
        );
        let path = "service.common_parameters";
        for name in keys(o, n) {
            match (o.get(name), n.get(name)) {
                (Some(_), None) => self.out.push(
                    Finding::new(
                        Rule::CommonParameterRemoved,
                        None,
                        path,
                        format!("common parameter `{name}` was removed"),
                    )
                    .subject(name),
                ),
                (None, Some(m)) => {
                    let mut f = Finding::new(
                        Rule::CommonParameterAdded,
                        None,
                        path,
                        format!(
                            "{} common parameter `{name}` was added: the runtime must send it",
                            if m.required { "required" } else { "optional" }
                        ),
                    )
                    .subject(name);
                    if m.required {
                        f = f.severity(Severity::Breaking).wire(Wire::Breaking);
                    }
                    self.out.push(f);
                }
                (Some(a), Some(b)) => {
                    let strip = |m: &crate::spec::Member| {
                        let mut v = json_value(m);
                        if let serde_json::Value::Object(o) = &mut v {
                            for k in MEMBER_DOC_KEYS {
                                o.remove(*k);
                            }
                        }
                        v
                    };
                    let (x, y) = (strip(a), strip(b));
                    if x != y {
                        self.out.push(
                            Finding::new(
                                Rule::CommonParameterChanged,
                                None,
                                path,
                                format!("common parameter `{name}` changed"),
                            )
                            .subject(name)
                            .values(Some(x.to_string()), Some(y.to_string())),
                        );
                    }
                    self.member_docs(None, &format!("{path}.{name}"), a, b);
                }
                (None, None) => {}
            }
        }
    }

    fn groups(&mut self) {
        let (o, n) = (&self.old.service.groups, &self.new.service.groups);
        for id in keys(o, n) {
            match (o.get(id), n.get(id)) {
                (Some(g), None) => self.doc(None, "service.groups", id, &g.title, ""),
                (None, Some(g)) => self.doc(None, "service.groups", id, "", &g.title),
                (Some(a), Some(b)) => {
                    let path = format!("service.groups.{id}");
                    self.doc(None, &path, "title", &a.title, &b.title);
                    self.doc(None, &path, "description", &a.description, &b.description);
                }
                (None, None) => {}
            }
        }
    }
}

fn json_value<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

fn kind(s: &Shape) -> &'static str {
    match s {
        Shape::Structure { .. } => "structure",
        Shape::Enum { .. } => "enum",
    }
}

/// Small accessors on shapes, local to the differ.
trait ShapeExt {
    fn description_text(&self) -> &str;
    fn notes_list(&self) -> &[String];
    fn upstream_list(&self) -> &[UpstreamDiff];
}

impl ShapeExt for Shape {
    fn description_text(&self) -> &str {
        match self {
            Shape::Structure { description, .. } | Shape::Enum { description, .. } => description,
        }
    }

    fn notes_list(&self) -> &[String] {
        match self {
            Shape::Structure { notes, .. } | Shape::Enum { notes, .. } => notes,
        }
    }

    fn upstream_list(&self) -> &[UpstreamDiff] {
        match self {
            Shape::Structure { upstream, .. } | Shape::Enum { upstream, .. } => upstream,
        }
    }
}

/// Names of the shapes some operation uses, directly or through other shapes.
fn reachable(spec: &Spec) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&str> = spec
        .operations
        .values()
        .flat_map(|o| o.request.values().chain(o.response.values()))
        .map(|m| m.items.as_deref().unwrap_or(&m.ty))
        .collect();
    while let Some(name) = todo.pop() {
        let Some(shape) = spec.shapes.get(name) else {
            continue;
        };
        if !seen.insert(name.to_string()) {
            continue;
        }
        if let Shape::Structure { members, .. } = shape {
            todo.extend(
                members
                    .values()
                    .map(|m| m.items.as_deref().unwrap_or(&m.ty)),
            );
        }
    }
    seen
}
