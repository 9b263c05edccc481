//! Canonical encoding v1 of an [`AuditRecord`] and the hash chain built on it.
//!
//! The encoding is what gets hashed, so it must never depend on a serialiser, a database
//! driver or a platform. It is not JSON: it is a versioned, field-ordered, length-prefixed
//! byte string. [`decode`] is its exact inverse (it refuses anything [`encode`] would not
//! produce), which is what makes the encoding injective.
//!
//! # Primitives
//!
//! | name      | bytes |
//! |-----------|-------|
//! | `u8`      | 1 byte |
//! | `u32`     | 4 bytes, big-endian |
//! | `u64`     | 8 bytes, big-endian |
//! | `i64`     | 8 bytes, big-endian two's complement |
//! | `bool`    | 1 byte: `0x00` false, `0x01` true (nothing else accepted) |
//! | `str`     | `u32` byte length, then that many bytes of UTF-8 |
//! | `opt<T>`  | `0x00` (absent), or `0x01` followed by `T` |
//! | `list<T>` | `u32` element count, then each element |
//! | `ts`      | `i64` whole seconds since 1970-01-01T00:00:00Z (floored), then `u32` nanoseconds `0..=999_999_999` |
//! | `date`    | `i16` year (2 bytes, big-endian), `u8` month `1..=12`, `u8` day `1..=31` |
//!
//! # Record, in this exact order
//!
//! | # | field | type |
//! |---|-------|------|
//! | 0 | format version, always `0x01` | `u8` |
//! | 1 | `id` | `str` |
//! | 2 | `at` | `ts` |
//! | 3 | `kind` (`query` / `refused` / `admin` / `case_read` / `norm_calculation` / `norm_decision` / `prune` / `application_submitted` / `consent_given` / `consent_revoked` / `bank_fetch` / `register_extract`) | `str` |
//! | 4 | `channel` (`rest` / `soap` / `cli` / `ui` / `tls`) | `str` |
//! | 5 | `organisation` | `str` |
//! | 6 | `case_worker` | `str` |
//! | 7 | `case_id` | `str` |
//! | 8 | `purpose` | `str` |
//! | 9 | `legal_basis` | `str` |
//! | 10 | `data_processors` | `list<str>` |
//! | 11 | `subject`, 12 ASCII digits | `opt<str>` |
//! | 12 | `period_from` | `opt<date>` |
//! | 13 | `period_to` | `opt<date>` |
//! | 14 | `sources`, each: `source` `str`, `outcome` `str`, `latency_ms` `opt<u64>`, `attempts` `u32` | `list<…>` |
//! | 15 | `protected` | `bool` |
//! | 16 | `refusal` | `opt<str>` |
//!
//! Nothing follows field 16; a decoder refuses trailing bytes.
//!
//! For an `admin` record (an administrative change), field 6 names who made the change and
//! field 16 describes the change; fields 5, 7 and 11 carry the organisation, case and person
//! concerned, when there are.
//!
//! For a `case_read` record (one person read in a case's household), fields 5 to 9 carry the
//! reading organisation, case worker, case id, purpose and legal basis, and field 11 the
//! person read; fields 12 to 14 and 16 are empty.
//!
//! For a `norm_calculation` record (a beräkningsunderlag saved) and a `norm_decision` record (a
//! case worker's decision on one), fields 5 to 7 carry the organisation, who computed or who
//! decided, and the case id; field 16 describes the underlag (its id, the rule version, a digest
//! of its inputs, and for a decision each section's verdict); no person's number is in it.
//!
//! For a `prune` record (a retention prune, see [`crate::prune`]), field 6 names who ran it
//! and field 16 the removed range, the cut-off and the anchor's head; no person is in it.
//!
//! For an `application_submitted` record (an application sent through the applicant portal),
//! field 5 carries the municipality, field 6 `sokande`, field 11 the applicant, and field 16
//! the application's id, reference number, kind, month, household size and attachment count.
//! For the consent records (`consent_given`, `consent_revoked`, `bank_fetch`, and
//! `register_extract`), field 11 carries the applicant, fields 12 and 13 a fetch's or consent's
//! period, field 14 (`bank_fetch`) the provider's answer, and field 16 the consent's and
//! fetch's ids, never an account number or an amount.
//!
//!
//! # Compatibility
//!
//! The kinds `admin`, later `case_read`, later `norm_calculation` and `norm_decision`, later `prune`, later `application_submitted`, and later the consent kinds were
//! added within v1: the layout did not change,
//! so every record written before them encodes, and hashes, exactly as before. A decoder that
//! predates a kind refuses such a record as an unknown kind rather than misreading it. A
//! change of layout would start with a new version byte.
//!
//! # Chain
//!
//! `entry_hash = SHA-256("underlag-audit-v1" ‖ seq ‖ prev_hash ‖ encoding)`, where the prefix is
//! the 17 ASCII bytes of that text (no length, no terminator), `seq` is a `u64` (the first
//! record has seq 1), and `prev_hash` is the 32-byte hash of the record before, or 32 zero
//! bytes ([`GENESIS_HASH`]) for seq 1.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;
use sha2::{Digest, Sha256};
use underlag_domain::Personnummer;

