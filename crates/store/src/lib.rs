//! Underlag's audit store: the hash-chained audit trail in SQLite or PostgreSQL (sqlx,
//! run-time queries, one migrations folder per backend), behind the [`AuditStore`] trait.
//!
//! One [`Store`] serves both databases: its SQL is written once, generic over a backend
//! (`backend.rs` holds what differs, `sql.rs` the primitives the rest is written against).
//!
//! Architecture invariants:
//! - [`AuditStore::append`] returns only after the record is durably committed (SQLite: WAL
//!   with `synchronous=FULL`; PostgreSQL: `synchronous_commit=on`), so a caller that answers
//!   only after a successful append fails closed;
//! - appends are serialised so the chain stays linear, also across processes sharing one
//!   database (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: a transaction-scoped advisory lock keyed
//!   on the audit table);
//! - there is no UPDATE code path for records or checkpoints and no DELETE path but the
//!   retention prune (`prune.rs`: under a signed anchor, audited in the same transaction);
//!   database triggers refuse every other UPDATE and DELETE (the [`tamper`] module exists only
//!   to prove the verifier catches it);
//! - errors and tracing output never carry personal data.

pub mod applications;
mod backend;
mod calculations;
mod consent_sql;
mod error;
pub mod keyfile;
mod migrations;
mod postgres;
mod prune;
pub mod registry;
mod registry_sql;
mod row;
mod row_hashed;
mod selection;
mod sql;
mod sqlite;
mod store;
#[doc(hidden)]
pub mod tamper;
#[doc(hidden)]
pub mod test_schema;
pub mod who_looked;

use std::ops::Range;
use std::sync::Arc;

use async_trait::async_trait;
use jiff::Timestamp;
use underlag_audit::{
    AuditRecord, ChainedRecord, Checkpoint, HashedRecord, PruneAnchor, SigningKey, Verifier,
    VerifyReport, VerifyingKey,
};
use underlag_domain::Personnummer;
use underlag_service::NormArchive;

pub use applications::{ApplicationRow, ApplicationStore, AttachmentRow};
pub use consent_sql::{ConsentRow, ConsentStore, EventRow, FetchRow};
pub use error::StoreError;
pub use postgres::PostgresStore;
pub use prune::{PrunePlan, PruneRequest, Pruned};
pub use registry::{Change, ConnectionEdit, RegistryStore};
pub use sqlite::SqliteStore;
pub use store::Store;

/// Which records a log follow-up (logguppföljning) or a subject's request wants; all given
/// conditions must hold. Results come in seq order.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// When the lookup happened: `start` inclusive, `end` exclusive.
    pub period: Option<Range<Timestamp>>,
    /// The case worker who asked.
    pub case_worker: Option<String>,
    /// The person looked up.
    pub subject: Option<Personnummer>,
    /// The asking organisation (10-digit organisationsnummer).
    pub organisation: Option<String>,
    /// Only records with seq `>=` this (for reading a large selection page by page).
    pub from_seq: Option<u64>,
    /// At most this many records.
    pub limit: Option<u32>,
}

impl AuditFilter {
    /// Lookups made at or after `start` and before `end`.
    #[must_use]
    pub fn during(mut self, start: Timestamp, end: Timestamp) -> Self {
        self.period = Some(start..end);
        self
    }

    /// Lookups by one case worker.
    #[must_use]
    pub fn case_worker(mut self, case_worker: impl Into<String>) -> Self {
        self.case_worker = Some(case_worker.into());
        self
    }

    /// Lookups of one person.
    #[must_use]
    pub fn subject(mut self, subject: &Personnummer) -> Self {
        self.subject = Some(subject.clone());
        self
    }

    /// Lookups by one organisation.
    #[must_use]
    pub fn organisation(mut self, organisation: impl Into<String>) -> Self {
        self.organisation = Some(organisation.into());
        self
    }

    /// Records with seq `>= seq` only.
    #[must_use]
    pub fn from_seq(mut self, seq: u64) -> Self {
        self.from_seq = Some(seq);
        self
    }

