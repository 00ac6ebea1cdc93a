//! Semantic validation of a parsed [`Spec`].
//!
//! Parsing already rejects unknown keys and wrong JSON types; this module checks what
//! serde cannot: that names resolve (types, groups, operations, request and response
//! members named by pagination, idempotency tokens and waiters), that rules are possible
//! (constraints, defaults, page sizes, delays), that encodings fit their types, that the
//! text is English, and that the spec is tidy (no unused shapes, no duplicate codes).
//!
//! Every error names the file that defines the item and the dotted JSON path inside it,
//! e.g. `spec/operations/vpn_gateway.json: operations.CreateVpnGateway.request.Bandwidth.type:
//! unknown type "integr"`. All errors are collected; the order is deterministic (the service
//! file first, then operations files by path; within a file, in spec order: service,
//! operations, shapes, waiters, resources, each sorted by name). The checks of the
//! `resources` sections are in `validate/resources.rs`.

mod resources;

use std::collections::{BTreeMap, BTreeSet};

use crate::constraints::{Number, Violation};
use crate::model::{
    AcceptorState, Constraints, Encoding, EnumValue, ErrorSpec, Format, MatcherKind, Member,
    Operation, Pagination, Shape, UpstreamDiff, Waiter,
};
use crate::resolve::{LIST, Primitive, TypeRef};
use crate::{Spec, SpecError};

/// The request member name Alibaba uses for idempotency tokens.
const CLIENT_TOKEN: &str = "ClientToken";
use crate::model::REQUEST_ID;

/// Runs every semantic check over `spec` and returns all errors found (empty when valid).
pub fn validate(spec: &Spec) -> Vec<SpecError> {
    run(spec).0
}

/// Every text that is still the importer's to-do marker ([`crate::TODO`]): a draft from
/// `cargo xtask spec import` that someone has to write. `cargo xtask spec check` refuses
/// them unless `--allow-todo`; loading does not.
pub fn todos(spec: &Spec) -> Vec<SpecError> {
    let mut todos = run(spec).1;
    todos.sort_by(|a, b| (&a.file, &a.path).cmp(&(&b.file, &b.path)));
    todos
}

fn run(spec: &Spec) -> (Vec<SpecError>, Vec<SpecError>) {
    let mut v = Validator {
        spec,
        errors: Vec::new(),
        todos: Vec::new(),
    };
    v.service();
    for (name, op) in &spec.operations {
        v.operation(name, op);
    }
    for (name, shape) in &spec.shapes {
        v.shape(name, shape);
    }
    for (name, waiter) in &spec.waiters {
        v.waiter(name, waiter);
    }
    for (name, resource) in &spec.resources {
        v.resource(name, resource);
    }
    v.resource_roles();
    v.unused_shapes();
    let todos = v.todos;
    let mut errors = v.errors;
    // Service file first, then operations files by path; stable, so spec order is kept
    // within each file.
    errors.sort_by(|a, b| {
        let key = |e: &SpecError| (e.file != spec.service_file, e.file.clone());
        key(a).cmp(&key(b))
    });
    (errors, todos)
}

/// Where a member sits: decides which keys make sense on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// An operation's request parameter.
    Request,
    /// A common parameter of the service file (sent by the runtime).
    Common,
    /// A top-level response field.
    Response,
    /// A member of a structure shape.
    Structure,
}

impl Place {
    fn is_parameter(self) -> bool {
        matches!(self, Place::Request | Place::Common)
    }
}

struct Validator<'a> {
    spec: &'a Spec,
    errors: Vec<SpecError>,
    /// Texts that are the importer's to-do marker.
    todos: Vec<SpecError>,
}

impl<'a> Validator<'a> {
    fn err(&mut self, file: &str, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(SpecError {
            file: file.to_string(),
            path: path.into(),
            message: message.into(),
        });
    }

