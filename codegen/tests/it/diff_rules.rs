//! One old/new pair per rule: the base fixture (`fixtures/diff/base`, the VPN gateway group
//! of the real spec) and a copy mutated in memory. Each test checks the rule id, the
//! location and the three impacts.

use std::collections::BTreeMap;

use crate::diff_common::{assert_impacts, base, expect, listing, member, rule_ids};
use codegen::diff::{Finding, Rule, RustImpact, Severity, Wire, diff};
use codegen::spec::{
    AcceptorState, Constraints, DiffKind, Encoding, EnumValue, ErrorSpec, Format, HttpMethod,
    Member, Operation, Pagination, Shape, Spec, UpstreamDiff,
};

use RustImpact::{Major, Minor, Patch};
use Severity::{Breaking, Info, Warning};

/// The findings between the base spec and the base spec changed by `edit`.
fn pair(edit: impl FnOnce(&mut Spec)) -> Vec<Finding> {
    let old = base();
    let mut new = old.clone();
    edit(&mut new);
    diff(&old, &new)
}

/// The findings between the base spec changed by `setup` and the same changed by `edit`.
fn pair_from(setup: impl FnOnce(&mut Spec), edit: impl FnOnce(&mut Spec)) -> Vec<Finding> {
    let mut old = base();
    setup(&mut old);
    let mut new = old.clone();
    edit(&mut new);
    diff(&old, &new)
}

fn op<'a>(spec: &'a mut Spec, name: &str) -> &'a mut Operation {
    spec.operations
        .get_mut(name)
        .expect("operation in the base")
}

fn members<'a>(spec: &'a mut Spec, shape: &str) -> &'a mut BTreeMap<String, Member> {
    match spec.shapes.get_mut(shape) {
        Some(Shape::Structure { members, .. }) => members,
        _ => panic!("no structure {shape}"),
    }
}

fn values<'a>(spec: &'a mut Spec, shape: &str) -> &'a mut Vec<EnumValue> {
    match spec.shapes.get_mut(shape) {
        Some(Shape::Enum { values, .. }) => values,
        _ => panic!("no enum {shape}"),
    }
}

fn request<'a>(spec: &'a mut Spec, op_name: &str, param: &str) -> &'a mut Member {
    op(spec, op_name).request.get_mut(param).expect("param")
}

/// Exactly the given rules fire (guards against noise).
fn only(findings: &[Finding], rules: &[&str]) {
    assert_eq!(
        rule_ids(findings),
        rules,
        "findings:\n{}",
        listing(findings)
    );
}

// ---- The twelve top rules of the anchors' §6 -------------------------------------------

#[test]
fn operation_removed() {
    let f = pair(|s| {
        s.operations.remove("DeleteVpnGateway");
    });
    only(&f, &["operation-removed"]);
    let x = expect(&f, "operation-removed", "DeleteVpnGateway");
    assert_impacts(x, Breaking, Wire::Breaking, Major);
    assert_eq!(x.operation.as_deref(), Some("DeleteVpnGateway"));
}

#[test]
fn operation_renamed_is_removed_plus_added_with_a_hint() {
    let f = pair(|s| {
        let o = s.operations.remove("DescribeVpnGateways").unwrap();
        s.operations.insert("ListVpnGateways".into(), o);
    });
    only(&f, &["operation-added", "operation-removed"]);
    let removed = expect(&f, "operation-removed", "DescribeVpnGateways");
    let added = expect(&f, "operation-added", "ListVpnGateways");
    let hint = removed.hint.as_deref().expect("a rename hint");
    assert!(
        hint.contains("`DescribeVpnGateways` → `ListVpnGateways`"),
        "{hint}"
    );
    assert_eq!(removed.hint, added.hint);
}

#[test]
fn request_param_required_added() {
    let f = pair(|s| {
        let mut m = member("string", "The resource group.");
        m.required = true;
        op(s, "CreateVpnGateway")
            .request
            .insert("ResourceGroupId".into(), m);
    });
    only(&f, &["request-param-required-added"]);
    let x = expect(
        &f,
        "request-param-required-added",
        "CreateVpnGateway.request.ResourceGroupId",
    );
    assert_impacts(x, Breaking, Wire::Breaking, Major);
}

#[test]
fn request_param_optional_added() {
    let f = pair(|s| {
        op(s, "CreateVpnGateway").request.insert(
            "ResourceGroupId".into(),
            member("string", "The resource group."),
        );
    });
    only(&f, &["request-param-optional-added"]);
    let x = expect(
        &f,
        "request-param-optional-added",
        "CreateVpnGateway.request.ResourceGroupId",
    );
    assert_impacts(x, Info, Wire::Compatible, Minor);
    assert!(
        x.message
            .contains("setter `CreateVpnGatewayFluentBuilder::resource_group_id`"),
        "{}",
        x.message
    );
}

