//! Retention (gallring) on both backends: a prune removes the oldest records under a signed
//! anchor, the rest still verifies, the prune is itself a record, tampering with what is
//! kept is still found, anchors are never removed, and prunes can follow one another.

use jiff::Timestamp;
use underlag_audit::{AuditKind, Problem, SigningKey};
use underlag_store::tamper::{Bind, Step};
use underlag_store::{PrunePlan, PruneRequest, verify_store, verify_store_with_keys};
use underlag_test_support::TestDb;

use crate::records::{fill, key, record};

/// The instant record `n` of the fixtures was made at, rounded down to the second.
fn made(n: i64) -> Timestamp {
    Timestamp::from_second(1_790_000_000 + n).unwrap()
}

fn request(before: Timestamp, id: &str) -> PruneRequest {
    PruneRequest {
        before,
        operator: "drift-anna".into(),
        id: id.into(),
    }
}

async fn a_prune_keeps_the_rest_verifiable_and_is_audited(h: &TestDb) {
    let store = h.audit_store();
    fill(&*store, 20).await;
    store.checkpoint(&key()).await.unwrap();
    // Records 1..=10 are made before record 11's second (they carry 0.123 s on top).
    let plan = store.prune_plan(made(11)).await.unwrap();
    assert_eq!(
        plan,
        Some(PrunePlan {
            through_seq: 10,
            records: 10,
            previous: None
        })
    );
    assert_eq!(store.count().await.unwrap(), 20, "the plan changes nothing");

    let pruned = store
        .prune(&request(made(11), "prune-1"), &key())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(pruned.anchor.through_seq, 10);
    assert_eq!(pruned.record.seq, 21);
    let kept = store.records(1, 100).await.unwrap();
    assert_eq!(kept.first().map(|r| r.seq), Some(11));
    assert_eq!(kept.len(), 11);
    let prune_record = &kept[10].record;
    assert_eq!(prune_record.kind, AuditKind::Prune);
    assert_eq!(prune_record.case_worker, "drift-anna");
    assert_eq!(prune_record.id, "prune-1");
    let description = prune_record.refusal.clone().unwrap();
    assert!(
        description.starts_with("audit.prune through_seq=10 removed=10 "),
        "{description}"
    );
    assert!(prune_record.subject.is_none());

    let report = verify_store(&*store, &key().verifying_key(), &[])
        .await
        .unwrap();
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.pruned_through, Some(10));
    assert_eq!(
        (report.records_checked, report.checkpoints_checked),
        (11, 1)
    );
}

async fn a_tampered_kept_record_still_fails_verify(h: &TestDb) {
    fill(&*h.store, 12).await;
    h.store
        .prune(&request(made(6), "prune-1"), &key())
        .await
        .unwrap()
        .unwrap();
    h.store
        .edit(8, underlag_store::tamper::Column::Purpose, Some("annat"))
        .await
        .unwrap();
    let report = verify_store(&*h.store, &key().verifying_key(), &[])
        .await
        .unwrap();
    assert_eq!(
        report.first_bad,
        Some((8, Problem::HashMismatch)),
        "{report}"
    );
}

async fn records_removed_past_the_anchor_are_found(h: &TestDb) {
    fill(&*h.store, 12).await;
    h.store
        .prune(&request(made(6), "prune-1"), &key())
        .await
        .unwrap()
        .unwrap();
    // An attacker removes one more record, with the triggers off.
    h.store.delete(6).await.unwrap();
    let report = verify_store(&*h.store, &key().verifying_key(), &[])
        .await
        .unwrap();
    assert_eq!(
        report.first_bad,
        Some((6, Problem::MissingRecord)),
        "{report}"
    );
}

async fn the_database_keeps_anchors_and_unpruned_records(h: &TestDb) {
    fill(&*h.store, 8).await;
    h.store
        .prune(&request(made(4), "prune-1"), &key())
        .await
        .unwrap()
        .unwrap();
    // With the triggers on: a record the anchor does not cover cannot be deleted, and an
    // anchor can be neither deleted nor changed.
    assert!(h.store.plain_delete(5).await.is_err());
    for text in [
        "DELETE FROM audit_prune",
        "UPDATE audit_prune SET through_seq = through_seq + 1",
    ] {
        let step = Step::Sql(text.into(), Vec::new());
        assert!(h.store.run(vec![step], false).await.is_err(), "{text}");
    }
    assert_eq!(h.store.prune_anchors().await.unwrap().len(), 1);
    // A forged anchor row (no key) is found by verify, even below the genuine one.
    let forged = Step::Sql(
        "INSERT INTO audit_prune (through_seq, head_hash, before_ns, signed_at_ns, signature) \
         VALUES ($1, $2, $3, $4, $5)"
            .into(),
        vec![
            Bind::Int(2),
            Bind::Bytes(vec![1; 32]),
            Bind::Int(0),
            Bind::Int(0),
            Bind::Bytes(vec![2; 64]),
        ],
    );
    h.store.run(vec![forged], false).await.unwrap();
    let report = verify_store(&*h.store, &key().verifying_key(), &[])
        .await
        .unwrap();
    assert_eq!(
        report.first_bad,
        Some((2, Problem::BadAnchorSignature)),
        "{report}"
    );
}

