//! `underlag audit backup`: an online, consistent copy of a SQLite audit database (chain,
//! checkpoints, prune anchors and registry) into a new file, while the gateway keeps
//! appending. PostgreSQL is backed up with `pg_dump` (`docs/operations.md`).

use std::path::PathBuf;

use anyhow::bail;

use super::sqlite_path;
use crate::settings::Settings;

/// `underlag audit backup`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The new backup file (must not exist; created 0600: it holds personnummer).
    #[arg(long, value_name = "FILE")]
    pub to: PathBuf,
}

/// Copies the configured SQLite database into `args.to`.
pub async fn run_backup(settings: &Settings, args: BackupArgs) -> anyhow::Result<()> {
    let url = &settings.database.url;
    let Some(path) = sqlite_path(url) else {
        bail!(
            "audit backup copies a SQLite database; back a PostgreSQL database up with \
             pg_dump (see docs/operations.md, \"Backup and restore\")"
        );
    };
    if !path.exists() {
        bail!("there is no audit database at {}", path.display());
    }
    if args.to.exists() {
        bail!(
            "{} exists already; a backup never overwrites a file",
            args.to.display()
        );
    }
    let store = underlag_store::SqliteStore::open(&path)
        .await
        .map_err(|e| anyhow::anyhow!("cannot open the audit store: {e}"))?;
    let copied = store.backup_into(&args.to).await;
    underlag_store::AuditStore::close(&store).await;
    copied.map_err(|e| anyhow::anyhow!("cannot back the audit store up: {e}"))?;
    println!(
        "Backed up {} to {} (a consistent copy; verify it with `underlag audit verify` \
         against the copy).",
        path.display(),
        args.to.display()
    );
    Ok(())
}
