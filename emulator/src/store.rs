//! The emulated resources, per region (keyed by `RegionId`): one list of records per
//! region, in creation order. A record is an instance of one of the spec's resources, its
//! properties a JSON map keyed the way requests name them. What the properties mean is
//! the engine's and the hooks' business; this module only keeps them.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// One instance of a spec resource.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The spec resource it is an instance of (`VpnGateway`).
    pub resource: String,
    /// Its id (the identifier's value), or `#<n>` for a resource without an identifier.
    pub id: String,
    /// When it was created, epoch milliseconds.
    pub created_ms: i64,
    /// Properties by request member name.
    pub props: Map<String, Value>,
}

impl Record {
    /// A string property.
    pub fn str(&self, name: &str) -> Option<&str> {
        self.props.get(name).and_then(Value::as_str)
    }

    /// An integer property.
    pub fn int(&self, name: &str) -> Option<i64> {
        self.props.get(name).and_then(Value::as_i64)
    }

    /// A boolean property.
    pub fn bool(&self, name: &str) -> Option<bool> {
        self.props.get(name).and_then(Value::as_bool)
    }

    /// Sets a property.
    pub fn set(&mut self, name: &str, value: impl Into<Value>) {
        self.props.insert(name.to_string(), value.into());
    }

    /// Sets a property unless it has a value.
    pub fn default(&mut self, name: &str, value: impl Into<Value>) {
        self.props
            .entry(name.to_string())
            .or_insert_with(|| value.into());
    }
}

/// Every region's records.
#[derive(Debug, Default, Clone)]
pub struct Store {
    regions: BTreeMap<String, Vec<Record>>,
    next_key: u64,
}

impl Store {
    /// The region's records, oldest first (empty when the region was never used).
    pub fn records(&self, region: &str) -> &[Record] {
        self.regions.get(region).map_or(&[], Vec::as_slice)
    }

    /// The region's records of `resource`, oldest first.
    pub fn of<'a>(&'a self, region: &str, resource: &'a str) -> impl Iterator<Item = &'a Record> {
        self.records(region)
            .iter()
            .filter(move |r| r.resource == resource)
    }

    /// The record of `resource` with id `id`.
    pub fn find(&self, region: &str, resource: &str, id: &str) -> Option<&Record> {
        self.records(region)
            .iter()
            .find(|r| r.resource == resource && r.id == id)
    }

    /// The record of `resource` with id `id`, to change it.
    pub fn find_mut(&mut self, region: &str, resource: &str, id: &str) -> Option<&mut Record> {
        self.regions
            .get_mut(region)?
            .iter_mut()
            .find(|r| r.resource == resource && r.id == id)
    }

    /// Adds a record.
    pub fn insert(&mut self, region: &str, record: Record) {
        self.regions
            .entry(region.to_string())
            .or_default()
            .push(record);
    }

    /// Replaces the stored record with the same resource and id (no-op when gone).
    pub fn replace(&mut self, region: &str, record: Record) {
        if let Some(slot) = self.find_mut(region, &record.resource, &record.id) {
            *slot = record;
        }
    }

    /// Removes the records for which `doomed` is true.
    pub fn remove(&mut self, region: &str, doomed: impl Fn(&Record) -> bool) {
        if let Some(records) = self.regions.get_mut(region) {
            records.retain(|r| !doomed(r));
        }
    }

    /// A fresh internal key (`#1`, `#2`...) for a resource without an identifier.
    pub fn next_key(&mut self) -> String {
        self.next_key += 1;
        format!("#{}", self.next_key)
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.regions.clear();
    }
}