#[test]
fn request_param_became_required() {
    let f = pair(|s| request(s, "CreateVpnGateway", "Name").required = true);
    only(&f, &["request-param-became-required"]);
    let x = expect(
        &f,
        "request-param-became-required",
        "CreateVpnGateway.request.Name",
    );
    assert_impacts(x, Breaking, Wire::Breaking, Major);
}

#[test]
fn request_param_became_optional() {
    let f = pair(|s| request(s, "CreateVpnGateway", "VpcId").required = false);
    only(&f, &["request-param-became-optional"]);
    let x = expect(
        &f,
        "request-param-became-optional",
        "CreateVpnGateway.request.VpcId",
    );
    assert_impacts(x, Info, Wire::Compatible, Patch);
}

#[test]
fn request_param_removed() {
    let f = pair(|s| {
        op(s, "DescribeVpnGateways")
            .request
            .remove("BusinessStatus");
    });
    only(&f, &["request-param-removed"]);
    let x = expect(
        &f,
        "request-param-removed",
        "DescribeVpnGateways.request.BusinessStatus",
    );
    assert_impacts(x, Breaking, Wire::Breaking, Major);
    assert_eq!(x.old.as_deref(), Some("VpnGatewayBusinessStatus"));
    assert_eq!(x.hint, None);
}

#[test]
fn request_param_renamed_gets_a_possible_rename_hint() {
    let f = pair(|s| {
        let req = &mut op(s, "CreateVpnGateway").request;
        let m = req.remove("SslConnections").unwrap();
        req.insert("SslMaxConnections".into(), m);
    });
    only(
        &f,
        &["request-param-optional-added", "request-param-removed"],
    );
    let removed = expect(
        &f,
        "request-param-removed",
        "CreateVpnGateway.request.SslConnections",
    );
    let added = expect(
        &f,
        "request-param-optional-added",
        "CreateVpnGateway.request.SslMaxConnections",
    );
    let hint = removed.hint.as_deref().expect("hint");
    assert!(
        hint.starts_with("possible rename: `SslConnections` → `SslMaxConnections`"),
        "{hint}"
    );
    assert!(hint.contains("same type `integer`"), "{hint}");
    assert_eq!(added.hint, removed.hint);
}

#[test]
fn unrelated_removal_and_addition_of_different_types_get_no_hint() {
    let f = pair(|s| {
        let req = &mut op(s, "CreateVpnGateway").request;
        req.remove("SslConnections");
        req.insert("Zone".into(), member("string", "A zone."));
    });
    assert!(f.iter().all(|x| x.hint.is_none()), "{f:#?}");
}

#[test]
fn request_param_type_changed() {
    let f = pair(|s| request(s, "CreateVpnGateway", "Bandwidth").ty = "string".into());
    // integer -> string: any integer is still a valid string on the wire (RPC parameters
    // are text), but the setter's type changes.
    let x = expect(
        &f,
        "request-param-type-changed",
        "CreateVpnGateway.request.Bandwidth",
    );
    assert_impacts(x, Breaking, Wire::Compatible, Major);
    assert_eq!(
        (x.old.as_deref(), x.new.as_deref()),
        (Some("integer"), Some("string"))
    );
    assert!(x.message.contains("Rust `i32` → `String`"), "{}", x.message);
}

#[test]
fn request_param_widened_integer_to_long_is_wire_compatible_but_major() {
    let f = pair(|s| request(s, "CreateVpnGateway", "Period").ty = "long".into());
    only(&f, &["request-param-type-changed"]);
    let x = expect(
        &f,
        "request-param-type-changed",
        "CreateVpnGateway.request.Period",
    );
    assert_impacts(x, Breaking, Wire::Compatible, Major);
}

#[test]
fn request_param_string_to_enum_is_a_wire_break() {
    let f = pair(|s| request(s, "DescribeVpnGateways", "VpcId").ty = "VpnGatewayStatus".into());
    let x = expect(
        &f,
        "request-param-type-changed",
        "DescribeVpnGateways.request.VpcId",
    );
    assert_impacts(x, Breaking, Wire::Breaking, Major);
}

#[test]
fn request_param_encoding_changed() {
    let f = pair_from(
        |s| {
            let mut tags = member("list", "Tags.");
            tags.items = Some("Tag".into());
            tags.encoding = Encoding::Flattened;
            op(s, "ModifyVpnGatewayAttribute")
                .request
                .insert("Tag".into(), tags);
        },
        |s| request(s, "ModifyVpnGatewayAttribute", "Tag").encoding = Encoding::JsonString,
    );
    only(&f, &["request-param-encoding-changed"]);
    let x = expect(
        &f,
        "request-param-encoding-changed",
        "ModifyVpnGatewayAttribute.request.Tag",
    );
    assert_impacts(x, Breaking, Wire::Breaking, Patch);
    assert_eq!(
        (x.old.as_deref(), x.new.as_deref()),
        (Some("flattened"), Some("json_string"))
    );
}

