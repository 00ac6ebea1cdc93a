//! The importer: drafts from the checked-in snapshot load, carry to-do markers that
//! `spec check` refuses, audit clean, and reuse shapes; the whole product imports.

use std::path::{Path, PathBuf};

use codegen::upstream::audit::audit;
use codegen::upstream::baseline::Baseline;
use codegen::upstream::import::{self, Draft, ImportError};
use codegen::upstream::report::{Status, classify};
use codegen::upstream::snapshot::{self, Snapshot};
use vpn_spec::layout::{UPSTREAM_BASELINE, UPSTREAM_SNAPSHOT};
use vpn_spec::{DiffKind, Pagination, Shape, SourceFile, Spec};

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

fn sources() -> Vec<SourceFile> {
    vpn_spec::read_dir(&spec_dir(), "spec").expect("the spec reads")
}

fn spec() -> Spec {
    vpn_spec::load_sources(&sources()).expect("the spec loads")
}

fn snapshot() -> Snapshot {
    snapshot::read(&spec_dir().join(UPSTREAM_SNAPSHOT)).expect("the snapshot parses")
}

const GROUP_FILE: &str = "spec/operations/imported.json";

/// The spec with `draft` applied, loaded.
fn applied(draft: Draft) -> (Vec<SourceFile>, Spec) {
    let files = import::apply(&sources(), draft, "imported", GROUP_FILE).expect("applies");
    let spec = vpn_spec::load_sources(&files).unwrap_or_else(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        panic!("the draft does not load:\n{}", lines.join("\n"))
    });
    (files, spec)
}

fn draft(ops: &[&str]) -> Draft {
    let names: Vec<String> = ops.iter().map(|s| s.to_string()).collect();
    import::import(&spec(), &snapshot(), &names, "imported").expect("imports")
}

/// The audit of `spec` has nothing new (drafts are acknowledged where they depart).
fn audits_clean(spec: &Spec, snap: &Snapshot) {
    let baseline = Baseline::read(&spec_dir().join(UPSTREAM_BASELINE)).unwrap();
    let r = classify(snap, spec.operations.len(), audit(spec, snap), &baseline);
    let new: Vec<_> = r
        .findings
        .iter()
        .filter(|i| i.status == Status::New)
        .collect();
    assert!(new.is_empty(), "{new:#?}");
    assert!(r.ok);
}

#[test]
fn a_paged_operation_imports_with_members_pagination_and_to_dos() {
    let snap = snapshot();
    let (files, spec) = applied(draft(&["DescribeVpcs"]));
    let op = &spec.operations["DescribeVpcs"];
    assert!(op.read_only);
    assert_eq!(op.group, "imported");
    assert!(vpn_spec::is_todo(&op.description) && vpn_spec::is_todo(&op.summary));
    assert!(op.request["RegionId"].required);
    assert_eq!(op.request["PageSize"].ty, "integer");
    assert!(op.response["RequestId"].required);
    let vpcs = &op.response["Vpcs"];
    assert_eq!(
        (vpcs.ty.as_str(), vpcs.wrapper.as_deref()),
        ("list", Some("Vpc"))
    );
    let Some(Shape::Structure { members, .. }) = spec.shapes.get(vpcs.items.as_deref().unwrap())
    else {
        panic!("the items are a structure");
    };
    let upstream = &snap.operations["DescribeVpcs"].response["Vpcs"].members["Vpc"];
    let up_members: Vec<&String> = upstream.items.as_ref().unwrap().members.keys().collect();
    assert_eq!(members.keys().collect::<Vec<_>>(), up_members);
    match &op.pagination {
        Some(Pagination::PageNumber {
            items,
            total_count,
            max_page_size,
            ..
        }) => {
            assert_eq!(
                (items.as_str(), total_count.as_str()),
                ("Vpcs", "TotalCount")
            );
            assert_eq!(*max_page_size, 50);
        }
        other => panic!("expected page_number pagination, got {other:?}"),
    }
    // `spec check` refuses the draft until its texts are written.
    let todos = vpn_spec::validate::todos(&spec);
    assert!(
        todos
            .iter()
            .any(|e| e.path == "operations.DescribeVpcs.description")
    );
    assert!(
        todos
            .iter()
            .any(|e| e.path == "service.groups.imported.title")
    );
    assert!(vpn_spec::validate::todos(&self::spec()).is_empty());
    // Canonical form.
    for file in &files {
        let kind = if file.path.ends_with("service.json") {
            vpn_spec::FileKind::Service
        } else {
            vpn_spec::FileKind::Operations
        };
        assert!(
            vpn_spec::canonical::is_canonical(file, kind).unwrap(),
            "{}",
            file.path
        );
    }
    audits_clean(&spec, &snap);
}

#[test]
fn a_next_token_operation_imports_with_next_token_pagination() {
    let snap = snapshot();
    // An operation of another VPC product, so that the VPN spec never gains it.
    let (_, spec) = applied(draft(&["ListPrefixLists"]));
    let op = &spec.operations["ListPrefixLists"];
    assert!(op.read_only);
    assert_eq!(op.request["MaxResults"].ty, "integer");
    match &op.pagination {
        Some(Pagination::NextToken {
            request_token,
            page_size,
            response_token,
            total_count,
            items,
            max_page_size,
            ..
        }) => {
            assert_eq!(
                (
                    request_token.as_str(),
                    page_size.as_str(),
                    response_token.as_str(),
                    total_count.as_deref(),
                    items.as_str(),
                ),
                (
                    "NextToken",
                    "MaxResults",
                    "NextToken",
                    Some("TotalCount"),
                    "PrefixLists"
                )
            );
            // Upstream states MaxResults 1 to 100.
            assert_eq!(*max_page_size, 100);
        }
        other => panic!("expected next_token pagination, got {other:?}"),
    }
    assert!(
        op.notes.iter().any(|n| vpn_spec::is_todo(n)),
        "the page sizes are a to-do: {:?}",
        op.notes
    );
    audits_clean(&spec, &snap);
}

