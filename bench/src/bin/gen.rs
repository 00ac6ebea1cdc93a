//! Helpers for `build-cost.sh`: scale a spec up synthetically, add one optional
//! parameter to an operation, and generate the SDK's code from a spec directory into any
//! output directory (with the `codegen` library, as `cargo xtask codegen --spec --out`
//! does, writing only files whose content changed).
//!
//! ```text
//! gen scale     --spec DIR --out DIR --factor K   # every operation K times (copies renamed <Action>Copy<k>)
//! gen add-param --spec DIR --op ACTION --param NAME   # an optional string request member
//! gen generate  --spec DIR --out DIR              # prints: files, lines, bytes, milliseconds
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::{Map, Value, json};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        fail("usage: gen scale|add-param|generate ... (see the source)");
    };
    let flag = |name: &str| -> String {
        rest.iter()
            .position(|a| a == name)
            .and_then(|i| rest.get(i + 1))
            .cloned()
            .unwrap_or_else(|| fail(&format!("{cmd}: missing {name}")))
    };
    match cmd.as_str() {
        "scale" => {
            let factor: usize = flag("--factor")
                .parse()
                .unwrap_or_else(|e| fail(&format!("--factor: {e}")));
            scale(
                Path::new(&flag("--spec")),
                Path::new(&flag("--out")),
                factor,
            );
        }
        "add-param" => add_param(Path::new(&flag("--spec")), &flag("--op"), &flag("--param")),
        "generate" => generate(Path::new(&flag("--spec")), Path::new(&flag("--out"))),
        other => fail(&format!("unknown command `{other}`")),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("gen: {message}");
    std::process::exit(2)
}

fn read_json(path: &Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
    serde_json::from_str(&text).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())))
}

fn write_json(path: &Path, value: &Value) {
    let text = serde_json::to_string_pretty(value).expect("JSON") + "\n";
    std::fs::write(path, text).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
}

fn operation_files(spec: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(spec.join("operations"))
        .unwrap_or_else(|e| fail(&format!("{}: {e}", spec.display())))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// Copies `spec` to `out` with every operation present `factor` times: the original and
/// `factor - 1` copies named `<Action>Copy<k>` in the same group file. Shapes and
/// waiters are not copied (the copies share the originals' shapes).
fn scale(spec: &Path, out: &Path, factor: usize) {
    if factor == 0 {
        fail("--factor must be at least 1");
    }
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out.join("operations")).expect("creating the output spec dir");
    for name in ["service.json", "spec.schema.json"] {
        if spec.join(name).exists() {
            std::fs::copy(spec.join(name), out.join(name)).expect("copying a spec file");
        }
    }
    let mut total = 0;
    for file in operation_files(spec) {
        let mut doc = read_json(&file);
        let ops = doc
            .get_mut("operations")
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| fail(&format!("{}: no operations", file.display())));
        let originals: Vec<(String, Value)> =
            ops.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        for k in 1..factor {
            for (name, op) in &originals {
                ops.insert(format!("{name}Copy{k}"), op.clone());
            }
        }
        total += ops.len();
        write_json(
            &out.join("operations")
                .join(file.file_name().expect("a file name")),
            &doc,
        );
    }
    println!("{total}");
}

/// Adds an optional string request member to one operation.
fn add_param(spec: &Path, op: &str, param: &str) {
    for file in operation_files(spec) {
        let mut doc = read_json(&file);
        let Some(operation) = doc
            .get_mut("operations")
            .and_then(|o| o.get_mut(op))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let request = operation
            .entry("request")
            .or_insert_with(|| Value::Object(Map::new()))
            .as_object_mut()
            .expect("request is an object");
        request.insert(
            param.to_string(),
            json!({
                "type": "string",
                "description": "An optional parameter added by the build-cost benchmark.",
                "example": "bench"
            }),
        );
        write_json(&file, &doc);
        return;
    }
    fail(&format!("no operation `{op}` in {}", spec.display()));
}

/// Generates into `out`: writes new and changed files only, removes files that are no
/// longer generated, and prints `files lines bytes milliseconds`.
fn generate(spec_dir: &Path, out: &Path) {
    let started = Instant::now();
    let spec = codegen::spec::load_dir(spec_dir).unwrap_or_else(|errors| {
        for e in &errors {
            eprintln!("error: {e}");
        }
        fail("the spec does not load")
    });
    let files: BTreeMap<PathBuf, String> =
        codegen::generate(&spec).unwrap_or_else(|e| fail(&e.to_string()));
    let elapsed = started.elapsed();
    let mut existing = Vec::new();
    collect(out, out, &mut existing);
    for path in existing {
        if !files.contains_key(&path) {
            std::fs::remove_file(out.join(&path)).expect("removing a stale file");
        }
    }
    let (mut lines, mut bytes) = (0usize, 0usize);
    for (path, text) in &files {
        lines += text.lines().count();
        bytes += text.len();
        let target = out.join(path);
        if std::fs::read_to_string(&target).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("creating a dir");
        std::fs::write(&target, text).expect("writing a generated file");
    }
    println!(
        "{} {} {} {}",
        files.len(),
        lines,
        bytes,
        elapsed.as_millis()
    );
}

fn collect(root: &Path, dir: &Path, into: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, into);
        } else if let Ok(rel) = path.strip_prefix(root) {
            into.push(rel.to_path_buf());
        }
    }
}
