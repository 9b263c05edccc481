//! The store's error type. Messages never carry personal data: database errors are reduced
//! to the server's message and code (never its detail, which can quote row values), and URLs
//! are reduced to their scheme.

/// Why a store operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed an operation.
    #[error("database error during {operation}: {message}")]
    Database {
        /// What the store was doing (`append`, `records`, …).
        operation: &'static str,
        /// The database's message, without detail or parameters.
        message: String,
    },
    /// The schema could not be brought up to date.
    #[error("migration failed: {0}")]
    Migration(String),
    /// A stored record holds a value no record can have (tampering or corruption).
    #[error("stored audit record {seq} cannot be read: {what}")]
    Corrupt {
        /// The record's seq.
        seq: u64,
        /// Which value is impossible (no personal data).
        what: &'static str,
    },
    /// A value is outside what the store can hold (e.g. a timestamp beyond year 2262).
    #[error("{0} is outside the range the store can hold")]
    OutOfRange(&'static str),
    /// The database URL's scheme is not supported.
    #[error("unsupported database URL scheme '{0}'; use sqlite:// or postgres://")]
    UnsupportedUrl(String),
    /// The checkpoint key file could not be read or written.
    #[error("key file: {0}")]
    KeyFile(String),
    /// The registry has no such connection, case, fingerprint, processor or member.
    #[error("no such {0} in the registry")]
    NotFound(&'static str),
    /// A registry change contradicts what is registered.
    #[error("registry conflict: {0}")]
    Conflict(&'static str),
    /// A backup could not be made (the target exists, is not a usable path, …).
    #[error("backup: {0}")]
    Backup(String),
    /// A registry row holds a value no registry entry can have.
    #[error("a stored registry {0} cannot be read")]
    CorruptRegistry(&'static str),
}

impl StoreError {
    /// A stable code for the error catalogue.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Database { .. } => "store.database",
            StoreError::Migration(_) => "store.migration",
            StoreError::Corrupt { .. } => "store.corrupt",
            StoreError::OutOfRange(_) => "store.out_of_range",
            StoreError::UnsupportedUrl(_) => "store.unsupported_url",
            StoreError::KeyFile(_) => "store.key_file",
            StoreError::NotFound(_) => "store.not_found",
            StoreError::Conflict(_) => "store.conflict",
            StoreError::CorruptRegistry(_) => "store.corrupt_registry",
            StoreError::Backup(_) => "store.backup",
        }
    }

    /// Wraps a driver error, keeping only what is safe to log.
    pub(crate) fn db(operation: &'static str, err: sqlx::Error) -> Self {
        let message = match &err {
            sqlx::Error::Database(db) => match db.code() {
                Some(code) => format!("{} (code {code})", db.message()),
                None => db.message().to_owned(),
            },
            // Configuration errors can quote a URL with a password in it.
            sqlx::Error::Configuration(_) => "invalid connection configuration".to_owned(),
            sqlx::Error::Migrate(_) => "migration error".to_owned(),
            other => other.to_string(),
        };
        StoreError::Database { operation, message }
    }

    /// Reports a URL by its scheme only (the rest can hold credentials).
    pub(crate) fn unsupported_url(url: &str) -> Self {
        let scheme: String = url
            .split(':')
            .next()
            .unwrap_or_default()
            .chars()
            .take(20)
            .collect();
        StoreError::UnsupportedUrl(scheme)
    }
}
