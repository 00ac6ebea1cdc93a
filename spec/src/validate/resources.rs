//! Checks of the `resources` sections: every name resolves (shape, members, parent,
//! references, operations), ids and creation times have the right types, links form no
//! cycle, each operation plays at most one lifecycle role, and each role's operation
//! takes the members the emulator needs to serve it (the identifier, the parent's
//! identifier) and answers what it must (the new id, a list of the shape).

use std::collections::{BTreeMap, BTreeSet};

use super::{Validator, is_pascal_case};
use crate::model::{Format, Member, Operation, Resource, Role};
use crate::resolve::Primitive;

impl Validator<'_> {
    /// Checks one resource.
    pub(super) fn resource(&mut self, name: &str, r: &Resource) {
        let file = self.file_of("resources", name);
        let base = format!("resources.{name}");
        let spec = self.spec;
        if !is_pascal_case(name) {
            self.err(
                file,
                &base,
                format!("invalid resource name \"{name}\": use PascalCase"),
            );
        }
        self.prose(file, &format!("{base}.description"), &r.description);
        self.notes(file, &base, &r.notes);

        let shape = spec.shapes.get(&r.shape).and_then(|s| s.members());
        if shape.is_none() {
            let what = if spec.shapes.contains_key(&r.shape) {
                "is not a structure shape"
            } else {
                "is not a shape"
            };
            self.err(
                file,
                format!("{base}.shape"),
                format!("\"{}\" {what}", r.shape),
            );
        }

        match (&r.identifier, &r.id_prefix) {
            (Some(id), prefix) => {
                if let Some(members) = shape {
                    // The shape may call the identifier by another name (`InstanceId` for
                    // a VPN attachment's `VpnConnectionId`), through an alias.
                    let named = r
                        .aliases
                        .iter()
                        .find(|(_, target)| *target == id && !members.contains_key(id))
                        .map_or(id.as_str(), |(alias, _)| alias.as_str());
                    match members.get(named) {
                        None => self.err(
                            file,
                            format!("{base}.identifier"),
                            format!("no member \"{id}\" in shape \"{}\"", r.shape),
                        ),
                        Some(m) if m.ty != Primitive::String.as_str() => self.err(
                            file,
                            format!("{base}.identifier"),
                            format!("\"{id}\" must be a \"string\", not \"{}\"", m.ty),
                        ),
                        Some(_) => {}
                    }
                }
                match prefix {
                    None => self.err(
                        file,
                        &base,
                        "a resource with an \"identifier\" needs an \"id_prefix\"",
                    ),
                    Some(p) if !is_id_prefix(p) => self.err(
                        file,
                        format!("{base}.id_prefix"),
                        format!(
                            "\"{p}\" is not an id prefix: lowercase letters or digits, then `-`"
                        ),
                    ),
                    Some(_) => {}
                }
            }
            (None, Some(_)) => self.err(
                file,
                format!("{base}.id_prefix"),
                "only a resource with an \"identifier\" takes an \"id_prefix\"",
            ),
            (None, None) => {}
        }

        if r.not_found.is_empty() || r.not_found.chars().any(char::is_whitespace) {
            self.err(
                file,
                format!("{base}.not_found"),
                format!(
                    "\"{}\" is not an error code (not empty, no whitespace)",
                    r.not_found
                ),
            );
        }

        if let (Some(created), Some(members)) = (&r.created, shape) {
            let fits = members.get(created).is_some_and(|m| {
                matches!(
                    (m.ty.as_str(), m.format),
                    ("long", Some(Format::EpochMillis)) | ("string", Some(Format::DateTime))
                )
            });
            if !fits {
                self.err(
                    file,
                    format!("{base}.created"),
                    format!(
                        "\"{created}\" must be a member of shape \"{}\" that is a \"long\" with \
                         format epoch_millis or a \"string\" with format date_time",
                        r.shape
                    ),
                );
            }
        }

        self.relations(file, &base, name, r);

        for (role, op_name) in r.roles() {
            let path = role_path(&base, r, role, op_name);
            match spec.operations.get(op_name) {
                None => self.err(file, path, format!("unknown operation \"{op_name}\"")),
                Some(op) => self.role(file, &path, name, r, role, op_name, op),
            }
        }

        if let Some(members) = shape {
            for (alias, target) in &r.aliases {
                let path = format!("{base}.aliases.{alias}");
                if !members.contains_key(alias) {
                    self.err(
                        file,
                        &path,
                        format!("no member \"{alias}\" in shape \"{}\"", r.shape),
                    );
                }
                let set_somewhere = r
                    .roles()
                    .iter()
                    .filter_map(|(_, op)| spec.operations.get(*op))
                    .any(|op| op.request.contains_key(target));
                if !set_somewhere {
                    self.err(
                        file,
                        &path,
                        format!("no operation of the resource has a request member \"{target}\""),
                    );
                }
            }
        }
    }

    /// The parent and the references: known resources with identifiers, no cycles, and
    /// references that are string request members of `create`.
    fn relations(&mut self, file: &str, base: &str, name: &str, r: &Resource) {
        let spec = self.spec;
        if let Some(parent) = &r.parent {
            let path = format!("{base}.parent.resource");
            match spec.resources.get(&parent.resource) {
                None => self.err(
                    file,
                    path,
                    format!("unknown resource \"{}\"", parent.resource),
                ),
                Some(p) if p.identifier.is_none() => self.err(
                    file,
                    path,
                    format!(
                        "\"{}\" has no identifier, so nothing can name it as a parent",
                        parent.resource
                    ),
                ),
                Some(_) => {
                    let mut seen = BTreeSet::from([name]);
                    let mut at = parent.resource.as_str();
                    while let Some(next) = spec.resources.get(at) {
                        if !seen.insert(at) {
                            break;
                        }
                        match &next.parent {
                            Some(p) => at = &p.resource,
                            None => break,
                        }
                    }
                    if at == name {
                        self.err(file, path, format!("\"{name}\" would be its own ancestor"));
                    }
                }
            }
        }
        let create = r.create.as_deref().and_then(|c| spec.operations.get(c));
        for (member, relation) in &r.references {
            let path = format!("{base}.references.{member}");
            match spec.resources.get(&relation.resource) {
                None => self.err(
                    file,
                    format!("{path}.resource"),
                    format!("unknown resource \"{}\"", relation.resource),
                ),
                Some(other) if other.identifier.is_none() => self.err(
                    file,
                    format!("{path}.resource"),
                    format!(
                        "\"{}\" has no identifier, so nothing can reference it",
                        relation.resource
                    ),
                ),
                Some(_) => {}
            }
            match create.map(|op| op.request.get(member)) {
                None => self.err(
                    file,
                    &path,
                    "a reference is checked on creation: the resource needs a \"create\" operation",
                ),
                Some(None) => self.err(
                    file,
                    &path,
                    format!("no request member \"{member}\" in the \"create\" operation"),
                ),
                Some(Some(m)) if m.ty != Primitive::String.as_str() => self.err(
                    file,
                    &path,
                    format!("\"{member}\" must be a \"string\", not \"{}\"", m.ty),
                ),
                Some(Some(_)) => {}
            }
        }
    }

    /// What one role needs of its operation.
    #[allow(clippy::too_many_arguments)]
    fn role(
        &mut self,
        file: &str,
        path: &str,
        name: &str,
        r: &Resource,
        role: Role,
        op_name: &str,
        op: &Operation,
    ) {
        let spec = self.spec;
        let parent_id = r
            .parent
            .as_ref()
            .and_then(|p| spec.resources.get(&p.resource))
            .and_then(|p| p.identifier.as_deref());
        let needs = |m: &str| -> Option<String> {
            match op.request.get(m) {
                Some(member) if member.required => None,
                Some(_) => Some(format!("{op_name} must require request member \"{m}\"")),
                None => Some(format!("{op_name} has no request member \"{m}\"")),
            }
        };
        let mut problems: Vec<String> = Vec::new();
        let reads = matches!(role, Role::Read | Role::List);
        if reads != op.read_only && role != Role::Other {
            problems.push(if reads {
                format!(
                    "{op_name} only reads: a \"{}\" operation must be read_only",
                    role.key()
                )
            } else {
                format!("{op_name} is read_only: it cannot \"{}\"", role.key())
            });
        }
        match role {
            Role::Create => {
                problems.extend(parent_id.and_then(needs));
                if let Some(id) = &r.identifier
                    && !op.response.contains_key(id)
                {
                    problems.push(format!("{op_name} must answer the new instance's \"{id}\""));
                }
            }
            Role::Read => match &r.identifier {
                Some(id) => problems.extend(needs(id)),
                None => problems.push(format!(
                    "\"{name}\" has no identifier: nothing can name the one instance to read"
                )),
            },
            Role::List => {
                if !lists_shape(spec, op, &r.shape) {
                    problems.push(format!(
                        "{op_name} answers no list of \"{}\" (at its pagination's items path, \
                         or as a top-level response member)",
                        r.shape
                    ));
                }
            }
            Role::Update if r.identifier.is_none() => problems.push(format!(
                "\"{name}\" has no identifier: its request members select the instances, so \
                 none are left to update (serve {op_name} as one of its \"operations\")"
            )),
            Role::Update | Role::Delete | Role::Other => match (&r.identifier, parent_id) {
                (Some(id), _) => problems.extend(needs(id)),
                (None, Some(parent)) => problems.extend(needs(parent)),
                (None, None) => {}
            },
        }
        for problem in problems {
            self.err(file, path, problem);
        }
    }

    /// No operation plays two lifecycle roles, in one resource or across resources (an
    /// operation may be an `operations` entry of several resources, but then no more).
    pub(super) fn resource_roles(&mut self) {
        let spec = self.spec;
        let mut lifecycle: BTreeMap<&str, String> = BTreeMap::new();
        let mut other: BTreeMap<&str, String> = BTreeMap::new();
        for (name, r) in &spec.resources {
            let file = self.file_of("resources", name);
            for (role, op) in r.roles() {
                let here = format!("{name}.{}", role.key());
                let path = role_path(&format!("resources.{name}"), r, role, op);
                let clash = match role {
                    Role::Other => lifecycle.get(op).cloned(),
                    _ => lifecycle.get(op).or_else(|| other.get(op)).cloned(),
                };
                if let Some(prev) = clash {
                    self.err(
                        file,
                        path,
                        format!("{op} already has a role (resources.{prev})"),
                    );
                    continue;
                }
                match role {
                    Role::Other => other.entry(op).or_insert(here),
                    _ => lifecycle.entry(op).or_insert(here),
                };
            }
        }
    }
}

/// The JSON path of the key naming `op` in `role` (`resources.X.update[1]`).
fn role_path(base: &str, r: &Resource, role: Role, op: &str) -> String {
    let index = |list: &[String]| list.iter().position(|o| o == op).unwrap_or_default();
    match role {
        Role::Update => format!("{base}.update[{}]", index(&r.update)),
        Role::Other => format!("{base}.operations[{}]", index(&r.operations)),
        _ => format!("{base}.{}", role.key()),
    }
}

/// Whether `op` answers a list of `shape` items: at its pagination's item path, or (without
/// pagination) as a top-level response member.
fn lists_shape(spec: &crate::Spec, op: &Operation, shape: &str) -> bool {
    let is_list_of = |m: &Member| m.is_list() && m.items.as_deref() == Some(shape);
    match &op.pagination {
        Some(p) => spec
            .member_at_path(&op.response, p.items())
            .is_ok_and(is_list_of),
        None => op.response.values().any(is_list_of),
    }
}

/// Lowercase letters or digits, then `-` (`vpn-`, `vco-`).
fn is_id_prefix(p: &str) -> bool {
    p.strip_suffix('-').is_some_and(|stem| {
        stem.starts_with(|c: char| c.is_ascii_lowercase())
            && stem
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    })
}
