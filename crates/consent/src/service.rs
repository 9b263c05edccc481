//! The consent lifecycle: give, fetch, revoke, and read back, over the store's consent tables
//! and the consent-based sources.
//!
//! - Giving asks the provider for its consent resource; whatever it answers, the consent is
//!   stored with what it said and audited (`consent_given`).
//! - A fetch is refused before any provider call unless the consent is in force (not revoked,
//!   not expired, accepted by the provider): [`ConsentError::NotInForce`]. Otherwise its
//!   result is stored and audited (`bank_fetch`): the data, or [`Fetched::Missing`] with the
//!   cause ("kontouppgifter saknas"), never an empty account.
//! - Revoking is recorded and audited (`consent_revoked`) first; ending the provider's
//!   resource after it is best effort, since Underlag itself never fetches again.
//!
//! Each write commits with its audit record or not at all. Logs carry ids, source codes and
//! outcome codes only: never an account number, an amount or a personnummer.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use underlag_audit::{AuditKind, AuditRecord, Channel, SourceAuditEntry};
use underlag_domain::Personnummer;
use underlag_store::{ConsentRow, ConsentStore, FetchRow, StoreError};

use crate::account_data::AccountData;
use crate::consent::{Consent, ConsentPeriod, ConsentRequest, ConsentState, Iban, ProviderStatus};
use crate::source::{ConsentSource, ConsentSourceKind, SourceFailure};

/// Why a consent operation could not be carried out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConsentError {
    /// The consent is revoked, expired or was not accepted: nothing is fetched.
    #[error("the consent is not in force ({0:?})")]
    NotInForce(ConsentState),
    /// No consent of this person has that id.
    #[error("no such consent")]
    NotFound,
    /// The source is not configured.
    #[error("the consent-based source is not configured")]
    SourceNotConfigured,
    /// The store failed (nothing was recorded, nothing is shown).
    #[error("store: {0}")]
    Store(#[from] StoreError),
    /// A stored row cannot be read back.
    #[error("a stored consent cannot be read: {0}")]
    Corrupt(&'static str),
}

/// A fetch's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The data came.
    Data(AccountData),
    /// It did not: "kontouppgifter saknas", with why.
    Missing(SourceFailure),
}

/// One fetch as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetch {
    /// The fetch's id.
    pub id: String,
    /// The consent it was made under (the consent reference).
    pub consent_id: String,
    /// When.
    pub at: Timestamp,
    /// What came.
    pub result: Fetched,
}

/// A consent with its latest fetch, for the applicant's page and the case worker's overview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentWithFetch {
    /// The consent.
    pub consent: Consent,
    /// Its latest fetch, if any.
    pub latest: Option<Fetch>,
}

/// Who the records are written for: the municipality the portal serves, and the channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentContext {
    /// The municipality's organisationsnummer (10 digits).
    pub organisation: String,
    /// How the applicant acts (the portal is a web UI).
    pub channel: Channel,
}

/// The actor named in the audit records an applicant's own action writes.
pub const APPLICANT_ACTOR: &str = "sokande";

// Debug names the type only: its fields are handles.
impl std::fmt::Debug for ConsentService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConsentService").finish_non_exhaustive()
    }
}

/// The consent lifecycle.
#[derive(Clone)]
pub struct ConsentService {
    store: Arc<dyn ConsentStore>,
    sources: BTreeMap<ConsentSourceKind, Arc<dyn ConsentSource>>,
    context: ConsentContext,
}

impl ConsentService {
    /// The service over `store` with `sources`.
    pub fn new(
        store: Arc<dyn ConsentStore>,
        sources: Vec<Arc<dyn ConsentSource>>,
        context: ConsentContext,
    ) -> Self {
        Self {
            store,
            sources: sources.into_iter().map(|s| (s.kind(), s)).collect(),
            context,
        }
    }

    fn source(&self, kind: ConsentSourceKind) -> Result<&Arc<dyn ConsentSource>, ConsentError> {
        self.sources
            .get(&kind)
            .ok_or(ConsentError::SourceNotConfigured)
    }

    fn record(
        &self,
        kind: AuditKind,
        id: &str,
        at: Timestamp,
        subject: &Personnummer,
    ) -> underlag_audit::AuditRecordBuilder {
        AuditRecord::builder(kind, id, at, self.context.channel)
            .organisation_str(self.context.organisation.clone())
            .case_worker(APPLICANT_ACTOR)
            .subject(subject)
    }

