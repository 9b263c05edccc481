//! What differs between the two databases, and nothing else: the [`Backend`] trait, implemented
//! for `sqlx::Sqlite` in `sqlite.rs` and for `sqlx::Postgres` in `postgres.rs`.
//!
//! Everything else (the audit chain, the registry, tampering) is written once, generic over a
//! backend, against the primitives of `sql.rs`.

use std::future::Future;
use std::pin::Pin;

use sqlx::{Database, Pool, Transaction};

/// A boxed, sendable database future (what sqlx's executors return).
pub(crate) type DbFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, sqlx::Error>> + Send + 'a>>;

/// One database the store runs on.
pub(crate) trait Backend: Database {
    /// `sqlite` or `postgres`, as [`crate::AuditStore::backend`] and the logs name it.
    const BACKEND: &'static str;

    /// The embedded migrations: version, description, SQL.
    const MIGRATIONS: &'static [(i64, &'static str, &'static str)];

    /// Whether appends of one process also take turns before the database's own
    /// serialisation: SQLite's `BEGIN IMMEDIATE` would otherwise make them sleep in the busy
    /// handler, while PostgreSQL's advisory lock queues them in the server.
    const TAKES_TURNS_IN_PROCESS: bool;

    /// Begins a transaction holding the append serialisation of every process sharing the
    /// database, so the chain stays linear (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: a durable
    /// commit and the transaction-scoped advisory lock keyed on the audit table).
    fn begin_serialised(pool: &Pool<Self>) -> DbFuture<'_, Transaction<'static, Self>>;

    /// How many rows a statement changed.
    fn rows_affected(done: &Self::QueryResult) -> u64;

    /// Switches the append-only triggers off inside the transaction on `conn` and returns
    /// the statements that switch them on again. For [`crate::tamper`] only.
    fn suspend_triggers(conn: &mut Self::Connection) -> DbFuture<'_, Vec<String>>;
}
