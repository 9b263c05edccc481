//! The audit of reading what the applicant supplied (applications, their status events) or
//! consented to (bank data) for a case: one `case_read` record per member of the look-up's
//! household, naming the organisation, the signed-in case worker, the case, the look-up's
//! purpose and its legal basis, written **before** anything is read. Fail closed: when a
//! record cannot be written, nothing of it is shown.

use jiff::Timestamp;
use underlag_audit::{AuditRecord, Channel};

use crate::auth::SignedIn;
use crate::lookup::Lookup;
use crate::state::WebState;

/// The read could not be audited, so nothing may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAudited;

/// Writes the `case_read` records of reading the applicant's data of `lookup`'s household
/// (one per member, sharing one id); nothing when the UI is given no applicant data to read.
pub async fn record(
    state: &WebState,
    signed: &SignedIn,
    lookup: &Lookup,
) -> Result<(), NotAudited> {
    if state.0.applications.get().is_none() && state.0.consents.get().is_none() {
        return Ok(());
    }
    let config = state.config();
    let legal_basis = config
        .purpose(&lookup.purpose)
        .map(|p| p.legal_basis.clone())
        .unwrap_or_default();
    let id = uuid::Uuid::new_v4().to_string();
    let at = Timestamp::now();
    for member in &lookup.members {
        let record = AuditRecord::case_read(
            id.clone(),
            at,
            Channel::Ui,
            lookup.case_id.clone(),
            &member.personnummer,
        )
        .organisation(&config.organisation)
        .case_worker(signed.user.id.clone())
        .purpose(lookup.purpose.clone())
        .legal_basis(legal_basis.clone())
        .protected(member.answer.protected)
        .build();
        if let Err(e) = state.0.audit.append(record).await {
            tracing::error!(
                error = %e,
                "reading the applicant's data could not be audited; not shown"
            );
            return Err(NotAudited);
        }
    }
    Ok(())
}