    /// The file that defines `<section>.<name>` (the service file when unknown).
    fn file_of(&self, section: &str, name: &str) -> &'a str {
        self.spec
            .origins
            .get(&format!("{section}.{name}"))
            .unwrap_or(&self.spec.service_file)
    }

    // ----- text -------------------------------------------------------------------------

    /// Human text (descriptions, summaries, notes...): not empty, English.
    fn prose(&mut self, file: &str, path: &str, text: &str) {
        if crate::is_todo(text) {
            self.todos.push(SpecError {
                file: file.into(),
                path: path.into(),
                message: "still the importer's to-do marker: write it".into(),
            });
        } else if text.trim().is_empty() {
            self.err(file, path, "must not be empty");
        } else if let Some(c) = text.chars().find(|c| is_cjk(*c)) {
            self.err(
                file,
                path,
                format!(
                    "contains the CJK character '{c}': text must be English \
                     (CJK is allowed only in regex patterns)"
                ),
            );
        }
    }

    fn notes(&mut self, file: &str, path: &str, notes: &[String]) {
        for (i, note) in notes.iter().enumerate() {
            self.prose(file, &format!("{path}.notes[{i}]"), note);
        }
    }

    /// `upstream` acknowledgements: a reason in English; a path of member names (`[]`
    /// steps into list items), if any.
    fn upstream(&mut self, file: &str, path: &str, entries: &[UpstreamDiff]) {
        for (i, entry) in entries.iter().enumerate() {
            let base = format!("{path}.upstream[{i}]");
            self.prose(file, &format!("{base}.reason"), &entry.reason);
            if let Some(p) = &entry.path {
                let ok = !p.is_empty()
                    && p.split('.').all(|segment| {
                        let name = segment.strip_suffix("[]").unwrap_or(segment);
                        is_member_name(name)
                    });
                if !ok {
                    self.err(
                        file,
                        format!("{base}.path"),
                        format!("\"{p}\" is not a dotted path of member names"),
                    );
                }
            }
            if entry.value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                self.err(file, format!("{base}.value"), "must not be empty");
            }
        }
    }

    // ----- service ----------------------------------------------------------------------

    fn service(&mut self) {
        let file = self.spec.service_file.as_str();
        let s = &self.spec.service;
        if s.name.trim().is_empty() {
            self.err(file, "service.name", "must not be empty");
        }
        self.prose(file, "service.title", &s.title);
        self.prose(file, "service.description", &s.description);
        if s.region_parameter.trim().is_empty() {
            self.err(file, "service.region_parameter", "must not be empty");
        }
        if s.endpoints.default_region.trim().is_empty() {
            self.err(
                file,
                "service.endpoints.default_region",
                "must not be empty",
            );
        }
        if !s.endpoints.pattern.contains("{region}") {
            self.err(
                file,
                "service.endpoints.pattern",
                format!(
                    "endpoint pattern \"{}\" does not contain \"{{region}}\"",
                    s.endpoints.pattern
                ),
            );
        }
        if s.http_methods.is_empty() {
            self.err(file, "service.http_methods", "needs at least one method");
        }
        for (i, m) in s.http_methods.iter().enumerate() {
            if s.http_methods[..i].contains(m) {
                self.err(
                    file,
                    format!("service.http_methods[{i}]"),
                    format!("duplicate method {m:?}"),
                );
            }
        }
        let defaults = s.signature_versions.values().filter(|v| v.default).count();
        if defaults != 1 {
            self.err(
                file,
                "service.signature_versions",
                format!("exactly one signature version must be the default, found {defaults}"),
            );
        }
        for (name, sv) in &s.signature_versions {
            if sv.algorithm.trim().is_empty() {
                self.err(
                    file,
                    format!("service.signature_versions.{name}.algorithm"),
                    "must not be empty",
                );
            }
            self.prose(
                file,
                &format!("service.signature_versions.{name}.description"),
                &sv.description,
            );
        }
        for (name, member) in &s.common_parameters {
            let path = format!("service.common_parameters.{name}");
            self.member(file, &path, name, member, Place::Common);
        }
        self.errors_list(file, "service.common_errors", &s.common_errors, false);
        if let Some(code) = &s.dry_run_error
            && !s.common_errors.iter().any(|e| &e.code == code)
        {
            self.err(
                file,
                "service.dry_run_error",
                format!("\"{code}\" is not a code of service.common_errors"),
            );
        }
        for (name, group) in &s.groups {
            let path = format!("service.groups.{name}");
            if !is_group_name(name) {
                self.err(
                    file,
                    &path,
                    format!("invalid group id \"{name}\": use lower_snake_case"),
                );
            }
            self.prose(file, &format!("{path}.title"), &group.title);
            self.prose(file, &format!("{path}.description"), &group.description);
        }
        self.notes(file, "service", &s.notes);
        self.upstream(file, "service", &s.upstream);
    }

    // ----- operations -------------------------------------------------------------------

    fn operation(&mut self, name: &str, op: &Operation) {
        let file = self.file_of("operations", name);
        let base = format!("operations.{name}");
        let spec = self.spec;
        if !is_pascal_case(name) {
            self.err(
                file,
                &base,
                format!("invalid operation name \"{name}\": use the PascalCase Action name"),
            );
        }
        if !spec.service.groups.contains_key(&op.group) {
            self.err(
                file,
                format!("{base}.group"),
                format!(
                    "unknown group \"{}\" (not a key of service.groups)",
                    op.group
                ),
            );
        }
        self.prose(file, &format!("{base}.summary"), &op.summary);
        self.prose(file, &format!("{base}.description"), &op.description);
        self.notes(file, &base, &op.notes);
        self.upstream(file, &base, &op.upstream);

        let reads = ["Describe", "Download", "List"]
            .iter()
            .any(|prefix| name.starts_with(prefix));
        if reads && !op.read_only {
            self.err(
                file,
                format!("{base}.read_only"),
                "Describe*, Download* and List* operations only read: set read_only to true",
            );
        } else if !reads && op.read_only {
            self.err(
                file,
                format!("{base}.read_only"),
                "only Describe*, Download* and List* operations are read_only",
            );
        }

        // Request.
        let region = &spec.service.region_parameter;
        match op.request.get(region) {
            None => self.err(
                file,
                format!("{base}.request"),
                format!("missing the region parameter \"{region}\" (service.region_parameter)"),
            ),
            Some(m) if m.ty != Primitive::String.as_str() => self.err(
                file,
                format!("{base}.request.{region}.type"),
                format!(
                    "the region parameter must be a \"string\", not {}",
                    spec.resolve_type(&m.ty).describe()
                ),
            ),
            Some(_) => {}
        }
        for (mname, member) in &op.request {
            let path = format!("{base}.request.{mname}");
            if mname == "Action" || spec.service.common_parameters.contains_key(mname) {
                self.err(
                    file,
                    &path,
                    format!(
                        "\"{mname}\" is a common parameter (service.common_parameters): \
                         do not list it"
                    ),
                );
                continue;
            }
            self.member(file, &path, mname, member, Place::Request);
        }
        match &op.idempotency_token {
            Some(token) => match op.request.get(token) {
                None => self.err(
                    file,
                    format!("{base}.idempotency_token"),
                    format!("no request member \"{token}\""),
                ),
                Some(m) if m.ty != Primitive::String.as_str() => self.err(
                    file,
                    format!("{base}.idempotency_token"),
                    format!(
                        "request member \"{token}\" is {}, not \"string\"",
                        spec.resolve_type(&m.ty).describe()
                    ),
                ),
                Some(_) => {}
            },
            None if op.request.contains_key(CLIENT_TOKEN) => self.err(
                file,
                format!("{base}.request.{CLIENT_TOKEN}"),
                format!(
                    "a {CLIENT_TOKEN} parameter needs \"idempotency_token\": \"{CLIENT_TOKEN}\""
                ),
            ),
            None => {}
        }
        if let Some(flag) = &op.dry_run {
            let path = format!("{base}.dry_run");
            match op.request.get(flag) {
                None => self.err(file, &path, format!("no request member \"{flag}\"")),
                Some(m) if m.ty != Primitive::Boolean.as_str() => self.err(
                    file,
                    &path,
                    format!(
                        "request member \"{flag}\" is {}, not \"boolean\"",
                        spec.resolve_type(&m.ty).describe()
                    ),
                ),
                Some(m) if m.required => self.err(
                    file,
                    &path,
                    format!("request member \"{flag}\" is required: a dry run is optional"),
                ),
                Some(_) => {}
            }
            if spec.service.dry_run_error.is_none() {
                self.err(
                    file,
                    &path,
                    "an operation with a dry run needs service.dry_run_error, the code \
                     that answers it",
                );
            }
        }

        // Response.
        match op.response.get(REQUEST_ID) {
            None => self.err(
                file,
                format!("{base}.response"),
                format!(
                    "missing \"{REQUEST_ID}\": every response has a required string {REQUEST_ID}"
                ),
            ),
            Some(m) => {
                if m.ty != Primitive::String.as_str() {
                    self.err(
                        file,
                        format!("{base}.response.{REQUEST_ID}.type"),
                        format!(
                            "{REQUEST_ID} must be a \"string\", not {}",
                            spec.resolve_type(&m.ty).describe()
                        ),
                    );
                }
                if !m.required {
                    self.err(
                        file,
                        format!("{base}.response.{REQUEST_ID}.required"),
                        format!("{REQUEST_ID} must be required"),
                    );
                }
            }
        }
        for (mname, member) in &op.response {
            let path = format!("{base}.response.{mname}");
            self.member(file, &path, mname, member, Place::Response);
        }

        self.errors_list(file, &format!("{base}.errors"), &op.errors, true);
        if let Some(p) = &op.pagination {
            self.pagination(file, &format!("{base}.pagination"), op, p);
        }
    }

    /// Checks a list of documented errors. `operation_level` also rejects repeats of
    /// the service's common errors.
    fn errors_list(&mut self, file: &str, base: &str, errors: &[ErrorSpec], operation_level: bool) {
        let common: BTreeSet<&str> = self
            .spec
            .service
            .common_errors
            .iter()
            .map(|e| e.code.as_str())
            .collect();
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, e) in errors.iter().enumerate() {
            let path = format!("{base}[{i}]");
            if !(400..=599).contains(&e.status) {
                self.err(
                    file,
                    format!("{path}.status"),
                    format!(
                        "HTTP status {} is not an error status (4xx or 5xx)",
                        e.status
                    ),
                );
            }
            let code = e.code.as_str();
            if code.is_empty() {
                self.err(file, format!("{path}.code"), "empty error code");
            } else if code.chars().any(char::is_whitespace) {
                self.err(
                    file,
                    format!("{path}.code"),
                    format!("error code \"{code}\" contains whitespace"),
                );
            } else if let Some(first) = seen.get(code) {
                self.err(
                    file,
                    format!("{path}.code"),
                    format!("duplicate error code \"{code}\" (also at {base}[{first}])"),
                );
            } else if operation_level && common.contains(code) {
                self.err(
                    file,
                    format!("{path}.code"),
                    format!(
                        "\"{code}\" is a common error (service.common_errors): do not repeat it"
                    ),
                );
            }
            seen.entry(code).or_insert(i);
            self.prose(file, &format!("{path}.message"), &e.message);
            self.prose(file, &format!("{path}.description"), &e.description);
            self.notes(file, &path, &e.notes);
        }
    }

    fn pagination(&mut self, file: &str, base: &str, op: &Operation, p: &Pagination) {
        let ints = [Primitive::Integer, Primitive::Long];
        match p {
            Pagination::PageNumber { total_count, .. } => {
                self.scalar_ref(
                    file,
                    &format!("{base}.total_count"),
                    "response",
                    &op.response,
                    total_count,
                    &ints,
                );
            }
            Pagination::Completion {
                count,
                is_completed,
                ..
            } => {
                self.scalar_ref(
                    file,
                    &format!("{base}.count"),
                    "response",
                    &op.response,
                    count,
                    &ints,
                );
                self.scalar_ref(
                    file,
                    &format!("{base}.is_completed"),
                    "response",
                    &op.response,
                    is_completed,
                    &[Primitive::Boolean],
                );
            }
            Pagination::NextToken {
                request_token,
                response_token,
                total_count,
                invalid_token_error,
                ..
            } => {
                self.scalar_ref(
                    file,
                    &format!("{base}.request_token"),
                    "request",
                    &op.request,
                    request_token,
                    &[Primitive::String],
                );
                self.scalar_ref(
                    file,
                    &format!("{base}.response_token"),
                    "response",
                    &op.response,
                    response_token,
                    &[Primitive::String],
                );
                if let Some(total) = total_count {
                    self.scalar_ref(
                        file,
                        &format!("{base}.total_count"),
                        "response",
                        &op.response,
                        total,
                        &ints,
                    );
                }
                if let Some(code) = invalid_token_error {
                    let known = op.errors.iter().any(|e| &e.code == code)
                        || self
                            .spec
                            .service
                            .common_errors
                            .iter()
                            .any(|e| &e.code == code);
                    if !known {
                        self.err(
                            file,
                            format!("{base}.invalid_token_error"),
                            format!(
                                "\"{code}\" is neither a documented error of this operation \
                                 nor a common error"
                            ),
                        );
                    }
                }
            }
        }
        let (page_number, page_size, items) = (p.cursor(), p.page_size(), p.items());
        let (max, default) = (p.max_page_size(), p.default_page_size());
        if !matches!(p, Pagination::NextToken { .. }) {
            self.scalar_ref(
                file,
                &format!("{base}.page_number"),
                "request",
                &op.request,
                page_number,
                &ints,
            );
        }
        self.scalar_ref(
            file,
            &format!("{base}.page_size"),
            "request",
            &op.request,
            page_size,
            &ints,
        );
        match self.spec.member_at_path(&op.response, items) {
            Err(e) => self.err(
                file,
                format!("{base}.items"),
                format!("\"{items}\" does not resolve in the response: {e}"),
            ),
            Ok(m) if !m.is_list() => self.err(
                file,
                format!("{base}.items"),
                format!(
                    "\"{items}\" is {}, not a list",
                    self.spec.resolve_type(&m.ty).describe()
                ),
            ),
            Ok(_) => {}
        }
        if max == 0 {
            self.err(file, format!("{base}.max_page_size"), "must be at least 1");
        }
        if default == 0 {
            self.err(
                file,
                format!("{base}.default_page_size"),
                "must be at least 1",
            );
        } else if default > max {
            self.err(
                file,
                format!("{base}.default_page_size"),
                format!("default_page_size {default} exceeds max_page_size {max}"),
            );
        }
    }

    /// Checks that `members` (the `side` of an operation) has a top-level member `name`
    /// of one of the `allowed` primitive types.
    fn scalar_ref(
        &mut self,
        file: &str,
        path: &str,
        side: &str,
        members: &BTreeMap<String, Member>,
        name: &str,
        allowed: &[Primitive],
    ) {
        let Some(m) = members.get(name) else {
            self.err(file, path, format!("no {side} member \"{name}\""));
            return;
        };
        let ty = self.spec.resolve_type(&m.ty);
        if ty == TypeRef::Unknown {
            return; // reported on the member itself
        }
        if !matches!(ty, TypeRef::Primitive(p) if allowed.contains(&p)) {
            let want = allowed
                .iter()
                .map(|p| format!("\"{p}\""))
                .collect::<Vec<_>>()
                .join(" or ");
            self.err(
                file,
                path,
                format!("{side} member \"{name}\" is {}, not {want}", ty.describe()),
            );
        }
    }

    // ----- members ----------------------------------------------------------------------

    fn member(&mut self, file: &str, path: &str, name: &str, m: &Member, place: Place) {
        let spec = self.spec;
        if !is_member_name(name) {
            self.err(
                file,
                path,
                format!(
                    "invalid member name \"{name}\": letters, digits and underscores only \
                     (keys inside a JSON-string parameter belong to its structure shape)"
                ),
            );
        }
        self.prose(file, &format!("{path}.description"), &m.description);
        self.notes(file, path, &m.notes);
        self.upstream(file, path, &m.upstream);

        let ty = spec.resolve_type(&m.ty);
        if ty == TypeRef::Unknown {
            self.err(file, format!("{path}.type"), unknown_type(&m.ty));
        }
        if ty == TypeRef::List {
            match &m.items {
                None => self.err(file, path, "a \"list\" member needs \"items\""),
                Some(items) => match spec.resolve_type(items) {
                    TypeRef::Unknown => {
                        self.err(file, format!("{path}.items"), unknown_type(items))
                    }
                    TypeRef::List => self.err(
                        file,
                        format!("{path}.items"),
                        "lists of lists are not supported",
                    ),
                    _ => {}
                },
            }
            match &m.wrapper {
                Some(_) if place.is_parameter() => self.err(
                    file,
                    format!("{path}.wrapper"),
                    "\"wrapper\" is for response lists only",
                ),
                Some(w) if !is_member_name(w) => self.err(
                    file,
                    format!("{path}.wrapper"),
                    format!("invalid wrapper key \"{w}\""),
                ),
                _ => {}
            }
        } else {
            if m.items.is_some() {
                self.err(
                    file,
                    format!("{path}.items"),
                    format!("\"items\" needs type \"{LIST}\", not {}", ty.describe()),
                );
            }
            if m.wrapper.is_some() {
                self.err(
                    file,
                    format!("{path}.wrapper"),
                    format!("\"wrapper\" needs type \"{LIST}\", not {}", ty.describe()),
                );
            }
        }
        // The element type: the member's own type, or its items for a list.
        let element = spec.resolve_type(m.element_type());

        self.encoding(file, path, m, ty, place);

        if m.secret && element != TypeRef::Primitive(Primitive::String) {
            self.err(
                file,
                format!("{path}.secret"),
                format!(
                    "only \"string\" members can be secret, not {}",
                    element.describe()
                ),
            );
        }
        if let Some(format) = m.format {
            let (want, label) = match format {
                Format::EpochMillis => (Primitive::Long, "epoch_millis"),
                Format::DateTime => (Primitive::String, "date_time"),
                Format::Ipv4 => (Primitive::String, "ipv4"),
                Format::Cidr => (Primitive::String, "cidr"),
                Format::CidrList => (Primitive::String, "cidr_list"),
            };
            if element != TypeRef::Primitive(want) && element != TypeRef::Unknown {
                self.err(
                    file,
                    format!("{path}.format"),
                    format!(
                        "\"{label}\" needs type \"{want}\", not {}",
                        element.describe()
                    ),
                );
            }
        }
        if let Some(c) = &m.constraints {
            let base = format!("{path}.constraints");
            match ty {
                TypeRef::Primitive(p) => self.constraints(file, &base, c, p),
                TypeRef::Unknown => {}
                other => self.err(
                    file,
                    &base,
                    format!(
                        "constraints need a primitive type, not {}",
                        other.describe()
                    ),
                ),
            }
        }
        if let Some(default) = &m.default {
            let dpath = format!("{path}.default");
            if m.required {
                self.err(file, &dpath, "a required member cannot have a default");
            }
            if let Some(problem) = self.value_problem(default, m, ty) {
                self.err(file, &dpath, format!("default {default} {problem}"));
            }
        }
        if let Some(example) = &m.example
            && let Some(problem) = example_problem(example, ty)
        {
            self.err(
                file,
                format!("{path}.example"),
                format!("example \"{example}\" {problem}"),
            );
        }
    }

    fn encoding(&mut self, file: &str, path: &str, m: &Member, ty: TypeRef<'_>, place: Place) {
        let epath = format!("{path}.encoding");
        if !place.is_parameter() {
            if m.encoding != Encoding::Plain {
                self.err(
                    file,
                    epath,
                    "\"encoding\" applies to request parameters only",
                );
            }
            return;
        }
        match (m.encoding, ty) {
            (_, TypeRef::Unknown) => {}
            (Encoding::JsonString, t) if !t.is_structure() => self.err(
                file,
                epath,
                format!(
                    "\"json_string\" needs a structure type, not {}",
                    t.describe()
                ),
            ),
            (Encoding::Flattened, t) if t != TypeRef::List && !t.is_structure() => self.err(
                file,
                epath,
                format!(
                    "\"flattened\" needs type \"{LIST}\" or a structure, not {}",
                    t.describe()
                ),
            ),
            (Encoding::Plain, t) if t.is_structure() => self.err(
                file,
                epath,
                "a structure parameter needs \"json_string\" encoding",
            ),
            (Encoding::Plain, TypeRef::List) => {
                self.err(file, epath, "a list parameter needs \"flattened\" encoding")
            }
            _ => {}
        }
    }

    fn constraints(&mut self, file: &str, base: &str, c: &Constraints, p: Primitive) {
        let numeric: [(&str, bool); 3] = [
            ("values", !c.values.is_empty()),
            ("ranges", !c.ranges.is_empty()),
            ("forbidden_values", !c.forbidden_values.is_empty()),
        ];
        let textual: [(&str, bool); 6] = [
            ("min_length", c.min_length.is_some()),
            ("max_length", c.max_length.is_some()),
            ("pattern", c.pattern.is_some()),
            ("pattern_description", c.pattern_description.is_some()),
            ("forbidden_prefixes", !c.forbidden_prefixes.is_empty()),
            ("ascii", c.ascii),
        ];
        if !p.is_numeric() {
            for (key, _) in numeric.iter().filter(|(_, set)| *set) {
                self.err(
                    file,
                    format!("{base}.{key}"),
                    format!("numeric constraint on a \"{p}\" member"),
                );
            }
        }
        if p != Primitive::String {
            for (key, _) in textual.iter().filter(|(_, set)| *set) {
                self.err(
                    file,
                    format!("{base}.{key}"),
                    format!("string constraint on a \"{p}\" member"),
                );
            }
        }
        if p.is_numeric() {
            for (i, r) in c.ranges.iter().enumerate() {
                if r.min > r.max {
                    self.err(
                        file,
                        format!("{base}.ranges[{i}]"),
                        format!("empty range: min {} > max {}", r.min, r.max),
                    );
                }
            }
            if c.forbids_everything() {
                self.err(
                    file,
                    format!("{base}.forbidden_values"),
                    "every allowed value is forbidden",
                );
            }
        }
        if p == Primitive::String {
            if let (Some(min), Some(max)) = (c.min_length, c.max_length)
                && min > max
            {
                self.err(
                    file,
                    format!("{base}.min_length"),
                    format!("min_length {min} > max_length {max}"),
                );
            }
            match (&c.pattern, &c.pattern_description) {
                (Some(pattern), description) => {
                    if let Err(e) = regex_lite::Regex::new(pattern) {
                        self.err(
                            file,
                            format!("{base}.pattern"),
                            format!("invalid regex: {}", first_line(&e.to_string())),
                        );
                    } else if !(pattern.starts_with('^') && pattern.ends_with('$')) {
                        self.err(
                            file,
                            format!("{base}.pattern"),
                            "a pattern must be anchored: start with ^ and end with $",
                        );
                    }
                    match description {
                        Some(d) => self.prose(file, &format!("{base}.pattern_description"), d),
                        None => self.err(
                            file,
                            format!("{base}.pattern"),
                            "a pattern needs a \"pattern_description\"",
                        ),
                    }
                }
                (None, Some(_)) => self.err(
                    file,
                    format!("{base}.pattern_description"),
                    "\"pattern_description\" without \"pattern\"",
                ),
                (None, None) => {}
            }
            for (i, prefix) in c.forbidden_prefixes.iter().enumerate() {
                if prefix.is_empty() {
                    self.err(
                        file,
                        format!("{base}.forbidden_prefixes[{i}]"),
                        "an empty prefix forbids every value",
                    );
                }
            }
        }
    }

    /// Why `value` cannot be a value of member `m` (of type `ty`), if it cannot: wrong
    /// JSON type, not an enum value, or breaking the member's constraints.
    fn value_problem(
        &self,
        value: &serde_json::Value,
        m: &Member,
        ty: TypeRef<'_>,
    ) -> Option<String> {
        let c = m.constraints.as_ref();
        match ty {
            TypeRef::Unknown => None,
            TypeRef::List | TypeRef::Shape(_, Shape::Structure { .. }) => Some(format!(
                "is not allowed: defaults are for scalar and enum members, not {}",
                ty.describe()
            )),
            TypeRef::Shape(name, Shape::Enum { values, .. }) => match value.as_str() {
                Some(s) if values.iter().any(|v| v.value == s) => None,
                Some(_) => Some(format!("is not a value of enum \"{name}\"")),
                None => Some("is not a string".to_string()),
            },
            TypeRef::Primitive(Primitive::Boolean) => {
                (!value.is_boolean()).then(|| "is not a boolean".to_string())
            }
            TypeRef::Primitive(Primitive::String) => match value.as_str() {
                None => Some("is not a string".to_string()),
                Some(s) => c.and_then(|c| string_violation(c, s)),
            },
            TypeRef::Primitive(p) => {
                let number = match p {
                    Primitive::Integer => value
                        .as_i64()
                        .filter(|n| i32::try_from(*n).is_ok())
                        .map(Number::Int),
                    Primitive::Long => value.as_i64().map(Number::Int),
                    _ => value.as_f64().map(Number::Float),
                };
                match number {
                    None => Some(format!("is not a valid \"{p}\"")),
                    Some(n) => c.and_then(|c| number_violation(c, n)),
                }
            }
        }
    }

    // ----- shapes -----------------------------------------------------------------------

    fn shape(&mut self, name: &str, shape: &Shape) {
        let file = self.file_of("shapes", name);
        let base = format!("shapes.{name}");
        if !is_pascal_case(name) {
            self.err(
                file,
                &base,
                format!("invalid shape name \"{name}\": use PascalCase"),
            );
        }
        self.prose(file, &format!("{base}.description"), shape.description());
        self.notes(file, &base, shape.notes());
        self.upstream(file, &base, shape.upstream());
        match shape {
            Shape::Structure { members, .. } => {
                if members.is_empty() {
                    self.err(
                        file,
                        format!("{base}.members"),
                        "a structure needs at least one member",
                    );
                }
                for (mname, member) in members {
                    let path = format!("{base}.members.{mname}");
                    self.member(file, &path, mname, member, Place::Structure);
                }
            }
            Shape::Enum { values, .. } => self.enum_values(file, &base, values),
        }
    }

    fn enum_values(&mut self, file: &str, base: &str, values: &[EnumValue]) {
        if values.is_empty() {
            self.err(
                file,
                format!("{base}.values"),
                "an enum needs at least one value",
            );
        }
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, v) in values.iter().enumerate() {
            let path = format!("{base}.values[{i}]");
            if v.value.is_empty() {
                self.err(file, format!("{path}.value"), "empty enum value");
            } else if let Some(first) = seen.get(v.value.as_str()) {
                self.err(
                    file,
                    format!("{path}.value"),
                    format!(
                        "duplicate enum value \"{}\" (also at {base}.values[{first}])",
                        v.value
                    ),
                );
            }
            seen.entry(v.value.as_str()).or_insert(i);
            self.prose(file, &format!("{path}.description"), &v.description);
        }
    }

    /// Every shape must be reachable from an operation or a common parameter.
    fn unused_shapes(&mut self) {
        let spec = self.spec;
        let mut used = BTreeSet::new();
        let mut stack: Vec<&str> = Vec::new();
        let roots = spec
            .operations
            .values()
            .flat_map(|op| op.request.values().chain(op.response.values()))
            .chain(spec.service.common_parameters.values());
        for m in roots {
            stack.push(m.element_type());
        }
        while let Some(name) = stack.pop() {
            let Some(shape) = spec.shapes.get(name) else {
                continue;
            };
            if !used.insert(name) {
                continue;
            }
            if let Some(members) = shape.members() {
                stack.extend(members.values().map(Member::element_type));
            }
        }
        for name in spec.shapes.keys() {
            if !used.contains(name.as_str()) {
                let file = self.file_of("shapes", name);
                self.err(
                    file,
                    format!("shapes.{name}"),
                    format!("unused shape \"{name}\": no operation refers to it"),
                );
            }
        }
    }

    // ----- waiters ----------------------------------------------------------------------

    fn waiter(&mut self, name: &str, w: &Waiter) {
        let file = self.file_of("waiters", name);
        let base = format!("waiters.{name}");
        let spec = self.spec;
        if !is_pascal_case(name) {
            self.err(
                file,
                &base,
                format!("invalid waiter name \"{name}\": use PascalCase"),
            );
        }
        self.prose(file, &format!("{base}.description"), &w.description);
        let op = spec.operations.get(&w.operation);
        if op.is_none() {
            self.err(
                file,
                format!("{base}.operation"),
                format!("unknown operation \"{}\"", w.operation),
            );
        }
        if let Some(op) = op {
            for (i, param) in w.parameters.iter().enumerate() {
                match op.request.get(param) {
                    None => self.err(
                        file,
                        format!("{base}.parameters[{i}]"),
                        format!("\"{param}\" is not a request member of {}", w.operation),
                    ),
                    Some(member) if member.required => self.err(
                        file,
                        format!("{base}.parameters[{i}]"),
                        format!("\"{param}\" is required: the waiter takes it anyway"),
                    ),
                    Some(_) if w.parameters[..i].contains(param) => self.err(
                        file,
                        format!("{base}.parameters[{i}]"),
                        format!("\"{param}\" is listed twice"),
                    ),
                    Some(_) => {}
                }
            }
        }
        if w.min_delay_ms == 0 {
            self.err(file, format!("{base}.min_delay_ms"), "must be at least 1");
        } else if w.min_delay_ms > w.max_delay_ms {
            self.err(
                file,
                format!("{base}.min_delay_ms"),
                format!(
                    "min_delay_ms {} exceeds max_delay_ms {}",
                    w.min_delay_ms, w.max_delay_ms
                ),
            );
        }
        if w.max_wait_secs == 0 {
            self.err(file, format!("{base}.max_wait_secs"), "must be at least 1");
        }
        if w.acceptors.is_empty() {
            self.err(
                file,
                format!("{base}.acceptors"),
                "a waiter needs at least one acceptor",
            );
        } else if !w
            .acceptors
            .iter()
            .any(|a| a.state == AcceptorState::Success)
        {
            self.err(
                file,
                format!("{base}.acceptors"),
                "a waiter needs a \"success\" acceptor",
            );
        }
        for (i, a) in w.acceptors.iter().enumerate() {
            let apath = format!("{base}.acceptors[{i}]");
            if a.expected.is_empty() {
                self.err(
                    file,
                    format!("{apath}.expected"),
                    "must list at least one value",
                );
            }
            match (a.matcher, &a.path) {
                (MatcherKind::Path, None) => {
                    self.err(file, &apath, "a \"path\" matcher needs a \"path\"")
                }
                (MatcherKind::Path, Some(path)) => {
                    if let Some(op) = op {
                        self.acceptor_path(file, &apath, &w.operation, op, path, &a.expected);
                    }
                }
                (MatcherKind::Error, Some(_)) => self.err(
                    file,
                    format!("{apath}.path"),
                    "an \"error\" matcher takes no \"path\"",
                ),
                (MatcherKind::Error, None) => {
                    let Some(op) = op else { continue };
                    for (j, code) in a.expected.iter().enumerate() {
                        let known = op
                            .errors
                            .iter()
                            .chain(&spec.service.common_errors)
                            .any(|e| &e.code == code);
                        if !known {
                            self.err(
                                file,
                                format!("{apath}.expected[{j}]"),
                                format!(
                                    "\"{code}\" is neither an error of {} nor a common error",
                                    w.operation
                                ),
                            );
                        }
                    }
                }
            }
        }
    }

    fn acceptor_path(
        &mut self,
        file: &str,
        apath: &str,
        op_name: &str,
        op: &Operation,
        path: &str,
        expected: &[String],
    ) {
        let spec = self.spec;
        let m = match spec.member_at_path(&op.response, path) {
            Ok(m) => m,
            Err(e) => {
                self.err(
                    file,
                    format!("{apath}.path"),
                    format!("\"{path}\" does not resolve in the response of {op_name}: {e}"),
                );
                return;
            }
        };
        let ty = spec.resolve_type(&m.ty);
        match ty {
            TypeRef::Unknown => {}
            TypeRef::List | TypeRef::Shape(_, Shape::Structure { .. }) => self.err(
                file,
                format!("{apath}.path"),
                format!(
                    "\"{path}\" is {}; a path matcher compares a scalar or an enum",
                    ty.describe()
                ),
            ),
            TypeRef::Primitive(_) | TypeRef::Shape(_, Shape::Enum { .. }) => {
                // Expected values are wire text, checked like examples.
                for (j, v) in expected.iter().enumerate() {
                    if let Some(problem) = example_problem(v, ty) {
                        self.err(
                            file,
                            format!("{apath}.expected[{j}]"),
                            format!("\"{v}\" {problem}"),
                        );
                    }
                }
            }
        }
    }
}

