//! Case requests: reading a case's household and registering it, for every channel, bound and
//! audited like a query.
//!
//! A request carries the same attribution as a query ([`CaseRequest`]): the organisation
//! (and, over mTLS, the caller's certificate, which must be registered for it), the case id
//! and the case worker. A **read** discloses personnummer, so it also needs a purpose among
//! the configured ones and a legal basis, exactly as a query does
//! ([`underlag_registry::check_attribution`]). A **change** needs the organisation and the
//! case worker; the registry writes its `admin` records naming the case worker and every
//! person added or removed.
//!
//! Cases are keyed by organisation: a request acts only on the named organisation's cases,
//! and with a caller identity only for the organisation its certificate is registered for
//! (`certificate_mismatch` otherwise), so no organisation reads or changes another's case.
//!
//! Every refusal is audited as a `refused` record (and a read of an unknown case as
//! `case_unknown`) before the caller hears of it. A read is audited as one
//! [`AuditKind::CaseRead`] record per person read,
//! sharing the request's id, before the case is returned; if any of them cannot be written,
//! no data leaves (fail closed). A household of several persons is several appends; one that
//! fails after others succeeded leaves records of a read whose answer was withheld, which
//! over-reports and never under-reports.

use std::collections::BTreeSet;

use jiff::Timestamp;
use underlag_audit::{AuditKind, AuditRecord, Channel};
use underlag_domain::{Organisationsnummer, Personnummer};
use underlag_registry::{Case, Reason, Refusal, check_attribution, check_connection};

use super::Orchestrator;
use super::audit_record::RecordedAttribution;
use crate::audit_port::AuditFailure;
use crate::port::CallerIdentity;
use crate::registry_port::{RegistryChange, RegistryError};

/// Who reads or changes a case's household, and why.
#[derive(Debug, Clone)]
pub struct CaseRequest {
    /// The request's id: the id of its audit records.
    pub id: String,
    /// The door it came through.
    pub channel: Channel,
    /// The organisation whose case it is.
    pub organisation: Organisationsnummer,
    /// What the transport proved about the caller (mTLS), if anything.
    pub caller: Option<CallerIdentity>,
    /// The case id.
    pub case_id: String,
    /// The case worker (handläggare) who reads or changes the household.
    pub case_worker: String,
    /// The purpose (syfte); required for a read.
    pub purpose: String,
    /// The legal basis (lagtext); required for a read.
    pub legal_basis: String,
}

/// Why a case request (read or household change) produced no case.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// The organisation may not act (unknown, suspended, ended, certificate mismatch), the
    /// attribution is missing or not allowed, or the case is closed. Audited.
    #[error("refused ({}): {}", .0.reason, .0)]
    Refused(Refusal),
    /// No such case for the organisation. Audited as a refused `case_unknown` attempt.
    #[error("no such case")]
    NotFound,
    /// The registry could not be used.
    #[error(transparent)]
    RegistryUnavailable(RegistryError),
    /// The request could not be audited, so nothing was returned.
    #[error(transparent)]
    AuditFailed(#[from] AuditFailure),
}

impl From<RegistryError> for CaseError {
    fn from(e: RegistryError) -> Self {
        CaseError::RegistryUnavailable(e)
    }
}

impl Orchestrator {
    /// Reads a case's household for its organisation (REST `GET /cases/{id}`): the
    /// organisation and attribution are checked as for a query, and every person read is
    /// audited before the case is returned (see the module documentation).
    pub async fn read_case(&self, request: &CaseRequest) -> Result<Case, CaseError> {
        self.admit_case_request(request).await?;
        if let Err(refusal) = check_attribution(
            &self.binding.policy,
            &request.case_worker,
            &request.case_id,
            &request.purpose,
            &request.legal_basis,
        ) {
            return Err(self.refuse_case_request(request, refusal).await);
        }
        let Some(case) = self
            .registry
            .case(&request.organisation, &request.case_id)
            .await?
        else {
            let unknown = Refusal::new(
                Reason::CaseUnknown,
                "case_id",
                "no case with this id is registered for the organisation",
            );
            return match self.refuse_case_request(request, unknown).await {
                CaseError::Refused(_) => Err(CaseError::NotFound),
                other => Err(other),
            };
        };
        let at = Timestamp::now();
        let attribution = RecordedAttribution::of_case_request(request);
        let read = |subject: Option<&Personnummer>| {
            let mut b = AuditRecord::builder(AuditKind::CaseRead, &request.id, at, request.channel);
            if let Some(p) = subject {
                b = b.subject(p);
            }
            attribution.on(b).build()
        };
        let records: Vec<AuditRecord> = if case.household.is_empty() {
            vec![read(None)]
        } else {
            case.household.iter().map(|p| read(Some(p))).collect()
        };
        let persons = case.household.len();
        let mut last_seq = 0;
        for record in records {
            last_seq = self.audit.append(record).await?;
        }
        tracing::info!(
            request_id = %request.id,
            channel = request.channel.code(),
            persons,
            audit_seq = last_seq,
            "case household read"
        );
        Ok(case)
    }

