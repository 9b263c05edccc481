//! The binding policy: may this organisation, for this case, purpose and period, ask about
//! this person, and which of the requested sources may it receive?
//!
//! [`decide`] is a pure function of the attempt, the organisation's [`Connection`] and the
//! [`Case`]; it returns a [`Refusal`] with a stable [`Reason`] code and the field at fault, or
//! a [`Grant`]. The checks run in a fixed order, so one attempt always gets the same reason:
//!
//! 1. the organisation: known (`organisation_unknown`), the caller's certificate registered
//!    for it (`certificate_mismatch`), its connection active (`organisation_suspended`,
//!    `organisation_ended`), every named data processor allowed (`data_processor_not_allowed`);
//! 2. the attribution every query must carry (`missing_case_worker`, `missing_case_id`,
//!    `missing_purpose`, `missing_legal_basis`) and an allowed purpose (`purpose_not_allowed`),
//!    [`check_attribution`], which a read of a case's household passes too;
//! 3. the period, and each per-source period: not starting after today (`period_in_future`)
//!    and not longer than the configured number of months (`period_too_long`): the one
//!    [`PeriodRule`], whose [`PeriodRule::max_days`] is also the doors' bound;
//! 4. the case: registered (`case_unknown`), open (`case_closed`), and the person in its
//!    household (`person_not_in_household`).
//!
//! **Certificate identity.** The caller's certificate fingerprint is an `Option`: `Some` when
//! the channel authenticated the caller with a client certificate (mTLS), and then the
//! organisation named in the message must be the one the certificate is registered for;
//! `None` when no TLS identity is available (plain HTTP behind a trusted proxy, tests, the
//! CLI), and then only the organisation named in the message is used and the certificate
//! check is skipped.
//!
//! **LEFI actor id.** A grant names the actor id the FK source is asked with: the one the
//! connection registers, else the one the request itself names (a v10 `aktorsid`), else the
//! configured fallback ([`PolicyConfig::default_lefi_actor_id`]); this is the only place
//! that choice is made.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use jiff::civil::Date;
use underlag_domain::{
    Fingerprint, LefiActorId, Organisationsnummer, Period, Personnummer, SourceId,
};

use crate::model::{Case, Connection, ConnectionStatus};
use crate::period_rule::PeriodRule;

mod reason;

pub use reason::Reason;

/// Why an attempt was refused: the reason code, the request field at fault (a JSON path such
/// as `period` or `data_processors[1].organisation`) and an English message naming it. The
/// message never contains an input value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct Refusal {
    /// The stable reason code.
    pub reason: Reason,
    /// The field at fault.
    pub field: String,
    /// What is wrong, without input values.
    pub message: String,
}

impl Refusal {
    /// A refusal with `reason` at `field`; `message` must not hold an input value.
    pub fn new(reason: Reason, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            reason,
            field: field.into(),
            message: message.into(),
        }
    }
}

/// What an allowed attempt may receive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// Requested sources the organisation is not entitled to (not in its agreement, or
    /// without the legal basis a source needs): answered `not_entitled`, never called.
    pub not_entitled: BTreeSet<SourceId>,
    /// The LEFI actor id the FK source is asked with: the connection's, else the request's,
    /// else the configured fallback; `None` when there is none of them.
    pub lefi_actor_id: Option<LefiActorId>,
    /// The purpose code the request's free-text `syfte` was mapped to by one of the
    /// connection's registered syfte texts; `None` when the text named a purpose itself.
    pub mapped_purpose: Option<String>,
}

/// The policy's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// The attempt may go ahead.
    Allow(Grant),
    /// The attempt is refused; no source may be called.
    Refuse(Refusal),
}

/// One allowed purpose (syfte): a code and its Swedish label.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Purpose {
    /// The code, e.g. `EKB-UTREDNING`.
    pub code: String,
    /// The Swedish label, e.g. `Utredning av rätt till ekonomiskt bistånd`.
    pub label: String,
}

impl Purpose {
    /// A purpose from its code and label.
    pub fn new(code: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            label: label.into(),
        }
    }

    /// Whether a request's purpose text names this purpose: it is the code or the label, or
    /// starts with either followed by a character that is not a letter or digit (so
    /// `EKB-UTREDNING: ansökan mars` matches and `EKB-UTREDNINGAR` does not). Case and
    /// surrounding whitespace are ignored.
    pub fn matches(&self, text: &str) -> bool {
        let text = text.trim().to_lowercase();
        [&self.code, &self.label].into_iter().any(|key| {
            let key = key.trim().to_lowercase();
            !key.is_empty()
                && text
                    .strip_prefix(&key)
                    .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
        })
    }
}

