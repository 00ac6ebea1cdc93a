//! The spec loader rejects broken specs with messages naming the file, the JSON path and
//! the problem, and accepts the real spec.
//!
//! Each test starts from a small valid spec (`SERVICE` + `THINGS`), breaks it with a few
//! edits, and asserts the exact list of errors.

use std::path::Path;

use serde_json::{Value, json};
use vpn_spec::{SourceFile, Spec, load_dir, load_sources};

const SERVICE_FILE: &str = "spec/service.json";
const THINGS_FILE: &str = "spec/operations/things.json";

/// A minimal valid service file.
const SERVICE: &str = r#"{
  "service": {
    "name": "Thing",
    "title": "Things",
    "api_version": "2020-01-01",
    "protocol": "rpc",
    "description": "Manages things.",
    "region_parameter": "RegionId",
    "endpoints": { "default_region": "cn-hangzhou", "pattern": "thing.{region}.example.com", "regional": {} },
    "http_methods": ["GET"],
    "signature_versions": {
      "v1": { "algorithm": "HMAC-SHA1", "version": "1.0", "default": true, "description": "Signature V1." }
    },
    "common_parameters": {
      "Action": { "type": "string", "required": true, "description": "The operation." }
    },
    "common_errors": [
      { "status": 400, "code": "Throttling", "message": "Too many requests.", "description": "Slow down." }
    ],
    "groups": { "things": { "title": "Things", "description": "Thing operations." } }
  }
}"#;

/// A minimal valid operations file using every feature once.
const THINGS: &str = r#"{
  "operations": {
    "CreateThing": {
      "group": "things",
      "summary": "Creates a thing.",
      "description": "Creates a thing.",
      "idempotency_token": "ClientToken",
      "request": {
        "ClientToken": { "type": "string", "description": "The idempotency token.", "constraints": { "max_length": 64, "ascii": true } },
        "Config": { "type": "ThingConfig", "encoding": "json_string", "description": "The configuration." },
        "Mode": { "type": "ThingMode", "description": "The mode.", "default": "fast", "example": "slow" },
        "Name": {
          "type": "string",
          "description": "The name.",
          "constraints": { "min_length": 2, "max_length": 128, "pattern": "^[A-Za-z\u4e00-\u9fa5].*$", "pattern_description": "start with a letter or a Chinese character" }
        },
        "RegionId": { "type": "string", "required": true, "description": "The region." },
        "Size": { "type": "integer", "description": "The size.", "default": 5, "example": "10", "constraints": { "values": [5, 10] } }
      },
      "response": {
        "RequestId": { "type": "string", "required": true, "description": "The request ID." },
        "ThingId": { "type": "string", "description": "The thing ID." }
      },
      "errors": [
        { "status": 404, "code": "Thing.NotFound", "message": "The thing does not exist.", "description": "No such thing." }
      ]
    },
    "DescribeThing": {
      "group": "things",
      "summary": "Describes a thing.",
      "description": "Describes a thing.",
      "read_only": true,
      "request": {
        "RegionId": { "type": "string", "required": true, "description": "The region." },
        "ThingId": { "type": "string", "required": true, "description": "The thing ID." }
      },
      "response": {
        "RequestId": { "type": "string", "required": true, "description": "The request ID." },
        "Status": { "type": "ThingStatus", "description": "The status." }
      },
      "errors": [
        { "status": 404, "code": "Thing.NotFound", "message": "The thing does not exist.", "description": "No such thing." }
      ]
    },
    "DescribeThings": {
      "group": "things",
      "summary": "Lists things.",
      "description": "Lists things, page by page.",
      "read_only": true,
      "request": {
        "PageNumber": { "type": "integer", "description": "The page number." },
        "PageSize": { "type": "integer", "description": "The page size." },
        "RegionId": { "type": "string", "required": true, "description": "The region." }
      },
      "response": {
        "RequestId": { "type": "string", "required": true, "description": "The request ID." },
        "Things": { "type": "list", "items": "Thing", "wrapper": "Thing", "description": "The things." },
        "TotalCount": { "type": "integer", "description": "How many things there are." }
      },
      "pagination": {
        "style": "page_number", "page_number": "PageNumber", "page_size": "PageSize", "total_count": "TotalCount",
        "items": "Things", "max_page_size": 50, "default_page_size": 10
      }
    }
  },
  "shapes": {
    "Thing": {
      "type": "structure",
      "description": "A thing.",
      "members": {
        "CreateTime": { "type": "long", "format": "epoch_millis", "description": "When it was created." },
        "Status": { "type": "ThingStatus", "description": "The status." },
        "ThingId": { "type": "string", "description": "The thing ID." }
      }
    },
    "ThingConfig": {
      "type": "structure",
      "description": "How a thing is configured.",
      "members": { "Psk": { "type": "string", "secret": true, "description": "The pre-shared key." } }
    },
    "ThingMode": {
      "type": "enum",
      "description": "How fast a thing is.",
      "values": [ { "value": "fast", "description": "Fast." }, { "value": "slow", "description": "Slow." } ]
    },
    "ThingStatus": {
      "type": "enum",
      "description": "The life cycle of a thing.",
      "values": [ { "value": "active", "description": "Ready." }, { "value": "deleting", "description": "Going away." } ]
    }
  },
  "waiters": {
    "ThingActive": {
      "description": "Waits until a thing is active.",
      "operation": "DescribeThing",
      "min_delay_ms": 1000,
      "max_delay_ms": 10000,
      "max_wait_secs": 600,
      "acceptors": [
        { "state": "success", "matcher": "path", "path": "Status", "expected": ["active"] },
        { "state": "failure", "matcher": "error", "expected": ["Thing.NotFound"] }
      ]
    }
  }
}"#;

