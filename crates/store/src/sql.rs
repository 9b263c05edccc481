//! The primitives the store's SQL is written against, once for both backends: a
//! [`Statement`] with its [`Param`]s (`$1`, `$2`, … placeholders, which SQLite and PostgreSQL
//! both accept), running it on a connection, and reading a row's columns.
//!
//! [`Sql`] is implemented for every [`Backend`] whose driver can execute on a connection and
//! store the column types used here (`i64`, `String`, `bool`, bytes, and their `Option`s).
//! sqlx's bounds are stated once, on that implementation; generic code asks only `B: Sql`.

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

use sqlx::migrate::{Migrate, MigrateError};
use sqlx::query::Query;
use sqlx::{AssertSqlSafe, ColumnIndex, Decode, Encode, Executor, IntoArguments, Pool, Row, Type};

use crate::backend::{Backend, DbFuture};
use crate::migrations::migrator;

/// One parameter of a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Param {
    /// An integer.
    Int(i64),
    /// An integer or NULL.
    OptInt(Option<i64>),
    /// A text.
    Text(String),
    /// A text or NULL.
    OptText(Option<String>),
    /// A boolean.
    Flag(bool),
    /// Bytes.
    Bytes(Vec<u8>),
}

impl From<i64> for Param {
    fn from(v: i64) -> Self {
        Param::Int(v)
    }
}

impl From<Option<i64>> for Param {
    fn from(v: Option<i64>) -> Self {
        Param::OptInt(v)
    }
}

impl From<String> for Param {
    fn from(v: String) -> Self {
        Param::Text(v)
    }
}

impl From<&str> for Param {
    fn from(v: &str) -> Self {
        Param::Text(v.to_owned())
    }
}

impl From<Option<String>> for Param {
    fn from(v: Option<String>) -> Self {
        Param::OptText(v)
    }
}

impl From<bool> for Param {
    fn from(v: bool) -> Self {
        Param::Flag(v)
    }
}

impl From<Vec<u8>> for Param {
    fn from(v: Vec<u8>) -> Self {
        Param::Bytes(v)
    }
}

/// A SQL statement and its parameters. The text is assembled from the crate's own string
/// literals and numbered placeholders only (the tamper module's raw statements aside), so
/// no input value ever becomes SQL.
#[derive(Debug, Clone)]
pub(crate) struct Statement {
    sql: Cow<'static, str>,
    params: Vec<Param>,
}

impl Statement {
    /// A statement whose placeholders the following [`Statement::bind`]s fill in order.
    pub(crate) fn new(sql: &'static str) -> Self {
        Self {
            sql: Cow::Borrowed(sql),
            params: Vec::new(),
        }
    }

    /// A statement written at run time by trusted code: the tamper module's raw SQL, and
    /// the trigger definitions it restores.
    pub(crate) fn trusted(sql: String, params: Vec<Param>) -> Self {
        Self {
            sql: Cow::Owned(sql),
            params,
        }
    }

    /// Adds the next parameter.
    pub(crate) fn bind(mut self, value: impl Into<Param>) -> Self {
        self.params.push(value.into());
        self
    }

    /// Adds the parameters in order.
    pub(crate) fn bind_all<P: Into<Param>>(mut self, values: impl IntoIterator<Item = P>) -> Self {
        self.params.extend(values.into_iter().map(Into::into));
        self
    }

    /// Appends text.
    pub(crate) fn push(&mut self, sql: &'static str) -> &mut Self {
        self.sql.to_mut().push_str(sql);
        self
    }

    /// Appends text, then a placeholder for `value`.
    pub(crate) fn push_bind(&mut self, sql: &'static str, value: impl Into<Param>) -> &mut Self {
        self.params.push(value.into());
        let n = self.params.len();
        let text = self.sql.to_mut();
        text.push_str(sql);
        text.push('$');
        text.push_str(&n.to_string());
        self
    }
}

/// Running statements and reading rows, for any backend whose driver has what the store
/// needs. Getters read a column by name.
pub(crate) trait Sql: Backend {
    /// Brings the schema up to date with [`Backend::MIGRATIONS`].
    fn migrate(
        pool: &Pool<Self>,
    ) -> Pin<Box<dyn Future<Output = Result<(), MigrateError>> + Send + '_>>;

    /// The sqlx query of a statement, its parameters bound.
    fn query(statement: Statement) -> Query<'static, Self, Self::Arguments>;

    /// Runs a statement; returns how many rows it changed.
    fn execute(conn: &mut Self::Connection, statement: Statement) -> DbFuture<'_, u64>;

    /// The first row a statement returns, if any.
    fn fetch_optional(
        conn: &mut Self::Connection,
        statement: Statement,
    ) -> DbFuture<'_, Option<Self::Row>>;

    /// Every row a statement returns.
    fn fetch_all(conn: &mut Self::Connection, statement: Statement)
    -> DbFuture<'_, Vec<Self::Row>>;

    /// An integer column.
    fn int(row: &Self::Row, column: &str) -> Result<i64, sqlx::Error>;

    /// An integer column that may be NULL.
    fn opt_int(row: &Self::Row, column: &str) -> Result<Option<i64>, sqlx::Error>;

    /// A text column.
    fn text(row: &Self::Row, column: &str) -> Result<String, sqlx::Error>;

    /// A text column that may be NULL.
    fn opt_text(row: &Self::Row, column: &str) -> Result<Option<String>, sqlx::Error>;

