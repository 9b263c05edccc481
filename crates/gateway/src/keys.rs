//! Where the checkpoint keys live, and creating the signing key on the gateway's first start
//! (mode 0600, never overwritten) with its verifying key beside it for publishing.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use underlag_audit::{SigningKey, VerifyingKey};
use underlag_store::keyfile;

use crate::settings::Settings;

/// The file name of the signing key when none is configured.
const DEFAULT_KEY_FILE: &str = "audit-signing.key";

/// The signing key file: the configured one, else `audit-signing.key` beside the SQLite
/// database, else `underlag-data/audit-signing.key`.
pub fn signing_key_path(settings: &Settings) -> PathBuf {
    if let Some(path) = &settings.audit.signing_key_file {
        return path.clone();
    }
    let dir = crate::settings::sqlite_path(&settings.database.url)
        .and_then(|db| db.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("underlag-data"));
    dir.join(DEFAULT_KEY_FILE)
}

/// The published verifying key's file: the signing key's path with the extension `.pub`.
pub fn verifying_key_path(signing_key: &Path) -> PathBuf {
    signing_key.with_extension("pub")
}

/// Loads the signing key at `path`, generating it first when the file does not exist, and
/// makes sure the matching verifying key is written beside it.
pub fn load_or_create_signing_key(path: &Path) -> anyhow::Result<SigningKey> {
    if !path.exists() {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let key = SigningKey::generate().map_err(|e| anyhow::anyhow!("{e}"))?;
        match keyfile::save_signing_key(path, &key) {
            Ok(()) => tracing::info!(
                path = %path.display(),
                "generated a new audit checkpoint signing key"
            ),
            // Another process created it meanwhile: use that one.
            Err(_) if path.exists() => {}
            Err(e) => bail!("cannot write the signing key {}: {e}", path.display()),
        }
    }
    let key = keyfile::load_signing_key(path)
        .map_err(|e| anyhow::anyhow!("cannot load the signing key {}: {e}", path.display()))?;
    warn_if_readable_by_others(path);
    let public = verifying_key_path(path);
    if public.exists() {
        let published = load_verifying_key(&public)?;
        if published != key.verifying_key() {
            bail!(
                "{} does not match the signing key {}",
                public.display(),
                path.display()
            );
        }
    } else if let Err(e) = keyfile::save_verifying_key(&public, &key.verifying_key())
        && !public.exists()
    {
        bail!("cannot write the verifying key {}: {e}", public.display());
    }
    Ok(key)
}

/// Loads an existing signing key (for `audit checkpoint --sign`; never generates one).
pub fn load_signing_key(path: &Path) -> anyhow::Result<SigningKey> {
    if !path.exists() {
        bail!(
            "there is no signing key at {} (the gateway creates it on first start; or pass --signing-key)",
            path.display()
        );
    }
    keyfile::load_signing_key(path)
        .map_err(|e| anyhow::anyhow!("cannot load the signing key {}: {e}", path.display()))
}

/// Loads a verifying key (PEM or hex).
pub fn load_verifying_key(path: &Path) -> anyhow::Result<VerifyingKey> {
    keyfile::load_verifying_key(path)
        .map_err(|e| anyhow::anyhow!("cannot load the verifying key {}: {e}", path.display()))
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        tracing::warn!(
            path = %path.display(),
            "the audit signing key file is readable by others than its owner; chmod 600 it"
        );
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_path: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(url: &str, key: Option<&str>) -> Settings {
        let mut s = Settings::load(None).unwrap();
        s.database.url = url.into();
        s.audit.signing_key_file = key.map(PathBuf::from);
        s
    }

    #[test]
    fn default_key_path_follows_the_database() {
        let default = Settings::load(None).unwrap();
        assert_eq!(
            signing_key_path(&default),
            PathBuf::from("underlag-data/audit-signing.key")
        );
        assert_eq!(
            signing_key_path(&settings("sqlite:///srv/u/audit.db", None)),
            PathBuf::from("/srv/u/audit-signing.key")
        );
        assert_eq!(
            signing_key_path(&settings("sqlite:audit.db", None)),
            PathBuf::from("audit-signing.key")
        );
        assert_eq!(
            signing_key_path(&settings("postgres://u@h/db", None)),
            PathBuf::from("underlag-data/audit-signing.key")
        );
        assert_eq!(
            signing_key_path(&settings("postgres://u@h/db", Some("/etc/u/k.pem"))),
            PathBuf::from("/etc/u/k.pem")
        );
        assert_eq!(
            verifying_key_path(Path::new("/srv/u/audit-signing.key")),
            PathBuf::from("/srv/u/audit-signing.pub")
        );
    }

    #[test]
    fn the_key_is_created_once_with_its_public_half() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys").join("audit-signing.key");
        let key = load_or_create_signing_key(&path).unwrap();
        let again = load_or_create_signing_key(&path).unwrap();
        assert_eq!(key.to_hex(), again.to_hex(), "an existing key is kept");
        let public = load_verifying_key(&verifying_key_path(&path)).unwrap();
        assert_eq!(public, key.verifying_key());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0);
        }
        // A published key that does not belong to the signing key is refused.
        let other = SigningKey::from_seed([1; 32]).verifying_key();
        std::fs::write(verifying_key_path(&path), other.to_hex()).unwrap();
        assert!(load_or_create_signing_key(&path).is_err());
        assert!(load_signing_key(&dir.path().join("missing.key")).is_err());
    }
}
