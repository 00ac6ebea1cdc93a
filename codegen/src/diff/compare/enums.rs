//! Enum values, compared once per enum shape. A value is one variant of one Rust enum
//! however many members use it, so a removed or added value is one finding at
//! `shapes.<Enum>`, listing the places operations use the enum. The rule follows those
//! places: a request use makes it a request rule (the service accepts the value), else a
//! response use a response rule, else the enum is unused.

use crate::diff::compare::Differ;
use crate::diff::compare::rename::{self, Entry, Shared};
use crate::diff::compare::uses::use_sites;
use crate::diff::finding::{Finding, UseSide, UseSite};
use crate::diff::rules::Rule;
use crate::spec::EnumValue;

/// Whether any use site is on the request side, and whether any is on the response side.
fn sides(uses: &[UseSite]) -> (bool, bool) {
    (
        uses.iter().any(|u| u.side == UseSide::Request),
        uses.iter().any(|u| u.side == UseSide::Response),
    )
}

impl Differ<'_> {
    /// The values of the enum `name` (present on both sides), at `path` (`shapes.<name>`).
    /// A removed value lists where the old spec uses the enum and is named from the old
    /// crate; an added one lists where the new spec uses it and is named from the new.
    pub(crate) fn enum_values(
        &mut self,
        name: &str,
        path: &str,
        old: &[EnumValue],
        new: &[EnumValue],
    ) {
        let ov: Vec<&str> = old.iter().map(|v| v.value.as_str()).collect();
        let nv: Vec<&str> = new.iter().map(|v| v.value.as_str()).collect();
        let mut gone: Vec<&str> = ov.iter().copied().filter(|v| !nv.contains(v)).collect();
        let mut came: Vec<&str> = nv.iter().copied().filter(|v| !ov.contains(v)).collect();
        gone.sort_unstable();
        came.sort_unstable();
        let mut removed: Vec<Entry> = Vec::new();
        let mut added: Vec<Entry> = Vec::new();

        if !gone.is_empty() {
            let uses = use_sites(self.old, &self.old_names, name);
            let (rule, how) = match sides(&uses) {
                (true, true) => (
                    Rule::RequestEnumValueRemoved,
                    "the service no longer accepts or returns it",
                ),
                (true, false) => (
                    Rule::RequestEnumValueRemoved,
                    "the service no longer accepts it",
                ),
                (false, true) => (
                    Rule::ResponseEnumValueRemoved,
                    "the service no longer returns it",
                ),
                (false, false) => (Rule::EnumValueRemoved, "no operation uses the enum"),
            };
            for v in gone {
                let variant = self.old_names.variant(name, v);
                removed.push((self.out.len(), v.to_string()));
                self.out.push(
                    Finding::new(
                        rule,
                        None,
                        path,
                        format!(
                            "value `{v}` was removed from enum `{name}` ({how}; variant `{variant}` disappears)"
                        ),
                    )
                    .subject(v)
                    .uses(uses.clone()),
                );
            }
        }

        if !came.is_empty() {
            let uses = use_sites(self.new, &self.new_names, name);
            let unknown = self.old_names.unknown_variant(name);
            let (rule, how) = match sides(&uses) {
                (true, true) => (
                    Rule::RequestEnumValueAdded,
                    format!(
                        "accepted in requests; in responses old crates decode it as `{unknown}`"
                    ),
                ),
                (true, false) => (Rule::RequestEnumValueAdded, "accepted in requests".into()),
                (false, true) => (
                    Rule::ResponseEnumValueAdded,
                    format!("old crates decode it as `{unknown}`"),
                ),
                (false, false) => (Rule::EnumValueAdded, "no operation uses the enum".into()),
            };
            for v in came {
                let variant = self.new_names.variant(name, v);
                added.push((self.out.len(), v.to_string()));
                self.out.push(
                    Finding::new(
                        rule,
                        None,
                        path,
                        format!(
                            "value `{v}` was added to enum `{name}` (new variant `{variant}`; {how})"
                        ),
                    )
                    .subject(v)
                    .uses(uses.clone()),
                );
            }
        }

        rename::hint(&mut self.out, &removed, &added, false, |_, _| {
            Shared::weak(format!("same enum `{name}`"))
        });
    }
}
