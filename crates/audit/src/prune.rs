//! Retention (*gallring*): the signed prune anchor that lets a chain whose oldest records were
//! removed still verify.
//!
//! A prune removes the records `1..=through_seq` (never beyond) and keeps, in their place, one
//! [`PruneAnchor`]: a signed statement "the records through seq `through_seq`, all made before
//! `before`, were removed; the last of them hashed to `head_hash`". The verifier starts the
//! chain there (the next record's `prev_hash` must be `head_hash`) instead of at the genesis
//! hash. The prune itself is then an audit record of kind `prune` appended after the removal.
//!
//! Signed bytes, v1: `"underlag-prune-anchor-v1"` (24 ASCII bytes) ‖ `through_seq` (`u64`
//! big-endian) ‖ `head_hash` (32 bytes) ‖ `before` (`ts`) ‖ `signed_at` (`ts`), `ts` as in
//! [`crate::checkpoint`]. The prefix differs from a checkpoint's, so a checkpoint can never be
//! replayed as an anchor (which would let someone with write access to the database but
//! without the key remove records and pass it off as a prune).
//!
//! An anchor is signed with the checkpoint signing key in force; after `audit rotate-key` it
//! verifies with the retired key, which stays published.

use std::fmt;

use jiff::Timestamp;

use crate::checkpoint::{SigningKey, VerifyingKey};
use crate::encoding::put_ts;

/// The domain-separation prefix of the signed prune-anchor bytes.
pub const PRUNE_ANCHOR_DOMAIN: &[u8] = b"underlag-prune-anchor-v1";

/// A signed statement "records `1..=through_seq` were removed; the last hashed to
/// `head_hash`".
#[derive(Clone, PartialEq, Eq)]
pub struct PruneAnchor {
    /// The seq of the last record removed; the chain continues at `through_seq + 1`.
    pub through_seq: u64,
    /// That record's entry hash: the `prev_hash` of the first record kept.
    pub head_hash: [u8; 32],
    /// The retention cut-off: every removed record was made before this instant.
    pub before: Timestamp,
    /// When the anchor was signed (the prune's time).
    pub signed_at: Timestamp,
    /// Ed25519 signature over [`PruneAnchor::signed_bytes`].
    pub signature: [u8; 64],
}

impl PruneAnchor {
    /// Signs the anchor of a prune through `through_seq` (whose record hashed to
    /// `head_hash`) of the records made before `before`.
    pub fn sign(
        key: &SigningKey,
        through_seq: u64,
        head_hash: [u8; 32],
        before: Timestamp,
        signed_at: Timestamp,
    ) -> Self {
        let bytes = anchor_bytes(through_seq, &head_hash, before, signed_at);
        Self {
            through_seq,
            head_hash,
            before,
            signed_at,
            signature: key.sign_bytes(&bytes),
        }
    }

    /// The exact bytes the signature covers.
    pub fn signed_bytes(&self) -> Vec<u8> {
        anchor_bytes(
            self.through_seq,
            &self.head_hash,
            self.before,
            self.signed_at,
        )
    }

    /// Whether the signature is valid for `key`.
    pub fn verify(&self, key: &VerifyingKey) -> bool {
        key.verify_bytes(&self.signed_bytes(), &self.signature)
    }
}

impl fmt::Debug for PruneAnchor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PruneAnchor")
            .field("through_seq", &self.through_seq)
            .field("head_hash", &hex::encode(self.head_hash))
            .field("before", &self.before)
            .field("signed_at", &self.signed_at)
            .field("signature", &hex::encode(self.signature))
            .finish()
    }
}

fn anchor_bytes(
    through_seq: u64,
    head_hash: &[u8; 32],
    before: Timestamp,
    signed_at: Timestamp,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(PRUNE_ANCHOR_DOMAIN.len() + 8 + 32 + 24);
    out.extend_from_slice(PRUNE_ANCHOR_DOMAIN);
    out.extend_from_slice(&through_seq.to_be_bytes());
    out.extend_from_slice(head_hash);
    put_ts(&mut out, before);
    put_ts(&mut out, signed_at);
    out
}

/// The description of a prune, as its audit record's field 16 carries it: what was removed,
/// the cut-off and the anchor's head, no personal data.
pub fn prune_description(anchor: &PruneAnchor, removed: u64) -> String {
    format!(
        "audit.prune through_seq={} removed={removed} before={} head={}",
        anchor.through_seq,
        anchor.before,
        hex::encode(anchor.head_hash)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkpoint::Checkpoint;

    fn at(s: i64) -> Timestamp {
        Timestamp::from_second(s).unwrap()
    }

    /// Mutation survivor (issue 16): Debug shows the anchor's public parts, hashes in hex.
    #[test]
    fn debug_shows_the_public_parts_in_hex() {
        let key = SigningKey::from_seed([5; 32]);
        let anchor = PruneAnchor::sign(&key, 10, [0xab; 32], at(1_700_000_000), at(1_800_000_000));
        let shown = format!("{anchor:?}");
        assert!(
            shown.starts_with("PruneAnchor { through_seq: 10, head_hash: \"abab"),
            "{shown}"
        );
        assert!(shown.contains("signature: \""), "{shown}");
    }

    #[test]
    fn the_signature_covers_every_field() {
        let key = SigningKey::from_seed([5; 32]);
        let vk = key.verifying_key();
        let anchor = PruneAnchor::sign(&key, 10, [1; 32], at(1_700_000_000), at(1_800_000_000));
        assert!(anchor.verify(&vk));
        let changed = [
            PruneAnchor {
                through_seq: 11,
                ..anchor.clone()
            },
            PruneAnchor {
                head_hash: [2; 32],
                ..anchor.clone()
            },
            PruneAnchor {
                before: at(1_700_000_001),
                ..anchor.clone()
            },
            PruneAnchor {
                signed_at: at(1_800_000_001),
                ..anchor.clone()
            },
        ];
        for c in changed {
            assert!(!c.verify(&vk), "{c:?}");
        }
        assert!(!anchor.verify(&SigningKey::from_seed([6; 32]).verifying_key()));
    }

    /// A checkpoint's signature over the same seq and head is not an anchor's: the domains
    /// differ, so a checkpoint cannot be replayed as a prune.
    #[test]
    fn a_checkpoint_signature_is_not_an_anchor_signature() {
        let key = SigningKey::from_seed([5; 32]);
        let cp = Checkpoint::sign(&key, 10, [1; 32], at(1_800_000_000));
        let forged = PruneAnchor {
            through_seq: 10,
            head_hash: [1; 32],
            before: at(1_800_000_000),
            signed_at: at(1_800_000_000),
            signature: cp.signature,
        };
        assert!(!forged.verify(&key.verifying_key()));
    }

    #[test]
    fn the_description_names_the_range_and_no_person() {
        let key = SigningKey::from_seed([5; 32]);
        let anchor = PruneAnchor::sign(&key, 10, [0xab; 32], at(1_700_000_000), at(1_800_000_000));
        let text = prune_description(&anchor, 10);
        assert!(
            text.starts_with(
                "audit.prune through_seq=10 removed=10 before=2023-11-14T22:13:20Z head=abab"
            ),
            "{text}"
        );
    }
}
