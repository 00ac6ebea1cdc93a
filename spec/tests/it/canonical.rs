//! The canonical form of spec files: what `cargo xtask spec fmt` writes.

use std::path::Path;

use vpn_spec::canonical::{FileKind, canonicalize, is_canonical};
use vpn_spec::parse_source;
use vpn_spec::{OperationsFile, ServiceFile, SourceFile};

fn source(path: &str, text: &str) -> SourceFile {
    SourceFile {
        path: path.to_string(),
        text: text.to_string(),
    }
}

fn real_files() -> Vec<(SourceFile, FileKind)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    vpn_spec::read_dir_with_kinds(dir, &dir.to_string_lossy()).expect("the spec directory reads")
}

#[test]
fn canonical_text_sorts_names_keeps_field_order_and_utf8() {
    let messy = r#"{"shapes": {"Zed": {"description": "Z.", "type": "enum", "values": [{"description": "B.", "value": "b"}, {"description": "A.", "value": "a"}]},
      "Alpha": {"members": {"Name": {"constraints": {"pattern": "^[A-Za-z\u4e00-\u9fa5]$", "pattern_description": "one letter"}, "description": "N.", "required": false, "type": "string"}}, "type": "structure", "description": "A."}},
      "operations": {}, "$schema": "../spec.schema.json"}"#;
    let expected = r#"{
  "$schema": "../spec.schema.json",
  "operations": {},
  "shapes": {
    "Alpha": {
      "type": "structure",
      "description": "A.",
      "members": {
        "Name": {
          "type": "string",
          "description": "N.",
          "constraints": {
            "pattern": "^[A-Za-z一-龥]$",
            "pattern_description": "one letter"
          }
        }
      }
    },
    "Zed": {
      "type": "enum",
      "description": "Z.",
      "values": [
        {
          "value": "b",
          "description": "B."
        },
        {
          "value": "a",
          "description": "A."
        }
      ]
    }
  }
}
"#;
    let text = canonicalize(&source("x.json", messy), FileKind::Operations).expect("parses");
    assert_eq!(text, expected);
    assert!(is_canonical(&source("x.json", expected), FileKind::Operations).expect("parses"));
    assert!(!is_canonical(&source("x.json", messy), FileKind::Operations).expect("parses"));
}

#[test]
fn canonical_form_of_the_real_spec_is_stable_and_keeps_every_value() {
    for (src, kind) in real_files() {
        let once = canonicalize(&src, kind).unwrap_or_else(|e| panic!("{e}"));
        let twice = canonicalize(&source(&src.path, &once), kind).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(once, twice, "{}: formatting is not idempotent", src.path);
        // Formatting changes layout only: the parsed model is the same.
        let again = source(&src.path, &once);
        match kind {
            FileKind::Service => assert_eq!(
                parse_source::<ServiceFile>(&src).unwrap(),
                parse_source::<ServiceFile>(&again).unwrap(),
                "{}",
                src.path
            ),
            FileKind::Operations => assert_eq!(
                parse_source::<OperationsFile>(&src).unwrap(),
                parse_source::<OperationsFile>(&again).unwrap(),
                "{}",
                src.path
            ),
        }
    }
}

#[test]
fn canonicalizing_reports_parse_errors_with_their_path() {
    let e = canonicalize(
        &source("spec/service.json", r#"{"service": {"name": 1}}"#),
        FileKind::Service,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "spec/service.json: service.name: invalid type: integer `1`, expected a string at line 1 column 22"
    );
}
