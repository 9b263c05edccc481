//! The column form of a chained audit record, shared by both backends: conversion to and
//! from [`ChainedRecord`], and driver-generic row reading and parameter binding.
//!
//! Every value is stored in a driver-independent form (integer nanoseconds, ISO date text,
//! JSON text for lists), so what is read back re-encodes to exactly the bytes that were hashed.

use jiff::Timestamp;
use jiff::civil::Date;
use sqlx::query::Query;
use sqlx::{ColumnIndex, Database, Decode, Encode, Row, Type};
use underlag_audit::encoding::subject_from_digits;
use underlag_audit::{
    AuditRecord, ChainedRecord, Checkpoint, GENESIS_HASH, SourceAuditEntry, encode, entry_hash,
};

use crate::error::StoreError;

/// The record columns, in the order used by every SELECT and INSERT.
pub(crate) const RECORD_COLUMNS: &str = "seq, id, at_ns, kind, channel, organisation, \
    case_worker, case_id, purpose, legal_basis, data_processors, subject, period_from, \
    period_to, sources, protected, refusal, prev_hash, hash, encoding";

/// One audit row as plain column values.
#[derive(Debug, Clone)]
pub(crate) struct RecordRow {
    pub(crate) seq: i64,
    pub(crate) id: String,
    pub(crate) at_ns: i64,
    pub(crate) kind: String,
    pub(crate) channel: String,
    pub(crate) organisation: String,
    pub(crate) case_worker: String,
    pub(crate) case_id: String,
    pub(crate) purpose: String,
    pub(crate) legal_basis: String,
    pub(crate) data_processors: String,
    pub(crate) subject: Option<String>,
    pub(crate) period_from: Option<String>,
    pub(crate) period_to: Option<String>,
    pub(crate) sources: String,
    pub(crate) protected: bool,
    pub(crate) refusal: Option<String>,
    pub(crate) encoding: Vec<u8>,
    pub(crate) prev_hash: Vec<u8>,
    pub(crate) hash: Vec<u8>,
}

pub(crate) fn seq_to_db(seq: u64) -> Result<i64, StoreError> {
    i64::try_from(seq).map_err(|_| StoreError::OutOfRange("seq"))
}

pub(crate) fn ts_to_db(ts: Timestamp, what: &'static str) -> Result<i64, StoreError> {
    i64::try_from(ts.as_nanosecond()).map_err(|_| StoreError::OutOfRange(what))
}

fn ts_from_db(ns: i64) -> Option<Timestamp> {
    Timestamp::from_nanosecond(i128::from(ns)).ok()
}

fn date_to_db(d: Date) -> String {
    d.strftime("%Y-%m-%d").to_string()
}

fn date_from_db(text: &str) -> Option<Date> {
    let d: Date = text.parse().ok()?;
    // Only the canonical spelling is accepted, so a re-spelt date cannot pass silently.
    (date_to_db(d) == text).then_some(d)
}

fn hash32(bytes: &[u8]) -> Option<[u8; 32]> {
    bytes.try_into().ok()
}

impl RecordRow {
    /// The columns for a record about to be inserted.
    pub(crate) fn from_chained(c: &ChainedRecord) -> Result<Self, StoreError> {
        let r = &c.record;
        let json = |v: Result<String, serde_json::Error>| {
            v.map_err(|_| StoreError::OutOfRange("list field"))
        };
        Ok(Self {
            seq: seq_to_db(c.seq)?,
            id: r.id.clone(),
            at_ns: ts_to_db(r.at, "timestamp")?,
            kind: r.kind.code().to_owned(),
            channel: r.channel.code().to_owned(),
            organisation: r.organisation.clone(),
            case_worker: r.case_worker.clone(),
            case_id: r.case_id.clone(),
            purpose: r.purpose.clone(),
            legal_basis: r.legal_basis.clone(),
            data_processors: json(serde_json::to_string(&r.data_processors))?,
            subject: r.subject.as_ref().map(|s| s.expose().to_owned()),
            period_from: r.period_from.map(date_to_db),
            period_to: r.period_to.map(date_to_db),
            sources: json(serde_json::to_string(&r.sources))?,
            protected: r.protected,
            refusal: r.refusal.clone(),
            encoding: encode(r),
            prev_hash: c.prev_hash.to_vec(),
            hash: c.hash.to_vec(),
        })
    }

