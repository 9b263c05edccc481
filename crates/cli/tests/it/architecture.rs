//! ARCHITECTURE.md tells the truth about the crate map: its dependency graph block equals the
//! workspace's real graph (`cargo metadata`), and every crate folder has a section.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

type Graph = BTreeMap<String, BTreeSet<String>>;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn architecture_md() -> String {
    std::fs::read_to_string(workspace_root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md")
}

/// The graph `cargo metadata` reports: each workspace package and the workspace packages it
/// depends on (normal dependencies only; dev- and build-dependencies are not architecture).
fn real_graph() -> Graph {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(workspace_root())
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "cargo metadata failed");
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata is JSON");
    let packages = meta["packages"].as_array().expect("packages");
    let names: BTreeSet<String> = packages
        .iter()
        .map(|p| p["name"].as_str().expect("name").to_owned())
        .collect();
    packages
        .iter()
        .map(|p| {
            let deps = p["dependencies"]
                .as_array()
                .expect("dependencies")
                .iter()
                .filter(|d| d["kind"].is_null())
                .filter_map(|d| d["name"].as_str())
                .filter(|n| names.contains(*n))
                .map(str::to_owned)
                .collect();
            (p["name"].as_str().expect("name").to_owned(), deps)
        })
        .collect()
}

/// The graph written between the `dependency-graph` markers: `crate -> dep, dep`.
fn documented_graph(doc: &str) -> Graph {
    let begin = doc
        .find("<!-- dependency-graph:begin -->")
        .expect("ARCHITECTURE.md has a dependency-graph:begin marker");
    let end = doc
        .find("<!-- dependency-graph:end -->")
        .expect("ARCHITECTURE.md has a dependency-graph:end marker");
    doc[begin..end]
        .lines()
        .filter(|line| !line.starts_with("<!--"))
        .filter_map(|line| line.split_once("->"))
        .map(|(name, deps)| {
            let deps = deps
                .split(',')
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_owned)
                .collect();
            (name.trim().to_owned(), deps)
        })
        .collect()
}

fn render(graph: &Graph) -> String {
    let width = graph.keys().map(String::len).max().unwrap_or(0);
    graph
        .iter()
        .map(|(name, deps)| {
            let deps: Vec<&str> = deps.iter().map(String::as_str).collect();
            format!("{name:width$} -> {}", deps.join(", "))
                .trim_end()
                .to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_documented_dependency_graph_is_the_real_one() {
    let real = real_graph();
    let documented = documented_graph(&architecture_md());
    assert!(
        documented == real,
        "ARCHITECTURE.md's dependency graph differs from cargo metadata; the real graph is:\n{}",
        render(&real)
    );
}

#[test]
fn every_crate_folder_has_a_section_in_the_code_map() {
    let doc = architecture_md();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(workspace_root().join("crates")).expect("crates/") {
        let entry = entry.expect("entry");
        if !entry.path().join("Cargo.toml").is_file() {
            continue;
        }
        let dir = entry.file_name().to_string_lossy().into_owned();
        if !doc.contains(&format!("### `crates/{dir}`")) {
            missing.push(dir);
        }
    }
    assert!(
        missing.is_empty(),
        "crates without a section in ARCHITECTURE.md: {missing:?}"
    );
}

#[test]
fn the_graph_has_no_edge_outward_from_the_pure_centre() {
    // The pure centre (domain, audit, registry, spec) never depends on a door or an edge.
    let real = real_graph();
    let edges = [
        "underlag-api",
        "underlag-soap",
        "underlag-gateway",
        "underlag-store",
        "underlag-upstream",
        "underlag-tls",
        "underlag-sim",
        "underlag",
    ];
    for centre in [
        "underlag-domain",
        "underlag-audit",
        "underlag-registry",
        "underlag-spec",
    ] {
        let deps = &real[centre];
        for edge in edges {
            assert!(!deps.contains(edge), "{centre} depends on {edge}");
        }
    }
}
