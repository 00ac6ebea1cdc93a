//! Rust names in findings are the generator's: taken from the IR of the side a finding
//! speaks of (override table, keyword escapes), or from the generator's naming functions
//! when a spec does not lower.

use crate::diff_common::{base, expect, listing, member};
use codegen::diff::{Finding, diff};
use codegen::spec::{Operation, Shape, Spec};

/// The findings between the base and the base changed by `edit`, which the generator
/// accepts (so names come from its IR).
fn pair(edit: impl FnOnce(&mut Spec)) -> Vec<Finding> {
    let (old, new) = specs(edit);
    if let Err(e) = codegen::ir::lower(&new) {
        panic!("the edited spec must lower: {e}");
    }
    diff(&old, &new)
}

fn specs(edit: impl FnOnce(&mut Spec)) -> (Spec, Spec) {
    let old = base();
    let mut new = old.clone();
    edit(&mut new);
    (old, new)
}

fn op<'a>(spec: &'a mut Spec, name: &str) -> &'a mut Operation {
    spec.operations
        .get_mut(name)
        .expect("operation in the base")
}

fn vpn_gateway(spec: &mut Spec) -> &mut std::collections::BTreeMap<String, codegen::spec::Member> {
    match spec.shapes.get_mut("VpnGateway") {
        Some(Shape::Structure { members, .. }) => members,
        _ => panic!("no VpnGateway structure"),
    }
}

fn contains(f: &Finding, part: &str) {
    assert!(f.message.contains(part), "`{part}` not in: {}", f.message);
    assert!(!f.message.contains("v_switch"), "{}", f.message);
}

#[test]
fn an_added_vswitch_id_is_named_vswitch_id() {
    let f = pair(|s| {
        op(s, "CreateVpnGateway")
            .request
            .insert("VSwitchId".into(), member("string", "The vSwitch."));
    });
    let x = expect(
        &f,
        "request-param-optional-added",
        "CreateVpnGateway.request.VSwitchId",
    );
    contains(x, "setter `CreateVpnGatewayFluentBuilder::vswitch_id`");
}

#[test]
fn a_removed_vswitch_id_is_named_vswitch_id() {
    let f = pair(|s| {
        op(s, "DescribeVpnGateway").response.remove("VSwitchId");
        vpn_gateway(s).remove("VSwitchId");
    });
    contains(
        expect(
            &f,
            "response-field-removed",
            "DescribeVpnGateway.response.VSwitchId",
        ),
        "field `DescribeVpnGatewayOutput::vswitch_id`",
    );
    contains(
        expect(
            &f,
            "response-field-removed",
            "DescribeVpnGateways.response.VpnGateways[].VSwitchId",
        ),
        "field `types::VpnGateway::vswitch_id`",
    );
}

#[test]
fn a_renamed_vswitch_id_names_both_fields() {
    let f = pair(|s| {
        let r = &mut op(s, "ModifyVpnGatewayAttribute").response;
        let m = r.remove("VSwitchId").unwrap();
        r.insert("PrimaryVSwitchId".into(), m);
    });
    let removed = expect(
        &f,
        "response-field-removed",
        "ModifyVpnGatewayAttribute.response.VSwitchId",
    );
    let added = expect(
        &f,
        "response-field-added",
        "ModifyVpnGatewayAttribute.response.PrimaryVSwitchId",
    );
    contains(removed, "`ModifyVpnGatewayAttributeOutput::vswitch_id`");
    contains(
        added,
        "`ModifyVpnGatewayAttributeOutput::primary_vswitch_id`",
    );
    assert!(
        removed
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("possible rename")),
        "{}",
        listing(&f)
    );
    assert_eq!(removed.hint, added.hint);
}

#[test]
fn a_changed_vswitch_id_type_names_the_rust_types() {
    let f = pair(|s| {
        vpn_gateway(s).get_mut("VSwitchId").unwrap().ty = "integer".into();
    });
    let x = expect(
        &f,
        "response-field-type-changed",
        "DescribeVpnGateways.response.VpnGateways[].VSwitchId",
    );
    contains(x, "field `types::VpnGateway::vswitch_id`");
    contains(x, "Rust `String` → `i32`");
}