/// A valid `resources` section for the base operations file (added by the resource
/// tests, so that the other tests' edits do not break it too).
fn thing_resource() -> (&'static str, Value) {
    (
        "/resources",
        json!({
            "Thing": {
                "description": "A thing.",
                "shape": "Thing",
                "identifier": "ThingId",
                "id_prefix": "thg-",
                "not_found": "Thing.NotFound",
                "created": "CreateTime",
                "create": "CreateThing",
                "read": "DescribeThing",
                "list": "DescribeThings"
            }
        }),
    )
}

/// [`assert_errors`] on the base spec with [`thing_resource`] and then `things` edits.
#[track_caller]
fn assert_resource_errors(things: &[(&str, Value)], expected: &[&str]) {
    let mut edits = vec![thing_resource()];
    edits.extend_from_slice(things);
    assert_errors(&edits, expected);
}

/// `text` with each `(JSON pointer, value)` edit applied; a `null` value removes the key.
fn edit(text: &str, edits: &[(&str, Value)]) -> String {
    let mut doc: Value = serde_json::from_str(text).expect("base spec is JSON");
    for (pointer, value) in edits {
        let (parent, key) = pointer.rsplit_once('/').expect("pointer has a parent");
        let parent = doc
            .pointer_mut(parent)
            .unwrap_or_else(|| panic!("no parent for {pointer}"));
        match (parent, value) {
            (Value::Object(map), Value::Null) => {
                map.remove(key)
                    .unwrap_or_else(|| panic!("nothing to remove at {pointer}"));
            }
            (Value::Object(map), value) => {
                map.insert(key.to_string(), value.clone());
            }
            (Value::Array(items), value) => {
                let i: usize = key.parse().expect("array index");
                items[i] = value.clone();
            }
            _ => panic!("cannot edit {pointer}"),
        }
    }
    serde_json::to_string_pretty(&doc).expect("serialise")
}

fn load(files: &[(&str, String)]) -> Result<Spec, Vec<String>> {
    let sources: Vec<SourceFile> = files
        .iter()
        .map(|(path, text)| SourceFile {
            path: path.to_string(),
            text: text.clone(),
        })
        .collect();
    load_sources(&sources).map_err(|errors| errors.iter().map(ToString::to_string).collect())
}

/// Errors of the base spec with `service` and `things` edits applied.
fn errors_with(service: &[(&str, Value)], things: &[(&str, Value)]) -> Vec<String> {
    match load(&[
        (SERVICE_FILE, edit(SERVICE, service)),
        (THINGS_FILE, edit(THINGS, things)),
    ]) {
        Ok(_) => Vec::new(),
        Err(errors) => errors,
    }
}

/// Asserts that the base spec with `things` edits gives exactly `expected`.
#[track_caller]
fn assert_errors(things: &[(&str, Value)], expected: &[&str]) {
    assert_eq!(errors_with(&[], things), expected);
}

#[test]
fn base_spec_is_valid() {
    assert_eq!(errors_with(&[], &[]), Vec::<String>::new());
}

#[test]
fn unknown_key_is_a_parse_error_with_its_json_path() {
    let things = r#"{"shapes": {"Thing": {"type": "structure", "description": "A thing.", "members": {"Id": {"type": "string", "description": "The ID.", "requird": true}}}}}"#;
    let errors = load(&[
        (SERVICE_FILE, SERVICE.to_string()),
        (THINGS_FILE, things.to_string()),
    ])
    .unwrap_err();
    assert_eq!(
        errors,
        [
            "spec/operations/things.json: shapes.Thing.members.Id.requird: unknown field `requird`, \
             expected one of `type`, `items`, `wrapper`, `required`, `description`, `example`, \
             `default`, `encoding`, `format`, `constraints`, `secret`, `notes`, `upstream` at line 1 column 142"
        ]
    );
}

#[test]
fn duplicate_names_across_files_are_rejected() {
    let other = r#"{"shapes": {"ThingMode": {"type": "enum", "description": "Again.", "values": [{"value": "x", "description": "X."}]}}}"#;
    let errors = load(&[
        (SERVICE_FILE, SERVICE.to_string()),
        (THINGS_FILE, THINGS.to_string()),
        ("spec/operations/zz.json", other.to_string()),
    ])
    .unwrap_err();
    assert_eq!(
        errors,
        [
            "spec/operations/zz.json: shapes.ThingMode: duplicate name \"ThingMode\" \
             (already defined in spec/operations/things.json)"
        ]
    );
}

#[test]
fn unknown_types_and_dangling_shape_references() {
    assert_errors(
        &[
            ("/operations/CreateThing/request/Size/type", json!("integr")),
            (
                "/operations/CreateThing/request/Mode/type",
                json!("ThingMod"),
            ),
            (
                "/shapes/Thing/members/Tags",
                json!({"type": "list", "items": "Tag", "description": "Tags."}),
            ),
        ],
        &[
            "spec/operations/things.json: operations.CreateThing.request.Mode.type: unknown shape \"ThingMod\"",
            "spec/operations/things.json: operations.CreateThing.request.Size.type: unknown type \"integr\"",
            "spec/operations/things.json: shapes.Thing.members.Tags.items: unknown shape \"Tag\"",
            "spec/operations/things.json: shapes.ThingMode: unused shape \"ThingMode\": no operation refers to it",
        ],
    );
}