use crate::record::{AuditKind, AuditRecord, Channel, SourceAuditEntry};

/// The format version byte that starts every v1 encoding.
pub const ENCODING_VERSION: u8 = 1;

/// The domain-separation prefix of every entry hash.
pub const HASH_DOMAIN: &[u8] = b"underlag-audit-v1";

/// The `prev_hash` of the first record.
pub const GENESIS_HASH: [u8; 32] = [0; 32];

/// Why bytes are not a valid v1 encoding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a canonical v1 audit encoding: {0}")]
pub struct DecodeError(&'static str);

/// The canonical v1 encoding of a record (see the module documentation).
pub fn encode(record: &AuditRecord) -> Vec<u8> {
    let mut out = Vec::with_capacity(512);
    out.push(ENCODING_VERSION);
    put_str(&mut out, &record.id);
    put_ts(&mut out, record.at);
    put_str(&mut out, record.kind.code());
    put_str(&mut out, record.channel.code());
    put_str(&mut out, &record.organisation);
    put_str(&mut out, &record.case_worker);
    put_str(&mut out, &record.case_id);
    put_str(&mut out, &record.purpose);
    put_str(&mut out, &record.legal_basis);
    put_len(&mut out, record.data_processors.len());
    for p in &record.data_processors {
        put_str(&mut out, p);
    }
    put_opt(&mut out, record.subject.as_ref(), |o, s| {
        put_str(o, s.expose())
    });
    put_opt(&mut out, record.period_from, put_date);
    put_opt(&mut out, record.period_to, put_date);
    put_len(&mut out, record.sources.len());
    for s in &record.sources {
        put_str(&mut out, &s.source);
        put_str(&mut out, &s.outcome);
        put_opt(&mut out, s.latency_ms, |o, v| {
            o.extend_from_slice(&v.to_be_bytes())
        });
        out.extend_from_slice(&s.attempts.to_be_bytes());
    }
    out.push(u8::from(record.protected));
    put_opt(&mut out, record.refusal.as_deref(), put_str);
    out
}

/// `SHA-256("underlag-audit-v1" ‖ seq ‖ prev_hash ‖ encoding)`.
pub fn entry_hash(seq: u64, prev_hash: &[u8; 32], encoding: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(HASH_DOMAIN);
    h.update(seq.to_be_bytes());
    h.update(prev_hash);
    h.update(encoding);
    h.finalize().into()
}

/// A record in its place in the chain.
#[derive(Clone, PartialEq, Eq)]
pub struct ChainedRecord {
    /// Position in the log, starting at 1, without gaps.
    pub seq: u64,
    /// The hash of the record before ([`GENESIS_HASH`] for seq 1).
    pub prev_hash: [u8; 32],
    /// This record's entry hash.
    pub hash: [u8; 32],
    /// The record itself.
    pub record: AuditRecord,
}

impl ChainedRecord {
    /// Places `record` at `seq` after a record whose hash is `prev_hash`, computing its hash.
    pub fn link(seq: u64, prev_hash: [u8; 32], record: AuditRecord) -> Self {
        let hash = entry_hash(seq, &prev_hash, &encode(&record));
        Self {
            seq,
            prev_hash,
            hash,
            record,
        }
    }

    /// Places `record` after `prev` (or first in the log when `prev` is `None`).
    pub fn after(prev: Option<&ChainedRecord>, record: AuditRecord) -> Self {
        match prev {
            Some(p) => Self::link(p.seq + 1, p.hash, record),
            None => Self::link(1, GENESIS_HASH, record),
        }
    }

    /// The hash this record should have, recomputed from its fields.
    pub fn computed_hash(&self) -> [u8; 32] {
        entry_hash(self.seq, &self.prev_hash, &encode(&self.record))
    }
}

impl fmt::Debug for ChainedRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChainedRecord")
            .field("seq", &self.seq)
            .field("prev_hash", &hex::encode(self.prev_hash))
            .field("hash", &hex::encode(self.hash))
            .field("record", &self.record)
            .finish()
    }
}

