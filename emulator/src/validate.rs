//! Spec-driven input validation. Nothing here knows an operation by name: required
//! parameters, types (integer, long, float, boolean), documented enum values, numeric
//! values, ranges and forbidden values, lengths, patterns, forbidden prefixes, ASCII-only
//! and the `ipv4` / `cidr` / `cidr_list` / `date_time` formats all come from the spec's
//! members and `Constraints`, at the top level and inside JSON-string parameters.
//!
//! Error codes: a missing parameter is `MissingParameter` (the message names it). A bad
//! value of top-level parameter `P` is the operation's own documented
//! `InvalidP.WrongFormat` (format violations), `InvalidP` or `IllegalParam.P` when the
//! operation documents one (e.g. `InvalidName`, `InvalidIpAddress.WrongFormat`,
//! `IllegalParam.LocalSubnet`), else `InvalidParameter`
//! naming the parameter (dotted path inside JSON strings, e.g. `IkeConfig.IkeLifetime`).
//!
//! Enums: clients keep enums open when *decoding* answers, but the service rejects
//! unknown values of documented request enums (`Proto=SCTP`), so the emulator does too.
//! Inside JSON-string parameters keys match case-insensitively (Alibaba's current SDK
//! docs write `HealthCheckConfig` keys in lower case) and unknown keys are rejected.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use vpn_spec::constraints::{Number, Violation};
use vpn_spec::{Encoding, EnumValue, Format, Member, Operation, Shape, Spec};

use crate::errors::ApiError;
use crate::params::Params;
use crate::spec::op_documents;

/// What is wrong with one value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Rule {
    /// Required and absent.
    Missing,
    /// Not of the declared type.
    Type(String),
    /// Breaks a constraint or enum.
    Constraint(String),
    /// Breaks a format (`ipv4`, `cidr`, ...).
    Format(String),
}

/// A validation failure at a (dotted) path under a top-level parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Failure {
    path: String,
    rule: Rule,
}

fn fail(path: &str, rule: Rule) -> Failure {
    Failure {
        path: path.to_string(),
        rule,
    }
}

/// A value to check: a raw request string, or a value inside a JSON-string parameter.
#[derive(Clone, Copy)]
enum Input<'a> {
    Text(&'a str),
    Json(&'a Value),
}

impl Input<'_> {
    fn text(self) -> Option<String> {
        match self {
            Input::Text(s) => Some(s.to_string()),
            Input::Json(Value::String(s)) => Some(s.clone()),
            Input::Json(Value::Number(n)) => Some(n.to_string()),
            Input::Json(Value::Bool(b)) => Some(b.to_string()),
            Input::Json(_) => None,
        }
    }
}

/// Parameters Alibaba's official SDKs send that are neither common parameters of the spec
/// nor members of an operation, accepted (and ignored) in strict mode too:
/// `SignatureType`, which the legacy V1 core (`aliyun-python-sdk-core`) sends, empty,
/// with every request, and the account plumbing every request class of the official SDKs
/// offers (`OwnerId`, `OwnerAccount`, `ResourceOwnerId`, `ResourceOwnerAccount`).
pub const SDK_PLUMBING: &[&str] = &[
    "SignatureType",
    "OwnerId",
    "OwnerAccount",
    "ResourceOwnerId",
    "ResourceOwnerAccount",
];

/// The names in `sent` that `op` does not declare: not a request member (`Name.N...` of
/// a flattened list counts as its member), not a common parameter of the service, not
/// [`SDK_PLUMBING`]. Sorted.
pub fn unknown_parameters(
    spec: &Spec,
    op: &Operation,
    sent: &BTreeMap<String, String>,
) -> Vec<String> {
    let declared = |name: &str| {
        op.request.contains_key(name)
            || spec.service.common_parameters.contains_key(name)
            || SDK_PLUMBING.contains(&name)
            || name.split_once('.').is_some_and(|(base, _)| {
                op.request
                    .get(base)
                    .is_some_and(|m| m.encoding == Encoding::Flattened)
            })
    };
    sent.keys().filter(|n| !declared(n)).cloned().collect()
}

