//! Spec -> IR: resolve types, classify members, decide every name, clean the docs.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::ir::{
    Acceptor, AcceptorState, Constraints, Cursor, Docs, Encoding, Enum, ErrorVariant, Ir,
    ItemsPath, Matcher, Member, Operation, PageEnd, Pagination, Pattern, Scalar, Service, Shape,
    StatePath, Struct, Type, Variant, Waiter, WaiterSuccess,
};
use crate::naming;
use crate::spec::{self, Primitive, Spec, TypeRef};

/// Why the IR could not be built: the spec item (a dotted path such as
/// `operations.CreateVpnGateway.request.Name`) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateError {
    /// Where in the spec.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for GenerateError {}

fn err<T>(path: impl Into<String>, message: impl Into<String>) -> Result<T, GenerateError> {
    Err(GenerateError {
        path: path.into(),
        message: message.into(),
    })
}

/// Method names every generated builder has; a member whose setter would take one of
/// these names gets a `_value` suffix instead.
const BUILDER_METHODS: &[&str] = &["as_input", "build", "into_paginator", "new", "send"];

/// Method names of the hand-written `Client` (and common trait methods) that generated
/// client methods must not take.
const CLIENT_METHODS: &[&str] = &[
    "builder",
    "clone",
    "config",
    "fmt",
    "from_conf",
    "from_env",
    "invoke",
    "new",
    "region_id",
    "send",
];

/// Prelude traits whose methods generated code calls (`.into()`, `.to_string()`,
/// `.clone()`...) and derives. A shape with one of these names would shadow the trait
/// in its own file, so it is refused. (Prelude *types* such as `Result`, `Option` or
/// `String` are fine as shape names: generated code names them by full path.)
const PRELUDE_TRAITS: &[&str] = &[
    "AsMut",
    "AsRef",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Hash",
    "Into",
    "IntoIterator",
    "Iterator",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Send",
    "Sized",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
];

/// Where a member sits, which decides its field type.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// An operation request: every field is `Option<T>` (required is checked).
    Request,
    /// An operation response or a structure: lists are `Vec<T>`, the rest `Option<T>`.
    Data,
}

/// Builds the IR from a loaded spec.
pub fn lower(spec: &Spec) -> Result<Ir, GenerateError> {
    Lower::new(spec)?.run()
}

struct Lower<'a> {
    spec: &'a Spec,
    /// Spec shape name -> Rust type name.
    type_names: BTreeMap<&'a str, String>,
    /// Structures (spec names) reachable from a request member, with how they travel.
    request_structs: BTreeMap<&'a str, (bool, bool)>,
    /// Structures (spec names) that carry a secret, directly or nested.
    secret_structs: BTreeSet<&'a str>,
}

impl<'a> Lower<'a> {
    fn new(spec: &'a Spec) -> Result<Self, GenerateError> {
        let mut type_names = BTreeMap::new();
        let mut taken: BTreeMap<String, &str> = BTreeMap::new();
        for (name, shape) in &spec.shapes {
            let rust = naming::type_name(name);
            if PRELUDE_TRAITS.contains(&rust.as_str()) {
                return err(
                    format!("shapes.{name}"),
                    format!("the Rust type name `{rust}` would shadow a prelude trait"),
                );
            }
            let mut names = vec![rust.clone()];
            if matches!(shape, spec::Shape::Structure { .. }) {
                names.push(format!("{rust}Builder"));
            }
            for n in names {
                if let Some(other) = taken.insert(n.clone(), name) {
                    return err(
                        format!("shapes.{name}"),
                        format!("Rust type name `{n}` is also used for shape \"{other}\""),
                    );
                }
            }
            type_names.insert(name.as_str(), rust);
        }
        let mut this = Self {
            spec,
            type_names,
            request_structs: BTreeMap::new(),
            secret_structs: BTreeSet::new(),
        };
        this.find_secret_structs();
        this.find_request_structs();
        Ok(this)
    }

