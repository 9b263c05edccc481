//! Consent-based gathering's tables (migration 0008) on either backend: the applicant's
//! consents, the fetches made under them, and the case system's status events per
//! application. A consent, its revocation and every fetch commit together with their audit
//! record (`consent_given`, `consent_revoked`, `bank_fetch`) under the append serialisation,
//! or not at all.
//!
//! The rows are plain data; `underlag-consent` gives them their typed meaning.

use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::Date;
use underlag_audit::AuditRecord;
use underlag_domain::Personnummer;

use crate::error::StoreError;
use crate::registry::{person_from_db, ts_from_db};
use crate::row::ts_to_db;
use crate::sql::{Sql, Statement};
use crate::store::{Store, link};

/// One consent as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct ConsentRow {
    /// Underlag's id of the consent (the consent reference shown to the case worker).
    pub id: String,
    /// The applicant who gave it.
    pub subject: Personnummer,
    /// The consent-based source's slug (`bank`).
    pub source: String,
    /// The account it covers (an IBAN).
    pub account: String,
    /// The first day of the period it covers.
    pub period_from: Date,
    /// The last day of the period it covers.
    pub period_to: Date,
    /// The last day it may be used.
    pub valid_until: Date,
    /// When it was given.
    pub given_at: Timestamp,
    /// The provider's id of its consent resource; `None` when the provider refused or failed.
    pub provider_consent_id: Option<String>,
    /// What the provider said when it was given: `valid`, `rejected` or `unavailable`.
    pub provider_status: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<Timestamp>,
}

// Debug leaves out the subject and the account.
impl std::fmt::Debug for ConsentRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConsentRow")
            .field("id", &self.id)
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

/// One fetch under a consent.
#[derive(Clone, PartialEq, Eq)]
pub struct FetchRow {
    /// The fetch's id.
    pub id: String,
    /// The consent it was made under.
    pub consent_id: String,
    /// When.
    pub at: Timestamp,
    /// `fetched` or `missing`.
    pub outcome: String,
    /// Why the data is missing (a stable code), for `missing`.
    pub reason: Option<String>,
    /// The fetched data as JSON, for `fetched`.
    pub data: Option<String>,
}

// Debug leaves out the data.
impl std::fmt::Debug for FetchRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FetchRow")
            .field("id", &self.id)
            .field("consent_id", &self.consent_id)
            .field("outcome", &self.outcome)
            .field("reason", &self.reason)
            .finish_non_exhaustive()
    }
}

/// A status event about an application, as the case system posted it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    /// The application's id.
    pub application_id: String,
    /// The event's place among the application's events (1, 2, …), in the order received.
    pub seq: u64,
    /// The event's id.
    pub id: String,
    /// The kind's code (`mottagen`, `komplettering_begard`, …).
    pub kind: String,
    /// When it happened, as the case system says.
    pub occurred_at: Timestamp,
    /// When Underlag received it.
    pub received_at: Timestamp,
    /// The case system's message to the applicant.
    pub message: String,
    /// The posting organisation (10 digits).
    pub posted_by: String,
    /// For a decision: the case worker who decided.
    pub decided_by: Option<String>,
    /// For a decision: the calculation was prepared by the system.
    pub prepared_by_system: bool,
}

/// The consent tables.
#[async_trait]
pub trait ConsentStore: Send + Sync + 'static {
    /// Stores a new consent with its `consent_given` record.
    async fn insert_consent(&self, row: &ConsentRow, record: AuditRecord)
    -> Result<(), StoreError>;

    /// Marks the consent revoked at `at` with its `consent_revoked` record; `NotFound` when
    /// there is no such consent, `Conflict` when it was already revoked.
    async fn revoke_consent(
        &self,
        id: &str,
        at: Timestamp,
        record: AuditRecord,
    ) -> Result<(), StoreError>;

    /// Stores a fetch with its `bank_fetch` record.
    async fn insert_fetch(&self, row: &FetchRow, record: AuditRecord) -> Result<(), StoreError>;

    /// The consent with this id.
    async fn consent(&self, id: &str) -> Result<Option<ConsentRow>, StoreError>;

    /// Every consent the person gave, newest first.
    async fn consents_of(&self, subject: &Personnummer) -> Result<Vec<ConsentRow>, StoreError>;

    /// Every fetch under the consent, oldest first.
    async fn fetches(&self, consent_id: &str) -> Result<Vec<FetchRow>, StoreError>;

    /// Appends a status event to its application (its `seq` is assigned here and returned).
    async fn append_event(&self, event: EventRow) -> Result<EventRow, StoreError>;

    /// The application's events in the order received.
    async fn events(&self, application_id: &str) -> Result<Vec<EventRow>, StoreError>;
}

const WRITE: &str = "consent write";
const READ: &str = "consent read";

const SELECT_CONSENT: &str = "SELECT id, subject, source, account, period_from, period_to, \
     valid_until, given_at_ns, provider_consent_id, provider_status, revoked_at_ns FROM consent";