/// Validates the request parameters of `action` against the spec. `sent` is the merged
/// query + form map; names that are not parameters of the operation are ignored here
/// (see [`unknown_parameters`]).
pub fn validate(
    spec: &Spec,
    action: &str,
    op: &Operation,
    sent: &BTreeMap<String, String>,
) -> Result<Params, ApiError> {
    let mut params = Params::default();
    for (name, member) in &op.request {
        let result = if member.encoding == Encoding::Flattened {
            flattened(spec, name, member, sent, &mut params)
        } else {
            match sent.get(name) {
                None => {
                    if member.required {
                        Err(fail(name, Rule::Missing))
                    } else {
                        if let Some(default) = &member.default {
                            params.values.insert(name.clone(), default.clone());
                        }
                        Ok(())
                    }
                }
                Some(raw) => {
                    params.raw.insert(name.clone(), raw.clone());
                    typed(
                        spec,
                        &member.ty,
                        member.items.as_deref(),
                        Some(member),
                        Input::Text(raw),
                        name,
                    )
                    .map(|v| {
                        params.values.insert(name.clone(), v);
                    })
                }
            }
        };
        if let Err(f) = result {
            return Err(to_api_error(spec, action, op, name, f));
        }
    }
    Ok(params)
}

fn to_api_error(spec: &Spec, action: &str, op: &Operation, top: &str, f: Failure) -> ApiError {
    let detail = match &f.rule {
        Rule::Missing => {
            return if f.path == top {
                ApiError::missing(top)
            } else {
                ApiError::invalid(&f.path, "the key is required")
            };
        }
        Rule::Type(d) | Rule::Constraint(d) | Rule::Format(d) => d.clone(),
    };
    if f.path == top {
        let wrong_format = format!("Invalid{top}.WrongFormat");
        let plain = format!("Invalid{top}");
        if matches!(f.rule, Rule::Format(_)) && op_documents(op, &wrong_format) {
            return ApiError::documented(spec, Some(action), &wrong_format);
        }
        if op_documents(op, &plain) {
            return ApiError::documented(spec, Some(action), &plain);
        }
        let illegal = format!("IllegalParam.{top}");
        if op_documents(op, &illegal) {
            return ApiError::documented(spec, Some(action), &illegal);
        }
    }
    ApiError::invalid(&f.path, &detail)
}

/// A flattened parameter, gathered into JSON: a repeat list (`Name.1=..`,
/// `Name.1.Key=..`, `Name.1.Inner.Key=..`) into an array of its items, a structure
/// (`Name.Key=..`, `Name.Inner.Key=..`) into an object.
fn flattened(
    spec: &Spec,
    name: &str,
    member: &Member,
    sent: &BTreeMap<String, String>,
    params: &mut Params,
) -> Result<(), Failure> {
    let prefix = format!("{name}.");
    let mut items: BTreeMap<u32, Value> = BTreeMap::new();
    let mut object = Value::Object(Map::new());
    for (key, raw) in sent.range(prefix.clone()..) {
        let Some(rest) = key.strip_prefix(&prefix) else {
            break;
        };
        params.raw.insert(key.clone(), raw.clone());
        if !member.is_list() {
            insert_path(&mut object, rest, raw);
            continue;
        }
        let (index, field) = match rest.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (rest, None),
        };
        let n: u32 = index.parse().ok().filter(|n| *n >= 1).ok_or_else(|| {
            fail(
                key,
                Rule::Type("the list index must be a positive integer".into()),
            )
        })?;
        match field {
            None => {
                items.insert(n, Value::String(raw.clone()));
            }
            Some(f) => {
                let entry = items.entry(n).or_insert_with(|| Value::Object(Map::new()));
                insert_path(entry, f, raw);
            }
        }
    }
    let gathered = if member.is_list() {
        let items: Vec<Value> = items.into_values().map(repeat_lists).collect();
        (!items.is_empty()).then_some(Value::Array(items))
    } else {
        let object = repeat_lists(object);
        object
            .as_object()
            .is_some_and(|m| !m.is_empty())
            .then_some(object)
    };
    let Some(gathered) = gathered else {
        return if member.required {
            Err(fail(name, Rule::Missing))
        } else {
            Ok(())
        };
    };
    let v = typed(
        spec,
        &member.ty,
        member.items.as_deref(),
        Some(member),
        Input::Json(&gathered),
        name,
    )?;
    params.values.insert(name.to_string(), v);
    Ok(())
}