#[test]
fn lists_need_items_and_only_lists_take_items_or_wrapper() {
    assert_errors(
        &[
            (
                "/operations/CreateThing/response/Tags",
                json!({"type": "list", "description": "Tags."}),
            ),
            (
                "/operations/CreateThing/response/ThingId/items",
                json!("string"),
            ),
            (
                "/operations/CreateThing/response/ThingId/wrapper",
                json!("Thing"),
            ),
            (
                "/operations/CreateThing/request/Tags",
                json!({"type": "list", "items": "string", "wrapper": "Tag", "encoding": "flattened", "description": "Tags."}),
            ),
        ],
        &[
            "spec/operations/things.json: operations.CreateThing.request.Tags.wrapper: \"wrapper\" is for response lists only",
            "spec/operations/things.json: operations.CreateThing.response.Tags: a \"list\" member needs \"items\"",
            "spec/operations/things.json: operations.CreateThing.response.ThingId.items: \"items\" needs type \"list\", not \"string\"",
            "spec/operations/things.json: operations.CreateThing.response.ThingId.wrapper: \"wrapper\" needs type \"list\", not \"string\"",
        ],
    );
}

#[test]
fn operations_belong_to_a_known_group_and_read_only_matches_their_kind() {
    assert_errors(
        &[
            ("/operations/CreateThing/group", json!("thingz")),
            ("/operations/CreateThing/read_only", json!(true)),
            ("/operations/DescribeThing/read_only", json!(false)),
        ],
        &[
            "spec/operations/things.json: operations.CreateThing.group: unknown group \"thingz\" (not a key of service.groups)",
            "spec/operations/things.json: operations.CreateThing.read_only: only Describe*, Download* and List* operations are read_only",
            "spec/operations/things.json: operations.DescribeThing.read_only: Describe*, Download* and List* operations only read: set read_only to true",
        ],
    );
}

#[test]
fn idempotency_token_names_a_string_request_member() {
    assert_errors(
        &[("/operations/CreateThing/idempotency_token", json!("Token"))],
        &[
            "spec/operations/things.json: operations.CreateThing.idempotency_token: no request member \"Token\"",
        ],
    );
    assert_errors(
        &[("/operations/CreateThing/idempotency_token", json!("Size"))],
        &[
            "spec/operations/things.json: operations.CreateThing.idempotency_token: request member \"Size\" is \"integer\", not \"string\"",
        ],
    );
    assert_errors(
        &[("/operations/CreateThing/idempotency_token", Value::Null)],
        &[
            "spec/operations/things.json: operations.CreateThing.request.ClientToken: a ClientToken parameter needs \"idempotency_token\": \"ClientToken\"",
        ],
    );
}

#[test]
fn pagination_points_at_members_of_the_right_types() {
    assert_errors(
        &[
            (
                "/operations/DescribeThings/pagination/page_size",
                json!("Size"),
            ),
            (
                "/operations/DescribeThings/pagination/total_count",
                json!("Things"),
            ),
            (
                "/operations/DescribeThings/pagination/items",
                json!("TotalCount"),
            ),
            (
                "/operations/DescribeThings/pagination/default_page_size",
                json!(100),
            ),
        ],
        &[
            "spec/operations/things.json: operations.DescribeThings.pagination.total_count: response member \"Things\" is \"list\", not \"integer\" or \"long\"",
            "spec/operations/things.json: operations.DescribeThings.pagination.page_size: no request member \"Size\"",
            "spec/operations/things.json: operations.DescribeThings.pagination.items: \"TotalCount\" is \"integer\", not a list",
            "spec/operations/things.json: operations.DescribeThings.pagination.default_page_size: default_page_size 100 exceeds max_page_size 50",
        ],
    );
    assert_errors(
        &[
            (
                "/operations/DescribeThings/pagination/items",
                json!("Things.Status"),
            ),
            (
                "/operations/DescribeThings/pagination/max_page_size",
                json!(0),
            ),
        ],
        &[
            "spec/operations/things.json: operations.DescribeThings.pagination.items: \"Things.Status\" does not resolve in the response: \"Things\" is a list; a path cannot cross a list",
            "spec/operations/things.json: operations.DescribeThings.pagination.max_page_size: must be at least 1",
            "spec/operations/things.json: operations.DescribeThings.pagination.default_page_size: default_page_size 10 exceeds max_page_size 0",
        ],
    );
}

/// A token-paged operation, added by the next-token tests.
fn list_things() -> (&'static str, Value) {
    (
        "/operations/ListThings",
        json!({
            "group": "things",
            "summary": "Lists things by token.",
            "description": "Lists things; each answer carries the next page's token.",
            "read_only": true,
            "request": {
                "MaxResults": { "type": "integer", "description": "The page size." },
                "NextToken": { "type": "string", "description": "The token of the page." },
                "RegionId": { "type": "string", "required": true, "description": "The region." }
            },
            "response": {
                "NextToken": { "type": "string", "description": "The next page's token." },
                "RequestId": { "type": "string", "required": true, "description": "The request ID." },
                "Things": { "type": "list", "items": "Thing", "description": "The things." },
                "TotalCount": { "type": "integer", "description": "How many things there are." }
            },
            "errors": [
                { "status": 400, "code": "InvalidNextToken", "message": "Bad token.", "description": "A token no answer gave." }
            ],
            "pagination": {
                "style": "next_token", "request_token": "NextToken", "page_size": "MaxResults",
                "response_token": "NextToken", "total_count": "TotalCount", "items": "Things",
                "max_page_size": 20, "default_page_size": 10, "invalid_token_error": "InvalidNextToken"
            }
        }),
    )
}

