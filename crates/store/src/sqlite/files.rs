//! The SQLite database's files hold personnummer in clear: the database and its `-wal`,
//! `-shm` and `-journal` files are readable by their owner only (0600), whatever the umask,
//! and a folder created for them is 0700.
//!
//! SQLite creates the `-wal`, `-shm` and `-journal` files with the database file's mode, so
//! creating the database file 0600 before SQLite opens it covers them; files left by an
//! earlier version with wider modes are narrowed at open.

use std::path::{Path, PathBuf};

use crate::error::StoreError;

/// Files beside the database that SQLite creates.
const COMPANIONS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// Creates a missing parent folder (0700) and the database file (0600), and narrows the
/// modes of existing database files to 0600.
pub(crate) fn prepare(path: &Path) -> Result<(), StoreError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        create_dir(dir)?;
    }
    create_file(path)?;
    for companion in std::iter::once(path.to_path_buf()).chain(companions(path)) {
        narrow(&companion)?;
    }
    Ok(())
}

/// The `-wal`, `-shm` and `-journal` paths of the database at `path`.
pub(crate) fn companions(path: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    COMPANIONS.iter().map(move |suffix| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    })
}

fn failed(what: &str, path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Database {
        operation: "open",
        message: format!("cannot {what} {}: {e}", path.display()),
    }
}

#[cfg(unix)]
fn create_dir(dir: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| failed("create the folder", dir, e))
}

#[cfg(not(unix))]
fn create_dir(dir: &Path) -> Result<(), StoreError> {
    std::fs::create_dir_all(dir).map_err(|e| failed("create the folder", dir, e))
}

#[cfg(unix)]
fn create_file(path: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)
        .map(drop)
        .map_err(|e| failed("create", path, e))
}

#[cfg(not(unix))]
fn create_file(_path: &Path) -> Result<(), StoreError> {
    Ok(())
}

/// Narrows an existing file's mode to 0600 (a missing file is fine).
#[cfg(unix)]
fn narrow(path: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::PermissionsExt;
    let Ok(metadata) = std::fs::metadata(path) else {
        return Ok(());
    };
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 == 0 {
        return Ok(());
    }
    tracing::warn!(
        file = %path.display(),
        mode = format!("{mode:o}"),
        "the audit database file was readable by others; narrowing it to 0600"
    );
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
        .map_err(|e| failed("narrow the mode of", path, e))
}

#[cfg(not(unix))]
fn narrow(_path: &Path) -> Result<(), StoreError> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path)
            .expect("the test file exists")
            .permissions()
            .mode()
            & 0o777
    }

    #[test]
    fn a_new_database_and_its_folder_are_private_and_old_files_are_narrowed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data/audit.db");
        prepare(&path).unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        let wal = companions(&path).next().unwrap();
        std::fs::write(&wal, b"").unwrap();
        std::fs::set_permissions(&wal, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        prepare(&path).unwrap();
        assert_eq!((mode(&path), mode(&wal)), (0o600, 0o600));
    }
}
