//! Tests of the verifier: one per kind of tampering, plus checkpoints.

use jiff::Timestamp;

use super::*;
use crate::checkpoint::SigningKey;
use crate::testdata::sample;

fn key() -> SigningKey {
    SigningKey::from_seed([3; 32])
}

fn chain(n: u32) -> Vec<ChainedRecord> {
    let mut out: Vec<ChainedRecord> = Vec::new();
    for i in 1..=n {
        let next = ChainedRecord::after(out.last(), sample(i));
        out.push(next);
    }
    out
}

fn checkpoint_at(log: &[ChainedRecord], seq: u64) -> Checkpoint {
    let head = log.iter().find(|r| r.seq == seq).unwrap().hash;
    Checkpoint::sign(
        &key(),
        seq,
        head,
        Timestamp::from_second(1_800_000_000).unwrap(),
    )
}

fn check(log: &[ChainedRecord], cps: &[Checkpoint]) -> VerifyReport {
    verify(log, cps, &key().verifying_key())
}

fn first_bad(log: &[ChainedRecord], cps: &[Checkpoint]) -> Option<(u64, Problem)> {
    check(log, cps).first_bad
}

#[test]
fn intact_chain_verifies() {
    let log = chain(10);
    let cps = [checkpoint_at(&log, 5), checkpoint_at(&log, 10)];
    let report = check(&log, &cps);
    assert!(report.is_ok(), "{report}");
    assert_eq!(
        (report.records_checked, report.checkpoints_checked),
        (10, 2)
    );
    assert!(check(&[], &[]).is_ok());
    let empty_cp = Checkpoint::sign(&key(), 0, GENESIS_HASH, Timestamp::UNIX_EPOCH);
    assert!(check(&[], &[empty_cp]).is_ok());
}

/// Mutation survivor (issue 16): a checkpoint of the empty log must carry the genesis hash,
/// also when nothing was pruned.
#[test]
fn a_checkpoint_at_seq_0_with_another_head_is_a_mismatch() {
    let log = chain(3);
    let forged = Checkpoint::sign(&key(), 0, [7; 32], Timestamp::UNIX_EPOCH);
    assert_eq!(
        first_bad(&log, &[forged]),
        Some((0, Problem::CheckpointMismatch))
    );
}

#[test]
fn edited_field_is_found() {
    let mut log = chain(10);
    log[3].record.case_worker = "someone-else".into();
    assert_eq!(first_bad(&log, &[]), Some((4, Problem::HashMismatch)));
    // Mutation survivor (issue 16): a report with a problem is not ok.
    assert!(!check(&log, &[]).is_ok());
}

#[test]
fn deleted_record_is_found() {
    let mut log = chain(10);
    log.remove(6);
    assert_eq!(first_bad(&log, &[]), Some((7, Problem::MissingRecord)));
}

#[test]
fn deleted_and_renumbered_record_is_found() {
    let mut log = chain(10);
    log.remove(6);
    for r in &mut log[6..] {
        r.seq -= 1;
    }
    assert_eq!(first_bad(&log, &[]), Some((7, Problem::BrokenLink)));
}

#[test]
fn inserted_record_is_found() {
    // The strongest insertion: a correctly hashed record slipped in after seq 4, the rest
    // renumbered. The forged record itself looks fine; the displaced one does not.
    let mut log = chain(10);
    let forged = ChainedRecord::after(Some(&log[3]), sample(99));
    log.insert(4, forged);
    for r in &mut log[5..] {
        r.seq += 1;
    }
    assert_eq!(first_bad(&log, &[]), Some((6, Problem::BrokenLink)));

    // Inserted under a duplicate seq instead.
    let mut log = chain(10);
    let dup = ChainedRecord::after(Some(&log[3]), sample(98));
    log.insert(5, dup);
    assert_eq!(first_bad(&log, &[]), Some((5, Problem::OutOfOrder)));
}

#[test]
fn swapped_records_are_found() {
    let mut log = chain(10);
    // Swap contents, keeping the seq column in place (what a row swap in the table does).
    let (a, b) = (log[2].clone(), log[7].clone());
    log[2] = ChainedRecord { seq: 3, ..b };
    log[7] = ChainedRecord { seq: 8, ..a };
    assert_eq!(first_bad(&log, &[]), Some((3, Problem::BrokenLink)));

    // Only the record bodies swapped, hashes left in place.
    let mut log = chain(10);
    let body = log[2].record.clone();
    log[2].record = log[7].record.clone();
    log[7].record = body;
    assert_eq!(first_bad(&log, &[]), Some((3, Problem::HashMismatch)));
}