async fn a_second_prune_works_and_keeps_the_first_anchor(h: &TestDb) {
    let store = h.audit_store();
    fill(&*store, 20).await;
    store
        .prune(&request(made(6), "prune-1"), &key())
        .await
        .unwrap()
        .unwrap();
    assert!(
        store
            .prune(&request(made(6), "again"), &key())
            .await
            .unwrap()
            .is_none(),
        "nothing more is old enough"
    );
    let second = store
        .prune(&request(made(16), "prune-2"), &key())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        second.plan,
        PrunePlan {
            through_seq: 15,
            records: 10,
            previous: Some(5)
        }
    );
    let anchors = store.prune_anchors().await.unwrap();
    assert_eq!(
        anchors.iter().map(|a| a.through_seq).collect::<Vec<_>>(),
        vec![5, 15]
    );
    for i in 21..=23 {
        store.append(record(i)).await.unwrap();
    }
    store.checkpoint(&key()).await.unwrap();
    let report = verify_store(&*store, &key().verifying_key(), &[])
        .await
        .unwrap();
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.pruned_through, Some(15));
    // 16..=20, the two prune records and 21..=23 (appended as 23..=25).
    assert_eq!(report.records_checked, 10);
    let kinds: Vec<AuditKind> = store
        .records(1, 100)
        .await
        .unwrap()
        .iter()
        .map(|r| r.record.kind)
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == AuditKind::Prune).count(), 2);
}

/// Everything made before the cut-off, the whole log included: the chain goes on from the
/// anchor (the prune's record follows it), it does not restart at the genesis hash.
async fn pruning_every_record_continues_the_chain(h: &TestDb) {
    let store = h.audit_store();
    fill(&*store, 5).await;
    let far = Timestamp::from_second(4_000_000_000).unwrap();
    let pruned = store
        .prune(&request(far, "prune-all"), &key())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((pruned.plan.through_seq, pruned.record.seq), (5, 6));
    assert_eq!(pruned.record.prev_hash, pruned.anchor.head_hash);
    store.append(record(6)).await.unwrap();
    assert_eq!(store.records(1, 10).await.unwrap().last().unwrap().seq, 7);
    let report = verify_store(&*store, &key().verifying_key(), &[])
        .await
        .unwrap();
    assert!(report.is_ok(), "{report}");
}

/// An anchor signed before `audit rotate-key` verifies with the retired key, which verify
/// reads beside the current one; without it, the anchor is reported.
async fn an_anchor_survives_key_rotation(h: &TestDb) {
    let store = h.audit_store();
    fill(&*store, 6).await;
    store
        .prune(&request(made(4), "prune-1"), &key())
        .await
        .unwrap()
        .unwrap();
    let new_key = SigningKey::from_seed([9; 32]);
    store.append(record(7)).await.unwrap();
    store.checkpoint(&new_key).await.unwrap();
    let both = [key().verifying_key(), new_key.verifying_key()];
    let report = verify_store_with_keys(&*store, &both, &[]).await.unwrap();
    assert!(report.is_ok(), "{report}");
    let only_new = verify_store(&*store, &new_key.verifying_key(), &[])
        .await
        .unwrap();
    assert_eq!(only_new.first_bad, Some((3, Problem::BadAnchorSignature)));
}

underlag_test_support::on_both_backends!(
    a_prune_keeps_the_rest_verifiable_and_is_audited,
    a_tampered_kept_record_still_fails_verify,
    records_removed_past_the_anchor_are_found,
    the_database_keeps_anchors_and_unpruned_records,
    a_second_prune_works_and_keeps_the_first_anchor,
    pruning_every_record_continues_the_chain,
    an_anchor_survives_key_rotation,
);
