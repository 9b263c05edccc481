//! `underlag audit verify` and `underlag audit checkpoint`: the chain and its signed
//! checkpoints, and checkpoint files for keeping off-site.
//!
//! A checkpoint file is one JSON object per line:
//! `{"format":"underlag-checkpoint-v1","seq":…,"head_hash":"<64 hex>","signed_at":"<RFC 3339>",
//! "signature":"<128 hex>"}`. `--checkpoints` also reads a JSON array of such objects, and
//! several exports appended to one file.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use jiff::Timestamp;
use underlag_audit::Checkpoint;

use super::keys;
use crate::settings::Settings;

/// The `format` value of a checkpoint file.
pub const CHECKPOINT_FORMAT: &str = "underlag-checkpoint-v1";

/// `underlag audit verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// A published verifying key (PEM or hex), repeatable: the current one and those retired
    /// by `audit rotate-key`. Default: `audit-signing.pub` beside the configured signing key
    /// and every retired `audit-signing.retired-*.pub` beside it.
    #[arg(long)]
    pub key: Vec<PathBuf>,
    /// Checkpoints exported earlier with `audit checkpoint --export` (repeatable).
    #[arg(long = "checkpoints", value_name = "FILE")]
    pub checkpoints: Vec<PathBuf>,
}

/// `underlag audit checkpoint`.
#[derive(Debug, clap::Args)]
pub struct CheckpointArgs {
    /// Sign a checkpoint of the current head first (needs the signing key).
    #[arg(long)]
    pub sign: bool,
    /// The signing key for `--sign`. Default: the configured one.
    #[arg(long, value_name = "FILE")]
    pub signing_key: Option<PathBuf>,
    /// Write the latest signed checkpoint to FILE (one JSON line), for off-site keeping;
    /// `-` writes it to standard output (and nothing else there).
    #[arg(long, value_name = "FILE")]
    pub export: Option<PathBuf>,
}

/// `underlag audit rotate-key`.
#[derive(Debug, clap::Args)]
pub struct RotateKeyArgs {
    /// The signing key to retire. Default: the configured one.
    #[arg(long, value_name = "FILE")]
    pub signing_key: Option<PathBuf>,
}

/// The published keys `verify` reads by default: the current verifying key and every key
/// retired beside it (`<stem>.retired-<time>.pub`), oldest first.
pub fn published_keys(signing_key: &Path) -> Vec<PathBuf> {
    let current = keys::verifying_key_path(signing_key);
    let stem = signing_key
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!("{stem}.retired-");
    let dir = signing_key
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut retired: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "pub")
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
        })
        .collect();
    retired.sort();
    retired.push(current);
    retired
}

/// Retires the signing key: signs a last checkpoint with it, keeps its verifying key
/// published as `<stem>.retired-<time>.pub` (so earlier checkpoints stay verifiable),
/// removes the private key and writes a new one. Gateways on this database pick the new key
/// up at their next start.
pub async fn run_rotate_key(settings: &Settings, args: RotateKeyArgs) -> anyhow::Result<()> {
    let path = args
        .signing_key
        .unwrap_or_else(|| keys::signing_key_path(settings));
    let old = keys::load_signing_key(&path)?;
    let store = super::open_existing(settings).await?;
    let last = store
        .checkpoint(&old)
        .await
        .map_err(|e| anyhow::anyhow!("cannot sign the last checkpoint with the old key: {e}"));
    store.close().await;
    let last = last?;
    let stamp = Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "audit-signing".to_owned());
    let retired = path.with_file_name(format!("{stem}.retired-{stamp}.pub"));
    let public = keys::verifying_key_path(&path);
    std::fs::rename(&public, &retired)
        .with_context(|| format!("cannot move {} to {}", public.display(), retired.display()))?;
    std::fs::remove_file(&path)
        .with_context(|| format!("cannot remove the old signing key {}", path.display()))?;
    keys::load_or_create_signing_key(&path)?;
    println!(
        "Last checkpoint with the old key: seq {}.\nOld verifying key kept as {} (publish it \
         with the new one).\nNew signing key {}, verifying key {}.\nRestart the gateways \
         on this database to sign with the new key.",
        last.seq,
        retired.display(),
        path.display(),
        public.display()
    );
    Ok(())
}

