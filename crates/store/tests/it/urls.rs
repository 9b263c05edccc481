//! `open_store` URL handling, and what differs between a SQLite file and an in-memory one.

use underlag_audit::HashedRecord;
use underlag_store::{AuditStore, HashedRow, SqliteStore, StoreError, open_store};

#[tokio::test]
async fn sqlite_urls_open_and_others_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("by-url.db");
    let store = open_store(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    assert_eq!(store.backend(), "sqlite");
    assert_eq!(store.count().await.unwrap(), 0);
    assert!(path.exists());
    let memory = open_store("sqlite::memory:").await.unwrap();
    memory.append(crate::records::record(1)).await.unwrap();
    assert_eq!(memory.count().await.unwrap(), 1);

    let err = open_store("mysql://user:secret@host/db")
        .await
        .err()
        .unwrap();
    assert_eq!(err, StoreError::UnsupportedUrl("mysql".into()));
    assert!(!err.to_string().contains("secret"));
}

/// `records_hashed` reads a SQLite file directly (rusqlite, `sqlite/direct_read.rs`) and an
/// in-memory database through sqlx: both give what the typed read gives. Only a file has the
/// read-and-hash floor the audit benchmark measures.
#[tokio::test]
async fn a_sqlite_file_and_an_in_memory_database_read_the_same_hashed_rows() {
    let dir = tempfile::tempdir().unwrap();
    let file = SqliteStore::open(dir.path().join("direct.db"))
        .await
        .unwrap();
    let memory = SqliteStore::in_memory().await.unwrap();
    for store in [&file, &memory] {
        for n in 1..=3 {
            store.append(crate::records::record(n)).await.unwrap();
        }
        // A protected person's record: the flag is part of the hashed bytes (mutation
        // survivor, issue 16: the sqlx path reading every flag as false).
        let mut protected = crate::records::record(4);
        protected.protected = true;
        store.append(protected).await.unwrap();
        let typed: Vec<HashedRow> = store
            .records(1, 10)
            .await
            .unwrap()
            .iter()
            .map(|r| HashedRow::Record(HashedRecord::of(r)))
            .collect();
        assert_eq!(typed.len(), 4);
        assert_eq!(store.records_hashed(1, 10).await.unwrap(), typed);
        assert_eq!(store.records_hashed(2, 1).await.unwrap(), typed[1..2]);
        assert_eq!(store.records_hashed(5, 10).await.unwrap(), []);
    }
    assert_eq!(file.rehash_stored_chain().await.unwrap(), Some(4));
    assert_eq!(memory.rehash_stored_chain().await.unwrap(), None);
}