/// The use sites of a finding: `(path, Rust item)`.
fn sites(f: &Finding) -> Vec<(&str, &str)> {
    f.uses
        .iter()
        .map(|u| (u.path.as_str(), u.rust.as_str()))
        .collect()
}

/// Where the base fixture uses `VpnGatewayStatus`: a request filter of DescribeVpnGateways
/// and a response field of three operations (one inside the `VpnGateway` structure).
const STATUS_SITES: [(&str, &str); 4] = [
    (
        "DescribeVpnGateway.response.Status",
        "DescribeVpnGatewayOutput::status",
    ),
    (
        "DescribeVpnGateways.request.Status",
        "DescribeVpnGatewaysFluentBuilder::status",
    ),
    (
        "DescribeVpnGateways.response.VpnGateways[].Status",
        "types::VpnGateway::status",
    ),
    (
        "ModifyVpnGatewayAttribute.response.Status",
        "ModifyVpnGatewayAttributeOutput::status",
    ),
];

#[test]
fn request_enum_value_removed() {
    // One value is one variant of one Rust enum: one finding at the enum, listing the four
    // places it is used, with the request rule because the service accepted the value.
    let f = pair(|s| values(s, "VpnGatewayStatus").retain(|v| v.value != "updating"));
    assert_eq!(f.len(), 1, "{}", listing(&f));
    let x = expect(&f, "request-enum-value-removed", "shapes.VpnGatewayStatus");
    assert_impacts(x, Breaking, Wire::Breaking, Major);
    assert_eq!(x.subject.as_deref(), Some("updating"));
    assert_eq!(x.operation, None);
    assert!(
        x.message
            .contains("variant `types::VpnGatewayStatus::Updating` disappears"),
        "{}",
        x.message
    );
    assert_eq!(sites(x), STATUS_SITES);
    assert_eq!(
        x.uses.iter().map(|u| u.side.as_str()).collect::<Vec<_>>(),
        ["response", "request", "response", "response"]
    );
}

#[test]
fn response_only_enum_value_removed_uses_the_response_rule() {
    let f = pair_from(
        |s| {
            op(s, "DescribeVpnGateways").request.remove("Status");
        },
        |s| values(s, "VpnGatewayStatus").retain(|v| v.value != "updating"),
    );
    assert_eq!(f.len(), 1, "{}", listing(&f));
    let x = expect(&f, "response-enum-value-removed", "shapes.VpnGatewayStatus");
    assert_impacts(x, Breaking, Wire::Compatible, Major);
    assert_eq!(sites(x).len(), 3);
    assert!(sites(x).iter().all(|(path, _)| path.contains(".response.")));
}

#[test]
fn unused_enum_value_removed_and_added() {
    let f = pair_from(
        |s| {
            s.shapes.insert(
                "Colour".into(),
                Shape::Enum {
                    description: "Unused.".into(),
                    values: vec![EnumValue {
                        value: "dark-red".into(),
                        description: "Dark red.".into(),
                    }],
                    notes: vec![],
                    upstream: vec![],
                },
            );
        },
        |s| {
            values(s, "Colour")[0].value = "light-blue".into();
        },
    );
    only(&f, &["enum-value-added", "enum-value-removed"]);
    let r = expect(&f, "enum-value-removed", "shapes.Colour");
    assert!(r.uses.is_empty());
    assert!(
        r.message.contains("`types::Colour::DarkRed`"),
        "{}",
        r.message
    );
    let a = expect(&f, "enum-value-added", "shapes.Colour");
    assert!(
        a.message.contains("`types::Colour::LightBlue`"),
        "{}",
        a.message
    );
}

#[test]
fn request_and_response_enum_value_added() {
    let f = pair(|s| {
        values(s, "VpnGatewayStatus").push(EnumValue {
            value: "expired".into(),
            description: "Expired.".into(),
        })
    });
    assert_eq!(f.len(), 1, "{}", listing(&f));
    let x = expect(&f, "request-enum-value-added", "shapes.VpnGatewayStatus");
    assert_impacts(x, Info, Wire::Compatible, Minor);
    assert_eq!(x.subject.as_deref(), Some("expired"));
    assert_eq!(sites(x), STATUS_SITES);
    for part in [
        "new variant `types::VpnGatewayStatus::Expired`",
        "old crates decode it as `types::VpnGatewayStatus::Unknown`",
    ] {
        assert!(x.message.contains(part), "{}", x.message);
    }
}