/// The policy's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyConfig {
    /// The purposes a query may state.
    pub purposes: Vec<Purpose>,
    /// The longest period, in calendar months: `to` must fall before `from` plus this many
    /// months (12 allows 2025-11-01..2026-10-31 but not ..2026-11-01). The one period setting:
    /// see [`PolicyConfig::period_rule`].
    pub max_period_months: u32,
    /// The LEFI actor id of an organisation whose connection registers none (when the
    /// request names none either); `None`: no fallback.
    pub default_lefi_actor_id: Option<LefiActorId>,
}

impl PolicyConfig {
    /// The period rule in force (the binding's check, and the doors' bound on a period).
    pub fn period_rule(&self) -> PeriodRule {
        PeriodRule::new(self.max_period_months)
    }
}

impl Default for PolicyConfig {
    fn default() -> Self {
        Self {
            purposes: vec![
                Purpose::new("EKB-UTREDNING", "Utredning av rätt till ekonomiskt bistånd"),
                Purpose::new(
                    "EKB-KONTROLL",
                    "Kontroll av uppgifter i ärende om ekonomiskt bistånd",
                ),
                Purpose::new(
                    "EKB-UPPFOLJNING",
                    "Uppföljning av beviljat ekonomiskt bistånd",
                ),
            ],
            max_period_months: PeriodRule::DEFAULT_MAX_MONTHS,
            default_lefi_actor_id: None,
        }
    }
}

/// One query attempt, as the policy sees it.
#[derive(Debug, Clone)]
pub struct Attempt<'a> {
    /// The organisation named in the message.
    pub organisation: &'a Organisationsnummer,
    /// The SHA-256 fingerprint of the caller's client certificate, when the channel has one
    /// (see the module documentation).
    pub certificate_fingerprint: Option<&'a Fingerprint>,
    /// The case worker (handläggare).
    pub case_worker: &'a str,
    /// The case id.
    pub case_id: &'a str,
    /// The purpose (syfte).
    pub purpose: &'a str,
    /// The legal basis (lagtext).
    pub legal_basis: &'a str,
    /// The data processors named in the message, in order.
    pub data_processors: &'a [Organisationsnummer],
    /// The person asked about.
    pub person: &'a Personnummer,
    /// The general period.
    pub period: Period,
    /// Per-source periods.
    pub source_periods: &'a BTreeMap<SourceId, Period>,
    /// The sources asked for.
    pub sources: &'a BTreeSet<SourceId>,
    /// The LEFI actor id the request itself names (a v10 `aktorsid`), if any; a registered
    /// one wins over it.
    pub lefi_actor_id: Option<&'a LefiActorId>,
    /// Today's date (for the period checks).
    pub today: Date,
    /// The current instant (for the case checks).
    pub now: Timestamp,
}

/// Checks the organisation's identity and connection status (step 1 of [`decide`] without the
/// data processors): used by every entry point that acts for an organisation.
pub fn check_connection<'c>(
    organisation: &Organisationsnummer,
    certificate_fingerprint: Option<&Fingerprint>,
    connection: Option<&'c Connection>,
) -> Result<&'c Connection, Refusal> {
    let connection = match connection {
        Some(c) if &c.organisation == organisation => c,
        _ => {
            return Err(Refusal::new(
                Reason::OrganisationUnknown,
                "organisation",
                "no connection is registered for this organisation",
            ));
        }
    };
    if let Some(fingerprint) = certificate_fingerprint
        && !connection.has_fingerprint(fingerprint)
    {
        return Err(Refusal::new(
            Reason::CertificateMismatch,
            "organisation",
            "the organisation does not match the client certificate's registry entry",
        ));
    }
    match connection.status {
        ConnectionStatus::Active => Ok(connection),
        ConnectionStatus::Suspended => Err(Refusal::new(
            Reason::OrganisationSuspended,
            "organisation",
            "the organisation's connection is suspended",
        )),
        ConnectionStatus::Ended => Err(Refusal::new(
            Reason::OrganisationEnded,
            "organisation",
            "the organisation's connection has ended",
        )),
    }
}

/// Checks the attribution every query carries (step 2 of [`decide`]): a case worker, a case
/// id, a purpose and a legal basis, none blank, and a purpose among the configured ones. A
/// read of a case's household carries, and passes, the same.
pub fn check_attribution(
    config: &PolicyConfig,
    case_worker: &str,
    case_id: &str,
    purpose: &str,
    legal_basis: &str,
) -> Result<(), Refusal> {
    check_present(case_worker, case_id, purpose, legal_basis)?;
    if config.purposes.iter().any(|p| p.matches(purpose)) {
        return Ok(());
    }
    Err(purpose_not_allowed(config))
}

