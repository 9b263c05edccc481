//! The configuration reference (`docs/configuration.md`) checked against the settings type:
//! every key the type accepts, found by asking the type itself (each section refuses an
//! unknown key and names the ones it knows), must be documented there.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;

use super::Settings;

/// The sections to probe, as TOML that puts an unknown key into each.
const PROBES: [(&str, &str); 16] = [
    ("", "probe_key = 1\n"),
    ("server", "[server]\nprobe_key = 1\n"),
    ("database", "[database]\nprobe_key = 1\n"),
    ("query", "[query]\nprobe_key = 1\n"),
    ("spec", "[spec]\nprobe_key = 1\n"),
    ("soap", "[soap]\nprobe_key = 1\n"),
    ("tls", "[tls]\nprobe_key = 1\n"),
    ("upstream_tls", "[upstream_tls]\nprobe_key = 1\n"),
    ("audit", "[audit]\nprobe_key = 1\n"),
    ("audit.indicators", "[audit.indicators]\nprobe_key = 1\n"),
    ("binding", "[binding]\nprobe_key = 1\n"),
    (
        "binding.purposes",
        "[[binding.purposes]]\ncode = \"X\"\nlabel = \"X\"\nprobe_key = 1\n",
    ),
    ("web", "[web]\nprobe_key = 1\n"),
    ("telemetry", "[telemetry]\nprobe_key = 1\n"),
    ("portal", "[portal]\nprobe_key = 1\n"),
    ("consent", "[consent]\nprobe_key = 1\n"),
];

/// The keys a section accepts, read from the error the type gives for an unknown one.
fn keys_of(section: &str, toml: &str) -> Vec<String> {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(toml.as_bytes()).unwrap();
    let error = Settings::load_with_env(Some(file.path()), Some(HashMap::new()))
        .map(|_| ())
        .unwrap_err();
    let text = format!("{error:#}");
    let expected = text
        .split_once("expected one of ")
        .map(|(_, rest)| rest)
        .or_else(|| text.split_once("expected ").map(|(_, rest)| rest))
        .unwrap_or_else(|| panic!("{section}: no key list in: {text}"));
    // The list ends where the error goes on to name the section (`for key …`).
    let expected = expected.split(" for key").next().unwrap_or(expected);
    let keys: Vec<String> = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|key| match section {
            "" => key.to_owned(),
            s => format!("{s}.{key}"),
        })
        .collect();
    assert!(!keys.is_empty(), "{section}: {text}");
    keys
}

#[test]
fn every_setting_is_in_the_configuration_reference() {
    let reference = include_str!("../../../../docs/configuration.md");
    let sections: BTreeSet<&str> = PROBES.iter().map(|(s, _)| *s).collect();
    let mut undocumented = Vec::new();
    for (section, toml) in PROBES {
        for key in keys_of(section, toml) {
            // A key that is itself a probed section is documented by its own keys.
            if sections.contains(key.as_str()) {
                continue;
            }
            if !reference.contains(&format!("`{key}`")) {
                undocumented.push(key);
            }
        }
    }
    assert!(
        undocumented.is_empty(),
        "settings missing from docs/configuration.md: {undocumented:?}"
    );
}