    /// A boolean column.
    fn flag(row: &Self::Row, column: &str) -> Result<bool, sqlx::Error>;

    /// A bytes column.
    fn bytes(row: &Self::Row, column: &str) -> Result<Vec<u8>, sqlx::Error>;

    /// An integer column, by position (no name lookup, for the hot read of `audit verify`).
    fn int_at(row: &Self::Row, index: usize) -> Result<i64, sqlx::Error>;

    /// A boolean column, by position.
    fn flag_at(row: &Self::Row, index: usize) -> Result<bool, sqlx::Error>;

    /// A text column, by position, borrowed from the row.
    fn str_at(row: &Self::Row, index: usize) -> Result<&str, sqlx::Error>;

    /// A text column that may be NULL, by position, borrowed from the row.
    fn opt_str_at(row: &Self::Row, index: usize) -> Result<Option<&str>, sqlx::Error>;

    /// A bytes column, by position, borrowed from the row.
    fn bytes_at(row: &Self::Row, index: usize) -> Result<&[u8], sqlx::Error>;
}

impl<DB> Sql for DB
where
    DB: Backend,
    DB::Connection: Migrate,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    for<'v> i64: Encode<'v, DB> + Decode<'v, DB> + Type<DB>,
    for<'v> String: Encode<'v, DB> + Decode<'v, DB> + Type<DB>,
    for<'v> bool: Encode<'v, DB> + Decode<'v, DB> + Type<DB>,
    for<'v> Vec<u8>: Encode<'v, DB> + Decode<'v, DB> + Type<DB>,
    for<'v> Option<i64>: Encode<'v, DB>,
    for<'v> Option<String>: Encode<'v, DB>,
    for<'n> &'n str: ColumnIndex<DB::Row>,
    usize: ColumnIndex<DB::Row>,
    for<'v> &'v str: Decode<'v, DB> + Type<DB>,
    for<'v> &'v [u8]: Decode<'v, DB> + Type<DB>,
{
    fn migrate(
        pool: &Pool<Self>,
    ) -> Pin<Box<dyn Future<Output = Result<(), MigrateError>> + Send + '_>> {
        Box::pin(async move { migrator(DB::MIGRATIONS).run(pool).await })
    }

    fn query(statement: Statement) -> Query<'static, DB, DB::Arguments> {
        let mut query = sqlx::query(AssertSqlSafe(statement.sql));
        for param in statement.params {
            query = match param {
                Param::Int(v) => query.bind(v),
                Param::OptInt(v) => query.bind(v),
                Param::Text(v) => query.bind(v),
                Param::OptText(v) => query.bind(v),
                Param::Flag(v) => query.bind(v),
                Param::Bytes(v) => query.bind(v),
            };
        }
        query
    }

    fn execute(conn: &mut Self::Connection, statement: Statement) -> DbFuture<'_, u64> {
        let query = DB::query(statement);
        Box::pin(async move {
            let done = query.execute(conn).await?;
            Ok(DB::rows_affected(&done))
        })
    }

    fn fetch_optional(
        conn: &mut Self::Connection,
        statement: Statement,
    ) -> DbFuture<'_, Option<Self::Row>> {
        Box::pin(DB::query(statement).fetch_optional(conn))
    }

    fn fetch_all(
        conn: &mut Self::Connection,
        statement: Statement,
    ) -> DbFuture<'_, Vec<Self::Row>> {
        Box::pin(DB::query(statement).fetch_all(conn))
    }

    fn int(row: &Self::Row, column: &str) -> Result<i64, sqlx::Error> {
        row.try_get(column)
    }

    fn opt_int(row: &Self::Row, column: &str) -> Result<Option<i64>, sqlx::Error> {
        row.try_get(column)
    }

    fn text(row: &Self::Row, column: &str) -> Result<String, sqlx::Error> {
        row.try_get(column)
    }

    fn opt_text(row: &Self::Row, column: &str) -> Result<Option<String>, sqlx::Error> {
        row.try_get(column)
    }

    fn flag(row: &Self::Row, column: &str) -> Result<bool, sqlx::Error> {
        row.try_get(column)
    }

    fn bytes(row: &Self::Row, column: &str) -> Result<Vec<u8>, sqlx::Error> {
        row.try_get(column)
    }

    fn int_at(row: &Self::Row, index: usize) -> Result<i64, sqlx::Error> {
        row.try_get(index)
    }

    fn flag_at(row: &Self::Row, index: usize) -> Result<bool, sqlx::Error> {
        row.try_get(index)
    }

    fn str_at(row: &Self::Row, index: usize) -> Result<&str, sqlx::Error> {
        row.try_get(index)
    }

    fn opt_str_at(row: &Self::Row, index: usize) -> Result<Option<&str>, sqlx::Error> {
        row.try_get(index)
    }

    fn bytes_at(row: &Self::Row, index: usize) -> Result<&[u8], sqlx::Error> {
        row.try_get(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_bind_numbers_placeholders_after_the_bound_ones() {
        let mut statement = Statement::new("SELECT x FROM t WHERE a = $1").bind(1i64);
        statement
            .push_bind(" AND b = ", "two")
            .push(" ORDER BY x")
            .push_bind(" LIMIT ", 3i64);
        assert_eq!(
            statement.sql,
            "SELECT x FROM t WHERE a = $1 AND b = $2 ORDER BY x LIMIT $3"
        );
        assert_eq!(
            statement.params,
            vec![Param::Int(1), Param::Text("two".into()), Param::Int(3)]
        );
    }
}
