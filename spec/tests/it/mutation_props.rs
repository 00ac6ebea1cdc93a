//! Property: the loader never panics on a mutated copy of the real spec, and every error
//! it reports names one of the files it was given and where in it the problem is.
//!
//! Each case changes one file of the repository's spec: a value replaced by another
//! of any JSON type, a key removed, renamed or added, or the text cut short or spliced
//! with stray characters. The case budget is fixed (see [`config`]);
//! `PROPTEST_CASES=100000 cargo test -p alibabacloud-vpn-spec --test it mutation_props` runs a
//! longer campaign.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::{Map, Value};
use vpn_spec::{SourceFile, load_sources, read_dir};

/// The cases run by default: enough to meet every kind of mutation many times, few
/// enough to stay within a few seconds.
const CASES: u32 = 192;

fn config() -> ProptestConfig {
    if std::env::var_os("PROPTEST_CASES").is_some() {
        ProptestConfig::default()
    } else {
        ProptestConfig::with_cases(CASES)
    }
}

fn sources() -> &'static [SourceFile] {
    static SOURCES: OnceLock<Vec<SourceFile>> = OnceLock::new();
    SOURCES.get_or_init(|| {
        read_dir(Path::new(env!("CARGO_MANIFEST_DIR")), "spec").expect("the spec reads")
    })
}

/// One change to a JSON document.
#[derive(Debug, Clone)]
enum Edit {
    /// Replace the value at the chosen place.
    Replace(Value),
    /// Remove the chosen key (or array item).
    Remove,
    /// Rename the chosen key.
    Rename(String),
    /// Add a key to the chosen object.
    Add(String, Value),
}

/// A change to a file's text.
#[derive(Debug, Clone)]
enum Mutation {
    /// An edit of the parsed JSON at the place the choices lead to.
    Json { choices: Vec<usize>, edit: Edit },
    /// The text cut at a fraction (per mille) of its length.
    Truncate(u16),
    /// Stray text inserted at a fraction (per mille) of its length.
    Splice(u16, String),
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
        // Names the spec uses, where another kind of value is expected.
        prop::sample::select(vec![
            "string",
            "integer",
            "IkeConfig",
            "RegionId",
            "plain",
            "json_string",
            ""
        ])
        .prop_map(|s| Value::String(s.to_string())),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,10}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_]{1,12}",
        // Keys the format knows, in places where they do not belong.
        prop::sample::select(vec![
            "type",
            "required",
            "secret",
            "encoding",
            "constraints",
            "shapes",
            "request",
            "response",
            "errors"
        ])
        .prop_map(str::to_string),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let edit = prop_oneof![
        4 => json().prop_map(Edit::Replace),
        2 => Just(Edit::Remove),
        1 => key().prop_map(Edit::Rename),
        1 => (key(), json()).prop_map(|(k, v)| Edit::Add(k, v)),
    ];
    prop_oneof![
        // Mostly deep inside a file (operations, members, constraints), sometimes near
        // the top.
        2 => (prop::collection::vec(any::<usize>(), 0..3), edit.clone())
            .prop_map(|(choices, edit)| Mutation::Json { choices, edit }),
        6 => (prop::collection::vec(any::<usize>(), 3..10), edit)
            .prop_map(|(choices, edit)| Mutation::Json { choices, edit }),
        1 => (0u16..1000).prop_map(Mutation::Truncate),
        1 => (0u16..1000, prop_oneof![Just("{".to_string()), Just("\"".to_string()), Just(",".to_string()), ".{1,4}".prop_map(|s| s)])
            .prop_map(|(at, s)| Mutation::Splice(at, s)),
    ]
}

/// Applies `edit` at the place `choices` lead to: each choice picks a child of the
/// current object or array (modulo its size); the walk stops at a leaf or when the
/// choices run out.
fn apply(value: &mut Value, choices: &[usize], edit: Edit) {
    let Some((&choice, rest)) = choices.split_first() else {
        match edit {
            Edit::Replace(v) => *value = v,
            Edit::Add(k, v) => {
                if let Value::Object(m) = value {
                    m.insert(k, v);
                } else {
                    *value = v;
                }
            }
            Edit::Remove | Edit::Rename(_) => *value = Value::Null,
        }
        return;
    };
    match value {
        Value::Object(m) if !m.is_empty() => {
            let k = m.keys().nth(choice % m.len()).cloned().unwrap_or_default();
            if rest.is_empty() {
                match edit {
                    Edit::Remove => {
                        m.remove(&k);
                    }
                    Edit::Rename(new) => {
                        if let Some(v) = m.remove(&k) {
                            m.insert(new, v);
                        }
                    }
                    other => apply(m.get_mut(&k).expect("key exists"), &[], other),
                }
            } else if let Some(child) = m.get_mut(&k) {
                apply(child, rest, edit);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let i = choice % items.len();
            if rest.is_empty() && matches!(edit, Edit::Remove) {
                items.remove(i);
            } else {
                apply(&mut items[i], rest, edit);
            }
        }
        leaf => apply(leaf, &[], edit),
    }
}

fn cut(text: &str, per_mille: u16) -> usize {
    let mut at = text.len() * usize::from(per_mille) / 1000;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn mutate(text: &str, m: Mutation) -> String {
    match m {
        Mutation::Json { choices, edit } => {
            let mut value: Value = serde_json::from_str(text).expect("the real spec is JSON");
            apply(&mut value, &choices, edit);
            serde_json::to_string_pretty(&value).expect("JSON serializes")
        }
        Mutation::Truncate(at) => text[..cut(text, at)].to_string(),
        Mutation::Splice(at, s) => {
            let at = cut(text, at);
            format!("{}{s}{}", &text[..at], &text[at..])
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_mutated_spec_loads_or_names_file_and_place(
        file in 0..sources().len(),
        m in mutation(),
    ) {
        let mut files = sources().to_vec();
        files[file].text = mutate(&files[file].text, m);
        let Err(errors) = load_sources(&files) else {
            // Some mutations keep the spec valid (a description changed, say).
            return Ok(());
        };
        prop_assert!(!errors.is_empty());
        for e in &errors {
            prop_assert!(
                files.iter().any(|f| f.path == e.file),
                "an error names no file given: {e}"
            );
            prop_assert!(!e.message.trim().is_empty(), "an empty message: {e:?}");
            // Where: a JSON path, or (for text that is not JSON) the line and column.
            prop_assert!(
                !e.path.is_empty() || e.message.contains("line "),
                "an error says not where: {e}"
            );
        }
    }
}
