//! The storage suite, written once over `dyn AuditStore` / `dyn Tamper` and run on every
//! backend by `on_both_backends!` (at the end).

use tokio::time::Instant;

use futures::future::join_all;
use jiff::Timestamp;
use underlag_audit::{GENESIS_HASH, HashedRecord, Problem, VerifyReport};
use underlag_store::tamper::Column;
use underlag_store::{AuditFilter, AuditStore, HashedRow, verify_store};
use underlag_test_support::TestDb;
use underlag_test_support::fixtures::pnr;

use crate::records::{fill, key, record, record_by, subject};

async fn verify(store: &dyn AuditStore) -> VerifyReport {
    verify_store(store, &key().verifying_key(), &[])
        .await
        .unwrap()
}

async fn first_bad(store: &dyn AuditStore) -> Option<(u64, Problem)> {
    verify(store).await.first_bad
}

async fn append_and_read_back(h: &TestDb) {
    let store = h.audit_store();
    let a = store.append(record(1)).await.unwrap();
    let b = store.append(record(2)).await.unwrap();
    let c = store.append(record(3)).await.unwrap();
    assert_eq!((a.seq, b.seq, c.seq), (1, 2, 3));
    assert_eq!(a.prev_hash, GENESIS_HASH);
    assert_eq!((b.prev_hash, c.prev_hash), (a.hash, b.hash));

    let back = store.records(1, 10).await.unwrap();
    assert_eq!(back, vec![a.clone(), b.clone(), c.clone()]);
    assert_eq!(
        back[0].record,
        record(1),
        "every field, nanoseconds included, round-trips"
    );
    assert_eq!(store.records(2, 1).await.unwrap(), vec![b]);
    assert!(store.records(4, 10).await.unwrap().is_empty());
    assert_eq!(store.count().await.unwrap(), 3);

    // A refused attempt without a parsable subject and without a period.
    let refused = underlag_audit::AuditRecord::refused(
        "q-x",
        Timestamp::UNIX_EPOCH,
        underlag_audit::Channel::Soap,
        "invalid_personnummer",
    )
    .organisation_str("2120000142")
    .build();
    let d = store.append(refused.clone()).await.unwrap();
    assert_eq!(store.records(4, 1).await.unwrap()[0].record, refused);
    assert_eq!(d.prev_hash, c.hash);
    assert!(verify(&*store).await.is_ok());
}

async fn empty_log_verifies(h: &TestDb) {
    let store = h.audit_store();
    assert_eq!(store.count().await.unwrap(), 0);
    let cp = store.checkpoint(&key()).await.unwrap();
    assert_eq!((cp.seq, cp.head_hash), (0, GENESIS_HASH));
    let report = verify(&*store).await;
    assert!(report.is_ok(), "{report}");
    assert_eq!((report.records_checked, report.checkpoints_checked), (0, 1));
}

async fn chain_and_checkpoints_verify(h: &TestDb) {
    let store = h.audit_store();
    fill(&*store, 20).await;
    let first = store.checkpoint(&key()).await.unwrap();
    assert_eq!(first.seq, 20);
    assert_eq!(first.head_hash, store.records(20, 1).await.unwrap()[0].hash);
    for i in 21..=25 {
        store.append(record(i)).await.unwrap();
    }
    let second = store.checkpoint(&key()).await.unwrap();
    assert_eq!(store.checkpoints().await.unwrap(), vec![first, second]);
    let report = verify(&*store).await;
    assert!(report.is_ok(), "{report}");
    assert_eq!(
        (report.records_checked, report.checkpoints_checked),
        (25, 2)
    );
    // A different key does not accept the stored checkpoints.
    let other = underlag_audit::SigningKey::from_seed([6; 32]).verifying_key();
    let report = verify_store(&*store, &other, &[]).await.unwrap();
    assert_eq!(
        report.first_bad,
        Some((20, Problem::BadCheckpointSignature))
    );
}

async fn edited_field_is_detected(h: &TestDb) {
    fill(&*h.store, 10).await;
    h.store
        .edit(7, Column::CaseWorker, Some("someone-else"))
        .await
        .unwrap();
    assert_eq!(first_bad(&*h.store).await, Some((7, Problem::HashMismatch)));
    // The edit is visible through the normal API too: only the hash gives it away.
    assert_eq!(
        h.store.records(7, 1).await.unwrap()[0].record.case_worker,
        "someone-else"
    );
}