/// Puts `raw` at the dotted `path` inside `object` (`TunnelBgpConfig.LocalAsn`: a
/// structure member of a list item), making the structures on the way.
fn insert_path(object: &mut Value, path: &str, raw: &str) {
    let mut at = object;
    let mut keys = path.split('.').peekable();
    while let Some(key) = keys.next() {
        let Value::Object(m) = at else {
            return;
        };
        if keys.peek().is_none() {
            m.insert(key.to_string(), Value::String(raw.to_string()));
            return;
        }
        at = m
            .entry(key.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

/// Structures whose keys are all list indexes (`Keys.1`, `Keys.2`) become the lists they
/// flatten, in index order, at any depth.
fn repeat_lists(v: Value) -> Value {
    let Value::Object(m) = v else {
        return v;
    };
    let indexed: Option<BTreeMap<u32, Value>> = m
        .iter()
        .map(|(k, v)| {
            k.parse::<u32>()
                .ok()
                .filter(|n| *n >= 1)
                .map(|n| (n, repeat_lists(v.clone())))
        })
        .collect();
    match indexed {
        Some(items) if !items.is_empty() => Value::Array(items.into_values().collect()),
        _ => Value::Object(m.into_iter().map(|(k, v)| (k, repeat_lists(v))).collect()),
    }
}

/// What a type name denotes.
enum Ty<'a> {
    String,
    Integer { wide: bool },
    Float,
    Boolean,
    List,
    Enum(&'a [EnumValue]),
    Structure(&'a BTreeMap<String, Member>),
    Unknown,
}

fn resolve<'a>(spec: &'a Spec, ty: &str) -> Ty<'a> {
    match ty {
        "string" => Ty::String,
        "integer" => Ty::Integer { wide: false },
        "long" => Ty::Integer { wide: true },
        "float" => Ty::Float,
        "boolean" => Ty::Boolean,
        "list" => Ty::List,
        other => match spec.shapes.get(other) {
            Some(Shape::Enum { values, .. }) => Ty::Enum(values),
            Some(Shape::Structure { members, .. }) => Ty::Structure(members),
            None => Ty::Unknown,
        },
    }
}

/// Checks `input` against type `ty` (with `items` for lists) and the member's rules.
fn typed(
    spec: &Spec,
    ty: &str,
    items: Option<&str>,
    member: Option<&Member>,
    input: Input<'_>,
    path: &str,
) -> Result<Value, Failure> {
    match resolve(spec, ty) {
        Ty::String => {
            let s = input
                .text()
                .ok_or_else(|| fail(path, Rule::Type("must be a string".into())))?;
            check_string(member, &s, path)?;
            Ok(Value::String(s))
        }
        Ty::Integer { wide } => {
            let n =
                as_i64(input).ok_or_else(|| fail(path, Rule::Type("must be an integer".into())))?;
            if !wide && i32::try_from(n).is_err() {
                return Err(fail(path, Rule::Type("must be a 32-bit integer".into())));
            }
            check_number(member, n, path)?;
            Ok(Value::from(n))
        }
        Ty::Float => {
            let f = match input {
                Input::Json(Value::Number(n)) => n.as_f64(),
                other => other.text().and_then(|s| s.trim().parse::<f64>().ok()),
            }
            .filter(|f| f.is_finite())
            .ok_or_else(|| fail(path, Rule::Type("must be a number".into())))?;
            Ok(serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number))
        }
        Ty::Boolean => {
            let b = match input {
                Input::Json(Value::Bool(b)) => Some(*b),
                other => other.text().and_then(|s| {
                    if s.eq_ignore_ascii_case("true") {
                        Some(true)
                    } else if s.eq_ignore_ascii_case("false") {
                        Some(false)
                    } else {
                        None
                    }
                }),
            }
            .ok_or_else(|| fail(path, Rule::Type("must be true or false".into())))?;
            Ok(Value::Bool(b))
        }
        Ty::List => {
            let Input::Json(Value::Array(elems)) = input else {
                return Err(fail(path, Rule::Type("must be a list".into())));
            };
            let item_ty = items.unwrap_or("string");
            let mut out = Vec::with_capacity(elems.len());
            for (i, e) in elems.iter().enumerate() {
                out.push(typed(
                    spec,
                    item_ty,
                    None,
                    None,
                    Input::Json(e),
                    &format!("{path}.{}", i + 1),
                )?);
            }
            Ok(Value::Array(out))
        }
        Ty::Enum(values) => {
            let s = input
                .text()
                .ok_or_else(|| fail(path, Rule::Type("must be a string".into())))?;
            if !values.iter().any(|v| v.value == s) {
                let allowed: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
                return Err(fail(
                    path,
                    Rule::Constraint(format!("\"{s}\" is not one of {}", allowed.join(", "))),
                ));
            }
            check_string(member, &s, path)?;
            Ok(Value::String(s))
        }
        Ty::Structure(members) => {
            let parsed;
            let object = match input {
                Input::Text(s) => {
                    parsed = serde_json::from_str::<Value>(s)
                        .map_err(|_| fail(path, Rule::Format("must be a JSON object".into())))?;
                    &parsed
                }
                Input::Json(v) => v,
            };
            let Value::Object(object) = object else {
                return Err(fail(path, Rule::Format("must be a JSON object".into())));
            };
            let mut out = Map::new();
            for (key, value) in object {
                let Some((name, m)) = members.iter().find(|(n, _)| n.eq_ignore_ascii_case(key))
                else {
                    return Err(fail(
                        path,
                        Rule::Constraint(format!("unknown key \"{key}\"")),
                    ));
                };
                if value.is_null() {
                    continue;
                }
                let inner_path = format!("{path}.{name}");
                let v = typed(
                    spec,
                    &m.ty,
                    m.items.as_deref(),
                    Some(m),
                    Input::Json(value),
                    &inner_path,
                )?;
                out.insert(name.clone(), v);
            }
            for (name, m) in members {
                if m.required && !out.contains_key(name) {
                    return Err(fail(&format!("{path}.{name}"), Rule::Missing));
                }
            }
            Ok(Value::Object(out))
        }
        Ty::Unknown => Ok(input.text().map_or(Value::Null, Value::String)),
    }
}

fn as_i64(input: Input<'_>) -> Option<i64> {
    match input {
        Input::Json(Value::Number(n)) => n.as_i64(),
        Input::Json(Value::String(s)) => s.parse().ok(),
        Input::Text(s) => s.parse().ok(),
        Input::Json(_) => None,
    }
}

fn check_number(member: Option<&Member>, n: i64, path: &str) -> Result<(), Failure> {
    let Some(c) = member.and_then(|m| m.constraints.as_ref()) else {
        return Ok(());
    };
    match c.check_number(Number::Int(n)) {
        None => Ok(()),
        Some(Violation::ForbiddenValue) => Err(fail(
            path,
            Rule::Constraint(format!("{n} is a reserved value")),
        )),
        Some(_) => {
            let mut allowed: Vec<String> = c
                .ranges
                .iter()
                .map(|r| format!("{} to {}", r.min, r.max))
                .collect();
            allowed.extend(c.values.iter().map(i64::to_string));
            Err(fail(
                path,
                Rule::Constraint(format!(
                    "{n} is not allowed (allowed: {})",
                    allowed.join(", ")
                )),
            ))
        }
    }
}

fn check_string(member: Option<&Member>, s: &str, path: &str) -> Result<(), Failure> {
    let Some(member) = member else {
        return Ok(());
    };
    if let Some(c) = &member.constraints
        && let Some(v) = c.check_string(s)
    {
        let why = match v {
            Violation::TooShort(min) => format!("must be at least {min} characters"),
            Violation::TooLong(max) => format!("must be at most {max} characters"),
            Violation::NotAscii => "must contain only ASCII characters".to_string(),
            Violation::ForbiddenPrefix(p) => format!("must not start with {p}"),
            Violation::Pattern(pattern) => format!(
                "must {}",
                c.pattern_description
                    .clone()
                    .unwrap_or_else(|| format!("match {pattern}"))
            ),
            Violation::ForbiddenValue | Violation::NotAllowed => "is not allowed".to_string(),
        };
        return Err(fail(path, Rule::Constraint(why)));
    }
    match member.format {
        Some(format) if !format.accepts(s) => {
            let what = match format {
                Format::Ipv4 => "an IPv4 address",
                Format::Cidr => "an IPv4 CIDR block",
                Format::CidrList => "a comma-separated list of IPv4 CIDR blocks",
                Format::DateTime => "an ISO 8601 UTC time",
                Format::EpochMillis => "a time in epoch milliseconds",
            };
            Err(fail(path, Rule::Format(format!("\"{s}\" is not {what}"))))
        }
        _ => Ok(()),
    }
}
