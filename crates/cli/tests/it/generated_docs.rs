//! Man pages and shell completions generated from the command line's definition
//! (`underlag generate`), in the test run: a page for every subcommand, found by walking
//! `--help` of the binary itself, and a bash completion script `bash -n` accepts.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn underlag(args: &[&str]) -> String {
    let run = Command::new(env!("CARGO_BIN_EXE_underlag"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8_lossy(&run.stdout).into_owned()
}

/// The subcommands `--help` of `path` lists (without `help`).
fn subcommands(path: &[String]) -> Vec<String> {
    let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
    args.push("--help");
    let help = underlag(&args);
    let Some(start) = help.find("\nCommands:\n") else {
        return Vec::new();
    };
    help[start + 11..]
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("    "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

/// Every page `underlag generate man` should write: `underlag.1` and one per command path.
fn expected_pages() -> BTreeSet<String> {
    let mut pages = BTreeSet::from(["underlag.1".to_owned()]);
    let mut todo: Vec<Vec<String>> = vec![Vec::new()];
    while let Some(path) = todo.pop() {
        for sub in subcommands(&path) {
            let mut child = path.clone();
            child.push(sub);
            pages.insert(format!("underlag-{}.1", child.join("-")));
            todo.push(child);
        }
    }
    pages
}

fn files(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn a_man_page_is_generated_for_every_subcommand() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("man1");
    let printed = underlag(&["generate", "man", "--out", dir.to_str().unwrap()]);
    let expected = expected_pages();
    assert!(
        expected.len() > 60,
        "the walk found the command tree ({} pages)",
        expected.len()
    );
    for page in [
        "underlag-admin-connection-set-lefi-actor-id.1",
        "underlag-admin-case-reopen.1",
        "underlag-generate-completions.1",
    ] {
        assert!(expected.contains(page), "{page} is a command: {expected:?}");
    }
    assert_eq!(files(&dir), expected, "one page per command, no others");
    assert_eq!(printed.lines().count(), expected.len());
    let page =
        std::fs::read_to_string(dir.join("underlag-admin-connection-set-lefi-actor-id.1")).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH"),
        "roff: {page}"
    );
    assert!(
        page.contains("underlag\\-admin\\-connection\\-set\\-lefi\\-actor\\-id"),
        "{page}"
    );
    assert!(
        page.contains("8\\-4\\-4\\-4\\-12"),
        "the argument's help is on the page: {page}"
    );
}

#[test]
fn completions_are_generated_for_bash_zsh_and_fish_and_bash_accepts_its_script() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    for (shell, file) in [
        ("bash", "underlag.bash"),
        ("zsh", "_underlag"),
        ("fish", "underlag.fish"),
    ] {
        let printed = underlag(&["generate", "completions", "--shell", shell, "--out", dir]);
        assert!(printed.trim_end().ends_with(file), "{printed}");
        let script = std::fs::read_to_string(out.path().join(file)).unwrap();
        for word in ["set-lefi-actor-id", "reopen", "create-database"] {
            assert!(script.contains(word), "{shell} completes {word}");
        }
    }
    let check = Command::new("bash")
        .arg("-n")
        .arg(out.path().join("underlag.bash"))
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&check.stderr)
    );
}
