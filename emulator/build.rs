//! Embeds the API spec (`spec/service.json` and `spec/operations/*.json`) into the
//! emulator binary: writes `$OUT_DIR/spec_sources.rs`, a list of `(path, include_str!)`
//! pairs that `src/spec.rs` includes, service file first, operations files sorted.

use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let spec_dir = manifest.join("..").join("spec");
    let ops_dir = spec_dir.join("operations");
    println!(
        "cargo:rerun-if-changed={}",
        spec_dir.join("service.json").display()
    );
    println!("cargo:rerun-if-changed={}", ops_dir.display());

    let mut files = vec![spec_dir.join("service.json")];
    let mut ops: Vec<PathBuf> = std::fs::read_dir(&ops_dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    ops.sort();
    for op in &ops {
        println!("cargo:rerun-if-changed={}", op.display());
    }
    files.extend(ops);

    let mut out = String::from("&[\n");
    for f in &files {
        let display = display_path(&spec_dir, f);
        let abs = f.canonicalize().unwrap_or_else(|_| f.clone());
        out.push_str(&format!(
            "    ({display:?}, include_str!({:?})),\n",
            abs.to_string_lossy()
        ));
    }
    out.push_str("]\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out_dir.join("spec_sources.rs"), out).expect("write spec_sources.rs");
}

/// `spec/service.json`, `spec/operations/x.json`: the path shown in spec errors.
fn display_path(spec_dir: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(spec_dir).unwrap_or(file);
    format!("spec/{}", rel.to_string_lossy().replace('\\', "/"))
}
