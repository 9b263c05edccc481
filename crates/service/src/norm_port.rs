//! The norm archive port: stored beräkningsunderlag, the case workers' decisions on them and
//! the riksnorm tables an operator imported, as the core keeps them. Implemented over the
//! database by `underlag-store` (every write in one transaction with its audit record);
//! [`MemoryNormArchive`] is an in-memory double for tests.
//!
//! The rows are plain text: the calculation's inputs and result are its JSON, written and
//! read by `underlag-norm` in the doors, so the core never interprets them. A calculation is
//! never edited (a recompute is a new calculation); a decision is an append-only record.

use std::sync::Mutex;

use async_trait::async_trait;
use jiff::Timestamp;
use underlag_audit::AuditRecord;
use underlag_domain::Organisationsnummer;

use crate::audit_port::AuditSink;

/// The archive could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NormArchiveError {
    /// It could not be read or written (the database is down, the audit record could not be
    /// appended, …): nothing was written. No personal data.
    #[error("the norm archive is unavailable: {0}")]
    Unavailable(String),
    /// The write contradicts what is stored (an id taken, a decision on an unknown
    /// calculation).
    #[error("norm archive conflict: {0}")]
    Conflict(String),
}

/// A stored beräkningsunderlag. Never edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCalculation {
    /// Its id.
    pub id: String,
    /// When it was computed and saved.
    pub created_at: Timestamp,
    /// Who computed it (the case worker, or the one a case system acts for).
    pub computed_by: String,
    /// The organisation whose case it is: only it may read the underlag.
    pub organisation: Organisationsnummer,
    /// The organisation's committee or unit, as registered for its connection.
    pub unit: String,
    /// The case.
    pub case_id: String,
    /// The UI look-up it was prefilled from, if any.
    pub lookup_id: Option<String>,
    /// The rule version's label (rule book checksum, riksnorm year and status, municipality).
    pub rule_version: String,
    /// The inputs as computed (the household's JSON).
    pub inputs_json: String,
    /// The whole calculation's JSON (inputs, rule version, lines with explanations, result).
    pub result_json: String,
    /// SHA-256 of `result_json`: the checksum its `norm_calculation` audit record names.
    pub checksum: String,
}

/// One section's verdict as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSectionVerdict {
    /// `norm`, `costs` or `incomes`.
    pub section: String,
    /// `approve` or `adjust`.
    pub verdict: String,
    /// The amount the underlag computed, `"8510.00"`.
    pub computed_amount: String,
    /// The amount decided instead, for `adjust`.
    pub adjusted_amount: Option<String>,
    /// Why, for `adjust`.
    pub reason: Option<String>,
}

/// A case worker's decision on a stored calculation. Append-only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDecision {
    /// Its id.
    pub id: String,
    /// The calculation decided on.
    pub calculation_id: String,
    /// The rule version of that calculation.
    pub rule_version: String,
    /// The person who decided.
    pub decided_by: String,
    /// When.
    pub decided_at: Timestamp,
    /// One verdict per section.
    pub sections: Vec<StoredSectionVerdict>,
}

/// An imported riksnorm table: the operator's file as it was read, with its provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableImport {
    /// Its id.
    pub id: String,
    /// The norm year.
    pub year: i16,
    /// The official source the file names (SFS number and title).
    pub source: String,
    /// Who imported it.
    pub imported_by: String,
    /// When.
    pub imported_at: Timestamp,
    /// The file's text.
    pub text: String,
}

/// The archive of beräkningsunderlag, decisions and imported tables.
///
/// Every write takes the audit record that describes it and commits both or neither.
#[async_trait]
pub trait NormArchive: Send + Sync + 'static {
    /// Stores a calculation with its `norm_calculation` record; returns the record's seq.
    /// An id taken already is a [`NormArchiveError::Conflict`].
    async fn save_calculation(
        &self,
        calculation: &StoredCalculation,
        record: AuditRecord,
    ) -> Result<u64, NormArchiveError>;

    /// Stores a decision with its `norm_decision` record; returns the record's seq. A
    /// decision on a calculation that is not stored is a [`NormArchiveError::Conflict`].
    async fn save_decision(
        &self,
        decision: &StoredDecision,
        record: AuditRecord,
    ) -> Result<u64, NormArchiveError>;

    /// The calculation with this id, of any organisation (the caller checks whose it is).
    async fn calculation(&self, id: &str) -> Result<Option<StoredCalculation>, NormArchiveError>;

    /// The decisions on a calculation, oldest first.
    async fn decisions(
        &self,
        calculation_id: &str,
    ) -> Result<Vec<StoredDecision>, NormArchiveError>;

    /// The calculations of an organisation prefilled from a look-up, oldest first.
    async fn calculations_of_lookup(
        &self,
        organisation: &Organisationsnummer,
        lookup_id: &str,
    ) -> Result<Vec<StoredCalculation>, NormArchiveError>;

    /// Stores an imported table with its `admin` record; returns the record's seq.
    async fn save_table_import(
        &self,
        import: &TableImport,
        record: AuditRecord,
    ) -> Result<u64, NormArchiveError>;

    /// Every imported table, oldest import first (a later import of a year wins).
    async fn table_imports(&self) -> Result<Vec<TableImport>, NormArchiveError>;
}