async fn edited_subject_is_detected(h: &TestDb) {
    fill(&*h.store, 6).await;
    let other = pnr("19850505123");
    h.store
        .edit(3, Column::Subject, Some(other.expose()))
        .await
        .unwrap();
    assert_eq!(first_bad(&*h.store).await, Some((3, Problem::HashMismatch)));
    // A value no record can hold is reported as unreadable at its seq, and the rest is still
    // checked.
    h.store
        .edit(2, Column::Subject, Some("not-a-number"))
        .await
        .unwrap();
    let report = verify(&*h.store).await;
    assert_eq!(report.first_bad, Some((2, Problem::Unreadable("subject"))));
    assert_eq!(report.records_checked, 6);
    h.store
        .edit(5, Column::Organisation, None)
        .await
        .err()
        .unwrap(); // NOT NULL holds
}

/// The fast read of `audit verify` (stored bytes, no typed record) says exactly what the
/// typed read says, and still catches an edited column or edited stored bytes.
async fn hashed_read_agrees_and_catches_edits(h: &TestDb) {
    fill(&*h.store, 8).await;
    let refused = underlag_audit::AuditRecord::refused(
        "q-x",
        Timestamp::UNIX_EPOCH,
        underlag_audit::Channel::Soap,
        "invalid \"personnummer\" – åäö",
    )
    .build();
    h.store.append(refused).await.unwrap();
    let typed = |rs: Vec<underlag_audit::ChainedRecord>| -> Vec<HashedRow> {
        rs.iter()
            .map(|r| HashedRow::Record(HashedRecord::of(r)))
            .collect()
    };
    let hashed = h.store.records_hashed(1, 100).await.unwrap();
    assert_eq!(hashed.len(), 9);
    assert_eq!(hashed, typed(h.store.records(1, 100).await.unwrap()));
    assert_eq!(h.store.records_hashed(3, 2).await.unwrap(), hashed[2..4]);

    // An edited column: the bytes read are the columns', which no longer carry the hash.
    h.store
        .edit(4, Column::Purpose, Some("något annat"))
        .await
        .unwrap();
    let after = h.store.records_hashed(1, 100).await.unwrap();
    assert_ne!(after[3], hashed[3]);
    assert_eq!(after, typed(h.store.records(1, 100).await.unwrap()));
    assert_eq!(first_bad(&*h.store).await, Some((4, Problem::HashMismatch)));

    // Edited stored bytes: unreadable at that seq, the rows around it still read.
    h.store.corrupt_encoding(6).await.unwrap();
    let after = h.store.records_hashed(5, 3).await.unwrap();
    assert_eq!(after[0], hashed[4]);
    assert_eq!(
        after[1],
        HashedRow::Unreadable {
            seq: 6,
            what: "stored encoding does not match the hash"
        }
    );
    assert_eq!(after[2], hashed[6]);
    let report = verify(&*h.store).await;
    assert_eq!(report.first_bad, Some((4, Problem::HashMismatch)));
    assert_eq!(report.records_checked, 9);
}

async fn deleted_record_is_detected(h: &TestDb) {
    fill(&*h.store, 10).await;
    h.store.delete(5).await.unwrap();
    assert_eq!(h.store.count().await.unwrap(), 9);
    assert_eq!(
        first_bad(&*h.store).await,
        Some((5, Problem::MissingRecord))
    );
}

async fn inserted_record_is_detected(h: &TestDb) {
    fill(&*h.store, 10).await;
    h.store.insert_forged(4, record(99)).await.unwrap();
    assert_eq!(h.store.count().await.unwrap(), 11);
    assert_eq!(h.store.records(5, 1).await.unwrap()[0].record.id, "q-99");
    // The forged record at 5 is well formed; the displaced original at 6 no longer fits.
    assert_eq!(first_bad(&*h.store).await, Some((6, Problem::BrokenLink)));
}

