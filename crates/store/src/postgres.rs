//! The PostgreSQL backend: appends serialised by a transaction-scoped advisory lock keyed on
//! the audit table, so several gateway processes sharing one database keep one linear chain.
//!
//! Migrations come from `migrations/postgres`, embedded at compile time. Tables are created
//! unqualified, in the first schema of the connection's `search_path`.

use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions, PgQueryResult};
use sqlx::{Postgres, Transaction};

use crate::backend::{Backend, DbFuture};
use crate::error::StoreError;
use crate::store::Store;

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
    (
        4,
        "registry legal basis",
        include_str!("../migrations/postgres/0004_registry_legal_basis.sql"),
    ),
    (
        5,
        "norm archive",
        include_str!("../migrations/postgres/0005_norm.sql"),
    ),
    (
        6,
        "audit prune",
        include_str!("../migrations/postgres/0006_audit_prune.sql"),
    ),
    (
        7,
        "applications",
        include_str!("../migrations/postgres/0007_applications.sql"),
    ),
    (
        8,
        "consent",
        include_str!("../migrations/postgres/0008_consent.sql"),
    ),
];

/// Makes the commit durable whatever the server default, then waits for the append lock.
/// The lock's first key is "UAUD" in ASCII, the second the audit table's OID, so it is held
/// per audit table (per schema) and released at commit or rollback.
const LOCK_FOR_APPEND: &str = "SET LOCAL synchronous_commit = on; \
    SELECT pg_advisory_xact_lock(1430344004, ('audit_record'::regclass)::oid::int4)";

/// Switches the append-only triggers off (user triggers only; constraints stay).
const DISABLE_TRIGGERS: &str = "ALTER TABLE audit_record DISABLE TRIGGER USER; \
    ALTER TABLE audit_checkpoint DISABLE TRIGGER USER";

/// Switches them on again, one statement each.
const ENABLE_TRIGGERS: [&str; 2] = [
    "ALTER TABLE audit_record ENABLE TRIGGER USER",
    "ALTER TABLE audit_checkpoint ENABLE TRIGGER USER",
];

/// Default pool size of [`PostgresStore::connect`].
const DEFAULT_POOL_SIZE: u32 = 8;

/// The audit store in a PostgreSQL database.
pub type PostgresStore = Store<Postgres>;

impl Store<Postgres> {
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
        Self::migrated(pool).await
    }
}

impl Backend for Postgres {
    const BACKEND: &'static str = "postgres";
    const MIGRATIONS: &'static [(i64, &'static str, &'static str)] = MIGRATIONS;
    const TAKES_TURNS_IN_PROCESS: bool = false;

    fn begin_serialised(pool: &PgPool) -> DbFuture<'_, Transaction<'static, Postgres>> {
        Box::pin(async move {
            let mut tx = pool.begin().await?;
            sqlx::raw_sql(LOCK_FOR_APPEND).execute(&mut *tx).await?;
            Ok(tx)
        })
    }

    fn rows_affected(done: &PgQueryResult) -> u64 {
        done.rows_affected()
    }

    fn suspend_triggers(conn: &mut PgConnection) -> DbFuture<'_, Vec<String>> {
        Box::pin(async move {
            sqlx::raw_sql(DISABLE_TRIGGERS).execute(&mut *conn).await?;
            Ok(ENABLE_TRIGGERS.map(str::to_owned).to_vec())
        })
    }
}