/// [`check_attribution`] for a query of `connection`: a purpose text that names no purpose
/// itself passes when it is one of the connection's registered syfte texts (or fits one of
/// its patterns) mapped to a configured purpose; that purpose's code is returned.
pub fn check_attribution_for(
    config: &PolicyConfig,
    connection: &Connection,
    case_worker: &str,
    case_id: &str,
    purpose: &str,
    legal_basis: &str,
) -> Result<Option<String>, Refusal> {
    check_present(case_worker, case_id, purpose, legal_basis)?;
    if config.purposes.iter().any(|p| p.matches(purpose)) {
        return Ok(None);
    }
    let allowed: Vec<crate::syfte::SyfteMapping> = connection
        .syfte_mappings
        .iter()
        .filter(|m| config.purposes.iter().any(|p| p.code == m.purpose))
        .cloned()
        .collect();
    match crate::syfte::find_mapping(&allowed, purpose) {
        Some(mapping) => Ok(Some(mapping.purpose.clone())),
        None => Err(purpose_not_allowed(config)),
    }
}

fn check_present(
    case_worker: &str,
    case_id: &str,
    purpose: &str,
    legal_basis: &str,
) -> Result<(), Refusal> {
    for (reason, field, value) in [
        (Reason::MissingCaseWorker, "case_worker", case_worker),
        (Reason::MissingCaseId, "case_id", case_id),
        (Reason::MissingPurpose, "purpose", purpose),
        (Reason::MissingLegalBasis, "legal_basis", legal_basis),
    ] {
        if value.trim().is_empty() {
            return Err(Refusal::new(reason, field, "must be given"));
        }
    }
    Ok(())
}

fn purpose_not_allowed(config: &PolicyConfig) -> Refusal {
    let codes: Vec<&str> = config.purposes.iter().map(|p| p.code.as_str()).collect();
    Refusal::new(
        Reason::PurposeNotAllowed,
        "purpose",
        format!(
            "must be one of the allowed purposes ({}), its label, or a syfte text registered for the connection",
            codes.join(", ")
        ),
    )
}

/// Decides one attempt (see the module documentation for the order of the checks).
pub fn decide(
    config: &PolicyConfig,
    attempt: &Attempt<'_>,
    connection: Option<&Connection>,
    case: Option<&Case>,
) -> Decision {
    match check(config, attempt, connection, case) {
        Ok(grant) => Decision::Allow(grant),
        Err(refusal) => Decision::Refuse(refusal),
    }
}

fn check(
    config: &PolicyConfig,
    attempt: &Attempt<'_>,
    connection: Option<&Connection>,
    case: Option<&Case>,
) -> Result<Grant, Refusal> {
    let connection = check_connection(
        attempt.organisation,
        attempt.certificate_fingerprint,
        connection,
    )?;
    for (i, processor) in attempt.data_processors.iter().enumerate() {
        if !connection.allows_processor(processor) {
            return Err(Refusal::new(
                Reason::DataProcessorNotAllowed,
                format!("data_processors[{i}].organisation"),
                "this data processor is not registered for the organisation",
            ));
        }
    }
    let mapped_purpose = check_attribution_for(
        config,
        connection,
        attempt.case_worker,
        attempt.case_id,
        attempt.purpose,
        attempt.legal_basis,
    )?;
    let period_rule = config.period_rule();
    period_rule.check("period", attempt.period, attempt.today)?;
    for (source, period) in attempt.source_periods {
        period_rule.check(
            &format!("source_periods.{}", source.code()),
            *period,
            attempt.today,
        )?;
    }
    let Some(case) = case
        .filter(|c| &c.organisation == attempt.organisation && c.case_id == attempt.case_id.trim())
    else {
        return Err(Refusal::new(
            Reason::CaseUnknown,
            "case_id",
            "no case with this id is registered for the organisation",
        ));
    };
    if case.is_closed_at(attempt.now) {
        return Err(Refusal::new(
            Reason::CaseClosed,
            "case_id",
            "the case is closed",
        ));
    }
    if !case.household.contains(attempt.person) {
        return Err(Refusal::new(
            Reason::PersonNotInHousehold,
            "person",
            "the person is not in the household of the case",
        ));
    }
    Ok(Grant {
        not_entitled: attempt
            .sources
            .iter()
            .copied()
            .filter(|s| !connection.is_entitled_to(*s))
            .collect(),
        lefi_actor_id: connection
            .lefi_actor_id
            .as_ref()
            .or(attempt.lefi_actor_id)
            .or(config.default_lefi_actor_id.as_ref())
            .cloned(),
        mapped_purpose,
    })
}

#[cfg(test)]
mod tests;