// ----- free helpers ----------------------------------------------------------------------

/// The message for a type name that resolves to nothing: a PascalCase name is taken to
/// mean a missing shape, anything else a misspelt primitive.
fn unknown_type(name: &str) -> String {
    if name.starts_with(|c: char| c.is_ascii_uppercase()) {
        format!("unknown shape \"{name}\"")
    } else {
        format!("unknown type \"{name}\"")
    }
}

/// Why example text `example` is not a value of `ty`, if it is not (only primitives other
/// than strings, and enums, are checked: other examples are free text).
fn example_problem(example: &str, ty: TypeRef<'_>) -> Option<String> {
    let ok = match ty {
        TypeRef::Primitive(Primitive::Integer) => example.parse::<i32>().is_ok(),
        TypeRef::Primitive(Primitive::Long) => example.parse::<i64>().is_ok(),
        TypeRef::Primitive(Primitive::Float) => example.parse::<f64>().is_ok(),
        TypeRef::Primitive(Primitive::Boolean) => matches!(example, "true" | "false"),
        TypeRef::Shape(name, Shape::Enum { values, .. }) => {
            if values.iter().any(|v| v.value == example) {
                return None;
            }
            return Some(format!("is not a value of enum \"{name}\""));
        }
        _ => true,
    };
    match ty {
        TypeRef::Primitive(p) if !ok => Some(format!("is not a valid \"{p}\"")),
        _ => None,
    }
}

