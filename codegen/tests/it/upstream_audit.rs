//! The upstream audit on the real spec and the checked-in snapshot: the committed state
//! passes, planted drift of each kind is reported as new, an acknowledged difference is
//! not, and the baseline only shrinks.

use std::path::{Path, PathBuf};

use codegen::upstream::audit::{Audited, audit};
use codegen::upstream::baseline::{Baseline, Entry};
use codegen::upstream::report::{Report, Status, classify};
use codegen::upstream::snapshot::{self, Placement, Snapshot, Style};
use vpn_spec::layout::{UPSTREAM_BASELINE, UPSTREAM_SNAPSHOT};
use vpn_spec::{DiffKind, Shape, Spec, UpstreamDiff};

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

fn spec() -> Spec {
    vpn_spec::load_dir(&spec_dir()).expect("the spec loads")
}

fn snapshot() -> Snapshot {
    snapshot::read(&spec_dir().join(UPSTREAM_SNAPSHOT)).expect("the snapshot parses")
}

fn baseline() -> Baseline {
    Baseline::read(&spec_dir().join(UPSTREAM_BASELINE)).expect("the baseline parses")
}

fn report(spec: &Spec, snap: &Snapshot) -> Report {
    classify(snap, spec.operations.len(), audit(spec, snap), &baseline())
}

/// The findings of `report` that are new, as (operation, kind, path, value).
fn new_findings(report: &Report) -> Vec<(String, DiffKind, String, Option<String>)> {
    report
        .findings
        .iter()
        .filter(|i| i.status == Status::New)
        .map(|i| i.finding.key())
        .collect()
}

fn key(
    op: &str,
    kind: DiffKind,
    path: &str,
    value: Option<&str>,
) -> (String, DiffKind, String, Option<String>) {
    (op.into(), kind, path.into(), value.map(Into::into))
}

fn ack(differs: DiffKind) -> UpstreamDiff {
    UpstreamDiff {
        differs,
        path: None,
        value: None,
        reason: "Planted for the test.".into(),
    }
}

#[test]
fn the_committed_spec_passes_against_its_baseline() {
    let (spec, snap) = (spec(), snapshot());
    let r = report(&spec, &snap);
    assert!(r.ok, "{}", r.to_text(false));
    assert_eq!(r.operations, spec.operations.len());
    assert!(r.stale_baseline.is_empty());
    // Every baseline entry is a real finding today.
    assert_eq!(
        r.findings
            .iter()
            .filter(|i| i.status == Status::Baseline)
            .count(),
        baseline().entries.len()
    );
    // Every spec operation exists upstream.
    for name in spec.operations.keys() {
        assert!(snap.operations.contains_key(name), "{name} is not upstream");
    }
}

#[test]
fn a_removed_response_field_is_reported() {
    let (mut spec, snap) = (spec(), snapshot());
    spec.operations
        .get_mut("DescribeVpnGateway")
        .unwrap()
        .response
        .remove("VpcId")
        .expect("the spec has it");
    let r = report(&spec, &snap);
    assert!(!r.ok);
    assert_eq!(
        new_findings(&r),
        [key(
            "DescribeVpnGateway",
            DiffKind::MissingResponseField,
            "response.VpcId",
            None
        )]
    );
}

#[test]
fn a_field_removed_upstream_is_reported_at_depth() {
    let (spec, mut snap) = (spec(), snapshot());
    let list = snap
        .operations
        .get_mut("DescribeVpnGateways")
        .unwrap()
        .response
        .get_mut("VpnGateways")
        .unwrap();
    let items = list
        .members
        .get_mut("VpnGateway")
        .unwrap()
        .items
        .as_mut()
        .unwrap();
    items.members.remove("VpcId").expect("upstream has it");
    let r = report(&spec, &snap);
    assert_eq!(
        new_findings(&r),
        [key(
            "DescribeVpnGateways",
            DiffKind::ExtraResponseField,
            "response.VpnGateways.VpnGateway[].VpcId",
            None
        )]
    );
}

