//! The signed register extract ("vem har tittat på mina uppgifter?"): `underlag audit
//! signed-extract PERSON` writes every lookup of one person as JSON signed with the audit
//! checkpoint key (the handing-out is audited as `register_extract`), and `underlag audit
//! verify-extract FILE` checks such a file against the published checkpoint key (exit code 1
//! when any byte was changed).

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};
use underlag_audit::{Channel, VerifyingKey, WhoLookedOptions, verify_extract};

use super::keys;
use super::verify::published_keys;
use crate::settings::Settings;

/// `underlag audit signed-extract`.
#[derive(Debug, clap::Args)]
pub struct SignedExtractArgs {
    /// Personnummer or samordningsnummer, 10 or 12 digits.
    pub person: String,
    /// Write to FILE (created readable by its owner only) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The signing key. Default: the configured checkpoint key.
    #[arg(long, value_name = "FILE")]
    pub signing_key: Option<PathBuf>,
}

/// `underlag audit verify-extract`.
#[derive(Debug, clap::Args)]
pub struct VerifyExtractArgs {
    /// The signed extract file.
    pub file: PathBuf,
    /// A published verifying key (PEM or hex), repeatable. Default: `audit-signing.pub`
    /// beside the configured signing key and every retired key beside it.
    #[arg(long)]
    pub key: Vec<PathBuf>,
}

/// Writes the signed extract of one person.
pub async fn run_signed_extract(
    settings: &Settings,
    args: SignedExtractArgs,
) -> anyhow::Result<()> {
    let person = super::parse_person(&args.person)?;
    let key_path = args
        .signing_key
        .clone()
        .unwrap_or_else(|| keys::signing_key_path(settings));
    let key = keys::load_signing_key(&key_path)?;
    let url = &settings.database.url;
    if let Some(path) = super::sqlite_path(url)
        && !path.exists()
    {
        bail!("there is no audit database at {}", path.display());
    }
    let stores = underlag_store::open_stores(url)
        .await
        .map_err(|e| anyhow::anyhow!("cannot open the audit store: {e}"))?;
    let options = WhoLookedOptions {
        name_case_workers: settings.consent.name_case_workers,
        show_unit_when_protected: settings.consent.show_unit_when_protected,
    };
    let result = underlag_store::who_looked::signed_register_extract(
        &*stores.audit,
        &*stores.registry,
        &person,
        options,
        &key,
        Channel::Cli,
    )
    .await;
    stores.audit.close().await;
    let (_, text) = result.map_err(|e| anyhow::anyhow!("cannot make the extract: {e}"))?;
    match &args.output {
        Some(path) => {
            let mut file = super::create_private(path)?;
            file.write_all(text.as_bytes())?;
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

/// Verifies a signed extract; an error (exit code 1) when it does not verify.
pub fn run_verify_extract(settings: &Settings, args: VerifyExtractArgs) -> anyhow::Result<()> {
    let key_paths = if args.key.is_empty() {
        published_keys(&keys::signing_key_path(settings))
    } else {
        args.key.clone()
    };
    let keys: Vec<VerifyingKey> = key_paths
        .iter()
        .map(|p| keys::load_verifying_key(p))
        .collect::<anyhow::Result<_>>()?;
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    match verify_extract(&text, &keys) {
        Ok(extract) => {
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "OK: the register extract verifies ({} lookups, up to record {}, made {})",
                extract.lookups.len(),
                extract.chain_head_seq,
                extract.created_at
            )?;
            Ok(())
        }
        Err(e) => bail!("the register extract does NOT verify: {e}"),
    }
}
