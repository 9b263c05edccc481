//! `audit verify`'s read of a SQLite database file straight through SQLite's C API
//! (`rusqlite`, linked against the same SQLite as sqlx), on a blocking thread.
//!
//! sqlx runs every SQLite statement on its own worker thread, copies each of a row's 20
//! columns into an owned value and hands the row over a channel: about 25 µs per audit record,
//! against under 1 µs to hash it. Here the rows are stepped in place and their columns
//! borrowed, then checked and encoded by the same code as the sqlx path
//! (`row_hashed::hashed_from_row`), so both paths report the same rows the same way.
//!
//! The connection is read-only and separate from the pool: in WAL mode it reads the last
//! committed state while appends go on. An in-memory store has no file and keeps the sqlx
//! path.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rusqlite::types::{FromSqlError, ValueRef};
use rusqlite::{Connection, OpenFlags};

use crate::HashedRow;
use crate::error::StoreError;
use crate::row::SELECT_RECORDS;
use crate::row_hashed::{Columns, hashed_from_row};

/// How long the read waits for a lock (a checkpoint of the write-ahead log).
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Up to `limit` records from `from_seq` on, in hashed form, read from the file on a
/// blocking thread.
pub(crate) async fn records_hashed(
    file: Arc<Path>,
    from_seq: i64,
    limit: i64,
) -> Result<Vec<HashedRow>, StoreError> {
    on_blocking_thread(move || read(&file, from_seq, limit)).await
}

/// Runs a read on tokio's blocking pool (SQLite's calls block).
async fn on_blocking_thread<T: Send + 'static>(
    read: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(read)
        .await
        .map_err(|_| database("the reading thread stopped".to_owned()))?
}

/// A read-only connection of its own to the database file.
fn open(file: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(driver)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(driver)?;
    Ok(conn)
}

fn read(file: &Path, from_seq: i64, limit: i64) -> Result<Vec<HashedRow>, StoreError> {
    let conn = open(file)?;
    let sql = format!("{SELECT_RECORDS} WHERE seq >= ?1 ORDER BY seq LIMIT ?2");
    let mut statement = conn.prepare(&sql).map_err(driver)?;
    let mut rows = statement.query([from_seq, limit]).map_err(driver)?;
    let mut out = Vec::with_capacity(usize::try_from(limit).unwrap_or(0).min(10_000));
    let mut scratch = Vec::with_capacity(1024);
    while let Some(row) = rows.next().map_err(driver)? {
        out.push(hashed_from_row(&Row(row), &mut scratch)?);
    }
    Ok(out)
}

/// A row being stepped; its values are borrowed from SQLite's buffers.
struct Row<'r, 's>(&'r rusqlite::Row<'s>);

impl Row<'_, '_> {
    fn value(&self, index: usize) -> Result<ValueRef<'_>, StoreError> {
        self.0.get_ref(index).map_err(driver)
    }
}

impl Columns for Row<'_, '_> {
    fn int_at(&self, index: usize) -> Result<i64, StoreError> {
        self.value(index)?.as_i64().map_err(|e| mismatch(index, &e))
    }

    /// As sqlx decodes a SQLite boolean: an integer, non-zero is true.
    fn flag_at(&self, index: usize) -> Result<bool, StoreError> {
        Ok(self.int_at(index)? != 0)
    }

    fn str_at(&self, index: usize) -> Result<&str, StoreError> {
        self.value(index)?.as_str().map_err(|e| mismatch(index, &e))
    }

    fn opt_str_at(&self, index: usize) -> Result<Option<&str>, StoreError> {
        self.value(index)?
            .as_str_or_null()
            .map_err(|e| mismatch(index, &e))
    }

    fn bytes_at(&self, index: usize) -> Result<&[u8], StoreError> {
        self.value(index)?
            .as_blob()
            .map_err(|e| mismatch(index, &e))
    }
}

fn database(message: String) -> StoreError {
    StoreError::Database {
        operation: "records",
        message,
    }
}

/// A driver error, reduced to SQLite's code and message (which never quote row values).
fn driver(e: rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::SqliteFailure(code, message) => database(match message {
            Some(m) => format!("{m} (code {})", code.extended_code),
            None => format!("SQLite error code {}", code.extended_code),
        }),
        other => database(format!("reading a record failed: {}", kind(&other))),
    }
}