#[test]
fn next_token_pagination_names_members_of_the_right_types() {
    assert_errors(&[list_things()], &[]);
    assert_errors(
        &[
            list_things(),
            (
                "/operations/ListThings/pagination/request_token",
                json!("Token"),
            ),
            (
                "/operations/ListThings/pagination/response_token",
                json!("TotalCount"),
            ),
            (
                "/operations/ListThings/pagination/total_count",
                json!("NextToken"),
            ),
            (
                "/operations/ListThings/pagination/page_size",
                json!("NextToken"),
            ),
            (
                "/operations/ListThings/pagination/invalid_token_error",
                json!("Thing.NotFound"),
            ),
        ],
        &[
            "spec/operations/things.json: operations.ListThings.pagination.request_token: no request member \"Token\"",
            "spec/operations/things.json: operations.ListThings.pagination.response_token: response member \"TotalCount\" is \"integer\", not \"string\"",
            "spec/operations/things.json: operations.ListThings.pagination.total_count: response member \"NextToken\" is \"string\", not \"integer\" or \"long\"",
            "spec/operations/things.json: operations.ListThings.pagination.invalid_token_error: \"Thing.NotFound\" is neither a documented error of this operation nor a common error",
            "spec/operations/things.json: operations.ListThings.pagination.page_size: request member \"NextToken\" is \"string\", not \"integer\" or \"long\"",
        ],
    );
    // A common error (the base service's only one) is accepted; the style's own keys are
    // required.
    assert_errors(
        &[
            list_things(),
            (
                "/operations/ListThings/pagination/invalid_token_error",
                json!("Throttling"),
            ),
        ],
        &[],
    );
    let missing = errors_with(
        &[],
        &[
            list_things(),
            (
                "/operations/ListThings/pagination/response_token",
                Value::Null,
            ),
        ],
    );
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(
        missing[0].starts_with("spec/operations/things.json")
            && missing[0].contains("operations.ListThings.pagination")
            && missing[0].contains("response_token"),
        "{missing:?}"
    );
}

#[test]
fn waiters_are_checked_against_their_operation() {
    assert_errors(
        &[("/waiters/ThingActive/operation", json!("DescribeThingz"))],
        &[
            "spec/operations/things.json: waiters.ThingActive.operation: unknown operation \"DescribeThingz\"",
        ],
    );
    assert_errors(
        &[
            ("/waiters/ThingActive/min_delay_ms", json!(20000)),
            (
                "/waiters/ThingActive/acceptors",
                json!([
                    {"state": "success", "matcher": "path", "expected": ["active"]},
                    {"state": "failure", "matcher": "error", "path": "Status", "expected": ["Thing.NotFound"]},
                    {"state": "retry", "matcher": "path", "path": "Stat", "expected": []},
                    {"state": "failure", "matcher": "path", "path": "Status", "expected": ["actve"]},
                    {"state": "failure", "matcher": "error", "expected": ["Thing.Gone"]}
                ]),
            ),
        ],
        &[
            "spec/operations/things.json: waiters.ThingActive.min_delay_ms: min_delay_ms 20000 exceeds max_delay_ms 10000",
            "spec/operations/things.json: waiters.ThingActive.acceptors[0]: a \"path\" matcher needs a \"path\"",
            "spec/operations/things.json: waiters.ThingActive.acceptors[1].path: an \"error\" matcher takes no \"path\"",
            "spec/operations/things.json: waiters.ThingActive.acceptors[2].expected: must list at least one value",
            "spec/operations/things.json: waiters.ThingActive.acceptors[2].path: \"Stat\" does not resolve in the response of DescribeThing: no member \"Stat\"",
            "spec/operations/things.json: waiters.ThingActive.acceptors[3].expected[0]: \"actve\" is not a value of enum \"ThingStatus\"",
            "spec/operations/things.json: waiters.ThingActive.acceptors[4].expected[0]: \"Thing.Gone\" is neither an error of DescribeThing nor a common error",
        ],
    );
}

#[test]
fn waiter_parameters_are_optional_request_members_of_the_operation() {
    assert_errors(
        &[(
            "/waiters/ThingActive/parameters",
            json!(["Nope", "ThingId"]),
        )],
        &[
            "spec/operations/things.json: waiters.ThingActive.parameters[0]: \"Nope\" is not a request member of DescribeThing",
            "spec/operations/things.json: waiters.ThingActive.parameters[1]: \"ThingId\" is required: the waiter takes it anyway",
        ],
    );
}

#[test]
fn every_response_has_a_required_string_request_id() {
    assert_errors(
        &[
            ("/operations/CreateThing/response/RequestId", Value::Null),
            (
                "/operations/DescribeThing/response/RequestId/required",
                json!(false),
            ),
            (
                "/operations/DescribeThings/response/RequestId/type",
                json!("long"),
            ),
        ],
        &[
            "spec/operations/things.json: operations.CreateThing.response: missing \"RequestId\": every response has a required string RequestId",
            "spec/operations/things.json: operations.DescribeThing.response.RequestId.required: RequestId must be required",
            "spec/operations/things.json: operations.DescribeThings.response.RequestId.type: RequestId must be a \"string\", not \"long\"",
        ],
    );
}

