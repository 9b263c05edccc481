//! The purpose and case binding, enforced in the core so every channel (REST, SOAP, CLI,
//! UI) goes through it: before any source is called, the query is decided by the registry
//! policy ([`underlag_registry::policy`]) against the organisation's connection and the case.
//!
//! A refused query calls no source; a `refused` audit record with the reason code is
//! appended first (if that fails, the caller gets the audit failure: fail closed). An
//! allowed query has the sources the organisation is not entitled to marked `not_entitled`
//! (never called) and carries the connection's LEFI actor id.
//!
//! **Query-time registration.** With [`BindingConfig::auto_register_first_query`], a query
//! on a case the registry does not know registers that case with the asked person as its
//! household of one, provided every other check passes (the registration is audited by the
//! registry as an `admin` change with the query's id). The case system is expected to
//! register the household first (`PUT /api/v1/cases/{case_id}/household`); this setting
//! keeps single-person cases working without that step.

use std::collections::BTreeSet;

use jiff::Timestamp;
use jiff::civil::Date;
use underlag_audit::AuditRecord;
use underlag_domain::{Organisationsnummer, Personnummer};
use underlag_registry::{
    Attempt, Case, Decision, Grant, PolicyConfig, Reason, Refusal, check_connection, decide,
};

use super::{Orchestrator, QueryError};
use crate::audit_port::AuditFailure;
use crate::port::CallerIdentity;
use crate::query::CompositeQuery;
use crate::registry_port::{RegistryChange, RegistryError};

/// The binding's settings.
#[derive(Debug, Clone)]
pub struct BindingConfig {
    /// Allowed purposes and the longest period.
    pub policy: PolicyConfig,
    /// Whether a query on an unknown case registers it as a household of one (see the
    /// module documentation).
    pub auto_register_first_query: bool,
    /// Today's date, for the period checks (injected so tests can fix it).
    pub today: fn() -> Date,
}

impl Default for BindingConfig {
    fn default() -> Self {
        Self {
            policy: PolicyConfig::default(),
            auto_register_first_query: true,
            today: system_today,
        }
    }
}

/// Today's date in the system time zone.
pub fn system_today() -> Date {
    jiff::Zoned::now().date()
}

/// Why a case request (read or household change) produced no case.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// The organisation may not act (unknown, suspended, ended, certificate mismatch) or the
    /// case is closed. Audited as a refused attempt.
    #[error("refused ({}): {}", .0.reason, .0)]
    Refused(Refusal),
    /// No such case for the organisation.
    #[error("no such case")]
    NotFound,
    /// The registry could not be used.
    #[error(transparent)]
    RegistryUnavailable(RegistryError),
    /// The refusal could not be audited.
    #[error(transparent)]
    AuditFailed(#[from] AuditFailure),
}

impl From<RegistryError> for CaseError {
    fn from(e: RegistryError) -> Self {
        CaseError::RegistryUnavailable(e)
    }
}

impl Orchestrator {
    /// Decides a query before anything is called; audits a refusal (fail closed).
    pub(super) async fn admit(
        &self,
        query: &CompositeQuery,
        received_at: Timestamp,
    ) -> Result<Grant, QueryError> {
        let decision = self
            .decide_query(query, received_at)
            .await
            .map_err(|e| {
                tracing::error!(query_id = %query.context.query_id, error = %e, "registry unavailable; query refused");
                QueryError::RegistryUnavailable(e)
            })?;
        let refusal = match decision {
            Decision::Allow(grant) => return Ok(grant),
            Decision::Refuse(refusal) => refusal,
        };
        let ctx = &query.context;
        let mut record = AuditRecord::refused(
            &ctx.query_id,
            received_at,
            query.channel,
            refusal.reason.code(),
        )
        .organisation(&ctx.organisation)
        .case_worker(&ctx.case_worker)
        .case_id(&ctx.case_id)
        .purpose(&ctx.purpose)
        .legal_basis(&ctx.legal_basis)
        .subject(&query.person)
        .period(query.period);
        for p in &ctx.data_processors {
            record = record.data_processor(&p.organisation, &p.name);
        }
        let audit_seq = self.audit.append(record.build()).await?;
        tracing::warn!(
            query_id = %ctx.query_id,
            channel = query.channel.code(),
            reason = refusal.reason.code(),
            field = %refusal.field,
            audit_seq,
            "composite query refused"
        );
        Err(QueryError::Refused {
            reason: refusal.reason,
            field: refusal.field,
            message: refusal.message,
        })
    }

