//! The verifier: walks the log in seq order and checks every hash, every link and every
//! checkpoint, reporting the first place where the log is not what was written.
//!
//! What it detects, and where it reports it:
//! - an edited field: the record's hash no longer matches its contents (at that record);
//! - a deleted record: a gap in the seq numbers (at the first missing seq);
//! - an inserted or re-ordered record: the seq or the previous-hash link breaks, or the
//!   contents no longer hash to the stored hash (at the first record that does not fit);
//! - a chain rewritten consistently from some record on: it no longer matches a checkpoint
//!   (at the checkpoint's seq);
//! - a truncated tail: a checkpoint covers a seq the log no longer reaches (at the first
//!   missing seq);
//! - a forged or damaged checkpoint: its signature does not verify (at its seq).
//!
//! After a retention prune the chain starts at the newest [`PruneAnchor`] instead of the
//! genesis hash: the first record kept must be `through_seq + 1` and link to the anchor's
//! head hash. A forged or damaged anchor is reported at its `through_seq`; a checkpoint of a
//! removed record can only have its signature checked, except at the anchor's own seq, where it
//! must agree with the anchor's head. A log that ends at its anchor has lost its tail (a prune
//! always appends its own record after the anchor).
//!
//! Records appended after the last checkpoint can be cut off or replaced without trace by
//! anyone who can write the database; checkpoint often, and keep checkpoints elsewhere too.
//! Reasons are English and carry no personal data.

use std::collections::BTreeMap;
use std::fmt;

use crate::checkpoint::{Checkpoint, VerifyingKey};
use crate::encoding::{ChainedRecord, GENESIS_HASH, entry_hash};
use crate::prune::PruneAnchor;

/// What is wrong at the reported seq.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The seq numbers have a gap: this record is missing.
    MissingRecord,
    /// A record's seq is lower than or equal to the one before it.
    OutOfOrder,
    /// The record's `prev_hash` is not the hash of the record before it.
    BrokenLink,
    /// The record's contents do not hash to its stored hash.
    HashMismatch,
    /// The stored record could not be read back (a column holds an impossible value).
    Unreadable(&'static str),
    /// A checkpoint's signature does not verify with the given key.
    BadCheckpointSignature,
    /// The record at a checkpoint's seq does not have the checkpoint's head hash.
    CheckpointMismatch,
    /// A checkpoint covers this seq, but the log ends before it.
    Truncated,
    /// A prune anchor's signature does not verify with the given keys.
    BadAnchorSignature,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::MissingRecord => f.write_str("record is missing (gap in sequence numbers)"),
            Problem::OutOfOrder => f.write_str("record is out of sequence order or duplicated"),
            Problem::BrokenLink => {
                f.write_str("previous-hash link does not match the record before")
            }
            Problem::HashMismatch => f.write_str("record contents do not match its hash"),
            Problem::Unreadable(what) => write!(f, "stored record cannot be read: {what}"),
            Problem::BadCheckpointSignature => f.write_str("checkpoint signature does not verify"),
            Problem::CheckpointMismatch => {
                f.write_str("record hash differs from the signed checkpoint (chain rewritten)")
            }
            Problem::Truncated => {
                f.write_str("log ends before a signed checkpoint (tail truncated)")
            }
            Problem::BadAnchorSignature => f.write_str("prune anchor signature does not verify"),
        }
    }
}

/// The outcome of a verification run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// How many records were examined.
    pub records_checked: u64,
    /// How many checkpoints were examined.
    pub checkpoints_checked: u64,
    /// The seq through which records were pruned (the newest anchor's), if any was.
    pub pruned_through: Option<u64>,
    /// The lowest seq at which something is wrong, and what.
    pub first_bad: Option<(u64, Problem)>,
}

impl VerifyReport {
    /// Whether the log verified completely.
    pub fn is_ok(&self) -> bool {
        self.first_bad.is_none()
    }
}

