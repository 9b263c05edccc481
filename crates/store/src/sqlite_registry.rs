//! The registry on SQLite: a change is one `BEGIN IMMEDIATE` transaction holding the
//! registry rows and their audit records, so it waits for (and blocks) audit appends of
//! every process sharing the file and commits with the chain linear.

use sqlx::sqlite::SqliteConnection;
use sqlx::{Sqlite, Transaction};
use underlag_audit::{AuditRecord, ChainedRecord};

use crate::error::StoreError;
use crate::registry_sql::impl_registry_store;
use crate::sqlite::{SqliteStore, head, insert};

/// Begins a change: the write lock is taken up front, as for an audit append.
async fn begin(store: &SqliteStore) -> Result<Transaction<'static, Sqlite>, StoreError> {
    store
        .pool
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(|e| StoreError::db("registry change", e))
}

/// Links one audit record onto the chain inside the change's transaction.
async fn append(conn: &mut SqliteConnection, record: AuditRecord) -> Result<(), StoreError> {
    let (seq, prev) = head(conn, "registry change").await?;
    insert(conn, &ChainedRecord::link(seq + 1, prev, record)).await
}

impl_registry_store!(crate::sqlite::SqliteStore, sqlx::sqlite::SqliteConnection);