    /// Registers a case's household for its organisation (REST `PUT /cases/{id}/household`):
    /// the case is registered when unknown, its household replaced when open, and the change
    /// refused when it is closed. The registry audits the change, naming the case worker.
    pub async fn set_household(
        &self,
        request: &CaseRequest,
        persons: &BTreeSet<Personnummer>,
    ) -> Result<Case, CaseError> {
        self.admit_case_request(request).await?;
        for (reason, field, value) in [
            (
                Reason::MissingCaseWorker,
                "case_worker",
                &request.case_worker,
            ),
            (Reason::MissingCaseId, "case_id", &request.case_id),
        ] {
            if value.trim().is_empty() {
                let refusal = Refusal::new(reason, field, "must be given");
                return Err(self.refuse_case_request(request, refusal).await);
            }
        }
        let closed = Refusal::new(Reason::CaseClosed, "case_id", "the case is closed");
        let (organisation, case_id) = (&request.organisation, request.case_id.as_str());
        let existing = self.registry.case(organisation, case_id).await?;
        if existing.is_some_and(|c| c.closed_at.is_some()) {
            return Err(self.refuse_case_request(request, closed).await);
        }
        let change = RegistryChange::new(&request.id, request.channel, &request.case_worker);
        match self
            .registry
            .set_household(organisation, case_id, persons, &change)
            .await
        {
            Ok(case) => Ok(case),
            Err(RegistryError::Conflict(_)) => Err(self.refuse_case_request(request, closed).await),
            Err(e) => Err(e.into()),
        }
    }

    /// Checks that the request's organisation may act, through the caller's certificate when
    /// there is one; audits a refusal.
    /// Checks that the request's organisation may act (registered, active, and the caller's
    /// certificate registered for it when there is one), for a door that writes no personal
    /// data of the core's (an application's status events); a refusal is audited.
    pub async fn check_organisation(&self, request: &CaseRequest) -> Result<(), CaseError> {
        self.admit_case_request(request).await
    }

    pub(super) async fn admit_case_request(&self, request: &CaseRequest) -> Result<(), CaseError> {
        let connection = self.registry.connection(&request.organisation).await?;
        let fingerprint = request.caller.as_ref().map(|c| &c.certificate_sha256);
        match check_connection(&request.organisation, fingerprint, connection.as_ref()) {
            Ok(_) => Ok(()),
            Err(refusal) => Err(self.refuse_case_request(request, refusal).await),
        }
    }

    /// Audits a refused case request as a `refused` record with the reason code; the error to
    /// return (the audit failure, when it could not be written).
    pub(super) async fn refuse_case_request(
        &self,
        request: &CaseRequest,
        refusal: Refusal,
    ) -> CaseError {
        let record = AuditRecord::refused(
            &request.id,
            Timestamp::now(),
            request.channel,
            refusal.reason.code(),
        );
        let record = RecordedAttribution::of_case_request(request).on(record);
        if let Err(e) = self.audit.append(record.build()).await {
            return CaseError::AuditFailed(e);
        }
        tracing::warn!(
            request_id = %request.id,
            channel = request.channel.code(),
            reason = refusal.reason.code(),
            field = %refusal.field,
            "case request refused"
        );
        CaseError::Refused(refusal)
    }
}

#[cfg(test)]
mod tests;
