//! The SQLite backend: one database file in WAL mode with `synchronous=FULL`, appends
//! serialised in-process by a mutex and across processes by `BEGIN IMMEDIATE`.
//!
//! Migrations come from `migrations/sqlite`, embedded at compile time.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use sqlx::{QueryBuilder, Row, Sqlite};
use tokio::sync::Mutex;
use underlag_audit::{AuditRecord, ChainedRecord, Checkpoint, GENESIS_HASH, SigningKey};

use crate::error::StoreError;
use crate::migrations::migrator;
use crate::row::{RECORD_COLUMNS, RecordRow, read_checkpoint, seq_to_db, ts_to_db};
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
];

pub(crate) const INSERT_RECORD: &str = "INSERT INTO audit_record (seq, id, at_ns, kind, \
    channel, organisation, case_worker, case_id, purpose, legal_basis, data_processors, \
    subject, period_from, period_to, sources, protected, refusal, prev_hash, hash, encoding) \
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

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
    /// Opens (creating if missing) the database file at `path` and runs migrations.
    pub async fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
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
    let Some(row) = row else {
        return Ok((0, GENESIS_HASH));
    };
    let seq: i64 = row.try_get("seq").map_err(|e| StoreError::db(op, e))?;
    let hash: Vec<u8> = row.try_get("hash").map_err(|e| StoreError::db(op, e))?;
    let seq = u64::try_from(seq).map_err(|_| StoreError::Corrupt {
        seq: 0,
        what: "seq",
    })?;
    let hash = hash
        .try_into()
        .map_err(|_| StoreError::Corrupt { seq, what: "hash" })?;
    Ok((seq, hash))
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

fn rows_to_records(rows: &[sqlx::sqlite::SqliteRow]) -> Result<Vec<ChainedRecord>, StoreError> {
    rows.iter()
        .map(|r| {
            RecordRow::read(r)
                .map_err(|e| StoreError::db("records", e))?
                .into_chained()
        })
        .collect()
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
        rows_to_records(&rows)
    }

    async fn query(&self, filter: AuditFilter) -> Result<Vec<ChainedRecord>, StoreError> {
        let mut qb = QueryBuilder::<Sqlite>::new("SELECT ");
        qb.push(RECORD_COLUMNS)
            .push(" FROM audit_record WHERE 1 = 1");
        if let Some(period) = &filter.period {
            qb.push(" AND at_ns >= ")
                .push_bind(ts_to_db(period.start, "period start")?);
            qb.push(" AND at_ns < ")
                .push_bind(ts_to_db(period.end, "period end")?);
        }
        if let Some(cw) = filter.case_worker {
            qb.push(" AND case_worker = ").push_bind(cw);
        }
        if let Some(subject) = &filter.subject {
            qb.push(" AND subject = ")
                .push_bind(subject.expose().to_owned());
        }
        if let Some(org) = filter.organisation {
            qb.push(" AND organisation = ").push_bind(org);
        }
        if let Some(seq) = filter.from_seq {
            qb.push(" AND seq >= ").push_bind(seq_to_db(seq)?);
        }
        qb.push(" ORDER BY seq");
        if let Some(limit) = filter.limit {
            qb.push(" LIMIT ").push_bind(i64::from(limit));
        }
        let rows = qb
            .build()
            .fetch_all(&self.pool)
            .await
            .map_err(|e| StoreError::db("query", e))?;
        rows_to_records(&rows)
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
        sqlx::query(
            "INSERT INTO audit_checkpoint (seq, head_hash, signed_at_ns, signature) \
             VALUES (?, ?, ?, ?)",
        )
        .bind(seq_to_db(cp.seq)?)
        .bind(cp.head_hash.to_vec())
        .bind(ts_to_db(cp.signed_at, "checkpoint time")?)
        .bind(cp.signature.to_vec())
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
