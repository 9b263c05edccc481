//! The two storage backends of the tests: a fresh SQLite file in a temporary folder always,
//! and a fresh PostgreSQL schema (dropped when the test ends, even after a panic) when
//! `UNDERLAG_TEST_PG_URL` names a server; [`on_both_backends!`](crate::on_both_backends)
//! generates one test per backend.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use underlag_store::tamper::Tamper;
use underlag_store::test_schema::TestSchema;
use underlag_store::{AuditStore, PostgresStore, RegistryStore, SqliteStore};

/// The environment variable naming the PostgreSQL server of the tests.
pub const PG_URL_VAR: &str = "UNDERLAG_TEST_PG_URL";

/// Connections per PostgreSQL pool a test opens.
const PG_POOL: u32 = 4;

/// A storage backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file.
    Sqlite,
    /// A PostgreSQL schema.
    Postgres,
}

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for TestDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestDb").finish_non_exhaustive()
    }
}

/// One test's database, a folder for the test's files (the SQLite file lives there too), and
/// a raw handle on the store (its own pool; tampering allowed).
pub struct TestDb {
    /// The store, as the test's own process opened it.
    pub store: Arc<dyn Tamper>,
    backend: Backend,
    url: String,
    dir: tempfile::TempDir,
    schema: Option<TestSchema>,
}

impl TestDb {
    /// The PostgreSQL server of the tests, if `UNDERLAG_TEST_PG_URL` names one.
    pub fn pg_base_url() -> Option<String> {
        std::env::var(PG_URL_VAR).ok().filter(|u| !u.is_empty())
    }

    /// A fresh SQLite database (`audit.db` in a temporary folder).
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("audit.db");
        let store = Arc::new(SqliteStore::open(&path).await.expect("SQLite opens"));
        TestDb {
            store,
            backend: Backend::Sqlite,
            url: format!("sqlite://{}", path.display()),
            dir,
            schema: None,
        }
    }

    /// A fresh PostgreSQL schema, or `None` when `UNDERLAG_TEST_PG_URL` is not set.
    pub async fn postgres() -> Option<TestDb> {
        let base = Self::pg_base_url()?;
        let schema = TestSchema::create(&base, "it")
            .await
            .expect("the test schema is created");
        let options = schema.connect_options().expect("valid connect options");
        let store = Arc::new(
            PostgresStore::connect_with(options, PG_POOL)
                .await
                .expect("PostgreSQL connects"),
        );
        Some(TestDb {
            store,
            backend: Backend::Postgres,
            url: schema.url(),
            dir: tempfile::tempdir().expect("a temporary folder"),
            schema: Some(schema),
        })
    }

    /// A fresh database on `backend` (`None`: PostgreSQL without `UNDERLAG_TEST_PG_URL`).
    pub async fn open(backend: Backend) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => Some(Self::sqlite().await),
            Backend::Postgres => Self::postgres().await,
        }
    }

    /// Which backend this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The URL the gateway and the commands open (`sqlite://…` or `postgres://…`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The test's folder.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// A file in the test's folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The store as the gateway sees it.
    pub fn audit_store(&self) -> Arc<dyn AuditStore> {
        self.store.clone()
    }

    /// A second, independent store (its own pool) on the same database, as a second gateway
    /// process would have.
    pub async fn another_process(&self) -> Arc<dyn Tamper> {
        self.reopen(
            |s| Arc::new(s) as Arc<dyn Tamper>,
            |p| Arc::new(p) as Arc<dyn Tamper>,
        )
        .await
    }

    /// The connection registry on the same database (its own pool, as a gateway or an admin
    /// command would have); its changes land in the same audit trail.
    pub async fn registry(&self) -> Arc<dyn RegistryStore> {
        self.reopen(
            |s| Arc::new(s) as Arc<dyn RegistryStore>,
            |p| Arc::new(p) as Arc<dyn RegistryStore>,
        )
        .await
    }

    /// The norm archive on the same database (its own pool, as a gateway or the `norm import`
    /// command would have); its writes land in the same audit trail.
    pub async fn norm_archive(&self) -> Arc<dyn underlag_service::NormArchive> {
        self.reopen(
            |s| Arc::new(s) as Arc<dyn underlag_service::NormArchive>,
            |p| Arc::new(p) as Arc<dyn underlag_service::NormArchive>,
        )
        .await
    }

    /// The consent tables on the same database (its own pool); their writes land in the
    /// same audit trail.
    pub async fn consents(&self) -> Arc<dyn underlag_store::ConsentStore> {
        self.reopen(
            |s| Arc::new(s) as Arc<dyn underlag_store::ConsentStore>,
            |p| Arc::new(p) as Arc<dyn underlag_store::ConsentStore>,
        )
        .await
    }

    /// The database opened again, with a pool of its own.
    async fn reopen<T: ?Sized>(
        &self,
        sqlite: impl FnOnce(SqliteStore) -> Arc<T>,
        postgres: impl FnOnce(PostgresStore) -> Arc<T>,
    ) -> Arc<T> {
        match &self.schema {
            None => sqlite(
                SqliteStore::open(self.path("audit.db"))
                    .await
                    .expect("SQLite opens"),
            ),
            Some(schema) => postgres(
                PostgresStore::connect_with(
                    schema.connect_options().expect("valid connect options"),
                    PG_POOL,
                )
                .await
                .expect("PostgreSQL connects"),
            ),
        }
    }
}

/// Says that a PostgreSQL test did not run. Written to stderr directly, past the test
/// harness's output capture, so the line shows in an ordinary `cargo test` run.
pub fn note_skipped(module: &str, test: &str) {
    use std::io::Write;
    let line = format!("skipped {module}::{test}: {PG_URL_VAR} is not set\n");
    let _ = std::io::stderr().write_all(line.as_bytes());
}

/// Generates, for each named `async fn name(db: &TestDb)` of the calling module, a test
/// `sqlite::name` on a fresh SQLite database and a test `postgres::name` on a fresh
/// PostgreSQL schema; without `UNDERLAG_TEST_PG_URL` the PostgreSQL test says it was skipped
/// and passes.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = $crate::TestDb::sqlite().await;
                    super::$name(&db).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(db) = $crate::TestDb::postgres().await else {
                        $crate::note_skipped(module_path!(), stringify!($name));
                        return;
                    };
                    super::$name(&db).await;
                }
            )*
        }
    };
}
