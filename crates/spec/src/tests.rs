//! Unit tests for loading the specification: the embedded copy, error positions, labels and
//! rendering.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::{Spec, SpecError, embedded};

fn repo_spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec")
}

/// A copy of the repository's `spec/` in a fresh temporary folder, removed on drop.
struct TempSpec(PathBuf);

impl TempSpec {
    fn new() -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir =
            std::env::temp_dir().join(format!("underlag-spec-test-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for sub in ["sources", "kodverk"] {
            fs::create_dir_all(dir.join(sub)).unwrap();
            for entry in fs::read_dir(repo_spec_dir().join(sub)).unwrap() {
                let path = entry.unwrap().path();
                fs::copy(&path, dir.join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
        TempSpec(dir)
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }

    /// Replaces the first occurrence of `from` in a file and returns the 1-based line it is on.
    fn replace(&self, rel: &str, from: &str, to: &str) -> usize {
        let text = fs::read_to_string(self.path(rel)).unwrap();
        let at = text
            .find(from)
            .unwrap_or_else(|| panic!("'{from}' not in {rel}"));
        fs::write(self.path(rel), text.replacen(from, to, 1)).unwrap();
        text[..at].matches('\n').count() + 1
    }

    fn load_err(&self) -> SpecError {
        Spec::load_dir(&self.0).unwrap_err()
    }
}

impl Drop for TempSpec {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn assert_points_at(err: &SpecError, file: &str, line: usize, needle: &str) {
    let shown = err.to_string();
    assert!(err.file().ends_with(file), "{shown}");
    assert_eq!(err.line(), Some(line), "{shown}");
    assert!(shown.contains(&format!("{file}:{line}:")), "{shown}");
    assert!(shown.contains(needle), "{shown}");
}

#[test]
fn embedded_loads_and_is_shareable() {
    let spec = Spec::embedded().unwrap();
    fn assert_send_sync<T: Send + Sync>(_: &T) {}
    assert_send_sync(&spec);
    let shared = std::sync::Arc::new(spec);
    assert!(
        !shared
            .source(underlag_domain::SourceId::Af)
            .fields
            .is_empty()
    );
}

#[test]
fn embedded_list_matches_files_on_disk() {
    for (sub, listed) in [
        ("sources", embedded::SOURCES),
        ("kodverk", embedded::KODVERK),
    ] {
        let mut on_disk: Vec<String> = fs::read_dir(repo_spec_dir().join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .map(|n| format!("{sub}/{n}"))
            .collect();
        let mut embedded: Vec<String> = listed.iter().map(|(name, _)| (*name).to_owned()).collect();
        on_disk.sort();
        embedded.sort();
        assert_eq!(
            embedded, on_disk,
            "update src/embedded.rs when adding or removing spec files"
        );
        for (name, text) in listed {
            let disk = fs::read_to_string(repo_spec_dir().join(name)).unwrap();
            assert_eq!(&disk, text, "{name}");
        }
    }
}

#[test]
fn load_dir_equals_embedded() {
    let from_disk = Spec::load_dir(&repo_spec_dir()).unwrap();
    let embedded = Spec::embedded().unwrap();
    assert_eq!(from_disk.render_markdown(), embedded.render_markdown());
}

#[test]
fn syntax_error_names_file_and_line() {
    let spec = TempSpec::new();
    let line = spec.replace("sources/af.toml", "id = \"AF-007\"", "id = \"AF-007");
    assert_points_at(&spec.load_err(), "af.toml", line, "");
}

#[test]
fn unknown_key_is_a_syntax_error_at_its_line() {
    let spec = TempSpec::new();
    let line = spec.replace(
        "sources/tns.toml",
        "id = \"TNS-003\"",
        "id = \"TNS-003\"\nseverty = \"error\"",
    );
    assert_points_at(&spec.load_err(), "tns.toml", line + 1, "severty");
}

#[test]
fn unknown_code_list_is_reported_at_its_line() {
    let spec = TempSpec::new();
    let line = spec.replace(
        "sources/miv.toml",
        "code_list = \"miv-beslutskod\"",
        "code_list = \"miv-nope\"",
    );
    assert_points_at(
        &spec.load_err(),
        "miv.toml",
        line,
        "unknown code list 'miv-nope'",
    );
}

#[test]
fn duplicate_rule_id_is_reported() {
    let spec = TempSpec::new();
    let line = spec.replace("sources/skv.toml", "id = \"SKV-004\"", "id = \"SKV-003\"");
    // The span of the duplicate entry starts at its `[[field]]` header, the line before the id.
    assert_points_at(
        &spec.load_err(),
        "skv.toml",
        line - 1,
        "duplicate rule id 'SKV-003'",
    );
}

#[test]
fn invalid_regex_is_reported() {
    let spec = TempSpec::new();
    let line = spec.replace(
        "sources/csn.toml",
        "pattern = '18|19|20'",
        "pattern = '18|(19'",
    );
    assert_points_at(&spec.load_err(), "csn.toml", line, "invalid pattern");
}

#[test]
fn bad_type_name_is_reported() {
    let spec = TempSpec::new();
    let line = spec.replace("sources/so.toml", "type = \"amount\"", "type = \"money\"");
    assert_points_at(&spec.load_err(), "so.toml", line, "unknown type 'money'");
}

#[test]
fn unknown_source_id_is_reported() {
    let spec = TempSpec::new();
    let line = spec.replace("sources/miv.toml", "source = \"MIV\"", "source = \"XX\"");
    assert_points_at(&spec.load_err(), "miv.toml", line, "unknown source 'XX'");
}

#[test]
fn missing_root_is_reported() {
    let spec = TempSpec::new();
    let line = spec.replace(
        "sources/af.toml",
        "root = \"SvarMeddelande\"",
        "root = \"\"",
    );
    assert_points_at(&spec.load_err(), "af.toml", line, "missing message root");
    let spec = TempSpec::new();
    spec.replace("sources/af.toml", "root = \"SvarMeddelande\"\n", "");
    assert!(spec.load_err().to_string().contains("root"));
}

#[test]
fn bad_path_and_rule_id_are_reported() {
    let spec = TempSpec::new();
    let line = spec.replace(
        "sources/tns.toml",
        "path = \"resultat\"",
        "path = \"resultat/@a/b\"",
    );
    assert_points_at(&spec.load_err(), "tns.toml", line, "invalid path");
    let spec = TempSpec::new();
    let line = spec.replace("sources/tns.toml", "id = \"TNS-001\"", "id = \"AF-900\"");
    assert_points_at(&spec.load_err(), "tns.toml", line, "must look like TNS-001");
}

#[test]
fn kodverk_errors_are_reported() {
    let spec = TempSpec::new();
    let line = spec.replace(
        "kodverk/tns-resultat.toml",
        "code = \"FEL\"",
        "code = \"OK\"",
    );
    assert_points_at(
        &spec.load_err(),
        "tns-resultat.toml",
        line,
        "duplicate code 'OK'",
    );
    let spec = TempSpec::new();
    let line = spec.replace(
        "kodverk/tns-resultat.toml",
        "id = \"tns-resultat\"",
        "id = \"tns-other\"",
    );
    assert_points_at(
        &spec.load_err(),
        "tns-resultat.toml",
        line,
        "must equal the file name",
    );
}

#[test]
fn missing_source_file_is_reported() {
    let spec = TempSpec::new();
    fs::remove_file(spec.path("sources/so.toml")).unwrap();
    let err = spec.load_err();
    assert!(err.file().ends_with("so.toml"), "{err}");
    assert!(err.to_string().contains("source SO"), "{err}");
}

#[test]
fn labels_accept_codes_with_and_without_prefix() {
    let spec = Spec::embedded().unwrap();
    assert_eq!(
        spec.label("fk-formansgrupp", "ABB"),
        Some("Allmänt barnbidrag")
    );
    assert_eq!(
        spec.label("fk-formansgrupp", "FK:ABB"),
        Some("Allmänt barnbidrag")
    );
    assert_eq!(
        spec.label("pm-formansgrupp", "PM:AP"),
        Some("Allmän pension")
    );
    assert_eq!(spec.label("pm-formansgrupp", "FK:AP"), None);
    assert_eq!(
        spec.label("miv-beslutstyp", "PUT"),
        Some("Permanent uppehållstillstånd")
    );
    assert_eq!(spec.label("nope", "PUT"), None);
}

#[test]
fn render_lists_every_rule_and_code_list() {
    let spec = Spec::embedded().unwrap();
    let doc = spec.render_markdown();
    assert_eq!(doc, spec.render_markdown());
    for source in spec.sources() {
        assert!(doc.contains(&format!("{} {}", source.contract, source.contract_version)));
        for field in &source.fields {
            assert!(doc.contains(&format!("| {} |", field.id)), "{}", field.id);
        }
    }
    for list in spec.code_lists() {
        assert!(doc.contains(&format!("`{}`", list.id)), "{}", list.id);
    }
}
