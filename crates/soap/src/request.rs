//! Reading `hamtaBastjanstInformation` (`SammansattBastjanstFraga`) into a checked question,
//! and turning that into the channel-neutral, parsed [`CompositeQuery`] the core admits
//! (nothing the core decides is filled in: entitlements, the fallback LEFI actor id).
//!
//! Every problem is collected and reported at once as one `SSBT-003` fault whose messages
//! name the fields by their path below `hamtaBastjanstInformation`; values are never echoed.
//! Free-text fields follow [`underlag_domain::free_text`], as in REST. Elements are matched
//! by local name in the ssbt/10 namespace; unknown elements are ignored. A provider with `inkludera="false"` is not read further.

mod reader;

use std::collections::{BTreeMap, BTreeSet};

use roxmltree::Node;
use underlag_domain::{LefiActorId, Organisationsnummer, Period, Personnummer, SourceId};
use underlag_service::registry::PeriodRule;
use underlag_service::{
    Attribution, CallerIdentity, Channel, CompositeQuery, DataProcessor, LefiFraga,
};

use crate::fault::{Fault, Felkod};
use crate::lefi_request::LefiRequest;

#[cfg(test)]
use reader::is_xsd_datetime;

/// A checked `hamtaBastjanstInformation`.
#[derive(Debug, Clone)]
pub(crate) struct HamtaFraga {
    /// `frageTidpunkt` as sent (a valid `xsd:dateTime`), echoed in the answer.
    pub(crate) frage_tidpunkt: Option<String>,
    /// `korrelationsid`, echoed in the answer.
    pub(crate) korrelationsid: Option<String>,
    /// `fraganSkallInkluderasISvaret`.
    pub(crate) echo: bool,
    pub(crate) organisation: Organisationsnummer,
    pub(crate) organisation_name: String,
    pub(crate) case_worker: String,
    pub(crate) person: Personnummer,
    pub(crate) case_id: String,
    pub(crate) period: Period,
    pub(crate) data_processors: Vec<DataProcessor>,
    pub(crate) purpose: String,
    pub(crate) legal_basis: String,
    /// All seven, in contract order.
    pub(crate) providers: Vec<ProviderFraga>,
}

/// One provider's part of `specifikaFrageparametrar`.
#[derive(Debug, Clone)]
pub(crate) struct ProviderFraga {
    pub(crate) source: SourceId,
    pub(crate) inkludera: bool,
    /// The provider's own `tidsperiod`, overriding the general one.
    pub(crate) period: Option<Period>,
    /// FK's `fraga`, when given.
    pub(crate) fk: Option<FkFraga>,
}

/// FK's `fraga` (`ForsakringskassanFraga`).
#[derive(Debug, Clone)]
pub(crate) struct FkFraga {
    pub(crate) version: Option<String>,
    pub(crate) aktorsid: LefiActorId,
    /// `lefiJsonFraga` as sent, without whitespace.
    pub(crate) lefi_json_fraga: String,
    /// The checked LEFI request, or why it cannot be sent.
    pub(crate) checked: Result<LefiRequest, Vec<String>>,
}

/// Settings that shape validation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RequestLimits {
    /// The core's period rule: a period longer than [`PeriodRule::max_days`] is refused here.
    pub(crate) period: PeriodRule,
}

impl HamtaFraga {
    /// Reads and checks the request element.
    pub(crate) fn read(root: Node<'_, '_>, limits: RequestLimits) -> Result<Self, Fault> {
        reader::read(root, limits).map_err(|messages| Fault {
            messages,
            ..Fault::client(Felkod::InvalidField, "")
        })
    }

    /// Whether a provider is included.
    pub(crate) fn includes(&self, source: SourceId) -> bool {
        self.providers
            .iter()
            .any(|p| p.source == source && p.inkludera)
    }

    /// Why FK's LEFI request cannot be sent, when it cannot.
    pub(crate) fn lefi_refusal(&self) -> Option<&[String]> {
        let fk = self.provider(SourceId::Fk)?;
        let checked = &fk.fk.as_ref()?.checked;
        (fk.inkludera).then_some(checked.as_ref().err()?.as_slice())
    }

    pub(crate) fn provider(&self, source: SourceId) -> Option<&ProviderFraga> {
        self.providers.iter().find(|p| p.source == source)
    }

    /// The composite query asked by `caller`: included providers (FK only with a sendable
    /// LEFI request), per-provider periods, the LEFI request with the actor id it names,
    /// channel SOAP. Without an FK `fraga` no actor id is named: the core chooses one.
    pub(crate) fn to_query(
        &self,
        query_id: String,
        caller: Option<CallerIdentity>,
    ) -> CompositeQuery {
        let mut sources = BTreeSet::new();
        let mut source_periods = BTreeMap::new();
        let mut lefi_request = None;
        for p in self.providers.iter().filter(|p| p.inkludera) {
            if let Some(period) = p.period {
                source_periods.insert(p.source, period);
            }
            if let Some(fk) = &p.fk {
                let Ok(checked) = &fk.checked else { continue };
                lefi_request = Some(LefiFraga {
                    actor_id: fk.aktorsid.clone(),
                    body: checked.json.clone(),
                });
                source_periods.insert(p.source, checked.period);
            }
            sources.insert(p.source);
        }
        CompositeQuery {
            query_id,
            attribution: Attribution {
                organisation: self.organisation.clone(),
                organisation_name: self.organisation_name.clone(),
                case_worker: self.case_worker.clone(),
                case_id: self.case_id.clone(),
                purpose: self.purpose.clone(),
                legal_basis: self.legal_basis.clone(),
                data_processors: self.data_processors.clone(),
                correlation_id: self.korrelationsid.clone(),
            },
            person: self.person.clone(),
            period: self.period,
            sources,
            source_periods,
            lefi_request,
            channel: Channel::Soap,
            caller,
        }
    }
}

#[cfg(test)]
mod tests;