    /// Gives a consent: asks the provider, stores and audits it, whatever the provider said.
    pub async fn give(
        &self,
        subject: &Personnummer,
        request: ConsentRequest,
        now: Timestamp,
    ) -> Result<Consent, ConsentError> {
        let source = self.source(request.source)?;
        let provider = source
            .create_consent(subject, &request.account, request.valid_until)
            .await;
        let (provider_consent_id, provider_status) = match provider {
            Ok(p) => (Some(p.id), p.status),
            Err(SourceFailure::ConsentRefused) => (None, ProviderStatus::Rejected),
            Err(_) => (None, ProviderStatus::Unavailable),
        };
        let consent = Consent {
            id: uuid::Uuid::new_v4().to_string(),
            subject: subject.clone(),
            source: request.source,
            account: request.account,
            period: request.period,
            valid_until: request.valid_until,
            given_at: now,
            provider_consent_id,
            provider_status,
            revoked_at: None,
        };
        let record = self
            .record(AuditKind::ConsentGiven, &consent.id, now, subject)
            .period(consent.period.as_period())
            .refusal(format!(
                "consent {} source {} valid_until {} provider {}",
                consent.id,
                consent.source.slug(),
                consent.valid_until,
                provider_status.code()
            ))
            .build();
        self.store.insert_consent(&to_row(&consent), record).await?;
        tracing::info!(
            consent = %consent.id,
            source = consent.source.slug(),
            provider = provider_status.code(),
            "consent given"
        );
        Ok(consent)
    }

    /// The person's consent with this id.
    pub async fn consent(&self, subject: &Personnummer, id: &str) -> Result<Consent, ConsentError> {
        match self.store.consent(id).await? {
            Some(row) if &row.subject == subject => from_row(row),
            _ => Err(ConsentError::NotFound),
        }
    }

    /// Revokes the person's consent: recorded and audited, then the provider's resource is
    /// ended (best effort). Revoking twice is `NotInForce(Revoked)`.
    pub async fn revoke(
        &self,
        subject: &Personnummer,
        id: &str,
        now: Timestamp,
    ) -> Result<Consent, ConsentError> {
        let mut consent = self.consent(subject, id).await?;
        if consent.revoked_at.is_some() {
            return Err(ConsentError::NotInForce(ConsentState::Revoked));
        }
        let record = self
            .record(AuditKind::ConsentRevoked, &consent.id, now, subject)
            .refusal(format!("consent {} revoked", consent.id))
            .build();
        match self.store.revoke_consent(&consent.id, now, record).await {
            Ok(()) => {}
            Err(StoreError::Conflict(_)) => {
                return Err(ConsentError::NotInForce(ConsentState::Revoked));
            }
            Err(e) => return Err(e.into()),
        }
        consent.revoked_at = Some(now);
        if let (Some(provider_id), Ok(source)) =
            (&consent.provider_consent_id, self.source(consent.source))
            && let Err(failure) = source.revoke(provider_id).await
        {
            tracing::warn!(
                consent = %consent.id,
                failure = failure.code(),
                "the provider's consent could not be ended; Underlag will not use it again"
            );
        }
        tracing::info!(consent = %consent.id, "consent revoked");
        Ok(consent)
    }

    /// Fetches under the person's consent, on `today`: refused unless it is in force; the
    /// result (data, or missing with why) is stored and audited.
    pub async fn fetch(
        &self,
        subject: &Personnummer,
        id: &str,
        now: Timestamp,
        today: Date,
    ) -> Result<Fetch, ConsentError> {
        let consent = self.consent(subject, id).await?;
        match consent.state(today) {
            ConsentState::Active => {}
            ConsentState::NotAccepted => {
                // The provider never accepted it: the data is missing, recorded as such
                // (without a provider call), so the applicant is asked for statements.
                let failure = match consent.provider_status {
                    ProviderStatus::Rejected => SourceFailure::ConsentRefused,
                    _ => SourceFailure::Unavailable,
                };
                return self
                    .record_fetch(&consent, Fetched::Missing(failure), now, None)
                    .await;
            }
            state => return Err(ConsentError::NotInForce(state)),
        }
        let source = self.source(consent.source)?;
        let provider_id = consent
            .provider_consent_id
            .as_deref()
            .ok_or(ConsentError::Corrupt(
                "an accepted consent without a provider id",
            ))?;
        let started = tokio::time::Instant::now();
        let result = match source
            .fetch(provider_id, &consent.account, consent.period)
            .await
        {
            Ok(data) => Fetched::Data(data),
            Err(failure) => Fetched::Missing(failure),
        };
        let latency = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.record_fetch(&consent, result, now, Some(latency))
            .await
    }

