//! Repository hygiene checks that run with the tests: every Rust file starts with a `//!`
//! line, no path of a developer's machine is committed, every valid-looking identity
//! number in the repository is one of Skatteverket's published test numbers, and no file
//! cites a repealed act as the law in force.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The files git tracks (or, outside a git checkout, nothing: the check is then vacuous and
/// says so).
fn tracked_files() -> Vec<PathBuf> {
    let out = std::process::Command::new("git")
        .arg("ls-files")
        .current_dir(repo_root())
        .output();
    match out {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| repo_root().join(l))
            .collect(),
        _ => {
            eprintln!("tidy: not a git checkout, nothing to check");
            Vec::new()
        }
    }
}

#[test]
fn every_rust_file_starts_with_a_module_doc() {
    let missing: Vec<_> = tracked_files()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter(|p| {
            std::fs::read_to_string(p)
                .map(|s| !s.starts_with("//!"))
                .unwrap_or(false)
        })
        .collect();
    assert!(
        missing.is_empty(),
        "files without a leading //! line: {missing:?}"
    );
}

#[test]
fn no_machine_paths_are_committed() {
    // Built from parts, so this file does not match itself.
    let needles: Vec<String> = ["work", "root", "farm"]
        .iter()
        .map(|d| format!("/{d}/"))
        .chain([format!("/tmp/{}", "bash_jobs")])
        .collect();
    let mut hits = Vec::new();
    for path in tracked_files() {
        if path
            .file_name()
            .is_some_and(|n| n == "Cargo.lock" || n == "tidy.rs")
        {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if needles.iter().any(|n| text.contains(n.as_str())) {
            hits.push(path);
        }
    }
    assert!(hits.is_empty(), "machine paths in: {hits:?}");
}

fn luhn_ok(ten: &[u8]) -> bool {
    let sum: u32 = ten[..9]
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let v = u32::from(d - b'0') * if i % 2 == 0 { 2 } else { 1 };
            v / 10 + v % 10
        })
        .sum();
    (10 - sum % 10) % 10 == u32::from(ten[9] - b'0')
}

#[test]
fn only_published_test_identity_numbers_are_used() {
    let root = repo_root();
    let mut published: BTreeSet<String> = BTreeSet::new();
    for file in ["personnummer.json", "samordningsnummer.json"] {
        let text = std::fs::read_to_string(root.join("data/testpersonnummer").join(file)).unwrap();
        let list: Vec<String> = serde_json::from_str(&text).unwrap();
        published.extend(list);
    }
    let ten_digit: BTreeSet<String> = published.iter().map(|n| n[2..].to_owned()).collect();
    let mut foreign = BTreeSet::new();
    for path in tracked_files() {
        let rel = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .to_string_lossy()
            .into_owned();
        // The published lists themselves, and the third-party contract copy (its fixtures use
        // an invalid number), are exempt.
        if rel.contains("data/testpersonnummer/") || rel.contains("contracts/") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
                i += 1;
                continue;
            }
            let run: Vec<u8> = bytes[i..]
                .iter()
                .take_while(|b| b.is_ascii_digit() || **b == b'-' || **b == b'+')
                .copied()
                .collect();
            let digits: Vec<u8> = run.iter().filter(|b| b.is_ascii_digit()).copied().collect();
            let separators = run.iter().filter(|b| !b.is_ascii_digit()).count();
            let candidate = match (digits.len(), separators) {
                (12, 0 | 1) if matches!(&digits[..2], b"18" | b"19" | b"20") => {
                    Some((digits.clone(), true))
                }
                (10, 1) => Some((digits.clone(), false)),
                _ => None,
            };
            if let Some((d, full)) = candidate {
                let ten = if full { &d[2..] } else { &d[..] };
                let month = (ten[2] - b'0') * 10 + (ten[3] - b'0');
                // Birth number 000 is never issued, so such a number is nobody's.
                let is_personal = month <= 12 && luhn_ok(ten) && ten[6..9] != *b"000";
                let known = if full {
                    published.contains(std::str::from_utf8(&d).unwrap())
                } else {
                    ten_digit.contains(std::str::from_utf8(ten).unwrap())
                };
                if is_personal && !known {
                    foreign.insert(format!("{rel}: {}", String::from_utf8_lossy(&run)));
                }
            }
            i += run.len().max(1);
        }
    }
    assert!(
        foreign.is_empty(),
        "identity numbers that are not Skatteverket test numbers: {foreign:?}"
    );
}

/// Defect: README, demo output, defaults and examples cited the repealed (on 2025-07-01)
/// socialtjänstlagen (2001:453) as the law in force. Now no tracked file cites it except the
/// changelog, or text that says, on the line or the three before, that it is repealed
/// ("upphävd" / "repealed").
#[test]
fn no_file_cites_the_repealed_social_services_act_as_in_force() {
    // Built from parts, so this file does not match itself.
    let repealed = format!("{}:{}", 2001, 453);
    let mut hits = Vec::new();
    for path in tracked_files() {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("CHANGELOG") || name == "Cargo.lock" {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !line.contains(&repealed) {
                continue;
            }
            let says_repealed = lines[i.saturating_sub(3)..=i].iter().any(|l| {
                let l = l.to_lowercase();
                l.contains("upphävd") || l.contains("repealed")
            });
            if !says_repealed {
                hits.push(format!("{}:{}", path.display(), i + 1));
            }
        }
    }
    assert!(
        hits.is_empty(),
        "cites the repealed act as in force: {hits:#?}"
    );
}
