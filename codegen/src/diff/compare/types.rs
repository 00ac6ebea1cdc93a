//! Member types: labels for messages, and whether a type change keeps old clients working
//! on the wire. (Rust types come from the generator's IR: see `names`.)

use crate::spec::{Member, Shape, Spec};

/// `type` plus `items`: what decides the Rust type (besides `format`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TypeKey {
    pub ty: String,
    pub items: Option<String>,
}

impl TypeKey {
    pub fn of(m: &Member) -> Self {
        TypeKey {
            ty: m.ty.clone(),
            items: if m.ty == LIST { m.items.clone() } else { None },
        }
    }

    /// `string`, `list<Tag>`, `VpnGatewayStatus`.
    pub fn label(&self) -> String {
        match &self.items {
            Some(items) => format!("{LIST}<{items}>"),
            None => self.ty.clone(),
        }
    }

    /// The element type: `items` for a list, else `type`.
    pub fn element(&self) -> &str {
        self.items.as_deref().unwrap_or(&self.ty)
    }

    pub fn is_list(&self) -> bool {
        self.ty == LIST
    }
}

const LIST: &str = "list";

fn is_primitive(ty: &str) -> bool {
    matches!(ty, "string" | "integer" | "long" | "float" | "boolean")
}

fn enum_values<'s>(spec: &'s Spec, name: &str) -> Option<Vec<&'s str>> {
    match spec.shapes.get(name) {
        Some(Shape::Enum { values, .. }) => Some(values.iter().map(|v| v.value.as_str()).collect()),
        _ => None,
    }
}

/// Request side: does every value an old client sends as `old` still fit `new`?
/// RPC parameters travel as text, so anything fits a `string`.
pub(crate) fn request_values_fit(
    old_spec: &Spec,
    old: &TypeKey,
    new_spec: &Spec,
    new: &TypeKey,
) -> bool {
    if old.is_list() != new.is_list() {
        return false;
    }
    let (o, n) = (old.element(), new.element());
    if o == n {
        return true;
    }
    let old_enum = enum_values(old_spec, o);
    let new_enum = enum_values(new_spec, n);
    match (o, n) {
        ("integer", "long" | "float") | ("long", "float") => true,
        (o, "string") => is_primitive(o) || old_enum.is_some(),
        _ => match (old_enum, new_enum) {
            (Some(ov), Some(nv)) => ov.iter().all(|v| nv.contains(v)),
            _ => false,
        },
    }
}

/// Response side: can an old client (decoding `old`) decode every value the new service
/// sends as `new`? Enums are open, so any string fits an enum.
pub(crate) fn response_values_fit(
    old_spec: &Spec,
    old: &TypeKey,
    new_spec: &Spec,
    new: &TypeKey,
) -> bool {
    if old.is_list() != new.is_list() {
        return false;
    }
    let (o, n) = (old.element(), new.element());
    if o == n {
        return true;
    }
    let old_enum = enum_values(old_spec, o).is_some();
    let new_enum = enum_values(new_spec, n).is_some();
    match (o, n) {
        ("long", "integer") | ("float", "integer" | "long") => true,
        ("string", _) if new_enum => true,
        (_, "string") if old_enum => true,
        _ => old_enum && new_enum,
    }
}
