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

/// Why a row's columns could not be encoded.
enum Bad {
    /// A column holds a value no record can have.
    Unreadable(&'static str),
    /// The driver could not read a column.
    Db(sqlx::Error),
}

impl From<sqlx::Error> for Bad {
    fn from(e: sqlx::Error) -> Self {
        Bad::Db(e)
    }
}

/// Reads one row of `SELECT_RECORDS` in hashed form; `scratch` is reused between rows.
pub(crate) fn hashed_from_row<B: Sql>(
    row: &B::Row,
    scratch: &mut Vec<u8>,
) -> Result<HashedRow, StoreError> {
    let db = |e| StoreError::db("records", e);
    let seq = u64::try_from(B::int_at(row, SEQ).map_err(db)?).map_err(|_| StoreError::Corrupt {
        seq: 0,
        what: "seq",
    })?;
    let unreadable = |what| Ok(HashedRow::Unreadable { seq, what });
    scratch.clear();
    match encode_columns::<B>(row, scratch) {
        Ok(()) => {}
        Err(Bad::Unreadable(what)) => return unreadable(what),
        Err(Bad::Db(e)) => return Err(db(e)),
    }
    let Some(prev_hash) = hash32(B::bytes_at(row, PREV_HASH).map_err(db)?) else {
        return unreadable("previous hash");
    };
    let Some(hash) = hash32(B::bytes_at(row, HASH).map_err(db)?) else {
        return unreadable("hash");
    };
    let stored = B::bytes_at(row, ENCODING).map_err(db)?;
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
fn encode_columns<B: Sql>(row: &B::Row, out: &mut Vec<u8>) -> Result<(), Bad> {
    out.push(ENCODING_VERSION);
    put_str(out, B::str_at(row, ID)?);
    let at = ts_from_db(B::int_at(row, AT_NS)?).ok_or(Bad::Unreadable("timestamp"))?;
    let ns = at.as_nanosecond();
    let secs = i64::try_from(ns.div_euclid(1_000_000_000)).unwrap_or(i64::MAX);
    let nanos = u32::try_from(ns.rem_euclid(1_000_000_000)).unwrap_or(0);
    out.extend_from_slice(&secs.to_be_bytes());
    out.extend_from_slice(&nanos.to_be_bytes());
    let kind: AuditKind = B::str_at(row, KIND)?
        .parse()
        .map_err(|_| Bad::Unreadable("kind"))?;
    put_str(out, kind.code());
    let channel: Channel = B::str_at(row, CHANNEL)?
        .parse()
        .map_err(|_| Bad::Unreadable("channel"))?;
    put_str(out, channel.code());
    // organisation, case_worker, case_id, purpose, legal_basis
    for column in ORGANISATION..DATA_PROCESSORS {
        put_str(out, B::str_at(row, column)?);
    }
    let processors: Vec<Text<'_>> = serde_json::from_str(B::str_at(row, DATA_PROCESSORS)?)
        .map_err(|_| Bad::Unreadable("data processors"))?;
    put_len(out, processors.len());
    for p in &processors {
        put_str(out, &p.0);
    }
    match B::opt_str_at(row, SUBJECT)? {
        None => out.push(0),
        Some(digits) => {
            let subject = subject_from_digits(digits).map_err(|_| Bad::Unreadable("subject"))?;
            out.push(1);
            put_str(out, subject.expose());
        }
    }
    put_date(out, B::opt_str_at(row, PERIOD_FROM)?, "period start")?;
    put_date(out, B::opt_str_at(row, PERIOD_TO)?, "period end")?;
    let sources: Vec<Source<'_>> =
        serde_json::from_str(B::str_at(row, SOURCES)?).map_err(|_| Bad::Unreadable("sources"))?;
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
    out.push(u8::from(B::flag_at(row, PROTECTED)?));
    match B::opt_str_at(row, REFUSAL)? {
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
