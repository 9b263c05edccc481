//! Orchestrator tests with scripted adapters and a paused clock: deadlines, retries, the
//! circuit breaker, entitlement, protection and fail-closed auditing.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use async_trait::async_trait;
use jiff::civil::date;
use underlag_domain::model::{Address, PersonInfo, ProtectionKind, ProtectionMarker, SourceData};
use underlag_domain::{Organisationsnummer, Period, Personnummer, RawPayload};

use super::*;
use crate::port::Answer;
use crate::query::{Attribution, Channel};
use underlag_audit::AuditRecord;

#[derive(Clone, Copy)]
pub(super) enum Script {
    Ok,
    Protected,
    Hang,
    Unavailable,
    FailOnceThenOk,
    Rejected,
    Invalid,
}

pub(super) struct Scripted {
    pub(super) id: SourceId,
    pub(super) script: Script,
    pub(super) calls: AtomicU32,
    /// Every request it was given, in order.
    pub(super) requests: Mutex<Vec<SourceRequest>>,
}

fn raw() -> RawPayload {
    RawPayload {
        content_type: "application/xml".into(),
        body: "<x/>".into(),
    }
}

#[async_trait]
impl SourceAdapter for Scripted {
    fn source(&self) -> SourceId {
        self.id
    }

    async fn fetch(&self, request: &SourceRequest) -> Result<Answer, FetchError> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst);
        self.requests.lock().unwrap().push(request.clone());
        tokio::time::sleep(Duration::from_millis(20)).await;
        let ok = |data: SourceData| {
            Ok(Answer {
                outcome: Outcome::Ok {
                    data: Box::new(data),
                    warnings: vec![],
                },
                raw: raw(),
            })
        };
        match self.script {
            Script::Ok => ok(SourceData::default()),
            Script::Protected => ok(SourceData {
                person: Some(PersonInfo {
                    protection: vec![ProtectionMarker {
                        source: self.id,
                        kind: ProtectionKind::Protected,
                        field: "skyddad".into(),
                    }],
                    addresses: vec![Address {
                        kind: "folkbokforing".into(),
                        lines: vec!["Hemlig väg 1".into()],
                        postal_code: None,
                        town: None,
                        country: None,
                    }],
                    ..PersonInfo::default()
                }),
                ..SourceData::default()
            }),
            Script::Hang => std::future::pending().await,
            Script::Unavailable => Err(FetchError::Unavailable("HTTP 500".into())),
            Script::FailOnceThenOk if call == 0 => Err(FetchError::Unavailable("reset".into())),
            Script::FailOnceThenOk => ok(SourceData::default()),
            Script::Rejected => Err(FetchError::Rejected("HTTP 400".into())),
            Script::Invalid => Ok(Answer {
                outcome: Outcome::InvalidResponse { violations: vec![] },
                raw: raw(),
            }),
        }
    }

    async fn ping(&self) -> Result<bool, FetchError> {
        Ok(true)
    }
}

#[derive(Default)]
pub(super) struct MemoryAudit {
    pub(super) events: Mutex<Vec<AuditRecord>>,
    pub(super) fail: bool,
}

#[async_trait]
impl AuditSink for MemoryAudit {
    async fn append(&self, event: AuditRecord) -> Result<u64, AuditFailure> {
        if self.fail {
            return Err(AuditFailure("disk full".into()));
        }
        let mut events = self.events.lock().unwrap();
        events.push(event);
        Ok(events.len() as u64)
    }
}

/// The organisation of [`query`], connected with every source.
pub(super) fn connection() -> underlag_registry::Connection {
    underlag_registry::Connection {
        organisation: Organisationsnummer::parse("2120000142").unwrap(),
        name: "Exempelkommun".into(),
        committee_unit: "Socialnämnden".into(),
        certificate_fingerprints: vec![],
        lefi_actor_id: None,
        entitled_sources: SourceId::ALL.into_iter().collect(),
        source_legal_bases: SourceId::ALL
            .into_iter()
            .filter(|s| s.requires_legal_basis())
            .map(|s| (s, "lagrum".to_owned()))
            .collect(),
        entitled_information_types: vec![],
        status: underlag_registry::ConnectionStatus::Active,
        data_processors: vec![],
        syfte_mappings: Vec::new(),
    }
}

/// The binding as the tests run it: the default policy on a fixed day, with query-time
/// registration opted into (as the demo does), so a query on a fresh case id registers it;
/// the binding's own tests turn it off where they test the default.
pub(super) fn binding() -> BindingConfig {
    BindingConfig {
        today: || date(2026, 11, 22),
        auto_register_first_query: true,
        ..BindingConfig::default()
    }
}

pub(super) fn orchestrator(
    scripts: &[(SourceId, Script)],
    audit: Arc<MemoryAudit>,
) -> (Orchestrator, Vec<Arc<Scripted>>) {
    let registry = Arc::new(MemoryRegistry::new());
    registry.put_connection(connection());
    orchestrator_with(scripts, audit, registry)
}

/// An orchestrator over scripted adapters and the given registry.
pub(super) fn orchestrator_with(
    scripts: &[(SourceId, Script)],
    audit: Arc<MemoryAudit>,
    registry: Arc<MemoryRegistry>,
) -> (Orchestrator, Vec<Arc<Scripted>>) {
    let adapters: Vec<Arc<Scripted>> = scripts
        .iter()
        .map(|&(id, script)| {
            Arc::new(Scripted {
                id,
                script,
                calls: AtomicU32::new(0),
                requests: Mutex::new(Vec::new()),
            })
        })
        .collect();
    let config = OrchestratorConfig {
        deadline: Duration::from_secs(2),
        source_timeout: Duration::from_millis(1500),
        breaker: BreakerConfig {
            failure_threshold: 2,
            open_for: Duration::from_secs(30),
        },
        ..OrchestratorConfig::default()
    };
    let dyn_adapters = adapters
        .iter()
        .map(|a| a.clone() as Arc<dyn SourceAdapter>)
        .collect();
    let o = Orchestrator::new(dyn_adapters, audit, config).with_registry(registry, binding());
    (o, adapters)
}

pub(super) fn all_ok_except(id: SourceId, script: Script) -> Vec<(SourceId, Script)> {
    SourceId::ALL
        .into_iter()
        .map(|s| (s, if s == id { script } else { Script::Ok }))
        .collect()
}

pub(super) fn query(sources: &[SourceId]) -> CompositeQuery {
    let today = date(2026, 11, 22);
    CompositeQuery {
        query_id: "q-1".into(),
        attribution: Attribution {
            organisation: Organisationsnummer::parse("2120000142").unwrap(),
            organisation_name: "Exempelkommun".into(),
            case_worker: "hl001".into(),
            case_id: "EB-2026-1".into(),
            purpose: "Utredning av rätt till ekonomiskt bistånd".into(),
            legal_basis: "SoL 11 kap. 11 a §".into(),
            data_processors: vec![],
            correlation_id: None,
        },
        person: Personnummer::parse("199001012385", today).unwrap(),
        period: Period::new(date(2026, 1, 1), date(2026, 10, 31)).unwrap(),
        sources: sources.iter().copied().collect(),
        source_periods: BTreeMap::new(),
        lefi_request: None,
        channel: Channel::Rest,
        caller: None,
    }
}

mod fan_out;
mod periods;
mod protection_and_audit;
mod retry_and_breaker;