#[test]
fn a_client_token_becomes_the_idempotency_token() {
    let (_, spec) = applied(draft(&["CreateVpc"]));
    let op = &spec.operations["CreateVpc"];
    assert_eq!(op.idempotency_token.as_deref(), Some("ClientToken"));
    assert!(!op.read_only);
}

#[test]
fn what_the_format_cannot_say_is_acknowledged_and_listed() {
    let snap = snapshot();
    // TunnelOptionsSpecification nests objects in a flattened list and travels in the body:
    // it is drafted (flattened at any depth), and the body placement is acknowledged. The
    // spec has CreateVpnAttachment, finished: it is drafted again into the spec without
    // its operations file.
    let base: Vec<SourceFile> = sources()
        .into_iter()
        .filter(|f| !f.path.ends_with("operations/vpn_attachment.json"))
        .collect();
    let without = vpn_spec::load_sources(&base).expect("the spec loads without the attachments");
    let d = import::import(
        &without,
        &snap,
        &["CreateVpnAttachment".to_string()],
        "imported",
    )
    .expect("imports");
    assert!(
        d.remarks
            .iter()
            .any(|r| r.contains("TunnelOptionsSpecification") && r.contains("body"))
    );
    let files = import::apply(&base, d, "imported", GROUP_FILE).expect("applies");
    let spec = vpn_spec::load_sources(&files).expect("the draft loads");
    let op = &spec.operations["CreateVpnAttachment"];
    let tunnels = &op.request["TunnelOptionsSpecification"];
    assert_eq!(
        (tunnels.ty.as_str(), tunnels.encoding),
        ("list", vpn_spec::Encoding::Flattened)
    );
    let Some(Shape::Structure { members, .. }) = spec.shapes.get(tunnels.items.as_deref().unwrap())
    else {
        panic!("the items are a structure");
    };
    assert!(matches!(
        spec.shapes.get(&members["TunnelIkeConfig"].ty),
        Some(Shape::Structure { .. })
    ));
    assert!(op.upstream.iter().any(|u| u.differs == DiffKind::Placement
        && u.path.as_deref() == Some("request.TunnelOptionsSpecification")));
    // Tags are a flattened list of {Key, Value}.
    let tags = &op.request["Tags"];
    assert_eq!(tags.encoding, vpn_spec::Encoding::Flattened);
    // JSON text stays a string.
    assert_eq!(op.request["IkeConfig"].ty, "string");
    audits_clean(&spec, &snap);
}

#[test]
fn shapes_with_the_same_members_are_reused() {
    // Both operations answer tags as `Tags.Tag[]` of {Key, Value}: the spec's own `Tag`
    // shape (the same members) serves both, and no copy of it is drafted.
    let spec = spec();
    assert!(matches!(
        spec.shapes.get("Tag"),
        Some(Shape::Structure { .. })
    ));
    let d = draft(&["DescribeVpcs", "DescribeVSwitches"]);
    assert!(!d.shapes.contains_key("Tag"));
    for (op, list, item) in [
        ("DescribeVpcs", "Vpcs", "Vpc"),
        ("DescribeVSwitches", "VSwitches", "VSwitch"),
    ] {
        let items = d.operations[op].response[list].items.clone().unwrap();
        assert_eq!(items, item);
        let Some(Shape::Structure { members, .. }) = d.shapes.get(&items) else {
            panic!("{op}: {items} is drafted");
        };
        assert_eq!(members["Tags"].items.as_deref(), Some("Tag"), "{op}");
        assert_eq!(members["Tags"].wrapper.as_deref(), Some("Tag"), "{op}");
    }
    // A drafted shape used by two operations is drafted once: no `DescribeVSwitchesTag`.
    assert!(
        d.shapes.keys().all(|k| !k.ends_with("Tag")),
        "{:?}",
        d.shapes.keys()
    );
}

#[test]
fn operations_that_exist_or_are_unknown_are_refused() {
    let (spec, snap) = (spec(), snapshot());
    assert_eq!(
        import::import(&spec, &snap, &["CreateVpnGateway".into()], "imported"),
        Err(ImportError::AlreadyInSpec("CreateVpnGateway".into()))
    );
    assert_eq!(
        import::import(&spec, &snap, &["NoSuchThing".into()], "imported"),
        Err(ImportError::NotUpstream("NoSuchThing".into()))
    );
}

#[test]
fn the_whole_product_imports_loads_and_audits_clean() {
    let snap = snapshot();
    let spec = spec();
    let missing = import::missing_operations(&spec, &snap);
    assert_eq!(missing.len() + spec.operations.len(), snap.operations.len());
    let d = import::import(&spec, &snap, &missing, "imported").expect("imports");
    let (_, all) = applied(d);
    assert_eq!(all.operations.len(), snap.operations.len());
    audits_clean(&all, &snap);
}