#[test]
fn added_enum_value_lists_the_new_specs_use_sites() {
    // The new spec also uses the enum in a new response field: an added value lists where
    // the new spec uses the enum (the new field included), a removed one the old uses.
    let f = pair(|s| {
        values(s, "VpnGatewayStatus").push(EnumValue {
            value: "expired".into(),
            description: "Expired.".into(),
        });
        values(s, "VpnGatewayStatus").retain(|v| v.value != "init");
        op(s, "DeleteVpnGateway")
            .response
            .insert("Status".into(), member("VpnGatewayStatus", "The status."));
    });
    let added = expect(&f, "request-enum-value-added", "shapes.VpnGatewayStatus");
    let removed = expect(&f, "request-enum-value-removed", "shapes.VpnGatewayStatus");
    assert_eq!(added.uses.len(), 5);
    assert!(sites(added).contains(&(
        "DeleteVpnGateway.response.Status",
        "DeleteVpnGatewayOutput::status"
    )));
    assert_eq!(sites(removed), STATUS_SITES);
}

#[test]
fn response_field_removed() {
    let f = pair(|s| {
        members(s, "VpnGateway").remove("InternetIp");
    });
    only(&f, &["response-field-removed"]);
    let x = expect(
        &f,
        "response-field-removed",
        "DescribeVpnGateways.response.VpnGateways[].InternetIp",
    );
    assert_impacts(x, Breaking, Wire::Compatible, Major);
}

#[test]
fn required_response_field_removed_is_a_wire_break() {
    let f = pair(|s| {
        op(s, "DeleteVpnGateway").response.remove("RequestId");
    });
    let x = expect(
        &f,
        "response-field-removed",
        "DeleteVpnGateway.response.RequestId",
    );
    assert_impacts(x, Breaking, Wire::Breaking, Major);
}

#[test]
fn response_field_added() {
    let f = pair(|s| {
        members(s, "VpnGateway").insert("ResourceGroupId".into(), member("string", "RG."));
    });
    only(&f, &["response-field-added"]);
    let x = expect(
        &f,
        "response-field-added",
        "DescribeVpnGateways.response.VpnGateways[].ResourceGroupId",
    );
    assert_impacts(x, Info, Wire::Compatible, Minor);
}

#[test]
fn response_field_type_changed() {
    let f = pair(|s| {
        let m = members(s, "VpnGateway").get_mut("CreateTime").unwrap();
        m.ty = "string".into();
        m.format = Some(Format::DateTime);
    });
    only(&f, &["response-field-type-changed"]);
    let x = expect(
        &f,
        "response-field-type-changed",
        "DescribeVpnGateways.response.VpnGateways[].CreateTime",
    );
    assert_impacts(x, Breaking, Wire::Breaking, Major);
    assert!(
        x.message.contains("Rust `EpochMillis` → `String`"),
        "{}",
        x.message
    );
}

#[test]
fn response_field_narrowed_long_to_integer_still_decodes() {
    let f = pair(|s| {
        members(s, "VpnGateway")
            .get_mut("SslMaxConnections")
            .unwrap()
            .ty = "integer".into()
    });
    let x = expect(
        &f,
        "response-field-type-changed",
        "DescribeVpnGateways.response.VpnGateways[].SslMaxConnections",
    );
    assert_impacts(x, Breaking, Wire::Compatible, Major);
}

#[test]
fn response_field_became_optional() {
    let total = |s: &mut Spec, required: bool| {
        let m = op(s, "DescribeVpnGateways").response.get_mut("TotalCount");
        m.unwrap().required = required;
    };
    let f = pair_from(|s| total(s, true), |s| total(s, false));
    only(&f, &["response-field-became-optional"]);
    let x = expect(
        &f,
        "response-field-became-optional",
        "DescribeVpnGateways.response.TotalCount",
    );
    assert_impacts(x, Info, Wire::Compatible, Patch);
    let g = pair(|s| total(s, true));
    let y = expect(
        &g,
        "response-field-became-required",
        "DescribeVpnGateways.response.TotalCount",
    );
    assert_impacts(y, Info, Wire::Compatible, Patch);
}

#[test]
fn request_id_becoming_optional_is_a_wire_warning() {
    let f = pair(|s| {
        op(s, "DeleteVpnGateway")
            .response
            .get_mut("RequestId")
            .unwrap()
            .required = false
    });
    let x = expect(
        &f,
        "response-field-became-optional",
        "DeleteVpnGateway.response.RequestId",
    );
    assert_impacts(x, Warning, Wire::Breaking, Patch);
}

#[test]
fn operation_added() {
    let f = pair(|s| {
        let o = s.operations["DeleteVpnGateway"].clone();
        s.operations.insert("RestartVpnGateway".into(), o);
    });
    only(&f, &["operation-added"]);
    let x = expect(&f, "operation-added", "RestartVpnGateway");
    assert_impacts(x, Info, Wire::Compatible, Minor);
}