#[test]
fn a_changed_type_is_reported() {
    let (mut spec, snap) = (spec(), snapshot());
    let op = spec.operations.get_mut("DescribeVpnGateway").unwrap();
    op.request.get_mut("VpnGatewayId").unwrap().ty = "boolean".into();
    let r = report(&spec, &snap);
    let found = new_findings(&r);
    assert_eq!(
        found,
        [key(
            "DescribeVpnGateway",
            DiffKind::Type,
            "request.VpnGatewayId",
            None
        )]
    );
    let item = r.findings.iter().find(|i| i.status == Status::New).unwrap();
    assert_eq!(item.finding.detail, "spec: boolean, upstream: string");
}

#[test]
fn a_flipped_required_flag_is_reported() {
    let (mut spec, snap) = (spec(), snapshot());
    let op = spec.operations.get_mut("CreateVpnGateway").unwrap();
    op.request.get_mut("VpcId").unwrap().required = false;
    let r = report(&spec, &snap);
    assert_eq!(
        new_findings(&r),
        [key(
            "CreateVpnGateway",
            DiffKind::Required,
            "request.VpcId",
            None
        )]
    );
}

#[test]
fn a_renamed_list_wrapper_is_reported() {
    let (mut spec, snap) = (spec(), snapshot());
    let op = spec.operations.get_mut("DescribeVpnGateways").unwrap();
    op.response.get_mut("VpnGateways").unwrap().wrapper = Some("Gateway".into());
    let r = report(&spec, &snap);
    assert_eq!(
        new_findings(&r),
        [key(
            "DescribeVpnGateways",
            DiffKind::ListWrapper,
            "response.VpnGateways",
            None
        )]
    );
    let item = r.findings.iter().find(|i| i.status == Status::New).unwrap();
    assert_eq!(item.finding.detail, "spec: Gateway, upstream: VpnGateway");
}

#[test]
fn a_missing_enum_value_is_reported_wherever_the_enum_is_used() {
    let (mut spec, snap) = (spec(), snapshot());
    let Some(Shape::Enum { values, .. }) = spec.shapes.get_mut("VpnGatewayStatus") else {
        panic!("VpnGatewayStatus is an enum");
    };
    values.retain(|v| v.value != "init");
    let r = report(&spec, &snap);
    let found = new_findings(&r);
    assert!(
        found.contains(&key(
            "DescribeVpnGateways",
            DiffKind::EnumValueMissing,
            "request.Status",
            Some("init")
        )),
        "{found:?}"
    );
    assert!(found.contains(&key(
        "DescribeVpnGateway",
        DiffKind::EnumValueMissing,
        "response.Status",
        Some("init")
    )));
    assert!(
        found
            .iter()
            .all(|f| f.1 == DiffKind::EnumValueMissing && f.3.as_deref() == Some("init"))
    );
}

#[test]
fn an_acknowledgement_on_the_enum_shape_covers_every_use() {
    let (mut spec, snap) = (spec(), snapshot());
    let Some(Shape::Enum {
        values, upstream, ..
    }) = spec.shapes.get_mut("VpnGatewayStatus")
    else {
        panic!("VpnGatewayStatus is an enum");
    };
    values.retain(|v| v.value != "init");
    upstream.push(UpstreamDiff {
        value: Some("init".into()),
        ..ack(DiffKind::EnumValueMissing)
    });
    let r = report(&spec, &snap);
    assert!(r.ok, "{}", r.to_text(false));
    let acked: Vec<_> = r
        .findings
        .iter()
        .filter(|i| {
            i.status == Status::Acknowledged && i.finding.kind == DiffKind::EnumValueMissing
        })
        .collect();
    assert!(!acked.is_empty());
    assert!(
        acked
            .iter()
            .all(|i| i.reason.as_deref() == Some("Planted for the test."))
    );
}

