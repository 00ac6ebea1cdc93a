//! Read-only helpers over a loaded [`Spec`]: what a type name denotes, and where a dotted
//! path of member names leads. Used by validation, the IR step and tests.

use std::collections::BTreeMap;
use std::fmt;

use crate::Spec;
use crate::model::{Member, Resource, Role, Shape, UpstreamDiff};

/// A scalar type built into the spec format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Primitive {
    /// `string`: UTF-8 text.
    String,
    /// `integer`: a 32-bit signed integer (the reference's `Integer`).
    Integer,
    /// `long`: a 64-bit signed integer (the reference's `Long`).
    Long,
    /// `float`: a 64-bit float.
    Float,
    /// `boolean`: `true` or `false`.
    Boolean,
}

impl Primitive {
    /// Every primitive, in the order the format documents them.
    pub const ALL: [Primitive; 5] = [
        Primitive::String,
        Primitive::Integer,
        Primitive::Long,
        Primitive::Float,
        Primitive::Boolean,
    ];

    /// Parses a type name (`string`, `integer`, ...); `None` for anything else.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// The type name as written in the spec.
    pub fn as_str(self) -> &'static str {
        match self {
            Primitive::String => "string",
            Primitive::Integer => "integer",
            Primitive::Long => "long",
            Primitive::Float => "float",
            Primitive::Boolean => "boolean",
        }
    }

    /// Whether numeric constraints (`values`, `ranges`, `forbidden_values`) apply.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Primitive::Integer | Primitive::Long | Primitive::Float
        )
    }
}

impl fmt::Display for Primitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The type name of a list member (`type: "list"`).
pub const LIST: &str = "list";

/// What a type name (a member's `type` or `items`) denotes in a given spec.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TypeRef<'a> {
    /// A built-in scalar.
    Primitive(Primitive),
    /// `list` (the element type is in the member's `items`).
    List,
    /// A named shape defined somewhere in the spec.
    Shape(&'a str, &'a Shape),
    /// Neither a primitive, `list`, nor a defined shape.
    Unknown,
}

impl TypeRef<'_> {
    /// Whether this is a structure shape.
    pub fn is_structure(&self) -> bool {
        matches!(self, TypeRef::Shape(_, Shape::Structure { .. }))
    }

    /// A short description for messages: `"string"`, `"list"`, `structure "IkeConfig"`...
    pub fn describe(&self) -> String {
        match self {
            TypeRef::Primitive(p) => format!("\"{p}\""),
            TypeRef::List => format!("\"{LIST}\""),
            TypeRef::Shape(name, Shape::Structure { .. }) => format!("structure \"{name}\""),
            TypeRef::Shape(name, Shape::Enum { .. }) => format!("enum \"{name}\""),
            TypeRef::Unknown => "an unknown type".to_string(),
        }
    }
}

impl Member {
    /// The element type: `items` for a list (empty when missing), else `type`.
    pub fn element_type(&self) -> &str {
        if self.ty == LIST {
            self.items.as_deref().unwrap_or("")
        } else {
            &self.ty
        }
    }

    /// Whether `type` is `list`.
    pub fn is_list(&self) -> bool {
        self.ty == LIST
    }
}

impl Shape {
    /// The shape's English description.
    pub fn description(&self) -> &str {
        match self {
            Shape::Structure { description, .. } | Shape::Enum { description, .. } => description,
        }
    }

    /// The shape's errata notes.
    pub fn notes(&self) -> &[String] {
        match self {
            Shape::Structure { notes, .. } | Shape::Enum { notes, .. } => notes,
        }
    }

    /// Acknowledged differences from the official model.
    pub fn upstream(&self) -> &[UpstreamDiff] {
        match self {
            Shape::Structure { upstream, .. } | Shape::Enum { upstream, .. } => upstream,
        }
    }

    /// The members of a structure; `None` for an enum.
    pub fn members(&self) -> Option<&BTreeMap<String, Member>> {
        match self {
            Shape::Structure { members, .. } => Some(members),
            Shape::Enum { .. } => None,
        }
    }
}

impl Spec {
    /// The resource whose lifecycle operation `op` is, with its role; for an operation
    /// that only appears in resources' `operations` lists, the first such resource (by
    /// name) with [`Role::Other`]. `None` when no resource names it.
    pub fn resource_of(&self, op: &str) -> Option<(&str, &Resource, Role)> {
        let mut other = None;
        for (name, r) in &self.resources {
            for (role, o) in r.roles() {
                if o != op {
                    continue;
                }
                if role != Role::Other {
                    return Some((name, r, role));
                }
                other = other.or(Some((name.as_str(), r, role)));
            }
        }
        other
    }

    /// What `name` denotes: a primitive, `list`, a defined shape, or nothing.
    pub fn resolve_type(&self, name: &str) -> TypeRef<'_> {
        if let Some(p) = Primitive::parse(name) {
            TypeRef::Primitive(p)
        } else if name == LIST {
            TypeRef::List
        } else if let Some((key, shape)) = self.shapes.get_key_value(name) {
            TypeRef::Shape(key, shape)
        } else {
            TypeRef::Unknown
        }
    }

    /// Follows a dotted path of member names (`VpnConnectionConfig.IkeConfig`) from
    /// `members`, descending through structure members; list wrappers are transparent
    /// (they are not part of the path) and a path cannot cross a list. Returns the member
    /// the last segment names.
    pub fn member_at_path<'a>(
        &'a self,
        members: &'a BTreeMap<String, Member>,
        path: &str,
    ) -> Result<&'a Member, PathError> {
        let mut current = members;
        let mut within: Option<&str> = None;
        let mut segments = path.split('.').peekable();
        loop {
            let segment = segments.next().unwrap_or_default();
            let member = current.get(segment).ok_or_else(|| PathError::NoMember {
                member: segment.to_string(),
                within: within.map(str::to_string),
            })?;
            if segments.peek().is_none() {
                return Ok(member);
            }
            if member.is_list() {
                return Err(PathError::CrossesList {
                    member: segment.to_string(),
                });
            }
            match self.resolve_type(&member.ty) {
                TypeRef::Shape(name, Shape::Structure { members, .. }) => {
                    current = members;
                    within = Some(name);
                }
                other => {
                    return Err(PathError::NotAStructure {
                        member: segment.to_string(),
                        ty: other.describe(),
                    });
                }
            }
        }
    }
}

/// Why [`Spec::member_at_path`] failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    /// A segment names no member (`within` is the structure searched, `None` at the top).
    NoMember {
        /// The missing member name.
        member: String,
        /// The structure shape that was searched, or `None` for the top level.
        within: Option<String>,
    },
    /// A non-final segment is a list.
    CrossesList {
        /// The list member.
        member: String,
    },
    /// A non-final segment is not a structure.
    NotAStructure {
        /// The member.
        member: String,
        /// Its type, as [`TypeRef::describe`] writes it.
        ty: String,
    },
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathError::NoMember {
                member,
                within: None,
            } => write!(f, "no member \"{member}\""),
            PathError::NoMember {
                member,
                within: Some(shape),
            } => write!(f, "no member \"{member}\" in structure \"{shape}\""),
            PathError::CrossesList { member } => {
                write!(f, "\"{member}\" is a list; a path cannot cross a list")
            }
            PathError::NotAStructure { member, ty } => {
                write!(f, "\"{member}\" is {ty}, not a structure")
            }
        }
    }
}

impl std::error::Error for PathError {}
