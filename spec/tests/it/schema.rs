//! The JSON Schema of the spec format (`spec/spec.schema.json`) agrees with the real spec
//! files and with the model, and is strict.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use boon::{Compiler, SchemaIndex, Schemas};
use serde_json::{Value, json};
use vpn_spec::canonical::to_canonical_string;
use vpn_spec::{
    Acceptor, AcceptorState, Constraints, DiffKind, Encoding, EnumValue, ErrorSpec, Format,
    MatcherKind, Member, OnDelete, Operation, OperationsFile, Pagination, Range, Relation,
    Resource, Shape, UpstreamDiff, Waiter,
};

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The compiled schema.
fn schema() -> (Schemas, SchemaIndex) {
    let path = spec_dir().join("spec.schema.json");
    let text = std::fs::read_to_string(&path).expect("read spec.schema.json");
    let json: Value = serde_json::from_str(&text).expect("spec.schema.json is JSON");
    let mut schemas = Schemas::new();
    let mut compiler = Compiler::new();
    let url = "file:///spec/spec.schema.json";
    compiler.add_resource(url, json).expect("add schema");
    let index = compiler
        .compile(url, &mut schemas)
        .unwrap_or_else(|e| panic!("spec.schema.json does not compile: {e:#}"));
    (schemas, index)
}

/// Validation errors of `instance`, as text (`None` when valid).
fn errors(instance: &Value) -> Option<String> {
    let (schemas, index) = schema();
    schemas
        .validate(instance, index)
        .err()
        .map(|e| format!("{e}"))
}

fn real_spec_files() -> Vec<PathBuf> {
    let files = vpn_spec::layout::files(&spec_dir()).expect("the spec directory lists");
    files
        .into_iter()
        .map(|(relative, _)| spec_dir().join(relative))
        .collect()
}