/// Verifies the store; an error (exit code 1) when anything is broken.
pub async fn run_verify(settings: &Settings, args: VerifyArgs) -> anyhow::Result<()> {
    let key_paths = if args.key.is_empty() {
        published_keys(&keys::signing_key_path(settings))
    } else {
        args.key.clone()
    };
    let verifying_keys = key_paths
        .iter()
        .map(|p| keys::load_verifying_key(p))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut extra = Vec::new();
    for file in &args.checkpoints {
        extra.extend(read_checkpoint_file(file)?);
    }
    let store = super::open_existing(settings).await?;
    let report = async {
        let report =
            underlag_store::verify_store_with_keys(&*store, &verifying_keys, &extra).await?;
        let mut all = store.checkpoints().await?;
        all.extend_from_slice(&extra);
        Ok::<_, underlag_store::StoreError>((report, all))
    }
    .await
    .map_err(|e| anyhow::anyhow!("cannot read the audit store: {e}"));
    store.close().await;
    let (report, all_checkpoints) = report?;
    // Not one checkpoint verifies under the keys given: the key is the wrong one (another
    // installation's, or one retired without being named), not a tampered record.
    let wrong_key = !all_checkpoints.is_empty()
        && !all_checkpoints
            .iter()
            .any(|cp| verifying_keys.iter().any(|k| cp.verify(k)));
    if wrong_key {
        let names: Vec<String> = key_paths.iter().map(|p| p.display().to_string()).collect();
        println!("Records checked: {}", report.records_checked);
        println!(
            "Wrong key: none of the {} checkpoints verifies with {}.",
            all_checkpoints.len(),
            names.join(", ")
        );
        bail!(
            "wrong verifying key: no checkpoint was signed with {} (name this installation's \
             published key with --key; keys retired by rotate-key are read beside it)",
            names.join(", ")
        );
    }
    let stored = report
        .checkpoints_checked
        .saturating_sub(extra.len() as u64);
    println!("Records checked: {}", report.records_checked);
    println!(
        "Checkpoints checked: {} ({stored} stored, {} from files)",
        report.checkpoints_checked,
        extra.len()
    );
    if let Some(seq) = report.pruned_through {
        println!("Pruned through seq {seq} (retention, under a signed prune anchor)");
    }
    match &report.first_bad {
        None => {
            println!("OK");
            Ok(())
        }
        Some((seq, problem)) => {
            println!("First broken record: seq {seq}: {problem}");
            bail!("the audit trail does not verify (first broken record: seq {seq})")
        }
    }
}

