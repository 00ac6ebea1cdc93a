//! Golden outputs of the three formats for one old/new pair that exercises many rules
//! (`golden/diff/kitchen_sink.{txt,md,json}`; regenerate with `UPDATE_GOLDEN=1`), plus
//! determinism and fingerprint stability.

use crate::diff_common::{base, golden, member};
use codegen::diff::semver::Version;
use codegen::diff::{Finding, OutputFormat, Report, Rule, render};
use codegen::spec::{Constraints, EnumValue, ErrorSpec, Format, Shape, Spec};

/// The base spec after a release's worth of edits, good and bad.
fn edited(old: &Spec) -> Spec {
    let mut s = old.clone();
    // An operation goes, another comes.
    s.operations.remove("DeleteVpnGateway");
    let mut upgrade = old.operations["DeleteVpnGateway"].clone();
    upgrade.summary = "Upgrades a VPN gateway.".into();
    s.operations.insert("UpgradeVpnGateway".into(), upgrade);

    let create = s.operations.get_mut("CreateVpnGateway").unwrap();
    create.summary = "Creates a VPN gateway in a VPC.".into();
    let mut token = member(
        "string",
        "A client token that makes the request idempotent.",
    );
    token.constraints = Some(Constraints {
        max_length: Some(64),
        ascii: true,
        ..Default::default()
    });
    create.request.insert("ClientToken".into(), token);
    create.idempotency_token = Some("ClientToken".into());
    create.request.insert(
        "ResourceGroupId".into(),
        member("string", "The resource group."),
    );
    let ssl = create.request.remove("SslConnections").unwrap();
    create.request.insert("SslMaxConnections".into(), ssl);
    let bandwidth = create.request.get_mut("Bandwidth").unwrap();
    bandwidth
        .constraints
        .as_mut()
        .unwrap()
        .values
        .retain(|v| *v != 100);
    let name = create.request.get_mut("Name").unwrap();
    name.constraints.as_mut().unwrap().max_length = Some(128);
    create.request.get_mut("EnableIpsec").unwrap().default = Some(serde_json::json!(false));
    create.errors.push(ErrorSpec {
        status: 400,
        code: "OperationDenied.VpcNotFound".into(),
        message: "The specified VPC does not exist.".into(),
        description: "The VPC does not exist.".into(),
        notes: vec![],
    });

    let list = s.operations.get_mut("DescribeVpnGateways").unwrap();
    list.request.remove("BusinessStatus");
    list.request.get_mut("VpcId").unwrap().required = true;

    if let Some(Shape::Enum { values, .. }) = s.shapes.get_mut("VpnGatewayStatus") {
        values.push(EnumValue {
            value: "expired".into(),
            description: "Expired.".into(),
        });
    }
    if let Some(Shape::Structure { members, .. }) = s.shapes.get_mut("VpnGateway") {
        let created = members.get_mut("CreateTime").unwrap();
        created.ty = "string".into();
        created.format = Some(Format::DateTime);
        members.insert(
            "ResourceGroupId".into(),
            member("string", "The resource group."),
        );
    }
    s.waiters.get_mut("VpnGatewayActive").unwrap().max_wait_secs = 1200;
    s.service.endpoints.regional.insert(
        "eu-central-1".into(),
        "vpc.eu-central-1.aliyuncs.com".into(),
    );
    s
}

fn report() -> Report {
    let old = base();
    let new = edited(&old);
    Report::new("old", "new", "0.1.0".parse().unwrap(), &old, &new)
}

#[test]
fn golden_text() {
    golden("kitchen_sink.txt", &render(&report(), OutputFormat::Text));
}

#[test]
fn golden_markdown() {
    golden(
        "kitchen_sink.md",
        &render(&report(), OutputFormat::Markdown),
    );
}

#[test]
fn golden_json() {
    let json = render(&report(), OutputFormat::Json);
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(value["format_version"], 1);
    assert_eq!(value["summary"]["suggested_version"], "0.2.0");
    golden("kitchen_sink.json", &json);
}

