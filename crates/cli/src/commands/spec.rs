//! `underlag spec`: prints the information specification (informationsspecifikation).

use std::path::PathBuf;

use underlag_spec::Spec;

/// Prints the specification as Markdown.
pub fn run(dir: Option<PathBuf>) -> anyhow::Result<()> {
    let spec = match dir {
        Some(dir) => Spec::load_dir(&dir),
        None => Spec::embedded(),
    }
    .map_err(|e| anyhow::anyhow!("the information specification is broken: {e}"))?;
    print!("{}", spec.render_markdown());
    Ok(())
}