#[test]
fn impossible_constraints_are_rejected() {
    let name = "/operations/CreateThing/request/Name/constraints";
    let size = "/operations/CreateThing/request/Size/constraints";
    assert_errors(
        &[
            (&format!("{name}/min_length"), json!(200)),
            (&format!("{name}/values"), json!([1])),
            (&format!("{name}/pattern"), json!("^[a-$")),
            (&format!("{size}/ranges"), json!([{"min": 9, "max": 1}])),
            (&format!("{size}/forbidden_values"), json!([5, 10])),
            (&format!("{size}/max_length"), json!(3)),
        ],
        &[
            "spec/operations/things.json: operations.CreateThing.request.Name.constraints.values: numeric constraint on a \"string\" member",
            "spec/operations/things.json: operations.CreateThing.request.Name.constraints.min_length: min_length 200 > max_length 128",
            "spec/operations/things.json: operations.CreateThing.request.Name.constraints.pattern: invalid regex: invalid range in character class",
            "spec/operations/things.json: operations.CreateThing.request.Size.constraints.max_length: string constraint on a \"integer\" member",
            "spec/operations/things.json: operations.CreateThing.request.Size.constraints.ranges[0]: empty range: min 9 > max 1",
            "spec/operations/things.json: operations.CreateThing.request.Size.constraints.forbidden_values: every allowed value is forbidden",
            "spec/operations/things.json: operations.CreateThing.request.Size.default: default 5 is a forbidden value",
        ],
    );
}

#[test]
fn defaults_and_examples_fit_the_member() {
    assert_errors(
        &[
            ("/operations/CreateThing/request/Size/default", json!(7)),
            ("/operations/CreateThing/request/Size/example", json!("ten")),
            (
                "/operations/CreateThing/request/Mode/default",
                json!("medium"),
            ),
            (
                "/operations/CreateThing/request/Mode/example",
                json!("quick"),
            ),
            ("/operations/CreateThing/request/Name/default", json!("x")),
            (
                "/operations/CreateThing/request/ClientToken/default",
                json!(64),
            ),
            (
                "/operations/CreateThing/request/RegionId/default",
                json!("cn-hangzhou"),
            ),
        ],
        &[
            "spec/operations/things.json: operations.CreateThing.request.ClientToken.default: default 64 is not a string",
            "spec/operations/things.json: operations.CreateThing.request.Mode.default: default \"medium\" is not a value of enum \"ThingMode\"",
            "spec/operations/things.json: operations.CreateThing.request.Mode.example: example \"quick\" is not a value of enum \"ThingMode\"",
            "spec/operations/things.json: operations.CreateThing.request.Name.default: default \"x\" is shorter than min_length 2",
            "spec/operations/things.json: operations.CreateThing.request.RegionId.default: a required member cannot have a default",
            "spec/operations/things.json: operations.CreateThing.request.Size.default: default 7 is not among the allowed values and ranges",
            "spec/operations/things.json: operations.CreateThing.request.Size.example: example \"ten\" is not a valid \"integer\"",
        ],
    );
}

#[test]
fn encodings_secrets_and_formats_fit_their_types() {
    assert_errors(
        &[
            (
                "/operations/CreateThing/request/Config/encoding",
                Value::Null,
            ),
            (
                "/operations/CreateThing/request/Size/encoding",
                json!("json_string"),
            ),
            (
                "/operations/CreateThing/request/Name/encoding",
                json!("flattened"),
            ),
            ("/operations/CreateThing/request/Size/secret", json!(true)),
            (
                "/operations/CreateThing/response/ThingId/encoding",
                json!("json_string"),
            ),
            ("/shapes/Thing/members/CreateTime/type", json!("integer")),
        ],
        &[
            "spec/operations/things.json: operations.CreateThing.request.Config.encoding: a structure parameter needs \"json_string\" encoding",
            "spec/operations/things.json: operations.CreateThing.request.Name.encoding: \"flattened\" needs type \"list\" or a structure, not \"string\"",
            "spec/operations/things.json: operations.CreateThing.request.Size.encoding: \"json_string\" needs a structure type, not \"integer\"",
            "spec/operations/things.json: operations.CreateThing.request.Size.secret: only \"string\" members can be secret, not \"integer\"",
            "spec/operations/things.json: operations.CreateThing.response.ThingId.encoding: \"encoding\" applies to request parameters only",
            "spec/operations/things.json: shapes.Thing.members.CreateTime.format: \"epoch_millis\" needs type \"long\", not \"integer\"",
        ],
    );
}

#[test]
fn enums_have_unique_non_empty_values() {
    assert_errors(
        &[
            (
                "/shapes/ThingMode/values",
                json!([
                    {"value": "fast", "description": "Fast."},
                    {"value": "slow", "description": "Slow."},
                    {"value": "fast", "description": "Fast again."},
                    {"value": "", "description": "Nothing."}
                ]),
            ),
            (
                "/operations/CreateThing/request/Flavor",
                json!({"type": "Flavor", "description": "The flavour."}),
            ),
            (
                "/shapes/Flavor",
                json!({"type": "enum", "description": "Flavours.", "values": []}),
            ),
        ],
        &[
            "spec/operations/things.json: shapes.Flavor.values: an enum needs at least one value",
            "spec/operations/things.json: shapes.ThingMode.values[2].value: duplicate enum value \"fast\" (also at shapes.ThingMode.values[0])",
            "spec/operations/things.json: shapes.ThingMode.values[3].value: empty enum value",
        ],
    );
}

#[test]
fn error_codes_are_unique_without_whitespace_and_not_common() {
    let error = |code: &str| json!({"status": 400, "code": code, "message": "Bad.", "description": "Bad thing."});
    assert_errors(
        &[(
            "/operations/CreateThing/errors",
            json!([
                error("Thing.NotFound"),
                error("Thing. NotFound"),
                error("Thing.NotFound"),
                error("Throttling"),
                {"status": 200, "code": "Thing.Ok", "message": "Ok.", "description": "Fine."}
            ]),
        )],
        &[
            "spec/operations/things.json: operations.CreateThing.errors[1].code: error code \"Thing. NotFound\" contains whitespace",
            "spec/operations/things.json: operations.CreateThing.errors[2].code: duplicate error code \"Thing.NotFound\" (also at operations.CreateThing.errors[0])",
            "spec/operations/things.json: operations.CreateThing.errors[3].code: \"Throttling\" is a common error (service.common_errors): do not repeat it",
            "spec/operations/things.json: operations.CreateThing.errors[4].status: HTTP status 200 is not an error status (4xx or 5xx)",
        ],
    );
}

