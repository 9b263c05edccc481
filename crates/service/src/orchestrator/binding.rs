//! The purpose and case binding, enforced in the core so every channel (REST, SOAP, CLI,
//! UI) goes through it: before any source is called, the query is decided by the registry
//! policy ([`underlag_registry::policy`]) against the organisation's connection and the case.
//!
//! **Admission.** [`Orchestrator::admit`] is the one step between a door's parsed
//! [`CompositeQuery`] and anything being called: it decides the query and returns an
//! [`AdmittedQuery`], the plan [`Orchestrator::execute`] runs (and nothing else is run). The
//! plan holds what the core decided: the sources the organisation is not entitled to
//! (answered `not_entitled`, never called), the LEFI actor id (the policy's choice: the
//! connection's, else the request's, else the configured fallback), and the purpose as
//! recorded. A refused query calls no source; a `refused` audit record with the reason code is
//! appended first (if that fails, the caller gets the audit failure: fail closed).
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
//! becomes `"<code> (syfte: <text sent>)"` ([`AdmittedQuery::purpose`]), which names the
//! purpose the way every purpose check reads it and keeps the text as sent.

use std::collections::BTreeSet;

use jiff::Timestamp;
use jiff::civil::Date;
use underlag_audit::AuditRecord;
use underlag_domain::{LefiActorId, Organisationsnummer, SourceId};
use underlag_registry::{Attempt, Case, Decision, Grant, PeriodRule, PolicyConfig, Reason, decide};

use super::audit_record::RecordedAttribution;
use super::{Orchestrator, QueryError};
use crate::port::{CallerIdentity, QueryContext};
use crate::query::CompositeQuery;
use crate::registry_port::{RegistryChange, RegistryError};

/// The binding's settings.
#[derive(Debug, Clone)]
pub struct BindingConfig {
    /// Allowed purposes, the longest period and the fallback LEFI actor id.
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

/// A query the binding admitted, with what the core decided about it: the only thing the
/// orchestrator runs. Built by [`Orchestrator::admit`] alone; running it consumes it.
#[derive(Debug)]
pub struct AdmittedQuery {
    query: CompositeQuery,
    received_at: Timestamp,
    purpose: String,
    not_entitled: BTreeSet<SourceId>,
    lefi_actor_id: Option<LefiActorId>,
}

impl AdmittedQuery {
    fn new(query: CompositeQuery, received_at: Timestamp, grant: Grant) -> Self {
        let sent = &query.attribution.purpose;
        let purpose = match &grant.mapped_purpose {
            Some(code) => mapped_purpose_text(code, sent),
            None => sent.clone(),
        };
        Self {
            query,
            received_at,
            purpose,
            not_entitled: grant.not_entitled,
            lefi_actor_id: grant.lefi_actor_id,
        }
    }

    /// The query as the door parsed it.
    pub fn query(&self) -> &CompositeQuery {
        &self.query
    }

    /// What the transport proved about the caller, as the binding checked it.
    pub fn caller(&self) -> Option<&CallerIdentity> {
        self.query.caller.as_ref()
    }

    /// When the query was received.
    pub fn received_at(&self) -> Timestamp {
        self.received_at
    }

    /// The purpose as recorded and sent to the agencies: `"<code> (syfte: <text sent>)"` when
    /// a registered syfte text mapped it, else the text as sent.
    pub fn purpose(&self) -> &str {
        &self.purpose
    }

    /// Requested sources the organisation is not entitled to: answered `not_entitled`, never
    /// called.
    pub fn not_entitled(&self) -> &BTreeSet<SourceId> {
        &self.not_entitled
    }

    /// The LEFI actor id the FK source is asked with, if there is one.
    pub fn lefi_actor_id(&self) -> Option<&LefiActorId> {
        self.lefi_actor_id.as_ref()
    }

    /// Who asks and why, as every source is told.
    pub(super) fn context(&self) -> QueryContext {
        let a = &self.query.attribution;
        QueryContext {
            query_id: self.query.query_id.clone(),
            organisation: a.organisation.clone(),
            organisation_name: a.organisation_name.clone(),
            case_worker: a.case_worker.clone(),
            case_id: a.case_id.clone(),
            purpose: self.purpose.clone(),
            legal_basis: a.legal_basis.clone(),
            data_processors: a.data_processors.clone(),
            lefi_actor_id: self.lefi_actor_id.clone(),
            correlation_id: a.correlation_id.clone(),
        }
    }

    /// The query's attribution on an audit record, with the purpose as recorded.
    pub(super) fn recorded_attribution(&self) -> RecordedAttribution<'_> {
        RecordedAttribution::of_query(&self.query, &self.purpose)
    }

    /// Gives the parsed query back, when the answer is built.
    pub(super) fn into_query(self) -> CompositeQuery {
        self.query
    }
}

impl Orchestrator {
    /// The period rule in force: the binding's check, and the bound every door puts on a
    /// well-formed period ([`PeriodRule::max_days`]).
    pub fn period_rule(&self) -> PeriodRule {
        self.binding.policy.period_rule()
    }

    /// Admits a query before anything is called: decides it against the registry, audits a
    /// refusal (fail closed), and returns the plan to run.
    pub async fn admit(&self, query: CompositeQuery) -> Result<AdmittedQuery, QueryError> {
        let received_at = Timestamp::now();
        let decision = self
            .decide_query(&query, received_at)
            .await
            .map_err(|e| {
                tracing::error!(query_id = %query.query_id, error = %e, "registry unavailable; query refused");
                QueryError::RegistryUnavailable(e)
            })?;
        let refusal = match decision {
            Decision::Allow(grant) => return Ok(AdmittedQuery::new(query, received_at, grant)),
            Decision::Refuse(refusal) => refusal,
        };
        let record = AuditRecord::refused(
            &query.query_id,
            received_at,
            query.channel,
            refusal.reason.code(),
        )
        .subject(&query.person)
        .period(query.period);
        let record = RecordedAttribution::of_query(&query, &query.attribution.purpose).on(record);
        let audit_seq = self.audit.append(record.build()).await?;
        tracing::warn!(
            query_id = %query.query_id,
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
        let ctx = &query.attribution;
        let processors: Vec<Organisationsnummer> = ctx
            .data_processors
            .iter()
            .map(|p| p.organisation.clone())
            .collect();
        let attempt = Attempt {
            organisation: &ctx.organisation,
            certificate_fingerprint: query.caller.as_ref().map(|c| &c.certificate_sha256),
            case_worker: &ctx.case_worker,
            case_id: &ctx.case_id,
            purpose: &ctx.purpose,
            legal_basis: &ctx.legal_basis,
            data_processors: &processors,
            person: &query.person,
            period: query.period,
            source_periods: &query.source_periods,
            sources: &query.sources,
            lefi_actor_id: query.lefi_request.as_ref().map(|l| &l.actor_id),
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
            id: query.query_id.clone(),
            channel: query.channel,
            actor: ctx.case_worker.clone(),
        };
        if self.registry.register_case(&provisional, &change).await? {
            tracing::info!(query_id = %query.query_id, "case registered at its first query");
            return Ok(decision);
        }
        // Registered by someone else meanwhile: decide on what is stored.
        let case = self.registry.case(&ctx.organisation, &ctx.case_id).await?;
        Ok(decide(policy, &attempt, connection.as_ref(), case.as_ref()))
    }
}

#[cfg(test)]
mod tests;
