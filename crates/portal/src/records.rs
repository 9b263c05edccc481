//! What the portal shows a person about themselves from the gateway's records: every lookup
//! of them in the audit chain ("vem har tittat på mina uppgifter?") as a register extract
//! signed with the checkpoint key, and their applications' status events.
//!
//! Every view of the lookups (the page, the JSON download, the printable page) is itself
//! audited as `register_extract` before anything is shown: when that record cannot be
//! appended the person gets an error page, never the data (fail closed).

use std::sync::Arc;

use jiff::Timestamp;
use underlag_audit::{
    AuditKind, AuditRecord, Channel, RegisterExtract, SigningKey, WhoLookedOptions, sign_extract,
};
use underlag_store::{ConsentStore, EventRow, RegistryStore};

use crate::errors::PortalError;
use crate::session::Applicant;
use crate::state::PortalState;

/// What the records pages read, given by the gateway ([`PortalState::attach_records`]).
pub struct RecordPorts {
    /// The connection registry (each asking organisation's name and unit).
    pub registry: Arc<dyn RegistryStore>,
    /// Where the case system's status events are kept.
    pub events: Arc<dyn ConsentStore>,
    /// The audit checkpoint key the register extract is signed with.
    pub signing_key: SigningKey,
    /// Whether case workers are named, and whether a protected person sees the unit
    /// (`[consent]` `name_case_workers`, `show_unit_when_protected`).
    pub options: WhoLookedOptions,
}

// Debug names the type only: it holds a secret key.
impl std::fmt::Debug for RecordPorts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordPorts").finish_non_exhaustive()
    }
}

/// Which view of the lookups was given (in the audit record).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtractView {
    /// The page `/mina-sidor/insyn`.
    Page,
    /// The signed JSON file.
    Json,
    /// The printable page.
    Printable,
}

impl ExtractView {
    fn code(self) -> &'static str {
        match self {
            ExtractView::Page => "page",
            ExtractView::Json => "json",
            ExtractView::Printable => "printable",
        }
    }
}

/// The ports, or an internal error when the gateway gave none.
pub(crate) fn ports(state: &PortalState) -> Result<&RecordPorts, PortalError> {
    state.0.records.get().ok_or_else(|| {
        tracing::error!("the portal's records are not configured");
        PortalError::Internal
    })
}

/// The signed-in person's register extract and its signed text, after its `register_extract`
/// audit record is appended (fail closed). A person with protected identity sees no unit
/// unless `show_unit_when_protected`.
pub async fn register_extract(
    state: &PortalState,
    applicant: &Applicant,
    view: ExtractView,
) -> Result<(RegisterExtract, String), PortalError> {
    let ports = ports(state)?;
    let me = &applicant.personnummer;
    let (mut lookups, head) = underlag_store::who_looked::lookups_of(
        &*state.0.audit,
        &*ports.registry,
        me,
        ports.options,
    )
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "the lookups could not be read");
        PortalError::Internal
    })?;
    if applicant.protected && !ports.options.show_unit_when_protected {
        for lookup in &mut lookups {
            lookup.unit = None;
        }
    }
    let now = Timestamp::now();
    let extract = RegisterExtract::new(me, now, head, ports.options, lookups);
    let text = sign_extract(&extract, &ports.signing_key).map_err(|e| {
        tracing::error!(error = %e, "the register extract could not be signed");
        PortalError::Internal
    })?;
    let record = AuditRecord::builder(
        AuditKind::RegisterExtract,
        uuid::Uuid::new_v4().to_string(),
        now,
        Channel::Ui,
    )
    .organisation_str(state.0.config.organisation.ten_digits())
    .case_worker("sokande")
    .subject(me)
    .protected(applicant.protected)
    .refusal(format!(
        "register extract ({}) of {} lookups up to seq {head}",
        view.code(),
        extract.lookups.len()
    ))
    .build();
    state.0.audit.append(record).await.map_err(|e| {
        tracing::error!(error = %e, "a register extract's audit record could not be written");
        PortalError::Internal
    })?;
    tracing::info!(view = view.code(), "register extract given");
    Ok((extract, text))
}

/// An application's status events in the order received.
pub async fn events_of(
    state: &PortalState,
    application_id: &str,
) -> Result<Vec<EventRow>, PortalError> {
    ports(state)?
        .events
        .events(application_id)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "status events could not be read");
            PortalError::Internal
        })
}