#[test]
fn text_is_english_and_not_empty_but_patterns_may_hold_cjk() {
    let errors = errors_with(
        &[("/service/groups/things/description", json!("东西"))],
        &[
            (
                "/operations/CreateThing/description",
                json!("创建一个东西。"),
            ),
            ("/operations/CreateThing/summary", json!(" ")),
            (
                "/shapes/ThingMode/values/1",
                json!({"value": "slow", "description": ""}),
            ),
            (
                "/operations/CreateThing/request/Name/constraints/pattern_description",
                json!("以字母开头"),
            ),
        ],
    );
    assert_eq!(
        errors,
        [
            "spec/service.json: service.groups.things.description: contains the CJK character '东': text must be English (CJK is allowed only in regex patterns)",
            "spec/operations/things.json: operations.CreateThing.summary: must not be empty",
            "spec/operations/things.json: operations.CreateThing.description: contains the CJK character '创': text must be English (CJK is allowed only in regex patterns)",
            "spec/operations/things.json: operations.CreateThing.request.Name.constraints.pattern_description: contains the CJK character '以': text must be English (CJK is allowed only in regex patterns)",
            "spec/operations/things.json: shapes.ThingMode.values[1].description: must not be empty",
        ]
    );
}

#[test]
fn unused_shapes_are_errors() {
    assert_errors(
        &[(
            "/shapes/Orphan",
            json!({"type": "structure", "description": "Nobody's.", "members": {"Id": {"type": "string", "description": "An ID."}}}),
        )],
        &[
            "spec/operations/things.json: shapes.Orphan: unused shape \"Orphan\": no operation refers to it",
        ],
    );
}

#[test]
fn keys_of_json_string_parameters_are_not_request_members() {
    assert_errors(
        &[(
            "/operations/CreateThing/request/Config.Psk",
            json!({"type": "string", "description": "The key."}),
        )],
        &[
            "spec/operations/things.json: operations.CreateThing.request.Config.Psk: invalid member name \"Config.Psk\": letters, digits and underscores only (keys inside a JSON-string parameter belong to its structure shape)",
        ],
    );
}

#[test]
fn service_level_errors_name_the_service_file_and_come_first() {
    let errors = errors_with(
        &[
            ("/service/signature_versions/v1/default", json!(false)),
            ("/service/endpoints/pattern", json!("thing.example.com")),
        ],
        &[("/operations/CreateThing/group", json!("nope"))],
    );
    assert_eq!(
        errors,
        [
            "spec/service.json: service.endpoints.pattern: endpoint pattern \"thing.example.com\" does not contain \"{region}\"",
            "spec/service.json: service.signature_versions: exactly one signature version must be the default, found 0",
            "spec/operations/things.json: operations.CreateThing.group: unknown group \"nope\" (not a key of service.groups)",
        ]
    );
}

#[test]
fn the_real_spec_loads_without_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    if let Err(errors) = load_dir(&dir) {
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        panic!(
            "the real spec has {} error(s):\n{}",
            text.len(),
            text.join("\n")
        );
    }
}

#[test]
fn shape_keys_must_fit_the_shape_type() {
    let things =
        r#"{"shapes": {"Thing": {"type": "enum", "description": "A thing.", "members": {}}}}"#;
    let errors = load(&[
        (SERVICE_FILE, SERVICE.to_string()),
        (THINGS_FILE, things.to_string()),
    ])
    .unwrap_err();
    assert_eq!(
        errors,
        [
            "spec/operations/things.json: shapes.Thing: an enum shape takes `values`, not `members` at line 1 column 80"
        ]
    );
}

#[test]
fn upstream_acknowledgements_need_a_reason_and_a_member_path() {
    assert_errors(
        &[
            (
                "/operations/CreateThing/upstream",
                json!([{ "differs": "missing_request_param", "path": "request.Owner Id", "reason": "Plumbing." }]),
            ),
            (
                "/operations/CreateThing/request/Name/upstream",
                json!([{ "differs": "enum_value_missing", "value": " ", "reason": " " }]),
            ),
        ],
        &[
            "spec/operations/things.json: operations.CreateThing.upstream[0].path: \"request.Owner Id\" is not a dotted path of member names",
            "spec/operations/things.json: operations.CreateThing.request.Name.upstream[0].reason: must not be empty",
            "spec/operations/things.json: operations.CreateThing.request.Name.upstream[0].value: must not be empty",
        ],
    );
    // A well-formed entry, with `[]` stepping into list items, is accepted.
    assert_errors(
        &[(
            "/operations/CreateThing/upstream",
            json!([{ "differs": "list_wrapper", "path": "response.Things.Thing[].Tags", "reason": "The service wraps it." }]),
        )],
        &[],
    );
}

#[test]
fn an_unknown_difference_kind_is_a_parse_error() {
    let errors = errors_with(
        &[],
        &[(
            "/operations/CreateThing/upstream",
            json!([{ "differs": "colour", "reason": "No." }]),
        )],
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("operations.CreateThing.upstream[0].differs: unknown variant `colour`"),
        "{errors:?}"
    );
}

