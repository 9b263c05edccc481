//! The PostgreSQL backend: appends serialised by a transaction-scoped advisory lock keyed on
//! the audit table, so several gateway processes sharing one database keep one linear chain.
//!
//! Migrations come from `migrations/postgres`, embedded at compile time. Tables are created
//! unqualified, in the first schema of the connection's `search_path`.

use std::str::FromStr;

use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sqlx::{Postgres, QueryBuilder};
use underlag_audit::{AuditRecord, ChainedRecord, Checkpoint, SigningKey};

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
        include_str!("../migrations/postgres/0001_audit.sql"),
    ),
    (
        2,
        "registry",
        include_str!("../migrations/postgres/0002_registry.sql"),
    ),
    (
        3,
        "registry syfte",
        include_str!("../migrations/postgres/0003_registry_syfte.sql"),
    ),
];

pub(crate) const INSERT_RECORD: &str = "INSERT INTO audit_record (seq, id, at_ns, kind, \
    channel, organisation, case_worker, case_id, purpose, legal_basis, data_processors, \
    subject, period_from, period_to, sources, protected, refusal, prev_hash, hash, encoding) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
    $19, $20)";

/// Makes the commit durable whatever the server default, then waits for the append lock.
/// The lock's first key is "UAUD" in ASCII, the second the audit table's OID, so it is held
/// per audit table (per schema) and released at commit or rollback.
const LOCK_FOR_APPEND: &str = "SET LOCAL synchronous_commit = on; \
    SELECT pg_advisory_xact_lock(1430344004, ('audit_record'::regclass)::oid::int4)";

const INSERT_CHECKPOINT: &str = "INSERT INTO audit_checkpoint \
    (seq, head_hash, signed_at_ns, signature) VALUES ($1, $2, $3, $4)";

const SELECT_HEAD: &str = "SELECT seq, hash FROM audit_record ORDER BY seq DESC LIMIT 1";

/// Default pool size of [`PostgresStore::connect`].
const DEFAULT_POOL_SIZE: u32 = 8;

/// The audit store in a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pub(crate) pool: PgPool,
}

impl PostgresStore {
    /// Connects to `url` (`postgres://…`) and runs migrations.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url).map_err(|e| StoreError::db("connect", e))?;
        Self::connect_with(options, DEFAULT_POOL_SIZE).await
    }

    /// Connects with explicit options (e.g. a `search_path` naming the schema to use) and
    /// runs migrations.
    pub async fn connect_with(
        options: PgConnectOptions,
        max_connections: u32,
    ) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .connect_with(options)
            .await
            .map_err(|e| StoreError::db("connect", e))?;
        migrator(MIGRATIONS)
            .run(&pool)
            .await
            .map_err(|e| StoreError::Migration(e.to_string()))?;
        Ok(Self { pool })
    }
}

/// Takes the append lock in the current transaction.
pub(crate) async fn lock_for_append(
    conn: &mut PgConnection,
    op: &'static str,
) -> Result<(), StoreError> {
    sqlx::raw_sql(LOCK_FOR_APPEND)
        .execute(&mut *conn)
        .await
        .map_err(|e| StoreError::db(op, e))?;
    Ok(())
}

/// Reads the head `(seq, hash)`, or `(0, genesis)` for an empty log.
pub(crate) async fn head(
    conn: &mut PgConnection,
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
    conn: &mut PgConnection,
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
impl AuditStore for PostgresStore {
    async fn append(&self, record: AuditRecord) -> Result<ChainedRecord, StoreError> {
        let mut tx = self
            .pool
            .begin()
            .await
            .map_err(|e| StoreError::db("append", e))?;
        lock_for_append(&mut tx, "append").await?;
        let (seq, prev) = head(&mut tx, "append").await?;
        let chained = ChainedRecord::link(seq + 1, prev, record);
        insert(&mut tx, &chained).await?;
        tx.commit().await.map_err(|e| StoreError::db("append", e))?;
        tracing::debug!(
            seq = chained.seq,
            backend = "postgres",
            "audit record appended"
        );
        Ok(chained)
    }

    async fn records(&self, from_seq: u64, limit: u32) -> Result<Vec<ChainedRecord>, StoreError> {
        let mut qb = QueryBuilder::<Postgres>::new("SELECT ");
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
        let mut qb = QueryBuilder::<Postgres>::new("SELECT ");
        qb.push(RECORD_COLUMNS)
            .push(" FROM audit_record WHERE TRUE");
        push_filter(&mut qb, filter)?;
        let rows = qb
            .build()
            .fetch_all(&self.pool)
            .await
            .map_err(|e| StoreError::db("query", e))?;
        records_from_rows(&rows)
    }

    async fn checkpoint(&self, signer: &SigningKey) -> Result<Checkpoint, StoreError> {
        let mut tx = self
            .pool
            .begin()
            .await
            .map_err(|e| StoreError::db("checkpoint", e))?;
        lock_for_append(&mut tx, "checkpoint").await?;
        let (seq, head_hash) = head(&mut tx, "checkpoint").await?;
        let cp = Checkpoint::sign(signer, seq, head_hash, Timestamp::now());
        bind_checkpoint(sqlx::query(INSERT_CHECKPOINT), &cp)?
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::db("checkpoint", e))?;
        tx.commit()
            .await
            .map_err(|e| StoreError::db("checkpoint", e))?;
        tracing::info!(
            seq = cp.seq,
            backend = "postgres",
            "audit checkpoint signed"
        );
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
        "postgres"
    }
}
