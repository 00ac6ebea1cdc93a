//! Answer variants the reference's examples show, applied generically to a successful JSON
//! answer so clients can prove they decode them: numbers and booleans as strings, one
//! object (or value) where a one-item list belongs, and an `<Action>Response` envelope.
//! The real service answers the flat object with native types (quirks off, the default).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Which variants to produce.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Quirks {
    /// `"PageNumber": "1"`, `"Compress": "false"`.
    pub stringly_scalars: bool,
    /// `{"VpnGateway": {...}}` instead of `{"VpnGateway": [{...}]}` for one item.
    pub collapse_single_lists: bool,
    /// `{"DescribeVpnGatewaysResponse": {...}}`.
    pub envelope: bool,
}

impl Quirks {
    /// Every variant on.
    pub fn all() -> Self {
        Self {
            stringly_scalars: true,
            collapse_single_lists: true,
            envelope: true,
        }
    }

    /// Every variant off (the real service's shape).
    pub fn none() -> Self {
        Self::default()
    }

    /// Whether any variant is on.
    pub fn any(&self) -> bool {
        self.stringly_scalars || self.collapse_single_lists || self.envelope
    }

    /// Applies the selected variants to the answer of `action`.
    pub fn apply(&self, action: &str, body: Value) -> Value {
        let mut body = body;
        if self.stringly_scalars || self.collapse_single_lists {
            body = self.transform(body);
        }
        if self.envelope {
            let mut m = Map::new();
            m.insert(format!("{action}Response"), body);
            body = Value::Object(m);
        }
        body
    }

    fn transform(&self, v: Value) -> Value {
        match v {
            Value::Number(n) if self.stringly_scalars => Value::String(n.to_string()),
            Value::Bool(b) if self.stringly_scalars => Value::String(b.to_string()),
            Value::Array(items) => {
                let mut items: Vec<Value> = items.into_iter().map(|i| self.transform(i)).collect();
                if self.collapse_single_lists && items.len() == 1 {
                    items.pop().unwrap_or(Value::Null)
                } else {
                    Value::Array(items)
                }
            }
            Value::Object(m) => {
                Value::Object(m.into_iter().map(|(k, v)| (k, self.transform(v))).collect())
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn all_quirks() {
        let body = json!({"PageNumber": 1, "VpnGateways": {"VpnGateway": [{"Compress": false}]}, "RequestId": "X"});
        let out = Quirks::all().apply("DescribeVpnGateways", body);
        assert_eq!(
            out,
            json!({"DescribeVpnGatewaysResponse": {"PageNumber": "1", "VpnGateways": {"VpnGateway": {"Compress": "false"}}, "RequestId": "X"}})
        );
    }

    #[test]
    fn none_is_identity() {
        let body = json!({"A": [1], "B": true});
        assert_eq!(Quirks::none().apply("X", body.clone()), body);
    }
}
