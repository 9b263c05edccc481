//! Checkpoint key files: the operator's signing key (secret, mode 0600, never overwritten)
//! and the published verifying key. PEM is written; PEM or 64 hex digits are read.
//!
//! These are blocking file operations, meant for start-up and the command line.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

use underlag_audit::{SigningKey, VerifyingKey};

use crate::error::StoreError;

fn read(path: &Path) -> Result<String, StoreError> {
    std::fs::read_to_string(path).map_err(|e| StoreError::KeyFile(format!("cannot read: {e}")))
}

/// Reads the signing key (PKCS#8 PEM or hex seed).
pub fn load_signing_key(path: impl AsRef<Path>) -> Result<SigningKey, StoreError> {
    SigningKey::from_pem_or_hex(&read(path.as_ref())?)
        .map_err(|e| StoreError::KeyFile(e.to_string()))
}

/// Reads a verifying key (SPKI PEM or hex).
pub fn load_verifying_key(path: impl AsRef<Path>) -> Result<VerifyingKey, StoreError> {
    VerifyingKey::from_pem_or_hex(&read(path.as_ref())?)
        .map_err(|e| StoreError::KeyFile(e.to_string()))
}

/// Writes the signing key as PKCS#8 PEM to a new file readable only by its owner. Refuses to
/// overwrite an existing file: losing the old key would orphan its checkpoints.
pub fn save_signing_key(path: impl AsRef<Path>, key: &SigningKey) -> Result<(), StoreError> {
    let pem = key
        .to_pem()
        .map_err(|e| StoreError::KeyFile(e.to_string()))?;
    write_new(path.as_ref(), pem.as_bytes(), 0o600)
}

/// Writes the verifying key as SPKI PEM to a new file.
pub fn save_verifying_key(path: impl AsRef<Path>, key: &VerifyingKey) -> Result<(), StoreError> {
    let pem = key
        .to_pem()
        .map_err(|e| StoreError::KeyFile(e.to_string()))?;
    write_new(path.as_ref(), pem.as_bytes(), 0o644)
}

fn write_new(path: &Path, bytes: &[u8], mode: u32) -> Result<(), StoreError> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut file = options
        .open(path)
        .map_err(|e| StoreError::KeyFile(format!("cannot create: {e}")))?;
    // The mode as asked, whatever the umask (the binary runs with 077; the verifying key is
    // meant to be published).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(|e| StoreError::KeyFile(format!("cannot set the mode: {e}")))?;
    }
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| StoreError::KeyFile(format!("cannot write: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_files() {
        let dir = tempfile::tempdir().unwrap();
        let key = SigningKey::generate().unwrap();
        let secret = dir.path().join("checkpoint.key");
        let public = dir.path().join("checkpoint.pub");
        save_signing_key(&secret, &key).unwrap();
        save_verifying_key(&public, &key.verifying_key()).unwrap();
        assert_eq!(load_signing_key(&secret).unwrap().to_hex(), key.to_hex());
        assert_eq!(load_verifying_key(&public).unwrap(), key.verifying_key());
        assert!(
            save_signing_key(&secret, &key).is_err(),
            "must not overwrite"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&secret).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0);
        }
        std::fs::write(dir.path().join("hex.key"), format!("{}\n", key.to_hex())).unwrap();
        assert_eq!(
            load_signing_key(dir.path().join("hex.key"))
                .unwrap()
                .verifying_key(),
            key.verifying_key()
        );
    }
}
