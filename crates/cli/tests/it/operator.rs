//! The operator's path from demo to production (issue 15): global options in any position,
//! the data directory, admin tools that open existing stores only, the empty-store warning
//! and the health listener reachable without a client certificate.

mod client_tls;
mod health;
mod registry_admin;

use std::path::Path;
use std::process::{Command, Output};

/// Runs `underlag` in `dir` with `args`, no configuration from the environment.
pub(crate) fn underlag_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_underlag"))
        .args(args)
        .current_dir(dir)
        .env_remove("UNDERLAG_CONFIG")
        .env_remove("UNDERLAG_DATA_DIR")
        .env("RUST_LOG", "warn")
        .output()
        .expect("the underlag binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn admin_with_a_database_path_that_does_not_exist_refuses_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &[
            "admin",
            "--database",
            "sqlite://typo/audit.db",
            "connection",
            "list",
        ][..],
        // The option after the subcommand, as it works everywhere now.
        &[
            "admin",
            "connection",
            "list",
            "--database",
            "sqlite://typo/audit.db",
        ][..],
    ] {
        let run = underlag_in(dir.path(), args);
        let stderr = text(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("there is no database"), "{stderr}");
        assert!(stderr.contains("--create-database"), "{stderr}");
    }
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "nothing is created: {left:?}");
}

#[test]
fn admin_creates_a_database_only_when_told_and_relative_paths_follow_the_data_dir() {
    let work = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap();
    let add = [
        "admin",
        "connection",
        "add",
        "2120000142",
        "--name",
        "Exempelkommun",
        "--unit",
        "Socialnämnden",
        "--create-database",
        "--data-dir",
        data_dir,
    ];
    let run = underlag_in(work.path(), &add);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(
        data.path().join("underlag-data/audit.db").is_file(),
        "the default database is read against the data directory"
    );
    assert!(
        std::fs::read_dir(work.path()).unwrap().next().is_none(),
        "nothing in the working directory"
    );
    // From another working directory, with the data directory before the subcommand.
    let list = underlag_in(
        work.path(),
        &["--data-dir", data_dir, "admin", "connection", "list"],
    );
    assert!(list.status.success(), "{}", text(&list.stderr));
    assert!(text(&list.stdout).contains("Exempelkommun"));
    // The audit tools read the same data directory: the store is found, and the verifying
    // key is looked for beside it (written by the gateway's first start, not by `admin`).
    let verify = underlag_in(work.path(), &["audit", "verify", "--data-dir", data_dir]);
    let stderr = text(&verify.stderr);
    assert!(!stderr.contains("there is no audit database"), "{stderr}");
    assert!(
        stderr.contains(&format!("{data_dir}/underlag-data/audit-signing.pub")),
        "{stderr}"
    );
}

#[test]
fn a_data_directory_that_does_not_exist_is_refused() {
    let work = tempfile::tempdir().unwrap();
    let run = underlag_in(
        work.path(),
        &[
            "serve",
            "--data-dir",
            "no-such-dir",
            "--database",
            "sqlite::memory:",
        ],
    );
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("data directory"), "{stderr}");
    assert!(stderr.contains("UNDERLAG_DATA_DIR"), "{stderr}");
}

#[test]
fn logs_carry_no_colour_codes_when_not_on_a_terminal() {
    let work = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_underlag"))
        .args(["admin", "connection", "list", "--create-database"])
        .current_dir(work.path())
        .env_remove("UNDERLAG_CONFIG")
        .env_remove("UNDERLAG_DATA_DIR")
        .env("RUST_LOG", "info")
        .output()
        .unwrap();
    let stderr = text(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("data directory"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "no ANSI escape: {stderr:?}");
}

#[test]
fn admin_history_lists_who_changed_the_registry_from_the_audit_chain() {
    let work = tempfile::tempdir().unwrap();
    let ok = |args: &[&str]| {
        let run = underlag_in(work.path(), args);
        assert!(run.status.success(), "{args:?}: {}", text(&run.stderr));
        text(&run.stdout)
    };
    ok(&[
        "admin",
        "connection",
        "add",
        "2120000142",
        "--name",
        "Exempelkommun",
        "--unit",
        "Socialnämnden",
        "--create-database",
        "--actor",
        "admin-anna",
    ]);
    ok(&[
        "admin",
        "--actor",
        "admin-bo",
        "connection",
        "set-sources",
        "2120000142",
        "--source",
        "fk,af",
    ]);
    let history = ok(&["admin", "history"]);
    let lines: Vec<&str> = history.lines().collect();
    assert_eq!(lines.len(), 2, "{history}");
    assert!(lines[0].contains("admin-anna") && lines[0].contains("connection.add"));
    assert!(lines[1].contains("admin-bo") && lines[1].contains("connection.sources FK,AF"));
    let other = ok(&["admin", "history", "--organisation", "5560000001"]);
    assert!(other.contains("No registry changes"), "{other}");
}
