//! The SQLite backend: one database file in WAL mode with `synchronous=FULL`, appends
//! serialised in-process by a mutex and across processes by `BEGIN IMMEDIATE`.
//!
//! Migrations come from `migrations/sqlite`, embedded at compile time. The database's files
//! are readable by their owner only (`sqlite/files.rs`).

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteQueryResult, SqliteSynchronous,
};
use sqlx::{AssertSqlSafe, Row, Sqlite, Transaction};

pub(crate) mod direct_read;
mod files;

use crate::backend::{Backend, DbFuture};
use crate::error::StoreError;
use crate::store::Store;

const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "audit",
        include_str!("../migrations/sqlite/0001_audit.sql"),
    ),
    (
        2,
        "registry",
        include_str!("../migrations/sqlite/0002_registry.sql"),
    ),
    (
        3,
        "registry syfte",
        include_str!("../migrations/sqlite/0003_registry_syfte.sql"),
    ),
    (
        4,
        "registry legal basis",
        include_str!("../migrations/sqlite/0004_registry_legal_basis.sql"),
    ),
    (
        5,
        "norm archive",
        include_str!("../migrations/sqlite/0005_norm.sql"),
    ),
    (
        6,
        "audit prune",
        include_str!("../migrations/sqlite/0006_audit_prune.sql"),
    ),
    (
        7,
        "applications",
        include_str!("../migrations/sqlite/0007_applications.sql"),
    ),
    (
        8,
        "consent",
        include_str!("../migrations/sqlite/0008_consent.sql"),
    ),
];

/// How long a writer waits for another process's write transaction before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The audit store in one SQLite database file.
pub type SqliteStore = Store<Sqlite>;

impl Store<Sqlite> {
    /// Opens (creating if missing) the database file at `path` and runs migrations. The
    /// file, its `-wal`, `-shm` and `-journal` files are mode 0600, a folder created for it
    /// 0700.
    pub async fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref();
        files::prepare(path)?;
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(BUSY_TIMEOUT)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|e| StoreError::db("open", e))?;
        let mut store = Self::migrated(pool).await?;
        store.file = Some(Arc::from(path));
        Ok(store)
    }

    /// An online, consistent copy of the whole database (audit chain, checkpoints, prune
    /// anchors, registry) into the new file `to`, with `VACUUM INTO`: one read transaction,
    /// so appends go on meanwhile and the copy is the database as of its start. The copy is
    /// made 0600; `to` must not exist yet.
    pub async fn backup_into(&self, to: &Path) -> Result<(), StoreError> {
        if to.exists() {
            return Err(StoreError::Backup("the backup file exists already".into()));
        }
        let target = to
            .to_str()
            .ok_or_else(|| StoreError::Backup("the backup path is not UTF-8".into()))?
            .to_owned();
        // An empty file made 0600 first: SQLite writes into it and keeps its mode.
        files::prepare(to)?;
        let mut conn = self
            .pool
            .acquire()
            .await
            .map_err(|e| StoreError::db("backup", e))?;
        sqlx::query("VACUUM INTO ?")
            .bind(target)
            .execute(&mut *conn)
            .await
            .map_err(|e| StoreError::db("backup", e))?;
        tracing::info!(
            event = "audit.backup",
            backend = "sqlite",
            "audit database backed up"
        );
        Ok(())
    }

    /// Reads only the hashed columns of every record and recomputes each hash, checking
    /// nothing else (no links, no columns, no checkpoints): the floor of any verification
    /// that reads this database, measured by `underlag bench audit`. Returns the records
    /// hashed; `None` for an in-memory store.
    pub async fn rehash_stored_chain(&self) -> Result<Option<u64>, StoreError> {
        let Some(file) = self.file.clone() else {
            return Ok(None);
        };
        direct_read::rehash_stored_chain(file).await.map(Some)
    }

    /// A private in-memory database, for unit tests only: nothing survives the store.
    pub async fn in_memory() -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")
            .map_err(|e| StoreError::db("open", e))?;
        // One connection that never closes: every connection would be a separate database.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await
            .map_err(|e| StoreError::db("open", e))?;
        Self::migrated(pool).await
    }
}

impl Backend for Sqlite {
    const BACKEND: &'static str = "sqlite";
    const MIGRATIONS: &'static [(i64, &'static str, &'static str)] = MIGRATIONS;
    const TAKES_TURNS_IN_PROCESS: bool = true;

    fn begin_serialised(pool: &SqlitePool) -> DbFuture<'_, Transaction<'static, Sqlite>> {
        Box::pin(pool.begin_with("BEGIN IMMEDIATE"))
    }

    fn rows_affected(done: &SqliteQueryResult) -> u64 {
        done.rows_affected()
    }

    /// Drops every trigger; restoring is creating them again from their stored definitions.
    fn suspend_triggers(conn: &mut SqliteConnection) -> DbFuture<'_, Vec<String>> {
        Box::pin(async move {
            let rows = sqlx::query("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
                .fetch_all(&mut *conn)
                .await?;
            let mut restore = Vec::with_capacity(rows.len());
            for row in rows {
                let name: String = row.try_get("name")?;
                // Trigger names come from our own schema.
                sqlx::query(AssertSqlSafe(format!("DROP TRIGGER \"{name}\"")))
                    .execute(&mut *conn)
                    .await?;
                restore.push(row.try_get("sql")?);
            }
            Ok(restore)
        })
    }
}
