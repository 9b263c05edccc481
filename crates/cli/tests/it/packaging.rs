//! The systemd units in `packaging/systemd/` pass `systemd-analyze verify` (every directive
//! known to this systemd, the sections right, the timer's service present, the ExecStart
//! binary executable — our own binary is put in its place), with no warning at all, and the
//! command lines they run are accepted by the binary's argument parser.
//!
//! What it does not prove: that the hardening leaves the gateway able to run (that needs a
//! booted systemd), nor anything on another systemd version. When `systemd-analyze` is
//! missing the test says `SKIPPED` on stderr, unless `UNDERLAG_REQUIRE_SYSTEMD_ANALYZE=1`.

use std::path::{Path, PathBuf};
use std::process::Command;

const UNITS: [&str; 3] = [
    "underlag.service",
    "underlag-prune.service",
    "underlag-prune.timer",
];

/// Where the units say the binary is installed.
const INSTALLED_BINARY: &str = "/usr/local/bin/underlag";

fn packaging_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../packaging/systemd")
}

fn unit_text(name: &str) -> String {
    std::fs::read_to_string(packaging_dir().join(name)).unwrap()
}

/// The units copied into `dir` with the built binary in place of the installed one.
fn installed_copies(dir: &Path) -> Vec<PathBuf> {
    UNITS
        .iter()
        .map(|name| {
            let text = unit_text(name).replace(INSTALLED_BINARY, env!("CARGO_BIN_EXE_underlag"));
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect()
}

fn analyze(paths: &[PathBuf]) -> Option<(bool, String)> {
    let output = match Command::new("systemd-analyze")
        .arg("verify")
        .args(paths)
        .output()
    {
        Ok(output) => output,
        Err(_) if std::env::var("UNDERLAG_REQUIRE_SYSTEMD_ANALYZE").as_deref() == Ok("1") => {
            panic!("systemd-analyze is required but missing")
        }
        Err(_) => return None,
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Some((output.status.success(), text))
}

#[test]
fn the_systemd_units_pass_systemd_analyze_verify_without_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let paths = installed_copies(dir.path());
    let Some((ok, text)) = analyze(&paths) else {
        eprintln!("SKIPPED packaging: systemd-analyze is not installed");
        return;
    };
    assert!(
        ok && text.trim().is_empty(),
        "systemd-analyze verify:\n{text}"
    );

    // The check is able to fail: a misspelt directive is a warning, a missing binary an error.
    let misspelt = dir.path().join("misspelt.service");
    let text = std::fs::read_to_string(&paths[0])
        .unwrap()
        .replace("ProtectSystem=strict", "ProtectSystm=strict");
    std::fs::write(&misspelt, text).unwrap();
    let (_, text) = analyze(std::slice::from_ref(&misspelt)).unwrap();
    assert!(text.contains("ProtectSystm"), "{text}");
    let (ok, _) = analyze(&[packaging_dir().join("underlag.service")]).unwrap();
    let installed = Path::new(INSTALLED_BINARY).exists();
    assert_eq!(ok, installed, "the binary path is checked");
}

#[test]
fn the_service_is_hardened_and_keeps_its_data_private() {
    let unit = unit_text("underlag.service");
    for directive in [
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "NoNewPrivileges=yes",
        "StateDirectory=underlag",
        "StateDirectoryMode=0700",
        "UMask=0077",
        "CapabilityBoundingSet=",
        "KillSignal=SIGTERM",
    ] {
        assert!(
            unit.lines().any(|l| l == directive),
            "underlag.service lacks {directive}"
        );
    }
    let timer = unit_text("underlag-prune.timer");
    assert!(timer.contains("Persistent=true"), "{timer}");
}

/// The ExecStart lines are command lines the binary accepts (checked with `--help` appended,
/// which parses every argument before it and runs nothing).
#[test]
fn the_units_command_lines_are_accepted_by_the_binary() {
    for name in ["underlag.service", "underlag-prune.service"] {
        let unit = unit_text(name);
        let line = unit
            .lines()
            .find_map(|l| l.strip_prefix("ExecStart="))
            .unwrap_or_else(|| panic!("{name}: no ExecStart"));
        let mut words = line.split_whitespace();
        assert_eq!(words.next(), Some(INSTALLED_BINARY), "{name}");
        let output = Command::new(env!("CARGO_BIN_EXE_underlag"))
            .args(words)
            .arg("--help")
            .env_remove("UNDERLAG_CONFIG")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