#[test]
fn keyword_members_are_escaped_as_the_generator_escapes_them() {
    let f = pair(|s| {
        op(s, "CreateVpnGateway")
            .request
            .insert("Type".into(), member("string", "The type."));
        vpn_gateway(s).insert("Type".into(), member("string", "The type."));
    });
    contains(
        expect(
            &f,
            "request-param-optional-added",
            "CreateVpnGateway.request.Type",
        ),
        "setter `CreateVpnGatewayFluentBuilder::r#type`",
    );
    contains(
        expect(
            &f,
            "response-field-added",
            "DescribeVpnGateways.response.VpnGateways[].Type",
        ),
        "field `types::VpnGateway::r#type`",
    );
}

#[test]
fn operations_waiters_errors_and_values_use_generator_names() {
    let f = pair(|s| {
        let o = s.operations["DescribeVpnGateway"].clone();
        s.operations.insert("DescribeVSwitchAttributes".into(), o);
        s.waiters.remove("VpnGatewayActive");
        if let Some(Shape::Enum { values, .. }) = s.shapes.get_mut("VpnGatewayStatus") {
            values[0].value = "self".into();
        }
    });
    contains(
        expect(&f, "operation-added", "DescribeVSwitchAttributes"),
        "client method `Client::describe_vswitch_attributes`",
    );
    contains(
        expect(&f, "waiter-removed", "waiters.VpnGatewayActive"),
        "`Client::wait_until_vpn_gateway_active`",
    );
    contains(
        expect(&f, "request-enum-value-added", "shapes.VpnGatewayStatus"),
        "new variant `types::VpnGatewayStatus::Self_`",
    );
}

#[test]
fn a_spec_the_generator_refuses_is_named_by_the_naming_functions() {
    // A shape named after a prelude trait makes lowering fail; the differ still reports,
    // with the names the generator's naming functions give (never its own conversion).
    let (old, new) = specs(|s| {
        s.shapes.insert(
            "Clone".into(),
            Shape::Structure {
                description: "Shadows a prelude trait.".into(),
                members: Default::default(),
                notes: vec![],
                upstream: vec![],
            },
        );
        op(s, "CreateVpnGateway")
            .request
            .insert("VSwitchId".into(), member("string", "The vSwitch."));
        op(s, "CreateVpnGateway")
            .request
            .insert("Type".into(), member("string", "The type."));
    });
    assert!(codegen::ir::lower(&new).is_err());
    let f = diff(&old, &new);
    contains(
        expect(
            &f,
            "request-param-optional-added",
            "CreateVpnGateway.request.VSwitchId",
        ),
        "setter `CreateVpnGatewayFluentBuilder::vswitch_id`",
    );
    contains(
        expect(
            &f,
            "request-param-optional-added",
            "CreateVpnGateway.request.Type",
        ),
        "setter `CreateVpnGatewayFluentBuilder::r#type`",
    );
    contains(
        expect(&f, "shape-added", "shapes.Clone"),
        "new type `types::Clone`",
    );
}

#[test]
fn the_differ_has_no_case_conversion_of_its_own() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/diff");
    let mut files = vec![dir];
    let mut checked = 0;
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // (Case-insensitive name similarity for rename hints is not naming.)
        for needle in [
            "heck::",
            "to_snake_case",
            "to_upper_camel_case",
            "to_shouty_snake_case",
            "to_uppercase",
        ] {
            assert!(
                !text.contains(needle),
                "{} uses `{needle}`: Rust names come from the IR or `naming`",
                path.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} files under src/diff");
}

#[test]
fn an_item_with_two_rust_names_is_named_from_both_crates() {
    // `Build` would be a builder method, so the generator names its setter `build_value`;
    // the naming functions alone (used for the new spec, which the generator refuses) say
    // `build`. The message says which crate has which name.
    let mut old = base();
    let mut build = member("string", "A build label.");
    op(&mut old, "CreateVpnGateway")
        .request
        .insert("Build".into(), build.clone());
    let mut new = old.clone();
    new.shapes.insert(
        "Clone".into(),
        Shape::Structure {
            description: "Shadows a prelude trait.".into(),
            members: Default::default(),
            notes: vec![],
            upstream: vec![],
        },
    );
    build.required = true;
    op(&mut new, "CreateVpnGateway")
        .request
        .insert("Build".into(), build);
    assert!(codegen::ir::lower(&old).is_ok() && codegen::ir::lower(&new).is_err());
    let f = diff(&old, &new);
    contains(
        expect(
            &f,
            "request-param-became-required",
            "CreateVpnGateway.request.Build",
        ),
        "setter `CreateVpnGatewayFluentBuilder::build_value` in the old crate, \
         `CreateVpnGatewayFluentBuilder::build` in the new",
    );
}
