//! Rust names of spec items, spelled the way the generator spells them.
//!
//! Each side of a comparison is lowered with the generator's own [`ir::lower`], so a
//! finding names the method, setter, field, type or variant the generated crate really
//! has — override table, keyword escapes and collision suffixes included: `VSwitchId` is
//! `vswitch_id`, `Type` is `r#type`. A finding about a removed item uses the old spec's
//! names, one about an added item the new spec's. A spec the generator refuses (a name
//! collision, say) is named with the generator's [`naming`] functions instead: what
//! lowering picks before it resolves collisions.

use std::collections::BTreeMap;

use crate::ir::{self, Ir, Scalar, Type};
use crate::naming;
use crate::spec::{self, Format, Primitive, Spec};

/// Whose member a name is asked for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Owner<'a> {
    /// A request parameter of the operation with this `Action` name.
    Input(&'a str),
    /// A response field of the operation with this `Action` name.
    Output(&'a str),
    /// A member of the structure shape with this spec name.
    Shape(&'a str),
}

/// The Rust names of one spec.
pub(crate) struct RustNames {
    /// The generator's IR, when the spec lowers.
    ir: Option<Ir>,
    /// `Action` -> key of `ir.operations`.
    operations: BTreeMap<String, String>,
    /// Spec waiter name -> key of `ir.waiters`.
    waiters: BTreeMap<String, String>,
}

impl RustNames {
    /// Lowers `spec`; falls back to the naming functions when the generator refuses it.
    pub fn of(spec: &Spec) -> Self {
        Self::from_ir(ir::lower(spec).ok())
    }

    fn from_ir(ir: Option<Ir>) -> Self {
        let (operations, waiters) = match &ir {
            Some(ir) => (
                ir.operations
                    .iter()
                    .map(|(key, o)| (o.action.clone(), key.clone()))
                    .collect(),
                ir.waiters
                    .iter()
                    .map(|(key, w)| (w.spec_name.clone(), key.clone()))
                    .collect(),
            ),
            None => Default::default(),
        };
        RustNames {
            ir,
            operations,
            waiters,
        }
    }

    /// Whether the names come from the IR (the spec lowered).
    #[cfg(test)]
    pub fn lowered(&self) -> bool {
        self.ir.is_some()
    }

    fn operation(&self, action: &str) -> Option<&ir::Operation> {
        self.ir
            .as_ref()?
            .operations
            .get(self.operations.get(action)?)
    }

    fn shape(&self, name: &str) -> Option<&ir::Shape> {
        self.ir.as_ref()?.shape_for(name)
    }

    fn module(&self, action: &str) -> String {
        self.operation(action)
            .map_or_else(|| naming::module(action), |o| o.module.clone())
    }

    /// The client method of an operation: `Client::describe_vpn_gateways`.
    pub fn client_method(&self, action: &str) -> String {
        format!("Client::{}", self.module(action))
    }

    /// The module of an operation: `operation::describe_vpn_gateways`.
    pub fn operation_module(&self, action: &str) -> String {
        format!("operation::{}", self.module(action))
    }

    /// A per-operation type name, from the IR or as `<Action in UpperCamelCase><suffix>`.
    fn operation_type(
        &self,
        action: &str,
        pick: impl Fn(&ir::Operation) -> &str,
        suffix: &str,
    ) -> String {
        self.operation(action).map_or_else(
            || format!("{}{suffix}", naming::type_name(action)),
            |o| pick(o).to_string(),
        )
    }

    /// `DescribeVpnGatewaysFluentBuilder`: what the client method returns, holding the
    /// setters.
    pub fn fluent_builder(&self, action: &str) -> String {
        self.operation_type(action, |o| &o.fluent_builder, "FluentBuilder")
    }

    /// `DescribeVpnGatewaysOutput`.
    pub fn output(&self, action: &str) -> String {
        self.operation_type(action, |o| &o.output, "Output")
    }

    /// `DescribeVpnGatewaysError`.
    pub fn error_enum(&self, action: &str) -> String {
        self.operation_type(action, |o| &o.error, "Error")
    }

    /// `DescribeVpnGatewaysPaginator` (what `into_paginator` returns).
    pub fn paginator(&self, action: &str) -> String {
        self.operation(action)
            .and_then(|o| o.pagination.as_ref())
            .map_or_else(
                || format!("{}Paginator", naming::type_name(action)),
                |p| p.paginator.clone(),
            )
    }

    /// The error variant of a documented error code:
    /// `CreateVpnGatewayError::OperationDeniedVpcNotFound`.
    pub fn error_variant(&self, action: &str, code: &str) -> String {
        let name = self
            .operation(action)
            .and_then(|o| o.errors.iter().find(|e| e.code == code))
            .map_or_else(|| naming::error_variant(code), |e| e.name.clone());
        format!("{}::{name}", self.error_enum(action))
    }

    /// The client method of a waiter: `Client::wait_until_vpn_gateway_active`.
    pub fn waiter_method(&self, name: &str) -> String {
        let method = self
            .ir
            .as_ref()
            .zip(self.waiters.get(name))
            .and_then(|(ir, key)| ir.waiters.get(key))
            .map_or_else(
                || format!("wait_until_{}", naming::snake(name)),
                |w| w.method.clone(),
            );
        format!("Client::{method}")
    }

    /// The type of a shape: `types::VpnGateway`.
    pub fn type_path(&self, shape: &str) -> String {
        let name = match self.shape(shape) {
            Some(ir::Shape::Struct(s)) => s.name.clone(),
            Some(ir::Shape::Enum(e)) => e.name.clone(),
            None => naming::type_name(shape),
        };
        format!("types::{name}")
    }

    /// The variant of an enum value: `types::VpnGatewayStatus::Active`.
    pub fn variant(&self, shape: &str, value: &str) -> String {
        let name = match self.shape(shape) {
            Some(ir::Shape::Enum(e)) => e
                .variants
                .iter()
                .find(|v| v.value == value)
                .map(|v| v.name.clone()),
            _ => None,
        }
        .unwrap_or_else(|| naming::enum_variant(value));
        format!("{}::{name}", self.type_path(shape))
    }

    /// The fallback variant of an enum, holding values the crate does not know:
    /// `types::VpnGatewayStatus::Unknown`.
    pub fn unknown_variant(&self, shape: &str) -> String {
        let name = match self.shape(shape) {
            Some(ir::Shape::Enum(e)) => e.unknown.clone(),
            _ => "Unknown".to_string(),
        };
        format!("{}::{name}", self.type_path(shape))
    }

    fn member(&self, owner: Owner<'_>, wire: &str) -> Option<&ir::Member> {
        let members: &[ir::Member] = match owner {
            Owner::Input(action) => &self.operation(action)?.request,
            Owner::Output(action) => &self.operation(action)?.response,
            Owner::Shape(shape) => match self.shape(shape)? {
                ir::Shape::Struct(s) => &s.members,
                ir::Shape::Enum(_) => return None,
            },
        };
        members.iter().find(|m| m.wire_name == wire)
    }

    /// The field (and setter) identifier of a member: `vswitch_id`, `r#type`.
    pub fn field(&self, owner: Owner<'_>, wire: &str) -> String {
        self.member(owner, wire)
            .map_or_else(|| naming::field(wire), |m| m.field.clone())
    }

    /// The Rust item of a member: a setter of the operation's fluent builder
    /// (`CreateVpnGatewayFluentBuilder::vswitch_id`), a field of its output
    /// (`DescribeVpnGatewayOutput::status`) or a field of a structure
    /// (`types::VpnGateway::status`).
    pub fn member_path(&self, owner: Owner<'_>, wire: &str) -> String {
        let field = self.field(owner, wire);
        let on = match owner {
            Owner::Input(action) => self.fluent_builder(action),
            Owner::Output(action) => self.output(action),
            Owner::Shape(shape) => self.type_path(shape),
        };
        format!("{on}::{field}")
    }

    /// The Rust value type of a member, without the `Option` around fields: `String`,
    /// `Vec<types::Tag>`, `EpochMillis`.
    pub fn member_type(&self, owner: Owner<'_>, wire: &str, m: &spec::Member) -> String {
        match self.member(owner, wire) {
            Some(lowered) => type_text(&lowered.ty),
            None => {
                let element = named_type_text(m.element_type(), m.format);
                if m.is_list() {
                    format!("Vec<{element}>")
                } else {
                    element
                }
            }
        }
    }
}

/// How a type is written in messages.
fn type_text(ty: &Type) -> String {
    match ty {
        Type::Scalar(s) => scalar_text(*s).to_string(),
        Type::Struct(name) | Type::Enum(name) => format!("types::{name}"),
        Type::List(item) => format!("Vec<{}>", type_text(item)),
        Type::Option(inner) => format!("Option<{}>", type_text(inner)),
    }
}

fn scalar_text(s: Scalar) -> &'static str {
    match s {
        Scalar::String => "String",
        Scalar::I32 => "i32",
        Scalar::I64 => "i64",
        Scalar::F64 => "f64",
        Scalar::Bool => "bool",
        Scalar::EpochMillis => "EpochMillis",
    }
}

/// A type name of a spec that does not lower: primitives as the generator maps them,
/// anything else as the shape's type name.
fn named_type_text(name: &str, format: Option<Format>) -> String {
    let scalar = match (Primitive::parse(name), format) {
        (Some(Primitive::Long), Some(Format::EpochMillis)) => Scalar::EpochMillis,
        (Some(Primitive::String), _) => Scalar::String,
        (Some(Primitive::Integer), _) => Scalar::I32,
        (Some(Primitive::Long), _) => Scalar::I64,
        (Some(Primitive::Float), _) => Scalar::F64,
        (Some(Primitive::Boolean), _) => Scalar::Bool,
        (None, _) => return format!("types::{}", naming::type_name(name)),
    };
    scalar_text(scalar).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real_spec() -> Spec {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        crate::spec::load_dir(&dir).expect("spec/ loads")
    }

    /// The fallback (naming functions only) spells every name of today's spec as the IR
    /// does: it only differs where the IR resolves a collision, and `spec/` has none. This
    /// keeps the fallback from drifting away from the generator.
    #[test]
    fn the_fallback_agrees_with_the_ir_on_the_real_spec() {
        let spec = real_spec();
        let ir = RustNames::of(&spec);
        assert!(ir.lowered(), "spec/ must lower");
        let fallback = RustNames::from_ir(None);
        let mut checked = 0;
        let mut check = |f: &dyn Fn(&RustNames) -> String| {
            assert_eq!(f(&ir), f(&fallback));
            checked += 1;
        };
        for (action, op) in &spec.operations {
            check(&|n| n.client_method(action));
            check(&|n| n.operation_module(action));
            check(&|n| n.fluent_builder(action));
            check(&|n| n.output(action));
            check(&|n| n.error_enum(action));
            if op.pagination.is_some() {
                check(&|n| n.paginator(action));
            }
            for e in &op.errors {
                check(&|n| n.error_variant(action, &e.code));
            }
            for (wire, m) in &op.request {
                check(&|n| n.member_path(Owner::Input(action), wire));
                check(&|n| n.member_type(Owner::Input(action), wire, m));
            }
            for (wire, m) in &op.response {
                check(&|n| n.member_path(Owner::Output(action), wire));
                check(&|n| n.member_type(Owner::Output(action), wire, m));
            }
        }
        for (name, shape) in &spec.shapes {
            check(&|n| n.type_path(name));
            match shape {
                spec::Shape::Structure { members, .. } => {
                    for (wire, m) in members {
                        check(&|n| n.member_path(Owner::Shape(name), wire));
                        check(&|n| n.member_type(Owner::Shape(name), wire, m));
                    }
                }
                spec::Shape::Enum { values, .. } => {
                    check(&|n| n.unknown_variant(name));
                    for v in values {
                        check(&|n| n.variant(name, &v.value));
                    }
                }
            }
        }
        for name in spec.waiters.keys() {
            check(&|n| n.waiter_method(name));
        }
        assert!(checked > 500, "only {checked} names compared");
    }

    #[test]
    fn names_follow_the_generator() {
        let spec = real_spec();
        let n = RustNames::of(&spec);
        assert_eq!(
            n.member_path(Owner::Input("CreateVpnGateway"), "VSwitchId"),
            "CreateVpnGatewayFluentBuilder::vswitch_id"
        );
        assert_eq!(
            n.variant("VpnGatewayStatus", "active"),
            "types::VpnGatewayStatus::Active"
        );
        assert_eq!(
            n.client_method("DescribeVpnGateways"),
            "Client::describe_vpn_gateways"
        );
        assert_eq!(
            n.waiter_method("VpnGatewayActive"),
            "Client::wait_until_vpn_gateway_active"
        );
    }
}