    /// At most `limit` records.
    #[must_use]
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }
}

/// The append-only, hash-chained audit trail.
#[async_trait]
pub trait AuditStore: Send + Sync + 'static {
    /// Places `record` at the head of the chain and commits it durably before returning.
    async fn append(&self, record: AuditRecord) -> Result<ChainedRecord, StoreError>;

    /// Up to `limit` records with seq `>= from_seq`, in seq order.
    async fn records(&self, from_seq: u64, limit: u32) -> Result<Vec<ChainedRecord>, StoreError>;

    /// As [`AuditStore::records`], in the form the verifier hashes: each record's stored
    /// canonical encoding and links, checked against its other columns (an edited column makes
    /// the bytes differ from what was hashed; an impossible value is
    /// [`HashedRow::Unreadable`]). The default re-encodes [`AuditStore::records`].
    async fn records_hashed(
        &self,
        from_seq: u64,
        limit: u32,
    ) -> Result<Vec<HashedRow>, StoreError> {
        let records = self.records(from_seq, limit).await?;
        Ok(records
            .iter()
            .map(|r| HashedRow::Record(HashedRecord::of(r)))
            .collect())
    }

    /// The records matching `filter`, in seq order.
    async fn query(&self, filter: AuditFilter) -> Result<Vec<ChainedRecord>, StoreError>;

    /// Signs and stores a checkpoint of the current head (seq 0 for an empty log).
    async fn checkpoint(&self, signer: &SigningKey) -> Result<Checkpoint, StoreError>;

    /// All stored checkpoints, oldest first.
    async fn checkpoints(&self) -> Result<Vec<Checkpoint>, StoreError>;

    /// What a prune of the records made before `before` would remove now (the dry run);
    /// `None` when nothing is old enough. Changes nothing.
    async fn prune_plan(&self, before: Timestamp) -> Result<Option<PrunePlan>, StoreError>;

    /// Retention: removes the records made before `request.before` under a new anchor signed
    /// with `signer`, and appends the prune's own record, in one transaction (see
    /// `prune.rs`); `None` when nothing is old enough. Verify the chain first: a prune signs
    /// over what it removes.
    async fn prune(
        &self,
        request: &PruneRequest,
        signer: &SigningKey,
    ) -> Result<Option<Pruned>, StoreError>;

    /// Every prune anchor, oldest first.
    async fn prune_anchors(&self) -> Result<Vec<PruneAnchor>, StoreError>;

    /// How many records the log holds (after a prune, the records kept).
    async fn count(&self) -> Result<u64, StoreError>;

    /// Closes the connection pool, waiting for in-flight work (for orderly shutdown).
    async fn close(&self);

    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
}

/// One stored record as [`AuditStore::records_hashed`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HashedRow {
    /// The record in hashed form.
    Record(HashedRecord),
    /// A row whose columns hold a value no record can have (`what` names it; no data).
    Unreadable {
        /// The row's seq.
        seq: u64,
        /// Which value.
        what: &'static str,
    },
}

/// Opens the store a URL names: `sqlite://<path>` (or `sqlite:<path>`, `sqlite::memory:`)
/// or `postgres://…` / `postgresql://…`. Runs migrations.
pub async fn open_store(url: &str) -> Result<Arc<dyn AuditStore>, StoreError> {
    Ok(open_stores(url).await?.audit)
}

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for Stores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stores").finish_non_exhaustive()
    }
}

/// The audit store and the connection registry over one database and one connection pool,
/// so a registry change and its audit records commit together.
#[derive(Clone)]
pub struct Stores {
    /// The audit trail.
    pub audit: Arc<dyn AuditStore>,
    /// The connection registry and case households.
    pub registry: Arc<dyn RegistryStore>,
    /// Stored beräkningsunderlag, decisions and imported riksnorm tables.
    pub norm: Arc<dyn NormArchive>,
    /// The applicant portal's applications (same database).
    pub applications: Arc<dyn ApplicationStore>,
    /// Consents, fetches under them, and applications' status events.
    pub consents: Arc<dyn ConsentStore>,
}

