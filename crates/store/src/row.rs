//! The column form of a chained audit record, shared by both backends: conversion to and
//! from [`ChainedRecord`], reading a row and the parameters of an insert.
//!
//! Every value is stored in a driver-independent form (integer nanoseconds, ISO date text,
//! JSON text for lists), so what is read back re-encodes to exactly the bytes that were hashed.

use jiff::Timestamp;
use jiff::civil::Date;
use underlag_audit::encoding::subject_from_digits;
use underlag_audit::{
    AuditRecord, ChainedRecord, Checkpoint, GENESIS_HASH, SourceAuditEntry, encode, entry_hash,
};

use crate::error::StoreError;
use crate::sql::{Param, Sql};

/// Selects the record columns (every SELECT of records starts so).
pub(crate) const SELECT_RECORDS: &str = "SELECT seq, id, at_ns, kind, channel, organisation, \
    case_worker, case_id, purpose, legal_basis, data_processors, subject, period_from, \
    period_to, sources, protected, refusal, prev_hash, hash, encoding FROM audit_record";

/// Inserts a record, its parameters in [`RecordRow::params`] order.
pub(crate) const INSERT_RECORD: &str = "INSERT INTO audit_record (seq, id, at_ns, kind, \
    channel, organisation, case_worker, case_id, purpose, legal_basis, data_processors, \
    subject, period_from, period_to, sources, protected, refusal, prev_hash, hash, encoding) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
    $19, $20)";

/// Selects the head of the chain (no row for an empty log).
pub(crate) const SELECT_HEAD: &str = "SELECT seq, hash FROM audit_record ORDER BY seq DESC LIMIT 1";

/// Inserts a checkpoint, its parameters in [`checkpoint_params`] order.
pub(crate) const INSERT_CHECKPOINT: &str = "INSERT INTO audit_checkpoint \
    (seq, head_hash, signed_at_ns, signature) VALUES ($1, $2, $3, $4)";

/// Selects every checkpoint, oldest first.
pub(crate) const SELECT_CHECKPOINTS: &str =
    "SELECT seq, head_hash, signed_at_ns, signature FROM audit_checkpoint ORDER BY id";

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

pub(crate) fn ts_from_db(ns: i64) -> Option<Timestamp> {
    Timestamp::from_nanosecond(i128::from(ns)).ok()
}

fn date_to_db(d: Date) -> String {
    d.strftime("%Y-%m-%d").to_string()
}

