//! The store over one database, generic over its backend: [`Store`], the audit chain on it
//! ([`AuditStore`]) and the steps every writer of the chain shares (read the head, link a
//! record onto it, insert it).

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::{Database, Pool, Transaction};
use tokio::sync::{Mutex, MutexGuard};
use underlag_audit::{AuditRecord, ChainedRecord, Checkpoint, PruneAnchor, SigningKey};

use crate::error::StoreError;
use crate::prune::{PrunePlan, PruneRequest, Pruned};
use crate::row::{
    INSERT_CHECKPOINT, INSERT_RECORD, RecordRow, SELECT_CHECKPOINTS, SELECT_HEAD, SELECT_RECORDS,
    checkpoint_params, read_checkpoint, read_head, records_from_rows, seq_to_db,
};
use crate::selection::push_filter;
use crate::sql::{Sql, Statement};
use crate::{AuditFilter, AuditStore, HashedRow};

/// The audit store (and the connection registry) in one database: [`crate::SqliteStore`] or
/// [`crate::PostgresStore`].
#[derive(Debug)]
pub struct Store<DB: Database> {
    pub(crate) pool: Pool<DB>,
    /// The turn appends of this process take (SQLite only, see `Backend`).
    turn: Arc<Mutex<()>>,
    /// The database file, when the store is one SQLite file: `audit verify` reads it
    /// directly (`sqlite/direct_read.rs`). `None` for PostgreSQL and in-memory SQLite.
    pub(crate) file: Option<Arc<Path>>,
}

impl<DB: Database> Clone for Store<DB> {
    fn clone(&self) -> Self {
        Self {
            pool: self.pool.clone(),
            turn: self.turn.clone(),
            file: self.file.clone(),
        }
    }
}

impl<DB: Database> Store<DB> {
    /// The store over `pool`, its schema brought up to date.
    pub(crate) async fn migrated(pool: Pool<DB>) -> Result<Self, StoreError>
    where
        DB: Sql,
    {
        DB::migrate(&pool)
            .await
            .map_err(|e| StoreError::Migration(e.to_string()))?;
        Ok(Self {
            pool,
            turn: Arc::new(Mutex::new(())),
            file: None,
        })
    }
}

/// Begins a transaction at the head of the chain, for an append or a checkpoint.
pub(crate) async fn begin_append<'s, B: Sql>(
    store: &'s Store<B>,
    op: &'static str,
) -> Result<(Option<MutexGuard<'s, ()>>, Transaction<'static, B>), StoreError> {
    let turn = if B::TAKES_TURNS_IN_PROCESS {
        Some(store.turn.lock().await)
    } else {
        None
    };
    let tx = B::begin_serialised(&store.pool)
        .await
        .map_err(|e| StoreError::db(op, e))?;
    Ok((turn, tx))
}

/// Every row `statement` selects, on a connection of the pool.
pub(crate) async fn fetch_all<B: Sql>(
    store: &Store<B>,
    statement: Statement,
    op: &'static str,
) -> Result<Vec<B::Row>, StoreError> {
    let mut conn = store
        .pool
        .acquire()
        .await
        .map_err(|e| StoreError::db(op, e))?;
    B::fetch_all(&mut conn, statement)
        .await
        .map_err(|e| StoreError::db(op, e))
}

/// Reads the head `(seq, hash)`, or `(0, genesis)` for an empty log.
pub(crate) async fn head<B: Sql>(
    conn: &mut B::Connection,
    op: &'static str,
) -> Result<(u64, [u8; 32]), StoreError> {
    let row = B::fetch_optional(conn, Statement::new(SELECT_HEAD))
        .await
        .map_err(|e| StoreError::db(op, e))?;
    read_head::<B>(row.as_ref(), op)
}

/// Inserts one chained record on `conn`.
pub(crate) async fn insert<B: Sql>(
    conn: &mut B::Connection,
    chained: &ChainedRecord,
) -> Result<(), StoreError> {
    let row = RecordRow::from_chained(chained)?;
    B::execute(conn, Statement::new(INSERT_RECORD).bind_all(row.params()))
        .await
        .map_err(|e| StoreError::db("append", e))?;
    Ok(())
}

/// Links `record` onto the head of the chain and inserts it, inside a transaction that holds
/// the append serialisation (`op` names the operation in errors).
pub(crate) async fn link<B: Sql>(
    conn: &mut B::Connection,
    record: AuditRecord,
    op: &'static str,
) -> Result<ChainedRecord, StoreError> {
    let (seq, prev) = head::<B>(conn, op).await?;
    let chained = ChainedRecord::link(seq + 1, prev, record);
    insert::<B>(conn, &chained).await?;
    Ok(chained)
}