fn put_len(out: &mut Vec<u8>, len: usize) {
    // Lengths beyond u32 cannot occur in practice (a 4 GiB field); saturate rather than wrap
    // so that an absurd record can never alias a shorter one silently.
    let len = u32::try_from(len).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_len(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

fn put_opt<T>(out: &mut Vec<u8>, value: Option<T>, put: impl FnOnce(&mut Vec<u8>, T)) {
    match value {
        None => out.push(0),
        Some(v) => {
            out.push(1);
            put(out, v);
        }
    }
}

/// Splits a timestamp into floored whole seconds and non-negative nanoseconds.
pub(crate) fn ts_parts(ts: Timestamp) -> (i64, u32) {
    let total = ts.as_nanosecond();
    let secs = total.div_euclid(1_000_000_000);
    let nanos = total.rem_euclid(1_000_000_000);
    // jiff's range is about ±10,000 years, far inside i64 seconds; nanos < 1e9 fits u32.
    (
        i64::try_from(secs).unwrap_or(i64::MAX),
        u32::try_from(nanos).unwrap_or(0),
    )
}

/// Writes a timestamp as `ts` (see the module documentation).
pub(crate) fn put_ts(out: &mut Vec<u8>, ts: Timestamp) {
    let (secs, nanos) = ts_parts(ts);
    out.extend_from_slice(&secs.to_be_bytes());
    out.extend_from_slice(&nanos.to_be_bytes());
}

fn put_date(out: &mut Vec<u8>, d: Date) {
    out.extend_from_slice(&d.year().to_be_bytes());
    out.push(d.month().unsigned_abs());
    out.push(d.day().unsigned_abs());
}

/// Reads a v1 encoding back into a record. Refuses anything that [`encode`] would not have
/// produced, so `encode(&decode(b)?) == b` for every accepted `b`.
pub fn decode(bytes: &[u8]) -> Result<AuditRecord, DecodeError> {
    let mut r = Reader { bytes, at: 0 };
    if r.u8()? != ENCODING_VERSION {
        return Err(DecodeError("unknown version"));
    }
    let id = r.string()?;
    let at = r.ts()?;
    let kind: AuditKind = r
        .string()?
        .parse()
        .map_err(|_| DecodeError("unknown kind"))?;
    let channel: Channel = r
        .string()?
        .parse()
        .map_err(|_| DecodeError("unknown channel"))?;
    let organisation = r.string()?;
    let case_worker = r.string()?;
    let case_id = r.string()?;
    let purpose = r.string()?;
    let legal_basis = r.string()?;
    let data_processors = (0..r.u32()?)
        .map(|_| r.string())
        .collect::<Result<Vec<_>, _>>()?;
    let subject = r.opt(|r| subject_from_digits(&r.string()?))?;
    let period_from = r.opt(Reader::date)?;
    let period_to = r.opt(Reader::date)?;
    let mut sources = Vec::new();
    for _ in 0..r.u32()? {
        sources.push(SourceAuditEntry {
            source: r.string()?,
            outcome: r.string()?,
            latency_ms: r.opt(Reader::u64)?,
            attempts: r.u32()?,
        });
    }
    let protected = match r.u8()? {
        0 => false,
        1 => true,
        _ => return Err(DecodeError("bad bool")),
    };
    let refusal = r.opt(Reader::string)?;
    if r.at != bytes.len() {
        return Err(DecodeError("trailing bytes"));
    }
    Ok(AuditRecord {
        id,
        at,
        kind,
        channel,
        organisation,
        case_worker,
        case_id,
        purpose,
        legal_basis,
        data_processors,
        subject,
        period_from,
        period_to,
        sources,
        protected,
        refusal,
    })
}

/// Parses a stored subject: exactly 12 ASCII digits forming a valid identity number.
pub fn subject_from_digits(digits: &str) -> Result<Personnummer, DecodeError> {
    if digits.len() != 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError("subject is not 12 digits"));
    }
    Personnummer::parse_canonical(digits).map_err(|_| DecodeError("subject is not valid"))
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], DecodeError> {
        let end = self
            .at
            .checked_add(n)
            .ok_or(DecodeError("length overflow"))?;
        let slice = self
            .bytes
            .get(self.at..end)
            .ok_or(DecodeError("truncated"))?;
        self.at = end;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        self.take(N)?
            .try_into()
            .map_err(|_| DecodeError("truncated"))
    }

    fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.array::<1>()?[0])
    }

    fn u32(&mut self) -> Result<u32, DecodeError> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    fn u64(&mut self) -> Result<u64, DecodeError> {
        Ok(u64::from_be_bytes(self.array()?))
    }

    fn string(&mut self) -> Result<String, DecodeError> {
        let len = self.u32()? as usize;
        let raw = self.take(len)?;
        String::from_utf8(raw.to_vec()).map_err(|_| DecodeError("invalid UTF-8"))
    }

    fn ts(&mut self) -> Result<Timestamp, DecodeError> {
        let secs = i64::from_be_bytes(self.array()?);
        let nanos = self.u32()?;
        if nanos >= 1_000_000_000 {
            return Err(DecodeError("nanoseconds out of range"));
        }
        let total = i128::from(secs) * 1_000_000_000 + i128::from(nanos);
        Timestamp::from_nanosecond(total).map_err(|_| DecodeError("timestamp out of range"))
    }

    fn date(&mut self) -> Result<Date, DecodeError> {
        let year = i16::from_be_bytes(self.array()?);
        let month = i8::try_from(self.u8()?).map_err(|_| DecodeError("bad month"))?;
        let day = i8::try_from(self.u8()?).map_err(|_| DecodeError("bad day"))?;
        Date::new(year, month, day).map_err(|_| DecodeError("bad date"))
    }

    fn opt<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<T, DecodeError>,
    ) -> Result<Option<T>, DecodeError> {
        match self.u8()? {
            0 => Ok(None),
            1 => read(self).map(Some),
            _ => Err(DecodeError("bad option tag")),
        }
    }
}

#[cfg(test)]
mod tests;
