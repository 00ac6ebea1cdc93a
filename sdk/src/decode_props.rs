//! Property: every generated output decoder takes any JSON without panicking, and a value
//! it cannot use is a [`DecodeError`](crate::error::DecodeError) saying what is wrong.
//! The one-pass decoder of the bytes never disagrees with the parsed-tree decoder: it
//! gives the same output or leaves the answer to the tree path.
//!
//! Each case picks an operation and builds a JSON tree whose keys are mostly the ones that
//! operation's answer can hold (so the decoder walks deep into it), with values of every
//! JSON type: numbers and booleans as strings, objects where lists belong, huge numbers,
//! empty and nested wrappers. Some cases then mutate a decodable tree by one edit. The
//! case budget is fixed (see [`config`]); `PROPTEST_CASES=100000 cargo test -p
//! alibabacloud-vpn --lib decode_props` runs a longer campaign.

use proptest::prelude::*;
use serde_json::{Map, Value};

use crate::generated::OUTPUT_DECODERS;

/// The cases run by default (decoding is microseconds; this stays under a few seconds).
const CASES: u32 = 2048;

fn config() -> ProptestConfig {
    if std::env::var_os("PROPTEST_CASES").is_some() {
        ProptestConfig::default()
    } else {
        ProptestConfig::with_cases(CASES)
    }
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,8}".prop_map(Value::String),
        // Numbers and booleans as strings, as the reference's examples write them.
        any::<i64>().prop_map(|n| Value::String(n.to_string())),
        prop::sample::select(vec!["true", "false", "1e999", "-0", " 7 ", "0x10", "NaN"])
            .prop_map(|s| Value::String(s.to_string())),
    ]
}

/// A JSON tree for an operation whose answer can hold `keys`.
fn tree(keys: &'static [&'static str]) -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        9 => prop::sample::select(keys).prop_map(str::to_string),
        1 => "[A-Za-z]{1,8}",
    ];
    leaf().prop_recursive(5, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn case() -> impl Strategy<Value = (usize, Value)> {
    (0..OUTPUT_DECODERS.len()).prop_flat_map(|i| (Just(i), tree(OUTPUT_DECODERS[i].1)))
}

/// Drops or retypes one value deep in `value` (the choices pick the way down).
fn mutate(value: &mut Value, choices: &[usize], replacement: Value) {
    let Some((&c, rest)) = choices.split_first() else {
        *value = replacement;
        return;
    };
    match value {
        Value::Object(m) if !m.is_empty() => {
            let k = m.keys().nth(c % m.len()).cloned().unwrap_or_default();
            if rest.is_empty() && c % 3 == 0 {
                m.remove(&k);
            } else if let Some(child) = m.get_mut(&k) {
                mutate(child, rest, replacement);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let n = items.len();
            mutate(&mut items[c % n], rest, replacement);
        }
        other => *other = replacement,
    }
}

/// One step of a decode error's path: `Key` or `[i]`.
enum Step {
    Key(String),
    Index(usize),
}

fn steps(path: &str) -> Vec<Step> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            out.push(Step::Key(key.to_string()));
        }
        for index in rest.split('[') {
            if let Ok(i) = index.trim_end_matches(']').parse() {
                out.push(Step::Index(i));
            }
        }
    }
    out
}

/// Removes the value at `path` (a decode error's path); `false` when it is not there.
fn remove_at(value: &mut Value, path: &[Step]) -> bool {
    match path {
        [] => {
            *value = Value::Object(Map::new());
            true
        }
        [Step::Key(k)] => value.as_object_mut().is_some_and(|m| m.remove(k).is_some()),
        [Step::Index(i)] => match value {
            Value::Array(items) if *i < items.len() => {
                items.remove(*i);
                true
            }
            // One object where a list belongs is item 0.
            _ if *i == 0 => {
                *value = Value::Array(Vec::new());
                true
            }
            _ => false,
        },
        [Step::Key(k), rest @ ..] => value
            .as_object_mut()
            .and_then(|m| m.get_mut(k))
            .is_some_and(|child| remove_at(child, rest)),
        [Step::Index(i), rest @ ..] => match value {
            Value::Array(items) => items
                .get_mut(*i)
                .is_some_and(|child| remove_at(child, rest)),
            single if *i == 0 => remove_at(single, rest),
            _ => false,
        },
    }
}

/// Sets a missing member at `path` (a decode error's path) to `"0"`, which every
/// scalar decoder takes (strings, and numbers written as strings).
fn insert_at(value: &mut Value, path: &[Step]) -> bool {
    match path {
        [Step::Key(k)] => value
            .as_object_mut()
            .is_some_and(|m| m.insert(k.clone(), Value::String("0".into())).is_none()),
        [Step::Key(k), rest @ ..] => value
            .as_object_mut()
            .and_then(|m| m.get_mut(k))
            .is_some_and(|child| insert_at(child, rest)),
        [Step::Index(i), rest @ ..] => match value {
            Value::Array(items) => items
                .get_mut(*i)
                .is_some_and(|child| insert_at(child, rest)),
            single if *i == 0 => insert_at(single, rest),
            _ => false,
        },
        [] => false,
    }
}

/// Makes `value` decodable by removing, one at a time, the values the decoder names in
/// its errors (or filling the required ones it misses); `false` when that does not
/// converge.
fn repair(value: &mut Value, decode: fn(&Value) -> Result<(), crate::error::DecodeError>) -> bool {
    for _ in 0..64 {
        match decode(value) {
            Ok(()) => return true,
            Err(e) => {
                let path = steps(&e.path);
                if !remove_at(value, &path) && !insert_at(value, &path) {
                    return false;
                }
            }
        }
    }
    false
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn decoders_take_any_json((op, value) in case()) {
        let (action, _, decode, agrees) = OUTPUT_DECODERS[op];
        if let Err(e) = decode(&value) {
            prop_assert!(!e.message.is_empty(), "{action}: an empty message at {:?}", e.path);
        }
        let body = serde_json::to_vec(&value).unwrap_or_default();
        prop_assert_ne!(agrees(action, &body), Some(false), "{}: {}", action, value);
    }

    #[test]
    fn decodable_answers_mutated_by_one_edit_still_decode_or_fail_cleanly(
        (op, value) in case(),
        choices in prop::collection::vec(any::<usize>(), 1..8),
        replacement in leaf(),
    ) {
        let (action, _, decode, agrees) = OUTPUT_DECODERS[op];
        let mut value = value;
        prop_assume!(repair(&mut value, decode));
        let mut mutated = value.clone();
        mutate(&mut mutated, &choices, replacement);
        if let Err(e) = decode(&mutated) {
            prop_assert!(!e.message.is_empty(), "{action}: an empty message at {:?}", e.path);
        }
        let body = serde_json::to_vec(&value).unwrap_or_default();
        prop_assert_ne!(agrees(action, &body), Some(false), "{}: {}", action, value);
        let mutated_body = serde_json::to_vec(&mutated).unwrap_or_default();
        prop_assert_ne!(agrees(action, &mutated_body), Some(false), "{}: {}", action, mutated);
    }
}
