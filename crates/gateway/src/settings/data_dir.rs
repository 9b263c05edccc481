//! The data directory: the one folder every relative path in the settings is read against
//! (the SQLite database, the signing key, TLS files, CRLs, the specification folder), so a
//! command run from another working directory uses the same store.

use std::path::{Path, PathBuf};

use super::Settings;

/// Where `underlag serve` keeps its data when neither `--data-dir` nor `UNDERLAG_DATA_DIR`
/// says otherwise (the systemd unit's `StateDirectory=underlag`).
pub const SERVE_DEFAULT_DATA_DIR: &str = "/var/lib/underlag";

/// The environment variable naming the data directory (the `--data-dir` option wins).
pub const DATA_DIR_VAR: &str = "UNDERLAG_DATA_DIR";

/// `path` read against `data_dir` when relative; an absolute path is kept.
fn resolve(data_dir: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        data_dir.join(path)
    }
}

/// A database URL whose SQLite file is read against `data_dir` when relative; PostgreSQL
/// and in-memory URLs are kept as they are.
pub fn resolve_database_url(data_dir: &Path, url: &str) -> String {
    let Some(rest) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    else {
        return url.to_owned();
    };
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    if path.is_empty() || path.contains(":memory:") || Path::new(path).is_absolute() {
        return url.to_owned();
    }
    let resolved = data_dir.join(path);
    match query {
        Some(query) => format!("sqlite://{}?{query}", resolved.display()),
        None => format!("sqlite://{}", resolved.display()),
    }
}

impl Settings {
    /// Reads every relative path of these settings against `data_dir` (made absolute
    /// against the working directory first): the database URL, `audit.signing_key_file`
    /// (set to its default beside the database when not given), the `[tls]` and
    /// `[upstream_tls]` files and `spec.dir`.
    pub fn resolve_paths(&mut self, data_dir: &Path) -> std::io::Result<PathBuf> {
        let data_dir = std::path::absolute(data_dir)?;
        self.database.url = resolve_database_url(&data_dir, &self.database.url);
        let key = crate::keys::signing_key_path(self);
        self.audit.signing_key_file = Some(resolve(&data_dir, &key));
        let tls = &mut self.tls;
        for file in [
            &mut tls.cert_file,
            &mut tls.key_file,
            &mut tls.client_ca_file,
        ]
        .into_iter()
        .flatten()
        {
            *file = resolve(&data_dir, file);
        }
        for crl in &mut tls.crl_files {
            *crl = resolve(&data_dir, crl);
        }
        let upstream = &mut self.upstream_tls;
        for file in [
            &mut upstream.client_cert_file,
            &mut upstream.client_key_file,
            &mut upstream.ca_file,
        ]
        .into_iter()
        .flatten()
        {
            *file = resolve(&data_dir, file);
        }
        if let Some(dir) = &mut self.spec.dir {
            *dir = resolve(&data_dir, dir);
        }
        Ok(data_dir)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn relative_paths_resolve_against_the_data_dir() {
        let mut settings = Settings::load_with_env(None, Some(HashMap::new())).unwrap();
        settings.tls.crl_files = vec![PathBuf::from("pki/crl.pem")];
        settings.tls.cert_file = Some(PathBuf::from("/etc/underlag/server.pem"));
        let dir = Path::new("/srv/underlag");
        settings.resolve_paths(dir).unwrap();
        assert_eq!(
            settings.database.url,
            "sqlite:///srv/underlag/underlag-data/audit.db"
        );
        assert_eq!(
            settings.audit.signing_key_file.as_deref(),
            Some(Path::new("/srv/underlag/underlag-data/audit-signing.key"))
        );
        assert_eq!(settings.tls.crl_files[0], dir.join("pki/crl.pem"));
        assert_eq!(
            settings.tls.cert_file.as_deref(),
            Some(Path::new("/etc/underlag/server.pem")),
            "an absolute path is kept"
        );
    }

    #[test]
    fn database_urls_other_than_a_relative_sqlite_file_are_kept() {
        let dir = Path::new("/d");
        for url in [
            "postgres://u@127.0.0.1/db",
            "sqlite::memory:",
            "sqlite:///abs/audit.db",
        ] {
            assert_eq!(resolve_database_url(dir, url), url);
        }
        assert_eq!(
            resolve_database_url(dir, "sqlite://a/b.db?mode=rwc"),
            "sqlite:///d/a/b.db?mode=rwc"
        );
        assert_eq!(resolve_database_url(dir, "sqlite:b.db"), "sqlite:///d/b.db");
    }
}