async fn swapped_records_are_detected(h: &TestDb) {
    fill(&*h.store, 10).await;
    h.store.swap(3, 8).await.unwrap();
    assert_eq!(h.store.records(3, 1).await.unwrap()[0].record.id, "q-8");
    assert_eq!(first_bad(&*h.store).await, Some((3, Problem::BrokenLink)));
}

async fn truncated_tail_is_detected(h: &TestDb) {
    fill(&*h.store, 10).await;
    h.store.checkpoint(&key()).await.unwrap();
    fill_more(&*h.store, 11..=12).await;
    // Records after the last checkpoint can be cut without trace…
    h.store.truncate_from(11).await.unwrap();
    assert!(verify(&*h.store).await.is_ok());
    // …but not those a checkpoint covers.
    h.store.truncate_from(8).await.unwrap();
    assert_eq!(h.store.count().await.unwrap(), 7);
    assert_eq!(first_bad(&*h.store).await, Some((8, Problem::Truncated)));
}

async fn fill_more(store: &dyn AuditStore, range: std::ops::RangeInclusive<u32>) {
    for i in range {
        store.append(record(i)).await.unwrap();
    }
}

async fn bad_checkpoint_signature_is_detected(h: &TestDb) {
    fill(&*h.store, 5).await;
    h.store.checkpoint(&key()).await.unwrap();
    h.store.corrupt_last_checkpoint().await.unwrap();
    assert_eq!(
        first_bad(&*h.store).await,
        Some((5, Problem::BadCheckpointSignature))
    );
}

async fn triggers_refuse_update_and_delete(h: &TestDb) {
    fill(&*h.store, 3).await;
    let update = h.store.plain_update(2).await.unwrap_err();
    let delete = h.store.plain_delete(2).await.unwrap_err();
    for e in [&update, &delete] {
        assert!(e.to_string().contains("append-only"), "{e}");
    }
    assert_eq!(h.store.count().await.unwrap(), 3);
    assert!(verify(&*h.store).await.is_ok());
}

/// Appends `tasks × per_task` records from concurrent tasks spread over `stores`.
async fn hammer(stores: &[std::sync::Arc<dyn AuditStore>], tasks: u32, per_task: u32) {
    let handles = (0..tasks).map(|t| {
        let store = stores[t as usize % stores.len()].clone();
        tokio::spawn(async move {
            for i in 0..per_task {
                store.append(record(t * 1000 + i)).await.unwrap();
            }
        })
    });
    for r in join_all(handles).await {
        r.unwrap();
    }
}

async fn assert_one_chain(store: &dyn AuditStore, n: u64) {
    assert_eq!(store.count().await.unwrap(), n);
    let report = verify(store).await;
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.records_checked, n);
    let last = store.records(n, 1).await.unwrap();
    assert_eq!(last[0].seq, n);
}

async fn concurrent_appends_keep_one_chain(h: &TestDb) {
    hammer(&[h.audit_store()], 8, 50).await;
    assert_one_chain(&*h.store, 400).await;
}

async fn two_pools_keep_one_chain(h: &TestDb) {
    let other: std::sync::Arc<dyn AuditStore> = h.another_process().await;
    hammer(&[h.audit_store(), other.clone()], 8, 25).await;
    assert_one_chain(&*h.store, 200).await;
    assert_one_chain(&*other, 200).await;
    other.close().await;
}

async fn reopen_keeps_every_record(h: &TestDb) {
    let first = h.another_process().await;
    fill(&*first, 30).await;
    let written = first.records(1, 100).await.unwrap();
    first.close().await;
    drop(first);
    let reopened = h.another_process().await;
    assert_eq!(reopened.records(1, 100).await.unwrap(), written);
    assert_one_chain(&*reopened, 30).await;
    reopened.close().await;
}