#[test]
fn error_code_added_and_removed() {
    let f = pair(|s| {
        let errors = &mut op(s, "CreateVpnGateway").errors;
        errors.clear();
        errors.push(ErrorSpec {
            status: 400,
            code: "OperationDenied.VpcNotFound".into(),
            message: "The VPC does not exist.".into(),
            description: "The VPC does not exist.".into(),
            notes: vec![],
        });
    });
    only(&f, &["error-code-added", "error-code-removed"]);
    let added = expect(&f, "error-code-added", "CreateVpnGateway.errors");
    assert_eq!(
        added.subject.as_deref(),
        Some("OperationDenied.VpcNotFound")
    );
    assert_impacts(added, Info, Wire::Compatible, Minor);
    let removed = expect(&f, "error-code-removed", "CreateVpnGateway.errors");
    assert_eq!(removed.subject.as_deref(), Some("Resource.QuotaFull"));
    assert_impacts(removed, Breaking, Wire::Compatible, Major);
    assert!(
        added
            .message
            .contains("`CreateVpnGatewayError::OperationDeniedVpcNotFound`"),
        "{}",
        added.message
    );
    assert!(
        removed
            .message
            .contains("`CreateVpnGatewayError::ResourceQuotaFull`"),
        "{}",
        removed.message
    );
}

#[test]
fn misspelt_error_code_fixed_gets_a_rename_hint() {
    let f = pair(|s| {
        let e = op(s, "DescribeVpnGateways")
            .errors
            .iter_mut()
            .find(|e| e.code == "Forbidden.SubUser")
            .unwrap();
        e.code = "Forbbiden.SubUser".into();
    });
    let x = expect(&f, "error-code-added", "DescribeVpnGateways.errors");
    assert!(x.hint.as_deref().unwrap().contains("similar name"), "{x:?}");
}

#[test]
fn error_status_changed() {
    let f = pair(|s| op(s, "CreateVpnGateway").errors[0].status = 403);
    only(&f, &["error-status-changed"]);
    let x = expect(&f, "error-status-changed", "CreateVpnGateway.errors");
    assert_impacts(x, Warning, Wire::Compatible, Patch);
}

// ---- Further rules ---------------------------------------------------------------------

#[test]
fn nested_request_member_added_inside_a_flattened_list() {
    let mut old = base();
    let mut tags = member("list", "Tags.");
    tags.items = Some("Tag".into());
    tags.encoding = Encoding::Flattened;
    op(&mut old, "CreateVpnGateway")
        .request
        .insert("Tags".into(), tags);
    let mut new = old.clone();
    members(&mut new, "Tag").insert("Scope".into(), member("string", "Scope."));
    let f = diff(&old, &new);
    // Tag is used on both sides now: in CreateVpnGateway's request and in VpnGateway.Tags.
    let x = expect(
        &f,
        "request-param-optional-added",
        "CreateVpnGateway.request.Tags[].Scope",
    );
    assert!(
        x.message.contains("member `Scope` of `Tag`"),
        "{}",
        x.message
    );
    expect(
        &f,
        "response-field-added",
        "DescribeVpnGateways.response.VpnGateways[].Tags[].Scope",
    );
}

#[test]
fn request_param_format_changed() {
    let f = pair(|s| request(s, "DescribeVpnGateways", "VpcId").format = Some(Format::Cidr));
    only(&f, &["request-param-format-changed"]);
    let x = expect(
        &f,
        "request-param-format-changed",
        "DescribeVpnGateways.request.VpcId",
    );
    assert_impacts(x, Warning, Wire::Compatible, Patch);
}

#[test]
fn epoch_millis_format_change_is_a_rust_type_change() {
    let f = pair(|s| members(s, "VpnGateway").get_mut("EndTime").unwrap().format = None);
    let x = expect(
        &f,
        "response-field-format-changed",
        "DescribeVpnGateways.response.VpnGateways[].EndTime",
    );
    assert_impacts(x, Breaking, Wire::Compatible, Major);
    assert!(x.message.contains("`EpochMillis` → `i64`"), "{}", x.message);
}

#[test]
fn request_param_default_changed() {
    let f = pair(|s| {
        request(s, "CreateVpnGateway", "EnableIpsec").default = Some(serde_json::json!(false))
    });
    only(&f, &["request-param-default-changed"]);
    let x = expect(
        &f,
        "request-param-default-changed",
        "CreateVpnGateway.request.EnableIpsec",
    );
    assert_impacts(x, Warning, Wire::Compatible, Patch);
    assert_eq!(
        (x.old.as_deref(), x.new.as_deref()),
        (Some("true"), Some("false"))
    );
}

#[test]
fn request_param_constraint_tightened_and_loosened() {
    let f = pair(|s| {
        let c = request(s, "CreateVpnGateway", "Bandwidth")
            .constraints
            .as_mut()
            .unwrap();
        c.values.retain(|v| *v != 100);
        let name = request(s, "CreateVpnGateway", "Name")
            .constraints
            .as_mut()
            .unwrap();
        name.max_length = Some(128);
    });
    only(
        &f,
        &[
            "request-param-constraint-loosened",
            "request-param-constraint-tightened",
        ],
    );
    let t = expect(
        &f,
        "request-param-constraint-tightened",
        "CreateVpnGateway.request.Bandwidth",
    );
    assert_impacts(t, Warning, Wire::Breaking, Patch);
    assert!(
        t.message.contains("[5, 10, 20, 50, 100] → [5, 10, 20, 50]"),
        "{}",
        t.message
    );
    let l = expect(
        &f,
        "request-param-constraint-loosened",
        "CreateVpnGateway.request.Name",
    );
    assert_impacts(l, Info, Wire::Compatible, Patch);
    assert!(l.message.contains("max_length 100 → 128"), "{}", l.message);
}