const SELECT_FETCH: &str = "SELECT id, consent_id, at_ns, outcome, reason, data FROM consent_fetch";
const SELECT_EVENT: &str = "SELECT application_id, seq, id, kind, occurred_at_ns, \
     received_at_ns, message, posted_by, decided_by, prepared_by_system FROM application_event";

fn read_err(e: sqlx::Error) -> StoreError {
    StoreError::db(READ, e)
}

fn date_from_db(text: &str) -> Result<Date, StoreError> {
    text.parse()
        .map_err(|_| StoreError::CorruptRegistry("consent date"))
}

fn consent_from_row<B: Sql>(row: &B::Row) -> Result<ConsentRow, StoreError> {
    Ok(ConsentRow {
        id: B::text(row, "id").map_err(read_err)?,
        subject: person_from_db(&B::text(row, "subject").map_err(read_err)?)?,
        source: B::text(row, "source").map_err(read_err)?,
        account: B::text(row, "account").map_err(read_err)?,
        period_from: date_from_db(&B::text(row, "period_from").map_err(read_err)?)?,
        period_to: date_from_db(&B::text(row, "period_to").map_err(read_err)?)?,
        valid_until: date_from_db(&B::text(row, "valid_until").map_err(read_err)?)?,
        given_at: ts_from_db(B::int(row, "given_at_ns").map_err(read_err)?)?,
        provider_consent_id: B::opt_text(row, "provider_consent_id").map_err(read_err)?,
        provider_status: B::text(row, "provider_status").map_err(read_err)?,
        revoked_at: B::opt_int(row, "revoked_at_ns")
            .map_err(read_err)?
            .map(ts_from_db)
            .transpose()?,
    })
}

fn fetch_from_row<B: Sql>(row: &B::Row) -> Result<FetchRow, StoreError> {
    Ok(FetchRow {
        id: B::text(row, "id").map_err(read_err)?,
        consent_id: B::text(row, "consent_id").map_err(read_err)?,
        at: ts_from_db(B::int(row, "at_ns").map_err(read_err)?)?,
        outcome: B::text(row, "outcome").map_err(read_err)?,
        reason: B::opt_text(row, "reason").map_err(read_err)?,
        data: B::opt_text(row, "data").map_err(read_err)?,
    })
}

fn event_from_row<B: Sql>(row: &B::Row) -> Result<EventRow, StoreError> {
    Ok(EventRow {
        application_id: B::text(row, "application_id").map_err(read_err)?,
        seq: u64::try_from(B::int(row, "seq").map_err(read_err)?)
            .map_err(|_| StoreError::CorruptRegistry("event seq"))?,
        id: B::text(row, "id").map_err(read_err)?,
        kind: B::text(row, "kind").map_err(read_err)?,
        occurred_at: ts_from_db(B::int(row, "occurred_at_ns").map_err(read_err)?)?,
        received_at: ts_from_db(B::int(row, "received_at_ns").map_err(read_err)?)?,
        message: B::text(row, "message").map_err(read_err)?,
        posted_by: B::text(row, "posted_by").map_err(read_err)?,
        decided_by: B::opt_text(row, "decided_by").map_err(read_err)?,
        prepared_by_system: B::flag(row, "prepared_by_system").map_err(read_err)?,
    })
}

async fn read_rows<B: Sql>(
    store: &Store<B>,
    statement: Statement,
) -> Result<Vec<B::Row>, StoreError> {
    let mut conn = store.pool.acquire().await.map_err(read_err)?;
    B::fetch_all(&mut conn, statement).await.map_err(read_err)
}

/// Runs `statement` and links `record`, in one serialised transaction.
async fn write_with_record<B: Sql>(
    store: &Store<B>,
    statement: Statement,
    record: AuditRecord,
    missing: Option<&'static str>,
) -> Result<(), StoreError> {
    let mut tx = B::begin_serialised(&store.pool)
        .await
        .map_err(|e| StoreError::db(WRITE, e))?;
    let changed = B::execute(&mut tx, statement)
        .await
        .map_err(|e| StoreError::db(WRITE, e))?;
    if changed == 0
        && let Some(what) = missing
    {
        return Err(StoreError::NotFound(what));
    }
    link::<B>(&mut tx, record, WRITE).await?;
    tx.commit().await.map_err(|e| StoreError::db(WRITE, e))
}

#[async_trait]
impl<B: Sql> ConsentStore for Store<B> {
    async fn insert_consent(
        &self,
        row: &ConsentRow,
        record: AuditRecord,
    ) -> Result<(), StoreError> {
        let statement = Statement::new(
            "INSERT INTO consent (id, subject, source, account, period_from, period_to, \
             valid_until, given_at_ns, provider_consent_id, provider_status, revoked_at_ns) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL)",
        )
        .bind(row.id.as_str())
        .bind(row.subject.expose())
        .bind(row.source.as_str())
        .bind(row.account.as_str())
        .bind(row.period_from.to_string())
        .bind(row.period_to.to_string())
        .bind(row.valid_until.to_string())
        .bind(ts_to_db(row.given_at, "given_at")?)
        .bind(row.provider_consent_id.clone())
        .bind(row.provider_status.as_str());
        write_with_record(self, statement, record, None).await
    }

