//! Where operations use a shape: every request parameter, response field and member of a
//! nested structure whose type (or list item type) is that shape.

use std::collections::BTreeMap;

use crate::diff::compare::names::{Owner, RustNames};
use crate::diff::finding::{UseSide, UseSite};
use crate::spec::{Member, Shape, Spec};

/// The use sites of the shape `shape` in `spec`, by operation, request before response,
/// members in wire-name order; Rust items named by `names` (the same spec's names).
pub(crate) fn use_sites(spec: &Spec, names: &RustNames, shape: &str) -> Vec<UseSite> {
    let mut walk = Walk {
        spec,
        names,
        shape,
        stack: Vec::new(),
        out: Vec::new(),
    };
    for (action, op) in &spec.operations {
        for (side, owner, members) in [
            (UseSide::Request, Owner::Input(action), &op.request),
            (UseSide::Response, Owner::Output(action), &op.response),
        ] {
            let prefix = format!("{action}.{side}");
            walk.members(action, side, owner, &prefix, members);
        }
    }
    walk.out
}

struct Walk<'a> {
    spec: &'a Spec,
    names: &'a RustNames,
    shape: &'a str,
    /// Structures being walked (a recursive structure is entered once per path).
    stack: Vec<&'a str>,
    out: Vec<UseSite>,
}

impl<'a> Walk<'a> {
    fn members(
        &mut self,
        action: &str,
        side: UseSide,
        owner: Owner<'_>,
        prefix: &str,
        members: &'a BTreeMap<String, Member>,
    ) {
        for (wire, m) in members {
            let path = format!("{prefix}.{wire}");
            let element = m.element_type();
            if element == self.shape {
                self.out.push(UseSite {
                    operation: action.to_string(),
                    side,
                    path: path.clone(),
                    rust: self.names.member_path(owner, wire),
                });
            }
            let Some(Shape::Structure { members: inner, .. }) = self.spec.shapes.get(element)
            else {
                continue;
            };
            if self.stack.contains(&element) {
                continue;
            }
            self.stack.push(element);
            let prefix = if m.is_list() {
                format!("{path}[]")
            } else {
                path
            };
            self.members(action, side, Owner::Shape(element), &prefix, inner);
            self.stack.pop();
        }
    }
}
