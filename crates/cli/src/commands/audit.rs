//! `underlag audit`: the operator's and the municipality's tools for the audit trail —
//! verify the chain and its signed checkpoints, export checkpoints for off-site keeping, the
//! log follow-up extract (*logguppföljning*), the register extract of who looked up one
//! person, the misuse indicators, retention (`prune`) and the SQLite backup.
//!
//! The printed reports are output for an authorised reader, not logs: they carry
//! personnummer. Nothing here writes personal data to the application log.

pub mod backup;
pub mod export;
pub mod indicators;
pub mod register_extract;
pub mod retention;
pub mod verify;

pub use underlag_gateway::settings::sqlite_path;
pub use underlag_gateway::{checkpoints, keys};

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, bail};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use underlag_audit::ChainedRecord;
use underlag_domain::{Organisationsnummer, Personnummer};
use underlag_store::{AuditFilter, AuditStore};

use crate::options::{DataDirDefault, GlobalOptions};
use crate::settings::Settings;

/// `underlag audit …`.
#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: AuditCommand,
}

/// The audit subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum AuditCommand {
    /// Verify the whole chain and every signed checkpoint (exit code 1 at the first broken
    /// record).
    Verify(verify::VerifyArgs),
    /// Show, sign or export the latest signed checkpoint.
    Checkpoint(verify::CheckpointArgs),
    /// Rotate the checkpoint signing key: a last checkpoint with the old key, the old
    /// verifying key kept published beside the new one, a new signing key.
    RotateKey(verify::RotateKeyArgs),
    /// The log follow-up extract (logguppföljning), as CSV or JSON.
    Export(export::ExportArgs),
    /// Who looked up one person: the register extract for a data subject's request.
    Person(export::PersonArgs),
    /// Misuse indicators: off-hours lookups, many persons per case worker and day, and more.
    Indicators(indicators::IndicatorArgs),
    /// Retention (gallring): remove records older than the retention period under a signed
    /// prune anchor, audited. A dry run unless --apply is given.
    Prune(retention::PruneArgs),
    /// An online, consistent copy of a SQLite audit database into a new file.
    Backup(backup::BackupArgs),
    /// Who looked up one person, as JSON signed with the checkpoint key ("vem har tittat på
    /// mina uppgifter?"); the handing-out is audited.
    SignedExtract(register_extract::SignedExtractArgs),
    /// Verify a signed register extract against the published checkpoint key.
    VerifyExtract(register_extract::VerifyExtractArgs),
}

/// Runs one audit subcommand.
pub async fn run(global: &GlobalOptions, args: AuditArgs) -> anyhow::Result<()> {
    let (settings, _) = global.settings(DataDirDefault::WorkingDirectory)?;
    match args.command {
        AuditCommand::Verify(a) => verify::run_verify(&settings, a).await,
        AuditCommand::Checkpoint(a) => verify::run_checkpoint(&settings, a).await,
        AuditCommand::RotateKey(a) => verify::run_rotate_key(&settings, a).await,
        AuditCommand::Export(a) => export::run_export(&settings, a).await,
        AuditCommand::Person(a) => export::run_person(&settings, a).await,
        AuditCommand::Indicators(a) => indicators::run(&settings, a).await,
        AuditCommand::Prune(a) => retention::run_prune(&settings, a).await,
        AuditCommand::Backup(a) => backup::run_backup(&settings, a).await,
        AuditCommand::SignedExtract(a) => register_extract::run_signed_extract(&settings, a).await,
        AuditCommand::VerifyExtract(a) => register_extract::run_verify_extract(&settings, a),
    }
}

pub use underlag_service::clock::stockholm;

/// Today's date in Sweden.
pub fn today() -> Date {
    underlag_service::clock::today_in_sweden()
}

/// Opens the configured audit store for reading. A SQLite file that does not exist is an
/// error here (opening would create an empty log, which would verify as "OK").
pub async fn open_existing(settings: &Settings) -> anyhow::Result<Arc<dyn AuditStore>> {
    let url = &settings.database.url;
    if let Some(path) = sqlite_path(url)
        && !path.exists()
    {
        bail!("there is no audit database at {}", path.display());
    }
    underlag_store::open_store(url)
        .await
        .map_err(|e| anyhow::anyhow!("cannot open the audit store: {e}"))
}

/// Parses a personnummer or samordningsnummer (10 or 12 digits) as of today. The error
/// never repeats the input.
pub fn parse_person(input: &str) -> anyhow::Result<Personnummer> {
    Personnummer::parse(input, today())
        .map_err(|e| anyhow::anyhow!("not a valid personnummer or samordningsnummer: {e}"))
}

/// Parses an organisationsnummer to its 10-digit form.
pub fn parse_organisation(input: &str) -> anyhow::Result<String> {
    Organisationsnummer::parse(input)
        .map(|o| o.ten_digits().to_owned())
        .map_err(|e| anyhow::anyhow!("not a valid organisationsnummer: {e}"))
}

/// The instants from the start of local day `from` to the end of local day `to` (both
/// inclusive, Europe/Stockholm), as `[start, end)`.
pub fn local_days(
    from: Option<Date>,
    to: Option<Date>,
    tz: &TimeZone,
) -> anyhow::Result<Option<(Timestamp, Timestamp)>> {
    if from.is_none() && to.is_none() {
        return Ok(None);
    }
    // Open ends stay inside what the store can hold (nanoseconds in an i64: 1677–2262).
    let start = match from {
        Some(d) => d.to_zoned(tz.clone())?.timestamp(),
        None => Timestamp::from_second(-2_208_988_800)?, // 1900-01-01
    };
    let end = match to {
        Some(d) => d.tomorrow()?.to_zoned(tz.clone())?.timestamp(),
        None => Timestamp::from_second(7_258_118_400)?, // 2200-01-01
    };
    if start >= end {
        bail!("--from must not be after --to");
    }
    Ok(Some((start, end)))
}

/// How many records one round trip reads.
const PAGE: u32 = 1000;

/// Calls `each` for every record matching `filter`, in seq order, a page at a time.
pub async fn for_each_record(
    store: &dyn AuditStore,
    filter: &AuditFilter,
    mut each: impl FnMut(&ChainedRecord) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut from = 1u64;
    loop {
        let page = store
            .query(filter.clone().from_seq(from).limit(PAGE))
            .await
            .map_err(|e| anyhow::anyhow!("cannot read the audit store: {e}"))?;
        for r in &page {
            each(r)?;
        }
        match page.last() {
            Some(last) if page.len() == PAGE as usize => from = last.seq + 1,
            _ => return Ok(()),
        }
    }
}

/// Creates (or truncates) `path` for output that holds personal data: readable only by its
/// owner when created.
pub fn create_private(path: &Path) -> anyhow::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))
}
