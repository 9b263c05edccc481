//! The fast read of `audit verify`: a record row in the form the verifier hashes (its stored
//! canonical encoding, seq and links), checked against its other columns without building
//! the typed record.
//!
//! The columns are written into a canonical encoding in a reused buffer, straight from the
//! borrowed column values, with the same checks as [`crate::row::RecordRow::into_chained`]
//! (an impossible value is unreadable, named as there). Then:
//! - the columns' encoding equals the stored bytes: those bytes are what the verifier hashes;
//! - it differs, and the stored bytes still carry the stored hash: the columns were edited,
//!   and the verifier hashes what the columns say (a hash mismatch at that record, as on the
//!   typed path);
//! - it differs, and the stored bytes do not carry the hash either: unreadable.

use std::borrow::Cow;

use underlag_audit::encoding::{ENCODING_VERSION, subject_from_digits};
use underlag_audit::{AuditKind, Channel, HashedRecord, entry_hash};

use crate::HashedRow;
use crate::error::StoreError;
use crate::row::{date_from_db, hash32, ts_from_db};
use crate::sql::Sql;

// Column positions in `SELECT_RECORDS`.
const SEQ: usize = 0;
const ID: usize = 1;
const AT_NS: usize = 2;
const KIND: usize = 3;
const CHANNEL: usize = 4;
const ORGANISATION: usize = 5;
const DATA_PROCESSORS: usize = 10;
const SUBJECT: usize = 11;
const PERIOD_FROM: usize = 12;
const PERIOD_TO: usize = 13;
const SOURCES: usize = 14;
const PROTECTED: usize = 15;
const REFUSAL: usize = 16;
const PREV_HASH: usize = 17;
const HASH: usize = 18;
const ENCODING: usize = 19;

/// One text of a JSON list column, borrowed unless it holds escapes.
#[derive(serde::Deserialize)]
struct Text<'a>(#[serde(borrow)] Cow<'a, str>);

/// One entry of the `sources` column (the fields of `SourceAuditEntry`, borrowed).
#[derive(serde::Deserialize)]
struct Source<'a> {
    #[serde(borrow)]
    source: Cow<'a, str>,
    #[serde(borrow)]
    outcome: Cow<'a, str>,
    latency_ms: Option<u64>,
    attempts: u32,
}

/// The columns of one `SELECT_RECORDS` row, by position, borrowed from the row: a sqlx row
/// ([`SqlxColumns`]) or a row read straight from a SQLite file (`sqlite/direct_read.rs`).
pub(crate) trait Columns {
    /// An integer column.
    fn int_at(&self, index: usize) -> Result<i64, StoreError>;
    /// A boolean column.
    fn flag_at(&self, index: usize) -> Result<bool, StoreError>;
    /// A text column.
    fn str_at(&self, index: usize) -> Result<&str, StoreError>;
    /// A text column that may be NULL.
    fn opt_str_at(&self, index: usize) -> Result<Option<&str>, StoreError>;
    /// A bytes column.
    fn bytes_at(&self, index: usize) -> Result<&[u8], StoreError>;
}

/// A row as sqlx returns it, on either backend.
pub(crate) struct SqlxColumns<'r, B: Sql>(pub(crate) &'r B::Row);

impl<B: Sql> Columns for SqlxColumns<'_, B> {
    fn int_at(&self, index: usize) -> Result<i64, StoreError> {
        B::int_at(self.0, index).map_err(read_error)
    }
    fn flag_at(&self, index: usize) -> Result<bool, StoreError> {
        B::flag_at(self.0, index).map_err(read_error)
    }
    fn str_at(&self, index: usize) -> Result<&str, StoreError> {
        B::str_at(self.0, index).map_err(read_error)
    }
    fn opt_str_at(&self, index: usize) -> Result<Option<&str>, StoreError> {
        B::opt_str_at(self.0, index).map_err(read_error)
    }
    fn bytes_at(&self, index: usize) -> Result<&[u8], StoreError> {
        B::bytes_at(self.0, index).map_err(read_error)
    }
}

fn read_error(e: sqlx::Error) -> StoreError {
    StoreError::db("records", e)
}