#[test]
fn constraint_added_where_there_was_none_tightens() {
    let f = pair(|s| {
        request(s, "CreateVpnGateway", "VpcId").constraints = Some(Constraints {
            pattern: Some("^vpc-".into()),
            ..Default::default()
        })
    });
    expect(
        &f,
        "request-param-constraint-tightened",
        "CreateVpnGateway.request.VpcId",
    );
}

#[test]
fn response_field_wrapper_changed() {
    let f = pair(|s| {
        op(s, "DescribeVpnGateways")
            .response
            .get_mut("VpnGateways")
            .unwrap()
            .wrapper = Some("Gateway".into())
    });
    only(&f, &["response-field-wrapper-changed"]);
    let x = expect(
        &f,
        "response-field-wrapper-changed",
        "DescribeVpnGateways.response.VpnGateways",
    );
    assert_impacts(x, Breaking, Wire::Breaking, Patch);
}

#[test]
fn secret_flag_removed_and_added() {
    let f = pair(|s| {
        request(s, "CreateVpnGateway", "Name").secret = true;
        s.service
            .common_parameters
            .get_mut("SecurityToken")
            .unwrap()
            .secret = false;
    });
    let x = expect(&f, "secret-added", "CreateVpnGateway.request.Name");
    assert_impacts(x, Info, Wire::Compatible, Patch);
    let y = expect(&f, "common-parameter-changed", "service.common_parameters");
    assert_eq!(y.subject.as_deref(), Some("SecurityToken"));
    let g = {
        let mut old = base();
        request(&mut old, "CreateVpnGateway", "Name").secret = true;
        diff(&old, &base())
    };
    let z = expect(&g, "secret-removed", "CreateVpnGateway.request.Name");
    assert_impacts(z, Warning, Wire::Compatible, Patch);
}

#[test]
fn idempotency_token_added_removed_changed() {
    let f = pair(|s| {
        let o = op(s, "CreateVpnGateway");
        o.request
            .insert("ClientToken".into(), member("string", "Token."));
        o.idempotency_token = Some("ClientToken".into());
        op(s, "DeleteVpnGateway").idempotency_token = None;
        op(s, "ModifyVpnGatewayAttribute").idempotency_token = Some("Name".into());
    });
    let a = expect(
        &f,
        "idempotency-token-added",
        "CreateVpnGateway.idempotency_token",
    );
    assert_impacts(a, Info, Wire::Compatible, Patch);
    expect(
        &f,
        "request-param-optional-added",
        "CreateVpnGateway.request.ClientToken",
    );
    let r = expect(
        &f,
        "idempotency-token-removed",
        "DeleteVpnGateway.idempotency_token",
    );
    assert_impacts(r, Warning, Wire::Compatible, Patch);
    expect(
        &f,
        "idempotency-token-changed",
        "ModifyVpnGatewayAttribute.idempotency_token",
    );
}

#[test]
fn dry_run_added_removed_changed_and_its_error() {
    let flag = |s: &mut Spec, name: &str, member_name: &str| {
        let o = op(s, name);
        o.request
            .insert(member_name.into(), member("boolean", "Only check."));
        o.dry_run = Some(member_name.into());
    };
    let f = pair_from(
        |s| {
            flag(s, "DeleteVpnGateway", "DryRun");
            flag(s, "ModifyVpnGatewayAttribute", "DryRun");
        },
        |s| {
            flag(s, "CreateVpnGateway", "DryRun");
            op(s, "DeleteVpnGateway").dry_run = None;
            flag(s, "ModifyVpnGatewayAttribute", "Check");
            s.service.dry_run_error = Some("DryRunOperation".into());
        },
    );
    let a = expect(&f, "dry-run-added", "CreateVpnGateway.dry_run");
    assert_impacts(a, Info, Wire::Compatible, Patch);
    let r = expect(&f, "dry-run-removed", "DeleteVpnGateway.dry_run");
    assert_impacts(r, Warning, Wire::Compatible, Patch);
    expect(&f, "dry-run-changed", "ModifyVpnGatewayAttribute.dry_run");
    let e = expect(&f, "dry-run-error-added", "service.dry_run_error");
    assert_impacts(e, Info, Wire::Compatible, Patch);
    assert!(!rule_ids(&f).contains(&"unclassified-change"), "{f:#?}");

    let g = pair_from(
        |s| s.service.dry_run_error = Some("DryRunOperation".into()),
        |s| s.service.dry_run_error = Some("DryRun.Passed".into()),
    );
    let c = expect(&g, "dry-run-error-changed", "service.dry_run_error");
    assert_impacts(c, Warning, Wire::Compatible, Patch);
}