#[test]
fn to_do_markers_load_but_are_listed_for_spec_check() {
    let things = edit(
        THINGS,
        &[
            ("/operations/CreateThing/description", json!(vpn_spec::TODO)),
            (
                "/operations/CreateThing/request/Name/description",
                json!(vpn_spec::TODO),
            ),
        ],
    );
    let spec =
        load(&[(SERVICE_FILE, SERVICE.to_string()), (THINGS_FILE, things)]).expect("a draft loads");
    let todos: Vec<String> = vpn_spec::validate::todos(&spec)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        todos,
        [
            "spec/operations/things.json: operations.CreateThing.description: still the importer's to-do marker: write it",
            "spec/operations/things.json: operations.CreateThing.request.Name.description: still the importer's to-do marker: write it",
        ]
    );
    let clean = load(&[
        (SERVICE_FILE, SERVICE.to_string()),
        (THINGS_FILE, THINGS.to_string()),
    ])
    .unwrap();
    assert!(vpn_spec::validate::todos(&clean).is_empty());
}

#[test]
fn a_resource_with_its_lifecycle_operations_is_valid() {
    assert_resource_errors(&[], &[]);
}

#[test]
fn resources_name_a_structure_shape_and_an_identifier_of_it() {
    assert_resource_errors(
        &[
            ("/resources/Thing/shape", json!("ThingMode")),
            ("/resources/Thing/not_found", json!("Thing not found")),
        ],
        &[
            "spec/operations/things.json: resources.Thing.shape: \"ThingMode\" is not a structure shape",
            "spec/operations/things.json: resources.Thing.not_found: \"Thing not found\" is not an error code (not empty, no whitespace)",
            "spec/operations/things.json: resources.Thing.list: DescribeThings answers no list of \"ThingMode\" (at its pagination's items path, or as a top-level response member)",
        ],
    );
    assert_resource_errors(
        &[
            ("/resources/Thing/identifier", json!("Status")),
            ("/resources/Thing/id_prefix", json!("Thing-")),
            ("/resources/Thing/created", json!("Status")),
        ],
        &[
            "spec/operations/things.json: resources.Thing.identifier: \"Status\" must be a \"string\", not \"ThingStatus\"",
            "spec/operations/things.json: resources.Thing.id_prefix: \"Thing-\" is not an id prefix: lowercase letters or digits, then `-`",
            "spec/operations/things.json: resources.Thing.created: \"Status\" must be a member of shape \"Thing\" that is a \"long\" with format epoch_millis or a \"string\" with format date_time",
            "spec/operations/things.json: resources.Thing.create: CreateThing must answer the new instance's \"Status\"",
            "spec/operations/things.json: resources.Thing.read: DescribeThing has no request member \"Status\"",
        ],
    );
    assert_resource_errors(
        &[("/resources/Thing/id_prefix", Value::Null)],
        &[
            "spec/operations/things.json: resources.Thing: a resource with an \"identifier\" needs an \"id_prefix\"",
        ],
    );
    assert_resource_errors(
        &[
            ("/resources/Thing/identifier", Value::Null),
            ("/resources/Thing/read", Value::Null),
        ],
        &[
            "spec/operations/things.json: resources.Thing.id_prefix: only a resource with an \"identifier\" takes an \"id_prefix\"",
        ],
    );
}

#[test]
fn a_resource_identifier_may_be_named_in_its_shape_through_an_alias() {
    // The shape calls the id `Id`; requests call it `ThingId` (as a VPN attachment is
    // `InstanceId` in its list and `VpnConnectionId` in requests).
    let renamed = [
        ("/shapes/Thing/members/ThingId", Value::Null),
        (
            "/shapes/Thing/members/Id",
            json!({"type": "string", "description": "The ID of the thing."}),
        ),
    ];
    let mut aliased = renamed.to_vec();
    aliased.push(("/resources/Thing/aliases", json!({"Id": "ThingId"})));
    assert_resource_errors(&aliased, &[]);
    assert_resource_errors(
        &renamed,
        &[
            "spec/operations/things.json: resources.Thing.identifier: no member \"ThingId\" in shape \"Thing\"",
        ],
    );
}

#[test]
fn resource_operations_exist_and_take_what_their_role_needs() {
    assert_resource_errors(
        &[
            ("/resources/Thing/create", json!("CreateThingz")),
            ("/resources/Thing/list", json!("DescribeThing")),
            ("/resources/Thing/read", json!("DescribeThings")),
            ("/resources/Thing/delete", json!("CreateThing")),
        ],
        &[
            "spec/operations/things.json: resources.Thing.create: unknown operation \"CreateThingz\"",
            "spec/operations/things.json: resources.Thing.read: DescribeThings has no request member \"ThingId\"",
            "spec/operations/things.json: resources.Thing.list: DescribeThing answers no list of \"Thing\" (at its pagination's items path, or as a top-level response member)",
            "spec/operations/things.json: resources.Thing.delete: CreateThing has no request member \"ThingId\"",
        ],
    );
    assert_resource_errors(
        &[
            (
                "/operations/DescribeThing/request/ThingId/required",
                json!(false),
            ),
            ("/resources/Thing/update", json!(["DescribeThing"])),
        ],
        &[
            "spec/operations/things.json: resources.Thing.read: DescribeThing must require request member \"ThingId\"",
            "spec/operations/things.json: resources.Thing.update[0]: DescribeThing is read_only: it cannot \"update\"",
            "spec/operations/things.json: resources.Thing.update[0]: DescribeThing must require request member \"ThingId\"",
            "spec/operations/things.json: resources.Thing.update[0]: DescribeThing already has a role (resources.Thing.read)",
        ],
    );
    // A resource without an identifier is selected by its properties: no read, no update.
    assert_resource_errors(
        &[
            ("/resources/Thing/identifier", Value::Null),
            ("/resources/Thing/id_prefix", Value::Null),
            ("/resources/Thing/operations", json!(["DescribeThing"])),
            ("/resources/Thing/update", json!(["CreateThing"])),
        ],
        &[
            "spec/operations/things.json: resources.Thing.read: \"Thing\" has no identifier: nothing can name the one instance to read",
            "spec/operations/things.json: resources.Thing.update[0]: \"Thing\" has no identifier: its request members select the instances, so none are left to update (serve CreateThing as one of its \"operations\")",
            "spec/operations/things.json: resources.Thing.update[0]: CreateThing already has a role (resources.Thing.create)",
            "spec/operations/things.json: resources.Thing.operations[0]: DescribeThing already has a role (resources.Thing.read)",
        ],
    );
}