#[test]
fn every_real_spec_file_conforms_to_the_schema() {
    let files = real_spec_files();
    assert!(
        files.len() >= 2,
        "expected the service file and operations files"
    );
    let mut failures = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read spec file");
        let instance: Value = serde_json::from_str(&text).expect("spec file is JSON");
        if let Some(e) = errors(&instance) {
            failures.push(format!("{}:\n{e}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn schema_rejects_an_unknown_member_key() {
    let file = json!({
        "operations": {},
        "shapes": {
            "Thing": {
                "type": "structure",
                "description": "A thing.",
                "members": {
                    "Id": { "type": "string", "description": "The ID.", "requird": true }
                }
            }
        }
    });
    let e = errors(&file).expect("an unknown key must be rejected");
    assert!(e.contains("requird"), "error does not name the key: {e}");
}

#[test]
fn schema_rejects_an_unknown_top_level_key_in_either_file_kind() {
    assert!(errors(&json!({ "operations": {}, "extra": 1 })).is_some());
    let mut service: Value = serde_json::from_str(
        &std::fs::read_to_string(spec_dir().join("service.json")).expect("read service.json"),
    )
    .expect("service.json is JSON");
    assert!(errors(&service).is_none());
    service["service"]["colour"] = json!("blue");
    let e = errors(&service).expect("an unknown service key must be rejected");
    assert!(e.contains("colour"), "error does not name the key: {e}");
}

#[test]
fn schema_rejects_an_id_prefix_without_an_identifier() {
    let resource = |extra: Value| {
        let mut r =
            json!({"description": "A thing.", "shape": "Thing", "not_found": "Thing.NotFound"});
        r.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({ "resources": { "Thing": r } })
    };
    assert!(errors(&resource(json!({}))).is_none());
    assert!(
        errors(&resource(
            json!({"identifier": "ThingId", "id_prefix": "thg-"})
        ))
        .is_none()
    );
    assert!(errors(&resource(json!({"id_prefix": "thg-"}))).is_some());
    assert!(
        errors(&resource(
            json!({"identifier": "ThingId", "id_prefix": "Thg"})
        ))
        .is_some()
    );
    assert!(
        errors(&resource(
            json!({"parent": {"resource": "Box", "on_delete": "ignore"}})
        ))
        .is_some()
    );
}

#[test]
fn schema_rejects_an_error_matcher_with_a_path() {
    let file = json!({
        "waiters": {
            "ThingGone": {
                "description": "Waits.",
                "operation": "DescribeThing",
                "min_delay_ms": 1,
                "max_delay_ms": 2,
                "max_wait_secs": 3,
                "acceptors": [
                    { "state": "success", "matcher": "error", "path": "Status", "expected": ["X"] }
                ]
            }
        }
    });
    assert!(errors(&file).is_some());
}

/// A member with every optional key set.
fn full_member(ty: &str) -> Member {
    Member {
        ty: ty.to_string(),
        items: None,
        wrapper: None,
        required: true,
        description: "A member.".into(),
        example: Some("x".into()),
        default: Some(json!("x")),
        encoding: Encoding::Plain,
        format: Some(Format::Ipv4),
        constraints: Some(Constraints {
            values: vec![1],
            ranges: vec![Range { min: 1, max: 2 }],
            forbidden_values: vec![3],
            min_length: Some(1),
            max_length: Some(2),
            pattern: Some("^a$".into()),
            pattern_description: Some("an a".into()),
            forbidden_prefixes: vec!["http://".into()],
            ascii: true,
        }),
        secret: true,
        notes: vec!["A note.".into()],
        upstream: vec![full_upstream()],
    }
}

/// An acknowledgement with every optional key set.
fn full_upstream() -> UpstreamDiff {
    UpstreamDiff {
        differs: DiffKind::EnumValueMissing,
        path: Some("Things[].Mode".into()),
        value: Some("slow".into()),
        reason: "The service refuses it.".into(),
    }
}

/// The schema accepts everything the model can write: a file using every key.
#[test]
fn schema_accepts_the_canonical_form_of_a_file_using_every_key() {
    let list = Member {
        items: Some("Thing".into()),
        wrapper: Some("Thing".into()),
        encoding: Encoding::Flattened,
        format: Some(Format::EpochMillis),
        ..full_member("list")
    };
    let error = ErrorSpec {
        status: 404,
        code: "Thing.NotFound".into(),
        message: "Not found.".into(),
        description: "No such thing.".into(),
        notes: vec!["A note.".into()],
    };
    let operation = Operation {
        group: "things".into(),
        summary: "Does things.".into(),
        description: "Does things.".into(),
        read_only: true,
        idempotency_token: Some("ClientToken".into()),
        dry_run: Some("DryRun".into()),
        request: BTreeMap::from([
            ("ClientToken".to_string(), full_member("string")),
            ("DryRun".to_string(), full_member("boolean")),
            ("Things".to_string(), list.clone()),
        ]),
        response: BTreeMap::from([("Things".to_string(), list)]),
        errors: vec![error],
        pagination: Some(Pagination::PageNumber {
            page_number: "PageNumber".into(),
            page_size: "PageSize".into(),
            total_count: "TotalCount".into(),
            items: "Things".into(),
            max_page_size: 50,
            default_page_size: 10,
        }),
        notes: vec!["A note.".into()],
        upstream: vec![full_upstream()],
    };
    let completion = Operation {
        pagination: Some(Pagination::Completion {
            page_number: "PageNumber".into(),
            page_size: "PageSize".into(),
            count: "Count".into(),
            is_completed: "IsCompleted".into(),
            items: "Data.Logs".into(),
            max_page_size: 50,
            default_page_size: 10,
        }),
        ..operation.clone()
    };
    let token = Operation {
        pagination: Some(Pagination::NextToken {
            request_token: "NextToken".into(),
            page_size: "MaxResults".into(),
            response_token: "NextToken".into(),
            total_count: Some("TotalCount".into()),
            items: "Things".into(),
            max_page_size: 20,
            default_page_size: 10,
            invalid_token_error: Some("InvalidParameter".into()),
        }),
        ..operation.clone()
    };
    let file = OperationsFile {
        schema: Some("../spec.schema.json".into()),
        operations: BTreeMap::from([
            ("DescribeThings".to_string(), operation),
            ("DescribeLogs".to_string(), completion),
            ("ListThings".to_string(), token),
        ]),
        shapes: BTreeMap::from([
            (
                "Thing".to_string(),
                Shape::Structure {
                    description: "A thing.".into(),
                    members: BTreeMap::from([(
                        "Config".to_string(),
                        Member {
                            encoding: Encoding::JsonString,
                            ..full_member("ThingConfig")
                        },
                    )]),
                    notes: vec!["A note.".into()],
                    upstream: vec![full_upstream()],
                },
            ),
            (
                "ThingMode".to_string(),
                Shape::Enum {
                    description: "A mode.".into(),
                    values: vec![EnumValue {
                        value: "fast".into(),
                        description: "Fast.".into(),
                    }],
                    notes: vec!["A note.".into()],
                    upstream: vec![full_upstream()],
                },
            ),
        ]),
        waiters: BTreeMap::from([(
            "ThingReady".to_string(),
            Waiter {
                description: "Waits.".into(),
                operation: "DescribeThings".into(),
                parameters: vec![],
                min_delay_ms: 1,
                max_delay_ms: 2,
                max_wait_secs: 3,
                acceptors: vec![
                    Acceptor {
                        state: AcceptorState::Success,
                        matcher: MatcherKind::Path,
                        path: Some("Status".into()),
                        expected: vec!["ready".into()],
                    },
                    Acceptor {
                        state: AcceptorState::Failure,
                        matcher: MatcherKind::Error,
                        path: None,
                        expected: vec!["Thing.NotFound".into()],
                    },
                    Acceptor {
                        state: AcceptorState::Retry,
                        matcher: MatcherKind::Path,
                        path: Some("Status".into()),
                        expected: vec!["busy".into()],
                    },
                ],
            },
        )]),
        resources: BTreeMap::from([(
            "Thing".to_string(),
            Resource {
                description: "A thing.".into(),
                shape: "Thing".into(),
                identifier: Some("ThingId".into()),
                id_prefix: Some("thg-".into()),
                parent: Some(Relation {
                    resource: "Box".into(),
                    on_delete: OnDelete::Cascade,
                }),
                references: BTreeMap::from([(
                    "ModeId".to_string(),
                    Relation {
                        resource: "Mode".into(),
                        on_delete: OnDelete::Refuse,
                    },
                )]),
                aliases: BTreeMap::from([("Settings".to_string(), "Config".to_string())]),
                not_found: "Thing.NotFound".into(),
                created: Some("CreateTime".into()),
                create: Some("CreateThing".into()),
                read: Some("DescribeThing".into()),
                list: Some("DescribeThings".into()),
                update: vec!["ModifyThing".into()],
                delete: Some("DeleteThing".into()),
                operations: vec!["RestartThing".into()],
                notes: vec!["A note.".into()],
            },
        )]),
    };
    let instance: Value =
        serde_json::from_str(&to_canonical_string(&file)).expect("canonical text is JSON");
    if let Some(e) = errors(&instance) {
        panic!("the schema rejects what the model writes:\n{e}");
    }
}

/// The schema's list of difference kinds is the model's, in the same order.
#[test]
fn schema_lists_every_upstream_difference_kind() {
    let text = std::fs::read_to_string(spec_dir().join("spec.schema.json")).expect("read schema");
    let json: Value = serde_json::from_str(&text).expect("schema is JSON");
    let listed = &json["$defs"]["Upstream"]["items"]["properties"]["differs"]["enum"];
    let model: Vec<Value> = DiffKind::ALL
        .iter()
        .map(|k| serde_json::to_value(k).expect("kinds serialise"))
        .collect();
    assert_eq!(listed, &Value::Array(model));
    for k in DiffKind::ALL {
        assert_eq!(
            serde_json::to_value(k).expect("serialises"),
            json!(k.as_str())
        );
    }
}
