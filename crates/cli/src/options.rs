//! The options every subcommand accepts, before or after its name (`clap` `global`): the
//! configuration file, the database URL and the data directory, and how a command turns them
//! into its settings.

use std::path::PathBuf;

use anyhow::Context;

use crate::settings::{DATA_DIR_VAR, SERVE_DEFAULT_DATA_DIR, Settings, redacted_url};

/// `--config`, `--database`, `--data-dir`: accepted by every subcommand, in any position.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct GlobalOptions {
    /// TOML configuration file over the built-in defaults (UNDERLAG__SECTION__KEY variables
    /// win over it). Read against the working directory.
    #[arg(long, global = true, env = "UNDERLAG_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Database URL (sqlite://PATH or postgres://…), over the configured one. A relative
    /// SQLite path is read against the data directory.
    #[arg(long, global = true, value_name = "URL")]
    pub database: Option<String>,
    /// The data directory: every relative path in the settings (the SQLite database, the
    /// signing key, TLS files) is read against it. Default: the working directory, or
    /// /var/lib/underlag for `serve`.
    #[arg(long, global = true, env = DATA_DIR_VAR, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

/// Where a command's data directory defaults to when none is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataDirDefault {
    /// The working directory (`demo`, `admin`, `audit`, `spec`).
    WorkingDirectory,
    /// The system path for a service (`serve`: /var/lib/underlag).
    System,
}

impl GlobalOptions {
    /// The data directory: `--data-dir` / `UNDERLAG_DATA_DIR`, else the command's default;
    /// absolute.
    pub fn data_dir(&self, default: DataDirDefault) -> anyhow::Result<PathBuf> {
        let dir = match (&self.data_dir, default) {
            (Some(dir), _) => dir.clone(),
            (None, DataDirDefault::WorkingDirectory) => PathBuf::from("."),
            (None, DataDirDefault::System) => PathBuf::from(SERVE_DEFAULT_DATA_DIR),
        };
        let dir = std::path::absolute(&dir)
            .with_context(|| format!("cannot read the data directory {}", dir.display()))?;
        // `.` and `..` written by the operator are spelled out once, for the printed line.
        Ok(dir.canonicalize().unwrap_or(dir))
    }

    /// The settings: defaults, `--config`, environment, `--database`, with every relative
    /// path read against the data directory, which must exist. The data directory and the
    /// database are logged (the URL without its password).
    pub fn settings(&self, default: DataDirDefault) -> anyhow::Result<(Settings, PathBuf)> {
        let mut settings = Settings::load(self.config.as_deref())?;
        if let Some(url) = &self.database {
            settings.database.url.clone_from(url);
        }
        let data_dir = self.data_dir(default)?;
        if !data_dir.is_dir() {
            anyhow::bail!(
                "the data directory {} does not exist: create it, or name another with \
                 --data-dir or {DATA_DIR_VAR}",
                data_dir.display()
            );
        }
        let data_dir = settings
            .resolve_paths(&data_dir)
            .with_context(|| format!("cannot read paths against {}", data_dir.display()))?;
        tracing::info!(
            data_dir = %data_dir.display(),
            database = %redacted_url(&settings.database.url),
            "data directory"
        );
        Ok((settings, data_dir))
    }
}
