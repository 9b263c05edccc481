//! The SQLite backend: one database file in WAL mode with `synchronous=FULL`, appends
//! serialised in-process by a mutex and across processes by `BEGIN IMMEDIATE`.
//!
//! Migrations come from `migrations/sqlite`, embedded at compile time. The database's files
//! are readable by their owner only (`sqlite/files.rs`).

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use sqlx::{QueryBuilder, Sqlite};
use tokio::sync::Mutex;
use underlag_audit::{AuditRecord, ChainedRecord, Checkpoint, SigningKey};

mod files;

use crate::error::StoreError;
use crate::migrations::migrator;
use crate::row::{
    RECORD_COLUMNS, RecordRow, bind_checkpoint, read_checkpoint, read_head, records_from_rows,
    seq_to_db,
};
use crate::selection::push_filter;
use crate::{AuditFilter, AuditStore};

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
];

pub(crate) const INSERT_RECORD: &str = "INSERT INTO audit_record (seq, id, at_ns, kind, \
    channel, organisation, case_worker, case_id, purpose, legal_basis, data_processors, \
    subject, period_from, period_to, sources, protected, refusal, prev_hash, hash, encoding) \
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

const INSERT_CHECKPOINT: &str = "INSERT INTO audit_checkpoint \
    (seq, head_hash, signed_at_ns, signature) VALUES (?, ?, ?, ?)";

const SELECT_HEAD: &str = "SELECT seq, hash FROM audit_record ORDER BY seq DESC LIMIT 1";

/// How long a writer waits for another process's write transaction before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The audit store in one SQLite database file.
#[derive(Debug)]
pub struct SqliteStore {
    pub(crate) pool: SqlitePool,
    append_lock: Mutex<()>,
}

impl SqliteStore {
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
        Self::migrated(pool).await
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

    async fn migrated(pool: SqlitePool) -> Result<Self, StoreError> {
        migrator(MIGRATIONS)
            .run(&pool)
            .await
            .map_err(|e| StoreError::Migration(e.to_string()))?;
        Ok(Self {
            pool,
            append_lock: Mutex::new(()),
        })
    }
}

/// Reads the head `(seq, hash)`, or `(0, genesis)` for an empty log.
pub(crate) async fn head(
    conn: &mut SqliteConnection,
    op: &'static str,
) -> Result<(u64, [u8; 32]), StoreError> {
    let row = sqlx::query(SELECT_HEAD)
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| StoreError::db(op, e))?;
    read_head(row.as_ref(), op)
}

/// Inserts one chained record on `conn`.
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    chained: &ChainedRecord,
) -> Result<(), StoreError> {
    let row = RecordRow::from_chained(chained)?;
    row.bind(sqlx::query(INSERT_RECORD))
        .execute(&mut *conn)
        .await
        .map_err(|e| StoreError::db("append", e))?;
    Ok(())
}

#[async_trait]
impl AuditStore for SqliteStore {
    async fn append(&self, record: AuditRecord) -> Result<ChainedRecord, StoreError> {
        let _serial = self.append_lock.lock().await;
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(|e| StoreError::db("append", e))?;
        let (seq, prev) = head(&mut tx, "append").await?;
        let chained = ChainedRecord::link(seq + 1, prev, record);
        insert(&mut tx, &chained).await?;
        tx.commit().await.map_err(|e| StoreError::db("append", e))?;
        tracing::debug!(
            seq = chained.seq,
            backend = "sqlite",
            "audit record appended"
        );
        Ok(chained)
    }

    async fn records(&self, from_seq: u64, limit: u32) -> Result<Vec<ChainedRecord>, StoreError> {
        let mut qb = QueryBuilder::<Sqlite>::new("SELECT ");
        qb.push(RECORD_COLUMNS)
            .push(" FROM audit_record WHERE seq >= ");
        qb.push_bind(seq_to_db(from_seq)?)
            .push(" ORDER BY seq LIMIT ");
        qb.push_bind(i64::from(limit));
        let rows = qb
            .build()
            .fetch_all(&self.pool)
            .await
            .map_err(|e| StoreError::db("records", e))?;
        records_from_rows(&rows)
    }

    async fn query(&self, filter: AuditFilter) -> Result<Vec<ChainedRecord>, StoreError> {
        let mut qb = QueryBuilder::<Sqlite>::new("SELECT ");
        qb.push(RECORD_COLUMNS)
            .push(" FROM audit_record WHERE 1 = 1");
        push_filter(&mut qb, filter)?;
        let rows = qb
            .build()
            .fetch_all(&self.pool)
            .await
            .map_err(|e| StoreError::db("query", e))?;
        records_from_rows(&rows)
    }

    async fn checkpoint(&self, signer: &SigningKey) -> Result<Checkpoint, StoreError> {
        let _serial = self.append_lock.lock().await;
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(|e| StoreError::db("checkpoint", e))?;
        let (seq, head_hash) = head(&mut tx, "checkpoint").await?;
        let cp = Checkpoint::sign(signer, seq, head_hash, Timestamp::now());
        bind_checkpoint(sqlx::query(INSERT_CHECKPOINT), &cp)?
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::db("checkpoint", e))?;
        tx.commit()
            .await
            .map_err(|e| StoreError::db("checkpoint", e))?;
        tracing::info!(seq = cp.seq, backend = "sqlite", "audit checkpoint signed");
        Ok(cp)
    }

    async fn checkpoints(&self) -> Result<Vec<Checkpoint>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, head_hash, signed_at_ns, signature FROM audit_checkpoint ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| StoreError::db("checkpoints", e))?;
        rows.iter().map(read_checkpoint).collect()
    }

    async fn count(&self) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_record")
            .fetch_one(&self.pool)
            .await
            .map_err(|e| StoreError::db("count", e))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn close(&self) {
        self.pool.close().await;
    }

    fn backend(&self) -> &'static str {
        "sqlite"
    }
}
