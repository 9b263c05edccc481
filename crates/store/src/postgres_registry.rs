//! The registry on PostgreSQL: a change is one transaction that first takes the audit append
//! lock, so registry changes and audit appends of every gateway process are serialised and
//! the chain stays linear.

use sqlx::postgres::PgConnection;
use sqlx::{Postgres, Transaction};
use underlag_audit::{AuditRecord, ChainedRecord};

use crate::error::StoreError;
use crate::postgres::{PostgresStore, head, insert, lock_for_append};
use crate::registry_sql::impl_registry_store;

/// Begins a change holding the append lock.
async fn begin(store: &PostgresStore) -> Result<Transaction<'static, Postgres>, StoreError> {
    let mut tx = store
        .pool
        .begin()
        .await
        .map_err(|e| StoreError::db("registry change", e))?;
    lock_for_append(&mut tx, "registry change").await?;
    Ok(tx)
}

/// Links one audit record onto the chain inside the change's transaction.
async fn append(conn: &mut PgConnection, record: AuditRecord) -> Result<(), StoreError> {
    let (seq, prev) = head(conn, "registry change").await?;
    insert(conn, &ChainedRecord::link(seq + 1, prev, record)).await
}

impl_registry_store!(crate::postgres::PostgresStore, sqlx::postgres::PgConnection);