impl Stores {
    fn over<S: AuditStore + RegistryStore + NormArchive + ApplicationStore + ConsentStore>(
        store: S,
    ) -> Self {
        let store = Arc::new(store);
        Self {
            audit: store.clone(),
            registry: store.clone(),
            norm: store.clone(),
            applications: store.clone(),
            consents: store,
        }
    }
}

/// Opens the database a URL names (as [`open_store`]) as both audit store and registry.
pub async fn open_stores(url: &str) -> Result<Stores, StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Stores::over(PostgresStore::connect(url).await?));
    }
    let Some(rest) = url.strip_prefix("sqlite:") else {
        return Err(StoreError::unsupported_url(url));
    };
    if rest == ":memory:" || rest == "//:memory:" {
        return Ok(Stores::over(SqliteStore::in_memory().await?));
    }
    let path = rest.strip_prefix("//").unwrap_or(rest);
    let path = path.split('?').next().unwrap_or(path);
    if path.is_empty() {
        return Err(StoreError::unsupported_url(url));
    }
    Ok(Stores::over(SqliteStore::open(path).await?))
}

/// How many records [`verify_store`] reads per round trip.
const VERIFY_PAGE: u32 = 5000;

/// Streams every record (from the newest prune anchor on, after retention) and the stored
/// checkpoints (plus `extra_checkpoints`, e.g. ones
/// published elsewhere) through the verifier, in hashed form ([`AuditStore::records_hashed`]).
/// A row that cannot even be read back is
/// reported as [`underlag_audit::Problem::Unreadable`] at its seq; only database failures
/// are errors.
pub async fn verify_store(
    store: &dyn AuditStore,
    key: &VerifyingKey,
    extra_checkpoints: &[Checkpoint],
) -> Result<VerifyReport, StoreError> {
    verify_store_with_keys(store, std::slice::from_ref(key), extra_checkpoints).await
}

/// As [`verify_store`], with every published key (the current one and those retired by key
/// rotation): each checkpoint must verify under one of them.
pub async fn verify_store_with_keys(
    store: &dyn AuditStore,
    keys: &[VerifyingKey],
    extra_checkpoints: &[Checkpoint],
) -> Result<VerifyReport, StoreError> {
    let mut checkpoints = store.checkpoints().await?;
    checkpoints.extend_from_slice(extra_checkpoints);
    let anchors = store.prune_anchors().await?;
    let mut verifier = Verifier::with_anchors(&checkpoints, &anchors, keys);
    let mut from = 1u64;
    loop {
        let page = match store.records_hashed(from, VERIFY_PAGE).await {
            Ok(page) => page,
            Err(StoreError::Corrupt { seq, what }) if seq >= from => {
                // Take the readable rows before the bad one singly, then note the bad one.
                loop {
                    match store.records_hashed(from, 1).await {
                        Ok(one) => match one.first() {
                            Some(row) if row_seq(row) < seq => {
                                push_row(&mut verifier, row);
                                from = row_seq(row) + 1;
                            }
                            _ => break,
                        },
                        Err(StoreError::Corrupt { seq: s, .. }) if s == seq => break,
                        Err(e) => return Err(e),
                    }
                }
                verifier.push_unreadable(seq, what);
                from = seq + 1;
                continue;
            }
            Err(e) => return Err(e),
        };
        let Some(last) = page.last() else { break };
        from = row_seq(last) + 1;
        for row in &page {
            push_row(&mut verifier, row);
        }
    }
    Ok(verifier.finish())
}

fn row_seq(row: &HashedRow) -> u64 {
    match row {
        HashedRow::Record(r) => r.seq,
        HashedRow::Unreadable { seq, .. } => *seq,
    }
}

fn push_row(verifier: &mut Verifier, row: &HashedRow) {
    match row {
        HashedRow::Record(r) => verifier.push_hashed(r),
        HashedRow::Unreadable { seq, what } => verifier.push_unreadable(*seq, what),
    }
}
