//! Where specs come from (directories, files, git revisions) and the command's exit codes.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diff_common::{base, expect, fixtures, member, temp_dir, write_spec};
use codegen::diff::cli::{self, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, Options};
use codegen::diff::source::{LoadError, SpecSource, Workspace, load_pair, resolve};
use codegen::diff::{OutputFormat, Severity, diff};
use codegen::spec::{OperationsFile, Spec};

fn workspace(root: &Path) -> Workspace {
    Workspace {
        root: root.to_path_buf(),
        spec_dir: "spec".into(),
        cwd: root.to_path_buf(),
    }
}

fn git(repo: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args([
            "-c",
            "user.name=Diff Test",
            "-c",
            "user.email=diff@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The base spec with one operation removed and one optional parameter added.
fn changed(old: &Spec) -> Spec {
    let mut new = old.clone();
    new.operations.remove("DeleteVpnGateway");
    let mut rg = member("string", "The resource group.");
    rg.example = Some("rg-acfmzs372yg****".into());
    new.operations
        .get_mut("CreateVpnGateway")
        .unwrap()
        .request
        .insert("ResourceGroupId".into(), rg);
    new
}

/// A repository with two commits on `main`: the base spec, then `changed`.
fn two_commit_repo() -> PathBuf {
    let repo = temp_dir("git");
    git(&repo, &["init", "-q", "-b", "main"]);
    let old = base();
    write_spec(&old, &repo.join("spec"));
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "base spec"]);
    write_spec(&changed(&old), &repo.join("spec"));
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "changed spec"]);
    repo
}

fn run(opts: &Options) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = cli::run(opts, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

fn options(old: &str, new: &str, ws: Workspace) -> Options {
    Options {
        old: old.into(),
        new: new.into(),
        format: OutputFormat::Text,
        fail_on: None,
        crate_version: Some("0.1.0".into()),
        workspace: ws,
    }
}

#[test]
fn git_revisions_are_read_without_touching_the_working_tree() {
    let repo = two_commit_repo();
    // The working tree differs from both commits: it must not be read.
    std::fs::remove_dir_all(repo.join("spec/operations")).unwrap();
    let ws = workspace(&repo);
    let (old, new) = load_pair("HEAD~1", "main", &ws).expect("both revisions load");
    let f = diff(&old, &new);
    expect(&f, "operation-removed", "DeleteVpnGateway");
    expect(
        &f,
        "request-param-optional-added",
        "CreateVpnGateway.request.ResourceGroupId",
    );
    assert_eq!(f.len(), 2, "{f:#?}");
    // REV:DIR names the spec directory inside the revision.
    let (old2, _) = load_pair("HEAD~1:spec", "HEAD", &ws).unwrap();
    assert_eq!(old2, old);
    let _ = std::fs::remove_dir_all(&repo);
}

#[test]
fn git_sources_are_named_rev_colon_path() {
    let repo = two_commit_repo();
    let src = resolve("HEAD~1", &workspace(&repo)).unwrap();
    assert_eq!(
        src,
        SpecSource::Git {
            rev: "HEAD~1".into(),
            dir: "spec".into()
        }
    );
    let sources = codegen::diff::source::read_sources(&src, &workspace(&repo)).unwrap();
    let paths: Vec<&str> = sources.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "HEAD~1:spec/service.json",
            "HEAD~1:spec/operations/vpn_gateway.json"
        ]
    );
    let _ = std::fs::remove_dir_all(&repo);
}

#[test]
fn a_broken_revision_reports_file_and_json_path_and_exits_2() {
    let repo = two_commit_repo();
    let file = repo.join("spec/operations/vpn_gateway.json");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("\"type\": \"boolean\"", "\"type\": 7", 1),
    )
    .unwrap();
    git(&repo, &["commit", "-q", "-am", "broken"]);
    match load_pair("HEAD~1", "HEAD", &workspace(&repo)) {
        Err(LoadError::Spec { side, errors, .. }) => {
            assert_eq!(side, "new");
            assert_eq!(errors[0].file, "HEAD:spec/operations/vpn_gateway.json");
            assert!(errors[0].path.starts_with("operations."), "{:?}", errors[0]);
        }
        other => panic!("expected a spec error, got {other:?}"),
    }
    let (code, out, err) = run(&options("HEAD~1", "HEAD", workspace(&repo)));
    assert_eq!(code, EXIT_ERROR);
    assert!(out.is_empty());
    assert!(
        err.contains("error: HEAD:spec/operations/vpn_gateway.json: operations."),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&repo);
}

#[test]
fn unknown_argument_is_a_usage_error() {
    let repo = two_commit_repo();
    let ws = workspace(&repo);
    assert!(matches!(
        resolve("no-such-branch", &ws),
        Err(LoadError::Usage(m)) if m.contains("neither a spec directory")
    ));
    let (code, _, err) = run(&options("no-such-branch", "HEAD", ws));
    assert_eq!(code, EXIT_ERROR);
    assert!(err.contains("`no-such-branch`"), "{err}");
    let _ = std::fs::remove_dir_all(&repo);
}