    /// The record these columns describe; `Corrupt` names the impossible value. The stored
    /// `encoding` must re-encode the columns or at least match the hash, so every stored byte
    /// is covered when the log is verified.
    pub(crate) fn into_chained(self) -> Result<ChainedRecord, StoreError> {
        let seq = u64::try_from(self.seq).map_err(|_| StoreError::Corrupt {
            seq: 0,
            what: "seq",
        })?;
        let bad = |what: &'static str| StoreError::Corrupt { seq, what };
        let date = |v: Option<String>, what| match v {
            None => Ok(None),
            Some(t) => date_from_db(&t).map(Some).ok_or(bad(what)),
        };
        let record = AuditRecord {
            id: self.id,
            at: ts_from_db(self.at_ns).ok_or(bad("timestamp"))?,
            kind: self.kind.parse().map_err(|_| bad("kind"))?,
            channel: self.channel.parse().map_err(|_| bad("channel"))?,
            organisation: self.organisation,
            case_worker: self.case_worker,
            case_id: self.case_id,
            purpose: self.purpose,
            legal_basis: self.legal_basis,
            data_processors: serde_json::from_str(&self.data_processors)
                .map_err(|_| bad("data processors"))?,
            subject: match self.subject {
                None => None,
                Some(s) => Some(subject_from_digits(&s).map_err(|_| bad("subject"))?),
            },
            period_from: date(self.period_from, "period start")?,
            period_to: date(self.period_to, "period end")?,
            sources: serde_json::from_str::<Vec<SourceAuditEntry>>(&self.sources)
                .map_err(|_| bad("sources"))?,
            protected: self.protected,
            refusal: self.refusal,
        };
        let prev_hash = hash32(&self.prev_hash).ok_or(bad("previous hash"))?;
        let hash = hash32(&self.hash).ok_or(bad("hash"))?;
        // The stored bytes either are the columns' encoding or still carry the original hash
        // (then the columns were edited, which the verifier reports as a hash mismatch).
        if encode(&record) != self.encoding && entry_hash(seq, &prev_hash, &self.encoding) != hash {
            return Err(bad("stored encoding does not match the hash"));
        }
        Ok(ChainedRecord {
            seq,
            prev_hash,
            hash,
            record,
        })
    }

    /// Reads the [`RECORD_COLUMNS`] of a row.
    fn read<'r, R>(row: &'r R) -> Result<Self, sqlx::Error>
    where
        R: Row,
        &'r str: ColumnIndex<R>,
        String: Decode<'r, R::Database> + Type<R::Database>,
        i64: Decode<'r, R::Database> + Type<R::Database>,
        bool: Decode<'r, R::Database> + Type<R::Database>,
        Vec<u8>: Decode<'r, R::Database> + Type<R::Database>,
    {
        Ok(Self {
            seq: row.try_get("seq")?,
            id: row.try_get("id")?,
            at_ns: row.try_get("at_ns")?,
            kind: row.try_get("kind")?,
            channel: row.try_get("channel")?,
            organisation: row.try_get("organisation")?,
            case_worker: row.try_get("case_worker")?,
            case_id: row.try_get("case_id")?,
            purpose: row.try_get("purpose")?,
            legal_basis: row.try_get("legal_basis")?,
            data_processors: row.try_get("data_processors")?,
            subject: row.try_get("subject")?,
            period_from: row.try_get("period_from")?,
            period_to: row.try_get("period_to")?,
            sources: row.try_get("sources")?,
            protected: row.try_get("protected")?,
            refusal: row.try_get("refusal")?,
            prev_hash: row.try_get("prev_hash")?,
            hash: row.try_get("hash")?,
            encoding: row.try_get("encoding")?,
        })
    }

    /// Binds all 20 columns (the record columns then `encoding`) in insert order:
    /// `seq, id, at_ns, kind, channel, organisation, case_worker, case_id, purpose,
    /// legal_basis, data_processors, subject, period_from, period_to, sources, protected,
    /// refusal, prev_hash, hash, encoding`.
    pub(crate) fn bind<'q, DB>(
        self,
        q: Query<'q, DB, <DB as Database>::Arguments>,
    ) -> Query<'q, DB, <DB as Database>::Arguments>
    where
        DB: Database,
        String: Encode<'static, DB> + Type<DB>,
        Option<String>: Encode<'static, DB> + Type<DB>,
        i64: Encode<'static, DB> + Type<DB>,
        bool: Encode<'static, DB> + Type<DB>,
        Vec<u8>: Encode<'static, DB> + Type<DB>,
    {
        q.bind(self.seq)
            .bind(self.id)
            .bind(self.at_ns)
            .bind(self.kind)
            .bind(self.channel)
            .bind(self.organisation)
            .bind(self.case_worker)
            .bind(self.case_id)
            .bind(self.purpose)
            .bind(self.legal_basis)
            .bind(self.data_processors)
            .bind(self.subject)
            .bind(self.period_from)
            .bind(self.period_to)
            .bind(self.sources)
            .bind(self.protected)
            .bind(self.refusal)
            .bind(self.prev_hash)
            .bind(self.hash)
            .bind(self.encoding)
    }
}

