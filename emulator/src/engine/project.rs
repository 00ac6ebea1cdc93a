//! Projection: a record's properties shown as a response (or shape) declares them. Each
//! member shows the property of its name, or of the request member its resource's
//! `aliases` entry names, fitted to the member's declared type: numbers and booleans
//! parsed from text (a JSON-string parameter's `"interval":"3"` answers `"Interval": 3`),
//! scalars written as text where the answer has text, structure keys matched without
//! regard to case and fitted member by member, lists put in their wrapper object. A value
//! that cannot take the declared type is left out rather than answered wrongly typed.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use vpn_spec::{Member, Primitive, Resource, Shape, Spec, TypeRef};

use crate::store::Record;

/// `record` projected onto `members` (see the module docs).
pub fn project(
    spec: &Spec,
    resource: &Resource,
    record: &Record,
    members: &BTreeMap<String, Member>,
) -> Map<String, Value> {
    members
        .iter()
        .filter_map(|(name, member)| {
            let prop = resource.aliases.get(name).unwrap_or(name);
            let value = fit(spec, member, record.props.get(prop)?)?;
            Some((name.clone(), value))
        })
        .collect()
}

/// `value` as `member` declares it, or `None` when it cannot be.
pub fn fit(spec: &Spec, member: &Member, value: &Value) -> Option<Value> {
    if !member.is_list() {
        return fit_type(spec, &member.ty, value);
    }
    let items = match (value, &member.wrapper) {
        (Value::Array(items), _) => items,
        (Value::Object(wrapped), Some(w)) => wrapped.get(w)?.as_array()?,
        _ => return None,
    };
    let item_type = member.items.as_deref().unwrap_or("string");
    let items = items
        .iter()
        .filter_map(|v| fit_type(spec, item_type, v))
        .collect();
    Some(wrap(member, items))
}

/// `items` as the list member carries them: inside its wrapper object, if any.
pub fn wrap(member: &Member, items: Vec<Value>) -> Value {
    let list = Value::Array(items);
    match &member.wrapper {
        Some(w) => {
            let mut m = Map::new();
            m.insert(w.clone(), list);
            Value::Object(m)
        }
        None => list,
    }
}

fn fit_type(spec: &Spec, ty: &str, value: &Value) -> Option<Value> {
    let text = || match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    match spec.resolve_type(ty) {
        TypeRef::Primitive(Primitive::String) | TypeRef::Shape(_, Shape::Enum { .. }) => {
            text().map(Value::String)
        }
        TypeRef::Primitive(Primitive::Integer | Primitive::Long) => match value {
            Value::Number(n) if n.is_i64() => Some(value.clone()),
            Value::String(s) => s.trim().parse::<i64>().ok().map(Value::from),
            _ => None,
        },
        TypeRef::Primitive(Primitive::Float) => match value {
            Value::Number(_) => Some(value.clone()),
            Value::String(s) => s
                .trim()
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number),
            _ => None,
        },
        TypeRef::Primitive(Primitive::Boolean) => match value {
            Value::Bool(_) => Some(value.clone()),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Some(Value::Bool(true)),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Some(Value::Bool(false)),
            _ => None,
        },
        TypeRef::Shape(_, Shape::Structure { members, .. }) => {
            let Value::Object(object) = value else {
                return None;
            };
            let fitted = members
                .iter()
                .filter_map(|(name, m)| {
                    let (_, v) = object.iter().find(|(k, _)| k.eq_ignore_ascii_case(name))?;
                    Some((name.clone(), fit(spec, m, v)?))
                })
                .collect();
            Some(Value::Object(fitted))
        }
        TypeRef::List | TypeRef::Unknown => Some(value.clone()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn values_take_the_declared_types() {
        let spec = crate::spec::load().expect("the embedded spec loads");
        let member = |ty: &str| Member {
            ty: ty.into(),
            items: None,
            wrapper: None,
            required: false,
            description: "x".into(),
            example: None,
            default: None,
            encoding: vpn_spec::Encoding::Plain,
            format: None,
            constraints: None,
            secret: false,
            notes: Vec::new(),
            upstream: Vec::new(),
        };
        assert_eq!(fit(spec, &member("integer"), &json!("3")), Some(json!(3)));
        assert_eq!(fit(spec, &member("integer"), &json!("x")), None);
        assert_eq!(
            fit(spec, &member("boolean"), &json!("TRUE")),
            Some(json!(true))
        );
        assert_eq!(fit(spec, &member("string"), &json!(5)), Some(json!("5")));
        assert_eq!(fit(spec, &member("string"), &json!({"a": 1})), None);
        let tags = Member {
            items: Some("Tag".into()),
            wrapper: Some("Tag".into()),
            ..member("list")
        };
        assert_eq!(
            fit(spec, &tags, &json!([{"key": "k", "Value": "v"}])),
            Some(json!({"Tag": [{"Key": "k", "Value": "v"}]}))
        );
    }
}
