//! The checked-in snapshot of the official model (`spec/upstream/vpc-2016-04-28.json`),
//! as written by `xtask/upstream/extract.mjs`: every operation of the official package
//! with its request parameters (wire name, type, placement, flattening, required flag,
//! stated values) and its response tree. Structure only, no prose.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

/// The whole snapshot.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// The npm package it was extracted from (`@alicloud/vpc20160428`).
    pub package: String,
    /// The package's version.
    pub version: String,
    /// The registry's publish date of that version (`YYYY-MM-DD`).
    pub date: String,
    /// The API version the package speaks (`2016-04-28`).
    pub api_version: String,
    /// The script that wrote it.
    pub extracted_by: String,
    /// Where `required` comes from (`doc_marker`: the generator's "required" sentence in
    /// the package's doc comments; the models themselves do not say).
    pub required_source: String,
    /// Where `values`/`ranges` come from (`doc_valid_values`: the bold tokens of a
    /// "Valid values" sentence in the doc comments).
    pub values_source: String,
    /// Operations keyed by `Action`.
    pub operations: BTreeMap<String, UpOperation>,
}

/// One operation of the official client.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpOperation {
    /// HTTP method the official client uses (`POST`, `GET`).
    pub method: String,
    /// API style (`RPC`).
    pub style: String,
    /// `HTTPS`.
    pub protocol: String,
    /// Request path (`/`).
    pub pathname: String,
    /// How the body is encoded (`formData`).
    pub req_body_type: String,
    /// How the answer is decoded (`json`).
    pub body_type: String,
    /// Request parameters keyed by wire name.
    pub request: BTreeMap<String, Node>,
    /// Response fields keyed by wire name (the body, without envelope).
    pub response: BTreeMap<String, Node>,
}

/// A value's type as the official models state it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeType {
    /// Text.
    String,
    /// A number (the models do not tell integers from fractions; see [`Node::fraction`]).
    Number,
    /// `true`/`false`.
    Boolean,
    /// Anything (untyped).
    Any,
    /// A byte stream.
    Binary,
    /// An object with named members.
    Object,
    /// A list.
    Array,
    /// A map from string keys.
    Map,
}

impl NodeType {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeType::String => "string",
            NodeType::Number => "number",
            NodeType::Boolean => "boolean",
            NodeType::Any => "any",
            NodeType::Binary => "binary",
            NodeType::Object => "object",
            NodeType::Array => "array",
            NodeType::Map => "map",
        }
    }

    /// Whether a value of this type is a single scalar on the wire.
    pub fn is_scalar(self) -> bool {
        !matches!(self, NodeType::Object | NodeType::Array | NodeType::Map)
    }
}

/// Where the official client puts a request parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// The query string.
    Query,
    /// The form body.
    Body,
    /// An HTTP header.
    Headers,
}

impl Placement {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Placement::Query => "query",
            Placement::Body => "body",
            Placement::Headers => "headers",
        }
    }
}

/// How the official client flattens a request parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// `Name=value`.
    Plain,
    /// `Name.1=...`, `Name.1.Key=...`, `Name.Key=...` (repeat lists and nested objects).
    Flat,
    /// One parameter holding JSON text.
    Json,
    /// One parameter holding the items joined by commas.
    Simple,
}

impl Style {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Style::Plain => "plain",
            Style::Flat => "flat",
            Style::Json => "json",
            Style::Simple => "simple",
        }
    }
}

/// One parameter, field or member, with its subtree.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// The value's type.
    #[serde(rename = "type")]
    pub ty: NodeType,
    /// Object members keyed by wire name.
    #[serde(default)]
    pub members: BTreeMap<String, Node>,
    /// Array items.
    #[serde(default)]
    pub items: Option<Box<Node>>,
    /// Map key type.
    #[serde(default)]
    pub key: Option<String>,
    /// Map values.
    #[serde(default)]
    pub value: Option<Box<Node>>,
    /// A string parameter that carries JSON text: the structure of that text, from the
    /// package's example (keys and example value types).
    #[serde(default)]
    pub json: Option<Box<Node>>,
    /// Top-level request parameters: where the client puts it.
    #[serde(rename = "in", default)]
    pub placement: Option<Placement>,
    /// Top-level request parameters: how it is flattened.
    #[serde(default)]
    pub style: Option<Style>,
    /// Whether the package marks it required.
    #[serde(default)]
    pub required: bool,
    /// Values the package's documentation states (strings or numbers).
    #[serde(default)]
    pub values: Vec<serde_json::Value>,
    /// Inclusive numeric ranges the documentation states.
    #[serde(default)]
    pub ranges: Vec<[i64; 2]>,
    /// A number whose example has a fraction.
    #[serde(default)]
    pub fraction: bool,
    /// A model that contains itself (the walk stopped here).
    #[serde(default)]
    pub recursive: bool,
}

impl Node {
    /// The stated values as text (numbers in their JSON form).
    pub fn value_strings(&self) -> Vec<String> {
        self.values
            .iter()
            .map(|v| match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect()
    }

    /// When this is an object with exactly one member and that member is an array: the
    /// member's name and the array (the shape of a wrapped list, `{"VpnGateway": [...]}`).
    pub fn as_wrapper(&self) -> Option<(&str, &Node)> {
        if self.ty != NodeType::Object || self.members.len() != 1 {
            return None;
        }
        let (name, inner) = self.members.iter().next()?;
        (inner.ty == NodeType::Array).then_some((name.as_str(), inner))
    }
}

/// Parses a snapshot.
pub fn parse(text: &str) -> Result<Snapshot, String> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| format!("{}: {}", e.path(), e.inner()))
}

/// Reads and parses the snapshot at `path`.
pub fn read(path: &Path) -> Result<Snapshot, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}