    /// The members of the structure whose Rust type name is `rust`.
    fn structure_of(&self, rust: &str) -> Option<&'a BTreeMap<String, spec::Member>> {
        let spec_name = self
            .type_names
            .iter()
            .find(|(_, r)| r.as_str() == rust)
            .map(|(spec, _)| *spec)?;
        self.structure(spec_name)
    }

    fn structure(&self, name: &str) -> Option<&'a BTreeMap<String, spec::Member>> {
        match self.spec.shapes.get(name) {
            Some(spec::Shape::Structure { members, .. }) => Some(members),
            _ => None,
        }
    }

    /// Fixpoint: a structure carries a secret when a member is secret or a member's type
    /// (or list item type) is a structure that carries one.
    fn find_secret_structs(&mut self) {
        loop {
            let mut changed = false;
            for (name, shape) in &self.spec.shapes {
                let spec::Shape::Structure { members, .. } = shape else {
                    continue;
                };
                if self.secret_structs.contains(name.as_str()) {
                    continue;
                }
                if members
                    .values()
                    .any(|m| m.secret || self.secret_structs.contains(m.element_type()))
                {
                    self.secret_structs.insert(name.as_str());
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// Marks every structure reachable from a request member, and whether it is
    /// serialized as JSON or flattened there.
    fn find_request_structs(&mut self) {
        let mut work: Vec<(&'a str, bool, bool)> = Vec::new();
        for op in self.spec.operations.values() {
            for m in op.request.values() {
                if self.structure(m.element_type()).is_some() {
                    let json = m.encoding == spec::Encoding::JsonString;
                    work.push((m.element_type(), json, !json));
                }
            }
        }
        while let Some((name, json, flat)) = work.pop() {
            let entry = self.request_structs.entry(name).or_insert((false, false));
            let before = *entry;
            entry.0 |= json;
            entry.1 |= flat;
            if before == *entry && before != (false, false) {
                continue;
            }
            if let Some(members) = self.structure(name) {
                for m in members.values() {
                    if self.structure(m.element_type()).is_some() {
                        work.push((m.element_type(), json, flat));
                    }
                }
            }
        }
    }

    fn run(&self) -> Result<Ir, GenerateError> {
        let service = &self.spec.service;
        let mut docs = Docs::from_prose(&service.description);
        docs.notes(&service.notes);
        let mut ir = Ir {
            service: Service {
                title: service.title.clone(),
                api_version: service.api_version.clone(),
                region_parameter: service.region_parameter.clone(),
                common_error_codes: {
                    let mut codes: Vec<String> = service
                        .common_errors
                        .iter()
                        .map(|e| e.code.clone())
                        .collect();
                    codes.sort();
                    codes
                },
                dry_run_error: service.dry_run_error.clone(),
                docs,
            },
            shapes: BTreeMap::new(),
            operations: BTreeMap::new(),
            waiters: BTreeMap::new(),
        };

        let mut modules = BTreeMap::new();
        for (name, shape) in &self.spec.shapes {
            let lowered = self.shape(name, shape)?;
            unique(
                &mut modules,
                lowered.module(),
                &format!("shapes.{name}"),
                "module",
            )?;
            ir.shapes
                .insert(self.type_names[name.as_str()].clone(), lowered);
        }

        let mut methods: BTreeMap<String, String> = CLIENT_METHODS
            .iter()
            .map(|m| (m.to_string(), "the hand-written client".to_string()))
            .collect();
        for (action, op) in &self.spec.operations {
            let path = format!("operations.{action}");
            let lowered = self.operation(action, op)?;
            unique(&mut methods, &lowered.module, &path, "client method")?;
            ir.operations.insert(lowered.module.clone(), lowered);
        }

        for (name, waiter) in &self.spec.waiters {
            let path = format!("waiters.{name}");
            let lowered = self.waiter(name, waiter, &ir.operations)?;
            unique(&mut methods, &lowered.method, &path, "client method")?;
            if ir.waiters.contains_key(&lowered.module) {
                return err(path, format!("module `{}` is used twice", lowered.module));
            }
            ir.waiters.insert(lowered.module.clone(), lowered);
        }
        Ok(ir)
    }

    // ----- shapes -------------------------------------------------------------------

    fn shape(&self, name: &str, shape: &spec::Shape) -> Result<Shape, GenerateError> {
        let rust = self.type_names[name].clone();
        let module = naming::module(name);
        let path = format!("shapes.{name}");
        match shape {
            spec::Shape::Structure {
                description,
                members,
                notes,
                ..
            } => {
                let mut docs = Docs::from_prose(description);
                docs.notes(notes);
                let (json_encoded, flattened) = self
                    .request_structs
                    .get(name)
                    .copied()
                    .unwrap_or((false, false));
                let members =
                    self.members(&path, members, Place::Data, json_encoded || flattened)?;
                Ok(Shape::Struct(Struct {
                    builder: format!("{rust}Builder"),
                    name: rust,
                    module,
                    docs,
                    has_secret_member: members.iter().any(|m| m.secret),
                    in_request: json_encoded || flattened,
                    json_encoded,
                    flattened,
                    members,
                }))
            }
            spec::Shape::Enum {
                description,
                values,
                notes,
                ..
            } => {
                let mut docs = Docs::from_prose(description);
                let listed: Vec<String> = values.iter().map(|v| format!("`{}`", v.value)).collect();
                docs.markdown(&format!("Documented values: {}.", listed.join(", ")));
                docs.markdown(
                    "The enum is open: a value this version does not know is kept in the \
                     fallback variant, so answers never fail to decode because the service \
                     added a value. Match with a wildcard arm.",
                );
                docs.notes(notes);
                let mut used = BTreeSet::new();
                let mut variants = Vec::new();
                let mut seen_values = BTreeSet::new();
                for v in values {
                    if !seen_values.insert(v.value.as_str()) {
                        return err(&path, format!("enum value \"{}\" is listed twice", v.value));
                    }
                    let name = dedupe(&mut used, naming::enum_variant(&v.value));
                    let mut vdocs = Docs::new();
                    vdocs.markdown(&format!("`{}`", v.value));
                    vdocs.para(&v.description);
                    variants.push(Variant {
                        name,
                        value: v.value.clone(),
                        docs: vdocs,
                    });
                }
                let unknown = dedupe(&mut used, "Unknown".to_string());
                Ok(Shape::Enum(Enum {
                    name: rust,
                    module,
                    docs,
                    variants,
                    unknown,
                }))
            }
        }
    }

    // ----- members ------------------------------------------------------------------

    fn members(
        &self,
        path: &str,
        members: &BTreeMap<String, spec::Member>,
        place: Place,
        validated: bool,
    ) -> Result<Vec<Member>, GenerateError> {
        let mut out: Vec<Member> = Vec::new();
        let mut idents: BTreeMap<String, String> = BTreeMap::new();
        for (wire, m) in members {
            let mpath = format!("{path}.members.{wire}");
            let member = self.member(&mpath, wire, m, place, validated)?;
            let mut names = vec![
                member.field.clone(),
                member.set_fn.clone(),
                member.get_fn.clone(),
            ];
            if let Some(p) = &member.constraints.pattern {
                names.push(p.static_name.clone());
            }
            for n in names {
                if let Some(other) = idents.insert(n.clone(), wire.clone()) {
                    return err(
                        mpath,
                        format!("generated name `{n}` is also generated for member \"{other}\""),
                    );
                }
            }
            out.push(member);
        }
        Ok(out)
    }

    fn member(
        &self,
        path: &str,
        wire: &str,
        m: &spec::Member,
        place: Place,
        validated: bool,
    ) -> Result<Member, GenerateError> {
        let ty = self.value_type(path, m)?;
        let field_ty = match (&ty, place) {
            (Type::List(_), Place::Data) => ty.clone(),
            _ => Type::Option(Box::new(ty.clone())),
        };
        let encoding = match place {
            Place::Request => self.encoding(path, m, &ty)?,
            Place::Data => Encoding::Plain,
        };
        let is_region = place == Place::Request && wire == self.spec.service.region_parameter;
        let constraints = if place == Place::Request || validated {
            self.constraints(path, wire, m, &ty)?
        } else {
            Constraints::default()
        };
        let mut field = naming::field(wire);
        if BUILDER_METHODS.contains(&field.as_str()) {
            field = format!("{field}_value");
        }
        let stem = naming::stem(&field).trim_end_matches('_').to_string();
        let carries_secret = m.secret || self.secret_structs.contains(m.element_type());
        let docs = self.member_docs(wire, m, &ty, place, is_region, encoding, &constraints);
        Ok(Member {
            wire_name: wire.to_string(),
            set_fn: format!("set_{stem}"),
            get_fn: format!("get_{stem}"),
            field,
            stem,
            ty,
            field_ty,
            required: m.required,
            is_region,
            encoding,
            wrapper: m.wrapper.clone(),
            constraints,
            secret: m.secret,
            carries_secret,
            example: m.example.clone(),
            docs,
        })
    }

    /// The value type of a member (no `Option`).
    fn value_type(&self, path: &str, m: &spec::Member) -> Result<Type, GenerateError> {
        match self.spec.resolve_type(&m.ty) {
            TypeRef::List => {
                let Some(items) = &m.items else {
                    return err(path, "a list needs `items`");
                };
                let item = self.named_type(path, items, m.format)?;
                if matches!(item, Type::List(_)) {
                    return err(path, "lists of lists are not supported");
                }
                Ok(Type::List(Box::new(item)))
            }
            _ => self.named_type(path, &m.ty, m.format),
        }
    }

    fn named_type(
        &self,
        path: &str,
        name: &str,
        format: Option<spec::Format>,
    ) -> Result<Type, GenerateError> {
        match self.spec.resolve_type(name) {
            TypeRef::Primitive(p) => Ok(Type::Scalar(match (p, format) {
                (Primitive::Long, Some(spec::Format::EpochMillis)) => Scalar::EpochMillis,
                (_, Some(spec::Format::EpochMillis)) => {
                    return err(path, "`format: epoch_millis` needs type `long`");
                }
                (Primitive::String, _) => Scalar::String,
                (Primitive::Integer, _) => Scalar::I32,
                (Primitive::Long, _) => Scalar::I64,
                (Primitive::Float, _) => Scalar::F64,
                (Primitive::Boolean, _) => Scalar::Bool,
            })),
            TypeRef::Shape(shape, spec::Shape::Structure { .. }) => {
                Ok(Type::Struct(self.type_names[shape].clone()))
            }
            TypeRef::Shape(shape, spec::Shape::Enum { .. }) => {
                Ok(Type::Enum(self.type_names[shape].clone()))
            }
            TypeRef::List => err(path, "lists of lists are not supported"),
            TypeRef::Unknown => err(path, format!("unknown type \"{name}\"")),
        }
    }

    fn encoding(&self, path: &str, m: &spec::Member, ty: &Type) -> Result<Encoding, GenerateError> {
        let flat_item = |t: &Type| match t {
            Type::Scalar(_) | Type::Enum(_) => true,
            Type::Struct(name) => self.flat_struct(name),
            Type::List(_) | Type::Option(_) => false,
        };
        match (m.encoding, ty) {
            (spec::Encoding::Plain, Type::Scalar(_) | Type::Enum(_)) => Ok(Encoding::Plain),
            (spec::Encoding::JsonString, Type::Struct(_) | Type::List(_)) => {
                Ok(Encoding::JsonString)
            }
            (spec::Encoding::Flattened, Type::List(item)) if flat_item(item) => {
                Ok(Encoding::Flattened)
            }
            (spec::Encoding::Flattened, Type::Struct(name)) if self.flat_struct(name) => {
                Ok(Encoding::Flattened)
            }
            (spec::Encoding::Flattened, Type::List(_) | Type::Struct(_)) => err(
                path,
                "a flattened parameter holds scalars, enums, and structures and lists of \
                 those (no lists of lists, no recursive structures)",
            ),
            (spec::Encoding::Plain, _) => err(
                path,
                "a structure or list parameter needs `encoding: json_string` or `flattened`",
            ),
            (enc, _) => err(
                path,
                format!("encoding {enc:?} does not apply to this type"),
            ),
        }
    }

    /// Whether the structure with Rust name `rust` can be flattened (`N.Key`,
    /// `N.Inner.Key`, `N.Keys.M`).
    fn flat_struct(&self, rust: &str) -> bool {
        self.type_names
            .iter()
            .find(|(_, r)| r.as_str() == rust)
            .is_some_and(|(spec_name, _)| self.flat_spec_struct(spec_name, 0))
    }

    /// Whether spec structure `name` can be flattened: every member is a scalar, an enum,
    /// a flattenable structure, or a list of those. `depth` stops recursive shapes.
    fn flat_spec_struct(&self, name: &str, depth: usize) -> bool {
        const MAX_DEPTH: usize = 8;
        depth <= MAX_DEPTH
            && self.structure(name).is_some_and(|members| {
                members
                    .values()
                    .all(|m| match self.spec.resolve_type(m.element_type()) {
                        TypeRef::Primitive(_) | TypeRef::Shape(_, spec::Shape::Enum { .. }) => true,
                        TypeRef::Shape(inner, spec::Shape::Structure { .. }) => {
                            self.flat_spec_struct(inner, depth + 1)
                        }
                        TypeRef::List | TypeRef::Unknown => false,
                    })
            })
    }

    fn constraints(
        &self,
        path: &str,
        wire: &str,
        m: &spec::Member,
        ty: &Type,
    ) -> Result<Constraints, GenerateError> {
        let Some(c) = &m.constraints else {
            return Ok(Constraints::default());
        };
        let scalar = match ty {
            Type::Scalar(s) => Some(*s),
            Type::List(item) => match **item {
                Type::Scalar(s) => Some(s),
                _ => None,
            },
            _ => None,
        };
        let numeric =
            !c.values.is_empty() || !c.ranges.is_empty() || !c.forbidden_values.is_empty();
        let textual = c.min_length.is_some()
            || c.max_length.is_some()
            || c.pattern.is_some()
            || !c.forbidden_prefixes.is_empty()
            || c.ascii;
        if numeric && !scalar.is_some_and(Scalar::is_integer) {
            return err(
                path,
                "numeric constraints apply to integer and long members only",
            );
        }
        if textual && scalar != Some(Scalar::String) {
            return err(path, "string constraints apply to string members only");
        }
        let pattern = match &c.pattern {
            Some(regex) => {
                if let Err(e) = regex_lite::Regex::new(regex) {
                    return err(path, format!("invalid pattern: {e}"));
                }
                Some(Pattern {
                    regex: regex.clone(),
                    description: c
                        .pattern_description
                        .clone()
                        .unwrap_or_else(|| format!("match `{regex}`")),
                    static_name: format!("{}_PATTERN", naming::shouty(wire)),
                })
            }
            None => None,
        };
        Ok(Constraints {
            values: c.values.clone(),
            ranges: c.ranges.iter().map(|r| (r.min, r.max)).collect(),
            forbidden_values: c.forbidden_values.clone(),
            min_length: c.min_length,
            max_length: c.max_length,
            pattern,
            forbidden_prefixes: c.forbidden_prefixes.clone(),
            ascii: c.ascii,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn member_docs(
        &self,
        wire: &str,
        m: &spec::Member,
        ty: &Type,
        place: Place,
        is_region: bool,
        encoding: Encoding,
        c: &Constraints,
    ) -> Docs {
        let mut docs = Docs::from_prose(&m.description);
        let mut facts = Vec::new();
        match (place, m.required) {
            (Place::Request, true) if is_region => facts.push(
                "**Required**; when unset, the client's configured region is used.".to_string(),
            ),
            (Place::Request, true) => facts.push("**Required.**".to_string()),
            (Place::Data, true) => facts.push("Always present in answers.".to_string()),
            _ => {}
        }
        let mut allowed: Vec<String> = c
            .ranges
            .iter()
            .map(|(a, b)| format!("{a} to {b}"))
            .collect();
        allowed.extend(c.values.iter().map(i64::to_string));
        if !allowed.is_empty() {
            facts.push(format!("Allowed values: {}.", allowed.join(", ")));
        }
        if !c.forbidden_values.is_empty() {
            let list: Vec<String> = c.forbidden_values.iter().map(i64::to_string).collect();
            facts.push(format!("Forbidden values: {}.", list.join(", ")));
        }
        match (c.min_length, c.max_length) {
            (Some(a), Some(b)) => facts.push(format!("Length: {a} to {b} characters.")),
            (Some(a), None) => facts.push(format!("Length: at least {a} characters.")),
            (None, Some(b)) => facts.push(format!("Length: at most {b} characters.")),
            (None, None) => {}
        }
        if let Some(p) = &c.pattern {
            facts.push(format!("Must {}.", crate::ir::docs::clean(&p.description)));
        }
        if !c.forbidden_prefixes.is_empty() {
            let list: Vec<String> = c
                .forbidden_prefixes
                .iter()
                .map(|p| format!("`{p}`"))
                .collect();
            facts.push(format!("Must not start with {}.", list.join(" or ")));
        }
        if c.ascii {
            facts.push("ASCII characters only.".to_string());
        }
        match &m.default {
            Some(serde_json::Value::String(text)) => facts.push(format!("Default: `{text}`.")),
            Some(other) => facts.push(format!("Default: `{other}`.")),
            None => {}
        }
        if let Some(format) = m.format {
            let text = match format {
                spec::Format::EpochMillis => None,
                spec::Format::DateTime => Some("an ISO 8601 UTC time (`2019-09-12T08:00:00Z`)"),
                spec::Format::Ipv4 => Some("an IPv4 address"),
                spec::Format::Cidr => Some("an IPv4 CIDR block (`10.0.0.0/24`)"),
                spec::Format::CidrList => Some("a comma-separated list of IPv4 CIDR blocks"),
            };
            if let Some(text) = text {
                facts.push(format!("Format: {text}."));
            }
        }
        if let Some(example) = m.example.as_ref().filter(|e| !e.contains('`') && !m.secret) {
            facts.push(format!("Example: `{example}`."));
        }
        match encoding {
            Encoding::JsonString => {
                facts.push("Sent as one parameter holding a JSON string.".to_string());
            }
            Encoding::Flattened => {
                facts.push(if matches!(ty, Type::List(_)) {
                    format!("Sent flattened as `{wire}.1`, `{wire}.2`, ...")
                } else {
                    format!("Sent flattened as `{wire}.<Member>`.")
                });
            }
            Encoding::Plain => {}
        }
        if m.secret {
            facts.push("Secret: redacted in `Debug` output and logs.".to_string());
        }
        if let (Type::List(_), Place::Data) = (ty, place) {
            facts.push("Empty when the answer has none.".to_string());
        }
        docs.bullets(&facts);
        docs.notes(&m.notes);
        docs
    }

    // ----- operations ---------------------------------------------------------------

    /// The dry-run member of `op` (the spec's `dry_run`) and the paragraph that documents
    /// it, on the operation and on the member's setter.
    fn dry_run_docs(&self, op: &spec::Operation) -> Option<(String, String)> {
        let flag = op.dry_run.as_ref()?;
        let code = self
            .spec
            .service
            .dry_run_error
            .as_deref()
            .unwrap_or("dry-run");
        let token = op
            .idempotency_token
            .as_ref()
            .map(|t| format!(", and the `{t}` is not used up"))
            .unwrap_or_default();
        Some((
            flag.clone(),
            format!(
                "**Dry run**: with `{flag}` set to `true` the service runs every check of \
                 the request and answers the `{code}` error instead of acting: nothing is \
                 created, changed or deleted{token}. \
                 [`SdkError::is_dry_run`](crate::error::SdkError::is_dry_run) recognises \
                 that answer."
            ),
        ))
    }

    fn operation(&self, action: &str, op: &spec::Operation) -> Result<Operation, GenerateError> {
        let path = format!("operations.{action}");
        let module = naming::module(action);
        let base = naming::type_name(action);
        let mut request = self.members(
            &format!("{path}.request"),
            &op.request,
            Place::Request,
            true,
        )?;
        let dry_run = self.dry_run_docs(op);
        if let Some((flag, text)) = &dry_run
            && let Some(m) = request.iter_mut().find(|m| &m.wire_name == flag)
        {
            m.docs.markdown(text);
        }
        let mut response = self.members(
            &format!("{path}.response"),
            &op.response,
            Place::Data,
            false,
        )?;
        // Every answer has its request id (the spec requires the member; the runtime
        // falls back to the `x-acs-request-id` header): the one output field that is not
        // an `Option`.
        for m in response
            .iter_mut()
            .filter(|m| m.wire_name == spec::REQUEST_ID && m.required)
        {
            m.field_ty = m.ty.clone();
        }
        let required_region = request
            .iter()
            .find(|m| m.is_region && m.required)
            .map(|m| m.wire_name.clone());
        if let Some(token) = op
            .idempotency_token
            .as_ref()
            .filter(|t| !op.request.contains_key(*t))
        {
            return err(
                &path,
                format!("idempotency token \"{token}\" is not a request member"),
            );
        }

        let mut docs = Docs::from_prose(&op.summary);
        docs.para(&op.description);
        if let Some((_, text)) = &dry_run {
            docs.markdown(text);
        }
        docs.notes(&op.notes);

        let mut used = BTreeSet::new();
        let mut seen = BTreeSet::new();
        let mut errors = Vec::new();
        for e in &op.errors {
            if !seen.insert(e.code.as_str()) {
                continue;
            }
            let name = dedupe(&mut used, naming::error_variant(&e.code));
            let mut edocs = Docs::new();
            edocs.markdown(&format!(
                "`{}` (HTTP {}): {}",
                e.code,
                e.status,
                docs::clean(&e.description)
            ));
            edocs.markdown(&format!("Service message: \"{}\"", docs::clean(&e.message)));
            edocs.notes(&e.notes);
            errors.push(ErrorVariant {
                predicate: naming::error_predicate(&name),
                name,
                code: e.code.clone(),
                status: e.status,
                docs: edocs,
            });
        }
        let unhandled = dedupe(&mut used, "Unhandled".to_string());
        // The error enum's own predicates come first: a code must not shadow them.
        let mut predicates: BTreeSet<String> = ["is_throttling", "is_not_found"]
            .into_iter()
            .map(String::from)
            .collect();
        for e in &errors {
            if !predicates.insert(e.predicate.clone()) {
                return err(
                    &path,
                    format!("error predicate `{}` is generated twice", e.predicate),
                );
            }
        }

        let pagination = match &op.pagination {
            Some(p) => Some(self.pagination(&path, &base, p, &request, &response)?),
            None => None,
        };

        Ok(Operation {
            action: action.to_string(),
            input: format!("{base}Input"),
            input_builder: format!("{base}InputBuilder"),
            output: format!("{base}Output"),
            output_builder: format!("{base}OutputBuilder"),
            error: format!("{base}Error"),
            fluent_builder: format!("{base}FluentBuilder"),
            module,
            summary: op.summary.clone(),
            docs,
            read_only: op.read_only,
            idempotency_token: op.idempotency_token.clone(),
            required_region,
            request,
            response,
            errors,
            unhandled,
            pagination,
        })
    }

    fn pagination(
        &self,
        path: &str,
        base: &str,
        p: &spec::Pagination,
        request: &[Member],
        response: &[Member],
    ) -> Result<Pagination, GenerateError> {
        let path = format!("{path}.pagination");
        let end = match p {
            spec::Pagination::PageNumber { total_count, .. } => {
                let total = find(&path, response, total_count)?;
                if !matches!(total.ty, Type::Scalar(Scalar::I32 | Scalar::I64)) {
                    return err(
                        &path,
                        format!("\"{total_count}\" must be an integer or long"),
                    );
                }
                PageEnd::TotalCount(total.field.clone())
            }
            spec::Pagination::Completion { is_completed, .. } => {
                let done = find(&path, response, is_completed)?;
                if done.ty != Type::Scalar(Scalar::Bool) {
                    return err(&path, format!("\"{is_completed}\" must be a boolean"));
                }
                PageEnd::IsCompleted(done.field.clone())
            }
            spec::Pagination::NextToken { response_token, .. } => {
                let token = find(&path, response, response_token)?;
                if token.ty != Type::Scalar(Scalar::String) {
                    return err(&path, format!("\"{response_token}\" must be a string"));
                }
                PageEnd::NextToken(token.field.clone())
            }
        };
        let (items, max, default) = (p.items(), p.max_page_size(), p.default_page_size());
        let cursor_member = find(&path, request, p.cursor())?;
        let cursor = match p {
            spec::Pagination::NextToken { .. } => {
                if cursor_member.ty != Type::Scalar(Scalar::String) {
                    return err(
                        &path,
                        format!("\"{}\" must be a string", cursor_member.wire_name),
                    );
                }
                Cursor::Token(cursor_member.field.clone())
            }
            _ => {
                if cursor_member.ty != Type::Scalar(Scalar::I32) {
                    return err(
                        &path,
                        format!("\"{}\" must be an integer", cursor_member.wire_name),
                    );
                }
                Cursor::PageNumber(cursor_member.field.clone())
            }
        };
        let size = find(&path, request, p.page_size())?;
        if size.ty != Type::Scalar(Scalar::I32) {
            return err(&path, format!("\"{}\" must be an integer", size.wire_name));
        }
        let (through, last) = self.descend(&path, response, items)?;
        let Type::List(item) = &last.ty else {
            return err(&path, format!("\"{items}\" must lead to a list"));
        };
        Ok(Pagination {
            cursor,
            page_size: size.field.clone(),
            page_size_wire: size.wire_name.clone(),
            end,
            items: ItemsPath {
                through,
                list: last.field.clone(),
                item: (**item).clone(),
            },
            max_page_size: max,
            default_page_size: default,
            paginator: format!("{base}Paginator"),
        })
    }

    /// Follows a dotted wire path through response members and optional structures.
    /// Returns the fields passed through and the final member.
    fn descend(
        &self,
        path: &str,
        members: &[Member],
        dotted: &str,
    ) -> Result<(Vec<String>, Member), GenerateError> {
        let mut current: Vec<Member> = members.to_vec();
        let mut through = Vec::new();
        let mut segments = dotted.split('.').peekable();
        while let Some(segment) = segments.next() {
            let m = find(path, &current, segment)?.clone();
            if segments.peek().is_none() {
                return Ok((through, m));
            }
            let Type::Struct(name) = &m.ty else {
                return err(
                    path,
                    format!("\"{segment}\" in \"{dotted}\" is not a structure"),
                );
            };
            let Some(inner) = self.structure_of(name) else {
                return err(
                    path,
                    format!("\"{segment}\" in \"{dotted}\" is not a structure"),
                );
            };
            current = self.members(path, inner, Place::Data, false)?;
            through.push(m.field.clone());
        }
        err(path, format!("empty path \"{dotted}\""))
    }

    // ----- waiters ------------------------------------------------------------------

    fn waiter(
        &self,
        name: &str,
        w: &spec::Waiter,
        operations: &BTreeMap<String, Operation>,
    ) -> Result<Waiter, GenerateError> {
        let path = format!("waiters.{name}");
        let Some(op) = operations.values().find(|o| o.action == w.operation) else {
            return err(&path, format!("unknown operation \"{}\"", w.operation));
        };
        if w.min_delay_ms == 0 || w.min_delay_ms > w.max_delay_ms {
            return err(
                &path,
                "delays must satisfy 0 < min_delay_ms <= max_delay_ms",
            );
        }
        let mut params: Vec<Member> = op
            .request
            .iter()
            .filter(|m| m.required && !m.is_region)
            .cloned()
            .collect();
        for wire in &w.parameters {
            params.push(find(&path, &op.request, wire)?.clone());
        }
        let region = op.request.iter().find(|m| m.is_region).cloned();

        let mut paths: Vec<StatePath> = Vec::new();
        let mut acceptors = Vec::new();
        for (i, a) in w.acceptors.iter().enumerate() {
            let apath = format!("{path}.acceptors[{i}]");
            let matcher = match a.matcher {
                spec::MatcherKind::Path => {
                    let Some(wire) = &a.path else {
                        return err(apath, "a path matcher needs `path`");
                    };
                    let index = match paths.iter().position(|p| &p.wire == wire) {
                        Some(index) => index,
                        None => {
                            let (through, last) = self.descend(&apath, &op.response, wire)?;
                            let ty = last.ty.clone();
                            if matches!(ty, Type::List(_) | Type::Struct(_)) {
                                return err(
                                    apath,
                                    format!("\"{wire}\" must lead to a scalar or enum"),
                                );
                            }
                            paths.push(StatePath {
                                wire: wire.clone(),
                                through,
                                field: last.field.clone(),
                                ty,
                            });
                            paths.len() - 1
                        }
                    };
                    Matcher::Path {
                        path: index,
                        expected: a.expected.clone(),
                    }
                }
                spec::MatcherKind::Error => Matcher::Error {
                    expected: a.expected.clone(),
                },
            };
            let state = match a.state {
                spec::AcceptorState::Success => AcceptorState::Success,
                spec::AcceptorState::Failure => AcceptorState::Failure,
                spec::AcceptorState::Retry => AcceptorState::Retry,
            };
            acceptors.push(Acceptor { state, matcher });
        }
        let success_on = |path_matcher: bool| {
            acceptors.iter().any(|a| {
                a.state == AcceptorState::Success
                    && matches!(a.matcher, Matcher::Path { .. }) == path_matcher
            })
        };
        let success = match (success_on(true), success_on(false)) {
            (true, false) => WaiterSuccess::Output,
            (false, true) => WaiterSuccess::Error,
            (true, true) => WaiterSuccess::Either,
            (false, false) => return err(&path, "a waiter needs a success acceptor"),
        };

        let mut docs = Docs::from_prose(&w.description);
        let mut rules = Vec::new();
        for a in &acceptors {
            let what = match &a.matcher {
                Matcher::Path { path, expected } => format!(
                    "`{}` is {}",
                    paths[*path].wire,
                    expected
                        .iter()
                        .map(|e| format!("`{e}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
                Matcher::Error { expected } => format!(
                    "the call fails with {}",
                    expected
                        .iter()
                        .map(|e| format!("`{e}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            };
            let meaning = match a.state {
                AcceptorState::Success => "success",
                AcceptorState::Failure => "failure",
                AcceptorState::Retry => "keep polling",
            };
            rules.push(format!("{what}: {meaning}"));
        }
        docs.markdown(&format!(
            "Polls `{}`; after each answer the first matching rule decides:",
            op.action
        ));
        docs.bullets(&rules);
        docs.markdown(&format!(
            "Delays between polls grow from {} ms to {} ms with jitter; the wait gives up \
             after {} s unless `max_wait` says otherwise.",
            w.min_delay_ms, w.max_delay_ms, w.max_wait_secs
        ));

        Ok(Waiter {
            spec_name: name.to_string(),
            name: format!("{}Waiter", naming::type_name(name)),
            module: naming::module(name),
            method: format!("wait_until_{}", naming::snake(name)),
            docs,
            operation: op.module.clone(),
            params,
            region,
            min_delay_ms: w.min_delay_ms,
            max_delay_ms: w.max_delay_ms,
            max_wait_secs: w.max_wait_secs,
            paths,
            acceptors,
            success,
        })
    }
}

use crate::ir::docs;

fn find<'m>(path: &str, members: &'m [Member], wire: &str) -> Result<&'m Member, GenerateError> {
    members
        .iter()
        .find(|m| m.wire_name == wire)
        .ok_or_else(|| GenerateError {
            path: path.to_string(),
            message: format!("no member \"{wire}\""),
        })
}

/// `name`, or `name2`, `name3`... when already used.
fn dedupe(used: &mut BTreeSet<String>, name: String) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        candidate = format!("{name}{n}");
        n += 1;
    }
    candidate
}

fn unique(
    taken: &mut BTreeMap<String, String>,
    name: &str,
    path: &str,
    what: &str,
) -> Result<(), GenerateError> {
    if let Some(other) = taken.insert(name.to_string(), path.to_string()) {
        return err(
            path,
            format!("{what} `{name}` is also generated for {other}"),
        );
    }
    Ok(())
}
