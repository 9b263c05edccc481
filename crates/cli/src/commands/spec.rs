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
    use std::io::Write;
    match std::io::stdout().write_all(spec.render_markdown().as_bytes()) {
        // A reader that stops early (`underlag spec | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(Into::into),
    }
}