    async fn record_fetch(
        &self,
        consent: &Consent,
        result: Fetched,
        now: Timestamp,
        latency_ms: Option<u64>,
    ) -> Result<Fetch, ConsentError> {
        let fetch = Fetch {
            id: uuid::Uuid::new_v4().to_string(),
            consent_id: consent.id.clone(),
            at: now,
            result,
        };
        let (outcome, reason, data) = match &fetch.result {
            Fetched::Data(data) => (
                "fetched",
                None,
                Some(serde_json::to_string(data).map_err(|_| ConsentError::Corrupt("data"))?),
            ),
            Fetched::Missing(failure) => ("missing", Some(failure.code().to_owned()), None),
        };
        let audit_outcome = match &fetch.result {
            Fetched::Data(_) => "ok",
            Fetched::Missing(failure) => failure.code(),
        };
        let record = self
            .record(AuditKind::BankFetch, &fetch.id, now, &consent.subject)
            .period(consent.period.as_period())
            .source(SourceAuditEntry {
                source: consent.source.audit_code().to_owned(),
                outcome: audit_outcome.to_owned(),
                latency_ms,
                attempts: u32::from(latency_ms.is_some()),
            })
            .refusal(format!("consent {} fetch {}", consent.id, fetch.id))
            .build();
        let row = FetchRow {
            id: fetch.id.clone(),
            consent_id: consent.id.clone(),
            at: now,
            outcome: outcome.to_owned(),
            reason,
            data,
        };
        self.store.insert_fetch(&row, record).await?;
        tracing::info!(
            consent = %consent.id,
            fetch = %fetch.id,
            outcome = audit_outcome,
            "consent fetch recorded"
        );
        Ok(fetch)
    }

    /// Every consent the person gave (newest first), each with its latest fetch.
    pub async fn consents(
        &self,
        subject: &Personnummer,
    ) -> Result<Vec<ConsentWithFetch>, ConsentError> {
        let mut out = Vec::new();
        for row in self.store.consents_of(subject).await? {
            let consent = from_row(row)?;
            let latest = self
                .store
                .fetches(&consent.id)
                .await?
                .into_iter()
                .last()
                .map(fetch_from_row)
                .transpose()?;
            out.push(ConsentWithFetch { consent, latest });
        }
        Ok(out)
    }

    /// Every fetch under the person's consent, oldest first.
    pub async fn fetches(
        &self,
        subject: &Personnummer,
        id: &str,
    ) -> Result<Vec<Fetch>, ConsentError> {
        let consent = self.consent(subject, id).await?;
        self.store
            .fetches(&consent.id)
            .await?
            .into_iter()
            .map(fetch_from_row)
            .collect()
    }
}

fn to_row(c: &Consent) -> ConsentRow {
    ConsentRow {
        id: c.id.clone(),
        subject: c.subject.clone(),
        source: c.source.slug().to_owned(),
        account: c.account.as_str().to_owned(),
        period_from: c.period.from(),
        period_to: c.period.to(),
        valid_until: c.valid_until,
        given_at: c.given_at,
        provider_consent_id: c.provider_consent_id.clone(),
        provider_status: c.provider_status.code().to_owned(),
        revoked_at: c.revoked_at,
    }
}

fn from_row(row: ConsentRow) -> Result<Consent, ConsentError> {
    Ok(Consent {
        source: ConsentSourceKind::from_slug(&row.source).ok_or(ConsentError::Corrupt("source"))?,
        account: Iban::parse(&row.account).map_err(|_| ConsentError::Corrupt("account"))?,
        period: ConsentPeriod::stored(row.period_from, row.period_to)
            .ok_or(ConsentError::Corrupt("period"))?,
        provider_status: ProviderStatus::from_code(&row.provider_status)
            .ok_or(ConsentError::Corrupt("provider status"))?,
        id: row.id,
        subject: row.subject,
        valid_until: row.valid_until,
        given_at: row.given_at,
        provider_consent_id: row.provider_consent_id,
        revoked_at: row.revoked_at,
    })
}

fn fetch_from_row(row: FetchRow) -> Result<Fetch, ConsentError> {
    let result = match row.outcome.as_str() {
        "fetched" => Fetched::Data(
            serde_json::from_str(row.data.as_deref().unwrap_or(""))
                .map_err(|_| ConsentError::Corrupt("fetched data"))?,
        ),
        "missing" => Fetched::Missing(
            row.reason
                .as_deref()
                .and_then(SourceFailure::from_code)
                .ok_or(ConsentError::Corrupt("missing reason"))?,
        ),
        _ => return Err(ConsentError::Corrupt("fetch outcome")),
    };
    Ok(Fetch {
        id: row.id,
        consent_id: row.consent_id,
        at: row.at,
        result,
    })
}
