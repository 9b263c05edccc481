//! Concept explanations (*begrepp*): short Swedish explanations of the concepts the answers
//! use, as data in `spec/begrepp.toml`, checked when loading (unique ids, known sources and
//! code lists), shown on demand in the case-worker UI and rendered into the specification.

use std::fmt::Write as _;

use serde::Deserialize;
use underlag_domain::SourceId;

use crate::error::SpecError;
use crate::load::SpecFile;
use crate::model::Spec;

/// One explained concept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concept {
    /// Stable id (`planerad-utbetalning`).
    pub id: String,
    /// The Swedish term.
    pub term_sv: String,
    /// A short explanation in plain Swedish.
    pub explanation_sv: String,
    /// The sources whose answers use it (empty: all).
    pub sources: Vec<SourceId>,
    /// The code lists it explains.
    pub kodverk: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    begrepp: Vec<RawConcept>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConcept {
    id: String,
    term_sv: String,
    explanation_sv: String,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    kodverk: Vec<String>,
}

/// Reads and checks the concepts file against the loaded code lists.
pub(crate) fn load(file: &SpecFile<'_>, spec: &Spec) -> Result<Vec<Concept>, SpecError> {
    let raw: RawFile = file.parse()?;
    let mut out: Vec<Concept> = Vec::new();
    for c in raw.begrepp {
        let invalid = |message: String| file.invalid(0..0, message);
        let id_ok = !c.id.is_empty()
            && c.id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok {
            return Err(invalid(format!(
                "begrepp id '{}' must be a-z, 0-9 and -",
                c.id
            )));
        }
        if out.iter().any(|o| o.id == c.id) {
            return Err(invalid(format!("duplicate begrepp id '{}'", c.id)));
        }
        if c.term_sv.trim().is_empty() || c.explanation_sv.trim().is_empty() {
            return Err(invalid(format!(
                "begrepp '{}' needs term_sv and explanation_sv",
                c.id
            )));
        }
        let mut sources = Vec::new();
        for s in &c.sources {
            sources.push(
                s.parse::<SourceId>()
                    .map_err(|_| invalid(format!("begrepp '{}': unknown source '{s}'", c.id)))?,
            );
        }
        for k in &c.kodverk {
            if spec.code_list(k).is_none() {
                return Err(invalid(format!(
                    "begrepp '{}': unknown kodverk '{k}'",
                    c.id
                )));
            }
        }
        out.push(Concept {
            id: c.id,
            term_sv: c.term_sv.trim().to_owned(),
            explanation_sv: c.explanation_sv.trim().to_owned(),
            sources,
            kodverk: c.kodverk,
        });
    }
    Ok(out)
}

impl Spec {
    /// Every concept explanation, in file order.
    pub fn concepts(&self) -> &[Concept] {
        &self.concepts
    }

    /// The concept `id`.
    pub fn concept(&self, id: &str) -> Option<&Concept> {
        self.concepts.iter().find(|c| c.id == id)
    }

    /// The concepts that apply to `source`'s answers (including those for every source).
    pub fn concepts_for(&self, source: SourceId) -> impl Iterator<Item = &Concept> {
        self.concepts
            .iter()
            .filter(move |c| c.sources.is_empty() || c.sources.contains(&source))
    }

    /// The concepts that explain code list `kodverk`.
    pub fn concepts_for_code_list<'a>(
        &'a self,
        kodverk: &'a str,
    ) -> impl Iterator<Item = &'a Concept> + 'a {
        self.concepts
            .iter()
            .filter(move |c| c.kodverk.iter().any(|k| k == kodverk))
    }
}

/// The concepts as a Markdown section of the rendered specification.
pub(crate) fn render(out: &mut String, spec: &Spec) {
    if spec.concepts.is_empty() {
        return;
    }
    out.push_str("## Begrepp\n\n");
    out.push_str(
        "Short explanations in Swedish of the concepts in the answers, as the case-worker UI \
         shows them on demand (`spec/begrepp.toml`).\n\n",
    );
    for c in &spec.concepts {
        let _ = writeln!(out, "### {}\n\n{}\n", c.term_sv, c.explanation_sv);
        let mut tail = Vec::new();
        if !c.sources.is_empty() {
            let codes: Vec<&str> = c.sources.iter().map(|s| s.code()).collect();
            tail.push(format!("Sources: {}", codes.join(", ")));
        }
        if !c.kodverk.is_empty() {
            let lists: Vec<String> = c.kodverk.iter().map(|k| format!("`{k}`")).collect();
            tail.push(format!("kodverk: {}", lists.join(", ")));
        }
        if !tail.is_empty() {
            let _ = writeln!(out, "{}.\n", tail.join("; "));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_concepts_load_and_are_rendered_into_the_specification() {
        let spec = Spec::embedded().unwrap();
        assert!(spec.concepts().len() >= 10);
        let planned = spec.concept("planerad-utbetalning").unwrap();
        assert!(planned.explanation_sv.contains("planerat"));
        assert!(
            spec.concepts_for(SourceId::Fk)
                .any(|c| c.id == "retroaktiv-utbetalning")
        );
        assert!(
            spec.concepts_for_code_list("af-sokandekategori")
                .any(|c| c.id == "sokandekategori")
        );
        let markdown = spec.render_markdown();
        assert!(markdown.contains("## Begrepp"));
        assert!(markdown.contains("### Planerad (preliminär) utbetalning"));
    }

    #[test]
    fn a_concept_naming_an_unknown_kodverk_is_refused_with_the_file() {
        let spec = Spec::embedded().unwrap();
        let text = "[[begrepp]]\nid = \"x\"\nterm_sv = \"X\"\nexplanation_sv = \"Y\"\nkodverk = [\"nope\"]\n";
        let file = SpecFile {
            name: "spec/begrepp.toml",
            text,
        };
        let error = load(&file, &spec).unwrap_err();
        assert!(error.to_string().contains("nope"), "{error}");
        let duplicate = "[[begrepp]]\nid = \"x\"\nterm_sv = \"X\"\nexplanation_sv = \"Y\"\n\
                         [[begrepp]]\nid = \"x\"\nterm_sv = \"X\"\nexplanation_sv = \"Y\"\n";
        let file = SpecFile {
            name: "spec/begrepp.toml",
            text: duplicate,
        };
        assert!(load(&file, &spec).is_err());
    }
}