pub(crate) fn date_from_db(text: &str) -> Option<Date> {
    // The common spelling without a parser: four-digit year from 1000, two-digit month and day.
    if let [y0 @ b'1'..=b'9', y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *text.as_bytes() {
        let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
        if digits.iter().all(u8::is_ascii_digit) {
            let n = |hi: u8, lo: u8| i16::from(hi - b'0') * 10 + i16::from(lo - b'0');
            let year = n(y0, y1) * 100 + n(y2, y3);
            let month = i8::try_from(n(m0, m1)).ok()?;
            let day = i8::try_from(n(d0, d1)).ok()?;
            return Date::new(year, month, day).ok();
        }
    }
    let d: Date = text.parse().ok()?;
    // Only the canonical spelling is accepted, so a re-spelt date cannot pass silently.
    (date_to_db(d) == text).then_some(d)
}

pub(crate) fn hash32(bytes: &[u8]) -> Option<[u8; 32]> {
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

    /// Reads the columns of [`SELECT_RECORDS`] from a row.
    fn read<B: Sql>(row: &B::Row) -> Result<Self, sqlx::Error> {
        Ok(Self {
            seq: B::int(row, "seq")?,
            id: B::text(row, "id")?,
            at_ns: B::int(row, "at_ns")?,
            kind: B::text(row, "kind")?,
            channel: B::text(row, "channel")?,
            organisation: B::text(row, "organisation")?,
            case_worker: B::text(row, "case_worker")?,
            case_id: B::text(row, "case_id")?,
            purpose: B::text(row, "purpose")?,
            legal_basis: B::text(row, "legal_basis")?,
            data_processors: B::text(row, "data_processors")?,
            subject: B::opt_text(row, "subject")?,
            period_from: B::opt_text(row, "period_from")?,
            period_to: B::opt_text(row, "period_to")?,
            sources: B::text(row, "sources")?,
            protected: B::flag(row, "protected")?,
            refusal: B::opt_text(row, "refusal")?,
            prev_hash: B::bytes(row, "prev_hash")?,
            hash: B::bytes(row, "hash")?,
            encoding: B::bytes(row, "encoding")?,
        })
    }

    /// All 20 columns as the parameters of [`INSERT_RECORD`], in its order: `seq, id, at_ns,
    /// kind, channel, organisation, case_worker, case_id, purpose, legal_basis,
    /// data_processors, subject, period_from, period_to, sources, protected, refusal,
    /// prev_hash, hash, encoding`.
    pub(crate) fn params(self) -> Vec<Param> {
        vec![
            self.seq.into(),
            self.id.into(),
            self.at_ns.into(),
            self.kind.into(),
            self.channel.into(),
            self.organisation.into(),
            self.case_worker.into(),
            self.case_id.into(),
            self.purpose.into(),
            self.legal_basis.into(),
            self.data_processors.into(),
            self.subject.into(),
            self.period_from.into(),
            self.period_to.into(),
            self.sources.into(),
            self.protected.into(),
            self.refusal.into(),
            self.prev_hash.into(),
            self.hash.into(),
            self.encoding.into(),
        ]
    }
}

/// Reads rows of [`SELECT_RECORDS`] as chained records.
pub(crate) fn records_from_rows<B: Sql>(rows: &[B::Row]) -> Result<Vec<ChainedRecord>, StoreError> {
    rows.iter()
        .map(|r| {
            RecordRow::read::<B>(r)
                .map_err(|e| StoreError::db("records", e))?
                .into_chained()
        })
        .collect()
}

/// Reads the head row (`seq, hash`) as `(seq, hash)`; no row is the empty log's
/// `(0, genesis)`. `op` names the operation in errors.
pub(crate) fn read_head<B: Sql>(
    row: Option<&B::Row>,
    op: &'static str,
) -> Result<(u64, [u8; 32]), StoreError> {
    let Some(row) = row else {
        return Ok((0, GENESIS_HASH));
    };
    let seq = B::int(row, "seq").map_err(|e| StoreError::db(op, e))?;
    let hash = B::bytes(row, "hash").map_err(|e| StoreError::db(op, e))?;
    let seq = u64::try_from(seq).map_err(|_| StoreError::Corrupt {
        seq: 0,
        what: "seq",
    })?;
    let hash = hash
        .try_into()
        .map_err(|_| StoreError::Corrupt { seq, what: "hash" })?;
    Ok((seq, hash))
}

/// A checkpoint's columns as the parameters of [`INSERT_CHECKPOINT`], in its order:
/// `seq, head_hash, signed_at_ns, signature`.
pub(crate) fn checkpoint_params(cp: &Checkpoint) -> Result<Vec<Param>, StoreError> {
    Ok(vec![
        seq_to_db(cp.seq)?.into(),
        cp.head_hash.to_vec().into(),
        ts_to_db(cp.signed_at, "checkpoint time")?.into(),
        cp.signature.to_vec().into(),
    ])
}

/// Reads a checkpoint row of [`SELECT_CHECKPOINTS`].
pub(crate) fn read_checkpoint<B: Sql>(row: &B::Row) -> Result<Checkpoint, StoreError> {
    let get_i64 = |c| B::int(row, c).map_err(|e| StoreError::db("checkpoints", e));
    let get_bytes = |c| B::bytes(row, c).map_err(|e| StoreError::db("checkpoints", e));
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