impl fmt::Display for VerifyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.first_bad {
            None => {
                write!(
                    f,
                    "ok: {} records and {} checkpoints verified",
                    self.records_checked, self.checkpoints_checked
                )?;
                match self.pruned_through {
                    Some(seq) => write!(f, " (pruned through seq {seq})"),
                    None => Ok(()),
                }
            }
            Some((seq, problem)) => write!(
                f,
                "FAILED at seq {seq}: {problem} ({} records and {} checkpoints examined)",
                self.records_checked, self.checkpoints_checked
            ),
        }
    }
}

/// Verifies a whole log held in memory: `records` in seq order, starting at seq 1.
pub fn verify<'a>(
    records: impl IntoIterator<Item = &'a ChainedRecord>,
    checkpoints: &[Checkpoint],
    key: &VerifyingKey,
) -> VerifyReport {
    let mut v = Verifier::new(checkpoints, key);
    for r in records {
        v.push(r);
    }
    v.finish()
}

/// A record as stored, in the form the verifier hashes: its place in the chain and its
/// canonical encoding (the bytes that were hashed), without the typed record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashedRecord {
    /// Position in the log.
    pub seq: u64,
    /// The stored hash of the record before.
    pub prev_hash: [u8; 32],
    /// The stored hash of this record.
    pub hash: [u8; 32],
    /// The stored canonical encoding (see [`crate::encoding`]).
    pub encoding: Vec<u8>,
}

impl HashedRecord {
    /// The hashed form of a typed record (its encoding recomputed).
    pub fn of(r: &ChainedRecord) -> Self {
        Self {
            seq: r.seq,
            prev_hash: r.prev_hash,
            hash: r.hash,
            encoding: crate::encoding::encode(&r.record),
        }
    }
}

/// Verifies a log streamed record by record (for logs too large to hold in memory).
#[derive(Debug)]
pub struct Verifier {
    /// Head hashes of checkpoints with a valid signature, by seq, not yet met.
    pending: BTreeMap<u64, Vec<[u8; 32]>>,
    prev: Option<(u64, [u8; 32])>,
    records_checked: u64,
    checkpoints_checked: u64,
    first_bad: Option<(u64, Problem)>,
    /// The seq of the newest prune anchor: the chain starts after it.
    pruned_through: Option<u64>,
}

impl Verifier {
    /// Starts a verification; checkpoint signatures are checked here.
    pub fn new(checkpoints: &[Checkpoint], key: &VerifyingKey) -> Self {
        Self::with_keys(checkpoints, std::slice::from_ref(key))
    }

    /// As [`Verifier::new`], with every published key (the current one and those retired by
    /// key rotation): a checkpoint is genuine when one of them verifies its signature.
    pub fn with_keys(checkpoints: &[Checkpoint], keys: &[VerifyingKey]) -> Self {
        Self::with_anchors(checkpoints, &[], keys)
    }

    /// As [`Verifier::with_keys`], for a log pruned under `anchors` (every prune's, in any
    /// order): the chain starts after the newest one.
    pub fn with_anchors(
        checkpoints: &[Checkpoint],
        anchors: &[PruneAnchor],
        keys: &[VerifyingKey],
    ) -> Self {
        let mut v = Self {
            pending: BTreeMap::new(),
            prev: None,
            records_checked: 0,
            checkpoints_checked: 0,
            first_bad: None,
            pruned_through: None,
        };
        let newest = anchors.iter().max_by_key(|a| a.through_seq);
        for anchor in anchors {
            if !keys.iter().any(|key| anchor.verify(key)) {
                v.report(anchor.through_seq, Problem::BadAnchorSignature);
            }
            if let Some(newest) = newest
                && anchor.through_seq == newest.through_seq
                && anchor.head_hash != newest.head_hash
            {
                v.report(anchor.through_seq, Problem::CheckpointMismatch);
            }
        }
        if let Some(newest) = newest {
            v.prev = Some((newest.through_seq, newest.head_hash));
            v.pruned_through = Some(newest.through_seq);
        }
        let start = v.pruned_through.unwrap_or(0);
        for cp in checkpoints {
            v.checkpoints_checked += 1;
            if !keys.iter().any(|key| cp.verify(key)) {
                v.report(cp.seq, Problem::BadCheckpointSignature);
            } else if cp.seq < start {
                // Its record was pruned: only its signature can be checked.
            } else if cp.seq == start && start > 0 {
                if newest.is_some_and(|a| a.head_hash != cp.head_hash) {
                    v.report(cp.seq, Problem::CheckpointMismatch);
                }
            } else if cp.seq == 0 {
                if cp.head_hash != GENESIS_HASH {
                    v.report(0, Problem::CheckpointMismatch);
                }
            } else {
                v.pending.entry(cp.seq).or_default().push(cp.head_hash);
            }
        }
        v
    }