#[test]
fn an_acknowledgement_for_another_value_does_not_cover() {
    let (mut spec, snap) = (spec(), snapshot());
    let Some(Shape::Enum {
        values, upstream, ..
    }) = spec.shapes.get_mut("VpnGatewayStatus")
    else {
        panic!("VpnGatewayStatus is an enum");
    };
    values.retain(|v| v.value != "init");
    upstream.push(UpstreamDiff {
        value: Some("active".into()),
        ..ack(DiffKind::EnumValueMissing)
    });
    assert!(!report(&spec, &snap).ok);
}

#[test]
fn an_acknowledged_difference_is_not_reported_as_new() {
    let (mut spec, snap) = (spec(), snapshot());
    // The real spec may acknowledge `required` differences of its own.
    let already = report(&spec, &snap)
        .summary
        .get(&DiffKind::Required)
        .map_or(0, |c| c.acknowledged);
    let op = spec.operations.get_mut("CreateVpnGateway").unwrap();
    let vpc = op.request.get_mut("VpcId").unwrap();
    vpc.required = false;
    vpc.upstream.push(ack(DiffKind::Required));
    let r = report(&spec, &snap);
    assert!(r.ok, "{}", r.to_text(false));
    assert_eq!(r.summary[&DiffKind::Required].acknowledged, already + 1);
    // The same on the operation, with a path; and on the service for every operation.
    let (mut spec, snap) = (self::spec(), snapshot());
    let op = spec.operations.get_mut("CreateVpnGateway").unwrap();
    op.request.get_mut("VpcId").unwrap().required = false;
    op.upstream.push(UpstreamDiff {
        path: Some("request.VpcId".into()),
        ..ack(DiffKind::Required)
    });
    assert!(report(&spec, &snap).ok);
    let (mut spec, snap) = (self::spec(), snapshot());
    spec.operations
        .get_mut("CreateVpnGateway")
        .unwrap()
        .request
        .get_mut("VpcId")
        .unwrap()
        .required = false;
    spec.service.upstream.push(UpstreamDiff {
        path: Some("request.VpcId".into()),
        ..ack(DiffKind::Required)
    });
    assert!(report(&spec, &snap).ok);
    // An acknowledgement of another kind does not cover it.
    let (mut spec, snap) = (self::spec(), snapshot());
    let vpc = spec
        .operations
        .get_mut("CreateVpnGateway")
        .unwrap()
        .request
        .get_mut("VpcId")
        .unwrap();
    vpc.required = false;
    vpc.upstream.push(ack(DiffKind::Type));
    assert!(!report(&spec, &snap).ok);
}

#[test]
fn placement_and_encoding_differences_are_reported() {
    let (spec, mut snap) = (spec(), snapshot());
    let op = snap.operations.get_mut("CreateVpnConnection").unwrap();
    op.request.get_mut("LocalSubnet").unwrap().placement = Some(Placement::Body);
    op.request.get_mut("Name").unwrap().style = Some(Style::Flat);
    let r = report(&spec, &snap);
    assert_eq!(
        new_findings(&r),
        [
            key(
                "CreateVpnConnection",
                DiffKind::Placement,
                "request.LocalSubnet",
                None
            ),
            key(
                "CreateVpnConnection",
                DiffKind::Encoding,
                "request.Name",
                None
            ),
        ]
    );
}

#[test]
fn a_constraint_that_refuses_a_stated_value_is_reported() {
    let (mut spec, snap) = (spec(), snapshot());
    // Upstream states 1 to 9, 12, 24 and 36 months.
    let op = spec.operations.get_mut("CreateVpnGateway").unwrap();
    let period = op.request.get_mut("Period").unwrap();
    let c = period.constraints.get_or_insert_with(Default::default);
    c.values = vec![12, 24];
    c.ranges = vec![vpn_spec::Range { min: 1, max: 9 }];
    let r = report(&spec, &snap);
    assert_eq!(
        new_findings(&r),
        [key(
            "CreateVpnGateway",
            DiffKind::Constraint,
            "request.Period",
            Some("36")
        )]
    );
}