/// Shows, signs and exports checkpoints.
pub async fn run_checkpoint(settings: &Settings, args: CheckpointArgs) -> anyhow::Result<()> {
    let signer = if args.sign {
        let path = args
            .signing_key
            .clone()
            .unwrap_or_else(|| keys::signing_key_path(settings));
        Some(keys::load_signing_key(&path)?)
    } else {
        None
    };
    let store = super::open_existing(settings).await?;
    let result = async {
        if let Some(key) = &signer {
            store.checkpoint(key).await?;
        }
        store.checkpoints().await
    }
    .await
    .map_err(|e| anyhow::anyhow!("audit store: {e}"));
    store.close().await;
    let Some(latest) = result?.pop() else {
        println!("No checkpoint has been signed yet.");
        if args.export.is_some() {
            bail!("there is no checkpoint to export");
        }
        return Ok(());
    };
    if args.export.as_deref() == Some(Path::new("-")) {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{}", checkpoint_json(&latest)).context("cannot write to stdout")?;
        return Ok(());
    }
    println!(
        "Latest checkpoint: seq {}, head {}, signed {}",
        latest.seq,
        hex::encode(latest.head_hash),
        latest.signed_at
    );
    if let Some(path) = &args.export {
        let mut file = std::fs::File::create(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        writeln!(file, "{}", checkpoint_json(&latest))
            .and_then(|()| file.sync_all())
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!("Exported to {}", path.display());
    }
    Ok(())
}

/// One checkpoint as a JSON object.
pub fn checkpoint_json(cp: &Checkpoint) -> serde_json::Value {
    serde_json::json!({
        "format": CHECKPOINT_FORMAT,
        "seq": cp.seq,
        "head_hash": hex::encode(cp.head_hash),
        "signed_at": cp.signed_at.to_string(),
        "signature": hex::encode(cp.signature),
    })
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckpointText {
    format: String,
    seq: u64,
    head_hash: String,
    signed_at: String,
    signature: String,
}

#[derive(serde::Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(CheckpointText),
    Many(Vec<CheckpointText>),
}

fn parse_checkpoint(c: CheckpointText) -> Result<Checkpoint, &'static str> {
    if c.format != CHECKPOINT_FORMAT {
        return Err("unknown format");
    }
    let mut head_hash = [0u8; 32];
    hex::decode_to_slice(&c.head_hash, &mut head_hash).map_err(|_| "bad head_hash")?;
    let mut signature = [0u8; 64];
    hex::decode_to_slice(&c.signature, &mut signature).map_err(|_| "bad signature")?;
    let signed_at: Timestamp = c.signed_at.parse().map_err(|_| "bad signed_at")?;
    Ok(Checkpoint {
        seq: c.seq,
        head_hash,
        signed_at,
        signature,
    })
}

/// Reads the checkpoints in a file written by `audit checkpoint --export` (or several such
/// files concatenated, or a JSON array).
pub fn read_checkpoint_file(path: &Path) -> anyhow::Result<Vec<Checkpoint>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = Vec::new();
    for value in serde_json::Deserializer::from_str(&text).into_iter::<OneOrMany>() {
        let items =
            match value.with_context(|| format!("{}: not a checkpoint file", path.display()))? {
                OneOrMany::One(c) => vec![c],
                OneOrMany::Many(v) => v,
            };
        for c in items {
            out.push(parse_checkpoint(c).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use underlag_audit::SigningKey;

    use super::*;

    #[test]
    fn checkpoint_files_round_trip() {
        let key = SigningKey::from_seed([4; 32]);
        let at: Timestamp = "2026-03-29T01:30:00.123456789Z".parse().unwrap();
        let a = Checkpoint::sign(&key, 7, [1; 32], at);
        let b = Checkpoint::sign(&key, 9, [2; 32], at);
        let dir = tempfile::tempdir().unwrap();
        let lines = dir.path().join("lines.json");
        std::fs::write(
            &lines,
            format!("{}\n{}\n", checkpoint_json(&a), checkpoint_json(&b)),
        )
        .unwrap();
        let back = read_checkpoint_file(&lines).unwrap();
        assert_eq!(back, vec![a.clone(), b.clone()]);
        assert!(back.iter().all(|c| c.verify(&key.verifying_key())));
        let array = dir.path().join("array.json");
        std::fs::write(
            &array,
            serde_json::Value::Array(vec![checkpoint_json(&a)]).to_string(),
        )
        .unwrap();
        assert_eq!(read_checkpoint_file(&array).unwrap(), vec![a]);
        let bad = dir.path().join("bad.json");
        std::fs::write(
            &bad,
            r#"{"format":"x","seq":1,"head_hash":"","signed_at":"","signature":""}"#,
        )
        .unwrap();
        assert!(read_checkpoint_file(&bad).is_err());
        std::fs::write(&bad, "not json").unwrap();
        assert!(read_checkpoint_file(&bad).is_err());
    }
}
