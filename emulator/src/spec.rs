//! The API spec the emulator serves: the repository's spec compiled in by the spec crate
//! (`vpn_spec::embedded`), loaded once with the same loader and checks the generator
//! uses, so the emulator validates against exactly the spec the SDK is generated from.

use vpn_spec::{ErrorSpec, Member, Operation, Shape, Spec};

/// Loads (once) and returns the embedded spec; the error lists every spec problem.
pub fn load() -> Result<&'static Spec, String> {
    vpn_spec::embedded()
}

/// The spec, if it loaded (always, once [`load`] succeeded).
pub fn loaded() -> Option<&'static Spec> {
    load().ok()
}

/// The documented error `code`: the operation's own entry first, then the service's
/// common errors.
pub fn documented_error<'a>(
    spec: &'a Spec,
    action: Option<&str>,
    code: &str,
) -> Option<&'a ErrorSpec> {
    action
        .and_then(|a| spec.operations.get(a))
        .and_then(|op| op.errors.iter().find(|e| e.code == code))
        .or_else(|| spec.service.common_errors.iter().find(|e| e.code == code))
}

/// Whether the operation documents error `code` (its own list, not the common one).
pub fn op_documents(op: &Operation, code: &str) -> bool {
    op.errors.iter().any(|e| e.code == code)
}

/// The members of a structure shape, or `None`.
pub fn structure<'a>(
    spec: &'a Spec,
    name: &str,
) -> Option<&'a std::collections::BTreeMap<String, Member>> {
    match spec.shapes.get(name) {
        Some(Shape::Structure { members, .. }) => Some(members),
        _ => None,
    }
}

/// The documented values of an enum shape, or `None` when `name` is not an enum.
pub fn enum_values<'a>(spec: &'a Spec, name: &str) -> Option<Vec<&'a str>> {
    match spec.shapes.get(name) {
        Some(Shape::Enum { values, .. }) => Some(values.iter().map(|v| v.value.as_str()).collect()),
        _ => None,
    }
}

/// Fills the documented defaults of a structure shape into `object` for keys it lacks.
pub fn fill_defaults(
    spec: &Spec,
    shape: &str,
    object: &mut serde_json::Map<String, serde_json::Value>,
) {
    if let Some(members) = structure(spec, shape) {
        for (name, member) in members {
            if let Some(default) = &member.default {
                object
                    .entry(name.clone())
                    .or_insert_with(|| default.clone());
            }
        }
    }
}