#[test]
fn fail_on_thresholds_and_exit_codes() {
    let repo = two_commit_repo();
    let ws = workspace(&repo);
    let with = |fail_on: Option<Severity>| {
        let mut o = options("HEAD~1", "HEAD", ws.clone());
        o.fail_on = fail_on;
        run(&o).0
    };
    // One breaking (operation removed) and one info finding.
    assert_eq!(with(None), EXIT_OK);
    assert_eq!(with(Some(Severity::Breaking)), EXIT_FINDINGS);
    assert_eq!(with(Some(Severity::Info)), EXIT_FINDINGS);

    // Only additions: info findings.
    let only_additions = temp_dir("additions");
    let old = base();
    let mut new = old.clone();
    new.operations
        .get_mut("CreateVpnGateway")
        .unwrap()
        .request
        .insert("ResourceGroupId".into(), member("string", "RG."));
    write_spec(&old, &only_additions.join("old"));
    write_spec(&new, &only_additions.join("new"));
    let ws2 = workspace(&only_additions);
    let with2 = |fail_on: Option<Severity>| {
        let mut o = options("old", "new", ws2.clone());
        o.fail_on = fail_on;
        run(&o).0
    };
    assert_eq!(with2(Some(Severity::Breaking)), EXIT_OK);
    assert_eq!(with2(Some(Severity::Warning)), EXIT_OK);
    assert_eq!(with2(Some(Severity::Info)), EXIT_FINDINGS);
    let _ = std::fs::remove_dir_all(&repo);
    let _ = std::fs::remove_dir_all(&only_additions);
}

#[test]
fn crate_version_defaults_to_sdk_manifest_and_rejects_garbage() {
    let repo = two_commit_repo();
    std::fs::create_dir_all(repo.join("sdk")).unwrap();
    std::fs::write(
        repo.join("sdk/Cargo.toml"),
        "[package]\nname = \"alibabacloud-vpn\"\nversion = \"0.4.2\"\n",
    )
    .unwrap();
    let mut o = options("HEAD~1", "HEAD", workspace(&repo));
    o.crate_version = None;
    let (code, out, _) = run(&o);
    assert_eq!(code, EXIT_OK);
    assert!(out.contains("suggested version: 0.4.2 -> 0.5.0"), "{out}");
    o.crate_version = Some("one".into());
    let (code, _, err) = run(&o);
    assert_eq!(code, EXIT_ERROR);
    assert!(err.contains("--crate-version"), "{err}");
    let _ = std::fs::remove_dir_all(&repo);
}

#[test]
fn directory_forms() {
    let root = temp_dir("dirs");
    write_spec(&base(), &root.join("spec"));
    let ws = workspace(&root);
    // `.` at the root means ./spec; a file inside a spec directory means the directory.
    for arg in [
        ".",
        "spec",
        "spec/",
        "spec/service.json",
        "spec/operations/vpn_gateway.json",
    ] {
        match resolve(arg, &ws) {
            Ok(SpecSource::Dir { path, .. }) => {
                assert_eq!(
                    path.canonicalize().unwrap(),
                    root.join("spec").canonicalize().unwrap(),
                    "{arg}"
                )
            }
            other => panic!("{arg}: {other:?}"),
        }
    }
    std::fs::create_dir_all(root.join("empty")).unwrap();
    assert!(matches!(resolve("empty", &ws), Err(LoadError::Usage(_))));
    let (old, new) = load_pair(".", "spec/service.json", &ws).unwrap();
    assert!(diff(&old, &new).is_empty());
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_standalone_operations_file_replaces_its_counterpart() {
    let root = temp_dir("standalone");
    let old = base();
    write_spec(&old, &root.join("spec"));
    // An older copy of the group file, under another name, outside any spec directory.
    let mut file: OperationsFile = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("base/operations/vpn_gateway.json")).unwrap(),
    )
    .unwrap();
    file.operations.remove("DeleteVpnGateway");
    let copy = root.join("vpn_gateway.old.json");
    std::fs::write(&copy, serde_json::to_string_pretty(&file).unwrap()).unwrap();
    let ws = workspace(&root);
    assert!(matches!(
        resolve("vpn_gateway.old.json", &ws),
        Ok(SpecSource::File { .. })
    ));
    let (o, n) = load_pair("vpn_gateway.old.json", "spec", &ws).expect("loads");
    let f = diff(&o, &n);
    assert_eq!(f.len(), 1, "{f:#?}");
    expect(&f, "operation-added", "DeleteVpnGateway");
    // A standalone service file replaces service.json.
    let mut service: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("spec/service.json")).unwrap())
            .unwrap();
    service["service"]["api_version"] = "2099-01-01".into();
    std::fs::write(root.join("svc.json"), service.to_string()).unwrap();
    let (o, n) = load_pair("spec", "svc.json", &ws).expect("loads");
    let f = diff(&o, &n);
    expect(&f, "service-api-version-changed", "service.api_version");
    let _ = std::fs::remove_dir_all(&root);
}