#[derive(Debug, Default)]
struct Rows {
    calculations: Vec<StoredCalculation>,
    decisions: Vec<StoredDecision>,
    imports: Vec<TableImport>,
}

/// An in-memory archive for tests: each write appends its record to the given audit sink
/// first and keeps the row only when that succeeded.
pub struct MemoryNormArchive {
    audit: std::sync::Arc<dyn AuditSink>,
    rows: Mutex<Rows>,
}

impl std::fmt::Debug for MemoryNormArchive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryNormArchive").finish_non_exhaustive()
    }
}

impl MemoryNormArchive {
    /// An empty archive whose writes are audited through `audit`.
    pub fn new(audit: std::sync::Arc<dyn AuditSink>) -> Self {
        Self {
            audit,
            rows: Mutex::new(Rows::default()),
        }
    }

    fn rows(&self) -> Result<std::sync::MutexGuard<'_, Rows>, NormArchiveError> {
        self.rows
            .lock()
            .map_err(|_| NormArchiveError::Unavailable("lock poisoned".into()))
    }

    async fn audited(&self, record: AuditRecord) -> Result<u64, NormArchiveError> {
        self.audit
            .append(record)
            .await
            .map_err(|e| NormArchiveError::Unavailable(e.0))
    }
}

#[async_trait]
impl NormArchive for MemoryNormArchive {
    async fn save_calculation(
        &self,
        calculation: &StoredCalculation,
        record: AuditRecord,
    ) -> Result<u64, NormArchiveError> {
        if self
            .rows()?
            .calculations
            .iter()
            .any(|c| c.id == calculation.id)
        {
            return Err(NormArchiveError::Conflict("the id is taken".into()));
        }
        let seq = self.audited(record).await?;
        self.rows()?.calculations.push(calculation.clone());
        Ok(seq)
    }

    async fn save_decision(
        &self,
        decision: &StoredDecision,
        record: AuditRecord,
    ) -> Result<u64, NormArchiveError> {
        if !self
            .rows()?
            .calculations
            .iter()
            .any(|c| c.id == decision.calculation_id)
        {
            return Err(NormArchiveError::Conflict(
                "no such calculation is stored".into(),
            ));
        }
        let seq = self.audited(record).await?;
        self.rows()?.decisions.push(decision.clone());
        Ok(seq)
    }

    async fn calculation(&self, id: &str) -> Result<Option<StoredCalculation>, NormArchiveError> {
        Ok(self
            .rows()?
            .calculations
            .iter()
            .find(|c| c.id == id)
            .cloned())
    }

    async fn decisions(
        &self,
        calculation_id: &str,
    ) -> Result<Vec<StoredDecision>, NormArchiveError> {
        Ok(self
            .rows()?
            .decisions
            .iter()
            .filter(|d| d.calculation_id == calculation_id)
            .cloned()
            .collect())
    }

    async fn calculations_of_lookup(
        &self,
        organisation: &Organisationsnummer,
        lookup_id: &str,
    ) -> Result<Vec<StoredCalculation>, NormArchiveError> {
        Ok(self
            .rows()?
            .calculations
            .iter()
            .filter(|c| {
                &c.organisation == organisation && c.lookup_id.as_deref() == Some(lookup_id)
            })
            .cloned()
            .collect())
    }

    async fn save_table_import(
        &self,
        import: &TableImport,
        record: AuditRecord,
    ) -> Result<u64, NormArchiveError> {
        let seq = self.audited(record).await?;
        self.rows()?.imports.push(import.clone());
        Ok(seq)
    }

    async fn table_imports(&self) -> Result<Vec<TableImport>, NormArchiveError> {
        Ok(self.rows()?.imports.clone())
    }
}