#[async_trait]
impl<B: Sql> AuditStore for Store<B> {
    async fn append(&self, record: AuditRecord) -> Result<ChainedRecord, StoreError> {
        let (_turn, mut tx) = begin_append(self, "append").await?;
        let chained = link::<B>(&mut tx, record, "append").await?;
        tx.commit().await.map_err(|e| StoreError::db("append", e))?;
        tracing::debug!(
            seq = chained.seq,
            backend = B::BACKEND,
            "audit record appended"
        );
        Ok(chained)
    }

    async fn records(&self, from_seq: u64, limit: u32) -> Result<Vec<ChainedRecord>, StoreError> {
        let mut statement = Statement::new(SELECT_RECORDS);
        statement
            .push_bind(" WHERE seq >= ", seq_to_db(from_seq)?)
            .push_bind(" ORDER BY seq LIMIT ", i64::from(limit));
        let rows = fetch_all(self, statement, "records").await?;
        records_from_rows::<B>(&rows)
    }

    async fn records_hashed(
        &self,
        from_seq: u64,
        limit: u32,
    ) -> Result<Vec<HashedRow>, StoreError> {
        if let Some(file) = &self.file {
            return crate::sqlite::direct_read::records_hashed(
                file.clone(),
                seq_to_db(from_seq)?,
                i64::from(limit),
            )
            .await;
        }
        let mut statement = Statement::new(SELECT_RECORDS);
        statement
            .push_bind(" WHERE seq >= ", seq_to_db(from_seq)?)
            .push_bind(" ORDER BY seq LIMIT ", i64::from(limit));
        let rows = fetch_all(self, statement, "records").await?;
        let mut scratch = Vec::with_capacity(1024);
        rows.iter()
            .map(|row| {
                crate::row_hashed::hashed_from_row(
                    &crate::row_hashed::SqlxColumns::<B>(row),
                    &mut scratch,
                )
            })
            .collect()
    }

    async fn query(&self, filter: AuditFilter) -> Result<Vec<ChainedRecord>, StoreError> {
        let mut statement = Statement::new(SELECT_RECORDS);
        statement.push(" WHERE 1 = 1");
        push_filter(&mut statement, filter)?;
        let rows = fetch_all(self, statement, "query").await?;
        records_from_rows::<B>(&rows)
    }

    async fn checkpoint(&self, signer: &SigningKey) -> Result<Checkpoint, StoreError> {
        let (_turn, mut tx) = begin_append(self, "checkpoint").await?;
        let (seq, head_hash) = head::<B>(&mut tx, "checkpoint").await?;
        let cp = Checkpoint::sign(signer, seq, head_hash, Timestamp::now());
        let insert = Statement::new(INSERT_CHECKPOINT).bind_all(checkpoint_params(&cp)?);
        B::execute(&mut tx, insert)
            .await
            .map_err(|e| StoreError::db("checkpoint", e))?;
        tx.commit()
            .await
            .map_err(|e| StoreError::db("checkpoint", e))?;
        tracing::info!(
            seq = cp.seq,
            backend = B::BACKEND,
            "audit checkpoint signed"
        );
        Ok(cp)
    }

    async fn checkpoints(&self) -> Result<Vec<Checkpoint>, StoreError> {
        let rows = fetch_all(self, Statement::new(SELECT_CHECKPOINTS), "checkpoints").await?;
        rows.iter().map(read_checkpoint::<B>).collect()
    }

    async fn prune_plan(&self, before: Timestamp) -> Result<Option<PrunePlan>, StoreError> {
        crate::prune::plan_prune(self, before).await
    }

    async fn prune(
        &self,
        request: &PruneRequest,
        signer: &SigningKey,
    ) -> Result<Option<Pruned>, StoreError> {
        crate::prune::prune_before(self, request, signer).await
    }

    async fn prune_anchors(&self) -> Result<Vec<PruneAnchor>, StoreError> {
        crate::prune::anchors(self).await
    }

    async fn count(&self) -> Result<u64, StoreError> {
        let statement = Statement::new("SELECT COUNT(*) AS n FROM audit_record");
        let rows = fetch_all(self, statement, "count").await?;
        let n = match rows.first() {
            Some(row) => B::int(row, "n").map_err(|e| StoreError::db("count", e))?,
            None => 0,
        };
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn close(&self) {
        self.pool.close().await;
    }

    fn backend(&self) -> &'static str {
        B::BACKEND
    }
}