/// Why `n` breaks the numeric constraints `c`, if it does (in the validator's words).
fn number_violation(c: &Constraints, n: Number) -> Option<String> {
    c.check_number(n).map(|v| describe(&v))
}

/// Why `s` breaks the string constraints `c`, if it does (in the validator's words).
fn string_violation(c: &Constraints, s: &str) -> Option<String> {
    c.check_string(s).map(|v| describe(&v))
}

/// The validator's wording of a violated rule.
fn describe(v: &Violation) -> String {
    match v {
        Violation::ForbiddenValue => "is a forbidden value".to_string(),
        Violation::NotAllowed => "is not among the allowed values and ranges".to_string(),
        Violation::TooShort(min) => format!("is shorter than min_length {min}"),
        Violation::TooLong(max) => format!("is longer than max_length {max}"),
        Violation::NotAscii => "is not ASCII".to_string(),
        Violation::ForbiddenPrefix(p) => format!("starts with the forbidden prefix \"{p}\""),
        Violation::Pattern(p) => format!("does not match the pattern {p}"),
    }
}

/// Whether `c` is a CJK character (ideographs, kana, hangul, CJK and full-width
/// punctuation).
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF      // radicals
        | 0x3000..=0x303F    // CJK symbols and punctuation
        | 0x3040..=0x30FF    // hiragana, katakana
        | 0x3100..=0x31FF    // bopomofo, hangul compatibility jamo, kanbun, strokes...
        | 0x3400..=0x4DBF    // extension A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xAC00..=0xD7AF    // hangul syllables
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // compatibility forms
        | 0xFF00..=0xFFEF    // half-width and full-width forms
        | 0x20000..=0x3134F // extensions B and later
    )
}

/// A wire name: an ASCII letter, then letters, digits or underscores.
fn is_member_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// An operation, shape, waiter or resource name: an ASCII capital, then letters and digits.
fn is_pascal_case(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric())
}

/// A group id: lower_snake_case.
fn is_group_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_detection_covers_ideographs_and_fullwidth_punctuation() {
        assert!(is_cjk('网'));
        assert!(is_cjk('，'));
        assert!(is_cjk('（'));
        assert!(!is_cjk('a'));
        assert!(!is_cjk('é'));
        assert!(!is_cjk('—'));
    }

    #[test]
    fn names() {
        assert!(is_member_name("IkeConfig"));
        assert!(is_member_name("VSwitchId"));
        assert!(!is_member_name("IkeConfig.Psk"));
        assert!(!is_member_name(""));
        assert!(is_pascal_case("CreateVpnGateway"));
        assert!(!is_pascal_case("createVpnGateway"));
        assert!(is_group_name("vpn_gateway"));
        assert!(!is_group_name("VpnGateway"));
    }
}