    fn report(&mut self, seq: u64, problem: Problem) {
        if self.first_bad.as_ref().is_none_or(|(s, _)| seq < *s) {
            self.first_bad = Some((seq, problem));
        }
    }

    /// Checks the next record.
    pub fn push(&mut self, r: &ChainedRecord) {
        self.check(r.seq, &r.prev_hash, &r.hash, r.computed_hash());
    }

    /// Checks the next record as stored: the bytes that were hashed, without rebuilding the
    /// typed record (the fast path of `audit verify`; the store has already checked that
    /// the record's other columns say what these bytes say).
    pub fn push_hashed(&mut self, r: &HashedRecord) {
        self.check(
            r.seq,
            &r.prev_hash,
            &r.hash,
            entry_hash(r.seq, &r.prev_hash, &r.encoding),
        );
    }

    fn check(&mut self, seq: u64, prev: &[u8; 32], hash: &[u8; 32], computed: [u8; 32]) {
        self.records_checked += 1;
        let (expected, prev_hash) = match self.prev {
            Some((seq, hash)) => (seq.saturating_add(1), hash),
            None => (1, GENESIS_HASH),
        };
        if seq > expected {
            self.report(expected, Problem::MissingRecord);
        } else if seq < expected {
            self.report(seq, Problem::OutOfOrder);
        }
        if *prev != prev_hash {
            self.report(seq, Problem::BrokenLink);
        }
        if computed != *hash {
            self.report(seq, Problem::HashMismatch);
        }
        if !self.pending.is_empty()
            && let Some(heads) = self.pending.remove(&seq)
            && heads.iter().any(|h| h != hash)
        {
            self.report(seq, Problem::CheckpointMismatch);
        }
        self.prev = Some((seq, *hash));
    }

    /// Notes a stored record that could not be read back at all.
    pub fn push_unreadable(&mut self, seq: u64, what: &'static str) {
        self.records_checked += 1;
        self.report(seq, Problem::Unreadable(what));
        // Keep the seq so the next record is not also reported as a gap; its link cannot be
        // checked, so it will be reported as broken (at a higher seq, which does not matter).
        self.prev = Some((seq, [0xff; 32]));
    }

    /// Ends the run: checkpoints beyond the end of the log mean the tail was cut off.
    pub fn finish(mut self) -> VerifyReport {
        let last = self.prev.map_or(0, |(seq, _)| seq);
        if let Some(start) = self.pruned_through
            && last == start
        {
            // Not even the prune's own record follows its anchor.
            self.report(start + 1, Problem::Truncated);
        }
        let pending = std::mem::take(&mut self.pending);
        for (seq, _) in pending {
            if seq > last {
                self.report(last + 1, Problem::Truncated);
            } else {
                // The checkpoint's record was never seen: it is missing from the log.
                self.report(seq, Problem::MissingRecord);
            }
        }
        VerifyReport {
            records_checked: self.records_checked,
            checkpoints_checked: self.checkpoints_checked,
            first_bad: self.first_bad,
            pruned_through: self.pruned_through,
        }
    }
}

#[cfg(test)]
mod tests;
