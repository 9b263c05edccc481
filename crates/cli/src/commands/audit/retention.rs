//! `underlag audit prune`: retention (*gallring*). Removes the records older than the
//! retention period under a signed prune anchor, so what is kept still verifies, and audits
//! the prune in the same transaction (a `prune` record at the head of the chain).
//!
//! A dry run by default: without `--apply` it only says what would be removed. Before
//! removing anything it verifies the whole chain with the published keys and refuses when it
//! does not verify: the anchor signs over the removed records' head, so a prune must never
//! sign over tampering.

use std::path::PathBuf;

use anyhow::{Context, bail};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use underlag_store::PruneRequest;

use super::keys;
use super::verify::published_keys;
use crate::settings::Settings;

/// `underlag audit prune`.
#[derive(Debug, clap::Args)]
pub struct PruneArgs {
    /// Remove the records made before 00:00 (Europe/Stockholm) this many days ago. Default:
    /// `audit.retention_days`.
    #[arg(long, value_name = "DAYS", conflicts_with = "before")]
    pub older_than: Option<u32>,
    /// Remove the records made before 00:00 (Europe/Stockholm) on this day.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub before: Option<Date>,
    /// Remove them. Without it the prune is a dry run: it says what it would remove and
    /// changes nothing.
    #[arg(long)]
    pub apply: bool,
    /// Who runs the prune, recorded in its audit record. Default: the login name.
    #[arg(long)]
    pub operator: Option<String>,
    /// The signing key for the prune anchor. Default: the configured one.
    #[arg(long, value_name = "FILE")]
    pub signing_key: Option<PathBuf>,
    /// A published verifying key for the check before the prune (repeatable). Default: as
    /// for `audit verify`.
    #[arg(long)]
    pub key: Vec<PathBuf>,
}

/// The cut-off: 00:00 in Sweden on `before`, or on the day `older_than` days before today.
fn cut_off(settings: &Settings, args: &PruneArgs) -> anyhow::Result<(Date, Timestamp)> {
    let day = match (
        args.before,
        args.older_than.or(settings.audit.retention_days),
    ) {
        (Some(day), _) => day,
        (None, Some(0)) => bail!("--older-than must be at least 1 day"),
        (None, Some(days)) => super::today()
            .checked_sub(i64::from(days).days())
            .context("--older-than reaches before the calendar")?,
        (None, None) => bail!(
            "no retention period: give --older-than DAYS or --before YYYY-MM-DD, or set \
             audit.retention_days"
        ),
    };
    let at = day.to_zoned(super::stockholm())?.timestamp();
    if at > Timestamp::now() {
        bail!("the cut-off {day} is in the future: a prune removes only records already made");
    }
    Ok((day, at))
}

fn login_name() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "operator".to_owned())
}

/// Runs the prune (or its dry run) and prints what it did.
pub async fn run_prune(settings: &Settings, args: PruneArgs) -> anyhow::Result<()> {
    let (day, before) = cut_off(settings, &args)?;
    let signing_path = args
        .signing_key
        .clone()
        .unwrap_or_else(|| keys::signing_key_path(settings));
    let signer = if args.apply {
        Some(keys::load_signing_key(&signing_path)?)
    } else {
        None
    };
    let key_paths = if args.key.is_empty() {
        published_keys(&signing_path)
    } else {
        args.key.clone()
    };
    let store = super::open_existing(settings).await?;
    let result = async {
        let Some(signer) = signer else {
            let plan = store.prune_plan(before).await?;
            return Ok(Outcome::DryRun(plan));
        };
        let mut verifying_keys = Vec::new();
        for path in &key_paths {
            match keys::load_verifying_key(path) {
                Ok(k) => verifying_keys.push(k),
                Err(e) => return Ok(Outcome::NoKey(e.to_string())),
            }
        }
        verifying_keys.push(signer.verifying_key());
        let report = underlag_store::verify_store_with_keys(&*store, &verifying_keys, &[]).await?;
        if !report.is_ok() {
            return Ok(Outcome::DoesNotVerify(report.to_string()));
        }
        let request = PruneRequest {
            before,
            operator: args.operator.clone().unwrap_or_else(login_name),
            id: uuid::Uuid::new_v4().to_string(),
        };
        Ok(Outcome::Pruned(store.prune(&request, &signer).await?))
    }
    .await
    .map_err(|e: underlag_store::StoreError| anyhow::anyhow!("audit store: {e}"));
    store.close().await;
    match result? {
        Outcome::DryRun(None) | Outcome::Pruned(None) => {
            println!(
                "Nothing to prune: no record made before {day} (00:00 Europe/Stockholm) is left."
            );
        }
        Outcome::DryRun(Some(plan)) => {
            println!(
                "Dry run: would remove {} records (through seq {}) made before {day} (00:00 \
                 Europe/Stockholm). Nothing was removed; add --apply to prune.",
                plan.records, plan.through_seq
            );
        }
        Outcome::Pruned(Some(pruned)) => {
            println!(
                "Pruned {} records (through seq {}) made before {day} (00:00 \
                 Europe/Stockholm).\nSigned prune anchor: seq {}, head {}.\nThe prune is \
                 audit record seq {}.",
                pruned.plan.records,
                pruned.plan.through_seq,
                pruned.anchor.through_seq,
                hex::encode(pruned.anchor.head_hash),
                pruned.record.seq
            );
        }
        Outcome::NoKey(e) => bail!("cannot check the chain before pruning: {e}"),
        Outcome::DoesNotVerify(report) => bail!(
            "the audit trail does not verify ({report}); nothing was pruned: a prune signs \
             over what it removes, so investigate first"
        ),
    }
    Ok(())
}

#[allow(clippy::large_enum_variant)] // one value per command run, never stored
enum Outcome {
    DryRun(Option<underlag_store::PrunePlan>),
    Pruned(Option<underlag_store::Pruned>),
    NoKey(String),
    DoesNotVerify(String),
}