#[test]
fn resource_parents_and_references_resolve_without_cycles() {
    let other = |extra: Value| {
        let mut box_ = json!({
            "description": "A box of things.",
            "shape": "Thing",
            "not_found": "Box.NotFound"
        });
        box_.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        box_
    };
    assert_resource_errors(
        &[
            ("/resources/Thing/parent", json!({"resource": "Box"})),
            (
                "/resources/Thing/references",
                json!({"Mode": {"resource": "Box"}, "Nothing": {"resource": "Thing"}}),
            ),
            ("/resources/Box", other(json!({}))),
        ],
        &[
            "spec/operations/things.json: resources.Thing.parent.resource: \"Box\" has no identifier, so nothing can name it as a parent",
            "spec/operations/things.json: resources.Thing.references.Mode.resource: \"Box\" has no identifier, so nothing can reference it",
            "spec/operations/things.json: resources.Thing.references.Mode: \"Mode\" must be a \"string\", not \"ThingMode\"",
            "spec/operations/things.json: resources.Thing.references.Nothing: no request member \"Nothing\" in the \"create\" operation",
        ],
    );
    assert_resource_errors(
        &[
            ("/resources/Thing/parent", json!({"resource": "Box"})),
            (
                "/resources/Box",
                other(
                    json!({"identifier": "ThingId", "id_prefix": "box-", "parent": {"resource": "Thing"}}),
                ),
            ),
        ],
        &[
            "spec/operations/things.json: resources.Box.parent.resource: \"Box\" would be its own ancestor",
            "spec/operations/things.json: resources.Thing.parent.resource: \"Thing\" would be its own ancestor",
            "spec/operations/things.json: resources.Thing.create: CreateThing has no request member \"ThingId\"",
        ],
    );
    assert_resource_errors(
        &[
            (
                "/resources/Thing/parent",
                json!({"resource": "Crate", "on_delete": "cascade"}),
            ),
            ("/resources/Thing/create", Value::Null),
            (
                "/resources/Thing/references",
                json!({"Mode": {"resource": "Thing"}}),
            ),
            (
                "/resources/Thing/aliases",
                json!({"Settings": "Config", "Status": "Nothing"}),
            ),
        ],
        &[
            "spec/operations/things.json: resources.Thing.parent.resource: unknown resource \"Crate\"",
            "spec/operations/things.json: resources.Thing.references.Mode: a reference is checked on creation: the resource needs a \"create\" operation",
            "spec/operations/things.json: resources.Thing.aliases.Settings: no member \"Settings\" in shape \"Thing\"",
            "spec/operations/things.json: resources.Thing.aliases.Settings: no operation of the resource has a request member \"Config\"",
            "spec/operations/things.json: resources.Thing.aliases.Status: no operation of the resource has a request member \"Nothing\"",
        ],
    );
}

#[test]
fn dry_run_names_an_optional_boolean_request_member_and_its_answer_is_a_common_error() {
    let flag = json!({"type": "boolean", "description": "Only check the request."});
    let answered = [("/service/dry_run_error", json!("Throttling"))];
    let with_flag = [
        ("/operations/CreateThing/request/DryRun", flag.clone()),
        ("/operations/CreateThing/dry_run", json!("DryRun")),
    ];
    assert_eq!(errors_with(&answered, &with_flag), Vec::<String>::new());
    assert_eq!(
        errors_with(&[], &with_flag),
        [
            "spec/operations/things.json: operations.CreateThing.dry_run: an operation with a dry run needs service.dry_run_error, the code that answers it",
        ]
    );
    assert_eq!(
        errors_with(&[("/service/dry_run_error", json!("Nope"))], &[]),
        [
            "spec/service.json: service.dry_run_error: \"Nope\" is not a code of service.common_errors"
        ]
    );
    assert_eq!(
        errors_with(
            &answered,
            &[("/operations/CreateThing/dry_run", json!("Size"))]
        ),
        [
            "spec/operations/things.json: operations.CreateThing.dry_run: request member \"Size\" is \"integer\", not \"boolean\"",
        ]
    );
    assert_eq!(
        errors_with(
            &answered,
            &[("/operations/CreateThing/dry_run", json!("Flag"))]
        ),
        ["spec/operations/things.json: operations.CreateThing.dry_run: no request member \"Flag\""]
    );
    assert_eq!(
        errors_with(
            &answered,
            &[("/operations/CreateThing/request/DryRun", flag.clone())]
        ),
        Vec::<String>::new(),
        "a DryRun member without dry_run still loads (specs from before the field do)"
    );
    let mut required = flag;
    required["required"] = json!(true);
    assert_eq!(
        errors_with(
            &answered,
            &[
                ("/operations/CreateThing/request/DryRun", required),
                ("/operations/CreateThing/dry_run", json!("DryRun")),
            ]
        ),
        [
            "spec/operations/things.json: operations.CreateThing.dry_run: request member \"DryRun\" is required: a dry run is optional",
        ]
    );
}
