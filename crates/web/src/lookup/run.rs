//! Runs a checked look-up: registers the household through the case registry (as
//! `PUT /api/v1/cases/{id}/household`), then one audited composite query per member through
//! the orchestrator, with the signed-in user as case worker.

use std::collections::BTreeSet;
use std::sync::Arc;

use jiff::Timestamp;
use underlag_audit::Channel;
use underlag_registry::Reason;
use underlag_service::{Attribution, CaseError, CaseRequest, CompositeQuery, QueryError};

use super::{FieldError, Lookup, LookupInput, MemberLookup};
use crate::session::User;
use crate::state::WebState;

/// Why a look-up produced no answers.
#[derive(Debug)]
pub enum LookupFailure {
    /// The registry or the binding refused it: shown on the form, naming the field.
    Refused(FieldError),
    /// The core could not be used (registry or audit down); nothing was shown.
    Unavailable,
}

/// The form field a refusal reason is about, and a Swedish message naming it.
fn refusal_message(reason: Reason) -> FieldError {
    let (field, message) = match reason {
        Reason::OrganisationUnknown
        | Reason::OrganisationSuspended
        | Reason::OrganisationEnded
        | Reason::CertificateMismatch
        | Reason::DataProcessorNotAllowed => (
            "sources",
            "Organisationens anslutning tillåter inte uppslag just nu. Kontakta administratören.",
        ),
        Reason::MissingCaseWorker => ("case_id", "Handläggare saknas: logga in igen."),
        Reason::MissingCaseId | Reason::CaseUnknown => {
            ("case_id", "Ärendeidentiteten är inte känd.")
        }
        Reason::CaseClosed => (
            "case_id",
            "Ärendet är avslutat; uppslag kan inte göras i det.",
        ),
        Reason::MissingPurpose | Reason::PurposeNotAllowed | Reason::MissingLegalBasis => {
            ("purpose", "Syftet är inte tillåtet.")
        }
        Reason::PeriodInFuture => ("period_from", "Perioden får inte börja efter dagens datum."),
        Reason::PeriodTooLong => ("period_from", "Perioden är för lång."),
        Reason::PersonNotInHousehold => (
            "members",
            "Hushållets medlemmar: en person finns inte i ärendets hushåll.",
        ),
    };
    FieldError {
        field,
        message: message.to_owned(),
    }
}

/// Runs the look-up for `user`; the result is not yet in the session.
pub async fn run_lookup(
    state: &WebState,
    user: &User,
    input: LookupInput,
) -> Result<Lookup, LookupFailure> {
    let core = &state.0;
    let config = &core.config;
    let purpose = config
        .purpose(&input.purpose)
        .ok_or_else(|| LookupFailure::Refused(refusal_message(Reason::PurposeNotAllowed)))?;
    let started_at = Timestamp::now();
    let connection = core
        .registry
        .connection(&config.organisation)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "the connection registry could not be read");
            LookupFailure::Unavailable
        })?;
    let organisation_name = connection
        .as_ref()
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let request = CaseRequest {
        id: uuid::Uuid::new_v4().to_string(),
        channel: Channel::Ui,
        organisation: config.organisation.clone(),
        caller: None,
        case_id: input.case_id.clone(),
        case_worker: user.id.clone(),
        purpose: purpose.code.clone(),
        legal_basis: purpose.legal_basis.clone(),
    };
    let household: BTreeSet<_> = input.members.iter().cloned().collect();
    match core.orchestrator.set_household(&request, &household).await {
        Ok(_) => {}
        Err(CaseError::Refused(refusal)) => {
            return Err(LookupFailure::Refused(refusal_message(refusal.reason)));
        }
        Err(CaseError::NotFound) => {
            return Err(LookupFailure::Refused(refusal_message(Reason::CaseUnknown)));
        }
        Err(e) => {
            tracing::error!(error = %e, "the household could not be registered");
            return Err(LookupFailure::Unavailable);
        }
    }
    let queries = input.members.iter().map(|person| {
        let query = CompositeQuery {
            query_id: uuid::Uuid::new_v4().to_string(),
            attribution: Attribution {
                organisation: config.organisation.clone(),
                organisation_name: organisation_name.clone(),
                case_worker: user.id.clone(),
                case_id: input.case_id.clone(),
                purpose: purpose.code.clone(),
                legal_basis: purpose.legal_basis.clone(),
                data_processors: Vec::new(),
                correlation_id: None,
            },
            person: person.clone(),
            period: input.period,
            sources: input.sources.clone(),
            source_periods: Default::default(),
            lefi_request: None,
            channel: Channel::Ui,
            caller: None,
        };
        core.orchestrator.run(query)
    });
    let answers = futures::future::join_all(queries).await;
    let mut members = Vec::with_capacity(answers.len());
    for (person, answer) in input.members.iter().zip(answers) {
        match answer {
            Ok(answer) => members.push(MemberLookup {
                personnummer: person.clone(),
                answer: Arc::new(answer),
            }),
            Err(QueryError::Refused { reason, .. }) => {
                return Err(LookupFailure::Refused(refusal_message(reason)));
            }
            Err(e) => {
                tracing::error!(error = %e, "a composite query failed");
                return Err(LookupFailure::Unavailable);
            }
        }
    }
    Ok(Lookup {
        id: uuid::Uuid::new_v4().to_string(),
        case_id: input.case_id,
        application_month: input.application_month,
        period: input.period,
        purpose: input.purpose,
        started_at,
        members,
    })
}
