//! `underlag spec`: prints the information specification (informationsspecifikation), with
//! the purposes a query may state and the legal basis each cites, as configured.

use std::fmt::Write as _;
use std::path::PathBuf;

use underlag_domain::free_text::neutralise;
use underlag_spec::Spec;

use crate::options::GlobalOptions;
use crate::settings::{PurposeSetting, Settings};

/// Prints the specification as Markdown.
pub fn run(dir: Option<PathBuf>, global: &GlobalOptions) -> anyhow::Result<()> {
    let spec = match dir {
        Some(dir) => Spec::load_dir(&dir),
        None => Spec::embedded(),
    }
    .map_err(|e| anyhow::anyhow!("the information specification is broken: {e}"))?;
    let settings = Settings::load(global.config.as_deref())?;
    let mut text = spec.render_markdown();
    text.push_str(&render_purposes(&settings.binding.purposes));
    use std::io::Write;
    match std::io::stdout().write_all(text.as_bytes()) {
        // A reader that stops early (`underlag spec | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(Into::into),
    }
}

/// The purposes (syften) and their legal bases, with the published texts each citation was
/// checked against, as a Markdown section.
pub fn render_purposes(purposes: &[PurposeSetting]) -> String {
    let mut out = String::from(
        "\n## Syften och rättslig grund (purposes and legal basis)\n\n\
         A query states one of these purposes (code or label); its legal basis is cited as \
         below. Configured in `[[binding.purposes]]`.\n\n\
         | Kod | Syfte | Rättslig grund | Källa |\n|---|---|---|---|\n",
    );
    for p in purposes {
        let sources = p
            .sources
            .iter()
            .map(|s| format!("<{}>", neutralise(s)))
            .collect::<Vec<_>>()
            .join(" ");
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            neutralise(&p.code),
            neutralise(&p.label),
            neutralise(&p.legal_basis),
            sources
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_specification_lists_each_purpose_with_its_legal_basis_and_sources() {
        let settings = Settings::load(None).unwrap();
        let text = render_purposes(&settings.binding.purposes);
        assert!(text.contains("| `EKB-UTREDNING` |"), "{text}");
        assert!(text.contains("socialtjänstlagen (2025:400)"), "{text}");
        // The repealed act is never cited.
        assert!(!text.contains("2001:453"), "{text}");
        for p in &settings.binding.purposes {
            assert!(!p.sources.is_empty(), "{} has no source", p.code);
            for s in &p.sources {
                assert!(text.contains(s.as_str()), "{s}");
            }
        }
    }
}
