//! The applications suite (migration 0007), over `dyn ApplicationStore` on every backend: an
//! application with its attachment and its `application_submitted` record commit together,
//! it is found by applicant and by co-applicant and by no one else, only its co-applicant
//! confirms it (once), and the chain still verifies.

use jiff::Timestamp;
use underlag_audit::{AuditKind, AuditRecord, Channel};
use underlag_domain::Personnummer;
use underlag_store::{
    ApplicationRow, ApplicationStore, AttachmentRow, StoreError, open_stores, verify_store,
};
use underlag_test_support::TestDb;

use crate::records::key;

fn person(digits: &str) -> Personnummer {
    Personnummer::parse_canonical(digits).unwrap()
}

fn application(id: &str, at: i64) -> ApplicationRow {
    ApplicationRow {
        id: id.into(),
        reference: format!("ANS-{id}"),
        organisation: "2120000142".into(),
        applicant: person("198603052393"),
        co_applicant: Some(person("198805122390")),
        month: "2026-12".into(),
        submitted_at: Timestamp::from_second(at).unwrap(),
        co_applicant_confirmed_at: None,
        document: format!("{{\"id\":\"{id}\"}}"),
    }
}

fn record(id: &str) -> AuditRecord {
    AuditRecord::builder(
        AuditKind::ApplicationSubmitted,
        id,
        Timestamp::from_second(1_796_000_000).unwrap(),
        Channel::Ui,
    )
    .organisation_str("2120000142")
    .case_worker("sokande")
    .subject(&person("198603052393"))
    .refusal(format!("ansökan {id}"))
    .build()
}

async fn store(db: &TestDb) -> std::sync::Arc<dyn ApplicationStore> {
    open_stores(db.url()).await.unwrap().applications
}

async fn submitted_with_attachment_and_record(db: &TestDb) {
    let store = store(db).await;
    let file = AttachmentRow {
        id: "f1".into(),
        application_id: "a1".into(),
        file_name: "hyresavi.pdf".into(),
        content_type: "application/pdf".into(),
        content: b"%PDF-1.4 test".to_vec(),
    };
    let chained = store
        .submit_application(
            &application("a1", 1_796_000_000),
            std::slice::from_ref(&file),
            record("a1"),
        )
        .await
        .unwrap();
    assert_eq!(chained.record.kind, AuditKind::ApplicationSubmitted);
    assert_eq!(
        store.application("a1").await.unwrap(),
        Some(application("a1", 1_796_000_000))
    );
    assert_eq!(store.attachment("a1", "f1").await.unwrap(), Some(file));
    assert_eq!(store.attachment("a2", "f1").await.unwrap(), None);
    let report = verify_store(&*db.audit_store(), &key().verifying_key(), &[])
        .await
        .unwrap();
    assert!(report.is_ok(), "{report:?}");
}

async fn found_by_applicant_and_co_applicant_newest_first(db: &TestDb) {
    let store = store(db).await;
    store
        .submit_application(&application("old", 1_796_000_000), &[], record("old"))
        .await
        .unwrap();
    store
        .submit_application(&application("new", 1_796_100_000), &[], record("new"))
        .await
        .unwrap();
    let ids = |rows: Vec<ApplicationRow>| rows.into_iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(
        ids(store
            .applications_of(&person("198603052393"))
            .await
            .unwrap()),
        ["new", "old"]
    );
    assert_eq!(
        ids(store
            .applications_of(&person("198805122390"))
            .await
            .unwrap()),
        ["new", "old"]
    );
    assert!(
        store
            .applications_of(&person("200205082381"))
            .await
            .unwrap()
            .is_empty()
    );
}

async fn only_the_co_applicant_confirms_once(db: &TestDb) {
    let store = store(db).await;
    store
        .submit_application(&application("a1", 1_796_000_000), &[], record("a1"))
        .await
        .unwrap();
    let at = Timestamp::from_second(1_796_000_500).unwrap();
    let by_applicant = store
        .confirm_co_applicant("a1", &person("198603052393"), at, "{}")
        .await;
    assert!(matches!(by_applicant, Err(StoreError::NotFound(_))));
    store
        .confirm_co_applicant("a1", &person("198805122390"), at, "{\"confirmed\":true}")
        .await
        .unwrap();
    let row = store.application("a1").await.unwrap().unwrap();
    assert_eq!(row.co_applicant_confirmed_at, Some(at));
    assert_eq!(row.document, "{\"confirmed\":true}");
    let again = store
        .confirm_co_applicant("a1", &person("198805122390"), at, "{}")
        .await;
    assert!(matches!(again, Err(StoreError::NotFound(_))));
}

async fn a_duplicate_id_stores_nothing_and_writes_no_record(db: &TestDb) {
    let store = store(db).await;
    store
        .submit_application(&application("a1", 1_796_000_000), &[], record("a1"))
        .await
        .unwrap();
    let before = db.audit_store().count().await.unwrap();
    let again = store
        .submit_application(&application("a1", 1_796_000_001), &[], record("a1-again"))
        .await;
    assert!(again.is_err());
    assert_eq!(
        db.audit_store().count().await.unwrap(),
        before,
        "rolled back together"
    );
}

underlag_test_support::on_both_backends!(
    submitted_with_attachment_and_record,
    found_by_applicant_and_co_applicant_newest_first,
    only_the_co_applicant_confirms_once,
    a_duplicate_id_stores_nothing_and_writes_no_record,
);