/// The kind of a non-SQLite driver error, without its payload.
fn kind(e: &rusqlite::Error) -> &'static str {
    match e {
        rusqlite::Error::InvalidColumnIndex(_) => "no such column",
        rusqlite::Error::InvalidColumnType(..) => "a column has an unexpected type",
        rusqlite::Error::Utf8Error(..) => "a text column is not UTF-8",
        _ => "driver error",
    }
}

/// A column whose stored type is not the one the schema gives it (e.g. edited by hand).
fn mismatch(index: usize, e: &FromSqlError) -> StoreError {
    let what = match e {
        FromSqlError::InvalidType => "has an unexpected type",
        FromSqlError::Utf8Error(_) => "is not UTF-8",
        _ => "cannot be read",
    };
    database(format!("column {index} of the audit record {what}"))
}

/// Reads only the hashed columns (seq, previous hash, encoding) of every record and
/// recomputes each record's hash, checking nothing else: the least any verification that
/// reads this database must do. For `underlag bench audit`'s baseline; returns how many
/// records were hashed.
pub(crate) async fn rehash_stored_chain(file: Arc<Path>) -> Result<u64, StoreError> {
    on_blocking_thread(move || rehash(&file)).await
}

fn rehash(file: &Path) -> Result<u64, StoreError> {
    let conn = open(file)?;
    let mut statement = conn
        .prepare("SELECT seq, prev_hash, encoding FROM audit_record ORDER BY seq")
        .map_err(driver)?;
    let mut rows = statement.query([]).map_err(driver)?;
    let mut count = 0u64;
    while let Some(row) = rows.next().map_err(driver)? {
        let row = Row(row);
        let seq = u64::try_from(row.int_at(0)?).unwrap_or(0);
        let prev: [u8; 32] = row.bytes_at(1)?.try_into().unwrap_or([0; 32]);
        std::hint::black_box(underlag_audit::entry_hash(seq, &prev, row.bytes_at(2)?));
        count += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use rusqlite::types::Type;

    use super::*;

    /// A UTF-8 error, from bytes the compiler does not see as a literal.
    fn utf8_error() -> std::str::Utf8Error {
        let bytes = vec![b'a', 0xff];
        std::str::from_utf8(&bytes).expect_err("0xff is not UTF-8")
    }

    fn message(e: StoreError) -> String {
        match e {
            StoreError::Database { operation, message } => {
                assert_eq!(operation, "records");
                message
            }
            other => panic!("{other:?}"),
        }
    }

    /// Mutation survivors (issue 16): each driver error is named by its kind, never by a
    /// column's name or value.
    #[test]
    fn driver_errors_are_named_by_kind() {
        let invalid_utf8 = utf8_error();
        let cases = [
            (
                rusqlite::Error::InvalidColumnIndex(25),
                "reading a record failed: no such column",
            ),
            (
                rusqlite::Error::InvalidColumnType(11, "subject".into(), Type::Integer),
                "reading a record failed: a column has an unexpected type",
            ),
            (
                rusqlite::Error::Utf8Error(2, invalid_utf8),
                "reading a record failed: a text column is not UTF-8",
            ),
            (
                rusqlite::Error::InvalidQuery,
                "reading a record failed: driver error",
            ),
        ];
        for (error, expected) in cases {
            assert_eq!(message(driver(error)), expected);
        }
        let locked = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(5),
            Some("database is locked".into()),
        );
        assert_eq!(message(driver(locked)), "database is locked (code 5)");
        let bare = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(14), None);
        assert_eq!(message(driver(bare)), "SQLite error code 14");
    }

    /// Mutation survivor (issue 16): a column of the wrong type names its position and
    /// what is wrong with it.
    #[test]
    fn a_column_of_the_wrong_type_is_named_by_position() {
        let invalid_utf8 = utf8_error();
        assert_eq!(
            message(mismatch(11, &FromSqlError::InvalidType)),
            "column 11 of the audit record has an unexpected type"
        );
        assert_eq!(
            message(mismatch(1, &FromSqlError::Utf8Error(invalid_utf8))),
            "column 1 of the audit record is not UTF-8"
        );
        assert_eq!(
            message(mismatch(2, &FromSqlError::OutOfRange(7))),
            "column 2 of the audit record cannot be read"
        );
    }
}