/// Reads rows of [`RECORD_COLUMNS`] as chained records.
pub(crate) fn records_from_rows<'r, R>(rows: &'r [R]) -> Result<Vec<ChainedRecord>, StoreError>
where
    R: Row,
    &'r str: ColumnIndex<R>,
    String: Decode<'r, R::Database> + Type<R::Database>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    bool: Decode<'r, R::Database> + Type<R::Database>,
    Vec<u8>: Decode<'r, R::Database> + Type<R::Database>,
{
    rows.iter()
        .map(|r| {
            RecordRow::read(r)
                .map_err(|e| StoreError::db("records", e))?
                .into_chained()
        })
        .collect()
}

/// Reads the head row (`seq, hash`) as `(seq, hash)`; no row is the empty log's
/// `(0, genesis)`. `op` names the operation in errors.
pub(crate) fn read_head<'r, R>(
    row: Option<&'r R>,
    op: &'static str,
) -> Result<(u64, [u8; 32]), StoreError>
where
    R: Row,
    &'r str: ColumnIndex<R>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    Vec<u8>: Decode<'r, R::Database> + Type<R::Database>,
{
    let Some(row) = row else {
        return Ok((0, GENESIS_HASH));
    };
    let seq: i64 = row.try_get("seq").map_err(|e| StoreError::db(op, e))?;
    let hash: Vec<u8> = row.try_get("hash").map_err(|e| StoreError::db(op, e))?;
    let seq = u64::try_from(seq).map_err(|_| StoreError::Corrupt {
        seq: 0,
        what: "seq",
    })?;
    let hash = hash
        .try_into()
        .map_err(|_| StoreError::Corrupt { seq, what: "hash" })?;
    Ok((seq, hash))
}

/// Binds a checkpoint's columns in insert order: `seq, head_hash, signed_at_ns, signature`.
pub(crate) fn bind_checkpoint<'q, DB>(
    q: Query<'q, DB, <DB as Database>::Arguments>,
    cp: &Checkpoint,
) -> Result<Query<'q, DB, <DB as Database>::Arguments>, StoreError>
where
    DB: Database,
    i64: Encode<'static, DB> + Type<DB>,
    Vec<u8>: Encode<'static, DB> + Type<DB>,
{
    Ok(q.bind(seq_to_db(cp.seq)?)
        .bind(cp.head_hash.to_vec())
        .bind(ts_to_db(cp.signed_at, "checkpoint time")?)
        .bind(cp.signature.to_vec()))
}

/// Reads a checkpoint row (`seq, head_hash, signed_at_ns, signature`).
pub(crate) fn read_checkpoint<'r, R>(row: &'r R) -> Result<Checkpoint, StoreError>
where
    R: Row,
    &'r str: ColumnIndex<R>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    Vec<u8>: Decode<'r, R::Database> + Type<R::Database>,
{
    let get_i64 = |c| {
        row.try_get::<i64, _>(c)
            .map_err(|e| StoreError::db("checkpoints", e))
    };
    let get_bytes = |c| {
        row.try_get::<Vec<u8>, _>(c)
            .map_err(|e| StoreError::db("checkpoints", e))
    };
    let raw_seq = get_i64("seq")?;
    let seq = u64::try_from(raw_seq).map_err(|_| StoreError::Corrupt {
        seq: 0,
        what: "seq",
    })?;
    let bad = |what| StoreError::Corrupt { seq, what };
    Ok(Checkpoint {
        seq,
        head_hash: hash32(&get_bytes("head_hash")?).ok_or(bad("checkpoint head hash"))?,
        signed_at: ts_from_db(get_i64("signed_at_ns")?).ok_or(bad("checkpoint time"))?,
        signature: get_bytes("signature")?
            .as_slice()
            .try_into()
            .map_err(|_| bad("checkpoint signature"))?,
    })
}