    async fn decide_query(
        &self,
        query: &CompositeQuery,
        now: Timestamp,
    ) -> Result<Decision, RegistryError> {
        let ctx = &query.context;
        let processors: Vec<Organisationsnummer> = ctx
            .data_processors
            .iter()
            .map(|p| p.organisation.clone())
            .collect();
        let attempt = Attempt {
            organisation: &ctx.organisation,
            certificate_fingerprint: query.caller.as_ref().map(|c| c.certificate_sha256.as_str()),
            case_worker: &ctx.case_worker,
            case_id: &ctx.case_id,
            purpose: &ctx.purpose,
            legal_basis: &ctx.legal_basis,
            data_processors: &processors,
            person: &query.person,
            period: query.period,
            source_periods: &query.source_periods,
            sources: &query.sources,
            today: (self.binding.today)(),
            now,
        };
        let policy = &self.binding.policy;
        let connection = self.registry.connection(&ctx.organisation).await?;
        let case = if ctx.case_id.trim().is_empty() {
            None
        } else {
            self.registry.case(&ctx.organisation, &ctx.case_id).await?
        };
        let decision = decide(policy, &attempt, connection.as_ref(), case.as_ref());
        let unknown_case =
            matches!(&decision, Decision::Refuse(r) if r.reason == Reason::CaseUnknown);
        if !(unknown_case && case.is_none() && self.binding.auto_register_first_query) {
            return Ok(decision);
        }
        // Register the case as a household of one, if that would let the query through.
        let provisional = Case::household_of_one(
            ctx.organisation.clone(),
            ctx.case_id.clone(),
            query.person.clone(),
            now,
        );
        let decision = decide(policy, &attempt, connection.as_ref(), Some(&provisional));
        if !matches!(decision, Decision::Allow(_)) {
            return Ok(decision);
        }
        let change = RegistryChange {
            id: ctx.query_id.clone(),
            channel: query.channel,
            actor: ctx.case_worker.clone(),
        };
        if self.registry.register_case(&provisional, &change).await? {
            tracing::info!(query_id = %ctx.query_id, "case registered at its first query");
            return Ok(decision);
        }
        // Registered by someone else meanwhile: decide on what is stored.
        let case = self.registry.case(&ctx.organisation, &ctx.case_id).await?;
        Ok(decide(policy, &attempt, connection.as_ref(), case.as_ref()))
    }

    /// Checks that `organisation` may act, through `caller`'s certificate when there is one;
    /// audits a refusal as a `refused` record with `request_id`.
    async fn admit_organisation(
        &self,
        organisation: &Organisationsnummer,
        caller: Option<&CallerIdentity>,
        case_id: &str,
        request: &RegistryChange,
    ) -> Result<(), CaseError> {
        let connection = self.registry.connection(organisation).await?;
        let fingerprint = caller.map(|c| c.certificate_sha256.as_str());
        match check_connection(organisation, fingerprint, connection.as_ref()) {
            Ok(_) => Ok(()),
            Err(refusal) => Err(self
                .refuse_case_request(organisation, case_id, request, refusal)
                .await),
        }
    }

    async fn refuse_case_request(
        &self,
        organisation: &Organisationsnummer,
        case_id: &str,
        request: &RegistryChange,
        refusal: Refusal,
    ) -> CaseError {
        let record = AuditRecord::refused(
            &request.id,
            Timestamp::now(),
            request.channel,
            refusal.reason.code(),
        )
        .organisation(organisation)
        .case_worker(&request.actor)
        .case_id(case_id)
        .build();
        if let Err(e) = self.audit.append(record).await {
            return CaseError::AuditFailed(e);
        }
        tracing::warn!(
            request_id = %request.id,
            channel = request.channel.code(),
            reason = refusal.reason.code(),
            "case request refused"
        );
        CaseError::Refused(refusal)
    }

    /// Reads a case of `organisation` for that organisation (REST `GET /cases/{id}`).
    pub async fn case(
        &self,
        organisation: &Organisationsnummer,
        caller: Option<&CallerIdentity>,
        case_id: &str,
        request: &RegistryChange,
    ) -> Result<Case, CaseError> {
        self.admit_organisation(organisation, caller, case_id, request)
            .await?;
        self.registry
            .case(organisation, case_id)
            .await?
            .ok_or(CaseError::NotFound)
    }

    /// Registers a case's household for `organisation` (REST `PUT /cases/{id}/household`):
    /// the case is registered when unknown, its household replaced when open, and the change
    /// refused when it is closed. The registry audits the change.
    pub async fn set_household(
        &self,
        organisation: &Organisationsnummer,
        caller: Option<&CallerIdentity>,
        case_id: &str,
        persons: &BTreeSet<Personnummer>,
        change: &RegistryChange,
    ) -> Result<Case, CaseError> {
        self.admit_organisation(organisation, caller, case_id, change)
            .await?;
        let closed = Refusal {
            reason: Reason::CaseClosed,
            field: "case_id".into(),
            message: "the case is closed".into(),
        };
        let existing = self.registry.case(organisation, case_id).await?;
        if existing.is_some_and(|c| c.closed_at.is_some()) {
            return Err(self
                .refuse_case_request(organisation, case_id, change, closed)
                .await);
        }
        match self
            .registry
            .set_household(organisation, case_id, persons, change)
            .await
        {
            Ok(case) => Ok(case),
            Err(RegistryError::Conflict(_)) => Err(self
                .refuse_case_request(organisation, case_id, change, closed)
                .await),
            Err(e) => Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests;
