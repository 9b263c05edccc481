//! The purpose and case binding, enforced in the core so every channel (REST, SOAP, CLI,
//! UI) goes through it: before any source is called, the query is decided by the registry
//! policy ([`underlag_registry::policy`]) against the organisation's connection and the case.
//!
//! A refused query calls no source; a `refused` audit record with the reason code is
//! appended first (if that fails, the caller gets the audit failure: fail closed). An
//! allowed query has the sources the organisation is not entitled to marked `not_entitled`
//! (never called) and carries the connection's LEFI actor id.
//!
//! **Cases are registered first.** A query names a case the registry must know, with the
//! asked person in its household; otherwise it is refused `case_unknown` (or
//! `person_not_in_household`) and audited. The case system registers the household first
//! (`PUT /api/v1/cases/{case_id}/household`, see [`super::cases`]).
//!
//! **Query-time registration (demo only).** With [`BindingConfig::auto_register_first_query`]
//! (off by default, and in `underlag serve`; `underlag demo` turns it on), a query on a case
//! the registry does not know registers that case with the asked person as its household of
//! one, provided every other check passes (the registration is audited by the registry as an
//! `admin` change with the query's id). It lets anyone who passes the organisation check
//! look anyone up by inventing a case id, so the binding's "only the persons in that case's
//! household" does not hold with it on.
//!
//! **Registered syfte texts (the v10 drop-in).** A purpose text that names no configured
//! purpose passes when the connection has registered it (or a pattern it fits) mapped to a
//! purpose code. The query then carries, and its audit record holds, both: the purpose
//! becomes `"<code> (syfte: <text sent>)"` ([`record_mapped_purpose`]), which names the
//! purpose the way every purpose check reads it and keeps the text as sent.

use jiff::Timestamp;
use jiff::civil::Date;
use underlag_audit::AuditRecord;
use underlag_domain::Organisationsnummer;
use underlag_registry::{Attempt, Case, Decision, Grant, PolicyConfig, Reason, decide};

use super::{Orchestrator, QueryError};
use crate::query::CompositeQuery;
use crate::registry_port::{RegistryChange, RegistryError};

/// The binding's settings.
#[derive(Debug, Clone)]
pub struct BindingConfig {
    /// Allowed purposes and the longest period.
    pub policy: PolicyConfig,
    /// Whether a query on an unknown case registers it as a household of one (see the
    /// module documentation). Off by default: only the demo turns it on.
    pub auto_register_first_query: bool,
    /// Today's date, for the period checks (injected so tests can fix it).
    pub today: fn() -> Date,
}

impl Default for BindingConfig {
    fn default() -> Self {
        Self {
            policy: PolicyConfig::default(),
            auto_register_first_query: false,
            today: crate::clock::today_in_sweden,
        }
    }
}

/// The purpose a query carries after a registered syfte text mapped it: the purpose code,
/// then the text as sent.
pub fn mapped_purpose_text(code: &str, sent: &str) -> String {
    format!("{code} (syfte: {})", sent.trim())
}

/// Records on `query` the purpose its free-text syfte was mapped to (nothing when the text
/// named a purpose itself).
pub(super) fn record_mapped_purpose(query: &mut CompositeQuery, grant: &Grant) {
    if let Some(code) = &grant.mapped_purpose {
        query.context.purpose = mapped_purpose_text(code, &query.context.purpose);
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
}

#[cfg(test)]
mod tests;
