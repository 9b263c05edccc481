//! Beräkningsunderlag and decisions kept in the norm archive, for every door: the
//! organisation is admitted as for a case request (registered, active, the caller's
//! certificate), each write is committed together with its audit record (`norm_calculation`,
//! `norm_decision`) by the archive, and a stored underlag is read only by its own
//! organisation.

use jiff::Timestamp;
use underlag_audit::{AuditKind, AuditRecord};
use underlag_domain::Organisationsnummer;
use underlag_registry::{Reason, Refusal};

use super::Orchestrator;
use super::audit_record::RecordedAttribution;
use super::cases::{CaseError, CaseRequest};
use crate::norm_port::{NormArchiveError, StoredCalculation, StoredDecision, TableImport};

/// Why the archive produced no underlag or kept nothing.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The organisation may not act, or the case worker or case id is missing (audited), or
    /// the registry or the audit failed.
    #[error(transparent)]
    Case(#[from] CaseError),
    /// No calculation with this id is stored.
    #[error("no such calculation")]
    NotFound,
    /// The calculation belongs to another organisation.
    #[error("the calculation belongs to another organisation")]
    OtherOrganisation,
    /// The write contradicts what is stored (nothing was written).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The archive could not be used (nothing was written). No personal data.
    #[error("the norm archive is unavailable: {0}")]
    Unavailable(String),
}

impl From<NormArchiveError> for ArchiveError {
    fn from(e: NormArchiveError) -> Self {
        match e {
            NormArchiveError::Unavailable(m) => Self::Unavailable(m),
            NormArchiveError::Conflict(m) => Self::Conflict(m),
        }
    }
}

/// A stored calculation with every decision made on it, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedWithDecisions {
    /// The calculation.
    pub calculation: StoredCalculation,
    /// Its decisions.
    pub decisions: Vec<StoredDecision>,
}

impl Orchestrator {
    /// Stores a beräkningsunderlag computed for the request's case (its id is the request's
    /// id) together with its `norm_calculation` record (`description` in its text field, no
    /// person's number). The organisation's unit is taken from its connection. Nothing is
    /// stored unless the record is, and the reverse.
    pub async fn save_calculation(
        &self,
        request: &CaseRequest,
        mut calculation: StoredCalculation,
        description: String,
    ) -> Result<u64, ArchiveError> {
        self.admit_norm_request(request).await?;
        if let Some(connection) = self
            .registry
            .connection(&request.organisation)
            .await
            .map_err(CaseError::from)?
        {
            calculation.unit = connection.committee_unit;
        }
        calculation.organisation = request.organisation.clone();
        calculation.id = request.id.clone();
        let record = norm_record(request, AuditKind::NormCalculation, description);
        let seq = self
            .norm_archive
            .save_calculation(&calculation, record)
            .await?;
        tracing::info!(
            request_id = %request.id,
            channel = request.channel.code(),
            audit_seq = seq,
            "beräkningsunderlag stored"
        );
        Ok(seq)
    }

    /// Stores a decision on a stored calculation of the request's organisation together with
    /// its `norm_decision` record.
    pub async fn save_decision(
        &self,
        request: &CaseRequest,
        decision: StoredDecision,
        description: String,
    ) -> Result<u64, ArchiveError> {
        self.admit_norm_request(request).await?;
        self.owned_calculation(&request.organisation, &decision.calculation_id)
            .await?;
        let record = norm_record(request, AuditKind::NormDecision, description);
        let seq = self.norm_archive.save_decision(&decision, record).await?;
        tracing::info!(
            request_id = %request.id,
            channel = request.channel.code(),
            audit_seq = seq,
            "decision on a beräkningsunderlag stored"
        );
        Ok(seq)
    }

    /// A stored calculation of the request's organisation with its decisions. The
    /// organisation is admitted first (a refusal is audited); another organisation's
    /// calculation is [`ArchiveError::OtherOrganisation`].
    pub async fn stored_calculation(
        &self,
        request: &CaseRequest,
        id: &str,
    ) -> Result<SavedWithDecisions, ArchiveError> {
        self.admit_case_request(request).await?;
        let calculation = self.owned_calculation(&request.organisation, id).await?;
        let decisions = self.norm_archive.decisions(id).await?;
        Ok(SavedWithDecisions {
            calculation,
            decisions,
        })
    }

    /// The stored calculations of `organisation` prefilled from a UI look-up, with their
    /// decisions, oldest first. For the UI, whose organisation is its configuration's.
    pub async fn calculations_of_lookup(
        &self,
        organisation: &Organisationsnummer,
        lookup_id: &str,
    ) -> Result<Vec<SavedWithDecisions>, ArchiveError> {
        let mut out = Vec::new();
        for calculation in self
            .norm_archive
            .calculations_of_lookup(organisation, lookup_id)
            .await?
        {
            let decisions = self.norm_archive.decisions(&calculation.id).await?;
            out.push(SavedWithDecisions {
                calculation,
                decisions,
            });
        }
        Ok(out)
    }

    /// Every imported riksnorm table, oldest import first: the doors apply them over the
    /// built-in rule book, read on every calculation so an import is in force at once for
    /// every gateway sharing the database.
    pub async fn norm_table_imports(&self) -> Result<Vec<TableImport>, ArchiveError> {
        Ok(self.norm_archive.table_imports().await?)
    }

    async fn owned_calculation(
        &self,
        organisation: &Organisationsnummer,
        id: &str,
    ) -> Result<StoredCalculation, ArchiveError> {
        let calculation = self
            .norm_archive
            .calculation(id)
            .await?
            .ok_or(ArchiveError::NotFound)?;
        if &calculation.organisation != organisation {
            return Err(ArchiveError::OtherOrganisation);
        }
        Ok(calculation)
    }

    /// Admits the organisation and requires a case worker and a case id (refusals audited).
    async fn admit_norm_request(&self, request: &CaseRequest) -> Result<(), CaseError> {
        self.admit_case_request(request).await?;
        let missing = if request.case_worker.trim().is_empty() {
            Some(Refusal::new(
                Reason::MissingCaseWorker,
                "case_worker",
                "must not be empty",
            ))
        } else if request.case_id.trim().is_empty() {
            Some(Refusal::new(
                Reason::MissingCaseId,
                "case_id",
                "must not be empty",
            ))
        } else {
            None
        };
        match missing {
            Some(refusal) => Err(self.refuse_case_request(request, refusal).await),
            None => Ok(()),
        }
    }
}

/// The audit record of a norm write: the request's attribution, `description` in its text
/// field, no person's number.
fn norm_record(request: &CaseRequest, kind: AuditKind, description: String) -> AuditRecord {
    RecordedAttribution::of_case_request(request)
        .on(AuditRecord::builder(
            kind,
            &request.id,
            Timestamp::now(),
            request.channel,
        ))
        .refusal(description)
        .build()
}
