//! With the `embedded` feature, writes `$OUT_DIR/embedded.rs`: the spec files of this
//! directory, in load order, as `(display path, include_str!(..))` pairs. The file list
//! comes from `src/layout.rs`, the one place that knows the layout.

#[path = "src/layout.rs"]
#[allow(dead_code)]
mod layout;

use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    println!(
        "cargo:rerun-if-changed={}",
        dir.join(layout::SERVICE_FILE).display()
    );
    println!(
        "cargo:rerun-if-changed={}",
        dir.join(layout::OPERATIONS_DIR).display()
    );
    let mut out = String::from("&[\n");
    if std::env::var_os("CARGO_FEATURE_EMBEDDED").is_some() {
        let files = layout::files(&dir).expect("the spec directory lists");
        for (relative, _) in files {
            let path = dir.join(&relative);
            println!("cargo:rerun-if-changed={}", path.display());
            out.push_str(&format!(
                "    ({:?}, include_str!({:?})),\n",
                format!("spec/{relative}"),
                path.to_string_lossy()
            ));
        }
    }
    out.push_str("]\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out_dir.join("embedded.rs"), out).expect("write embedded.rs");
}