#[test]
fn read_only_changed() {
    let f = pair(|s| {
        op(s, "DescribeVpnGateway").read_only = false;
        op(s, "DeleteVpnGateway").read_only = true;
    });
    only(
        &f,
        &[
            "operation-became-read-only",
            "operation-no-longer-read-only",
        ],
    );
    assert_impacts(
        expect(&f, "operation-no-longer-read-only", "DescribeVpnGateway"),
        Warning,
        Wire::Compatible,
        Patch,
    );
}

#[test]
fn pagination_changed_removed_and_limits() {
    let f = pair(|s| {
        let Some(Pagination::PageNumber {
            items,
            max_page_size,
            ..
        }) = op(s, "DescribeVpnGateways").pagination.as_mut()
        else {
            panic!("DescribeVpnGateways pages by number");
        };
        *items = "Gateways".into();
        *max_page_size = 100;
    });
    only(&f, &["pagination-changed"]);
    assert_impacts(
        expect(&f, "pagination-changed", "DescribeVpnGateways.pagination"),
        Breaking,
        Wire::Breaking,
        Major,
    );
    let g = pair(|s| {
        if let Some(Pagination::PageNumber { max_page_size, .. }) =
            op(s, "DescribeVpnGateways").pagination.as_mut()
        {
            *max_page_size = 20;
        }
    });
    let x = expect(
        &g,
        "pagination-limits-changed",
        "DescribeVpnGateways.pagination",
    );
    assert_impacts(x, Warning, Wire::Compatible, Patch);
    let h = pair(|s| op(s, "DescribeVpnGateways").pagination = None);
    assert_impacts(
        expect(&h, "pagination-removed", "DescribeVpnGateways.pagination"),
        Breaking,
        Wire::Compatible,
        Major,
    );
}

#[test]
fn waiter_rules() {
    let f = pair(|s| {
        s.waiters.remove("VpnGatewayDeleted");
        let w = s.waiters.get_mut("VpnGatewayActive").unwrap();
        w.acceptors[0].state = AcceptorState::Retry;
        w.max_wait_secs = 1200;
    });
    only(
        &f,
        &[
            "waiter-acceptors-changed",
            "waiter-removed",
            "waiter-timing-changed",
        ],
    );
    let r = expect(&f, "waiter-removed", "waiters.VpnGatewayDeleted");
    assert_impacts(r, Breaking, Wire::Compatible, Major);
    assert!(
        r.message.contains("wait_until_vpn_gateway_deleted"),
        "{}",
        r.message
    );
    assert_eq!(r.operation.as_deref(), Some("DescribeVpnGateway"));
    let a = expect(&f, "waiter-acceptors-changed", "waiters.VpnGatewayActive");
    assert_impacts(a, Warning, Wire::Compatible, Patch);
}

#[test]
fn shape_added_removed_and_kind_changed() {
    let f = pair(|s| {
        s.shapes.insert(
            "ResourceGroup".into(),
            Shape::Enum {
                description: "x".into(),
                values: vec![],
                notes: vec![],
                upstream: vec![],
            },
        );
    });
    only(&f, &["shape-added"]);
    assert_impacts(
        expect(&f, "shape-added", "shapes.ResourceGroup"),
        Info,
        Wire::Compatible,
        Minor,
    );
    let g = pair(|s| {
        s.shapes.insert(
            "InstanceChargeType".into(),
            Shape::Structure {
                description: "x".into(),
                members: BTreeMap::new(),
                notes: vec![],
                upstream: vec![],
            },
        );
    });
    expect(&g, "shape-kind-changed", "shapes.InstanceChargeType");
    expect(
        &g,
        "request-param-type-changed",
        "CreateVpnGateway.request.InstanceChargeType",
    );
}

#[test]
fn unused_shape_members_use_shape_rules() {
    let mut old = base();
    old.shapes.insert(
        "Orphan".into(),
        Shape::Structure {
            description: "Unused.".into(),
            members: BTreeMap::from([("A".to_string(), member("string", "a"))]),
            notes: vec![],
            upstream: vec![],
        },
    );
    let mut new = old.clone();
    members(&mut new, "Orphan").remove("A");
    let f = diff(&old, &new);
    only(&f, &["shape-member-removed"]);
    assert_impacts(
        expect(&f, "shape-member-removed", "shapes.Orphan.A"),
        Breaking,
        Wire::Compatible,
        Major,
    );
}

