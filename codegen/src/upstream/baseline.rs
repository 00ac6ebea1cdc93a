//! The baseline of known drift (`spec/upstream/baseline.json`): differences from the
//! official model that the spec neither fixes nor acknowledges yet. The audit passes while
//! every unacknowledged finding is listed here, and fails on a listed entry that no longer
//! occurs, so the file can only shrink.
//!
//! The file holds one entry per line, sorted, so that a diff shows each entry gained or
//! lost:
//!
//! ```json
//! {
//!   "snapshot": "@alicloud/vpc20160428@7.3.2",
//!   "entries": [
//!     {"operation": "CreateVpnGateway", "kind": "missing_request_param", "path": "request.ClientToken"}
//!   ]
//! }
//! ```

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};
use vpn_spec::model::DiffKind;

use crate::upstream::audit::Finding;

/// One known difference: what a [`Finding`] is matched on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The operation.
    pub operation: String,
    /// What differs.
    pub kind: DiffKind,
    /// Where (see [`Finding::path`]).
    pub path: String,
    /// The value concerned, for enum and constraint findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl Entry {
    /// The entry that lists `finding`.
    pub fn of(finding: &Finding) -> Self {
        Entry {
            operation: finding.operation.clone(),
            kind: finding.kind,
            path: finding.path.clone(),
            value: finding.value.clone(),
        }
    }
}

/// The whole file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The snapshot the entries were taken against (`package@version`), for the reader.
    pub snapshot: String,
    /// The known differences.
    pub entries: BTreeSet<Entry>,
}

impl Baseline {
    /// Parses the file's text.
    pub fn parse(text: &str) -> Result<Self, String> {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| format!("{}: {}", e.path(), e.inner()))
    }

    /// Reads `path`; a missing file is an empty baseline.
    pub fn read(path: &Path) -> Result<Self, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Baseline::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// The canonical text: sorted entries, one per line, trailing newline.
    pub fn to_text(&self) -> String {
        let mut out = String::from("{\n");
        out.push_str(&format!(
            "  \"snapshot\": {},\n  \"entries\": [",
            serde_json::to_string(&self.snapshot).expect("a string serialises")
        ));
        let lines: Vec<String> = self
            .entries
            .iter()
            .map(|e| {
                format!(
                    "    {}",
                    serde_json::to_string(e).expect("entries serialise")
                )
            })
            .collect();
        if lines.is_empty() {
            out.push_str("]\n}\n");
        } else {
            out.push('\n');
            out.push_str(&lines.join(",\n"));
            out.push_str("\n  ]\n}\n");
        }
        out
    }
}
