//! `open_store` URL handling.

use underlag_store::{StoreError, open_store};

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