#[test]
fn truncated_tail_is_found_behind_a_checkpoint() {
    let log = chain(10);
    let cps = [checkpoint_at(&log, 4), checkpoint_at(&log, 8)];
    // Records after the last checkpoint can go without trace…
    assert!(check(&log[..8], &cps).is_ok());
    // …but not records the checkpoint covers.
    assert_eq!(first_bad(&log[..6], &cps), Some((7, Problem::Truncated)));
    assert_eq!(first_bad(&[], &cps), Some((1, Problem::Truncated)));
}

#[test]
fn rewritten_chain_is_found_by_checkpoint() {
    let log = chain(10);
    let cps = [checkpoint_at(&log, 8)];
    // Edit record 5 and recompute every hash from there: internally consistent again.
    let mut forged: Vec<ChainedRecord> = log[..4].to_vec();
    for (i, r) in log[4..].iter().enumerate() {
        let mut rec = r.record.clone();
        if i == 0 {
            rec.purpose = "rewritten".into();
        }
        let next = ChainedRecord::after(forged.last(), rec);
        forged.push(next);
    }
    assert!(check(&forged, &[]).is_ok());
    assert_eq!(
        first_bad(&forged, &cps),
        Some((8, Problem::CheckpointMismatch))
    );
}

#[test]
fn bad_checkpoint_signature_is_found() {
    let log = chain(6);
    let mut cp = checkpoint_at(&log, 5);
    cp.signature[10] ^= 1;
    assert_eq!(
        first_bad(&log, &[cp]),
        Some((5, Problem::BadCheckpointSignature))
    );

    let other = SigningKey::from_seed([4; 32]);
    let foreign = Checkpoint::sign(&other, 6, log[5].hash, Timestamp::UNIX_EPOCH);
    assert_eq!(
        first_bad(&log, &[foreign]),
        Some((6, Problem::BadCheckpointSignature))
    );
}

#[test]
fn earliest_problem_wins_and_reasons_carry_no_personal_data() {
    let mut log = chain(10);
    let mut cp = checkpoint_at(&log, 9);
    cp.signature[0] ^= 1;
    log[1].record.purpose.push('!');
    let report = check(&log, &[cp]);
    assert_eq!(report.first_bad, Some((2, Problem::HashMismatch)));
    let text = report.to_string();
    assert!(
        text.starts_with("FAILED at seq 2: record contents do not match its hash"),
        "{text}"
    );
    let digits = log[0].record.subject.as_ref().unwrap().expose().to_owned();
    for p in [
        Problem::MissingRecord,
        Problem::OutOfOrder,
        Problem::BrokenLink,
        Problem::HashMismatch,
        Problem::Unreadable("subject"),
        Problem::BadCheckpointSignature,
        Problem::CheckpointMismatch,
        Problem::Truncated,
    ] {
        assert!(!p.to_string().contains(&digits));
    }
}

#[test]
fn unreadable_row_is_reported_at_its_seq() {
    let log = chain(5);
    let mut v = Verifier::new(&[], &key().verifying_key());
    v.push(&log[0]);
    v.push_unreadable(2, "subject is not valid");
    v.push(&log[2]);
    let report = v.finish();
    assert_eq!(
        report.first_bad,
        Some((2, Problem::Unreadable("subject is not valid")))
    );
    assert_eq!(report.records_checked, 3);
}

fn anchor_at(log: &[ChainedRecord], seq: u64) -> PruneAnchor {
    let head = log.iter().find(|r| r.seq == seq).unwrap().hash;
    PruneAnchor::sign(
        &key(),
        seq,
        head,
        Timestamp::from_second(1_750_000_000).unwrap(),
        Timestamp::from_second(1_800_000_000).unwrap(),
    )
}

fn check_pruned(
    log: &[ChainedRecord],
    cps: &[Checkpoint],
    anchors: &[PruneAnchor],
) -> VerifyReport {
    let mut v = Verifier::with_anchors(cps, anchors, &[key().verifying_key()]);
    for r in log {
        v.push(r);
    }
    v.finish()
}

#[test]
fn a_pruned_chain_verifies_from_its_anchor() {
    let log = chain(10);
    let cps = [
        checkpoint_at(&log, 3),
        checkpoint_at(&log, 4),
        checkpoint_at(&log, 8),
    ];
    let first = anchor_at(&log, 2);
    let second = anchor_at(&log, 4);
    let report = check_pruned(&log[4..], &cps, &[first.clone(), second.clone()]);
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.pruned_through, Some(4));
    assert_eq!(report.records_checked, 6);
    assert!(
        report.to_string().ends_with("(pruned through seq 4)"),
        "{report}"
    );
    // The anchors' order does not matter: the newest one is where the chain starts.
    assert!(check_pruned(&log[4..], &cps, &[second, first]).is_ok());
}