    async fn revoke_consent(
        &self,
        id: &str,
        at: Timestamp,
        record: AuditRecord,
    ) -> Result<(), StoreError> {
        match self.consent(id).await? {
            None => return Err(StoreError::NotFound("consent")),
            Some(c) if c.revoked_at.is_some() => {
                return Err(StoreError::Conflict("the consent is already revoked"));
            }
            Some(_) => {}
        }
        let statement = Statement::new(
            "UPDATE consent SET revoked_at_ns = $1 WHERE id = $2 AND revoked_at_ns IS NULL",
        )
        .bind(ts_to_db(at, "revoked_at")?)
        .bind(id);
        write_with_record(self, statement, record, Some("consent")).await
    }

    async fn insert_fetch(&self, row: &FetchRow, record: AuditRecord) -> Result<(), StoreError> {
        let statement = Statement::new(
            "INSERT INTO consent_fetch (id, consent_id, at_ns, outcome, reason, data) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(row.id.as_str())
        .bind(row.consent_id.as_str())
        .bind(ts_to_db(row.at, "at")?)
        .bind(row.outcome.as_str())
        .bind(row.reason.clone())
        .bind(row.data.clone());
        write_with_record(self, statement, record, None).await
    }

    async fn consent(&self, id: &str) -> Result<Option<ConsentRow>, StoreError> {
        let mut statement = Statement::new(SELECT_CONSENT);
        statement.push_bind(" WHERE id = ", id);
        let rows = read_rows(self, statement).await?;
        rows.first().map(consent_from_row::<B>).transpose()
    }

    async fn consents_of(&self, subject: &Personnummer) -> Result<Vec<ConsentRow>, StoreError> {
        let mut statement = Statement::new(SELECT_CONSENT);
        statement
            .push_bind(" WHERE subject = ", subject.expose())
            .push(" ORDER BY given_at_ns DESC, id");
        let rows = read_rows(self, statement).await?;
        rows.iter().map(consent_from_row::<B>).collect()
    }

    async fn fetches(&self, consent_id: &str) -> Result<Vec<FetchRow>, StoreError> {
        let mut statement = Statement::new(SELECT_FETCH);
        statement
            .push_bind(" WHERE consent_id = ", consent_id)
            .push(" ORDER BY at_ns, id");
        let rows = read_rows(self, statement).await?;
        rows.iter().map(fetch_from_row::<B>).collect()
    }

    async fn append_event(&self, mut event: EventRow) -> Result<EventRow, StoreError> {
        // The append serialisation also orders one application's events.
        let mut tx = B::begin_serialised(&self.pool)
            .await
            .map_err(|e| StoreError::db(WRITE, e))?;
        let mut count = Statement::new("SELECT COALESCE(MAX(seq), 0) AS n FROM application_event");
        count.push_bind(" WHERE application_id = ", event.application_id.as_str());
        let row = B::fetch_optional(&mut tx, count)
            .await
            .map_err(|e| StoreError::db(WRITE, e))?;
        let last = match row {
            Some(r) => B::int(&r, "n").map_err(|e| StoreError::db(WRITE, e))?,
            None => 0,
        };
        event.seq = u64::try_from(last + 1).map_err(|_| StoreError::OutOfRange("event seq"))?;
        let insert = Statement::new(
            "INSERT INTO application_event (application_id, seq, id, kind, occurred_at_ns, \
             received_at_ns, message, posted_by, decided_by, prepared_by_system) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(event.application_id.as_str())
        .bind(last + 1)
        .bind(event.id.as_str())
        .bind(event.kind.as_str())
        .bind(ts_to_db(event.occurred_at, "occurred_at")?)
        .bind(ts_to_db(event.received_at, "received_at")?)
        .bind(event.message.as_str())
        .bind(event.posted_by.as_str())
        .bind(event.decided_by.clone())
        .bind(event.prepared_by_system);
        B::execute(&mut tx, insert)
            .await
            .map_err(|e| StoreError::db(WRITE, e))?;
        tx.commit().await.map_err(|e| StoreError::db(WRITE, e))?;
        Ok(event)
    }

    async fn events(&self, application_id: &str) -> Result<Vec<EventRow>, StoreError> {
        let mut statement = Statement::new(SELECT_EVENT);
        statement
            .push_bind(" WHERE application_id = ", application_id)
            .push(" ORDER BY seq");
        let rows = read_rows(self, statement).await?;
        rows.iter().map(event_from_row::<B>).collect()
    }
}
