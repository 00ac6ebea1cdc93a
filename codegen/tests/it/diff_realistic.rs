//! A realistic review: today's spec (`spec/`) against a newer one that adds what today's
//! service has — `ClientToken` (the idempotency token) and `ResourceGroupId` on
//! CreateVpnGateway, `ResourceGroupId` on DescribeVpnGateways, flattened `Tags.N.Key` /
//! `Tags.N.Value` on CreateCustomerGateway — plus one real break: `VpnGateway.CreateTime`
//! turning from epoch milliseconds into an ISO 8601 string.
//!
//! Both specs are built in memory from `spec/` by the two functions below (the "script"),
//! so the test stays valid while `spec/` is polished: `today` removes the additions if
//! `spec/` already has them, `newer` applies them. The golden file holds only the stable
//! parts (severity, rule id, location), not messages or counts that depend on wording.

use crate::diff_common::{golden, listing, member, real_spec, temp_dir, write_spec};
use codegen::diff::cli::{self, EXIT_FINDINGS, EXIT_OK, Options};
use codegen::diff::source::Workspace;
use codegen::diff::{OutputFormat, Report, Severity, diff};
use codegen::spec::{Constraints, Encoding, Format, Member, Shape, Spec, load_dir};

fn with_example(mut m: Member, example: &str) -> Member {
    m.example = Some(example.to_string());
    m
}

fn vpn_gateway_members(spec: &mut Spec) -> &mut std::collections::BTreeMap<String, Member> {
    match spec.shapes.get_mut("VpnGateway") {
        Some(Shape::Structure { members, .. }) => members,
        _ => panic!("spec/ has no VpnGateway structure"),
    }
}

/// Today's spec, without the additions `newer` makes.
fn today(spec: &Spec) -> Spec {
    let mut s = spec.clone();
    let create = s
        .operations
        .get_mut("CreateVpnGateway")
        .expect("CreateVpnGateway");
    create.request.remove("ClientToken");
    create.request.remove("ResourceGroupId");
    create.idempotency_token = None;
    let list = s
        .operations
        .get_mut("DescribeVpnGateways")
        .expect("DescribeVpnGateways");
    list.request.remove("ResourceGroupId");
    let cgw = s
        .operations
        .get_mut("CreateCustomerGateway")
        .expect("CreateCustomerGateway");
    cgw.request.remove("Tags");
    let created = vpn_gateway_members(&mut s)
        .get_mut("CreateTime")
        .expect("VpnGateway.CreateTime");
    created.ty = "long".into();
    created.format = Some(Format::EpochMillis);
    created.example = Some("1492753580000".into());
    s
}

/// The newer spec: today's plus the additions and the break.
fn newer(spec: &Spec) -> Spec {
    let mut s = spec.clone();
    let mut token = member(
        "string",
        "A client token that makes the request idempotent. Generate it on the client; it must be unique across requests and at most 64 ASCII characters.",
    );
    token.constraints = Some(Constraints {
        max_length: Some(64),
        ascii: true,
        ..Default::default()
    });
    let token = with_example(token, "02fb3da4-130e-11e9-8e44-0016e04115b");
    let group = with_example(
        member(
            "string",
            "The ID of the resource group the VPN gateway belongs to.",
        ),
        "rg-acfmzs372yg****",
    );
    let create = s.operations.get_mut("CreateVpnGateway").unwrap();
    create.request.insert("ClientToken".into(), token);
    create.idempotency_token = Some("ClientToken".into());
    create
        .request
        .insert("ResourceGroupId".into(), group.clone());
    let list = s.operations.get_mut("DescribeVpnGateways").unwrap();
    list.request.insert("ResourceGroupId".into(), group);
    let mut tags = member(
        "list",
        "The tags of the customer gateway, sent as `Tags.N.Key` and `Tags.N.Value` (N from 1 to 20).",
    );
    tags.items = Some("Tag".into());
    tags.encoding = Encoding::Flattened;
    let cgw = s.operations.get_mut("CreateCustomerGateway").unwrap();
    cgw.request.insert("Tags".into(), tags);
    // The break: creation times become ISO 8601 strings.
    let created = vpn_gateway_members(&mut s).get_mut("CreateTime").unwrap();
    created.ty = "string".into();
    created.format = Some(Format::DateTime);
    created.example = Some("2017-04-21T05:46:20Z".into());
    s
}

fn pair() -> (Spec, Spec) {
    let old = today(&real_spec());
    let new = newer(&old);
    (old, new)
}

#[test]
fn realistic_findings_golden() {
    let (old, new) = pair();
    let findings = diff(&old, &new);
    golden("realistic.txt", &listing(&findings));
}

#[test]
fn realistic_summary_suggests_a_minor_digit_bump_for_the_break() {
    let (old, new) = pair();
    let report = Report::new("spec", "newer", "0.1.0".parse().unwrap(), &old, &new);
    assert_eq!(
        report.count(Severity::Breaking),
        1,
        "{}",
        listing(&report.findings)
    );
    assert_eq!(report.suggested_version().to_string(), "0.2.0");
    let tags = report
        .findings
        .iter()
        .find(|f| f.path == "CreateCustomerGateway.request.Tags")
        .expect("Tags finding");
    assert_eq!(tags.new.as_deref(), Some("list<Tag>"));
    assert!(
        tags.message.contains("sent flattened: `Tags.1…`"),
        "{}",
        tags.message
    );
}

#[test]
fn realistic_specs_are_valid_and_the_cli_reports_them() {
    // Both specs survive the loader's validation when written out: the edits are the
    // kind the spec format allows.
    let (old, new) = pair();
    let dir = temp_dir("realistic");
    write_spec(&old, &dir.join("old"));
    write_spec(&new, &dir.join("new"));
    load_dir(&dir.join("old")).unwrap_or_else(|e| panic!("old does not load: {e:#?}"));
    load_dir(&dir.join("new")).unwrap_or_else(|e| panic!("new does not load: {e:#?}"));

    let run = |fail_on: Option<Severity>, format: OutputFormat| {
        let opts = Options {
            old: "old".into(),
            new: "new".into(),
            format,
            fail_on,
            crate_version: Some("0.1.0".into()),
            workspace: Workspace {
                root: dir.clone(),
                spec_dir: "spec".into(),
                cwd: dir.clone(),
            },
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = cli::run(&opts, &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    };
    let (code, out, err) = run(None, OutputFormat::Text);
    assert_eq!(code, EXIT_OK, "{err}");
    assert!(out.contains("suggested version: 0.1.0 -> 0.2.0"), "{out}");
    let (code, out, _) = run(Some(Severity::Breaking), OutputFormat::Json);
    assert_eq!(code, EXIT_FINDINGS);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["summary"]["breaking"], 1);
    assert_eq!(
        json["findings"][0]["path"],
        "DescribeVpnGateways.response.VpnGateways[].CreateTime"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