#[test]
fn a_pruned_chain_still_finds_tampering() {
    let log = chain(10);
    let anchor = anchor_at(&log, 4);
    let mut edited = log[4..].to_vec();
    edited[2].record.case_worker = "someone-else".into();
    assert_eq!(
        check_pruned(&edited, &[], std::slice::from_ref(&anchor)).first_bad,
        Some((7, Problem::HashMismatch))
    );
    // One record more removed than the anchor says: a gap right after the anchor.
    assert_eq!(
        check_pruned(&log[5..], &[], std::slice::from_ref(&anchor)).first_bad,
        Some((5, Problem::MissingRecord))
    );
    // Records removed without an anchor at all.
    assert_eq!(first_bad(&log[4..], &[]), Some((1, Problem::MissingRecord)));
    // An anchor over another head: the first record kept does not link to it.
    let wrong = PruneAnchor::sign(&key(), 4, [7; 32], anchor.before, anchor.signed_at);
    assert_eq!(
        check_pruned(&log[4..], &[], &[wrong]).first_bad,
        Some((5, Problem::BrokenLink))
    );
    // Nothing after the anchor: the prune's own record is gone with the tail.
    assert_eq!(
        check_pruned(&[], &[], std::slice::from_ref(&anchor)).first_bad,
        Some((5, Problem::Truncated))
    );
}

#[test]
fn a_forged_anchor_or_a_contradicting_checkpoint_is_found() {
    let log = chain(10);
    let mut forged = anchor_at(&log, 4);
    forged.signature[0] ^= 1;
    assert_eq!(
        check_pruned(&log[4..], &[], &[forged]).first_bad,
        Some((4, Problem::BadAnchorSignature))
    );
    // A checkpoint at the anchor's seq with another head: one of them is not genuine.
    let anchor = anchor_at(&log, 4);
    let other = Checkpoint::sign(&key(), 4, [9; 32], Timestamp::UNIX_EPOCH);
    assert_eq!(
        check_pruned(&log[4..], &[other], std::slice::from_ref(&anchor)).first_bad,
        Some((4, Problem::CheckpointMismatch))
    );
    // Two anchors at the same seq that disagree.
    let twin = PruneAnchor::sign(&key(), 4, [9; 32], anchor.before, anchor.signed_at);
    assert_eq!(
        check_pruned(&log[4..], &[], &[anchor.clone(), twin]).first_bad,
        Some((4, Problem::CheckpointMismatch))
    );
    // A damaged checkpoint of a pruned record is still a bad signature.
    let mut old = checkpoint_at(&log, 2);
    old.signature[1] ^= 1;
    assert_eq!(
        check_pruned(&log[4..], &[old], &[anchor]).first_bad,
        Some((2, Problem::BadCheckpointSignature))
    );
}

/// A key retired by rotation still verifies the anchors it signed.
#[test]
fn an_anchor_signed_before_key_rotation_verifies_with_the_retired_key() {
    let log = chain(6);
    let anchor = anchor_at(&log, 3);
    let new_key = SigningKey::from_seed([4; 32]);
    let cp = Checkpoint::sign(&new_key, 6, log[5].hash, Timestamp::UNIX_EPOCH);
    let keys = [key().verifying_key(), new_key.verifying_key()];
    let mut v = Verifier::with_anchors(
        std::slice::from_ref(&cp),
        std::slice::from_ref(&anchor),
        &keys,
    );
    for r in &log[3..] {
        v.push(r);
    }
    assert!(v.finish().is_ok());
    let mut v = Verifier::with_anchors(&[cp], &[anchor], &[new_key.verifying_key()]);
    for r in &log[3..] {
        v.push(r);
    }
    assert_eq!(v.finish().first_bad, Some((3, Problem::BadAnchorSignature)));
}

fn check_hashed(log: &[HashedRecord], cps: &[Checkpoint]) -> VerifyReport {
    let mut v = Verifier::new(cps, &key().verifying_key());
    for r in log {
        v.push_hashed(r);
    }
    v.finish()
}

#[test]
fn the_hashed_path_agrees_with_the_typed_one_and_finds_an_edited_byte() {
    let log = chain(10);
    let cps = [checkpoint_at(&log, 10)];
    let hashed: Vec<HashedRecord> = log.iter().map(HashedRecord::of).collect();
    assert_eq!(check_hashed(&hashed, &cps), check(&log, &cps));
    assert!(check_hashed(&hashed, &cps).is_ok());

    let mut edited = hashed.clone();
    let last = edited[3].encoding.len() - 1;
    edited[3].encoding[last] ^= 1;
    assert_eq!(
        check_hashed(&edited, &cps).first_bad,
        Some((4, Problem::HashMismatch))
    );
    let mut gap = hashed.clone();
    gap.remove(5);
    assert_eq!(
        check_hashed(&gap, &cps).first_bad,
        Some((6, Problem::MissingRecord))
    );
    let mut relinked = hashed;
    relinked[7].prev_hash = [9; 32];
    assert_eq!(
        check_hashed(&relinked, &cps).first_bad,
        Some((8, Problem::BrokenLink))
    );
}
