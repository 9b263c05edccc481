//! Underlag's information specification: the field rules and code lists (kodverk) for the
//! sources, loaded from the TOML files in `spec/`, checked, applied to provider answers
//! and rendered as a document.
//!
//! Paths in rules are relative to each source's message root (see `docs/agency-wire.md`) and
//! use local names, so a rule works whatever namespace a provider's message uses.

mod concepts;
mod embedded;
mod error;
mod field;
mod load;
mod model;
mod node;
mod path;
mod raw;
mod render;
mod validate;
mod values;

#[cfg(test)]
mod tests;

use std::path::Path;

use underlag_domain::{SourceId, Violation};

pub use concepts::Concept;
pub use error::SpecError;
pub use model::{
    Code, CodeList, FieldSpec, FieldType, MessageFormat, Presence, Provenance, SourceSpec, Spec,
};
pub use node::Node;

use load::SpecFile;

impl Spec {
    /// The specification compiled into this binary from the repository's `spec/` folder.
    pub fn embedded() -> Result<Spec, SpecError> {
        let named = |files: &[(&str, &'static str)]| -> Vec<(String, &'static str)> {
            files
                .iter()
                .map(|(name, text)| (format!("spec/{name}"), *text))
                .collect()
        };
        let sources = named(embedded::SOURCES);
        let kodverk = named(embedded::KODVERK);
        let spec = load::build(&spec_files(&sources), &spec_files(&kodverk), "spec/sources")?;
        let (name, text) = embedded::CONCEPTS;
        let name = format!("spec/{name}");
        with_concepts(spec, Some(SpecFile { name: &name, text }))
    }

    /// Loads and checks the specification from a folder laid out like the repository's
    /// `spec/` (`sources/*.toml`, `kodverk/*.toml`, and the optional `begrepp.toml`).
    pub fn load_dir(dir: &Path) -> Result<Spec, SpecError> {
        let sources_dir = dir.join("sources");
        let sources = read_toml_files(&sources_dir)?;
        let kodverk = read_toml_files(&dir.join("kodverk"))?;
        let spec = load::build(
            &spec_files(&sources),
            &spec_files(&kodverk),
            &sources_dir.display().to_string(),
        )?;
        let concepts_path = dir.join("begrepp.toml");
        if !concepts_path.exists() {
            return Ok(spec);
        }
        let name = concepts_path.display().to_string();
        let text = std::fs::read_to_string(&concepts_path).map_err(|e| SpecError::Io {
            file: name.clone(),
            message: e.to_string(),
        })?;
        with_concepts(
            spec,
            Some(SpecFile {
                name: &name,
                text: &text,
            }),
        )
    }

    /// Checks a provider's answer (its message root as a [`Node`]) against the source's rules.
    /// Never panics; returns every broken rule, errors and warnings alike.
    pub fn validate(&self, source: SourceId, root: &Node) -> Vec<Violation> {
        validate::validate(self, self.source(source), root)
    }

    /// The Swedish label of `code` in the code list `code_list`.
    pub fn label(&self, code_list: &str, code: &str) -> Option<&str> {
        self.code_lists
            .get(code_list)?
            .get(code)
            .map(|c| c.label_sv.as_str())
    }

    /// A code list by id.
    pub fn code_list(&self, id: &str) -> Option<&CodeList> {
        self.code_lists.get(id)
    }

    /// Every code list, ordered by id.
    pub fn code_lists(&self) -> impl Iterator<Item = &CodeList> {
        self.code_lists.values()
    }

    /// What the specification says about one source.
    pub fn source(&self, source: SourceId) -> &SourceSpec {
        // Loading guarantees one entry per source, in `SourceId::ALL` order.
        let index = SourceId::ALL
            .iter()
            .position(|s| *s == source)
            .unwrap_or_default();
        &self.sources[index]
    }

    /// Every source, in [`SourceId::ALL`] order.
    pub fn sources(&self) -> impl Iterator<Item = &SourceSpec> {
        self.sources.iter()
    }

    /// The whole informationsspecifikation as a readable Markdown document.
    pub fn render_markdown(&self) -> String {
        render::render(self)
    }
}

/// Adds the concept explanations of `file` (checked against the spec's code lists).
fn with_concepts(mut spec: Spec, file: Option<SpecFile<'_>>) -> Result<Spec, SpecError> {
    if let Some(file) = file {
        spec.concepts = concepts::load(&file, &spec)?;
    }
    Ok(spec)
}

fn spec_files<T: AsRef<str>>(files: &[(String, T)]) -> Vec<SpecFile<'_>> {
    files
        .iter()
        .map(|(name, text)| SpecFile {
            name,
            text: text.as_ref(),
        })
        .collect()
}

fn read_toml_files(dir: &Path) -> Result<Vec<(String, String)>, SpecError> {
    let io = |e: std::io::Error| SpecError::Io {
        file: dir.display().to_string(),
        message: e.to_string(),
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            std::fs::read_to_string(&path)
                .map(|text| (path.display().to_string(), text))
                .map_err(|e| SpecError::Io {
                    file: path.display().to_string(),
                    message: e.to_string(),
                })
        })
        .collect()
}
