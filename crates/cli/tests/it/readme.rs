//! The README's "Running the gateway" section, run as written: its shell blocks in order in a
//! fresh folder (with `config/` and `target/release/underlag` linked to this checkout's
//! configuration and the binary under test), `sim` on its fixed ports, `serve` on an empty
//! store (which warns that no connection is registered), a connection and a case
//! registered, and one query that all seven sources answer.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `sh` blocks of the README section titled `title`, in order.
fn shell_blocks(title: &str) -> Vec<String> {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let start = readme
        .find(&format!("\n## {title}\n"))
        .unwrap_or_else(|| panic!("no section {title}"));
    let section = &readme[start + 1..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let mut blocks = Vec::new();
    let mut rest = section;
    while let Some(open) = rest.find("```sh\n") {
        let body = &rest[open + 6..];
        let close = body.find("```").unwrap();
        blocks.push(body[..close].to_owned());
        rest = &body[close..][3..];
    }
    blocks
}

/// Starts a block whose last line runs until stopped (`exec`'d, so the child is the
/// command), in `dir`, and reads its standard output until a line starts with `ready`.
fn spawn_block(block: &str, dir: &Path, env: &[(&str, &str)], ready: &str) -> (Child, Vec<String>) {
    let mut lines: Vec<&str> = block.lines().filter(|l| !l.trim().is_empty()).collect();
    let last = format!("exec {}", lines.pop().unwrap());
    let script = lines
        .into_iter()
        .chain(std::iter::once(last.as_str()))
        .collect::<Vec<_>>()
        .join("\n");
    let mut command = Command::new("bash");
    command
        .args(["-euc", &script])
        .current_dir(dir)
        .env_remove("UNDERLAG_CONFIG")
        .env_remove("UNDERLAG_DATA_DIR")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().unwrap();
    let mut seen = Vec::new();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    for line in stdout.lines() {
        let line = line.unwrap();
        let done = line.starts_with(ready);
        seen.push(line);
        if done {
            return (child, seen);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    panic!("`{script}` ended before `{ready}`: {seen:?}\n{stderr}");
}

/// Runs a block to its end in `dir`; its standard output, after asserting success.
fn run_block(block: &str, dir: &Path, env: &[(&str, &str)]) -> String {
    let mut command = Command::new("bash");
    command
        .args(["-euc", block])
        .current_dir(dir)
        .env_remove("UNDERLAG_CONFIG")
        .env_remove("UNDERLAG_DATA_DIR")
        .env("RUST_LOG", "warn");
    for (k, v) in env {
        command.env(k, v);
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "`{block}` failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Stops a spawned block and returns its standard error.
fn stop(mut child: Child) -> String {
    let _ = child.kill();
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut stderr);
    }
    let _ = child.wait();
    stderr
}

#[test]
fn running_the_gateway_works_as_the_readme_says() {
    let blocks = shell_blocks("Running the gateway");
    assert_eq!(
        blocks.len(),
        5,
        "build, sim, serve, admin, query: {blocks:?}"
    );
    assert!(blocks[0].contains("cargo build --release -p underlag"));
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(repo_root()).unwrap();
    std::os::unix::fs::symlink(root.join("config"), dir.path().join("config")).unwrap();
    std::fs::create_dir_all(dir.path().join("target/release")).unwrap();
    std::os::unix::fs::symlink(
        env!("CARGO_BIN_EXE_underlag"),
        dir.path().join("target/release/underlag"),
    )
    .unwrap();

    // The agencies on their fixed ports, as the example configuration names them.
    let (sim, banner) = spawn_block(&blocks[1], dir.path(), &[], "Population:");
    assert!(
        banner.iter().any(|l| l == "fk = \"http://127.0.0.1:7101\""),
        "{banner:?}"
    );
    // The gateway on the example configuration; only its port is moved off 8080 (another
    // program on this machine may hold it), through the documented environment override.
    let (serve, started) = spawn_block(
        &blocks[2],
        dir.path(),
        &[("UNDERLAG__SERVER__LISTEN", "127.0.0.1:0")],
        "Underlag gateway listening on",
    );
    let gateway = started
        .last()
        .unwrap()
        .trim_start_matches("Underlag gateway listening on ")
        .to_owned();
    let data_dir = dir.path().join("gateway-data");
    assert!(data_dir.join("underlag-data/audit.db").is_file());

    let registered = run_block(&blocks[3], dir.path(), &[]);
    assert!(
        registered.contains("Connection 212000-0142 added."),
        "{registered}"
    );
    assert!(
        registered.contains("Case EB-2026-0100 opened"),
        "{registered}"
    );
    let answer = run_block(&blocks[4], dir.path(), &[("UNDERLAG_GATEWAY", &gateway)]);
    for code in ["FK", "AF", "CSN", "SKV", "SO", "TNS", "MIV"] {
        assert!(answer.contains(&format!("[{code}] ok")), "{code}: {answer}");
    }
    let serve_log = stop(serve);
    stop(sim);
    assert!(
        serve_log.contains("no_connection_registered"),
        "serve warns on the empty store: {serve_log}"
    );
}
