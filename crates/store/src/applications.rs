//! The applicant portal's applications and their attachments (migration 0007), in the same
//! database as the audit chain: [`ApplicationStore`], implemented once for both backends.
//!
//! Sending an application writes its row, its attachments and its `application_submitted`
//! audit record in one transaction under the append serialisation, so no application exists
//! without its record and no record without its application. The store does not interpret
//! the document (that is `underlag-applicant`'s); it keeps the columns it is found by.

use async_trait::async_trait;
use jiff::Timestamp;
use underlag_audit::{AuditRecord, ChainedRecord};
use underlag_domain::Personnummer;

use crate::error::StoreError;
use crate::row::ts_to_db;
use crate::sql::{Sql, Statement};
use crate::store::{Store, begin_append, link};

// Debug names the type only: its fields are personal data, never printed.
impl std::fmt::Debug for ApplicationRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApplicationRow").finish_non_exhaustive()
    }
}

/// One stored application.
#[derive(Clone, PartialEq, Eq)]
pub struct ApplicationRow {
    /// Its id.
    pub id: String,
    /// The receipt's reference number.
    pub reference: String,
    /// The municipality (10 digits).
    pub organisation: String,
    /// The applicant.
    pub applicant: Personnummer,
    /// The co-applicant, if any.
    pub co_applicant: Option<Personnummer>,
    /// The month applied for, `YYYY-MM`.
    pub month: String,
    /// When it was received.
    pub submitted_at: Timestamp,
    /// When the co-applicant confirmed it.
    pub co_applicant_confirmed_at: Option<Timestamp>,
    /// The application as the applicant gave it (JSON).
    pub document: String,
}

// Debug names the type only: its contents are personal data, never printed.
impl std::fmt::Debug for AttachmentRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttachmentRow").finish_non_exhaustive()
    }
}

/// One stored attachment with its contents.
#[derive(Clone, PartialEq, Eq)]
pub struct AttachmentRow {
    /// Its id.
    pub id: String,
    /// The application it belongs to.
    pub application_id: String,
    /// The safe file name.
    pub file_name: String,
    /// The media type.
    pub content_type: String,
    /// The contents.
    pub content: Vec<u8>,
}

/// The applications sent through the applicant portal.
#[async_trait]
pub trait ApplicationStore: Send + Sync + 'static {
    /// Stores a sent application with its attachments and appends its audit record, in one
    /// transaction; returns the chained record.
    async fn submit_application(
        &self,
        application: &ApplicationRow,
        attachments: &[AttachmentRow],
        record: AuditRecord,
    ) -> Result<ChainedRecord, StoreError>;

    /// The applications in which `person` is the applicant or the co-applicant, newest first.
    async fn applications_of(
        &self,
        person: &Personnummer,
    ) -> Result<Vec<ApplicationRow>, StoreError>;

    /// One application by its id.
    async fn application(&self, id: &str) -> Result<Option<ApplicationRow>, StoreError>;

    /// Records the co-applicant's confirmation: the time and the document that carries it.
    /// Only an unconfirmed application whose co-applicant is `person` changes; otherwise
    /// `NotFound`.
    async fn confirm_co_applicant(
        &self,
        id: &str,
        person: &Personnummer,
        at: Timestamp,
        document: &str,
    ) -> Result<(), StoreError>;

    /// One attachment of an application.
    async fn attachment(
        &self,
        application_id: &str,
        attachment_id: &str,
    ) -> Result<Option<AttachmentRow>, StoreError>;
}

const COLUMNS: &str = "SELECT id, reference, organisation, applicant, co_applicant, month, \
     submitted_at_ns, co_applicant_confirmed_at_ns, document FROM application ";

fn read_row<B: Sql>(row: &B::Row) -> Result<ApplicationRow, StoreError> {
    let bad = StoreError::CorruptRegistry;
    let col = |e: sqlx::Error| StoreError::db("applications", e);
    let person = |text: String| Personnummer::parse_canonical(&text).map_err(|_| bad("applicant"));
    let time =
        |ns: i64| Timestamp::from_nanosecond(i128::from(ns)).map_err(|_| bad("application time"));
    Ok(ApplicationRow {
        id: B::text(row, "id").map_err(col)?,
        reference: B::text(row, "reference").map_err(col)?,
        organisation: B::text(row, "organisation").map_err(col)?,
        applicant: person(B::text(row, "applicant").map_err(col)?)?,
        co_applicant: B::opt_text(row, "co_applicant")
            .map_err(col)?
            .map(person)
            .transpose()?,
        month: B::text(row, "month").map_err(col)?,
        submitted_at: time(B::int(row, "submitted_at_ns").map_err(col)?)?,
        co_applicant_confirmed_at: B::opt_int(row, "co_applicant_confirmed_at_ns")
            .map_err(col)?
            .map(time)
            .transpose()?,
        document: B::text(row, "document").map_err(col)?,
    })
}

async fn select<B: Sql>(
    store: &Store<B>,
    statement: Statement,
) -> Result<Vec<ApplicationRow>, StoreError> {
    let mut conn = store
        .pool
        .acquire()
        .await
        .map_err(|e| StoreError::db("applications", e))?;
    let rows = B::fetch_all(&mut conn, statement)
        .await
        .map_err(|e| StoreError::db("applications", e))?;
    rows.iter().map(read_row::<B>).collect()
}