#[test]
fn doc_only_changes_are_info() {
    let f = pair(|s| {
        let o = op(s, "CreateVpnGateway");
        o.summary = "Creates a VPN gateway in a VPC.".into();
        o.request.get_mut("Name").unwrap().example = Some("other".into());
        members(s, "VpnGateway")
            .get_mut("Spec")
            .unwrap()
            .notes
            .push("A note.".into());
        values(s, "VpnGatewayStatus")[0].description = "Starting.".into();
    });
    only(&f, &["doc-changed"]);
    assert!(f.iter().all(|x| x.severity == Info && x.rust == Patch));
    let summary = expect(&f, "doc-changed", "CreateVpnGateway");
    assert_eq!(summary.subject.as_deref(), Some("summary"));
    expect(&f, "doc-changed", "CreateVpnGateway.request.Name");
    // Documentation inside a shape is reported once, at the shape, not at each use.
    expect(&f, "doc-changed", "shapes.VpnGateway.Spec");
    let v = expect(&f, "doc-changed", "shapes.VpnGatewayStatus");
    assert_eq!(v.subject.as_deref(), Some("init: description"));
    assert_eq!(f.len(), 4, "{}", listing(&f));
}

#[test]
fn upstream_acknowledgements_are_info_not_unclassified() {
    let ack = |reason: &str| UpstreamDiff {
        differs: DiffKind::EnumValueExtra,
        path: None,
        value: Some("group24".into()),
        reason: reason.into(),
    };
    let f = pair_from(
        |s| {
            request(s, "CreateVpnGateway", "Name")
                .upstream
                .push(ack("Old wording."))
        },
        |s| {
            request(s, "CreateVpnGateway", "Name").upstream[0] = ack("New wording.");
            s.service.upstream.push(UpstreamDiff {
                differs: DiffKind::MissingRequestParam,
                path: Some("request.OwnerId".into()),
                value: None,
                reason: "Account plumbing.".into(),
            });
        },
    );
    only(&f, &["upstream-acknowledgement-changed"]);
    assert!(f.iter().all(|x| x.severity == Info && x.rust == Patch));
    let reworded = expect(
        &f,
        "upstream-acknowledgement-changed",
        "CreateVpnGateway.request.Name",
    );
    assert!(
        reworded.message.contains("reworded"),
        "{}",
        reworded.message
    );
    let added = expect(&f, "upstream-acknowledgement-changed", "service");
    assert!(
        added.message.contains("request.OwnerId"),
        "{}",
        added.message
    );
    assert_eq!(f.len(), 2, "{}", listing(&f));
}

#[test]
fn service_level_rules() {
    let f = pair(|s| {
        s.service.api_version = "2026-01-01".into();
        s.service.endpoints.regional.remove("us-east-1");
        s.service.endpoints.regional.insert(
            "eu-central-1".into(),
            "vpc.eu-central-1.aliyuncs.com".into(),
        );
        s.service.http_methods = vec![HttpMethod::Post];
        s.service.common_errors.pop();
    });
    assert_impacts(
        expect(&f, "service-api-version-changed", "service.api_version"),
        Breaking,
        Wire::Breaking,
        Major,
    );
    assert_eq!(
        expect(&f, "endpoint-removed", "service.endpoints.regional")
            .subject
            .as_deref(),
        Some("us-east-1")
    );
    expect(&f, "endpoint-added", "service.endpoints.regional");
    assert_impacts(
        expect(&f, "http-method-removed", "service.http_methods"),
        Breaking,
        Wire::Breaking,
        Patch,
    );
    // Service-wide codes have no variant in any error enum: nothing Rust changes.
    let e = expect(&f, "error-code-removed", "service.common_errors");
    assert_impacts(e, Info, Wire::Compatible, Patch);
    assert!(
        e.message.contains("no variant is generated"),
        "{}",
        e.message
    );
}

#[test]
fn identical_specs_have_no_findings() {
    assert!(diff(&base(), &base()).is_empty());
}

// ---- The catalogue itself ----------------------------------------------------------------

#[test]
fn rule_ids_are_unique_kebab_case_and_parse_back() {
    let mut seen = std::collections::BTreeSet::new();
    for rule in Rule::ALL {
        let id = rule.id();
        assert!(seen.insert(id), "duplicate id {id}");
        assert!(
            id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{id} is not kebab-case"
        );
        assert_eq!(id.parse::<Rule>().unwrap(), *rule);
        assert!(!rule.summary().is_empty());
    }
}

#[test]
fn breaking_rust_impact_always_comes_with_breaking_severity() {
    // A finding that forces a major bump must be loud.
    for rule in Rule::ALL {
        if rule.rust() == Major {
            assert_eq!(rule.severity(), Breaking, "{rule}");
        }
    }
}

#[test]
fn readme_section_lists_every_rule() {
    let readme = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/diff/README_SECTION.md"),
    )
    .unwrap();
    let table = codegen::diff::rules::markdown_table();
    assert!(
        readme.contains(&table),
        "src/diff/README_SECTION.md must contain the rule table exactly as \
         codegen::diff::rules::markdown_table() prints it:\n{table}"
    );
}