#[test]
fn a_fixed_difference_makes_its_baseline_entry_stale() {
    // Plant a difference (a request parameter only upstream has) and list it in a baseline:
    // the audit passes. Then fix it (the committed spec has the parameter): the entry is stale.
    let (mut drifted, snap) = (spec(), snapshot());
    let op = drifted.operations.get_mut("CreateVpnGateway").unwrap();
    assert!(op.request.remove("Name").is_some());
    let entry = Entry {
        operation: "CreateVpnGateway".into(),
        kind: DiffKind::MissingRequestParam,
        path: "request.Name".into(),
        value: None,
    };
    let mut planted = baseline();
    planted.entries.insert(entry.clone());
    let n = drifted.operations.len();
    let r = classify(&snap, n, audit(&drifted, &snap), &planted);
    assert!(r.ok, "{}", r.to_text(false));
    let fixed = spec();
    let r = classify(&snap, n, audit(&fixed, &snap), &planted);
    assert!(!r.ok);
    assert!(new_findings(&r).is_empty());
    assert_eq!(r.stale_baseline, [entry]);
    assert!(r.to_text(false).contains("stale baseline entries"));
}

#[test]
fn an_operation_the_package_lacks_is_reported() {
    let (spec, mut snap) = (spec(), snapshot());
    snap.operations.remove("DeleteVpnGateway");
    let r = report(&spec, &snap);
    assert!(new_findings(&r).contains(&key(
        "DeleteVpnGateway",
        DiffKind::OperationMissing,
        "",
        None
    )));
}

#[test]
fn the_report_is_deterministic_and_its_json_has_the_counts() {
    let (spec, snap) = (spec(), snapshot());
    let a: Vec<Audited> = audit(&spec, &snap);
    let b: Vec<Audited> = audit(&spec, &snap);
    assert_eq!(a, b);
    let r = report(&spec, &snap);
    assert_eq!(r.to_text(true), report(&spec, &snap).to_text(true));
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).expect("the report is JSON");
    assert_eq!(json["ok"], true);
    let total: u64 = json["summary"]
        .as_object()
        .unwrap()
        .values()
        .map(|c| {
            c["baseline"].as_u64().unwrap()
                + c["new"].as_u64().unwrap()
                + c["acknowledged"].as_u64().unwrap()
        })
        .sum();
    assert_eq!(total as usize, json["findings"].as_array().unwrap().len());
    // Grouped by operation, with counts per kind (acknowledged findings shown, so the
    // operation is listed even once all of its drift is fixed).
    let text = r.to_text(true);
    assert!(text.contains("\nCreateVpnGateway ("));
    assert!(text.contains("\nkind "));
    assert!(text.ends_with("listed in the baseline\n"));
}

#[test]
fn the_baseline_file_is_canonical() {
    let path = spec_dir().join(UPSTREAM_BASELINE);
    let text = std::fs::read_to_string(&path).expect("read the baseline");
    assert_eq!(Baseline::parse(&text).unwrap().to_text(), text);
}

#[test]
fn the_snapshot_covers_the_whole_product_and_only_structure() {
    let snap = snapshot();
    assert_eq!(snap.package, "@alicloud/vpc20160428");
    assert!(snap.operations.len() > 400, "{}", snap.operations.len());
    let text = std::fs::read_to_string(spec_dir().join(UPSTREAM_SNAPSHOT)).unwrap();
    // No prose: no description keys, and no sentence of the package's doc comments.
    assert!(!text.contains("\"description\""));
    assert!(!text.contains("This parameter is required"));
    // The facts the audit relies on are there.
    let create = &snap.operations["CreateVpnConnection"];
    assert_eq!(
        create.request["TunnelOptionsSpecification"].placement,
        Some(Placement::Body)
    );
    assert_eq!(create.request["Tags"].style, Some(Style::Flat));
    assert!(create.request["LocalSubnet"].required);
    assert!(create.request["IkeConfig"].json.is_some());
}