#[async_trait]
impl<B: Sql> ApplicationStore for Store<B> {
    async fn submit_application(
        &self,
        a: &ApplicationRow,
        attachments: &[AttachmentRow],
        record: AuditRecord,
    ) -> Result<ChainedRecord, StoreError> {
        const OP: &str = "application submission";
        let (_turn, mut tx) = begin_append(self, OP).await?;
        let insert = "INSERT INTO application (id, reference, organisation, applicant, \
                      co_applicant, month, submitted_at_ns, co_applicant_confirmed_at_ns, \
                      document) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
        let confirmed = a
            .co_applicant_confirmed_at
            .map(|t| ts_to_db(t, "confirmation time"))
            .transpose()?;
        let statement = Statement::new(insert)
            .bind(a.id.as_str())
            .bind(a.reference.as_str())
            .bind(a.organisation.as_str())
            .bind(a.applicant.expose())
            .bind(a.co_applicant.as_ref().map(|p| p.expose().to_owned()))
            .bind(a.month.as_str())
            .bind(ts_to_db(a.submitted_at, "submission time")?)
            .bind(confirmed)
            .bind(a.document.as_str());
        B::execute(&mut tx, statement)
            .await
            .map_err(|e| StoreError::db(OP, e))?;
        for file in attachments {
            let insert = "INSERT INTO application_attachment (id, application_id, file_name, \
                          content_type, size_bytes, content) VALUES ($1, $2, $3, $4, $5, $6)";
            let size = i64::try_from(file.content.len())
                .map_err(|_| StoreError::OutOfRange("attachment size"))?;
            let statement = Statement::new(insert)
                .bind(file.id.as_str())
                .bind(a.id.as_str())
                .bind(file.file_name.as_str())
                .bind(file.content_type.as_str())
                .bind(size)
                .bind(file.content.clone());
            B::execute(&mut tx, statement)
                .await
                .map_err(|e| StoreError::db(OP, e))?;
        }
        let chained = link::<B>(&mut tx, record, OP).await?;
        tx.commit().await.map_err(|e| StoreError::db(OP, e))?;
        tracing::info!(
            seq = chained.seq,
            attachments = attachments.len(),
            "application stored"
        );
        Ok(chained)
    }

    async fn applications_of(
        &self,
        person: &Personnummer,
    ) -> Result<Vec<ApplicationRow>, StoreError> {
        let mut statement = Statement::new(COLUMNS);
        statement
            .push_bind("WHERE applicant = ", person.expose())
            .push_bind(" OR co_applicant = ", person.expose())
            .push(" ORDER BY submitted_at_ns DESC, id");
        select(self, statement).await
    }

    async fn application(&self, id: &str) -> Result<Option<ApplicationRow>, StoreError> {
        let mut statement = Statement::new(COLUMNS);
        statement.push_bind("WHERE id = ", id);
        Ok(select(self, statement).await?.into_iter().next())
    }

    async fn confirm_co_applicant(
        &self,
        id: &str,
        person: &Personnummer,
        at: Timestamp,
        document: &str,
    ) -> Result<(), StoreError> {
        let update = "UPDATE application SET co_applicant_confirmed_at_ns = $1, document = $2 \
                      WHERE id = $3 AND co_applicant = $4 \
                      AND co_applicant_confirmed_at_ns IS NULL";
        let statement = Statement::new(update)
            .bind(ts_to_db(at, "confirmation time")?)
            .bind(document)
            .bind(id)
            .bind(person.expose());
        let mut conn = self
            .pool
            .acquire()
            .await
            .map_err(|e| StoreError::db("application confirmation", e))?;
        let changed = B::execute(&mut conn, statement)
            .await
            .map_err(|e| StoreError::db("application confirmation", e))?;
        if changed == 0 {
            return Err(StoreError::NotFound("unconfirmed application"));
        }
        Ok(())
    }

    async fn attachment(
        &self,
        application_id: &str,
        attachment_id: &str,
    ) -> Result<Option<AttachmentRow>, StoreError> {
        let query = "SELECT id, application_id, file_name, content_type, content \
                     FROM application_attachment WHERE application_id = $1 AND id = $2";
        let statement = Statement::new(query)
            .bind(application_id)
            .bind(attachment_id);
        let mut conn = self
            .pool
            .acquire()
            .await
            .map_err(|e| StoreError::db("attachments", e))?;
        let row = B::fetch_optional(&mut conn, statement)
            .await
            .map_err(|e| StoreError::db("attachments", e))?;
        let col = |e: sqlx::Error| StoreError::db("attachments", e);
        row.map(|row| -> Result<AttachmentRow, StoreError> {
            Ok(AttachmentRow {
                id: B::text(&row, "id").map_err(col)?,
                application_id: B::text(&row, "application_id").map_err(col)?,
                file_name: B::text(&row, "file_name").map_err(col)?,
                content_type: B::text(&row, "content_type").map_err(col)?,
                content: B::bytes(&row, "content").map_err(col)?,
            })
        })
        .transpose()
    }
}