#[test]
fn json_findings_always_have_every_key() {
    let json = render(&report(), OutputFormat::Json);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut keys = [
        "fingerprint",
        "rule",
        "severity",
        "wire",
        "rust",
        "operation",
        "path",
        "subject",
        "message",
        "old",
        "new",
        "hint",
        "uses",
    ];
    keys.sort_unstable();
    for f in value["findings"].as_array().unwrap() {
        let obj = f.as_object().unwrap();
        assert_eq!(obj.keys().collect::<Vec<_>>(), keys, "{f}");
    }
    // In the document itself, keys keep the documented order.
    let first = json.find("\"fingerprint\"").unwrap();
    let order = [
        "\"rule\"",
        "\"severity\"",
        "\"wire\"",
        "\"rust\"",
        "\"operation\"",
        "\"path\"",
        "\"subject\"",
        "\"message\"",
        "\"old\"",
        "\"new\"",
        "\"hint\"",
        "\"uses\"",
    ];
    let mut at = first;
    for key in order {
        let next = at + json[at..].find(key).unwrap();
        assert!(next > at);
        at = next;
    }
}

#[test]
fn output_is_deterministic() {
    for format in [
        OutputFormat::Text,
        OutputFormat::Markdown,
        OutputFormat::Json,
    ] {
        assert_eq!(render(&report(), format), render(&report(), format));
    }
    // The differ's order does not depend on the order specs were built in.
    let old = base();
    let new = edited(&old);
    let mut a = codegen::diff::diff(&old, &new);
    a.reverse();
    a.sort_by(codegen::diff::finding::canonical_order);
    assert_eq!(a, codegen::diff::diff(&old, &new));
}

#[test]
fn fingerprints_are_unique_and_stable() {
    let r = report();
    let mut prints: Vec<String> = r.findings.iter().map(Finding::fingerprint).collect();
    let n = prints.len();
    prints.sort();
    prints.dedup();
    assert_eq!(
        prints.len(),
        n,
        "fingerprints must be unique within a report"
    );

    // Pinned: the fingerprint depends only on rule id, path and subject.
    let f = Finding::new(
        Rule::OperationRemoved,
        Some("DeleteVpnGateway"),
        "DeleteVpnGateway",
        "x",
    );
    let g = Finding::new(
        Rule::OperationRemoved,
        None,
        "DeleteVpnGateway",
        "other wording",
    );
    assert_eq!(f.fingerprint(), g.fingerprint());
    assert_eq!(f.fingerprint(), "904fe49869fe4af2");
    assert_eq!(f.fingerprint().len(), 16);
}

#[test]
fn summary_line_and_version_bump() {
    let r = report();
    assert_eq!(r.suggested_version().to_string(), "0.2.0");
    assert!(
        r.summary_line()
            .ends_with("suggested version: 0.1.0 -> 0.2.0")
    );
    let same = Report::new("a", "b", "0.1.0".parse().unwrap(), &base(), &base());
    assert_eq!(
        same.summary_line(),
        "no changes; suggested version: 0.1.0 (unchanged)"
    );
}

#[test]
fn semver_bumps_follow_cargo_rules_for_0x() {
    use codegen::diff::RustImpact::{Major, Minor, Patch};
    let v = |s: &str| s.parse::<Version>().unwrap();
    assert_eq!(v("0.1.3").bump(Major).to_string(), "0.2.0");
    assert_eq!(v("0.1.3").bump(Minor).to_string(), "0.1.4");
    assert_eq!(v("0.1.3").bump(Patch).to_string(), "0.1.4");
    assert_eq!(v("0.0.3").bump(Major).to_string(), "0.0.4");
    assert_eq!(v("1.2.3").bump(Major).to_string(), "2.0.0");
    assert_eq!(v("1.2.3").bump(Minor).to_string(), "1.3.0");
    assert_eq!(v("1.2.3").bump(Patch).to_string(), "1.2.4");
    assert_eq!(v("1.2.3-alpha.1").bump(Patch).to_string(), "1.2.4");
    assert!("1.2".parse::<Version>().is_err());
    let manifest =
        "[package]\nname = \"x\"\nversion = \"0.3.1\"\n[dependencies]\nversion = \"9\"\n";
    assert_eq!(
        codegen::diff::semver::version_from_manifest(manifest).unwrap(),
        v("0.3.1")
    );
}

#[test]
fn every_rust_major_finding_is_breaking() {
    for f in &report().findings {
        if f.rust == codegen::diff::RustImpact::Major {
            assert_eq!(f.severity, codegen::diff::Severity::Breaking, "{f:?}");
        }
    }
}