async fn filters_select_the_right_records(h: &TestDb) {
    let store = h.audit_store();
    let anna = pnr("19900101238");
    let bo = pnr("19750312456");
    for n in 1..=12 {
        let who = if n % 4 == 0 { &bo } else { &anna };
        let worker = if n <= 6 { "kalle" } else { "lisa" };
        let mut r = record_by(n, worker, who);
        if n == 12 {
            r.organisation = "2120000159".into();
        }
        store.append(r).await.unwrap();
    }
    let ids =
        |v: Vec<underlag_audit::ChainedRecord>| v.into_iter().map(|r| r.seq).collect::<Vec<_>>();
    let at = |n: i64| Timestamp::from_second(1_790_000_000 + n).unwrap();

    let all = store.query(AuditFilter::default()).await.unwrap();
    assert_eq!(all.len(), 12);
    let by_bo = store
        .query(AuditFilter::default().subject(&bo))
        .await
        .unwrap();
    assert_eq!(ids(by_bo), vec![4, 8, 12]);
    let lisa = store
        .query(AuditFilter::default().case_worker("lisa"))
        .await
        .unwrap();
    assert_eq!(ids(lisa), (7..=12).collect::<Vec<_>>());
    // Records are made at 1_790_000_000 + n seconds (+0.123456789 s); the end is exclusive.
    let window = store
        .query(AuditFilter::default().during(at(3), at(6)))
        .await
        .unwrap();
    assert_eq!(ids(window), vec![3, 4, 5]);
    let combined = AuditFilter::default()
        .during(at(0), at(100))
        .case_worker("kalle")
        .subject(&bo);
    assert_eq!(ids(store.query(combined).await.unwrap()), vec![4]);
    let org = store
        .query(AuditFilter::default().organisation("2120000159"))
        .await
        .unwrap();
    assert_eq!(ids(org), vec![12]);
    let limited = store
        .query(AuditFilter::default().subject(&anna).limit(2))
        .await
        .unwrap();
    assert_eq!(ids(limited), vec![1, 2]);
    // Page by page: a page starts at the seq after the last one seen.
    let page = store
        .query(AuditFilter::default().subject(&anna).from_seq(3).limit(3))
        .await
        .unwrap();
    assert_eq!(ids(page), vec![3, 5, 6]);
    let nobody = store
        .query(AuditFilter::default().subject(&pnr("20010101123")))
        .await
        .unwrap();
    assert!(nobody.is_empty());
}

async fn errors_carry_no_personal_data(h: &TestDb) {
    let digits = subject().expose().to_owned();
    let mut far_future = record(1);
    far_future.at = "2300-01-01T00:00:00Z".parse().unwrap();
    let out_of_range = h.store.append(far_future).await.unwrap_err();
    fill(&*h.store, 2).await;
    let trigger = h.store.plain_update(1).await.unwrap_err();
    h.store
        .edit(2, Column::Subject, Some("1990010123"))
        .await
        .unwrap();
    let corrupt = h.store.records(1, 10).await.unwrap_err();
    assert_eq!(corrupt.code(), "store.corrupt");
    for e in [out_of_range, trigger, corrupt] {
        let text = format!("{e} {e:?}");
        assert!(!text.contains(&digits[2..]), "{text}");
    }
    assert!(!format!("{:?}", AuditFilter::default().subject(&subject())).contains(&digits));
}

/// A quick, bounded throughput figure (printed; run with `--nocapture` to see it).
async fn append_throughput(h: &TestDb) {
    let sequential = 200u32;
    let start = Instant::now();
    for i in 0..sequential {
        h.store.append(record(i)).await.unwrap();
    }
    let seq_rate = f64::from(sequential) / start.elapsed().as_secs_f64();
    let start = Instant::now();
    hammer(&[h.audit_store()], 8, 50).await;
    let conc_rate = 400.0 / start.elapsed().as_secs_f64();
    println!(
        "append throughput ({}): {seq_rate:.0} records/s sequential, {conc_rate:.0} records/s \
         with 8 concurrent tasks",
        h.store.backend()
    );
    assert_eq!(h.store.count().await.unwrap(), 600);
}

underlag_test_support::on_both_backends!(
    append_and_read_back,
    empty_log_verifies,
    chain_and_checkpoints_verify,
    edited_field_is_detected,
    edited_subject_is_detected,
    hashed_read_agrees_and_catches_edits,
    deleted_record_is_detected,
    inserted_record_is_detected,
    swapped_records_are_detected,
    truncated_tail_is_detected,
    bad_checkpoint_signature_is_detected,
    triggers_refuse_update_and_delete,
    concurrent_appends_keep_one_chain,
    two_pools_keep_one_chain,
    reopen_keeps_every_record,
    filters_select_the_right_records,
    errors_carry_no_personal_data,
    append_throughput,
);