/// Why a row's columns could not be encoded.
enum Bad {
    /// A column holds a value no record can have.
    Unreadable(&'static str),
    /// The driver could not read a column.
    Db(StoreError),
}

impl From<StoreError> for Bad {
    fn from(e: StoreError) -> Self {
        Bad::Db(e)
    }
}

/// Reads one row of `SELECT_RECORDS` in hashed form; `scratch` is reused between rows.
pub(crate) fn hashed_from_row(
    row: &impl Columns,
    scratch: &mut Vec<u8>,
) -> Result<HashedRow, StoreError> {
    let seq = u64::try_from(row.int_at(SEQ)?).map_err(|_| StoreError::Corrupt {
        seq: 0,
        what: "seq",
    })?;
    let unreadable = |what| Ok(HashedRow::Unreadable { seq, what });
    scratch.clear();
    match encode_columns(row, scratch) {
        Ok(()) => {}
        Err(Bad::Unreadable(what)) => return unreadable(what),
        Err(Bad::Db(e)) => return Err(e),
    }
    let Some(prev_hash) = hash32(row.bytes_at(PREV_HASH)?) else {
        return unreadable("previous hash");
    };
    let Some(hash) = hash32(row.bytes_at(HASH)?) else {
        return unreadable("hash");
    };
    let stored = row.bytes_at(ENCODING)?;
    let encoding = if stored == scratch.as_slice() {
        stored.to_vec()
    } else if entry_hash(seq, &prev_hash, stored) == hash {
        // The columns were edited: hash what they say, which no longer matches.
        scratch.clone()
    } else {
        return unreadable("stored encoding does not match the hash");
    };
    Ok(HashedRow::Record(HashedRecord {
        seq,
        prev_hash,
        hash,
        encoding,
    }))
}

/// Writes the canonical encoding of the record the columns describe (see
/// `underlag_audit::encoding`), checking each value as the typed read does.
fn encode_columns(row: &impl Columns, out: &mut Vec<u8>) -> Result<(), Bad> {
    out.push(ENCODING_VERSION);
    put_str(out, row.str_at(ID)?);
    let at = ts_from_db(row.int_at(AT_NS)?).ok_or(Bad::Unreadable("timestamp"))?;
    let ns = at.as_nanosecond();
    let secs = i64::try_from(ns.div_euclid(1_000_000_000)).unwrap_or(i64::MAX);
    let nanos = u32::try_from(ns.rem_euclid(1_000_000_000)).unwrap_or(0);
    out.extend_from_slice(&secs.to_be_bytes());
    out.extend_from_slice(&nanos.to_be_bytes());
    let kind: AuditKind = row
        .str_at(KIND)?
        .parse()
        .map_err(|_| Bad::Unreadable("kind"))?;
    put_str(out, kind.code());
    let channel: Channel = row
        .str_at(CHANNEL)?
        .parse()
        .map_err(|_| Bad::Unreadable("channel"))?;
    put_str(out, channel.code());
    // organisation, case_worker, case_id, purpose, legal_basis
    for column in ORGANISATION..DATA_PROCESSORS {
        put_str(out, row.str_at(column)?);
    }
    let processors: Vec<Text<'_>> = serde_json::from_str(row.str_at(DATA_PROCESSORS)?)
        .map_err(|_| Bad::Unreadable("data processors"))?;
    put_len(out, processors.len());
    for p in &processors {
        put_str(out, &p.0);
    }
    match row.opt_str_at(SUBJECT)? {
        None => out.push(0),
        Some(digits) => {
            let subject = subject_from_digits(digits).map_err(|_| Bad::Unreadable("subject"))?;
            out.push(1);
            put_str(out, subject.expose());
        }
    }
    put_date(out, row.opt_str_at(PERIOD_FROM)?, "period start")?;
    put_date(out, row.opt_str_at(PERIOD_TO)?, "period end")?;
    let sources: Vec<Source<'_>> =
        serde_json::from_str(row.str_at(SOURCES)?).map_err(|_| Bad::Unreadable("sources"))?;
    put_len(out, sources.len());
    for s in &sources {
        put_str(out, &s.source);
        put_str(out, &s.outcome);
        match s.latency_ms {
            None => out.push(0),
            Some(ms) => {
                out.push(1);
                out.extend_from_slice(&ms.to_be_bytes());
            }
        }
        out.extend_from_slice(&s.attempts.to_be_bytes());
    }
    out.push(u8::from(row.flag_at(PROTECTED)?));
    match row.opt_str_at(REFUSAL)? {
        None => out.push(0),
        Some(text) => {
            out.push(1);
            put_str(out, text);
        }
    }
    Ok(())
}

fn put_len(out: &mut Vec<u8>, len: usize) {
    // As the encoder: saturate rather than wrap.
    let len = u32::try_from(len).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_len(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

/// An optional date column (`YYYY-MM-DD`, the canonical spelling only).
fn put_date(out: &mut Vec<u8>, text: Option<&str>, what: &'static str) -> Result<(), Bad> {
    let Some(text) = text else {
        out.push(0);
        return Ok(());
    };
    let d = date_from_db(text).ok_or(Bad::Unreadable(what))?;
    out.push(1);
    out.extend_from_slice(&d.year().to_be_bytes());
    out.push(d.month().unsigned_abs());
    out.push(d.day().unsigned_abs());
    Ok(())
}
