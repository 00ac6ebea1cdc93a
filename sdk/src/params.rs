//! The operation parameters of one request, in wire form.
//!
//! Generated `Input::to_params` fills a [`Params`]; the runtime adds the common
//! parameters, signs and sends them.

use std::borrow::Cow;
use std::fmt;

/// Operation parameters as ordered `(wire name, value)` pairs. Names are usually the
/// spec's literals and are then borrowed, not copied.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Params {
    pairs: Vec<(Cow<'static, str>, String)>,
    secret_names: Vec<Cow<'static, str>>,
    /// Every secret value the parameters carry: whole secret parameters and the secret
    /// members inside JSON-string parameters.
    secret_values: Vec<String>,
}

impl Params {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a parameter.
    pub fn insert(&mut self, name: impl Into<Cow<'static, str>>, value: impl Into<String>) {
        let name = name.into();
        let value = value.into();
        match self.pairs.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.pairs.push((name, value)),
        }
    }

    /// Adds a parameter whose value must never be logged.
    pub fn insert_secret(&mut self, name: impl Into<Cow<'static, str>>, value: impl Into<String>) {
        let name = name.into();
        let value = value.into();
        if !self.secret_names.contains(&name) {
            self.secret_names.push(name.clone());
        }
        self.note_secret(&value);
        self.insert(name, value);
    }

    /// Records a secret value carried inside a parameter (the pre-shared key inside the
    /// JSON text of `IkeConfig`), so that the runtime scrubs it from errors and logs
    /// wherever it shows up, alone or inside that text.
    pub fn note_secret(&mut self, value: &str) {
        if !self.secret_values.iter().any(|v| v == value) {
            self.secret_values.push(value.to_string());
        }
    }

    /// Every secret value recorded with [`insert_secret`](Self::insert_secret) or
    /// [`note_secret`](Self::note_secret).
    pub fn secret_values(&self) -> impl Iterator<Item = &str> {
        self.secret_values.iter().map(String::as_str)
    }

    /// The value of a parameter.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether a parameter is present.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// All pairs in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(n, v)| (&**n, v.as_str()))
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Whether the named parameter (or a JSON-string parameter containing it) is secret.
    pub fn is_secret(&self, name: &str) -> bool {
        self.secret_names.iter().any(|n| n == name)
    }
}

impl fmt::Debug for Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut m = f.debug_map();
        for (n, v) in &self.pairs {
            if self.is_secret(n) {
                m.entry(n, &"** redacted **");
            } else {
                m.entry(n, v);
            }
        }
        m.finish()
    }
}

/// Conversion of a scalar to its wire text.
pub trait ToParam {
    /// The wire text of the value.
    fn to_param(&self) -> String;
}

macro_rules! to_param_display {
    ($($t:ty),*) => {$(
        impl ToParam for $t {
            fn to_param(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
to_param_display!(String, i32, i64, f32, f64, bool);

impl ToParam for &str {
    fn to_param(&self) -> String {
        (*self).to_string()
    }
}
